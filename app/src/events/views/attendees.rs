//! The attendee list and check-in (`/events/:id/attendees`, and under
//! `/programs/:slug`): places first, then the waitlist in order, then the
//! cancelled; promote, remove, attended / no-show. One column of large
//! buttons, so that it works on a phone at the door.

use super::{refusal, status_badge};
use crate::{
    events::{
        api::{get_attendees, ManageAttendee},
        Attendee, AttendeesPage, EventSpace, RegistrationStatus,
    },
    programs::{
        admin::{flag_notice, plural, Reloads},
        space::{section_level, use_id, use_space, Heading, SpaceFrame, SpaceHeading},
    },
    ui::{FormFeedback, FormNotice},
};
use leptos::prelude::*;

#[component]
pub fn AttendeesView() -> impl IntoView {
    let space = use_space();
    let id = use_id("id");
    let manage = ServerAction::<ManageAttendee>::new();
    let reloads = Reloads::new();
    reloads.after(manage.value());
    let page = Resource::new(
        move || (space.get(), id.get(), reloads.get()),
        |(space, id, _)| get_attendees(space, id),
    );
    let in_program = !space.get_untracked().is_empty();
    view! {
        <SpaceFrame space>
            <Transition fallback=|| view! { <p>"Loading the attendees…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <Attendees page manage /> }.into_any(),
                        Err(error) => refusal(error, in_program),
                    }
                })}
            </Transition>
        </SpaceFrame>
    }
}

#[component]
fn Attendees(page: AttendeesPage, manage: ServerAction<ManageAttendee>) -> impl IntoView {
    let feedback = FormFeedback::new(manage.value());
    let quiet = Signal::derive(|| false);
    let done = flag_notice("done", quiet, |action| {
        Some(
            match action.as_str() {
                "promote" => "Promoted: they have a place and an email.",
                "remove" => "Removed. A freed place went to the first on the waitlist, if the event keeps one.",
                "attended" => "Checked in.",
                "no_show" => "Marked as not come.",
                _ => "Saved.",
            }
            .into(),
        )
    });
    let program = page
        .space
        .program_slug
        .as_ref()
        .map(|_| page.space.name.clone());
    let level = section_level(program.is_some());
    let event_path = page.space.event_path(page.event.id);
    let c = page.counts;
    let summary = format!(
        "{} registered · {} attended · {} did not come · {} on the waitlist · {} cancelled",
        c.registered, c.attended, c.no_show, c.waitlisted, c.cancelled
    );
    let capacity = page
        .event
        .capacity
        .map(|n| format!("{} of {} places taken.", page.event.taken, n))
        .unwrap_or_else(|| {
            format!(
                "{} taken; no limit.",
                plural(i64::from(page.event.taken), "place", "places")
            )
        });
    let items = page
        .attendees
        .iter()
        .cloned()
        .map(|attendee| view! { <AttendeeItem attendee space=page.space.clone() event=page.event.id manage /> })
        .collect_view();
    let list = if page.attendees.is_empty() {
        view! { <p class="empty-state">"No one has registered yet."</p> }.into_any()
    } else {
        view! { <ul class="attendee-list">{items}</ul> }.into_any()
    };
    view! {
        <p><a href=event_path.clone()>"Back to the event"</a></p>
        <SpaceHeading program text=format!("Attendees: {}", page.event.title) />
        <p>{page.event.when.clone()}</p>
        <FormNotice message=done tone="success" />
        <FormNotice message=feedback.general() />
        <p role="status">{summary}</p>
        <p class="muted">{capacity}</p>
        <p>
            <a class="button button--secondary" href=format!("{event_path}/attendees.csv") download rel="external">
                "Download as CSV"
            </a>
        </p>
        <section aria-labelledby="attendees-title" class="stack">
            <Heading level id="attendees-title">"Everyone who registered"</Heading>
            {list}
        </section>
    }
}

#[component]
fn AttendeeItem(
    attendee: Attendee,
    space: EventSpace,
    event: i64,
    manage: ServerAction<ManageAttendee>,
) -> impl IntoView {
    let slug = space.slug();
    let member = attendee.user_id;
    let button =
        move |action: &'static str, label: &'static str, class: &'static str, name: &str| {
            let slug = slug.clone();
            let name = name.to_owned();
            view! {
                <ActionForm action=manage attr:class="inline-form">
                    <input type="hidden" name="space" value=slug />
                    <input type="hidden" name="event" value=event />
                    <input type="hidden" name="member" value=member />
                    <input type="hidden" name="action" value=action />
                    <button type="submit" class=class>
                        {label} <span class="visually-hidden">{format!(": {name}")}</span>
                    </button>
                </ActionForm>
            }
        };
    let name = attendee.name.clone();
    let tools = match attendee.status {
        RegistrationStatus::Registered => view! {
            {button("attended", "Attended", "button button--primary", &name)}
            {button("no_show", "Did not come", "button button--secondary", &name)}
            {button("remove", "Remove", "button button--danger button--small", &name)}
        }
        .into_any(),
        RegistrationStatus::Attended | RegistrationStatus::NoShow => view! {
            {button("registered", "Undo check-in", "button button--secondary button--small", &name)}
            {button("remove", "Remove", "button button--danger button--small", &name)}
        }
        .into_any(),
        RegistrationStatus::Waitlisted => view! {
            {button("promote", "Give a place", "button button--primary", &name)}
            {button("remove", "Remove", "button button--danger button--small", &name)}
        }
        .into_any(),
        RegistrationStatus::Cancelled => ().into_any(),
    };
    let position = attendee
        .position
        .map(|n| view! { <span class="muted">{format!("number {n} on the waitlist")}</span> });
    view! {
        <li class="attendee" id=format!("attendee-{member}")>
            <p class="cluster attendee__who">
                <a href=format!("/members/{member}")>{attendee.name.clone()}</a>
                {status_badge(attendee.status)}
                {position}
            </p>
            <div class="cluster attendee__tools">{tools}</div>
        </li>
    }
}
