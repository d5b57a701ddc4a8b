//! A space's Discussion tab (`/discussion`, `/programs/:slug/discussion`):
//! the questions with their sorts and filters, a page at a time, or with
//! `?q=` the search results.

use super::{
    refusal, section_level, use_space, when, AuthorName, Heading, HubTab, SpaceFrame, SpaceHeading,
};
use crate::{
    discussion::{
        api::{get_threads, search_discussion},
        SearchResults, SpaceInfo, ThreadList, ThreadScope, ThreadSort, ThreadStatus, ThreadSummary,
    },
    programs::admin::{flag_notice, plural},
    ui::{FormNotice, GetForm, Pager},
};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};
use serde::{Deserialize, Serialize};

/// What the tab shows: the list, or the results of a search.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum Listing {
    Threads(ThreadList),
    Search(SearchResults),
}

#[component]
pub fn ThreadListPage() -> impl IntoView {
    let space = use_space();
    let location = use_location();
    let query = use_query_map();
    let listing = Resource::new(
        move || (space.get(), location.search.get()),
        move |(space, _)| {
            let q = query.get_untracked();
            let get = |key: &str| q.get(key).unwrap_or_default();
            let search = get("q");
            let page = crate::ui::page_param(q.get_str("page"));
            let (sort, scope, tag) = (get("sort"), get("scope"), get("tag"));
            async move {
                if search.trim().is_empty() {
                    get_threads(space, sort, scope, tag, page)
                        .await
                        .map(Listing::Threads)
                } else {
                    search_discussion(space, search).await.map(Listing::Search)
                }
            }
        },
    );
    let in_program = !space.get_untracked().is_empty();
    view! {
        <SpaceFrame space>
            <Transition fallback=|| view! { <p>"Loading the questions…"</p> }>
                {move || Suspend::new(async move {
                    match listing.await {
                        Ok(Listing::Threads(list)) => view! { <Threads list /> }.into_any(),
                        Ok(Listing::Search(results)) => view! { <Results results /> }.into_any(),
                        Err(error) => refusal(error, in_program),
                    }
                })}
            </Transition>
        </SpaceFrame>
    }
}

/// The heading, the ask button and the search box, above the list and the
/// results alike.
#[component]
fn TabTop(space: SpaceInfo, search: String) -> impl IntoView {
    let program = space.program_slug.as_ref().map(|_| space.name.clone());
    let ask = match space.suspended_until {
        None => view! {
            <a class="button button--primary" href=format!("{}/ask", space.path)>"Ask a question"</a>
        }
        .into_any(),
        Some(until) => view! {
            <p class="notice notice--info">
                {format!(
                    "A moderator has paused your posting in this space until {}. You can still read and vote.",
                    crate::programs::admin::day(until)
                )}
            </p>
        }
        .into_any(),
    };
    let moderate = space.can_moderate.then(|| {
        let href = match &space.program_slug {
            Some(slug) => format!("/programs/{slug}/admin/discussion"),
            None => "/admin/discussion".into(),
        };
        view! { <a class="button button--secondary" href=href>"Moderate"</a> }
    });
    view! {
        <div class="discussion-top">
            <SpaceHeading program text="Discussion" tab=HubTab::Discussion />
            <p class="cluster">{ask} {moderate}</p>
        </div>
        <GetForm class="cluster discussion-search" role="search">
            <div class="field">
                <label class="field__label" for="discussion-q">"Search questions and answers"</label>
                <input id="discussion-q" name="q" type="search" value=search maxlength="200" />
            </div>
            <button type="submit" class="button button--secondary">"Search"</button>
        </GetForm>
    }
}

#[component]
fn Threads(list: ThreadList) -> impl IntoView {
    let quiet = Signal::derive(|| false);
    let deleted = flag_notice("deleted", quiet, |_| {
        Some("Your question is deleted.".into())
    });
    let filters = list.filters.clone();
    let base = list.space.path.clone();
    let filter_query = {
        let mut parts = Vec::new();
        if filters.sort != ThreadSort::default() {
            parts.push(format!("sort={}", filters.sort.as_str()));
        }
        if filters.scope != ThreadScope::default() {
            parts.push(format!("scope={}", filters.scope.as_str()));
        }
        if !filters.tag.is_empty() {
            parts.push(format!("tag={}", crate::text::urlencode(&filters.tag)));
        }
        parts.join("&")
    };
    let link = {
        let base = base.clone();
        move |n: i64| {
            if filter_query.is_empty() {
                format!("{base}?page={n}")
            } else {
                format!("{base}?{filter_query}&page={n}")
            }
        }
    };
    let filtered = filters.sort != ThreadSort::default()
        || filters.scope != ThreadScope::default()
        || !filters.tag.is_empty();
    let level = section_level(list.space.program_slug.is_some());
    let body = if list.threads.is_empty() {
        view! {
            <div class="empty-state">
                <Heading level class="empty-state__title">{if filtered { "No questions match" } else { "No questions yet" }}</Heading>
                <p>{if filtered {
                    "Try another order, every tag, or all questions."
                } else {
                    "Ask the first one: what would you like to learn from the others here?"
                }}</p>
            </div>
        }
        .into_any()
    } else {
        let space = list.space.clone();
        let items = list
            .threads
            .iter()
            .cloned()
            .map(|thread| {
                let href = space.thread_path(thread.id);
                let tag_base = base.clone();
                view! { <ThreadItem thread href tag_base level /> }
            })
            .collect_view();
        let count = plural(list.total, "question", "questions");
        let summary = if list.pages > 1 {
            format!("{count} · page {} of {}", list.page, list.pages)
        } else {
            count
        };
        view! {
            <p class="muted" role="status">{summary}</p>
            <ul class="thread-list">{items}</ul>
            <Pager page=list.page pages=list.pages of="questions" link />
        }
        .into_any()
    };
    view! {
        <TabTop space=list.space.clone() search=String::new() />
        <FormNotice message=deleted tone="success" />
        <Filters list=list.clone() />
        {body}
    }
}

#[component]
fn Filters(list: ThreadList) -> impl IntoView {
    let filters = list.filters;
    let sorts = ThreadSort::ALL
        .iter()
        .map(|sort| {
            view! { <option value=sort.as_str() selected=*sort == filters.sort>{sort.label()}</option> }
        })
        .collect_view();
    let scopes = ThreadScope::ALL
        .iter()
        .map(|scope| {
            view! { <option value=scope.as_str() selected=*scope == filters.scope>{scope.label()}</option> }
        })
        .collect_view();
    let tags = list
        .space
        .tags
        .iter()
        .map(|tag| {
            view! { <option value=tag.clone() selected=*tag == filters.tag>{tag.clone()}</option> }
        })
        .collect_view();
    view! {
        <GetForm class="cluster discussion-filters">
            <div class="field">
                <label class="field__label" for="discussion-sort">"Order"</label>
                <select id="discussion-sort" name="sort">{sorts}</select>
            </div>
            <div class="field">
                <label class="field__label" for="discussion-scope">"Show"</label>
                <select id="discussion-scope" name="scope">{scopes}</select>
            </div>
            <div class="field">
                <label class="field__label" for="discussion-tag">"Tag"</label>
                <select id="discussion-tag" name="tag">
                    <option value="" selected=filters.tag.is_empty()>"Every tag"</option>
                    {tags}
                </select>
            </div>
            <button type="submit" class="button button--secondary">"Show questions"</button>
        </GetForm>
    }
}

#[component]
fn ThreadItem(thread: ThreadSummary, href: String, tag_base: String, level: u8) -> impl IntoView {
    let answers = plural(i64::from(thread.answers), "answer", "answers");
    let votes = plural(i64::from(thread.score), "vote", "votes");
    let accepted = thread
        .has_accepted
        .then(|| view! { <span class="badge badge--member">"Accepted answer"</span> });
    let status = (thread.status != ThreadStatus::Open)
        .then(|| view! { <span class="badge badge--draft">{thread.status.label()}</span> });
    let tags = thread
        .tags
        .iter()
        .map(|tag| {
            let href = format!("{tag_base}?tag={}", crate::text::urlencode(tag));
            view! { <li><a href=href>{tag.clone()}</a></li> }
        })
        .collect_view();
    view! {
        <li class="thread-item">
            <Heading level class="thread-item__title"><a href=href>{thread.title.clone()}</a></Heading>
            <p class="cluster muted thread-item__meta">
                <span>{answers}</span>
                <span>{votes}</span>
                {accepted}
                {status}
            </p>
            <ul class="tag-list" aria-label="Tags">{tags}</ul>
            <p class="muted thread-item__by">
                "Asked by " <AuthorName author=thread.author.clone() /> " on " {when(thread.created_at)}
                {(thread.last_activity_at > thread.created_at).then(|| view! { " · active " {when(thread.last_activity_at)} })}
            </p>
        </li>
    }
}

#[component]
fn Results(results: SearchResults) -> impl IntoView {
    let count = plural(
        (results.hits.len() + results.resources.len()) as i64,
        "result",
        "results",
    );
    let back = results.space.path.clone();
    let level = section_level(results.space.program_slug.is_some());
    let found_threads = !results.hits.is_empty();
    let resources = (!results.resources.is_empty()).then(|| {
        let items = results
            .resources
            .clone()
            .into_iter()
            .map(|hit| {
                view! {
                    <li class="thread-item">
                        <Heading level=level + 1 class="thread-item__title">
                            <a href=hit.path.clone()>{hit.title.clone()}</a>
                        </Heading>
                        <p class="muted">{format!("Resource · {}", hit.kind.label())}</p>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="resource-results">
                <Heading level id="resource-results">"In the resources"</Heading>
                <ul class="thread-list">{items}</ul>
            </section>
            {found_threads.then(|| view! { <Heading level>"In the discussion"</Heading> })}
        }
    });
    let body = if results.hits.is_empty() && results.resources.is_empty() {
        view! {
            <div class="empty-state">
                <Heading level class="empty-state__title">"Nothing found"</Heading>
                <p>"Try fewer or other words, or ask the question yourself."</p>
            </div>
        }
        .into_any()
    } else {
        let space = results.space.clone();
        let hits = results
            .hits
            .iter()
            .map(|hit| {
                let href = format!("{}#post-{}", space.thread_path(hit.thread_id), hit.post_id);
                let title = hit.title.clone();
                let excerpt = hit
                    .excerpt
                    .iter()
                    .map(|(text, matched)| {
                        if *matched {
                            view! { <mark>{text.clone()}</mark> }.into_any()
                        } else {
                            text.clone().into_any()
                        }
                    })
                    .collect_view();
                view! {
                    <li class="thread-item">
                        <Heading level class="thread-item__title"><a href=href>{title}</a></Heading>
                        <p class="muted">{hit.kind.label()}</p>
                        <p class="search-excerpt">{excerpt}</p>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="thread-list">{hits}</ul> }.into_any()
    };
    view! {
        <TabTop space=results.space.clone() search=results.query.clone() />
        <p class="muted" role="status">{format!("{count} for \u{201c}{}\u{201d}", results.query)}</p>
        <p><a href=back>"Back to every question"</a></p>
        {resources}
        {body}
    }
}
