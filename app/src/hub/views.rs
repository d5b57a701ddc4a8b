//! The hub's home page and its four tabs. The tab bodies are honest empty
//! states until their features land.

use super::{HubSettings, WithHub};
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
