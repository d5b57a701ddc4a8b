//! The events pages. Each works in the hub's space (`/events…`) and in a
//! program's (`/programs/:slug/events…`), drawn with the scaffold of
//! `programs::space`.

pub(crate) mod attendees;
pub(crate) mod event;
pub(crate) mod feed;
pub(crate) mod form;
pub(crate) mod list;

use crate::{
    error::AppError,
    events::{EventState, EventSummary, RegistrationStatus},
    programs::{
        admin::plural,
        space::{HubTab, Refusals},
    },
};
use leptos::prelude::*;

const REFUSALS: Refusals = Refusals {
    tab: HubTab::Events,
    tab_text: "Events",
    sign_in: "Sign in to see and register for events",
    members_only: "Events are for members",
    hub_forbidden: ("For the hub's admins", "Only the hub's admins manage its events."),
    members_text: "Only the program's approved members see its events, and only its admins manage them. Join from the About tab; if your application is pending approval, this tab opens once an admin approves it.",
    not_found: "This event does not exist here, or it is not for you.",
};

/// What a page shows instead of its content when it may not be read.
pub fn refusal(error: AppError, in_program: bool) -> AnyView {
    crate::programs::space::refusal(error, in_program, &REFUSALS)
}

/// The member's own status as a badge.
pub fn status_badge(status: RegistrationStatus) -> impl IntoView {
    let class = match status {
        RegistrationStatus::Registered | RegistrationStatus::Attended => "badge badge--member",
        RegistrationStatus::Waitlisted => "badge badge--pending",
        _ => "badge badge--draft",
    };
    view! { <span class=class>{status.label()}</span> }
}

/// "8 places left", "Full · 3 waiting", "Open to all".
pub fn places_text(event: &EventSummary) -> String {
    match event.places_left {
        None => "No limit on places".into(),
        Some(0) if event.keeps_waitlist && event.waiting > 0 => {
            format!("Full · {} on the waitlist", event.waiting)
        }
        Some(0) if event.keeps_waitlist => "Full · waitlist open".into(),
        Some(0) => "Full".into(),
        Some(n) => format!(
            "{} left of {}",
            plural(i64::from(n), "place", "places"),
            event.capacity.unwrap_or(n)
        ),
    }
}

/// When, where and how many places: the lines under an event's title.
#[component]
pub fn EventFacts(event: EventSummary) -> impl IntoView {
    let cancelled = (event.state == EventState::Cancelled)
        .then(|| view! { <span class="badge badge--declined">"Cancelled"</span> });
    let mine = event.mine.map(status_badge);
    let place = if event.format.has_place() {
        format!("{} · {}", event.format.label(), event.address)
    } else {
        event.format.label().to_owned()
    };
    let audience = (event.audience != crate::events::Audience::Everyone)
        .then(|| view! { <span class="badge">{event.audience.label()}</span> });
    view! {
        <p class="event-facts__when">
            <time datetime=format!("{}Z", event.starts_at.format("%Y-%m-%dT%H:%M:%S"))>{event.when.clone()}</time>
            {event.local_note.clone().map(|note| view! { <span class="muted">" (" {note} ")"</span> })}
        </p>
        <p class="muted">{place}</p>
        <p class="cluster event-facts__status">
            <span>{places_text(&event)}</span>
            {cancelled}
            {mine}
            {audience}
        </p>
    }
}
