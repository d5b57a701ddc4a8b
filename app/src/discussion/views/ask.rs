//! Asking a question (`/discussion/ask`, `/programs/:slug/discussion/ask`):
//! title, markdown text, up to five of the space's tags, and asking
//! anonymously where the space allows it.

use super::{refusal, use_space, SpaceFrame, SpaceHeading};
use crate::{
    discussion::{
        api::{get_ask_page, AskQuestion},
        rules::{BODY_MAX, TAGS_PER_THREAD, TITLE_MAX, TITLE_MIN},
        AskPage,
    },
    ui::{CheckBox, Field, FieldError, FormFeedback, FormNotice},
};
use leptos::prelude::*;

#[component]
pub fn AskQuestionPage() -> impl IntoView {
    let space = use_space();
    let ask = ServerAction::<AskQuestion>::new();
    let page = Resource::new(move || space.get(), get_ask_page);
    let in_program = !space.get_untracked().is_empty();
    view! {
        <SpaceFrame space>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <AskForm page ask /> }.into_any(),
                        Err(error) => refusal(error, in_program),
                    }
                })}
            </Suspense>
        </SpaceFrame>
    }
}

#[component]
fn AskForm(page: AskPage, ask: ServerAction<AskQuestion>) -> impl IntoView {
    let feedback = FormFeedback::new(ask.value());
    let program = page
        .space
        .program_slug
        .as_ref()
        .map(|_| page.space.name.clone());
    let back = page.space.path.clone();
    if let Some(until) = page.space.suspended_until {
        return view! {
            <SpaceHeading program text="Ask a question" />
            <p class="notice notice--info">{format!(
                "A moderator has paused your posting in this space until {}.",
                crate::programs::admin::day(until)
            )}</p>
            <p><a href=back>"Back to the questions"</a></p>
        }
        .into_any();
    }
    let chosen = feedback.value_or("tags", String::new);
    let tags = page
        .space
        .tags
        .iter()
        .enumerate()
        .map(|(n, tag)| {
            let id = format!("ask-tag-{n}");
            let name = tag.clone();
            let checked = move || chosen.get().lines().any(|line| line == name);
            view! {
                <div class="choice">
                    <input type="checkbox" id=id.clone() name="tags[]" value=tag.clone() checked=checked />
                    <label for=id>{tag.clone()}</label>
                </div>
            }
        })
        .collect_view();
    let tag_error = feedback.field("tags");
    let tag_box = (!page.space.tags.is_empty()).then(|| {
        view! {
            <fieldset class="choice-group" aria-describedby="field-tags-error">
                <legend>{format!("Tags (up to {TAGS_PER_THREAD})")}</legend>
                <div class="cluster">{tags}</div>
                <FieldError id="field-tags-error" error=tag_error />
            </fieldset>
        }
    });
    let anonymous = page.space.allow_anonymous.then(|| {
        let was = feedback.value_or("anonymous", String::new);
        view! {
            <CheckBox label="Ask anonymously" name="anonymous" checked=Signal::derive(move || !was.get().is_empty())
                help="Everyone, admins too, sees \u{201c}Anonymous member\u{201d} instead of your name. You can still edit, delete, accept an answer and get emails." />
        }
    });
    view! {
        <SpaceHeading program text="Ask a question" />
        <p><a href=back>"Back to the questions"</a></p>
        <FormNotice message=feedback.general() />
        <ActionForm action=ask attr:class="stack">
            <input type="hidden" name="space" value=page.space.program_slug.clone().unwrap_or_default() />
            <input type="hidden" name="key" value=page.form_key.clone() />
            <Field label="Title" name="title" feedback required=true
                help="The question in one sentence, as someone would search for it." />
            <p class="muted">{format!("{TITLE_MIN} to {TITLE_MAX} characters.")}</p>
            <Field label="Details" name="body" rows=10 feedback
                help="What you tried, what you hope for. Markdown: **bold**, _italic_, lists, links and code." />
            <p class="muted">{format!("At most {BODY_MAX} characters.")}</p>
            {tag_box}
            {anonymous}
            <button type="submit" class="button button--primary">"Post the question"</button>
        </ActionForm>
    }
    .into_any()
}
