//! An event's time as a member reads it: in their own zone (from their
//! profile), with the event's zone beside it where the two differ and
//! the event has a place to go to.

use super::store::EventRow;
use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;

/// The zone a member's times are shown in: their profile's, or the
/// event's when the profile names none (or one we do not know).
pub fn zone_of(profile_zone: &str, event: &EventRow) -> Tz {
    profile_zone
        .trim()
        .parse()
        .or_else(|_| event.time_zone.parse())
        .unwrap_or(chrono_tz::UTC)
}

fn range(start: NaiveDateTime, end: NaiveDateTime, zone: Tz) -> String {
    let start = zone.from_utc_datetime(&start);
    let end = zone.from_utc_datetime(&end);
    let day = start.format("%a %-d %b %Y, %H:%M");
    if start.date_naive() == end.date_naive() {
        format!("{day}–{} ({})", end.format("%H:%M"), zone.name())
    } else {
        format!(
            "{day} – {} ({})",
            end.format("%a %-d %b %Y, %H:%M"),
            zone.name()
        )
    }
}

/// "Sat 28 Mar 2026, 18:00–20:00 (Europe/Berlin)" in `zone`.
pub fn when(event: &EventRow, zone: Tz) -> String {
    range(event.starts_at, event.ends_at, zone)
}

/// The event's own local time, when a member in `zone` should see it as
/// well: an event with a place, in another zone.
pub fn local_note(event: &EventRow, zone: Tz) -> Option<String> {
    let own: Tz = event.time_zone.parse().ok()?;
    (event.format.has_place() && own != zone).then(|| format!("local time {}", when(event, own)))
}

/// A moment as a member reads it ("Sat 28 Mar, 18:00").
pub fn moment(at: NaiveDateTime, zone: Tz) -> String {
    zone.from_utc_datetime(&at)
        .format("%a %-d %b %Y, %H:%M")
        .to_string()
}
