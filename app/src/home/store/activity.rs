//! The member's mentoring, events and followed threads.

use super::Belonging;
use crate::{
    db::{
        schema::{
            discussion_follows, discussion_posts, discussion_spaces, discussion_threads,
            event_registrations, events, mentorship_requests, mentorships, programs, users,
        },
        Db,
    },
    discussion::{PostKind, PostState},
    error::AppError,
    events::{store::EventRow, times, Audience, EventState, RegistrationStatus},
    home::{FollowedThread, HomeEvent, Partner, WaitingRequest, BLOCK_ROWS, NEW_ANSWER_DAYS},
    mentors::{MentorshipStatus, RequestStatus},
    programs::{program_path, Role},
    run_query,
};
use chrono::{Duration, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use diesel::{
    dsl::{count_star, exists, max, not},
    prelude::*,
};
use diesel_async::RunQueryDsl;
use std::collections::BTreeMap;

fn day(at: NaiveDateTime, zone: Tz) -> String {
    zone.from_utc_datetime(&at).format("%-d %B %Y").to_string()
}

/// The member's active mentorships (the partner's side) and the requests
/// waiting for their answer as a mentor: (partners, requests, how many
/// requests wait in all). Four queries.
pub async fn mentoring(
    db: &Db,
    user_id: i64,
    zone: Tz,
) -> Result<(Vec<Partner>, Vec<WaitingRequest>, i64), AppError> {
    type Pair = (i64, i64, NaiveDateTime, String, String);
    type Waiting = (i64, NaiveDateTime, String, String);
    let (pairs, waiting, total, names) = run_query!(db, |conn| {
        let pairs: Vec<Pair> = mentorships::table
            .inner_join(programs::table)
            .filter(mentorships::status.eq(MentorshipStatus::Active))
            .filter(
                mentorships::mentor_id
                    .eq(user_id)
                    .or(mentorships::mentee_id.eq(user_id)),
            )
            .order((mentorships::started_at.desc(), mentorships::id.desc()))
            .limit(BLOCK_ROWS as i64)
            .select((
                mentorships::mentor_id,
                mentorships::mentee_id,
                mentorships::started_at,
                programs::name,
                programs::slug,
            ))
            .load(conn)
            .await?;
        let waiting_here = mentorship_requests::table
            .filter(mentorship_requests::mentor_id.eq(user_id))
            .filter(mentorship_requests::status.eq(RequestStatus::Pending));
        let waiting: Vec<Waiting> = waiting_here
            .inner_join(programs::table)
            .order((
                mentorship_requests::expires_at.asc(),
                mentorship_requests::id.asc(),
            ))
            .limit(BLOCK_ROWS as i64)
            .select((
                mentorship_requests::mentee_id,
                mentorship_requests::expires_at,
                programs::name,
                programs::slug,
            ))
            .load(conn)
            .await?;
        let total: i64 = waiting_here.count().get_result(conn).await?;
        let ids: Vec<i64> = pairs
            .iter()
            .flat_map(|(mentor, mentee, ..)| [*mentor, *mentee])
            .chain(waiting.iter().map(|(mentee, ..)| *mentee))
            .filter(|id| *id != user_id)
            .collect();
        let names: Vec<(i64, String)> = users::table
            .filter(users::id.eq_any(ids))
            .select((users::id, users::name))
            .load(conn)
            .await?;
        Ok::<_, AppError>((pairs, waiting, total, names))
    })?;
    let names: BTreeMap<i64, String> = names.into_iter().collect();
    let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
    let partners = pairs
        .into_iter()
        .map(|(mentor, mentee, started, program_name, slug)| {
            let is_mentor = mentee == user_id;
            let other = if is_mentor { mentor } else { mentee };
            Partner {
                user_id: other,
                name: name(other),
                is_mentor,
                program_name,
                path: format!("{}/mentors", program_path(&slug)),
                since: day(started, zone),
            }
        })
        .collect();
    let requests = waiting
        .into_iter()
        .map(|(mentee, expires, program_name, slug)| WaitingRequest {
            mentee_id: mentee,
            mentee_name: name(mentee),
            program_name,
            path: format!("{}/requests", program_path(&slug)),
            expires: day(expires, zone),
        })
        .collect();
    Ok((partners, requests, total))
}

fn event_path(slug: &Option<String>, id: i64) -> String {
    match slug {
        Some(slug) => format!("{}/events/{id}", program_path(slug)),
        None => format!("/events/{id}"),
    }
}

/// The coming events the member registered (or waits) for, soonest
/// first, with those cancelled in the last week; and the next events
/// open to them they have not registered for: the hub's, and those of
/// the programs they are in, for their role. Two queries.
pub async fn home_events(
    db: &Db,
    who: &Belonging,
    hub: &str,
    profile_zone: &str,
    now: NaiveDateTime,
) -> Result<(Vec<HomeEvent>, Vec<HomeEvent>), AppError> {
    type Row = (EventRow, Option<String>, Option<String>);
    let user_id = who.user_id;
    let recent_cancel = now - Duration::days(7);
    let (mentor_of, mentee_of) = (who.approved_as(Role::Mentor), who.approved_as(Role::Mentee));
    let hub_audiences: Vec<Audience> = if who.hub_admin {
        Audience::ALL.to_vec()
    } else {
        vec![Audience::Everyone]
    };
    let (mine, next) = run_query!(db, |conn| {
        let mine: Vec<(EventRow, Option<String>, Option<String>, RegistrationStatus)> =
            event_registrations::table
                .inner_join(events::table.left_join(programs::table))
                .filter(event_registrations::user_id.eq(user_id))
                .filter(event_registrations::status.eq_any([
                    RegistrationStatus::Registered,
                    RegistrationStatus::Waitlisted,
                ]))
                .filter(events::ends_at.gt(now))
                .filter(
                    events::state
                        .eq(EventState::Scheduled)
                        .or(events::cancelled_at.gt(recent_cancel)),
                )
                .order((events::starts_at.asc(), events::id.asc()))
                // Some may be in programs the member has left since.
                .limit(4 * BLOCK_ROWS as i64)
                .select((
                    EventRow::as_select(),
                    programs::slug.nullable(),
                    programs::name.nullable(),
                    event_registrations::status,
                ))
                .load(conn)
                .await?;
        // Open to them: the hub's (everyone's, or all of them for a hub
        // admin), their programs' for their role, every event of the
        // programs they admin.
        let hub_events = events::program_id
            .is_null()
            .and(events::audience.eq_any(hub_audiences.clone()));
        let program = events::program_id.assume_not_null();
        let open_to_them = hub_events
            .or(program.eq_any(who.managed.clone()))
            .or(program
                .eq_any(mentor_of.clone())
                .and(events::audience.ne(Audience::Mentees)))
            .or(program
                .eq_any(mentee_of.clone())
                .and(events::audience.ne(Audience::Mentors)));
        let registered = event_registrations::table
            .filter(event_registrations::event_id.eq(events::id))
            .filter(event_registrations::user_id.eq(user_id))
            .filter(event_registrations::status.ne(RegistrationStatus::Cancelled));
        let next: Vec<Row> = events::table
            .left_join(programs::table)
            .filter(open_to_them)
            .filter(events::state.eq(EventState::Scheduled))
            .filter(events::starts_at.gt(now))
            .filter(events::registration_closes_at.gt(now))
            .filter(
                events::registration_opens_at
                    .is_null()
                    .or(events::registration_opens_at.le(now)),
            )
            .filter(not(exists(registered)))
            .order((events::starts_at.asc(), events::id.asc()))
            .limit(3)
            .select((
                EventRow::as_select(),
                programs::slug.nullable(),
                programs::name.nullable(),
            ))
            .load(conn)
            .await?;
        Ok::<_, AppError>((mine, next))
    })?;
    let home_event = |row: &EventRow, slug: &Option<String>, name: Option<String>| HomeEvent {
        title: row.title.clone(),
        path: event_path(slug, row.id),
        when: times::when(row, times::zone_of(profile_zone, row)),
        space: name.unwrap_or_else(|| hub.to_owned()),
        status: None,
        cancelled: row.state == EventState::Cancelled,
    };
    let mine = mine
        .into_iter()
        .filter(|(row, ..)| who.sees(row.program_id))
        .take(BLOCK_ROWS)
        .map(|(row, slug, name, status)| HomeEvent {
            status: Some(status),
            ..home_event(&row, &slug, name)
        })
        .collect();
    let next = next
        .into_iter()
        .map(|(row, slug, name)| home_event(&row, &slug, name))
        .collect();
    Ok((mine, next))
}

/// The threads the member follows that got answers from others since
/// they began to follow, in the last [`NEW_ANSWER_DAYS`] days, latest
/// first; threads of programs they no longer belong to are left out. Two
/// queries.
pub async fn followed_threads(
    db: &Db,
    who: &Belonging,
    hub: &str,
    zone: Tz,
    now: NaiveDateTime,
) -> Result<Vec<FollowedThread>, AppError> {
    let user_id = who.user_id;
    let since = now - Duration::days(NEW_ANSWER_DAYS);
    type Question = (i64, String, Option<i64>, Option<String>, Option<String>);
    let (news, questions) = run_query!(db, |conn| {
        let news: Vec<(i64, i64, Option<NaiveDateTime>)> = discussion_follows::table
            .inner_join(
                discussion_posts::table
                    .on(discussion_posts::thread_id.eq(discussion_follows::thread_id)),
            )
            .filter(discussion_follows::user_id.eq(user_id))
            .filter(discussion_posts::kind.eq(PostKind::Answer))
            .filter(discussion_posts::state.eq(PostState::Shown))
            .filter(discussion_posts::hidden.eq(false))
            .filter(discussion_posts::created_at.gt(since))
            .filter(discussion_posts::created_at.gt(discussion_follows::created_at))
            // Their own signed answers are no news to them.
            .filter(
                discussion_posts::author_id
                    .is_null()
                    .or(discussion_posts::author_id.ne(user_id)),
            )
            .group_by(discussion_posts::thread_id)
            .select((
                discussion_posts::thread_id,
                count_star(),
                max(discussion_posts::created_at),
            ))
            .order((
                max(discussion_posts::created_at).desc(),
                discussion_posts::thread_id.desc(),
            ))
            .limit(2 * BLOCK_ROWS as i64)
            .load(conn)
            .await?;
        let ids: Vec<i64> = news.iter().map(|(id, ..)| *id).collect();
        let questions: Vec<Question> = discussion_posts::table
            .inner_join(
                discussion_threads::table
                    .inner_join(discussion_spaces::table.left_join(programs::table)),
            )
            .filter(discussion_posts::thread_id.eq_any(ids))
            .filter(discussion_posts::kind.eq(PostKind::Question))
            .filter(discussion_posts::state.eq(PostState::Shown))
            .filter(discussion_threads::listed.eq(true))
            .select((
                discussion_posts::thread_id,
                discussion_posts::title,
                discussion_spaces::program_id,
                programs::slug.nullable(),
                programs::name.nullable(),
            ))
            .load(conn)
            .await?;
        Ok::<_, AppError>((news, questions))
    })?;
    let questions: BTreeMap<i64, Question> = questions.into_iter().map(|q| (q.0, q)).collect();
    Ok(news
        .into_iter()
        .filter_map(|(thread_id, count, latest)| {
            let (_, title, program_id, slug, name) = questions.get(&thread_id)?.clone();
            who.sees(program_id).then(|| FollowedThread {
                title,
                path: match &slug {
                    Some(slug) => format!("{}/discussion/{thread_id}", program_path(slug)),
                    None => format!("/discussion/{thread_id}"),
                },
                space: name.unwrap_or_else(|| hub.to_owned()),
                new_answers: count,
                latest: latest.map(|at| day(at, zone)).unwrap_or_default(),
            })
        })
        .take(BLOCK_ROWS)
        .collect())
}
