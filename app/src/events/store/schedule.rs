//! Creating, changing and cancelling events, and reading them.

use super::{
    not_found, registrations::RegistrationQueries, EventQueries, EventRow, Mailer, Member, Space,
};
use crate::{
    db::{
        schema::{event_registrations, events},
        Db,
    },
    error::AppError,
    events::{emails, rules::ValidEvent, Audience, EventState, RegistrationStatus},
    run_query, write_transaction,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// What an admin's form sets, for both the insert and the update.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = events)]
#[diesel(treat_none_as_null = true)]
struct FormValues<'a> {
    title: &'a str,
    description_md: &'a str,
    description_html: &'a str,
    time_zone: &'a str,
    starts_local: NaiveDateTime,
    ends_local: NaiveDateTime,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    format: crate::events::EventFormat,
    address: &'a str,
    online_link: &'a str,
    capacity: Option<i32>,
    registration_opens_at: Option<NaiveDateTime>,
    registration_closes_at: NaiveDateTime,
    audience: Audience,
    keeps_waitlist: bool,
}

impl<'a> FormValues<'a> {
    fn of(event: &'a ValidEvent, html: &'a str) -> Self {
        FormValues {
            title: &event.title,
            description_md: &event.description_md,
            description_html: html,
            time_zone: &event.time_zone,
            starts_local: event.starts_local,
            ends_local: event.ends_local,
            starts_at: event.starts_at,
            ends_at: event.ends_at,
            format: event.format,
            address: &event.address,
            online_link: &event.online_link,
            capacity: event.capacity,
            registration_opens_at: event.registration_opens_at,
            registration_closes_at: event.registration_closes_at,
            audience: event.audience,
            keeps_waitlist: event.keeps_waitlist,
        }
    }
}

/// Creates an event in `space`; returns its id.
pub async fn create_event(
    db: &Db,
    program_id: Option<i64>,
    by: i64,
    event: &ValidEvent,
    now: NaiveDateTime,
) -> Result<i64, AppError> {
    let html = crate::markdown::to_safe_html(&event.description_md);
    let uid = format!("{}@mentorhub", uuid::Uuid::new_v4().simple());
    write_transaction!(db, |conn| {
        let id: i64 = diesel::insert_into(events::table)
            .values((
                FormValues::of(event, &html),
                events::program_id.eq(program_id),
                events::uid.eq(&uid),
                events::state.eq(EventState::Scheduled),
                events::created_by.eq(by),
                events::created_at.eq(now),
                events::updated_at.eq(now),
            ))
            .returning(events::id)
            .get_result(conn)
            .await?;
        Ok(id)
    })
}

/// Changes an event. Its calendar SEQUENCE goes up; a new time or place
/// is emailed to everyone registered or waiting; a raised capacity (or
/// none) fills from the waitlist at once. Lowering it removes nobody.
pub async fn update_event(
    db: &Db,
    space: &Space,
    event_id: i64,
    change: &ValidEvent,
    mailer: &Mailer,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let html = crate::markdown::to_safe_html(&change.description_md);
    write_transaction!(db, |conn| {
        let before = not_found(conn.lock_event(event_id).await?)?;
        if before.program_id != space.program_id {
            return Err(AppError::NotFound);
        }
        if before.state == EventState::Cancelled {
            return Err(AppError::Conflict(
                "A cancelled event cannot be changed.".into(),
            ));
        }
        let after: EventRow = diesel::update(events::table.find(event_id))
            .set((
                FormValues::of(change, &html),
                events::sequence.eq(events::sequence + 1),
                events::updated_at.eq(now),
            ))
            .returning(EventRow::as_returning())
            .get_result(conn)
            .await?;
        let moved = before.starts_at != after.starts_at
            || before.ends_at != after.ends_at
            || before.address != after.address
            || before.format != after.format
            || before.online_link != after.online_link;
        if moved {
            let told = active_members(conn, event_id).await?;
            conn.email_members(&after, space, mailer, &told, emails::updated)
                .await?;
        }
        conn.promote_waiting(&after, space, mailer, now).await?;
        Ok(())
    })
}

/// Members registered or on the waitlist.
async fn active_members<C>(conn: &mut C, event_id: i64) -> QueryResult<Vec<i64>>
where
    C: ActiveMembers,
{
    conn.active_members(event_id).await
}

pub(crate) trait ActiveMembers {
    async fn active_members(&mut self, event_id: i64) -> QueryResult<Vec<i64>>;
}

crate::impl_for_both_backends!(ActiveMembers {
    async fn active_members(&mut self, event_id: i64) -> QueryResult<Vec<i64>> {
        event_registrations::table
            .filter(event_registrations::event_id.eq(event_id))
            .filter(event_registrations::status.eq_any([
                RegistrationStatus::Registered,
                RegistrationStatus::Waitlisted,
            ]))
            .select(event_registrations::user_id)
            .load(self)
            .await
    }
});

/// Cancels an event: everyone registered or waiting is emailed; calendars
/// get STATUS:CANCELLED with a higher SEQUENCE. Their rows stay, so the
/// feed can keep the cancelled entry for a while.
pub async fn cancel_event(
    db: &Db,
    space: &Space,
    event_id: i64,
    mailer: &Mailer,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        let event = not_found(conn.lock_event(event_id).await?)?;
        if event.program_id != space.program_id {
            return Err(AppError::NotFound);
        }
        if event.state == EventState::Cancelled {
            return Ok(());
        }
        let event: EventRow = diesel::update(events::table.find(event_id))
            .set((
                events::state.eq(EventState::Cancelled),
                events::cancelled_at.eq(now),
                events::sequence.eq(events::sequence + 1),
                events::updated_at.eq(now),
            ))
            .returning(EventRow::as_returning())
            .get_result(conn)
            .await?;
        let told = active_members(conn, event_id).await?;
        conn.email_members(&event, space, mailer, &told, emails::cancelled)
            .await?;
        Ok(())
    })
}

/// The event, if it belongs to `space` and `viewer` is its audience
/// (others get "not found": a mentors-only event does not exist for a
/// mentee).
pub async fn event_in(
    db: &Db,
    space: &Space,
    event_id: i64,
    viewer: &Member,
) -> Result<EventRow, AppError> {
    let event: Option<EventRow> = run_query!(db, |conn| {
        events::table
            .find(event_id)
            .select(EventRow::as_select())
            .first(conn)
            .await
            .optional()
    })?;
    match event {
        Some(event)
            if event.program_id == space.program_id && viewer.is_audience(event.audience) =>
        {
            Ok(event)
        }
        _ => Err(AppError::NotFound),
    }
}

/// Which events a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Not yet ended, soonest first (cancelled ones for a week after
    /// they were cancelled, so members notice).
    Upcoming,
    /// Ended, latest first.
    Past,
}

/// A page of a space's events for `viewer`, with the viewer's own status
/// of each: (events with statuses, total). Two queries, whatever the page
/// size.
pub async fn list_events(
    db: &Db,
    space: &Space,
    viewer: &Member,
    when: When,
    page: i64,
    per_page: i64,
    now: NaiveDateTime,
) -> Result<(Vec<(EventRow, Option<RegistrationStatus>)>, i64), AppError> {
    let audiences: Vec<Audience> = Audience::ALL
        .iter()
        .copied()
        .filter(|a| viewer.is_audience(*a))
        .collect();
    let recent_cancel = now - Duration::days(7);
    let user_id = viewer.user_id;
    run_query!(db, |conn| {
        macro_rules! scoped {
            ($source:expr) => {{
                let mut query = $source
                    .filter(events::audience.eq_any(audiences.clone()))
                    .into_boxed();
                query = match space.program_id {
                    Some(id) => query.filter(events::program_id.eq(id)),
                    None => query.filter(events::program_id.is_null()),
                };
                match when {
                    When::Upcoming => query.filter(events::ends_at.gt(now)).filter(
                        events::state
                            .eq(EventState::Scheduled)
                            .or(events::cancelled_at.gt(recent_cancel)),
                    ),
                    When::Past => query
                        .filter(events::ends_at.le(now))
                        .filter(events::state.eq(EventState::Scheduled)),
                }
            }};
        }
        let total: i64 = scoped!(events::table).count().get_result(conn).await?;
        let (_, offset) = crate::ui::clamp_page(page, total, per_page);
        let mine = events::table.left_join(
            event_registrations::table.on(event_registrations::event_id
                .eq(events::id)
                .and(event_registrations::user_id.eq(user_id))),
        );
        let ordered = match when {
            When::Upcoming => scoped!(mine).order((events::starts_at.asc(), events::id.asc())),
            When::Past => scoped!(mine).order((events::starts_at.desc(), events::id.desc())),
        };
        let rows: Vec<(EventRow, Option<RegistrationStatus>)> = ordered
            .select((
                EventRow::as_select(),
                event_registrations::status.nullable(),
            ))
            .limit(per_page)
            .offset(offset)
            .load(conn)
            .await?;
        Ok((rows, total))
    })
}
