//! The discussion pages. Each works in the hub's space (`/discussion…`)
//! and in a program's (`/programs/:slug/discussion…`): the route's `slug`
//! names the space, [`SpaceFrame`] draws the program's banner around a
//! program's pages, and [`SpaceHeading`] is the page's `h1` in the hub and
//! an `h2` under the program's banner.

pub(crate) mod ask;
pub(crate) mod list;
pub(crate) mod moderation;
mod post;
pub(crate) mod thread;

use super::Author;
use crate::{
    error::AppError,
    hub::{HubSettings, WithHub},
    programs::{api::get_program_page, home::ProgramHeader},
    ui::{set_page_status, ErrorNotice, NotFound, SignInPrompt},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The space of the current route: a program's slug, or "" for the hub's.
pub fn use_space() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("slug").unwrap_or_default())
}

/// The `:id` of the current route (0 when it is no number: not found).
pub fn use_id(name: &'static str) -> Memo<i64> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get(name)
            .and_then(|id| id.parse().ok())
            .unwrap_or(0)
    })
}

/// A program's banner above a page of its space (nothing in the hub's).
/// Create it after the page's own resources: it creates the program's.
#[component]
pub fn SpaceFrame(space: Memo<String>, children: Children) -> impl IntoView {
    let in_program = !space.get_untracked().is_empty();
    let banner = in_program.then(|| {
        let page = Resource::new(move || space.get(), get_program_page);
        view! { <ProgramHeader page /> }
    });
    let class = if in_program {
        "page program-section stack"
    } else {
        "page stack"
    };
    view! {
        {banner}
        <div class=class>{children()}</div>
    }
}

/// The page's heading: `h1#page-title` in the hub's space, `h2#tab-title`
/// under a program's banner (whose name is the `h1`). Sets the title.
///
/// With `tab`, it is the tab's own heading: in the hub's space the hub's
/// label for the tab (admins may rename it) instead of `text`.
#[component]
pub fn SpaceHeading(
    /// `None` for the hub's space.
    program: Option<String>,
    #[prop(into)] text: String,
    #[prop(optional)] tab: bool,
) -> impl IntoView {
    match program {
        Some(name) => {
            let title = format!("{text} · {name}");
            view! {
                <WithHub render=move |hub: HubSettings| {
                    view! { <Title text=format!("{title} · {}", hub.hub_name) /> }
                } />
                <h2 id="tab-title">{text}</h2>
            }
            .into_any()
        }
        None => view! {
            <WithHub render=move |hub: HubSettings| {
                let text = if tab { hub.labels.discussion.clone() } else { text.clone() };
                view! {
                    <Title text=format!("{text} · {}", hub.hub_name) />
                    <h1 id="page-title">{text}</h1>
                }
            } />
        }
        .into_any(),
    }
}

/// A heading of `level` (2 to 4): the discussion pages sit one level
/// deeper under a program's banner than in the hub.
#[component]
pub fn Heading(
    level: u8,
    #[prop(optional)] id: Option<&'static str>,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    match level {
        ..=2 => view! { <h2 id=id class=class>{children()}</h2> }.into_any(),
        3 => view! { <h3 id=id class=class>{children()}</h3> }.into_any(),
        _ => view! { <h4 id=id class=class>{children()}</h4> }.into_any(),
    }
}

/// The level of the headings below a page's title: 2 in the hub's space,
/// 3 under a program's banner.
pub fn section_level(in_program: bool) -> u8 {
    if in_program {
        3
    } else {
        2
    }
}

/// What a page shows instead of its content when it may not be read.
pub fn refusal(error: AppError, in_program: bool) -> AnyView {
    match error {
        // In the hub's space the tab keeps its heading above the prompt.
        AppError::Unauthorized if !in_program => view! {
            <SpaceHeading program=None text="Discussion" tab=true />
            <SignInPrompt heading="Sign in to read and ask questions".to_owned() heading_id="tab-title" />
        }
        .into_any(),
        AppError::Unauthorized => {
            view! { <SignInPrompt heading="Discussion is for members".to_owned() heading_id="tab-title" /> }
                .into_any()
        }
        AppError::Forbidden if !in_program => {
            set_page_status(403);
            view! { <crate::ui::Page heading="Discussion is for members" lead="Your account may not read this discussion." /> }
                .into_any()
        }
        AppError::Forbidden => {
            set_page_status(403);
            view! {
                <h2 id="tab-title">"Discussion is for members"</h2>
                <div class="empty-state">
                    <p>"Only the program's approved members and its admins read and write here. Join from the About tab; if your application is pending approval, this tab opens once an admin approves it."</p>
                </div>
            }
            .into_any()
        }
        // Under a program's banner, the banner says it is not found.
        AppError::NotFound if in_program => {
            set_page_status(404);
            view! {
                <h2 id="tab-title">"Not found"</h2>
                <p>"This question does not exist here, or it was deleted."</p>
            }
            .into_any()
        }
        AppError::NotFound => view! { <NotFound /> }.into_any(),
        error => view! { <ErrorNotice message=error.message_about("q") /> }.into_any(),
    }
}

/// Who wrote a post, as the viewer may know it: a link to a member's
/// profile, or "Anonymous member" (and, to its author only, that they
/// posted it anonymously).
#[component]
pub fn AuthorName(author: Author) -> impl IntoView {
    let name = match author.user_id {
        Some(id) if !author.anonymous => {
            view! { <a href=format!("/members/{id}")>{author.name.clone()}</a> }.into_any()
        }
        _ => view! { <span>{author.name.clone()}</span> }.into_any(),
    };
    let you = match (author.is_you, author.anonymous) {
        (true, true) => {
            Some(view! { <span class="badge badge--pending">"You posted this anonymously"</span> })
        }
        (true, false) => Some(view! { <span class="badge badge--member">"You"</span> }),
        _ => None,
    };
    view! { <span class="author">{name} " " {you}</span> }
}

/// A date as shown next to posts.
pub fn when(at: chrono::NaiveDateTime) -> impl IntoView {
    view! {
        <time datetime=crate::programs::admin::iso_day(at)>{crate::programs::admin::day(at)}</time>
    }
}

/// Plain text with its `http(s)://` addresses as links (comments).
pub fn linkified(text: &str) -> impl IntoView {
    let mut parts = Vec::new();
    let mut rest = String::new();
    for (index, word) in text.split(' ').enumerate() {
        if index > 0 {
            rest.push(' ');
        }
        let is_link = (word.starts_with("https://") || word.starts_with("http://"))
            && word.len() > "https://".len();
        if is_link {
            let link = word.trim_end_matches(['.', ',', ')', ';', ':', '!', '?']);
            let tail = &word[link.len()..];
            parts.push(std::mem::take(&mut rest).into_any());
            let href = link.to_owned();
            parts.push(
                view! { <a href=href rel="nofollow ugc noopener">{link.to_owned()}</a> }.into_any(),
            );
            rest.push_str(tail);
        } else {
            rest.push_str(word);
        }
    }
    parts.push(rest.into_any());
    parts
}
