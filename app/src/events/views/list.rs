//! A space's Events tab (`/events`, `/programs/:slug/events`): upcoming
//! events soonest first, or with `?when=past` the ones that ran, a page
//! at a time.

use super::{refusal, EventFacts};
use crate::{
    events::{api::get_events, EventList, ListWhen},
    programs::{
        admin::plural,
        space::{section_level, use_space, Heading, HubTab, SpaceFrame, SpaceHeading},
    },
    ui::Pager,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

#[component]
pub fn EventListPage() -> impl IntoView {
    let space = use_space();
    let location = use_location();
    let query = use_query_map();
    let list = Resource::new(
        move || (space.get(), location.search.get()),
        move |(space, _)| {
            let q = query.get_untracked();
            let when = q.get("when").unwrap_or_default();
            let page = crate::ui::page_param(q.get_str("page"));
            get_events(space, when, page)
        },
    );
    let in_program = !space.get_untracked().is_empty();
    view! {
        <SpaceFrame space>
            <Transition fallback=|| view! { <p>"Loading the events…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) => view! { <Events list /> }.into_any(),
                        Err(error) => refusal(error, in_program),
                    }
                })}
            </Transition>
        </SpaceFrame>
    }
}

#[component]
fn Events(list: EventList) -> impl IntoView {
    let program = list
        .space
        .program_slug
        .as_ref()
        .map(|_| list.space.name.clone());
    let level = section_level(program.is_some());
    let base = list.space.path.clone();
    let past = list.when == ListWhen::Past;
    let new_event = list.space.can_manage.then(|| {
        view! { <a class="button button--primary" href=format!("{base}/new")>"New event"</a> }
    });
    let (upcoming_href, past_href) = (base.clone(), format!("{base}?when=past"));
    let switch = view! {
        <nav class="cluster event-when" aria-label="Which events">
            <a href=upcoming_href aria-current=(!past).then_some("page")>"Upcoming"</a>
            <a href=past_href aria-current=past.then_some("page")>"Past"</a>
        </nav>
    };
    let body = if list.events.is_empty() {
        let (title, text) = if past {
            ("No past events", "Events that have ended are kept here.")
        } else if list.space.can_manage {
            (
                "No upcoming events",
                "Plan the first one: members get a page to register on, a calendar file and a reminder the day before.",
            )
        } else {
            (
                "No upcoming events",
                "When an event is planned for you here, it is listed on this page.",
            )
        };
        view! {
            <div class="empty-state">
                <Heading level class="empty-state__title">{title}</Heading>
                <p>{text}</p>
            </div>
        }
        .into_any()
    } else {
        let items = list
            .events
            .iter()
            .cloned()
            .map(|event| {
                let href = list.space.event_path(event.id);
                let title = event.title.clone();
                view! {
                    <li class="event-item">
                        <Heading level class="event-item__title"><a href=href>{title}</a></Heading>
                        <EventFacts event />
                    </li>
                }
            })
            .collect_view();
        let count = plural(
            list.total,
            if past { "past event" } else { "upcoming event" },
            if past {
                "past events"
            } else {
                "upcoming events"
            },
        );
        let summary = if list.pages > 1 {
            format!("{count} · page {} of {}", list.page, list.pages)
        } else {
            count
        };
        let link = {
            let base = base.clone();
            move |n: i64| {
                if past {
                    format!("{base}?when=past&page={n}")
                } else {
                    format!("{base}?page={n}")
                }
            }
        };
        view! {
            <p class="muted" role="status">{summary}</p>
            <ul class="event-list">{items}</ul>
            <Pager page=list.page pages=list.pages of="events" link />
        }
        .into_any()
    };
    view! {
        <div class="discussion-top">
            <SpaceHeading program text="Events" tab=HubTab::Events />
            <p class="cluster">{new_event}</p>
        </div>
        {switch}
        <p class="muted">{format!("Times are shown in {}. Change your time zone in your profile.", zone_name(&list.space.zone))}</p>
        {body}
    }
}

/// The profile's zone, or what the times fall back to.
pub fn zone_name(zone: &str) -> String {
    if zone.trim().is_empty() {
        "each event's own time zone".into()
    } else {
        zone.trim().to_owned()
    }
}
