//! Registering, cancelling, the waitlist and its promotions, and what an
//! admin does with attendees. Every change takes the event's row first
//! (`lock_event`).

use super::{not_found, EventQueries, EventRow, Mailer, Member, Space};
use crate::{
    db::{
        schema::{event_registrations, users},
        Db,
    },
    email::{store::OutboxQueries, OutgoingEmail},
    error::AppError,
    events::{emails, event_path, times, RegistrationStatus},
    run_query, write_transaction,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// A member's place at an event: their status and, on the waitlist, their
/// position (1 is next).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub status: RegistrationStatus,
    pub position: Option<i64>,
}

/// An email about one event to each of `user_ids`, in their own zone.
pub(crate) type Template = fn(&str, emails::Recipient, &emails::About) -> OutgoingEmail;

pub(crate) trait RegistrationQueries {
    /// (status, ticket) of a member's row.
    async fn registration_of(
        &mut self,
        event_id: i64,
        user_id: i64,
    ) -> QueryResult<Option<(RegistrationStatus, Option<i64>)>>;
    /// Members ahead of `ticket` on the waitlist, plus one.
    async fn position_of(&mut self, event_id: i64, ticket: i64) -> QueryResult<i64>;
    /// Gives the waitlisted `user_ids` a place; returns how many moved.
    async fn seat(
        &mut self,
        event_id: i64,
        user_ids: &[i64],
        now: NaiveDateTime,
    ) -> QueryResult<usize>;
    /// Moves the counts on the event's row.
    async fn add_counts(&mut self, event_id: i64, taken: i32, waiting: i32) -> QueryResult<()>;
    /// Fills the free places from the head of the waitlist and emails
    /// each promoted member; returns how many moved up.
    async fn promote_waiting(
        &mut self,
        event: &EventRow,
        space: &Space,
        mailer: &Mailer,
        now: NaiveDateTime,
    ) -> QueryResult<usize>;
    /// One `template` email to each of `user_ids` (active accounts only).
    async fn email_members(
        &mut self,
        event: &EventRow,
        space: &Space,
        mailer: &Mailer,
        user_ids: &[i64],
        template: Template,
    ) -> QueryResult<()>;
}

crate::impl_for_both_backends!(RegistrationQueries {
    async fn registration_of(&mut self, event_id: i64, user_id: i64) -> QueryResult<Option<(RegistrationStatus, Option<i64>)>> {
        event_registrations::table
            .filter(event_registrations::event_id.eq(event_id))
            .filter(event_registrations::user_id.eq(user_id))
            .select((event_registrations::status, event_registrations::ticket))
            .first(self)
            .await
            .optional()
    }

    async fn position_of(&mut self, event_id: i64, ticket: i64) -> QueryResult<i64> {
        let ahead: i64 = event_registrations::table
            .filter(event_registrations::event_id.eq(event_id))
            .filter(event_registrations::status.eq(RegistrationStatus::Waitlisted))
            .filter(event_registrations::ticket.lt(ticket))
            .count()
            .get_result(self)
            .await?;
        Ok(ahead + 1)
    }

    async fn seat(&mut self, event_id: i64, user_ids: &[i64], now: NaiveDateTime) -> QueryResult<usize> {
        diesel::update(
            event_registrations::table
                .filter(event_registrations::event_id.eq(event_id))
                .filter(event_registrations::user_id.eq_any(user_ids))
                .filter(event_registrations::status.eq(RegistrationStatus::Waitlisted)),
        )
        .set((
            event_registrations::status.eq(RegistrationStatus::Registered),
            event_registrations::ticket.eq(None::<i64>),
            event_registrations::updated_at.eq(now),
        ))
        .execute(self)
        .await
    }

    async fn add_counts(&mut self, event_id: i64, taken: i32, waiting: i32) -> QueryResult<()> {
        use crate::db::schema::events;
        diesel::update(events::table.find(event_id))
            .set((
                events::taken.eq(events::taken + taken),
                events::waiting.eq(events::waiting + waiting),
            ))
            .execute(self)
            .await
            .map(drop)
    }

    async fn promote_waiting(&mut self, event: &EventRow, space: &Space, mailer: &Mailer, now: NaiveDateTime) -> QueryResult<usize> {
        if !event.promotes_at(now) || event.waiting <= 0 {
            return Ok(0);
        }
        let free = match event.capacity {
            Some(capacity) => i64::from((capacity - event.taken).max(0)),
            None => i64::from(event.waiting),
        };
        if free == 0 {
            return Ok(0);
        }
        let next: Vec<i64> = event_registrations::table
            .filter(event_registrations::event_id.eq(event.id))
            .filter(event_registrations::status.eq(RegistrationStatus::Waitlisted))
            .order((event_registrations::ticket.asc(), event_registrations::id.asc()))
            .limit(free)
            .select(event_registrations::user_id)
            .load(self)
            .await?;
        if next.is_empty() {
            return Ok(0);
        }
        let moved = self.seat(event.id, &next, now).await?;
        self.add_counts(event.id, moved as i32, -(moved as i32)).await?;
        self.email_members(event, space, mailer, &next, emails::promoted).await?;
        Ok(moved)
    }

    async fn email_members(&mut self, event: &EventRow, space: &Space, mailer: &Mailer, user_ids: &[i64], template: Template) -> QueryResult<()> {
        if user_ids.is_empty() {
            return Ok(());
        }
        let people: Vec<(String, String, String)> = users::table
            .filter(users::id.eq_any(user_ids))
            .filter(users::deactivated_at.is_null())
            .order(users::id)
            .select((users::email, users::name, users::time_zone))
            .load(self)
            .await?;
        let link = mailer.link(&event_path(&space.slug, event.id));
        for (email, name, zone) in people {
            let when = times::when(event, times::zone_of(&zone, event));
            let about = emails::About {
                title: &event.title,
                when: &when,
                place: &event.address,
                link: &link,
            };
            self.enqueue(&template(&mailer.hub, (&email, &name), &about)).await?;
        }
        Ok(())
    }
});

/// Registers `member` for the event, or puts them on its waitlist when it
/// is full. A member already registered or waiting keeps their place: a
/// retry or a double click changes nothing.
pub async fn register(
    db: &Db,
    event_id: i64,
    member: &Member,
    now: NaiveDateTime,
) -> Result<Place, AppError> {
    write_transaction!(db, |conn| {
        let event = not_found(conn.lock_event(event_id).await?)?;
        if !member.is_audience(event.audience) {
            return Err(AppError::Forbidden);
        }
        if let Some((status, ticket)) = conn.registration_of(event_id, member.user_id).await? {
            if status.is_active() || status.takes_place() {
                let position = match ticket {
                    Some(ticket) if status == RegistrationStatus::Waitlisted => {
                        Some(conn.position_of(event_id, ticket).await?)
                    }
                    _ => None,
                };
                return Ok(Place { status, position });
            }
        }
        if let Some(refusal) = event.newcomer_refusal(now) {
            return Err(AppError::Conflict(refusal));
        }
        // A place that frees up goes to the waitlist first: a newcomer
        // joins its end while anyone is waiting.
        let waits = event.is_full() || event.waiting > 0 && event.capacity.is_some();
        let (status, ticket) = if waits {
            use crate::db::schema::events;
            let ticket: i64 = diesel::update(events::table.find(event_id))
                .set(events::last_ticket.eq(events::last_ticket + 1))
                .returning(events::last_ticket)
                .get_result(conn)
                .await?;
            (RegistrationStatus::Waitlisted, Some(ticket))
        } else {
            (RegistrationStatus::Registered, None)
        };
        diesel::insert_into(event_registrations::table)
            .values((
                event_registrations::event_id.eq(event_id),
                event_registrations::user_id.eq(member.user_id),
                event_registrations::status.eq(status),
                event_registrations::ticket.eq(ticket),
                event_registrations::created_at.eq(now),
                event_registrations::updated_at.eq(now),
            ))
            .on_conflict((event_registrations::event_id, event_registrations::user_id))
            .do_update()
            .set((
                event_registrations::status.eq(status),
                event_registrations::ticket.eq(ticket),
                event_registrations::updated_at.eq(now),
                event_registrations::reminded_at.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)
            .await?;
        if waits {
            conn.add_counts(event_id, 0, 1).await?;
            let position = conn
                .position_of(event_id, ticket.unwrap_or_default())
                .await?;
            Ok(Place {
                status,
                position: Some(position),
            })
        } else {
            conn.add_counts(event_id, 1, 0).await?;
            Ok(Place {
                status,
                position: None,
            })
        }
    })
}

/// Ends a registration or a place on the waitlist (`by_admin`: an admin
/// removes the member, at any time; a member cancels before the start).
/// A freed place goes to the first on the waitlist in the same
/// transaction.
pub async fn cancel_registration(
    db: &Db,
    event_id: i64,
    user_id: i64,
    by_admin: bool,
    space: &Space,
    mailer: &Mailer,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        let event = not_found(conn.lock_event(event_id).await?)?;
        let Some((status, _)) = conn.registration_of(event_id, user_id).await? else {
            return Ok(());
        };
        if !status.is_active() && !(by_admin && status.takes_place()) {
            return Ok(());
        }
        if !by_admin && now >= event.starts_at {
            return Err(AppError::Conflict(
                "The event has started; registrations can no longer be cancelled.".into(),
            ));
        }
        diesel::update(
            event_registrations::table
                .filter(event_registrations::event_id.eq(event_id))
                .filter(event_registrations::user_id.eq(user_id)),
        )
        .set((
            event_registrations::status.eq(RegistrationStatus::Cancelled),
            event_registrations::ticket.eq(None::<i64>),
            event_registrations::updated_at.eq(now),
        ))
        .execute(conn)
        .await?;
        if status.takes_place() {
            conn.add_counts(event_id, -1, 0).await?;
            let event = EventRow {
                taken: event.taken - 1,
                ..event
            };
            conn.promote_waiting(&event, space, mailer, now).await?;
        } else {
            conn.add_counts(event_id, 0, -1).await?;
        }
        Ok(())
    })
}

/// An admin gives a waitlisted member a place, at any time and even
/// beyond the capacity (their call); the member is emailed.
pub async fn promote(
    db: &Db,
    event_id: i64,
    user_id: i64,
    space: &Space,
    mailer: &Mailer,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        let event = not_found(conn.lock_event(event_id).await?)?;
        let moved = conn.seat(event_id, &[user_id], now).await?;
        if moved == 1 {
            conn.add_counts(event_id, 1, -1).await?;
            conn.email_members(&event, space, mailer, &[user_id], emails::promoted)
                .await?;
        }
        Ok(())
    })
}

/// Check-in: an admin marks a registered member as attended or as a
/// no-show (or back to registered). The place stays theirs either way.
pub async fn mark_attendance(
    db: &Db,
    event_id: i64,
    user_id: i64,
    status: RegistrationStatus,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    if !status.takes_place() {
        return Err(AppError::validation(
            "status",
            "Mark attended, no-show or registered.",
        ));
    }
    let places = [
        RegistrationStatus::Registered,
        RegistrationStatus::Attended,
        RegistrationStatus::NoShow,
    ];
    write_transaction!(db, |conn| {
        not_found(conn.lock_event(event_id).await?)?;
        let changed = diesel::update(
            event_registrations::table
                .filter(event_registrations::event_id.eq(event_id))
                .filter(event_registrations::user_id.eq(user_id))
                .filter(event_registrations::status.eq_any(places)),
        )
        .set((
            event_registrations::status.eq(status),
            event_registrations::updated_at.eq(now),
        ))
        .execute(conn)
        .await?;
        if changed == 0 {
            return Err(AppError::Conflict(
                "Only members with a place can be checked in.".into(),
            ));
        }
        Ok(())
    })
}

/// A member's place at an event, if they have one (cancelled counts as
/// none).
pub async fn place_of(db: &Db, event_id: i64, user_id: i64) -> Result<Option<Place>, AppError> {
    run_query!(db, |conn| {
        let Some((status, ticket)) = conn.registration_of(event_id, user_id).await? else {
            return Ok(None);
        };
        if status == RegistrationStatus::Cancelled {
            return Ok(None);
        }
        let position = match ticket {
            Some(ticket) if status == RegistrationStatus::Waitlisted => {
                Some(conn.position_of(event_id, ticket).await?)
            }
            _ => None,
        };
        Ok(Some(Place { status, position }))
    })
}

/// One attendee as the admins see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendeeRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub status: RegistrationStatus,
    /// On the waitlist: 1 is next.
    pub position: Option<i64>,
    pub since: NaiveDateTime,
}

/// Everyone with a registration row: places first (by name), then the
/// waitlist in order, then the cancelled. One query.
pub async fn attendees(db: &Db, event_id: i64) -> Result<Vec<AttendeeRow>, AppError> {
    let rows: Vec<(
        i64,
        String,
        String,
        RegistrationStatus,
        Option<i64>,
        NaiveDateTime,
    )> = run_query!(db, |conn| {
        event_registrations::table
            .inner_join(users::table)
            .filter(event_registrations::event_id.eq(event_id))
            .order((
                event_registrations::ticket.asc(),
                users::name.asc(),
                users::id.asc(),
            ))
            .select((
                users::id,
                users::name,
                users::email,
                event_registrations::status,
                event_registrations::ticket,
                event_registrations::updated_at,
            ))
            .load(conn)
            .await
    })?;
    let rank = |status: RegistrationStatus| match status {
        s if s.takes_place() => 0,
        RegistrationStatus::Waitlisted => 1,
        _ => 2,
    };
    let mut out: Vec<AttendeeRow> = Vec::with_capacity(rows.len());
    let mut waiting = 0;
    for (user_id, name, email, status, ticket, since) in rows {
        let position = (status == RegistrationStatus::Waitlisted && ticket.is_some()).then(|| {
            waiting += 1;
            waiting
        });
        out.push(AttendeeRow {
            user_id,
            name,
            email,
            status,
            position,
            since,
        });
    }
    out.sort_by_key(|row| (rank(row.status), row.position));
    Ok(out)
}
