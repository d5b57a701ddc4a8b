//! The events queries (server only), one body for both databases.
//!
//! Places are settled in the database: every change to an event's places
//! first takes the event's row (`lock_event`: a no-op `UPDATE … RETURNING`,
//! a row lock on PostgreSQL, the write lock of `BEGIN IMMEDIATE` on
//! SQLite), so fifty members registering at once for ten places run one
//! after the other, and the counts `taken` and `waiting` on the row move
//! in the same transaction as the registrations they count.

mod feeds;
mod registrations;
mod reminders;
mod schedule;
#[cfg(test)]
mod tests;

pub use feeds::*;
pub use registrations::*;
pub use reminders::*;
pub use schedule::*;

use super::{Audience, EventFormat, EventState};
use crate::db::schema::events;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// An event as stored.
#[derive(Queryable, Selectable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = events)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct EventRow {
    pub id: i64,
    pub program_id: Option<i64>,
    pub uid: String,
    pub title: String,
    pub description_md: String,
    pub description_html: String,
    pub time_zone: String,
    pub starts_local: NaiveDateTime,
    pub ends_local: NaiveDateTime,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub format: EventFormat,
    pub address: String,
    pub online_link: String,
    pub capacity: Option<i32>,
    pub registration_opens_at: Option<NaiveDateTime>,
    pub registration_closes_at: NaiveDateTime,
    pub audience: Audience,
    pub keeps_waitlist: bool,
    pub state: EventState,
    pub sequence: i32,
    pub taken: i32,
    pub waiting: i32,
    pub last_ticket: i64,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub cancelled_at: Option<NaiveDateTime>,
}

impl EventRow {
    /// Places left, when the event has a limit (never below zero: a
    /// lowered capacity or an admin's promotion can overfill it).
    pub fn places_left(&self) -> Option<i32> {
        self.capacity.map(|c| (c - self.taken).max(0))
    }

    pub fn is_full(&self) -> bool {
        self.places_left() == Some(0)
    }

    /// Whether a freed place goes to the waitlist by itself now: not in
    /// the last hours before the start.
    pub fn promotes_at(&self, now: NaiveDateTime) -> bool {
        self.state == EventState::Scheduled
            && now < self.starts_at - chrono::Duration::hours(super::rules::NO_PROMOTION_HOURS)
    }

    /// Why registration is not open at `now`, if it is not.
    pub fn registration_refusal(&self, now: NaiveDateTime) -> Option<String> {
        if self.state == EventState::Cancelled {
            return Some("This event was cancelled.".into());
        }
        if let Some(opens) = self.registration_opens_at {
            if now < opens {
                return Some("Registration has not opened yet.".into());
            }
        }
        if now >= self.registration_closes_at {
            return Some("Registration for this event has closed.".into());
        }
        None
    }

    /// Why a member without a place cannot take one now, if so: the
    /// window, or a full event that keeps no waitlist.
    pub fn newcomer_refusal(&self, now: NaiveDateTime) -> Option<String> {
        self.registration_refusal(now).or_else(|| {
            (self.is_full() && !self.keeps_waitlist)
                .then(|| "This event is full, and it keeps no waitlist.".to_owned())
        })
    }
}

/// Who registers or looks: a member of the event's space.
pub use crate::programs::SpaceMember as Member;

/// Where an event lives, for links and emails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Space {
    /// `None`: the hub's events.
    pub program_id: Option<i64>,
    /// The program's address name (empty for the hub).
    pub slug: String,
    /// The hub's name, or the program's.
    pub name: String,
}

/// What emails about an event need: the hub's name and the site's
/// address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailer {
    pub hub: String,
    pub site_url: String,
}

impl Mailer {
    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.site_url.trim_end_matches('/'), path)
    }
}

pub(crate) trait EventQueries {
    /// The event, locked for a change of its places.
    async fn lock_event(&mut self, event_id: i64) -> QueryResult<Option<EventRow>>;
}

crate::impl_for_both_backends!(EventQueries {
    async fn lock_event(&mut self, event_id: i64) -> QueryResult<Option<EventRow>> {
        diesel::update(events::table.find(event_id))
            .set(events::taken.eq(events::taken))
            .returning(EventRow::as_returning())
            .get_result(self)
            .await
            .optional()
    }
});

fn not_found<T>(value: Option<T>) -> Result<T, crate::error::AppError> {
    value.ok_or(crate::error::AppError::NotFound)
}
