//! Mentorship requests (programs in "mentees request, mentors accept"
//! mode). Races are settled in the database: every change is an `UPDATE …
//! WHERE status = 'pending'`, and the steps that create a mentorship take
//! the program's row lock first (`lock_program`), so two accepts for a
//! mentor's last place, or an accept and a publish, run one after the other.

use super::{
    mentorships::MentorshipQueries,
    roster::{RosterQueries, Who},
};
use crate::{
    db::{
        schema::{mentorship_requests, users},
        Db,
    },
    email::store::OutboxQueries,
    error::AppError,
    mentors::{
        emails, validate_request_message, validate_response, MentorshipOrigin, PersonRef,
        RequestRecord, RequestStatus, REMINDER_AFTER_DAYS,
    },
    programs::{MatchingMode, Role},
    run_query, write_transaction,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::collections::BTreeMap;

pub(crate) trait RequestQueries {
    /// The mentors `mentee` has a pending request to.
    async fn pending_mentors_of(&mut self, program_id: i64, mentee: i64) -> QueryResult<Vec<i64>>;
    /// Closes pending requests by id with `status`, returning the ones this
    /// call closed: (id, mentee, mentor).
    async fn close_requests(
        &mut self,
        ids: &[i64],
        status: RequestStatus,
        now: NaiveDateTime,
    ) -> QueryResult<Vec<(i64, i64, i64)>>;
    /// A mentee has a mentor now: their pending requests are withdrawn
    /// (closed as matched) and each of those mentors is emailed.
    async fn withdraw_for_match(
        &mut self,
        program_id: i64,
        mentee_id: i64,
        mentee_name: &str,
        hub: &str,
        program_name: &str,
        now: NaiveDateTime,
    ) -> QueryResult<()>;
    async fn person(&mut self, user_id: i64) -> QueryResult<(String, String)>;
    async fn hub_name(&mut self) -> QueryResult<String>;
    /// (program name, program path) of a request.
    async fn program_of_request(&mut self, request_id: i64) -> QueryResult<(String, String)>;
}

crate::impl_for_both_backends!(RequestQueries {
    async fn pending_mentors_of(&mut self, program_id: i64, mentee: i64) -> QueryResult<Vec<i64>> {
        mentorship_requests::table
            .filter(mentorship_requests::program_id.eq(program_id))
            .filter(mentorship_requests::mentee_id.eq(mentee))
            .filter(mentorship_requests::status.eq(RequestStatus::Pending))
            .select(mentorship_requests::mentor_id)
            .load(self)
            .await
    }

    async fn close_requests(&mut self, ids: &[i64], status: RequestStatus, now: NaiveDateTime) -> QueryResult<Vec<(i64, i64, i64)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        diesel::update(
            mentorship_requests::table
                .filter(mentorship_requests::id.eq_any(ids))
                .filter(mentorship_requests::status.eq(RequestStatus::Pending)),
        )
        .set((
            mentorship_requests::status.eq(status),
            mentorship_requests::decided_at.eq(now),
        ))
        .returning((
            mentorship_requests::id,
            mentorship_requests::mentee_id,
            mentorship_requests::mentor_id,
        ))
        .get_results(self)
        .await
    }

    async fn withdraw_for_match(&mut self, program_id: i64, mentee_id: i64, mentee_name: &str, hub: &str, program_name: &str, now: NaiveDateTime) -> QueryResult<()> {
        let pending: Vec<i64> = mentorship_requests::table
            .filter(mentorship_requests::program_id.eq(program_id))
            .filter(mentorship_requests::mentee_id.eq(mentee_id))
            .filter(mentorship_requests::status.eq(RequestStatus::Pending))
            .select(mentorship_requests::id)
            .load(self)
            .await?;
        for (_, _, mentor) in self.close_requests(&pending, RequestStatus::ClosedMatched, now).await? {
            let (email, name) = self.person(mentor).await?;
            self.enqueue(&emails::request_withdrawn(hub, (&email, &name), mentee_name, program_name, true))
                .await?;
        }
        Ok(())
    }

    async fn person(&mut self, user_id: i64) -> QueryResult<(String, String)> {
        users::table
            .find(user_id)
            .select((users::email, users::name))
            .first(self)
            .await
    }

    async fn hub_name(&mut self) -> QueryResult<String> {
        crate::db::schema::hub_settings::table
            .select(crate::db::schema::hub_settings::hub_name)
            .first(self)
            .await
    }

    async fn program_of_request(&mut self, request_id: i64) -> QueryResult<(String, String)> {
        let (name, slug): (String, String) = mentorship_requests::table
            .inner_join(crate::db::schema::programs::table)
            .filter(mentorship_requests::id.eq(request_id))
            .select((crate::db::schema::programs::name, crate::db::schema::programs::slug))
            .first(self)
            .await?;
        Ok((name, format!("/programs/{slug}")))
    }
});

fn link(site_url: &str, path: &str) -> String {
    format!("{}{}", site_url.trim_end_matches('/'), path)
}

/// Where a program's requests page and mentors tab are.
pub struct ProgramLinks {
    pub(crate) name: String,
    pub(crate) requests: String,
    pub(crate) mentors: String,
    pub(crate) home: String,
}

impl ProgramLinks {
    pub fn new(site_url: &str, name: &str, path: &str) -> Self {
        ProgramLinks {
            name: name.to_owned(),
            requests: link(site_url, &format!("{path}/requests")),
            mentors: link(site_url, &format!("{path}/mentors")),
            home: link(site_url, path),
        }
    }
}

/// A mentee asks a mentor. Sending the same request twice (a double click,
/// a retry) returns the pending one.
pub async fn send_request(
    db: &Db,
    program_id: i64,
    mentee_id: i64,
    mentor_id: i64,
    message: &str,
    links: &ProgramLinks,
    now: NaiveDateTime,
) -> Result<i64, AppError> {
    let message = validate_request_message(message)?;
    write_transaction!(db, |conn| {
        conn.lock_program(program_id).await?;
        let (settings, _) = conn.matching_settings(program_id).await?;
        if settings.mode != MatchingMode::MenteeRequests {
            return Err(AppError::Forbidden);
        }
        if conn
            .people(program_id, Who::One(Role::Mentee, mentee_id))
            .await?
            .is_empty()
        {
            return Err(AppError::Forbidden);
        }
        let mentor = conn
            .people(program_id, Who::One(Role::Mentor, mentor_id))
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound)?;
        let existing: Option<i64> = mentorship_requests::table
            .filter(mentorship_requests::program_id.eq(program_id))
            .filter(mentorship_requests::mentee_id.eq(mentee_id))
            .filter(mentorship_requests::mentor_id.eq(mentor_id))
            .filter(mentorship_requests::status.eq(RequestStatus::Pending))
            .select(mentorship_requests::id)
            .first(conn)
            .await
            .optional()?;
        if let Some(id) = existing {
            return Ok(id);
        }
        if conn
            .active_mentor_of(program_id, mentee_id)
            .await?
            .is_some()
        {
            return Err(AppError::Conflict(
                "You already have a mentor in this program.".into(),
            ));
        }
        if !mentor.places(settings.default_capacity).has_room() {
            return Err(AppError::Conflict(format!(
                "{} has no open places right now.",
                mentor.name
            )));
        }
        let pending = conn.pending_mentors_of(program_id, mentee_id).await?.len();
        if pending as i32 >= settings.max_pending_requests {
            return Err(AppError::Conflict(format!(
                "You already have {pending} requests waiting for an answer, the most this \
                 program allows. Withdraw one to ask another mentor."
            )));
        }
        let id: i64 = diesel::insert_into(mentorship_requests::table)
            .values((
                mentorship_requests::program_id.eq(program_id),
                mentorship_requests::mentee_id.eq(mentee_id),
                mentorship_requests::mentor_id.eq(mentor_id),
                mentorship_requests::message.eq(&message),
                mentorship_requests::status.eq(RequestStatus::Pending),
                mentorship_requests::response.eq(""),
                mentorship_requests::created_at.eq(now),
                mentorship_requests::expires_at
                    .eq(now + Duration::days(settings.request_expiry_days.into())),
            ))
            .returning(mentorship_requests::id)
            .get_result(conn)
            .await?;
        let hub = conn.hub_name().await?;
        let (_, mentee_name) = conn.person(mentee_id).await?;
        conn.enqueue(&emails::request_received(
            &hub,
            (&mentor.email, &mentor.name),
            &mentee_name,
            &links.name,
            &message,
            &links.requests,
        ))
        .await?;
        Ok(id)
    })
}

/// The mentee takes a pending request back.
pub async fn withdraw_request(
    db: &Db,
    program_id: i64,
    request_id: i64,
    mentee_id: i64,
    links: &ProgramLinks,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        let owned: Option<i64> = mentorship_requests::table
            .filter(mentorship_requests::id.eq(request_id))
            .filter(mentorship_requests::program_id.eq(program_id))
            .filter(mentorship_requests::mentee_id.eq(mentee_id))
            .select(mentorship_requests::id)
            .first(conn)
            .await
            .optional()?;
        owned.ok_or(AppError::NotFound)?;
        let closed = conn
            .close_requests(&[request_id], RequestStatus::Withdrawn, now)
            .await?;
        if closed.is_empty() {
            return Err(AppError::Conflict(
                "This request is no longer waiting for an answer.".into(),
            ));
        }
        let hub = conn.hub_name().await?;
        let (_, mentee) = conn.person(mentee_id).await?;
        for (_, _, mentor) in closed {
            let (email, name) = conn.person(mentor).await?;
            conn.enqueue(&emails::request_withdrawn(
                &hub,
                (&email, &name),
                &mentee,
                &links.name,
                false,
            ))
            .await?;
        }
        Ok(())
    })
}

/// The mentor answers a pending request. Accepting creates the mentorship
/// and uses one of the mentor's places; when that was the last one, their
/// other pending requests close, and the mentee's other requests are
/// withdrawn. Two accepts for the last place give one mentorship.
#[allow(clippy::too_many_arguments)]
pub async fn answer_request(
    db: &Db,
    program_id: i64,
    request_id: i64,
    mentor_id: i64,
    accept: bool,
    response: &str,
    links: &ProgramLinks,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let response = validate_response(response)?;
    write_transaction!(db, |conn| {
        conn.lock_program(program_id).await?;
        let request: Option<(i64, RequestStatus)> = mentorship_requests::table
            .filter(mentorship_requests::id.eq(request_id))
            .filter(mentorship_requests::program_id.eq(program_id))
            .filter(mentorship_requests::mentor_id.eq(mentor_id))
            .select((mentorship_requests::mentee_id, mentorship_requests::status))
            .first(conn)
            .await
            .optional()?;
        let (mentee_id, status) = request.ok_or(AppError::NotFound)?;
        if status != RequestStatus::Pending {
            return Err(AppError::Conflict(format!(
                "This request is no longer waiting for an answer ({}).",
                status.label().to_lowercase()
            )));
        }
        let hub = conn.hub_name().await?;
        let (mentee_email, mentee_name) = conn.person(mentee_id).await?;
        let (mentor_email, mentor_name) = conn.person(mentor_id).await?;
        if !accept {
            diesel::update(mentorship_requests::table.find(request_id))
                .set((
                    mentorship_requests::status.eq(RequestStatus::Declined),
                    mentorship_requests::response.eq(&response),
                    mentorship_requests::decided_at.eq(now),
                ))
                .execute(conn)
                .await?;
            conn.enqueue(&emails::request_declined(
                &hub,
                (&mentee_email, &mentee_name),
                &mentor_name,
                &links.name,
                &response,
                &links.mentors,
            ))
            .await?;
            return Ok(());
        }
        let (settings, _) = conn.matching_settings(program_id).await?;
        let mentor = conn
            .people(program_id, Who::One(Role::Mentor, mentor_id))
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::Forbidden)?;
        let places = mentor.places(settings.default_capacity);
        // Paused or not, a mentor may still take a request they had; the
        // capacity is what limits them.
        if places.used >= places.capacity {
            return Err(AppError::Conflict(
                "All your places are taken: end a mentorship or raise your capacity first.".into(),
            ));
        }
        if conn
            .active_mentor_of(program_id, mentee_id)
            .await?
            .is_some()
        {
            conn.close_requests(&[request_id], RequestStatus::ClosedMatched, now)
                .await?;
            return Err(AppError::Conflict(format!(
                "{mentee_name} has been matched with another mentor meanwhile."
            )));
        }
        diesel::update(mentorship_requests::table.find(request_id))
            .set((
                mentorship_requests::status.eq(RequestStatus::Accepted),
                mentorship_requests::response.eq(&response),
                mentorship_requests::decided_at.eq(now),
            ))
            .execute(conn)
            .await?;
        conn.create_mentorship(
            program_id,
            mentor_id,
            mentee_id,
            MentorshipOrigin::Request,
            Some(mentor_id),
            Some(request_id),
            now,
        )
        .await?;
        conn.enqueue(&emails::request_accepted(
            &hub,
            (&mentee_email, &mentee_name),
            &mentor_name,
            &mentor_email,
            &links.name,
            &response,
            &links.home,
        ))
        .await?;
        // The mentee's other requests are withdrawn.
        conn.withdraw_for_match(program_id, mentee_id, &mentee_name, &hub, &links.name, now)
            .await?;
        // A mentor who is now full: their other requests close, kindly.
        if places.used + 1 >= places.capacity {
            let waiting: Vec<i64> = mentorship_requests::table
                .filter(mentorship_requests::program_id.eq(program_id))
                .filter(mentorship_requests::mentor_id.eq(mentor_id))
                .filter(mentorship_requests::status.eq(RequestStatus::Pending))
                .select(mentorship_requests::id)
                .load(conn)
                .await?;
            for (_, other_mentee, _) in conn
                .close_requests(&waiting, RequestStatus::ClosedFull, now)
                .await?
            {
                let (email, name) = conn.person(other_mentee).await?;
                conn.enqueue(&emails::request_closed_full(
                    &hub,
                    (&email, &name),
                    &mentor_name,
                    &links.name,
                    &links.mentors,
                ))
                .await?;
            }
        }
        Ok(())
    })
}

/// The viewer's requests in one program, sent and received, newest first.
pub async fn requests_of(
    db: &Db,
    program_id: i64,
    user_id: i64,
) -> Result<(Vec<RequestRecord>, Vec<RequestRecord>), AppError> {
    type Row = (
        i64,
        i64,
        i64,
        String,
        RequestStatus,
        String,
        NaiveDateTime,
        NaiveDateTime,
        Option<NaiveDateTime>,
    );
    let (rows, people) = run_query!(db, |conn| {
        let rows: Vec<Row> = mentorship_requests::table
            .filter(mentorship_requests::program_id.eq(program_id))
            .filter(
                mentorship_requests::mentee_id
                    .eq(user_id)
                    .or(mentorship_requests::mentor_id.eq(user_id)),
            )
            .order((
                mentorship_requests::created_at.desc(),
                mentorship_requests::id.desc(),
            ))
            .limit(200)
            .select((
                mentorship_requests::id,
                mentorship_requests::mentee_id,
                mentorship_requests::mentor_id,
                mentorship_requests::message,
                mentorship_requests::status,
                mentorship_requests::response,
                mentorship_requests::created_at,
                mentorship_requests::expires_at,
                mentorship_requests::decided_at,
            ))
            .load(conn)
            .await?;
        let ids: Vec<i64> = rows.iter().flat_map(|r| [r.1, r.2]).collect();
        let people: Vec<(i64, String, String)> = users::table
            .filter(users::id.eq_any(ids))
            .select((users::id, users::name, users::email))
            .load(conn)
            .await?;
        Ok::<_, AppError>((rows, people))
    })?;
    let people: BTreeMap<i64, (String, String)> = people
        .into_iter()
        .map(|(id, name, email)| (id, (name, email)))
        .collect();
    let person = |id: i64| {
        let (name, email) = people.get(&id).cloned().unwrap_or_default();
        PersonRef {
            user_id: id,
            name,
            email,
        }
    };
    let (mut sent, mut received) = (Vec::new(), Vec::new());
    for row in rows {
        let record = RequestRecord {
            id: row.0,
            program_id,
            mentee: person(row.1),
            mentor: person(row.2),
            message: row.3,
            status: row.4,
            response: row.5,
            created_at: row.6,
            expires_at: row.7,
            decided_at: row.8,
        };
        if record.mentee.user_id == user_id {
            sent.push(record);
        } else {
            received.push(record);
        }
    }
    Ok((sent, received))
}

/// The background sweep: expires requests past their date (emailing the
/// mentee) and reminds mentors of requests waiting for a week. Returns
/// (expired, reminded).
pub async fn sweep_requests(
    db: &Db,
    site_url: &str,
    now: NaiveDateTime,
) -> Result<(usize, usize), AppError> {
    let site_url = site_url.to_owned();
    write_transaction!(db, |conn| {
        let due: Vec<i64> = mentorship_requests::table
            .filter(mentorship_requests::status.eq(RequestStatus::Pending))
            .filter(mentorship_requests::expires_at.le(now))
            .select(mentorship_requests::id)
            .limit(500)
            .load(conn)
            .await?;
        let expired = conn
            .close_requests(&due, RequestStatus::Expired, now)
            .await?;
        let hub = if expired.is_empty() {
            String::new()
        } else {
            conn.hub_name().await?
        };
        for (id, mentee, mentor) in &expired {
            let program = conn.program_of_request(*id).await?;
            let links = ProgramLinks::new(&site_url, &program.0, &program.1);
            let (email, name) = conn.person(*mentee).await?;
            let (_, mentor_name) = conn.person(*mentor).await?;
            conn.enqueue(&emails::request_expired(
                &hub,
                (&email, &name),
                &mentor_name,
                &links.name,
                &links.mentors,
            ))
            .await?;
        }
        let reminded: Vec<(i64, i64, i64)> = diesel::update(
            mentorship_requests::table
                .filter(mentorship_requests::status.eq(RequestStatus::Pending))
                .filter(mentorship_requests::reminded_at.is_null())
                .filter(
                    mentorship_requests::created_at.le(now - Duration::days(REMINDER_AFTER_DAYS)),
                ),
        )
        .set(mentorship_requests::reminded_at.eq(now))
        .returning((
            mentorship_requests::id,
            mentorship_requests::mentee_id,
            mentorship_requests::mentor_id,
        ))
        .get_results(conn)
        .await?;
        let hub = if reminded.is_empty() {
            hub
        } else {
            conn.hub_name().await?
        };
        for (id, mentee, mentor) in &reminded {
            let program = conn.program_of_request(*id).await?;
            let links = ProgramLinks::new(&site_url, &program.0, &program.1);
            let (email, name) = conn.person(*mentor).await?;
            let (_, mentee_name) = conn.person(*mentee).await?;
            conn.enqueue(&emails::request_reminder(
                &hub,
                (&email, &name),
                &mentee_name,
                &links.name,
                &links.requests,
            ))
            .await?;
        }
        Ok((expired.len(), reminded.len()))
    })
}
