//! The scaffold of a domain's pages that exist both hub-wide and in every
//! program (discussion, events, resources): the route's `slug` names the space
//! (empty for the hub's), [`SpaceFrame`] draws the program's banner around
//! a program's pages, and [`SpaceHeading`] is the page's `h1` in the hub
//! and an `h2` under the program's banner, whose name is the `h1`.

use super::{
    api::{get_program_page, ProgramPage},
    home::ProgramHeader,
};
use crate::{
    error::AppError,
    hub::{HubSettings, WithHub},
    ui::{set_page_status, ErrorNotice, NotFound, SignInPrompt},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// A hub tab whose label the hub admins may rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HubTab {
    Discussion,
    Events,
    Resources,
}

impl HubTab {
    fn label(self, hub: &HubSettings) -> String {
        match self {
            HubTab::Discussion => hub.labels.discussion.clone(),
            HubTab::Events => hub.labels.events.clone(),
            HubTab::Resources => hub.labels.resources.clone(),
        }
    }
}

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

/// The program whose banner [`SpaceFrame`] draws, for the pages inside it.
#[derive(Clone, Copy)]
struct SpaceProgram(Resource<Result<ProgramPage, AppError>>);

/// A program's banner above a page of its space (nothing in the hub's).
/// Create it after the page's own resources: it creates the program's.
#[component]
pub fn SpaceFrame(space: Memo<String>, children: Children) -> impl IntoView {
    let in_program = !space.get_untracked().is_empty();
    let banner = in_program.then(|| {
        let page = Resource::new(move || space.get(), get_program_page);
        provide_context(SpaceProgram(page));
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
/// With `tab`, it is that tab's own heading: in the hub's space the hub's
/// label for the tab (admins may rename it) instead of `text`.
#[component]
pub fn SpaceHeading(
    /// `None` for the hub's space.
    program: Option<String>,
    #[prop(into)] text: String,
    #[prop(optional)] tab: Option<HubTab>,
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
                let text = tab.map(|tab| tab.label(&hub)).unwrap_or_else(|| text.clone());
                view! {
                    <Title text=format!("{text} · {}", hub.hub_name) />
                    <h1 id="page-title">{text}</h1>
                }
            } />
        }
        .into_any(),
    }
}

/// A heading of `level` (2 to 4): a space's pages sit one level
/// deeper under a program's banner than in the hub.
#[component]
pub fn Heading(
    level: u8,
    #[prop(optional, into)] id: Option<String>,
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

/// What a domain's pages say when they may not be shown.
pub struct Refusals {
    /// The hub's tab, whose heading stays above the sign-in prompt.
    pub tab: HubTab,
    pub tab_text: &'static str,
    /// The sign-in prompt's heading in the hub's space.
    pub sign_in: &'static str,
    /// The heading in a program for a visitor or a non-member.
    pub members_only: &'static str,
    /// The hub's 403 page: heading and lead.
    pub hub_forbidden: (&'static str, &'static str),
    /// In a program, what a non-member reads under `members_only`.
    pub members_text: &'static str,
    /// In a program, what "not found" says.
    pub not_found: &'static str,
}

/// What a page of a space shows instead of its content when it may not
/// be read, with its status.
pub fn refusal(error: AppError, in_program: bool, texts: &Refusals) -> AnyView {
    match error {
        // In the hub's space the tab keeps its heading above the prompt.
        AppError::Unauthorized if !in_program => view! {
            <SpaceHeading program=None text=texts.tab_text tab=texts.tab />
            <SignInPrompt heading=texts.sign_in.to_owned() heading_id="tab-title" />
        }
        .into_any(),
        AppError::Unauthorized => view! {
            <SignInPrompt heading=texts.members_only.to_owned() heading_id="tab-title" />
        }
        .into_any(),
        AppError::Forbidden if !in_program => {
            set_page_status(403);
            let (heading, lead) = texts.hub_forbidden;
            view! { <crate::ui::Page heading lead /> }.into_any()
        }
        AppError::Forbidden => {
            set_page_status(403);
            view! {
                <h2 id="tab-title">{texts.members_only}</h2>
                <div class="empty-state">
                    <p>{texts.members_text}</p>
                    <JoinButton />
                </div>
            }
            .into_any()
        }
        // Under a program's banner, the banner says it is not found.
        AppError::NotFound if in_program => {
            set_page_status(404);
            view! {
                <h2 id="tab-title">"Not found"</h2>
                <p>{texts.not_found}</p>
            }
            .into_any()
        }
        AppError::NotFound => view! { <NotFound /> }.into_any(),
        error => view! { <ErrorNotice message=error.message_about("q") /> }.into_any(),
    }
}

/// "Join Program" under a program's refusal, when the member may apply.
#[component]
fn JoinButton() -> impl IntoView {
    let program = crate::context::lookup::<SpaceProgram>();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let page = program?.0.await.ok()?;
                page.can_apply().then(|| view! {
                    <a class="button button--join" href=format!("{}/join", page.program.path())>
                        "Join Program"
                    </a>
                })
            })}
        </Suspense>
    }
}
