//! Mentorships: creating one (from a request, an admin's match or cohort
//! matching), ending one, and what each side sees.

use super::requests::{ProgramLinks, RequestQueries};
use crate::{
    db::{
        schema::{mentorship_requests, mentorships, programs, users},
        Db,
    },
    email::store::OutboxQueries,
    error::AppError,
    mentors::{
        emails, validate_end_note, EndReason, Mentorship, MentorshipOrigin, MentorshipStatus,
        MyMentoring, PersonRef, RequestStatus,
    },
    programs::Role,
    run_query, write_transaction,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::collections::BTreeMap;

type Row = (
    i64,
    i64,
    i64,
    i64,
    MentorshipStatus,
    MentorshipOrigin,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<String>,
    String,
);

pub(crate) trait MentorshipQueries {
    /// Takes the program's row lock for the rest of the transaction
    /// (PostgreSQL; SQLite's write transaction holds the whole database):
    /// every step that creates a mentorship takes it first.
    async fn lock_program(&mut self, program_id: i64) -> QueryResult<()>;
    async fn active_mentor_of(&mut self, program_id: i64, mentee: i64) -> QueryResult<Option<i64>>;
    #[allow(clippy::too_many_arguments)]
    async fn create_mentorship(
        &mut self,
        program_id: i64,
        mentor: i64,
        mentee: i64,
        origin: MentorshipOrigin,
        created_by: Option<i64>,
        request_id: Option<i64>,
        now: NaiveDateTime,
    ) -> QueryResult<i64>;
    /// Mentorships with both people; `program` or `user` narrow them.
    async fn mentorships_where(
        &mut self,
        program_id: Option<i64>,
        user_id: Option<i64>,
        active_only: bool,
    ) -> QueryResult<Vec<Mentorship>>;
    /// The member's side of mentoring in one program, and the mentors
    /// they have asked (pending requests), from one read of the requests.
    async fn my_mentoring(
        &mut self,
        program_id: i64,
        user_id: i64,
        role: Option<Role>,
    ) -> QueryResult<(MyMentoring, Vec<i64>)>;
}

crate::impl_for_both_backends!(MentorshipQueries {
    async fn lock_program(&mut self, program_id: i64) -> QueryResult<()> {
        diesel::update(programs::table.find(program_id))
            .set(programs::updated_at.eq(programs::updated_at))
            .execute(self)
            .await?;
        Ok(())
    }

    async fn active_mentor_of(&mut self, program_id: i64, mentee: i64) -> QueryResult<Option<i64>> {
        mentorships::table
            .filter(mentorships::program_id.eq(program_id))
            .filter(mentorships::mentee_id.eq(mentee))
            .filter(mentorships::status.eq(MentorshipStatus::Active))
            .select(mentorships::mentor_id)
            .first(self)
            .await
            .optional()
    }

    async fn create_mentorship(&mut self, program_id: i64, mentor: i64, mentee: i64, origin: MentorshipOrigin, created_by: Option<i64>, request_id: Option<i64>, now: NaiveDateTime) -> QueryResult<i64> {
        diesel::insert_into(mentorships::table)
            .values((
                mentorships::program_id.eq(program_id),
                mentorships::mentor_id.eq(mentor),
                mentorships::mentee_id.eq(mentee),
                mentorships::status.eq(MentorshipStatus::Active),
                mentorships::origin.eq(origin),
                mentorships::created_by.eq(created_by),
                mentorships::request_id.eq(request_id),
                mentorships::started_at.eq(now),
                mentorships::end_note.eq(""),
            ))
            .returning(mentorships::id)
            .get_result(self)
            .await
    }

    async fn mentorships_where(&mut self, program_id: Option<i64>, user_id: Option<i64>, active_only: bool) -> QueryResult<Vec<Mentorship>> {
        let mut query = mentorships::table
            .order((mentorships::started_at.desc(), mentorships::id.desc()))
            .select((
                mentorships::id,
                mentorships::program_id,
                mentorships::mentor_id,
                mentorships::mentee_id,
                mentorships::status,
                mentorships::origin,
                mentorships::started_at,
                mentorships::ended_at,
                mentorships::end_reason,
                mentorships::end_note,
            ))
            .into_boxed();
        if let Some(program_id) = program_id {
            query = query.filter(mentorships::program_id.eq(program_id));
        }
        if let Some(user_id) = user_id {
            query = query.filter(mentorships::mentor_id.eq(user_id).or(mentorships::mentee_id.eq(user_id)));
        }
        if active_only {
            query = query.filter(mentorships::status.eq(MentorshipStatus::Active));
        }
        let rows: Vec<Row> = query.load(self).await?;
        let ids: Vec<i64> = rows.iter().flat_map(|r| [r.2, r.3]).collect();
        let people: Vec<(i64, String, String)> = if ids.is_empty() {
            Vec::new()
        } else {
            users::table
                .filter(users::id.eq_any(ids))
                .select((users::id, users::name, users::email))
                .load(self)
                .await?
        };
        let people: BTreeMap<i64, (String, String)> =
            people.into_iter().map(|(id, name, email)| (id, (name, email))).collect();
        let person = |id: i64| {
            let (name, email) = people.get(&id).cloned().unwrap_or_default();
            PersonRef { user_id: id, name, email }
        };
        Ok(rows
            .into_iter()
            .map(|row| Mentorship {
                id: row.0,
                program_id: row.1,
                mentor: person(row.2),
                mentee: person(row.3),
                status: row.4,
                origin: row.5,
                started_at: row.6,
                ended_at: row.7,
                end_reason: row.8.as_deref().and_then(EndReason::parse),
                end_note: row.9,
            })
            .collect())
    }

    async fn my_mentoring(&mut self, program_id: i64, user_id: i64, role: Option<Role>) -> QueryResult<(MyMentoring, Vec<i64>)> {
        let mentorships = self.mentorships_where(Some(program_id), Some(user_id), true).await?;
        let counts: Vec<(i64, i64)> = mentorship_requests::table
            .filter(mentorship_requests::program_id.eq(program_id))
            .filter(mentorship_requests::status.eq(RequestStatus::Pending))
            .filter(mentorship_requests::mentee_id.eq(user_id).or(mentorship_requests::mentor_id.eq(user_id)))
            .select((mentorship_requests::mentee_id, mentorship_requests::mentor_id))
            .load(self)
            .await?;
        let asked: Vec<i64> = counts.iter().filter(|(mentee, _)| *mentee == user_id).map(|(_, mentor)| *mentor).collect();
        let mine = MyMentoring {
            role,
            mentorships,
            settings: None,
            pending_sent: asked.len() as i64,
            pending_received: counts.iter().filter(|(_, mentor)| *mentor == user_id).count() as i64,
            favorites: 0,
            request_refusal: None,
        };
        Ok((mine, asked))
    }
});

/// The program's mentorships (admins), newest first.
pub async fn program_mentorships(db: &Db, program_id: i64) -> Result<Vec<Mentorship>, AppError> {
    Ok(run_query!(db, |conn| conn
        .mentorships_where(Some(program_id), None, false)
        .await)?)
}

/// A member's mentorships in every program ("Download my data").
pub async fn mentorships_of_member(db: &Db, user_id: i64) -> Result<Vec<Mentorship>, AppError> {
    Ok(run_query!(db, |conn| conn
        .mentorships_where(None, Some(user_id), false)
        .await)?)
}

/// Ends an active mentorship: its mentor, its mentee, or (with
/// `as_admin`) one of the program's admins. The other side is emailed.
#[allow(clippy::too_many_arguments)]
pub async fn end_mentorship(
    db: &Db,
    program_id: i64,
    mentorship_id: i64,
    by: i64,
    as_admin: bool,
    reason: EndReason,
    note: &str,
    links: &ProgramLinks,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let note = validate_end_note(note)?;
    write_transaction!(db, |conn| {
        let pair: Option<(i64, i64)> = mentorships::table
            .filter(mentorships::id.eq(mentorship_id))
            .filter(mentorships::program_id.eq(program_id))
            .select((mentorships::mentor_id, mentorships::mentee_id))
            .first(conn)
            .await
            .optional()?;
        let (mentor, mentee) = pair.ok_or(AppError::NotFound)?;
        if !as_admin && by != mentor && by != mentee {
            return Err(AppError::Forbidden);
        }
        let ended = diesel::update(
            mentorships::table
                .filter(mentorships::id.eq(mentorship_id))
                .filter(mentorships::status.eq(MentorshipStatus::Active)),
        )
        .set((
            mentorships::status.eq(MentorshipStatus::Ended),
            mentorships::ended_at.eq(now),
            mentorships::ended_by.eq(by),
            mentorships::end_reason.eq(reason.as_str()),
            mentorships::end_note.eq(&note),
        ))
        .execute(conn)
        .await?;
        if ended == 0 {
            return Err(AppError::Conflict(
                "This mentorship has already ended.".into(),
            ));
        }
        let hub = conn.hub_name().await?;
        let (_, by_name) = conn.person(by).await?;
        let (mentor_email, mentor_name) = conn.person(mentor).await?;
        let (mentee_email, mentee_name) = conn.person(mentee).await?;
        let reason = reason.label().to_lowercase();
        if by != mentor {
            conn.enqueue(&emails::mentorship_ended(
                &hub,
                (&mentor_email, &mentor_name),
                &by_name,
                &mentee_name,
                &links.name,
                &reason,
            ))
            .await?;
        }
        if by != mentee {
            conn.enqueue(&emails::mentorship_ended(
                &hub,
                (&mentee_email, &mentee_name),
                &by_name,
                &mentor_name,
                &links.name,
                &reason,
            ))
            .await?;
        }
        Ok(())
    })
}

/// What "Download my data" holds of a member's mentoring: their
/// mentorships, the favorites they marked (program id, mentor's name) and
/// the requests they sent or received (program id, mentee, mentor,
/// message, status, answer, sent).
pub async fn export_of_member(db: &Db, user_id: i64) -> Result<serde_json::Value, AppError> {
    use crate::db::schema::favorites;
    type RequestRow = (i64, i64, i64, String, RequestStatus, String, NaiveDateTime);
    let (mentorships, favorites, requests) = run_query!(db, |conn| {
        let mentorships = conn.mentorships_where(None, Some(user_id), false).await?;
        let favorites: Vec<(i64, String, NaiveDateTime)> = favorites::table
            .inner_join(users::table.on(users::id.eq(favorites::mentor_id)))
            .filter(favorites::mentee_id.eq(user_id))
            .order((favorites::program_id, favorites::created_at))
            .select((favorites::program_id, users::name, favorites::created_at))
            .load(conn)
            .await?;
        let requests: Vec<RequestRow> = mentorship_requests::table
            .filter(
                mentorship_requests::mentee_id
                    .eq(user_id)
                    .or(mentorship_requests::mentor_id.eq(user_id)),
            )
            .order(mentorship_requests::id)
            .select((
                mentorship_requests::program_id,
                mentorship_requests::mentee_id,
                mentorship_requests::mentor_id,
                mentorship_requests::message,
                mentorship_requests::status,
                mentorship_requests::response,
                mentorship_requests::created_at,
            ))
            .load(conn)
            .await?;
        Ok::<_, AppError>((mentorships, favorites, requests))
    })?;
    Ok(serde_json::json!({
        "mentorships": mentorships,
        "favorites": favorites.into_iter().map(|(program_id, mentor, at)| serde_json::json!({
            "program_id": program_id, "mentor": mentor, "marked_at": at,
        })).collect::<Vec<_>>(),
        "requests": requests.into_iter().map(|(program_id, mentee, mentor, message, status, response, at)| serde_json::json!({
            "program_id": program_id,
            "sent_by_me": mentee == user_id,
            "other_user_id": if mentee == user_id { mentor } else { mentee },
            "message": message,
            "status": status,
            "answer": response,
            "sent_at": at,
        })).collect::<Vec<_>>(),
    }))
}
