//! What the events pages receive. Times arrive as text in the viewer's
//! own zone (their profile's), so the page shows what the server computed
//! and the browser needs no time zone data. The online link is only ever
//! in a page of a member who holds a place.

use super::{rules::EventDraft, Audience, EventFormat, EventState, RegistrationStatus};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// The events of the hub (`program_slug` `None`) or of one program, as
/// the viewer may use them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventSpace {
    pub program_slug: Option<String>,
    /// The hub's or the program's name.
    pub name: String,
    /// `/events` or `/programs/<slug>/events`.
    pub path: String,
    /// Creates, changes and cancels events, sees attendees (the hub's
    /// admins in the hub; the program's admins and hub admins in a program).
    pub can_manage: bool,
    /// The zone the times are shown in.
    pub zone: String,
}

impl EventSpace {
    pub fn event_path(&self, event_id: i64) -> String {
        format!("{}/{event_id}", self.path)
    }

    pub fn slug(&self) -> String {
        self.program_slug.clone().unwrap_or_default()
    }
}

/// A member's place at an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyPlace {
    pub status: RegistrationStatus,
    /// On the waitlist: 1 is next.
    pub position: Option<i64>,
}

impl MyPlace {
    /// "You are registered", "You are number 3 on the waitlist"…
    pub fn describe(&self) -> String {
        match (self.status, self.position) {
            (RegistrationStatus::Waitlisted, Some(1)) => "You are next on the waitlist.".into(),
            (RegistrationStatus::Waitlisted, Some(n)) => {
                format!("You are number {n} on the waitlist.")
            }
            (RegistrationStatus::Waitlisted, None) => "You are on the waitlist.".into(),
            (RegistrationStatus::Registered, _) => "You are registered.".into(),
            (RegistrationStatus::Attended, _) => "You attended.".into(),
            (RegistrationStatus::NoShow, _) => "You were registered but did not come.".into(),
            (RegistrationStatus::Cancelled, _) => "You cancelled your registration.".into(),
        }
    }
}

/// An event as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventSummary {
    pub id: i64,
    pub title: String,
    /// "Sat 28 Mar 2026, 18:00–20:00 (Europe/Berlin)", in the viewer's zone.
    pub when: String,
    /// The event's own local time, for an event with a place in another zone.
    pub local_note: Option<String>,
    /// For `<time datetime>`.
    pub starts_at: NaiveDateTime,
    pub format: EventFormat,
    pub address: String,
    pub audience: Audience,
    pub state: EventState,
    pub capacity: Option<i32>,
    pub places_left: Option<i32>,
    /// Places held (registered, attended, no-show).
    pub taken: i32,
    pub waiting: i32,
    pub keeps_waitlist: bool,
    pub mine: Option<RegistrationStatus>,
}

/// Which events a list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ListWhen {
    #[default]
    Upcoming,
    Past,
}

impl ListWhen {
    pub fn parse(value: &str) -> Self {
        if value == "past" {
            ListWhen::Past
        } else {
            ListWhen::Upcoming
        }
    }
}

/// A space's Events tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventList {
    pub space: EventSpace,
    pub when: ListWhen,
    pub events: Vec<EventSummary>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
}

/// One event's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventPage {
    pub space: EventSpace,
    pub event: EventSummary,
    pub description_html: String,
    /// "Registration closes Sat 28 Mar 2026, 18:00" and the like.
    pub registration_note: String,
    pub place: Option<MyPlace>,
    /// Only for a member who holds a place.
    pub online_link: Option<String>,
    /// Why the viewer cannot register now (and has no place), if so.
    pub refusal: Option<String>,
    /// The viewer may still cancel their registration or waitlist place.
    pub can_cancel: bool,
    /// The event's calendar file.
    pub ics_path: String,
}

/// The event form (new when `event_id` is `None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventFormPage {
    pub space: EventSpace,
    pub event_id: Option<i64>,
    pub draft: EventDraft,
    pub cancelled: bool,
}

/// One attendee as the admins see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub user_id: i64,
    pub name: String,
    pub status: RegistrationStatus,
    pub position: Option<i64>,
    pub since: NaiveDateTime,
}

/// The attendee list and check-in view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendeesPage {
    pub space: EventSpace,
    pub event: EventSummary,
    pub attendees: Vec<Attendee>,
    pub counts: AttendeeCounts,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendeeCounts {
    pub registered: i64,
    pub waitlisted: i64,
    pub attended: i64,
    pub no_show: i64,
    pub cancelled: i64,
}

/// A member's personal calendar feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarFeed {
    /// `https://…/calendar/<secret>.ics`
    pub url: String,
    /// The same as `webcal://…`, which calendar apps subscribe to.
    pub webcal: String,
}
