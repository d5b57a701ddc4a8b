//! The resources pages. Each works in the hub's library (`/resources…`)
//! and in a program's (`/programs/:slug/resources…`), drawn with the
//! scaffold of `programs::space`.

pub(crate) mod form;
pub(crate) mod item;
pub(crate) mod library;
mod upload;

use crate::{
    error::AppError,
    programs::{
        space::{HubTab, Refusals},
        Audience,
    },
    resources::{Library, ResourceKind, ResourceSummary},
};
use leptos::prelude::*;

const REFUSALS: Refusals = Refusals {
    tab: HubTab::Resources,
    tab_text: "Resources",
    sign_in: "Sign in to see the resources",
    members_only: "Resources are for members",
    hub_forbidden: ("For the hub's admins", "Only the hub's admins manage its resources."),
    members_text: "Only the program's approved members see its resources (some only its mentors, or only its mentees), and only its admins manage them. Join from the About tab; if your application is pending approval, this tab opens once an admin approves it.",
    not_found: "This resource does not exist here.",
};

/// What a page shows instead of its content when it may not be read.
pub fn refusal(error: AppError, in_program: bool) -> AnyView {
    crate::programs::space::refusal(error, in_program, &REFUSALS)
}

/// Where a resource's title goes: a link to its address, a page or a
/// file to the resource's own page.
pub fn item_href(library: &Library, item: &ResourceSummary) -> String {
    match item.kind {
        ResourceKind::Link => item.url.clone(),
        _ => library.item_path(item.id),
    }
}

/// The badges and facts under a resource's title.
#[component]
pub fn ItemFacts(item: ResourceSummary, library: Library) -> impl IntoView {
    let kind = match (&item.kind, &item.file) {
        (ResourceKind::File, Some(file)) => format!("{} · {}", file.label, file.size),
        (ResourceKind::Link, _) => format!("Link · {}", host_of(&item.url)),
        (kind, _) => kind.label().to_owned(),
    };
    let download = item.file.as_ref().map(|file| {
        let label = if file.inline { "Open" } else { "Download" };
        view! {
            <a class="resource-item__download" href=library.file_path(item.id)>
                {label} <span class="visually-hidden">{format!(" {}", item.title)}</span>
            </a>
        }
    });
    view! {
        <p class="cluster resource-item__facts">
            {item.is_new.then(|| view! { <span class="badge badge--new">"New"</span> })}
            {item.pinned.then(|| view! { <span class="badge">"Pinned"</span> })}
            {(item.audience != Audience::Everyone)
                .then(|| view! { <span class="badge">{item.audience.label()}</span> })}
            <span class="muted">{kind}</span>
            <span class="muted">{format!("Updated {}", item.updated)}</span>
            {download}
        </p>
    }
}

/// `example.org` of `https://example.org/guide`.
fn host_of(url: &str) -> String {
    url.split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', '?', '#']).next())
        .unwrap_or(url)
        .trim_start_matches("www.")
        .to_owned()
}
