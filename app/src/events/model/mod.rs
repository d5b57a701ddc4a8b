//! The events domain's wire types and rules.

mod enums;
mod pages;
pub mod rules;

pub use enums::*;
pub use pages::*;

/// The address of an event's page: the hub's events have no program.
pub fn event_path(program_slug: &str, event_id: i64) -> String {
    if program_slug.is_empty() {
        format!("/events/{event_id}")
    } else {
        format!("/programs/{program_slug}/events/{event_id}")
    }
}
