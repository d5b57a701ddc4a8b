//! One event (`/events/:id`, `/programs/:slug/events/:id`): when and
//! where, the places, the member's own status with register and cancel,
//! the calendar file, the description; for its managers the links to edit
//! it and to its attendees, and cancelling it.

use super::{places_text, refusal, status_badge, EventFacts};
use crate::{
    events::{
        api::{get_event, CancelEvent, CancelRegistration, RegisterForEvent},
        EventPage, EventState, RegistrationStatus,
    },
    programs::{
        admin::{flag_notice, Reloads},
        space::{section_level, use_id, use_space, Heading, SpaceFrame, SpaceHeading},
    },
    ui::{CheckBox, FieldError, FormFeedback, FormNotice},
};
use leptos::prelude::*;

#[derive(Clone, Copy)]
struct Actions {
    register: ServerAction<RegisterForEvent>,
    cancel: ServerAction<CancelRegistration>,
    cancel_event: ServerAction<CancelEvent>,
}

#[component]
pub fn EventPageView() -> impl IntoView {
    let space = use_space();
    let id = use_id("id");
    let actions = Actions {
        register: ServerAction::new(),
        cancel: ServerAction::new(),
        cancel_event: ServerAction::new(),
    };
    let reloads = Reloads::new();
    reloads.after(actions.register.value());
    reloads.after(actions.cancel.value());
    reloads.after(actions.cancel_event.value());
    let page = Resource::new(
        move || (space.get(), id.get(), reloads.get()),
        |(space, id, _)| get_event(space, id),
    );
    let in_program = !space.get_untracked().is_empty();
    view! {
        <SpaceFrame space>
            <Transition fallback=|| view! { <p>"Loading the event…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <Event page actions /> }.into_any(),
                        Err(error) => refusal(error, in_program),
                    }
                })}
            </Transition>
        </SpaceFrame>
    }
}

#[component]
fn Event(page: EventPage, actions: Actions) -> impl IntoView {
    let quiet = Signal::derive(|| false);
    let saved = flag_notice("saved", quiet, |_| Some("The event is saved.".into()));
    let cancelled_event = flag_notice("event_cancelled", quiet, |_| {
        Some("The event is cancelled; everyone registered or waiting has been emailed.".into())
    });
    let program = page
        .space
        .program_slug
        .as_ref()
        .map(|_| page.space.name.clone());
    let level = section_level(program.is_some());
    let event = page.event.clone();
    let cancelled = (event.state == EventState::Cancelled).then(|| {
        view! { <p class="notice notice--info" role="status">"This event was cancelled."</p> }
    });
    let online = page.online_link.clone().map(|link| {
        view! {
            <p class="event-link">
                "Join online: " <a href=link.clone() rel="noopener noreferrer nofollow">{link.clone()}</a>
            </p>
        }
    });
    let online_hidden = (page.online_link.is_none() && event.format.is_online()).then(|| {
        view! { <p class="muted">"The link to join online is shown here once you have a place."</p> }
    });
    let back = page.space.path.clone();
    view! {
        <p><a href=back>"Back to the events"</a></p>
        <SpaceHeading program text=event.title.clone() />
        <FormNotice message=saved tone="success" />
        <FormNotice message=cancelled_event tone="success" />
        {cancelled}
        <div class="event-facts stack">
            <EventFacts event=event.clone() />
            {online}
            {online_hidden}
        </div>
        <Registration page=page.clone() actions level />
        <p>
            <a class="button button--secondary" href=page.ics_path.clone() download rel="external">
                "Add to my calendar (.ics)"
            </a>
        </p>
        <section aria-labelledby="about-event-title" class="stack">
            <Heading level id="about-event-title">"About this event"</Heading>
            <div class="prose" inner_html=page.description_html.clone()></div>
        </section>
        <Manage page actions level />
    }
}

/// The member's place and the form that changes it.
#[component]
fn Registration(page: EventPage, actions: Actions, level: u8) -> impl IntoView {
    let quiet = Signal::derive(|| false);
    let registered = flag_notice("registered", quiet, |_| {
        Some("Done: your place is below.".into())
    });
    let cancelled = flag_notice("cancelled", quiet, |_| {
        Some("Your registration is cancelled.".into())
    });
    let register_feedback = FormFeedback::new(actions.register.value());
    let cancel_feedback = FormFeedback::new(actions.cancel.value());
    let slug = page.space.slug();
    let event_id = page.event.id;
    let status = page.place.map(|place| {
        view! {
            <p class="cluster">
                {status_badge(place.status)}
                <span>{place.describe()}</span>
            </p>
        }
    });
    let form = match (page.place, &page.refusal) {
        (Some(place), _) if page.can_cancel => {
            let label = if place.status == RegistrationStatus::Waitlisted {
                "Leave the waitlist"
            } else {
                "Cancel my registration"
            };
            view! {
                <ActionForm action=actions.cancel attr:class="inline-form">
                    <input type="hidden" name="space" value=slug.clone() />
                    <input type="hidden" name="event" value=event_id />
                    <button type="submit" class="button button--secondary">{label}</button>
                </ActionForm>
            }
            .into_any()
        }
        (Some(_), _) => ().into_any(),
        (None, Some(why)) => view! { <p class="muted">{why.clone()}</p> }.into_any(),
        (None, None) => {
            let full = page.event.places_left == Some(0);
            let label = if full {
                "Join the waitlist"
            } else {
                "Register"
            };
            let note = full.then(|| {
                view! { <p class="muted">"The event is full. If a place frees up, the first on the waitlist gets it and an email."</p> }
            });
            view! {
                {note}
                <ActionForm action=actions.register attr:class="inline-form">
                    <input type="hidden" name="space" value=slug.clone() />
                    <input type="hidden" name="event" value=event_id />
                    <button type="submit" class="button button--primary">{label}</button>
                </ActionForm>
            }
            .into_any()
        }
    };
    view! {
        <section aria-labelledby="your-place-title" class="stack event-registration">
            <Heading level id="your-place-title">"Your place"</Heading>
            <FormNotice message=registered tone="success" />
            <FormNotice message=cancelled tone="success" />
            <FormNotice message=register_feedback.general() />
            <FormNotice message=cancel_feedback.general() />
            <p class="muted">{page.registration_note.clone()}</p>
            {status}
            {form}
        </section>
    }
}

/// For the space's managers: edit, attendees, cancel.
#[component]
fn Manage(page: EventPage, actions: Actions, level: u8) -> impl IntoView {
    if !page.space.can_manage {
        return ().into_any();
    }
    let feedback = FormFeedback::new(actions.cancel_event.value());
    let path = page.space.event_path(page.event.id);
    let counts = format!(
        "{} · {} registered · {} on the waitlist",
        places_text(&page.event),
        page.event.taken,
        page.event.waiting
    );
    let cancel = (page.event.state == EventState::Scheduled).then(|| {
        view! {
            <ActionForm action=actions.cancel_event attr:class="stack">
                <input type="hidden" name="space" value=page.space.slug() />
                <input type="hidden" name="event" value=page.event.id />
                <CheckBox label="Yes, cancel this event and email everyone registered or waiting" name="confirm"
                    checked=false id_prefix="cancel-event" />
                <FieldError id="field-confirm-error" error=feedback.field("confirm") />
                <div>
                    <button type="submit" class="button button--danger">"Cancel the event"</button>
                </div>
            </ActionForm>
        }
    });
    view! {
        <section aria-labelledby="manage-event-title" class="stack event-manage">
            <Heading level id="manage-event-title">"Manage this event"</Heading>
            <p class="muted">{counts}</p>
            <p class="cluster">
                <a class="button button--secondary" href=format!("{path}/attendees")>"Attendees and check-in"</a>
                {(page.event.state == EventState::Scheduled).then(|| view! {
                    <a class="button button--secondary" href=format!("{path}/edit")>"Edit the event"</a>
                })}
            </p>
            <FormNotice message=feedback.general() />
            {cancel}
        </section>
    }
    .into_any()
}
