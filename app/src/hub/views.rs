//! The hub's home page and its four tabs. The tab bodies are honest empty
//! states until their features land.

use super::{HubSettings, WithHub};
use crate::ui::Page;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <WithHub render=|hub: HubSettings| {
            view! {
                <Title text=hub.hub_name.clone() />
                <section class="hero" aria-labelledby="page-title">
                    <h1 id="page-title">{hub.hub_name.clone()}</h1>
                    <p class="hero__tagline">{hub.tagline.clone()}</p>
                </section>
                <section class="page" aria-labelledby="start-title">
                    <h2 id="start-title">"Where to start"</h2>
                    <ul class="card-grid">
                        <TabCard
                            href="/programs"
                            title=hub.labels.programs.clone()
                            text="Browse the programs of this hub and join one as a mentor or a mentee."
                        />
                        <TabCard
                            href="/discussion"
                            title=hub.labels.discussion.clone()
                            text="Ask the community a question or help someone with an answer."
                        />
                        <TabCard
                            href="/resources"
                            title=hub.labels.resources.clone()
                            text="Guides, templates and tips for making the most of a mentorship."
                        />
                        <TabCard
                            href="/events"
                            title=hub.labels.events.clone()
                            text="Meetups, workshops and talks you can register for."
                        />
                    </ul>
                </section>
            }
        } />
    }
}

#[component]
fn TabCard(href: &'static str, title: String, text: &'static str) -> impl IntoView {
    view! {
        <li class="card card--link">
            <h3 class="card__title">
                <a href=href>{title}</a>
            </h3>
            <p>{text}</p>
        </li>
    }
}

/// A hub tab page: its label as the heading, then an empty state.
#[component]
fn TabPage(
    label: fn(&HubSettings) -> String,
    empty_title: &'static str,
    empty_text: &'static str,
) -> impl IntoView {
    view! {
        <WithHub render=move |hub: HubSettings| {
            let heading = label(&hub);
            view! {
                <Page title=format!("{heading} · {}", hub.hub_name) heading class="page">
                    <div class="empty-state">
                        <h2 class="empty-state__title">{empty_title}</h2>
                        <p>{empty_text}</p>
                    </div>
                </Page>
            }
        } />
    }
}

#[component]
pub fn ResourcesPage() -> impl IntoView {
    view! {
        <TabPage
            label=|hub| hub.labels.resources.clone()
            empty_title="Nothing has been published yet"
            empty_text="Guides and program material that admins publish for every member will be collected here."
        />
    }
}
