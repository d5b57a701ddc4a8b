//! What every mentors query starts from: the program's matching settings,
//! its approved mentors and mentees with what the score reads, their
//! answers, favorites and active mentorships. A fixed number of queries,
//! however many members (the Mentors tab's query count does not grow with
//! the program).

use crate::{
    db::schema::{
        application_answers, favorites, memberships, mentorships, programs, registration_questions,
        user_tags, users,
    },
    mentors::{
        matching::{MatchWeights, MenteeProfile, MentorProfile, QuestionWeight},
        MatchQuestion, MatchingSettings, MentorshipStatus, Places,
    },
    programs::{answer_values, MatchingMode, MembershipStatus, QuestionKind, Role},
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::collections::{BTreeMap, BTreeSet};

/// An approved member of the program as mentoring sees them.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub(crate) user_id: i64,
    pub(crate) role: Role,
    pub(crate) name: String,
    pub(crate) email: String,
    pub(crate) headline: String,
    pub(crate) time_zone: String,
    pub(crate) languages: Vec<String>,
    pub(crate) expertise: Vec<String>,
    pub(crate) joined_at: NaiveDateTime,
    pub(crate) own_capacity: Option<i32>,
    pub(crate) taking_mentees: bool,
    pub(crate) capacity_override: Option<i32>,
    pub(crate) capacity_note: String,
    /// Active mentorships: as mentor, the mentees; as mentee, 0 or 1.
    pub(crate) active: i32,
}

impl Person {
    pub(crate) fn places(&self, default_capacity: i32) -> Places {
        Places {
            capacity: self
                .capacity_override
                .or(self.own_capacity)
                .unwrap_or(default_capacity),
            used: self.active,
            paused: !self.taking_mentees,
        }
    }
}

/// An answer given when joining: (user, question, prompt, value, kind).
pub(crate) type AnswerRow = (i64, i64, String, String, QuestionKind);

/// Which approved members a roster query reads. A page asks once for
/// everyone it shows (the matching page both roles, the Mentors tab the
/// mentors and the viewer), not once per role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Who {
    /// One member, in that role.
    One(Role, i64),
    /// Mentors and mentees.
    Everyone,
    /// The mentors, and one member whatever their role (the viewer).
    MentorsAnd(i64),
}

/// Narrows a boxed query over `memberships` to the approved members `who`
/// names (one filter for the people, their tags and their answers).
macro_rules! approved_members {
    ($query:expr, $program_id:expr, $who:expr) => {{
        let query = $query
            .filter(memberships::program_id.eq($program_id))
            .filter(memberships::status.eq(MembershipStatus::Approved));
        match $who {
            Who::One(role, user_id) => query
                .filter(memberships::role.eq(role))
                .filter(memberships::user_id.eq(user_id)),
            Who::Everyone => query,
            Who::MentorsAnd(user_id) => query.filter(
                memberships::role
                    .eq(Role::Mentor)
                    .or(memberships::user_id.eq(user_id)),
            ),
        }
    }};
}

pub(crate) trait RosterQueries {
    async fn matching_settings(
        &mut self,
        program_id: i64,
    ) -> QueryResult<(MatchingSettings, Vec<MatchQuestion>)>;
    /// The approved members `who` names, by name (three queries).
    async fn people(&mut self, program_id: i64, who: Who) -> QueryResult<Vec<Person>>;
    /// Their answers to live questions.
    async fn answers(&mut self, program_id: i64, who: Who) -> QueryResult<Vec<AnswerRow>>;
    /// (mentee, mentor) favorites; `only` narrows to one mentee.
    async fn favorite_pairs(
        &mut self,
        program_id: i64,
        only: Option<i64>,
    ) -> QueryResult<Vec<(i64, i64)>>;
    /// (mentee, mentor) pairs that may not be matched again: ended as
    /// "not a good fit", or active now.
    async fn excluded_pairs(&mut self, program_id: i64) -> QueryResult<Vec<(i64, i64)>>;
}

type PersonRow = (
    i64,
    Role,
    String,
    String,
    String,
    String,
    String,
    Option<NaiveDateTime>,
    NaiveDateTime,
    Option<i32>,
    bool,
    Option<i32>,
    String,
);

crate::impl_for_both_backends!(RosterQueries {
    async fn matching_settings(&mut self, program_id: i64) -> QueryResult<(MatchingSettings, Vec<MatchQuestion>)> {
        let row: (MatchingMode, i32, i32, i32, i32, bool, i32, i32, i32, i32) = programs::table
            .find(program_id)
            .select((
                programs::matching_mode,
                programs::default_mentor_capacity,
                programs::max_mentor_capacity,
                programs::max_pending_requests,
                programs::request_expiry_days,
                programs::mentees_browse,
                programs::weight_favorite,
                programs::weight_expertise,
                programs::weight_language,
                programs::weight_time_zone,
            ))
            .first(self)
            .await?;
        let questions: Vec<(i64, Role, String, i32, bool)> = registration_questions::table
            .filter(registration_questions::program_id.eq(program_id))
            .filter(registration_questions::deleted_at.is_null())
            .order((registration_questions::role.desc(), registration_questions::position))
            .select((
                registration_questions::id,
                registration_questions::role,
                registration_questions::prompt,
                registration_questions::match_weight,
                registration_questions::on_mentor_cards,
            ))
            .load(self)
            .await?;
        let questions: Vec<MatchQuestion> = questions
            .into_iter()
            .map(|(id, role, prompt, weight, on_mentor_cards)| MatchQuestion { id, role, prompt, weight, on_mentor_cards })
            .collect();
        let settings = MatchingSettings {
            mode: row.0,
            default_capacity: row.1,
            max_capacity: row.2,
            max_pending_requests: row.3,
            request_expiry_days: row.4,
            mentees_browse: row.5,
            weights: MatchWeights {
                favorite: row.6,
                profile_expertise: row.7,
                language: row.8,
                time_zone: row.9,
                questions: questions
                    .iter()
                    .filter(|q| q.weight > 0)
                    .map(|q| QuestionWeight { question_id: q.id, weight: q.weight })
                    .collect(),
            },
        };
        Ok((settings, questions))
    }

    async fn people(&mut self, program_id: i64, who: Who) -> QueryResult<Vec<Person>> {
        let rows: Vec<PersonRow> = approved_members!(
            memberships::table.inner_join(users::table).into_boxed(),
            program_id,
            who
        )
        .filter(users::deactivated_at.is_null())
        .order((users::name, users::id))
        .select((
            users::id,
            memberships::role,
            users::name,
            users::email,
            users::headline,
            users::time_zone,
            users::languages,
            memberships::joined_at,
            memberships::applied_at,
            memberships::mentor_capacity,
            memberships::taking_mentees,
            memberships::capacity_override,
            memberships::capacity_note,
        ))
        .load(self)
        .await?;
        let tags: Vec<(i64, String)> = approved_members!(
            user_tags::table
                .inner_join(memberships::table.on(memberships::user_id.eq(user_tags::user_id)))
                .into_boxed(),
            program_id,
            who
        )
        .order((user_tags::user_id, user_tags::tag_key))
        .select((user_tags::user_id, user_tags::tag))
        .load(self)
        .await?;
        // (mentor, mentee) of the program's active mentorships: a mentor's
        // count is their mentees, a mentee's their mentor (0 or 1).
        let mut active_query = mentorships::table
            .filter(mentorships::program_id.eq(program_id))
            .filter(mentorships::status.eq(MentorshipStatus::Active))
            .select((mentorships::mentor_id, mentorships::mentee_id))
            .into_boxed();
        if let Who::One(_, user_id) = who {
            active_query = active_query.filter(
                mentorships::mentor_id
                    .eq(user_id)
                    .or(mentorships::mentee_id.eq(user_id)),
            );
        }
        let active: Vec<(i64, i64)> = active_query.load(self).await?;
        let mut active_by_mentor: BTreeMap<i64, i32> = BTreeMap::new();
        let mut active_by_mentee: BTreeMap<i64, i32> = BTreeMap::new();
        for (mentor, mentee) in active {
            *active_by_mentor.entry(mentor).or_default() += 1;
            *active_by_mentee.entry(mentee).or_default() += 1;
        }
        let mut tags_by_user: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        for (user_id, tag) in tags {
            tags_by_user.entry(user_id).or_default().push(tag);
        }
        Ok(rows
            .into_iter()
            .map(|row| Person {
                user_id: row.0,
                role: row.1,
                name: row.2,
                email: row.3,
                headline: row.4,
                time_zone: row.5,
                languages: crate::accounts::store::split_list(&row.6),
                expertise: tags_by_user.remove(&row.0).unwrap_or_default(),
                joined_at: row.7.unwrap_or(row.8),
                own_capacity: row.9,
                taking_mentees: row.10,
                capacity_override: row.11,
                capacity_note: row.12,
                active: match row.1 {
                    Role::Mentor => active_by_mentor.get(&row.0),
                    Role::Mentee => active_by_mentee.get(&row.0),
                }
                .copied()
                .unwrap_or(0),
            })
            .collect())
    }

    async fn answers(&mut self, program_id: i64, who: Who) -> QueryResult<Vec<AnswerRow>> {
        approved_members!(
            application_answers::table
                .inner_join(memberships::table)
                .inner_join(registration_questions::table)
                .into_boxed(),
            program_id,
            who
        )
        .filter(registration_questions::deleted_at.is_null())
        .order((memberships::user_id, registration_questions::position))
        .select((
            memberships::user_id,
            registration_questions::id,
            registration_questions::prompt,
            application_answers::value,
            registration_questions::kind,
        ))
        .load(self)
        .await
    }

    async fn favorite_pairs(&mut self, program_id: i64, only: Option<i64>) -> QueryResult<Vec<(i64, i64)>> {
        let mut query = favorites::table
            .filter(favorites::program_id.eq(program_id))
            .order((favorites::mentee_id, favorites::mentor_id))
            .select((favorites::mentee_id, favorites::mentor_id))
            .into_boxed();
        if let Some(mentee) = only {
            query = query.filter(favorites::mentee_id.eq(mentee));
        }
        query.load(self).await
    }

    async fn excluded_pairs(&mut self, program_id: i64) -> QueryResult<Vec<(i64, i64)>> {
        mentorships::table
            .filter(mentorships::program_id.eq(program_id))
            .filter(
                mentorships::status
                    .eq(MentorshipStatus::Active)
                    .or(mentorships::end_reason.eq(crate::mentors::EndReason::NotAGoodFit.as_str())),
            )
            .select((mentorships::mentee_id, mentorships::mentor_id))
            .load(self)
            .await
    }
});

/// The values of an answer the score compares: the chosen options, or a
/// text answer split into its items.
pub(crate) fn answer_items(kind: QuestionKind, value: &str) -> Vec<String> {
    match kind {
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice => answer_values(value)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        QuestionKind::ShortText | QuestionKind::LongText => {
            crate::mentors::matching::split_text_answer(value)
        }
        QuestionKind::YesNo | QuestionKind::Number => Vec::new(),
    }
}

/// A mentor as the score sees them: profile tags plus their answers to the
/// questions that count.
pub(crate) fn mentor_profile(
    person: &Person,
    answers: &[AnswerRow],
    weights: &MatchWeights,
    now: NaiveDateTime,
) -> MentorProfile {
    let counted: BTreeSet<i64> = weights.questions.iter().map(|q| q.question_id).collect();
    let mut topics = person.expertise.clone();
    for (_, question_id, _, value, kind) in answers.iter().filter(|a| a.0 == person.user_id) {
        if counted.contains(question_id) {
            topics.extend(answer_items(*kind, value));
        }
    }
    MentorProfile {
        user_id: person.user_id,
        topics,
        languages: person.languages.clone(),
        utc_offset_minutes: super::time::utc_offset(&person.time_zone, now),
    }
}

pub(crate) fn mentee_profile(
    person: &Person,
    answers: &[AnswerRow],
    favorites: &[(i64, i64)],
    now: NaiveDateTime,
) -> MenteeProfile {
    MenteeProfile {
        user_id: person.user_id,
        favorites: favorites
            .iter()
            .filter(|(mentee, _)| *mentee == person.user_id)
            .map(|(_, mentor)| *mentor)
            .collect(),
        answers: answers
            .iter()
            .filter(|a| a.0 == person.user_id)
            .map(|(_, question_id, _, value, kind)| (*question_id, answer_items(*kind, value)))
            .collect(),
        expertise: person.expertise.clone(),
        languages: person.languages.clone(),
        utc_offset_minutes: super::time::utc_offset(&person.time_zone, now),
    }
}
