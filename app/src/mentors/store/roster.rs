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

pub(crate) trait RosterQueries {
    async fn matching_settings(
        &mut self,
        program_id: i64,
    ) -> QueryResult<(MatchingSettings, Vec<MatchQuestion>)>;
    /// The approved members of one role, by name; `only` narrows to one member.
    async fn people(
        &mut self,
        program_id: i64,
        role: Role,
        only: Option<i64>,
    ) -> QueryResult<Vec<Person>>;
    /// The answers of the approved members of one role to live questions.
    async fn answers(
        &mut self,
        program_id: i64,
        role: Role,
        only: Option<i64>,
    ) -> QueryResult<Vec<AnswerRow>>;
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

    async fn people(&mut self, program_id: i64, role: Role, only: Option<i64>) -> QueryResult<Vec<Person>> {
        let mut query = memberships::table
            .inner_join(users::table)
            .filter(memberships::program_id.eq(program_id))
            .filter(memberships::role.eq(role))
            .filter(memberships::status.eq(MembershipStatus::Approved))
            .filter(users::deactivated_at.is_null())
            .order((users::name, users::id))
            .select((
                users::id,
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
            .into_boxed();
        if let Some(user_id) = only {
            query = query.filter(users::id.eq(user_id));
        }
        let rows: Vec<PersonRow> = query.load(self).await?;
        let members = memberships::table
            .filter(memberships::program_id.eq(program_id))
            .filter(memberships::role.eq(role))
            .filter(memberships::status.eq(MembershipStatus::Approved))
            .select(memberships::user_id);
        let mut tags_query = user_tags::table
            .filter(user_tags::user_id.eq_any(members))
            .order((user_tags::user_id, user_tags::tag_key))
            .select((user_tags::user_id, user_tags::tag))
            .into_boxed();
        if let Some(user_id) = only {
            tags_query = tags_query.filter(user_tags::user_id.eq(user_id));
        }
        let tags: Vec<(i64, String)> = tags_query.load(self).await?;
        let active: Vec<(i64, i64)> = match role {
            Role::Mentor => mentorships::table
                .filter(mentorships::program_id.eq(program_id))
                .filter(mentorships::status.eq(MentorshipStatus::Active))
                .group_by(mentorships::mentor_id)
                .select((mentorships::mentor_id, diesel::dsl::count_star()))
                .load(self)
                .await?,
            Role::Mentee => mentorships::table
                .filter(mentorships::program_id.eq(program_id))
                .filter(mentorships::status.eq(MentorshipStatus::Active))
                .group_by(mentorships::mentee_id)
                .select((mentorships::mentee_id, diesel::dsl::count_star()))
                .load(self)
                .await?,
        };
        let active: BTreeMap<i64, i64> = active.into_iter().collect();
        let mut tags_by_user: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        for (user_id, tag) in tags {
            tags_by_user.entry(user_id).or_default().push(tag);
        }
        Ok(rows
            .into_iter()
            .map(|row| Person {
                user_id: row.0,
                name: row.1,
                email: row.2,
                headline: row.3,
                time_zone: row.4,
                languages: crate::accounts::store::split_list(&row.5),
                expertise: tags_by_user.remove(&row.0).unwrap_or_default(),
                joined_at: row.6.unwrap_or(row.7),
                own_capacity: row.8,
                taking_mentees: row.9,
                capacity_override: row.10,
                capacity_note: row.11,
                active: active.get(&row.0).copied().unwrap_or(0) as i32,
            })
            .collect())
    }

    async fn answers(&mut self, program_id: i64, role: Role, only: Option<i64>) -> QueryResult<Vec<AnswerRow>> {
        let mut query = application_answers::table
            .inner_join(memberships::table)
            .inner_join(registration_questions::table)
            .filter(memberships::program_id.eq(program_id))
            .filter(memberships::role.eq(role))
            .filter(memberships::status.eq(MembershipStatus::Approved))
            .filter(registration_questions::deleted_at.is_null())
            .order((memberships::user_id, registration_questions::position))
            .select((
                memberships::user_id,
                registration_questions::id,
                registration_questions::prompt,
                application_answers::value,
                registration_questions::kind,
            ))
            .into_boxed();
        if let Some(user_id) = only {
            query = query.filter(memberships::user_id.eq(user_id));
        }
        query.load(self).await
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
