//! The Mentors tab: cards, filters and sorts, and the viewer's own
//! mentoring. Mentors of one program are read whole (a program has
//! hundreds at most) and filtered here, so the query count is the same
//! for 5 mentors and 500.

use super::{
    mentorships::MentorshipQueries,
    roster::{mentee_profile, mentor_profile, Person, RosterQueries, Who},
    time::{local_time, utc_offset},
};
use crate::{
    accounts::CurrentUser,
    db::{schema::users, Db},
    error::AppError,
    mentors::{
        matching::score, MentorCard, MentorFilters, MentorSettings, MentorSort, MentorsTab,
        MENTORS_PER_PAGE,
    },
    programs::{MatchingMode, Program, ProgramAccess, Role},
    run_query,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::collections::BTreeSet;

pub async fn mentors_tab(
    db: &Db,
    program: &Program,
    access: &ProgramAccess,
    viewer: &CurrentUser,
    filters: MentorFilters,
    now: NaiveDateTime,
) -> Result<MentorsTab, AppError> {
    mentors_tab_for(db, program, access, viewer, filters, None, now).await
}

/// The tab with only `mentor`'s card (whatever the filters), for the
/// request form; `NotFound` when they are not a mentor of the program.
pub async fn mentor_card(
    db: &Db,
    program: &Program,
    access: &ProgramAccess,
    viewer: &CurrentUser,
    mentor: i64,
    now: NaiveDateTime,
) -> Result<(MentorsTab, MentorCard), AppError> {
    let filters = MentorFilters {
        open_only: false,
        ..MentorFilters::default()
    };
    let mut tab = mentors_tab_for(db, program, access, viewer, filters, Some(mentor), now).await?;
    let card = tab.cards.pop().ok_or(AppError::NotFound)?;
    Ok((tab, card))
}

async fn mentors_tab_for(
    db: &Db,
    program: &Program,
    access: &ProgramAccess,
    viewer: &CurrentUser,
    filters: MentorFilters,
    only: Option<i64>,
    now: NaiveDateTime,
) -> Result<MentorsTab, AppError> {
    let role = access
        .is_member()
        .then(|| access.membership.as_ref().map(|m| m.role))
        .flatten();
    let program_id = program.id;
    let viewer_id = viewer.id;
    let (settings, mentors, answers, viewer_zone, me_mentee, (me, requested)) =
        run_query!(db, |conn| {
            let (settings, questions) = conn.matching_settings(program_id).await?;
            // The cards and the viewer, with everyone's answers (each
            // profile and card reads its own member's).
            let (mentors, others): (Vec<Person>, Vec<Person>) = conn
                .people(program_id, Who::MentorsAnd(viewer_id))
                .await?
                .into_iter()
                .partition(|p| p.role == Role::Mentor);
            let answers = conn.answers(program_id, Who::MentorsAnd(viewer_id)).await?;
            let me_mentee = match others.into_iter().next() {
                Some(person) if role == Some(Role::Mentee) => {
                    let favorites = conn.favorite_pairs(program_id, Some(viewer_id)).await?;
                    Some((person, favorites))
                }
                _ => None,
            };
            let (me, requested) = conn.my_mentoring(program_id, viewer_id, role).await?;
            // A member's time zone came with their roster row; only an admin
            // who is not a member needs it read.
            let known_zone = me_mentee
                .as_ref()
                .map(|(person, ..)| &person.time_zone)
                .or_else(|| {
                    mentors
                        .iter()
                        .find(|p| p.user_id == viewer_id)
                        .map(|p| &p.time_zone)
                })
                .cloned();
            let viewer_zone = match known_zone {
                Some(zone) => zone,
                None => {
                    users::table
                        .find(viewer_id)
                        .select(users::time_zone)
                        .first(conn)
                        .await?
                }
            };
            Ok::<_, AppError>((
                (settings, questions),
                mentors,
                answers,
                viewer_zone,
                me_mentee,
                (me, requested),
            ))
        })?;
    let ((settings, questions), mut me) = (settings, me);
    let browsing_hidden = role == Some(Role::Mentee)
        && settings.mode == MatchingMode::AdminMatch
        && !settings.mentees_browse;
    let viewer_offset = utc_offset(&viewer_zone, now);
    let card_questions: BTreeSet<i64> = questions
        .iter()
        .filter(|q| q.role == Role::Mentor && q.on_mentor_cards)
        .map(|q| q.id)
        .collect();
    let mentee = me_mentee
        .as_ref()
        .map(|(person, favorites)| mentee_profile(person, &answers, favorites, now));
    // Only a mentee's own requests mark cards as asked.
    let requested: &[i64] = if me_mentee.is_some() { &requested } else { &[] };
    // Favorites of mentors still in the program (one who left keeps the row).
    me.favorites = mentee
        .as_ref()
        .map(|m| {
            m.favorites
                .iter()
                .filter(|id| mentors.iter().any(|p| p.user_id == **id))
                .count() as i64
        })
        .unwrap_or(0);
    if role == Some(Role::Mentor) {
        if let Some(person) = mentors.iter().find(|p| p.user_id == viewer_id) {
            me.settings = Some(mentor_settings(
                person,
                settings.default_capacity,
                settings.max_capacity,
            ));
        }
    }
    if role == Some(Role::Mentee) && settings.mode == MatchingMode::MenteeRequests {
        me.request_refusal = if !me.mentorships.is_empty() {
            Some("You already have a mentor in this program.".into())
        } else if me.pending_sent >= i64::from(settings.max_pending_requests) {
            Some(format!(
                "You have {} requests waiting for an answer, the most this program allows. \
                 Withdraw one to ask another mentor.",
                me.pending_sent
            ))
        } else {
            None
        };
    }

    let mut expertise_options = BTreeSet::new();
    let mut language_options = BTreeSet::new();
    let mut cards: Vec<MentorCard> = Vec::new();
    if !browsing_hidden {
        for person in mentors
            .iter()
            .filter(|p| only.is_none_or(|id| id == p.user_id))
        {
            expertise_options.extend(person.expertise.iter().cloned());
            language_options.extend(person.languages.iter().cloned());
            let card = card(
                person,
                &answers,
                &card_questions,
                settings.default_capacity,
                viewer_offset,
                mentee.as_ref().map(|m| {
                    score(
                        &settings.weights,
                        m,
                        &mentor_profile(person, &answers, &settings.weights, now),
                    )
                }),
                mentee
                    .as_ref()
                    .is_some_and(|m| m.favorites.contains(&person.user_id)),
                requested.contains(&person.user_id),
                now,
            );
            if matches(&card, &filters) {
                cards.push(card);
            }
        }
    }
    match filters.sort {
        MentorSort::BestMatch => cards.sort_by(|a, b| {
            let total = |c: &MentorCard| c.score.as_ref().map(|s| s.total()).unwrap_or(0);
            total(b).cmp(&total(a)).then_with(|| a.name.cmp(&b.name))
        }),
        MentorSort::MostPlaces => cards.sort_by(|a, b| {
            b.places
                .free()
                .cmp(&a.places.free())
                .then_with(|| a.name.cmp(&b.name))
        }),
        MentorSort::Newest => cards.sort_by(|a, b| {
            b.joined_at
                .cmp(&a.joined_at)
                .then_with(|| a.user_id.cmp(&b.user_id))
        }),
    }
    let total = cards.len() as i64;
    let (page, offset) = crate::ui::clamp_page(filters.page, total, MENTORS_PER_PAGE);
    let cards: Vec<MentorCard> = cards
        .into_iter()
        .skip(offset as usize)
        .take(MENTORS_PER_PAGE as usize)
        .collect();
    Ok(MentorsTab {
        program_id,
        program_name: program.settings.name.clone(),
        program_path: program.path(),
        mode: settings.mode,
        can_manage: access.can_manage(),
        browsing_hidden,
        cards,
        total,
        page,
        per_page: MENTORS_PER_PAGE,
        filters: MentorFilters { page, ..filters },
        expertise_options: expertise_options.into_iter().collect(),
        language_options: language_options.into_iter().collect(),
        me,
    })
}

pub(crate) fn mentor_settings(person: &Person, default: i32, max: i32) -> MentorSettings {
    MentorSettings {
        own_capacity: person.own_capacity,
        default_capacity: default,
        max_capacity: max,
        capacity_override: person.capacity_override,
        capacity_note: person.capacity_note.clone(),
        places: person.places(default),
    }
}

#[allow(clippy::too_many_arguments)]
fn card(
    person: &Person,
    answers: &[super::roster::AnswerRow],
    card_questions: &BTreeSet<i64>,
    default_capacity: i32,
    viewer_offset: Option<i32>,
    score: Option<crate::mentors::matching::ScoreParts>,
    favorite: bool,
    requested: bool,
    now: NaiveDateTime,
) -> MentorCard {
    let offset = utc_offset(&person.time_zone, now);
    MentorCard {
        user_id: person.user_id,
        name: person.name.clone(),
        headline: person.headline.clone(),
        expertise: person.expertise.clone(),
        languages: person.languages.clone(),
        time_zone: person.time_zone.clone(),
        local_time: local_time(&person.time_zone, now),
        offset_from_viewer: offset
            .zip(viewer_offset)
            .map(|(theirs, mine)| theirs - mine),
        places: person.places(default_capacity),
        card_answers: answers
            .iter()
            .filter(|a| a.0 == person.user_id && card_questions.contains(&a.1))
            .map(|(_, _, prompt, value, _)| (prompt.clone(), value.replace('\n', ", ")))
            .collect(),
        favorite,
        requested,
        score,
        joined_at: person.joined_at,
    }
}

fn matches(card: &MentorCard, filters: &MentorFilters) -> bool {
    let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
    if filters.open_only && !card.places.has_room() {
        return false;
    }
    if filters.favorites_only && !card.favorite {
        return false;
    }
    if !filters.expertise.is_empty() && !card.expertise.iter().any(|t| same(t, &filters.expertise))
    {
        return false;
    }
    if !filters.language.is_empty() && !card.languages.iter().any(|l| same(l, &filters.language)) {
        return false;
    }
    if let Some(hours) = filters.within_hours {
        match card.offset_from_viewer {
            Some(offset) if offset.abs() <= hours * 60 => {}
            _ => return false,
        }
    }
    let search = filters.search.trim().to_lowercase();
    if !search.is_empty() {
        let found = card.name.to_lowercase().contains(&search)
            || card.headline.to_lowercase().contains(&search)
            || card
                .expertise
                .iter()
                .any(|t| t.to_lowercase().contains(&search));
        if !found {
            return false;
        }
    }
    true
}
