//! A thread (`/discussion/:id`, `/programs/:slug/discussion/:id`): the
//! question, its answers (the accepted one first), their comments, and
//! every form a member, an author or a moderator uses on them.

use super::{
    post::{Actions, PostBlock, ThreadCtx},
    refusal, section_level, use_id, use_space, Heading, SpaceFrame, SpaceHeading,
};
use crate::{
    discussion::{api::get_thread, rules::BODY_MAX, ThreadPage, ThreadStatus},
    programs::admin::{flag_notice, plural, Reloads},
    ui::{CheckBox, Field, FormFeedback, FormNotice},
};
use leptos::prelude::*;

#[component]
pub fn ThreadPageView() -> impl IntoView {
    let space = use_space();
    let id = use_id("id");
    let actions = Actions::new();
    let reloads = Reloads::new();
    actions.reload_after(reloads);
    let thread = Resource::new(
        move || (space.get(), id.get(), reloads.get()),
        |(space, id, _)| get_thread(space, id),
    );
    let in_program = !space.get_untracked().is_empty();
    view! {
        <SpaceFrame space>
            <Transition fallback=|| view! { <p>"Loading the question…"</p> }>
                {move || Suspend::new(async move {
                    match thread.await {
                        Ok(page) => view! { <Thread page actions /> }.into_any(),
                        Err(error) => refusal(error, in_program),
                    }
                })}
            </Transition>
        </SpaceFrame>
    }
}

#[component]
fn Thread(page: ThreadPage, actions: Actions) -> impl IntoView {
    let quiet = actions.refused();
    let flagged = flag_notice("flagged", quiet, |_| {
        Some("Thank you. The moderators will look at it.".into())
    });
    let program = page
        .space
        .program_slug
        .as_ref()
        .map(|_| page.space.name.clone());
    let list_path = page.space.path.clone();
    let status = (page.status != ThreadStatus::Open).then(|| {
        let text = match page.status {
            ThreadStatus::Closed => "A moderator closed this question: it takes no new answers.",
            _ => "A moderator locked this question: nothing here changes any more.",
        };
        view! { <p class="notice notice--info">{text}</p> }
    });
    let tags = page
        .tags
        .iter()
        .map(|tag| {
            let href = format!("{list_path}?tag={}", crate::text::urlencode(tag));
            view! { <li><a href=href>{tag.clone()}</a></li> }
        })
        .collect_view();
    let ctx = ThreadCtx::of(&page);
    let level = section_level(program.is_some());
    let answers_heading = plural(page.answers.len() as i64, "answer", "answers");
    let answers = page
        .answers
        .iter()
        .cloned()
        .map(|post| view! { <PostBlock post ctx=ctx.clone() actions /> })
        .collect_view();
    view! {
        <p><a href=list_path.clone()>"Back to the questions"</a></p>
        <SpaceHeading program text=page.title.clone() />
        <ul class="tag-list" aria-label="Tags">{tags}</ul>
        {status}
        <FormNotice message=flagged tone="success" />
        {actions.general_notices()}
        <ThreadTools page=page.clone() actions />
        <PostBlock post=page.question.clone() ctx=ctx.clone() actions />
        <section aria-labelledby="answers-title" class="stack">
            <Heading level id="answers-title">{answers_heading}</Heading>
            {answers}
        </section>
        <AnswerForm page actions />
    }
}

/// Following the thread, and the moderators' open / closed / locked.
#[component]
fn ThreadTools(page: ThreadPage, actions: Actions) -> impl IntoView {
    let space = page.space.program_slug.clone().unwrap_or_default();
    let follow_space = space.clone();
    let follow = view! {
        <ActionForm action=actions.follow attr:class="inline-form">
            <input type="hidden" name="space" value=follow_space />
            <input type="hidden" name="thread" value=page.id />
            <input type="hidden" name="on" value=(!page.following).to_string() />
            <button type="submit" class="button button--secondary button--small" aria-pressed=page.following.to_string()>
                {if page.following { "Following: stop" } else { "Follow this question" }}
            </button>
        </ActionForm>
    };
    let help = if page.following {
        "You get an email when it is answered or an answer is accepted."
    } else {
        "Get an email when it is answered or an answer is accepted."
    };
    let moderate = page.space.can_moderate.then(|| {
        let options = ThreadStatus::ALL
            .iter()
            .map(|status| {
                view! { <option value=status.as_str() selected=*status == page.status>{status.label()}</option> }
            })
            .collect_view();
        view! {
            <ActionForm action=actions.status attr:class="cluster inline-form">
                <input type="hidden" name="space" value=space.clone() />
                <input type="hidden" name="thread" value=page.id />
                <label for="thread-status">"Question status"</label>
                <select id="thread-status" name="status">{options}</select>
                <button type="submit" class="button button--secondary button--small">"Set status"</button>
            </ActionForm>
        }
    });
    view! {
        <div class="cluster thread-tools">
            {follow}
            <span class="muted">{help}</span>
            {moderate}
        </div>
    }
}

#[component]
fn AnswerForm(page: ThreadPage, actions: Actions) -> impl IntoView {
    if !page.can_answer {
        let why = if page.space.suspended_until.is_some() {
            "A moderator has paused your posting in this space for now."
        } else if page.status != ThreadStatus::Open {
            "This question takes no new answers."
        } else {
            "You cannot answer here."
        };
        return view! { <p class="muted">{why}</p> }.into_any();
    }
    let feedback = FormFeedback::new(actions.answer.value());
    let anonymous = page.space.allow_anonymous.then(|| {
        let checked = feedback.value_or("anonymous", String::new);
        view! {
            <CheckBox label="Answer anonymously" name="anonymous" checked=Signal::derive(move || !checked.get().is_empty())
                help="Everyone, admins too, sees \u{201c}Anonymous member\u{201d}. You keep every right over the answer." />
        }
    });
    view! {
        <section aria-labelledby="your-answer-title" class="stack">
            <Heading level=section_level(page.space.program_slug.is_some()) id="your-answer-title">"Your answer"</Heading>
            <FormNotice message=feedback.general() />
            <ActionForm action=actions.answer attr:class="stack">
                <input type="hidden" name="space" value=page.space.program_slug.clone().unwrap_or_default() />
                <input type="hidden" name="thread" value=page.id />
                <input type="hidden" name="key" value=format!("{}-answer", page.form_key) />
                <Field label="Answer" name="answer" rows=8 feedback
                    help="Markdown: **bold**, _italic_, lists, links and code." />
                <p class="muted">{format!("At most {BODY_MAX} characters.")}</p>
                {anonymous}
                <button type="submit" class="button button--primary">"Post your answer"</button>
            </ActionForm>
        </section>
    }
    .into_any()
}
