//! Moderating a space (`/admin/discussion` for hub admins,
//! `/programs/:slug/admin/discussion` for a program's admins): the flag
//! queue, the curated tags and whether anonymous posts are allowed.

use super::{section_level, AuthorName, Heading};
use crate::{
    discussion::{
        api::{get_moderation, AddTag, DismissFlags, RemovePost, RemoveTag, SaveSpaceSettings},
        rules::SUSPENSION_MAX_DAYS,
        FlaggedPost, ModerationPage,
    },
    error::AppError,
    programs::admin::{
        flag_notice, load_admin_data, use_slug, AdminSection, ProgramAdminFrame, Reloads,
    },
    ui::{AdminsOnly, CheckBox, ErrorNotice, Field, FormFeedback, FormNotice, NotFound, Page},
};
use leptos::prelude::*;

#[derive(Clone, Copy)]
struct Actions {
    dismiss: ServerAction<DismissFlags>,
    remove: ServerAction<RemovePost>,
    settings: ServerAction<SaveSpaceSettings>,
    add_tag: ServerAction<AddTag>,
    remove_tag: ServerAction<RemoveTag>,
}

impl Actions {
    fn new(reloads: Reloads) -> Self {
        let actions = Actions {
            dismiss: ServerAction::new(),
            remove: ServerAction::new(),
            settings: ServerAction::new(),
            add_tag: ServerAction::new(),
            remove_tag: ServerAction::new(),
        };
        reloads.after(actions.dismiss.value());
        reloads.after(actions.remove.value());
        reloads.after(actions.settings.value());
        reloads.after(actions.add_tag.value());
        reloads.after(actions.remove_tag.value());
        actions
    }
}

/// The hub space's moderation, for hub admins.
#[component]
pub fn HubModerationPage() -> impl IntoView {
    let reloads = Reloads::new();
    let actions = Actions::new(reloads);
    let page = Resource::new(move || reloads.get(), |_| get_moderation(String::new()));
    view! {
        <Transition fallback=|| view! { <p class="page">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! {
                        <Page heading="Discussion moderation" class="page stack"
                            lead="Flagged posts of the hub-wide discussion, its tags, and whether members may post anonymously.">
                            <Moderation page actions />
                        </Page>
                    }
                    .into_any(),
                    Err(AppError::Unauthorized) => view! { <crate::ui::SignInPrompt /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <AdminsOnly /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <section class="page"><ErrorNotice message=error.to_string() /></section> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A program space's moderation, among the program's admin pages.
#[component]
pub fn ProgramModerationPage() -> impl IntoView {
    let slug = use_slug();
    let reloads = Reloads::new();
    let actions = Actions::new(reloads);
    let data = Resource::new(
        move || (slug.get(), reloads.get()),
        |(slug, _)| async move {
            let space = slug.clone();
            load_admin_data(slug, |_| get_moderation(space)).await
        },
    );
    view! {
        <ProgramAdminFrame section=AdminSection::Discussion data render=move |_, page: ModerationPage| {
            view! { <Moderation page actions /> }
        } />
    }
}

#[component]
fn Moderation(page: ModerationPage, actions: Actions) -> impl IntoView {
    let errors = [
        FormFeedback::new(actions.dismiss.value()),
        FormFeedback::new(actions.remove.value()),
        FormFeedback::new(actions.settings.value()),
        FormFeedback::new(actions.add_tag.value()),
        FormFeedback::new(actions.remove_tag.value()),
    ];
    let quiet = Signal::derive(move || errors.iter().any(|f| f.error().get().is_some()));
    let saved = flag_notice("saved", quiet, |_| Some("Done.".into()));
    let space = page.space.program_slug.clone().unwrap_or_default();
    let level = section_level(page.space.program_slug.is_some());
    let queue = if page.flagged.is_empty() {
        view! { <p class="muted">"No flagged posts. When members flag a post, it waits here for you."</p> }.into_any()
    } else {
        let space = space.clone();
        page.flagged
            .iter()
            .cloned()
            .map(|post| view! { <Flagged post space=space.clone() path=page.space.path.clone() actions level=level + 1 /> })
            .collect_view()
            .into_any()
    };
    view! {
        <FormNotice message=saved tone="success" />
        {errors.map(|f| view! { <FormNotice message=f.general() /> })}
        <p><a href=page.space.path.clone()>{format!("Open the discussion of {}", page.space.name)}</a></p>
        <section aria-labelledby="flags-title" class="stack">
            <Heading level id="flags-title">"Flagged posts"</Heading>
            {queue}
        </section>
        <Tags page=page.clone() actions level />
        <Settings page actions level />
    }
}

#[component]
fn Flagged(
    post: FlaggedPost,
    space: String,
    path: String,
    actions: Actions,
    level: u8,
) -> impl IntoView {
    let id = post.post_id;
    let href = format!("{path}/{}#post-{id}", post.thread_id);
    let reasons = post
        .reasons
        .iter()
        .map(|reason| view! { <li>{reason.clone()}</li> })
        .collect_view();
    let hidden = post
        .hidden
        .then(|| view! { <span class="badge badge--pending">"Hidden until reviewed"</span> });
    let days_id = format!("queue-days-{id}");
    let remove_space = space.clone();
    let label = format!("{} in \u{201c}{}\u{201d}", post.kind.label(), post.title);
    let title = post.title.clone();
    view! {
        <article class="card stack" aria-label=label>
            <Heading level><a href=href>{title}</a></Heading>
            <p class="cluster muted">
                <span>{post.kind.label()}</span>
                <span>"by " <AuthorName author=post.author.clone() /></span>
                {hidden}
            </p>
            <div class="prose" inner_html=post.body_html.clone()></div>
            <p><strong>"Reasons given"</strong></p>
            <ul>{reasons}</ul>
            <div class="cluster">
                <ActionForm action=actions.dismiss>
                    <input type="hidden" name="space" value=space.clone() />
                    <input type="hidden" name="post" value=id />
                    <button type="submit" class="button button--secondary button--small">"Keep the post"</button>
                </ActionForm>
                <ActionForm action=actions.remove attr:class="cluster">
                    <input type="hidden" name="space" value=remove_space />
                    <input type="hidden" name="post" value=id />
                    <input type="hidden" name="back" value="queue" />
                    <label for=days_id.clone()>"Pause its author\u{2019}s posting (days)"</label>
                    <input id=days_id name="days" type="number" min="0" max=SUSPENSION_MAX_DAYS.to_string() value="0" class="input--short" />
                    <button type="submit" class="button button--danger button--small">"Remove the post"</button>
                </ActionForm>
            </div>
        </article>
    }
}

#[component]
fn Tags(page: ModerationPage, actions: Actions, level: u8) -> impl IntoView {
    let feedback = FormFeedback::new(actions.add_tag.value());
    let space = page.space.program_slug.clone().unwrap_or_default();
    let no_tags = page.space.tags.is_empty();
    let items = page
        .space
        .tags
        .into_iter()
        .map(|tag| {
            let space = space.clone();
            view! {
                <li class="cluster">
                    <span>{tag.clone()}</span>
                    <ActionForm action=actions.remove_tag>
                        <input type="hidden" name="space" value=space />
                        <input type="hidden" name="tag" value=tag.clone() />
                        <button type="submit" class="button button--secondary button--small" aria-label=format!("Remove the tag {tag}")>"Remove"</button>
                    </ActionForm>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="tags-title" class="stack">
            <Heading level id="tags-title">"Tags"</Heading>
            <p class="muted">"Members pick up to five of these for each question; lists filter by them."</p>
            {if no_tags {
                view! { <p class="muted">"No tags yet."</p> }.into_any()
            } else {
                view! { <ul class="stack tag-admin">{items}</ul> }.into_any()
            }}
            <ActionForm action=actions.add_tag attr:class="cluster">
                <input type="hidden" name="space" value=space.clone() />
                <Field label="New tag" name="tag" feedback help="At most 40 characters." />
                <button type="submit" class="button button--secondary">"Add the tag"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Settings(page: ModerationPage, actions: Actions, level: u8) -> impl IntoView {
    let allow = page.space.allow_anonymous;
    view! {
        <section aria-labelledby="settings-title" class="stack">
            <Heading level id="settings-title">"Anonymous posts"</Heading>
            <ActionForm action=actions.settings attr:class="stack">
                <input type="hidden" name="space" value=page.space.program_slug.clone().unwrap_or_default() />
                <CheckBox label="Members may ask, answer and comment anonymously" name="allow_anonymous"
                    checked=Signal::derive(move || allow)
                    help="Nobody, admins included, can see who wrote an anonymous post. Moderators can still remove it and pause its author." />
                <button type="submit" class="button button--primary">"Save"</button>
            </ActionForm>
        </section>
    }
}
