//! A library (`/resources`, `/programs/:slug/resources`): pinned and
//! loose resources first, then each section's; for its managers the
//! buttons that add, order and pin resources and manage the sections.

use super::{item_href, refusal, ItemFacts};
use crate::{
    programs::{
        admin::{flag_notice, Reloads},
        space::{section_level, use_space, Heading, HubTab, SpaceFrame, SpaceHeading},
    },
    resources::{
        api::{get_library, AddSection, MoveResource, MoveSection, RemoveSection, RenameSection},
        Library, LibraryPage, Move, ResourceSummary, Section,
    },
    ui::{Field, FieldError, FormFeedback, FormNotice},
};
use leptos::prelude::*;

#[derive(Clone, Copy)]
struct Actions {
    move_item: ServerAction<MoveResource>,
    add_section: ServerAction<AddSection>,
    rename_section: ServerAction<RenameSection>,
    move_section: ServerAction<MoveSection>,
    remove_section: ServerAction<RemoveSection>,
}

#[component]
pub fn LibraryView() -> impl IntoView {
    let space = use_space();
    let actions = Actions {
        move_item: ServerAction::new(),
        add_section: ServerAction::new(),
        rename_section: ServerAction::new(),
        move_section: ServerAction::new(),
        remove_section: ServerAction::new(),
    };
    let reloads = Reloads::new();
    reloads.after(actions.move_item.value());
    reloads.after(actions.add_section.value());
    reloads.after(actions.rename_section.value());
    reloads.after(actions.move_section.value());
    reloads.after(actions.remove_section.value());
    let page = Resource::new(
        move || (space.get(), reloads.get()),
        |(space, _)| get_library(space),
    );
    let in_program = !space.get_untracked().is_empty();
    view! {
        <SpaceFrame space>
            <Transition fallback=|| view! { <p>"Loading the resources…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <Shelves page actions /> }.into_any(),
                        Err(error) => refusal(error, in_program),
                    }
                })}
            </Transition>
        </SpaceFrame>
    }
}

#[component]
fn Shelves(page: LibraryPage, actions: Actions) -> impl IntoView {
    let quiet = Signal::derive(|| false);
    let notices = [
        flag_notice("deleted", quiet, |_| {
            Some("The resource is deleted.".into())
        }),
        flag_notice("section_added", quiet, |_| {
            Some("The section is added.".into())
        }),
        flag_notice("section_removed", quiet, |_| {
            Some("The section is removed; its resources are now outside any section.".into())
        }),
    ]
    .map(|message| view! { <FormNotice message tone="success" /> });
    let library = page.library.clone();
    let program = library.program_slug.as_ref().map(|_| library.name.clone());
    let level = section_level(program.is_some());
    let manage = library.can_manage;
    let add = manage.then(|| {
        let base = library.path.clone();
        view! {
            <p class="cluster">
                <a class="button button--primary" href=format!("{base}/new?kind=link")>"Add a link"</a>
                <a class="button" href=format!("{base}/new?kind=page")>"Write a page"</a>
                <a class="button" href=format!("{base}/new?kind=file")>"Upload a file"</a>
            </p>
        }
    });
    let empty = page.loose.is_empty() && page.sections.iter().all(|s| s.items.is_empty());
    let new_note = (page.new_count > 0).then(|| {
        let text = if page.new_count == 1 {
            "1 resource is new since your last visit.".to_owned()
        } else {
            format!(
                "{} resources are new since your last visit.",
                page.new_count
            )
        };
        view! { <p class="muted" role="status">{text}</p> }
    });
    let body = if empty && !manage {
        view! {
            <div class="empty-state">
                <Heading level class="empty-state__title">"Nothing shared yet"</Heading>
                <p>"Guides, links and files the admins share with you appear here."</p>
            </div>
        }
        .into_any()
    } else {
        let loose = (!page.loose.is_empty()).then(|| {
            view! { <Items items=page.loose.clone() library=library.clone() actions level /> }
        });
        let count = page.sections.len();
        let sections = page
            .sections
            .iter()
            .cloned()
            .enumerate()
            .map(|(at, section)| {
                view! {
                    <SectionView section library=library.clone() actions level
                        first=at == 0 last=at + 1 == count />
                }
            })
            .collect_view();
        view! { {loose} {sections} }.into_any()
    };
    let section_form =
        manage.then(|| view! { <AddSectionForm library=library.clone() actions level /> });
    view! {
        <div class="discussion-top">
            <SpaceHeading program text="Resources" tab=HubTab::Resources />
            {add}
        </div>
        {notices}
        {new_note}
        {body}
        {section_form}
    }
}

#[component]
fn SectionView(
    section: Section,
    library: Library,
    actions: Actions,
    level: u8,
    first: bool,
    last: bool,
) -> impl IntoView {
    let id = section.id;
    let heading_id = format!("section-{id}-title");
    let tools = library.can_manage.then(|| {
        let space = library.program_slug.clone().unwrap_or_default();
        view! { <SectionTools id title=section.title.clone() space actions first last /> }
    });
    let items = if section.items.is_empty() {
        view! { <p class="muted">"No resources in this section yet."</p> }.into_any()
    } else {
        view! { <Items items=section.items.clone() library=library.clone() actions level=level + 1 /> }
            .into_any()
    };
    view! {
        <section class="resource-section" id=format!("section-{id}") aria-labelledby=heading_id>
            <Heading level id=heading_id.clone()>{section.title.clone()}</Heading>
            {items}
            {tools}
        </section>
    }
}

#[component]
fn Items(
    items: Vec<ResourceSummary>,
    library: Library,
    actions: Actions,
    level: u8,
) -> impl IntoView {
    let count = items.len();
    items
        .into_iter()
        .enumerate()
        .map(|(at, item)| {
            let href = item_href(&library, &item);
            let external = item.kind == crate::resources::ResourceKind::Link;
            let title = item.title.clone();
            let summary = (!item.summary.is_empty()).then(|| view! { <p>{item.summary.clone()}</p> });
            let tools = library.can_manage.then(|| {
                view! { <ItemTools item=item.clone() library=library.clone() actions first=at == 0 last=at + 1 == count /> }
            });
            view! {
                <article class="resource-item" id=format!("resource-{}", item.id)>
                    <Heading level class="resource-item__title">
                        <a href=href rel=external.then_some("noopener noreferrer nofollow")>{title}</a>
                    </Heading>
                    {summary}
                    <ItemFacts item=item.clone() library=library.clone() />
                    {tools}
                </article>
            }
        })
        .collect_view()
}

/// One submit button of a moving form: its `change` is what it posts.
fn change_button(change: Move, name: &str) -> impl IntoView {
    view! {
        <button type="submit" class="button button--small" name="change" value=change.as_str()>
            {format!("{} ({name})", change.label())}
        </button>
    }
}

#[component]
fn ItemTools(
    item: ResourceSummary,
    library: Library,
    actions: Actions,
    first: bool,
    last: bool,
) -> impl IntoView {
    let space = library.program_slug.clone().unwrap_or_default();
    let id = item.id;
    let name = item.title.clone();
    let pin = if item.pinned { Move::Unpin } else { Move::Pin };
    // One form for the item's moves: the button pressed posts its change
    // (a long library renders one form per item, not three).
    view! {
        <div class="cluster resource-item__tools">
            <ActionForm action=actions.move_item attr:class="inline-form cluster">
                <input type="hidden" name="space" value=space />
                <input type="hidden" name="id" value=id />
                {(!first).then(|| change_button(Move::Up, &name))}
                {(!last).then(|| change_button(Move::Down, &name))}
                {change_button(pin, &name)}
            </ActionForm>
            <a class="button button--small" href=format!("{}/edit", library.item_path(id))>
                "Edit" <span class="visually-hidden">{format!(" {}", item.title)}</span>
            </a>
        </div>
    }
}

#[component]
fn SectionTools(
    id: i64,
    title: String,
    space: String,
    actions: Actions,
    first: bool,
    last: bool,
) -> impl IntoView {
    let feedback = FormFeedback::new(actions.rename_section.value());
    let mine = Signal::derive(move || {
        actions.rename_section.value().with(
            |value| matches!(value, Some(Err(e)) if e.submitted("section") == Some(id.to_string())),
        )
    });
    let name = title.clone();
    let value = {
        let title = title.clone();
        Signal::derive(move || {
            if mine.get() {
                feedback.value_or("title", String::new).get()
            } else {
                title.clone()
            }
        })
    };
    let message = Signal::derive(move || {
        if mine.get() {
            feedback.field("title").get()
        } else {
            None
        }
    });
    let space_for_rename = space.clone();
    let space_for_move = space.clone();
    let space_for_remove = space;
    view! {
        <details class="resource-section__tools">
            <summary>{format!("Manage the section \u{201c}{title}\u{201d}")}</summary>
            <ActionForm action=actions.rename_section attr:class="form cluster">
                <input type="hidden" name="space" value=space_for_rename />
                <input type="hidden" name="id" value=id />
                <label for=format!("section-{id}-name")>"Section title"</label>
                <input id=format!("section-{id}-name") name="title" required maxlength="80"
                    prop:value=value aria-invalid=move || message.get().map(|_| "true")
                    aria-describedby=move || message.get().map(|_| format!("section-{id}-name-error")) />
                <button type="submit" class="button button--small">"Rename"</button>
                <FieldError id=format!("section-{id}-name-error") error=message />
            </ActionForm>
            <div class="cluster">
                {(!first || !last).then(|| view! {
                    <ActionForm action=actions.move_section attr:class="inline-form cluster">
                        <input type="hidden" name="space" value=space_for_move />
                        <input type="hidden" name="id" value=id />
                        {(!first).then(|| change_button(Move::Up, &name))}
                        {(!last).then(|| change_button(Move::Down, &name))}
                    </ActionForm>
                })}
                <ActionForm action=actions.remove_section attr:class="inline-form">
                    <input type="hidden" name="space" value=space_for_remove />
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="button button--small button--danger">
                        "Remove the section" <span class="visually-hidden">{format!(" {title}")}</span>
                    </button>
                </ActionForm>
            </div>
            <p class="muted">"Removing a section keeps its resources: they move out of it, to the top of the library."</p>
        </details>
    }
}

#[component]
fn AddSectionForm(library: Library, actions: Actions, level: u8) -> impl IntoView {
    let feedback = FormFeedback::new(actions.add_section.value());
    view! {
        <section class="resource-sections" aria-labelledby="add-section-title">
            <Heading level id="add-section-title">"Add a section"</Heading>
            <ActionForm action=actions.add_section attr:class="form stack">
                <input type="hidden" name="space" value=library.program_slug.clone().unwrap_or_default() />
                <Field label="Section title" name="title" required=true feedback id="new-section-title"
                    value=feedback.value_or("title", String::new)
                    help="Sections group resources: \u{201c}Getting started\u{201d}, \u{201c}For mentors\u{201d}." />
                <div class="form__actions">
                    <button type="submit" class="button">"Add the section"</button>
                </div>
            </ActionForm>
        </section>
    }
}
