//! Calendar files (RFC 5545) for one event and for a member's feed, made
//! with the `icalendar` crate. The UID is the event's own and stays the
//! same; SEQUENCE is raised on every change; a cancelled event is sent
//! with STATUS:CANCELLED so subscribed calendars drop it.

use super::{store::EventRow, EventState};
use chrono::NaiveDateTime;
use icalendar::{Calendar, Component, EventLike, EventStatus};

/// The media type of a calendar file.
pub const CONTENT_TYPE: &str = "text/calendar; charset=utf-8";

/// What one calendar entry says about an event.
pub struct Entry<'a> {
    pub event: &'a EventRow,
    /// The event's page.
    pub url: &'a str,
    /// Only for a registered attendee.
    pub with_online_link: bool,
}

fn utc(at: NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    at.and_utc()
}

fn component(entry: &Entry, stamp: NaiveDateTime) -> icalendar::Event {
    let event = entry.event;
    let mut description = String::new();
    if entry.with_online_link && !event.online_link.is_empty() {
        description.push_str(&format!("Join online: {}\n\n", event.online_link));
    }
    description.push_str(&event.description_md);
    description.push_str(&format!("\n\n{}", entry.url));
    let location = match (event.address.is_empty(), entry.with_online_link) {
        (false, _) => event.address.clone(),
        (true, true) if !event.online_link.is_empty() => event.online_link.clone(),
        _ => String::new(),
    };
    let mut component = icalendar::Event::new();
    component
        .uid(&event.uid)
        .summary(&event.title)
        .description(description.trim())
        .starts(utc(event.starts_at))
        .ends(utc(event.ends_at))
        .sequence(u32::try_from(event.sequence).unwrap_or(0))
        .timestamp(utc(stamp))
        .last_modified(utc(event.updated_at))
        .url(entry.url)
        .status(if event.state == EventState::Cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    if !location.is_empty() {
        component.location(&location);
    }
    component.done()
}

/// A calendar of `entries` named `name`.
pub fn calendar(name: &str, entries: &[Entry], stamp: NaiveDateTime) -> String {
    let mut calendar = Calendar::new();
    calendar.name(name);
    for entry in entries {
        calendar.push(component(entry, stamp));
    }
    calendar.done().to_string()
}

/// The file name of one event's calendar file.
pub fn file_name(event: &EventRow) -> String {
    format!("event-{}.ics", event.id)
}
