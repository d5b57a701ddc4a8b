//! The discussion pages. Each works in the hub's space (`/discussion…`)
//! and in a program's (`/programs/:slug/discussion…`), drawn with the
//! scaffold of `programs::space`.

pub(crate) mod ask;
pub(crate) mod list;
pub(crate) mod moderation;
mod post;
pub(crate) mod thread;

use super::Author;
pub(crate) use crate::programs::space::{
    section_level, use_id, use_space, Heading, HubTab, SpaceFrame, SpaceHeading,
};
use crate::{error::AppError, programs::space::Refusals};
use leptos::prelude::*;

const REFUSALS: Refusals = Refusals {
    tab: HubTab::Discussion,
    tab_text: "Discussion",
    sign_in: "Sign in to read and ask questions",
    members_only: "Discussion is for members",
    hub_forbidden: (
        "Discussion is for members",
        "Your account may not read this discussion.",
    ),
    members_text: "Only the program's approved members and its admins read and write here. Join from the About tab; if your application is pending approval, this tab opens once an admin approves it.",
    not_found: "This question does not exist here, or it was deleted.",
};

/// What a page shows instead of its content when it may not be read.
pub fn refusal(error: AppError, in_program: bool) -> AnyView {
    crate::programs::space::refusal(error, in_program, &REFUSALS)
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
