//! The event form (`/events/new`, `/events/:id/edit`, and under
//! `/programs/:slug`): for the space's managers. Times are typed in the
//! event's own time zone; a refused form keeps every value.

use super::refusal;
use crate::{
    events::{
        api::{get_event_form, SaveEvent},
        rules::{ADDRESS_MAX, CAPACITY_MAX, DESCRIPTION_MAX, TITLE_MAX},
        Audience, EventFormPage, EventFormat,
    },
    programs::space::{use_id, use_space, SpaceFrame, SpaceHeading},
    ui::{CheckBox, ChoiceGroup, Field, FormFeedback, FormNotice},
};
use leptos::prelude::*;

/// Zones offered as suggestions; any IANA name is accepted.
const ZONES: &[&str] = &[
    "UTC",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Amsterdam",
    "Europe/Stockholm",
    "Europe/Warsaw",
    "Europe/Athens",
    "Europe/Helsinki",
    "Europe/Istanbul",
    "Africa/Lagos",
    "Africa/Nairobi",
    "Africa/Johannesburg",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/Sao_Paulo",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Mexico_City",
];

#[component]
pub fn EventFormView() -> impl IntoView {
    let space = use_space();
    // `/…/events/new` has no `:id`: 0 is a new event.
    let id = use_id("id");
    let save = ServerAction::<SaveEvent>::new();
    let page = Resource::new(
        move || (space.get(), id.get()),
        |(space, id)| get_event_form(space, id),
    );
    let in_program = !space.get_untracked().is_empty();
    view! {
        <SpaceFrame space>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <EventForm page save /> }.into_any(),
                        Err(error) => refusal(error, in_program),
                    }
                })}
            </Suspense>
        </SpaceFrame>
    }
}

#[component]
fn EventForm(page: EventFormPage, save: ServerAction<SaveEvent>) -> impl IntoView {
    let feedback = FormFeedback::new(save.value());
    let program = page
        .space
        .program_slug
        .as_ref()
        .map(|_| page.space.name.clone());
    let heading = if page.event_id.is_some() {
        "Edit the event"
    } else {
        "New event"
    };
    let back = match page.event_id {
        Some(id) => page.space.event_path(id),
        None => page.space.path.clone(),
    };
    if page.cancelled {
        return view! {
            <SpaceHeading program text=heading />
            <p class="notice notice--info">"This event was cancelled; it can no longer be changed."</p>
            <p><a href=back>"Back to the event"</a></p>
        }
        .into_any();
    }
    let draft = page.draft.clone();
    let value =
        move |name: &'static str, current: String| feedback.value_or(name, move || current.clone());
    let format = value("format", draft.format.clone()).get_untracked();
    let audience = value("audience", draft.audience.clone()).get_untracked();
    let formats: Vec<(&'static str, &'static str)> = EventFormat::ALL
        .iter()
        .map(|f| (f.as_str(), f.label()))
        .collect();
    let audiences: Vec<(&'static str, &'static str)> = Audience::ALL
        .iter()
        .map(|a| (a.as_str(), a.label()))
        .collect();
    let audience_choice = program.is_some().then(|| {
        view! {
            <ChoiceGroup legend="Who may register" name="audience" options=audiences
                selected=audience feedback />
        }
    });
    let waitlist = value("waitlist", draft.waitlist.clone().unwrap_or_default());
    let waitlist = Signal::derive(move || !waitlist.get().is_empty());
    let zones = ZONES
        .iter()
        .map(|zone| view! { <option value=*zone></option> })
        .collect_view();
    view! {
        <p><a href=back>{if page.event_id.is_some() { "Back to the event" } else { "Back to the events" }}</a></p>
        <SpaceHeading program text=heading />
        <FormNotice message=feedback.general() />
        <ActionForm action=save attr:class="form stack event-form">
            <input type="hidden" name="space" value=page.space.slug() />
            <input type="hidden" name="event" value=page.event_id.unwrap_or(0) />
            <Field label="Title" name="title" required=true feedback
                value=value("title", draft.title.clone())
                help="Short and specific: \u{201c}Spring mentor meetup\u{201d}." />
            <Field label="Description" name="description" rows=8 feedback
                value=value("description", draft.description.clone())
                help="What happens, for whom, what to bring. Markdown: **bold**, _italic_, lists, links." />
            <Field label="Time zone" name="time_zone" required=true feedback list="event-zones"
                value=value("time_zone", draft.time_zone.clone())
                help="The zone of the event's own clock (an IANA name such as Europe/Berlin). Members see the times in their own zone." />
            <datalist id="event-zones">{zones}</datalist>
            <div class="event-form__times">
                <Field label="Starts" name="starts" kind="datetime-local" required=true feedback
                    value=value("starts", draft.starts.clone()) />
                <Field label="Ends" name="ends" kind="datetime-local" required=true feedback
                    value=value("ends", draft.ends.clone()) />
            </div>
            <ChoiceGroup legend="Format" name="format" options=formats selected=format feedback />
            <Field label="Address" name="address" feedback
                value=value("address", draft.address.clone())
                help="Where to go, for an event in person." />
            <Field label="Online link" name="online_link" kind="url" feedback
                value=value("online_link", draft.online_link.clone())
                help="For an online event. Only members with a place see it: on this page, in their reminder and in their calendar." />
            <Field label="Places" name="capacity" kind="number" feedback
                value=value("capacity", draft.capacity.clone())
                help="Leave empty for no limit." />
            <CheckBox label="Keep a waitlist when the event is full" name="waitlist" checked=waitlist
                help="A place that frees up goes to the first on the waitlist, who gets an email (not in the last 2 hours before the start)." />
            {audience_choice}
            <div class="event-form__times">
                <Field label="Registration opens" name="registration_opens" kind="datetime-local" feedback
                    value=value("registration_opens", draft.registration_opens.clone())
                    help="Leave empty to open it now." />
                <Field label="Registration closes" name="registration_closes" kind="datetime-local" feedback
                    value=value("registration_closes", draft.registration_closes.clone())
                    help="Leave empty to close it at the start." />
            </div>
            <p class="muted">{format!(
                "Titles up to {TITLE_MAX} characters, descriptions up to {DESCRIPTION_MAX}, addresses up to {ADDRESS_MAX}; at most {CAPACITY_MAX} places."
            )}</p>
            <div class="form__actions">
                <button type="submit" class="button button--primary">
                    {if page.event_id.is_some() { "Save the event" } else { "Create the event" }}
                </button>
            </div>
        </ActionForm>
    }
    .into_any()
}
