//! The admins' matching: the cohort as the score sees it, one-to-one
//! matches and drafts, "Suggest matches" (an assignment problem, see
//! `mentors::matching`), the preview and publishing. Nothing is emailed
//! before publishing; publishing empties the preview (the pairs it
//! skipped are in its outcome), so publishing twice creates nothing twice.

use super::{
    mentorships::MentorshipQueries,
    requests::{ProgramLinks, RequestQueries},
    roster::{mentee_profile, mentor_profile, AnswerRow, Person, RosterQueries, Who},
};
use crate::{
    db::{
        schema::{match_proposals, mentorship_requests},
        Db,
    },
    email::store::OutboxQueries,
    error::AppError,
    mentors::{
        emails,
        matching::{
            score, solve, MenteeProfile, MentorProfile, MentorSlots, Problem, UnmatchedReason,
        },
        ManualMatchPage, MatchQuestion, MatchingPage, MatchingSettings, MentorPlaces,
        MentorshipOrigin, PreviewSummary, ProposalView, PublishOutcome, RankedMentor,
        RequestStatus, UnmatchedMentee,
    },
    programs::{Program, Role},
    run_query, write_transaction,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::collections::{BTreeMap, BTreeSet};

/// Everything matching reads about one program, in a fixed number of queries.
pub(crate) struct Cohort {
    pub(crate) settings: MatchingSettings,
    pub(crate) questions: Vec<MatchQuestion>,
    pub(crate) mentors: Vec<Person>,
    pub(crate) mentees: Vec<Person>,
    /// Mentors' and mentees' answers.
    pub(crate) answers: Vec<AnswerRow>,
    pub(crate) mentor_profiles: Vec<MentorProfile>,
    pub(crate) mentee_profiles: Vec<MenteeProfile>,
    pub(crate) excluded: Vec<(i64, i64)>,
    /// (mentee, mentor, pinned)
    pub(crate) proposals: Vec<(i64, i64, bool)>,
    /// Pending requests sent, by mentee.
    pub(crate) requests_sent: BTreeMap<i64, i64>,
}

impl Cohort {
    fn mentor(&self, id: i64) -> Option<&Person> {
        self.mentors.iter().find(|p| p.user_id == id)
    }

    fn mentee(&self, id: i64) -> Option<&Person> {
        self.mentees.iter().find(|p| p.user_id == id)
    }

    fn free_places(&self, mentor: &Person) -> i32 {
        mentor.places(self.settings.default_capacity).free()
    }

    fn is_excluded(&self, mentee: i64, mentor: i64) -> bool {
        self.excluded.contains(&(mentee, mentor))
    }

    fn unmatched_mentee(&self, person: &Person) -> UnmatchedMentee {
        let favorites = self
            .mentee_profiles
            .iter()
            .find(|m| m.user_id == person.user_id)
            .map(|m| {
                m.favorites
                    .iter()
                    .filter_map(|id| self.mentor(*id).map(|p| p.name.clone()))
                    .collect()
            })
            .unwrap_or_default();
        UnmatchedMentee {
            user_id: person.user_id,
            name: person.name.clone(),
            email: person.email.clone(),
            answers: self
                .answers
                .iter()
                .filter(|a| a.0 == person.user_id)
                .map(|(_, _, prompt, value, _)| (prompt.clone(), value.replace('\n', ", ")))
                .collect(),
            favorites,
            requests_sent: self
                .requests_sent
                .get(&person.user_id)
                .copied()
                .unwrap_or(0),
        }
    }

    fn parts(&self, mentee: i64, mentor: i64) -> Option<crate::mentors::matching::ScoreParts> {
        let mentee = self.mentee_profiles.iter().find(|m| m.user_id == mentee)?;
        let mentor = self.mentor_profiles.iter().find(|m| m.user_id == mentor)?;
        Some(score(&self.settings.weights, mentee, mentor))
    }
}

pub(crate) trait CohortQueries {
    async fn cohort(&mut self, program_id: i64, now: NaiveDateTime) -> QueryResult<Cohort>;
}

crate::impl_for_both_backends!(CohortQueries {
    async fn cohort(&mut self, program_id: i64, now: NaiveDateTime) -> QueryResult<Cohort> {
        let (settings, questions) = self.matching_settings(program_id).await?;
        let (mentors, mentees): (Vec<Person>, Vec<Person>) = self
            .people(program_id, Who::Everyone)
            .await?
            .into_iter()
            .partition(|p| p.role == Role::Mentor);
        // Everyone's answers: each profile reads its own member's.
        let answers = self.answers(program_id, Who::Everyone).await?;
        let favorites = self.favorite_pairs(program_id, None).await?;
        let excluded = self.excluded_pairs(program_id).await?;
        let proposals: Vec<(i64, i64, bool)> = match_proposals::table
            .filter(match_proposals::program_id.eq(program_id))
            .order(match_proposals::mentee_id)
            .select((match_proposals::mentee_id, match_proposals::mentor_id, match_proposals::pinned))
            .load(self)
            .await?;
        let requests: Vec<(i64, i64)> = mentorship_requests::table
            .filter(mentorship_requests::program_id.eq(program_id))
            .filter(mentorship_requests::status.eq(RequestStatus::Pending))
            .group_by(mentorship_requests::mentee_id)
            .select((mentorship_requests::mentee_id, diesel::dsl::count_star()))
            .load(self)
            .await?;
        let mentor_profiles = mentors
            .iter()
            .map(|p| mentor_profile(p, &answers, &settings.weights, now))
            .collect();
        let mentee_profiles = mentees
            .iter()
            .map(|p| mentee_profile(p, &answers, &favorites, now))
            .collect();
        Ok(Cohort {
            settings,
            questions,
            mentors,
            mentees,
            answers,
            mentor_profiles,
            mentee_profiles,
            excluded,
            proposals,
            requests_sent: requests.into_iter().collect(),
        })
    }
});

fn reason_text(reason: &UnmatchedReason) -> &'static str {
    match reason {
        UnmatchedReason::NoMentorWithPlaces => "No mentor has a free place.",
        UnmatchedReason::OnlyExcludedMentors => {
            "The mentors with free places are all excluded for this mentee."
        }
        UnmatchedReason::PlacesTakenByBetterPairs => {
            "The places left went to pairs with higher scores."
        }
    }
}

/// The matching page: settings, unmatched mentees, mentors with places,
/// the current proposals with their scores, runner-ups and problems.
pub async fn matching_page(
    db: &Db,
    program: &Program,
    now: NaiveDateTime,
) -> Result<MatchingPage, AppError> {
    let program_id = program.id;
    let (cohort, mentorships) = run_query!(db, |conn| {
        let cohort = conn.cohort(program_id, now).await?;
        let mentorships = conn
            .mentorships_where(Some(program_id), None, false)
            .await?;
        Ok::<_, AppError>((cohort, mentorships))
    })?;
    let waiting: Vec<&Person> = cohort.mentees.iter().filter(|p| p.active == 0).collect();
    let mut proposed_per_mentor: BTreeMap<i64, i64> = BTreeMap::new();
    let mut proposals = Vec::new();
    for (mentee_id, mentor_id, pinned) in &cohort.proposals {
        let (Some(mentee), Some(mentor)) = (cohort.mentee(*mentee_id), cohort.mentor(*mentor_id))
        else {
            continue;
        };
        let used = proposed_per_mentor.entry(*mentor_id).or_default();
        *used += 1;
        let problem = if mentee.active > 0 {
            Some("The mentee has a mentor now.".to_owned())
        } else if i64::from(cohort.free_places(mentor)) < *used {
            Some(format!(
                "{} has no free place left for this pair.",
                mentor.name
            ))
        } else if cohort.is_excluded(*mentee_id, *mentor_id) {
            Some("This pair ended before as not a good fit.".to_owned())
        } else {
            None
        };
        let parts = cohort.parts(*mentee_id, *mentor_id).unwrap_or_default();
        let runner_up = cohort
            .mentors
            .iter()
            .filter(|m| m.user_id != *mentor_id && !cohort.is_excluded(*mentee_id, m.user_id))
            .filter_map(|m| cohort.parts(*mentee_id, m.user_id).map(|p| (m, p.total())))
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.name.cmp(&a.0.name)))
            .map(|(m, total)| (m.name.clone(), total, parts.total() - total));
        proposals.push(ProposalView {
            mentee_id: *mentee_id,
            mentee_name: mentee.name.clone(),
            mentor_id: *mentor_id,
            mentor_name: mentor.name.clone(),
            pinned: *pinned,
            parts,
            runner_up,
            problem,
        });
    }
    proposals.sort_by(|a, b| {
        a.mentee_name
            .cmp(&b.mentee_name)
            .then(a.mentee_id.cmp(&b.mentee_id))
    });
    let proposed: BTreeSet<i64> = proposals.iter().map(|p| p.mentee_id).collect();
    let left_out: Vec<(String, String)> = if proposals.is_empty() {
        Vec::new()
    } else {
        waiting
            .iter()
            .filter(|p| !proposed.contains(&p.user_id))
            .map(|p| {
                let allowed_with_room = cohort.mentors.iter().any(|m| {
                    !cohort.is_excluded(p.user_id, m.user_id)
                        && i64::from(cohort.free_places(m))
                            > proposed_per_mentor.get(&m.user_id).copied().unwrap_or(0)
                });
                let any_room = cohort.mentors.iter().any(|m| cohort.free_places(m) > 0);
                let reason = if !any_room {
                    UnmatchedReason::NoMentorWithPlaces
                } else if !allowed_with_room
                    && cohort
                        .mentors
                        .iter()
                        .filter(|m| cohort.free_places(m) > 0)
                        .all(|m| cohort.is_excluded(p.user_id, m.user_id))
                {
                    UnmatchedReason::OnlyExcludedMentors
                } else {
                    UnmatchedReason::PlacesTakenByBetterPairs
                };
                (p.name.clone(), reason_text(&reason).to_owned())
            })
            .collect()
    };
    let totals: Vec<i32> = proposals.iter().map(|p| p.parts.total()).collect();
    let summary = PreviewSummary {
        mentees_waiting: waiting.len() as i64,
        proposed: proposals.len() as i64,
        lowest: totals.iter().min().copied(),
        mean_tenths: (!totals.is_empty())
            .then(|| totals.iter().map(|t| i64::from(*t)).sum::<i64>() * 10 / totals.len() as i64),
        places_used: cohort
            .mentors
            .iter()
            .filter_map(|m| {
                proposed_per_mentor
                    .get(&m.user_id)
                    .map(|used| (m.name.clone(), *used, cohort.free_places(m)))
            })
            .collect(),
    };
    Ok(MatchingPage {
        program_id,
        program_name: program.settings.name.clone(),
        program_path: program.path(),
        unmatched: waiting.iter().map(|p| cohort.unmatched_mentee(p)).collect(),
        mentors: cohort
            .mentors
            .iter()
            .map(|m| MentorPlaces {
                user_id: m.user_id,
                name: m.name.clone(),
                places: m.places(cohort.settings.default_capacity),
                capacity_override: m.capacity_override,
                capacity_note: m.capacity_note.clone(),
            })
            .collect(),
        settings: cohort.settings.clone(),
        questions: cohort.questions.clone(),
        proposals,
        left_out,
        summary,
        mentorships,
    })
}

/// One mentee: every mentor ranked by score, with capacity and favorites.
pub async fn manual_match_page(
    db: &Db,
    program: &Program,
    mentee_id: i64,
    now: NaiveDateTime,
) -> Result<ManualMatchPage, AppError> {
    let program_id = program.id;
    let (cohort, current) = run_query!(db, |conn| {
        let cohort = conn.cohort(program_id, now).await?;
        let current = conn.active_mentor_of(program_id, mentee_id).await?;
        Ok::<_, AppError>((cohort, current))
    })?;
    let mentee = cohort.mentee(mentee_id).ok_or(AppError::NotFound)?;
    let favorites: Vec<i64> = cohort
        .mentee_profiles
        .iter()
        .find(|m| m.user_id == mentee_id)
        .map(|m| m.favorites.clone())
        .unwrap_or_default();
    let mut ranked: Vec<RankedMentor> = cohort
        .mentors
        .iter()
        .map(|m| RankedMentor {
            user_id: m.user_id,
            name: m.name.clone(),
            parts: cohort.parts(mentee_id, m.user_id).unwrap_or_default(),
            places: m.places(cohort.settings.default_capacity),
            favorited: favorites.contains(&m.user_id),
            excluded: cohort
                .is_excluded(mentee_id, m.user_id)
                .then(|| "Ended before as not a good fit, or paired now.".to_owned()),
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.parts
            .total()
            .cmp(&a.parts.total())
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(ManualMatchPage {
        program_id,
        program_name: program.settings.name.clone(),
        program_path: program.path(),
        mentee: cohort.unmatched_mentee(mentee),
        current_mentor: current.and_then(|id| cohort.mentor(id).map(|m| m.name.clone())),
        draft_mentor: cohort
            .proposals
            .iter()
            .find(|(mentee, _, _)| *mentee == mentee_id)
            .map(|(_, mentor, _)| *mentor),
        ranked,
    })
}

/// Why `mentee` may not be matched with `mentor` now, if they may not.
fn refusal(cohort: &Cohort, mentee: i64, mentor: i64, taken: i32) -> Option<String> {
    let Some(mentee_person) = cohort.mentee(mentee) else {
        return Some("No longer a mentee of the program.".into());
    };
    let Some(mentor_person) = cohort.mentor(mentor) else {
        return Some("No longer a mentor of the program.".into());
    };
    if mentee_person.active > 0 {
        return Some(format!("{} has a mentor now.", mentee_person.name));
    }
    if cohort.is_excluded(mentee, mentor) {
        return Some("This pair ended before as not a good fit.".into());
    }
    let places = mentor_person.places(cohort.settings.default_capacity);
    if places.capacity - places.used - taken <= 0 {
        return Some(format!("{} has no free place left.", mentor_person.name));
    }
    None
}

/// Matches one mentee with one mentor now, and emails both.
pub async fn match_now(
    db: &Db,
    program_id: i64,
    mentee_id: i64,
    mentor_id: i64,
    admin_id: i64,
    links: &ProgramLinks,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        conn.lock_program(program_id).await?;
        let cohort = conn.cohort(program_id, now).await?;
        if cohort.mentee(mentee_id).is_none() || cohort.mentor(mentor_id).is_none() {
            return Err(AppError::NotFound);
        }
        if let Some(problem) = refusal(&cohort, mentee_id, mentor_id, 0) {
            return Err(AppError::Conflict(problem));
        }
        let hub = conn.hub_name().await?;
        conn.create_pairs(
            &cohort,
            &hub,
            links,
            program_id,
            &[(mentee_id, mentor_id)],
            MentorshipOrigin::Admin,
            admin_id,
            now,
        )
        .await?;
        diesel::delete(
            match_proposals::table
                .filter(match_proposals::program_id.eq(program_id))
                .filter(match_proposals::mentee_id.eq(mentee_id)),
        )
        .execute(conn)
        .await?;
        Ok(())
    })
}

/// Saves (or replaces) one mentee's pair as a pinned draft.
pub async fn save_draft(
    db: &Db,
    program_id: i64,
    mentee_id: i64,
    mentor_id: i64,
    admin_id: i64,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        let cohort = conn.cohort(program_id, now).await?;
        if cohort.mentee(mentee_id).is_none() || cohort.mentor(mentor_id).is_none() {
            return Err(AppError::NotFound);
        }
        if cohort.is_excluded(mentee_id, mentor_id) {
            return Err(AppError::Conflict(
                "This pair ended before as not a good fit.".into(),
            ));
        }
        diesel::delete(
            match_proposals::table
                .filter(match_proposals::program_id.eq(program_id))
                .filter(match_proposals::mentee_id.eq(mentee_id)),
        )
        .execute(conn)
        .await?;
        diesel::insert_into(match_proposals::table)
            .values((
                match_proposals::program_id.eq(program_id),
                match_proposals::mentee_id.eq(mentee_id),
                match_proposals::mentor_id.eq(mentor_id),
                match_proposals::pinned.eq(true),
                match_proposals::created_by.eq(admin_id),
                match_proposals::created_at.eq(now),
            ))
            .execute(conn)
            .await?;
        Ok(())
    })
}

/// Removes one mentee's proposal (`None`: every proposal).
pub async fn remove_proposal(
    db: &Db,
    program_id: i64,
    mentee_id: Option<i64>,
) -> Result<(), AppError> {
    run_query!(db, |conn| {
        let mut query = diesel::delete(match_proposals::table)
            .filter(match_proposals::program_id.eq(program_id))
            .into_boxed();
        if let Some(mentee_id) = mentee_id {
            query = query.filter(match_proposals::mentee_id.eq(mentee_id));
        }
        query.execute(conn).await
    })?;
    Ok(())
}

/// Pins or unpins a proposal: "Suggest matches" keeps pinned pairs.
pub async fn pin_proposal(
    db: &Db,
    program_id: i64,
    mentee_id: i64,
    pinned: bool,
) -> Result<(), AppError> {
    let changed = run_query!(db, |conn| {
        diesel::update(
            match_proposals::table
                .filter(match_proposals::program_id.eq(program_id))
                .filter(match_proposals::mentee_id.eq(mentee_id)),
        )
        .set(match_proposals::pinned.eq(pinned))
        .execute(conn)
        .await
    })?;
    if changed == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// "Suggest matches": keeps the pinned proposals, and proposes a mentor for
/// every other unmatched mentee at once, respecting places and the hard
/// rules, maximising the total score. Returns how many pairs it proposed.
pub async fn suggest_matches(
    db: &Db,
    program_id: i64,
    admin_id: i64,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    write_transaction!(db, |conn| {
        let cohort = conn.cohort(program_id, now).await?;
        let pinned: Vec<(i64, i64)> = cohort
            .proposals
            .iter()
            .filter(|(_, _, pinned)| *pinned)
            .map(|(mentee, mentor, _)| (*mentee, *mentor))
            .collect();
        let pinned_mentees: BTreeSet<i64> = pinned.iter().map(|(mentee, _)| *mentee).collect();
        let mentees: Vec<MenteeProfile> = cohort
            .mentee_profiles
            .iter()
            .filter(|m| {
                !pinned_mentees.contains(&m.user_id)
                    && cohort.mentee(m.user_id).is_some_and(|p| p.active == 0)
            })
            .cloned()
            .collect();
        let places: Vec<MentorSlots> = cohort
            .mentors
            .iter()
            .map(|m| {
                let held = pinned
                    .iter()
                    .filter(|(_, mentor)| *mentor == m.user_id)
                    .count() as i32;
                MentorSlots {
                    user_id: m.user_id,
                    places: (cohort.free_places(m) - held).max(0) as u32,
                }
            })
            .collect();
        let solution = solve(&Problem {
            weights: &cohort.settings.weights,
            mentees: &mentees,
            mentors: &cohort.mentor_profiles,
            places: &places,
            forbidden: &cohort.excluded,
        });
        diesel::delete(
            match_proposals::table
                .filter(match_proposals::program_id.eq(program_id))
                .filter(match_proposals::pinned.eq(false)),
        )
        .execute(conn)
        .await?;
        for proposal in &solution.proposals {
            diesel::insert_into(match_proposals::table)
                .values((
                    match_proposals::program_id.eq(program_id),
                    match_proposals::mentee_id.eq(proposal.mentee_id),
                    match_proposals::mentor_id.eq(proposal.mentor_id),
                    match_proposals::pinned.eq(false),
                    match_proposals::created_by.eq(admin_id),
                    match_proposals::created_at.eq(now),
                ))
                .execute(conn)
                .await?;
        }
        Ok(solution.proposals.len())
    })
}

/// Publishes the proposals: creates the mentorships in one transaction,
/// re-checking each pair, skips (and lists) the ones that became
/// impossible, closes the mentees' pending requests, and sends one email
/// per person.
pub async fn publish_matches(
    db: &Db,
    program_id: i64,
    admin_id: i64,
    links: &ProgramLinks,
    now: NaiveDateTime,
) -> Result<PublishOutcome, AppError> {
    write_transaction!(db, |conn| {
        conn.lock_program(program_id).await?;
        let cohort = conn.cohort(program_id, now).await?;
        let mut taken: BTreeMap<i64, i32> = BTreeMap::new();
        let mut pairs = Vec::new();
        let mut outcome = PublishOutcome::default();
        for (mentee, mentor, _) in &cohort.proposals {
            let held = taken.get(mentor).copied().unwrap_or(0);
            match refusal(&cohort, *mentee, *mentor, held) {
                Some(problem) => {
                    let name = |p: Option<&Person>| p.map(|p| p.name.clone()).unwrap_or_default();
                    outcome.skipped.push((
                        name(cohort.mentee(*mentee)),
                        name(cohort.mentor(*mentor)),
                        problem,
                    ));
                }
                None => {
                    *taken.entry(*mentor).or_default() += 1;
                    pairs.push((*mentee, *mentor));
                }
            }
        }
        let hub = conn.hub_name().await?;
        conn.create_pairs(
            &cohort,
            &hub,
            links,
            program_id,
            &pairs,
            MentorshipOrigin::Cohort,
            admin_id,
            now,
        )
        .await?;
        diesel::delete(match_proposals::table.filter(match_proposals::program_id.eq(program_id)))
            .execute(conn)
            .await?;
        outcome.created = pairs.len() as i64;
        Ok(outcome)
    })
}

trait CreateAndEmail {
    #[allow(clippy::too_many_arguments)]
    async fn create_pairs(
        &mut self,
        cohort: &Cohort,
        hub: &str,
        links: &ProgramLinks,
        program_id: i64,
        pairs: &[(i64, i64)],
        origin: MentorshipOrigin,
        admin_id: i64,
        now: NaiveDateTime,
    ) -> QueryResult<()>;
}

crate::impl_for_both_backends!(CreateAndEmail {
    async fn create_pairs(&mut self, cohort: &Cohort, hub: &str, links: &ProgramLinks, program_id: i64, pairs: &[(i64, i64)], origin: MentorshipOrigin, admin_id: i64, now: NaiveDateTime) -> QueryResult<()> {
        let mut mentees_of: BTreeMap<i64, Vec<(String, String)>> = BTreeMap::new();
        for (mentee, mentor) in pairs {
            self.create_mentorship(program_id, *mentor, *mentee, origin, Some(admin_id), None, now).await?;
            let (Some(mentee_person), Some(mentor_person)) = (cohort.mentee(*mentee), cohort.mentor(*mentor)) else {
                continue;
            };
            mentees_of.entry(*mentor).or_default().push((mentee_person.name.clone(), mentee_person.email.clone()));
            self.enqueue(&emails::matched(hub, (&mentee_person.email, &mentee_person.name), &links.name, "mentor", &[(mentor_person.name.clone(), mentor_person.email.clone())], &links.home)).await?;
            // Their pending requests are withdrawn: they have a mentor now.
            self.withdraw_for_match(program_id, *mentee, &mentee_person.name, hub, &links.name, now)
                .await?;
        }
        for (mentor, mentees) in mentees_of {
            if let Some(person) = cohort.mentor(mentor) {
                let role = if mentees.len() == 1 { "mentee" } else { "mentees" };
                self.enqueue(&emails::matched(hub, (&person.email, &person.name), &links.name, role, &mentees, &links.home)).await?;
            }
        }
        Ok(())
    }
});
