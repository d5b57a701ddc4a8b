//! A question or an answer on its thread's page: its text, votes, the
//! accepted mark, who wrote it, its comments and the forms to vote,
//! accept, edit, delete, flag, remove and comment. The forms of one kind
//! share one server action; a refusal is shown next to the post it was
//! about (the server echoes the post's id).

use super::{linkified, when, AuthorName};
use crate::{
    discussion::{
        api::{
            AcceptAnswer, DeleteComment, DeletePost, EditPost, FlagPost, FollowThread, PostAnswer,
            PostComment, RemovePost, SetThreadStatus, VotePost,
        },
        rules::{COMMENT_MAX, FLAG_REASON_MAX, SUSPENSION_MAX_DAYS, TITLE_MAX},
        CommentView, PostKind, PostState, PostView, ThreadPage,
    },
    error::AppError,
    programs::admin::{plural, Reloads},
    ui::{FormFeedback, FormNotice},
};
use leptos::prelude::*;

/// Every action of a thread's page.
#[derive(Clone, Copy)]
pub struct Actions {
    pub answer: ServerAction<PostAnswer>,
    pub follow: ServerAction<FollowThread>,
    pub status: ServerAction<SetThreadStatus>,
    vote: ServerAction<VotePost>,
    accept: ServerAction<AcceptAnswer>,
    edit: ServerAction<EditPost>,
    delete: ServerAction<DeletePost>,
    flag: ServerAction<FlagPost>,
    remove: ServerAction<RemovePost>,
    comment: ServerAction<PostComment>,
    delete_comment: ServerAction<DeleteComment>,
}

impl Actions {
    pub fn new() -> Self {
        Actions {
            answer: ServerAction::new(),
            follow: ServerAction::new(),
            status: ServerAction::new(),
            vote: ServerAction::new(),
            accept: ServerAction::new(),
            edit: ServerAction::new(),
            delete: ServerAction::new(),
            flag: ServerAction::new(),
            remove: ServerAction::new(),
            comment: ServerAction::new(),
            delete_comment: ServerAction::new(),
        }
    }

    /// The page reloads after each success.
    pub fn reload_after(self, reloads: Reloads) {
        reloads.after(self.answer.value());
        reloads.after(self.follow.value());
        reloads.after(self.status.value());
        reloads.after(self.vote.value());
        reloads.after(self.accept.value());
        reloads.after(self.edit.value());
        reloads.after(self.delete.value());
        reloads.after(self.flag.value());
        reloads.after(self.remove.value());
        reloads.after(self.comment.value());
        reloads.after(self.delete_comment.value());
    }

    fn errors(self) -> [Signal<Option<AppError>>; 11] {
        [
            FormFeedback::new(self.answer.value()).error(),
            FormFeedback::new(self.follow.value()).error(),
            FormFeedback::new(self.status.value()).error(),
            FormFeedback::new(self.vote.value()).error(),
            FormFeedback::new(self.accept.value()).error(),
            FormFeedback::new(self.edit.value()).error(),
            FormFeedback::new(self.delete.value()).error(),
            FormFeedback::new(self.flag.value()).error(),
            FormFeedback::new(self.remove.value()).error(),
            FormFeedback::new(self.comment.value()).error(),
            FormFeedback::new(self.delete_comment.value()).error(),
        ]
    }

    /// Whether the last answer of any action was a refusal (success
    /// notices then step aside).
    pub fn refused(self) -> Signal<bool> {
        let errors = self.errors();
        Signal::derive(move || errors.iter().any(|error| error.get().is_some()))
    }

    /// The refusals not about one form's field (a vote on your own post,
    /// a thread locked meanwhile), above the thread. The answer form shows
    /// its own.
    pub fn general_notices(self) -> impl IntoView {
        self.errors()
            .into_iter()
            .skip(1)
            .map(|error| {
                let message = Signal::derive(move || match error.get() {
                    Some(AppError::Validation(_)) | None => None,
                    Some(other) => Some(other.to_string()),
                });
                view! { <FormNotice message /> }
            })
            .collect_view()
    }
}

/// What every post's forms need of their thread.
#[derive(Debug, Clone)]
pub struct ThreadCtx {
    /// The space's name in forms: a program's slug, "" for the hub's.
    space: String,
    thread: i64,
    title: String,
    form_key: String,
    can_comment: bool,
    allow_anonymous: bool,
    can_moderate: bool,
}

impl ThreadCtx {
    pub fn of(page: &ThreadPage) -> Self {
        ThreadCtx {
            space: page.space.program_slug.clone().unwrap_or_default(),
            thread: page.id,
            title: page.title.clone(),
            form_key: page.form_key.clone(),
            can_comment: page.can_comment,
            allow_anonymous: page.space.allow_anonymous,
            can_moderate: page.space.can_moderate,
        }
    }
}

/// The message of a form about post `post`, for its field `field`.
fn field_error(feedback: FormFeedback, post: i64, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || {
        feedback
            .error()
            .get()
            .filter(|error| error.submitted("post") == Some(post.to_string()))
            .and_then(|error| error.field(field))
    })
}

/// What a refused form about post `post` sent in `field`, or `fallback`.
fn refilled(
    feedback: FormFeedback,
    post: i64,
    field: &'static str,
    fallback: String,
) -> Signal<String> {
    Signal::derive(move || {
        feedback
            .error()
            .get()
            .filter(|error| error.submitted("post") == Some(post.to_string()))
            .and_then(|error| error.submitted(field))
            .unwrap_or_else(|| fallback.clone())
    })
}

/// What a [`PostField`] is typed into.
enum Control {
    /// One line of at most this many characters.
    Line(usize),
    /// A text area of this many rows.
    Lines(u32),
    /// A number of days (a posting pause).
    Days,
}

/// A labelled control of a form about one post, with its message. Not
/// `ui::Field`: its id names the post (one form per post on the page), and
/// its message and refill are the ones about that post.
#[component]
fn PostField(
    id: String,
    label: &'static str,
    name: &'static str,
    control: Control,
    error: Signal<Option<String>>,
    value: Signal<String>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let invalid = move || error.get().is_some().to_string();
    let input = match control {
        Control::Line(max) => view! {
            <input id=id.clone() name=name maxlength=max.to_string() prop:value=value value=value.get_untracked()
                aria-describedby=error_id.clone() aria-invalid=invalid />
        }
        .into_any(),
        Control::Lines(rows) => view! {
            <textarea id=id.clone() name=name rows=rows.to_string() prop:value=value
                aria-describedby=error_id.clone() aria-invalid=invalid>
                {value.get_untracked()}
            </textarea>
        }
        .into_any(),
        Control::Days => view! {
            <input id=id.clone() name=name type="number" min="0" max=SUSPENSION_MAX_DAYS.to_string() class="input--short"
                prop:value=value value=value.get_untracked() aria-describedby=error_id.clone() aria-invalid=invalid />
        }
        .into_any(),
    };
    view! {
        <div class="field">
            <label class="field__label" for=id>{label}</label>
            {input}
            <crate::ui::FieldError id=error_id error />
        </div>
    }
}

/// The hidden fields that say which space and thread a form is about.
fn where_fields(ctx: &ThreadCtx) -> impl IntoView {
    view! {
        <input type="hidden" name="space" value=ctx.space.clone() />
        <input type="hidden" name="thread" value=ctx.thread />
    }
}

#[component]
pub fn PostBlock(post: PostView, ctx: ThreadCtx, actions: Actions) -> impl IntoView {
    let id = post.id;
    let is_question = post.kind == PostKind::Question;
    let label = format!("{} by {}", post.kind.label(), post.author.name);
    let accepted = post.accepted.then(|| {
        view! { <p class="badge badge--member post__accepted">"✓ Accepted answer"</p> }
    });
    let body = match post.state {
        PostState::Shown if post.hidden && post.body_html.is_empty() => view! {
            <p class="muted post__gone">"Hidden until a moderator has reviewed the flags on it."</p>
        }
        .into_any(),
        PostState::Shown => {
            let hidden = post.hidden.then(|| {
                view! { <p class="notice notice--info">"Hidden from members until you review its flags."</p> }
            });
            view! { {hidden} <div class="prose post__body" inner_html=post.body_html.clone()></div> }.into_any()
        }
        PostState::Deleted => {
            view! { <p class="muted post__gone">"Deleted by its author."</p> }.into_any()
        }
        PostState::Removed => {
            view! { <p class="muted post__gone">"Removed by a moderator."</p> }.into_any()
        }
    };
    let verb = if is_question {
        "Asked by "
    } else {
        "Answered by "
    };
    let class = if post.accepted {
        "post post--accepted"
    } else {
        "post"
    };
    let edited = post
        .edited
        .then(|| view! { <span class="muted">" · edited"</span> });
    view! {
        <article id=format!("post-{id}") class=class aria-label=label>
            <Votes post=post.clone() ctx=ctx.clone() actions />
            <div class="post__main stack">
                {accepted}
                {body}
                <p class="muted post__by">{verb} <AuthorName author=post.author.clone() /> " on " {when(post.created_at)} {edited}</p>
                <PostTools post=post.clone() ctx=ctx.clone() actions />
                <Comments post ctx actions />
            </div>
        </article>
    }
}

#[component]
fn Votes(post: PostView, ctx: ThreadCtx, actions: Actions) -> impl IntoView {
    let score = plural(i64::from(post.score), "vote", "votes");
    let form = post.can_vote.then(|| {
        let text = if post.voted { "▲ Upvoted" } else { "▲ Upvote" };
        let label = if post.voted {
            format!("Take back your vote ({score})")
        } else {
            format!("Upvote this {} ({score})", post.kind.label().to_lowercase())
        };
        view! {
            <ActionForm action=actions.vote>
                {where_fields(&ctx)}
                <input type="hidden" name="post" value=post.id />
                <input type="hidden" name="on" value=(!post.voted).to_string() />
                <button type="submit" class="button button--secondary button--small" aria-pressed=post.voted.to_string() aria-label=label>
                    {text}
                </button>
            </ActionForm>
        }
    });
    view! {
        <div class="post__votes">
            {form}
            <span class="post__score">{score}</span>
        </div>
    }
}

/// Accept, edit, delete, flag and remove, as each applies.
#[component]
fn PostTools(post: PostView, ctx: ThreadCtx, actions: Actions) -> impl IntoView {
    let id = post.id;
    let accept = (post.can_accept && post.kind == PostKind::Answer).then(|| {
        let ctx = ctx.clone();
        let (target, text) = if post.accepted {
            (0, "Clear the accepted answer")
        } else {
            (id, "Accept this answer")
        };
        view! {
            <ActionForm action=actions.accept>
                {where_fields(&ctx)}
                <input type="hidden" name="post" value=target />
                <button type="submit" class="button button--secondary button--small">{text}</button>
            </ActionForm>
        }
    });
    let delete = post.can_delete.then(|| {
        let space = ctx.space.clone();
        view! {
            <ActionForm action=actions.delete>
                <input type="hidden" name="space" value=space />
                <input type="hidden" name="post" value=id />
                {(post.kind == PostKind::Answer).then(|| view! { <input type="hidden" name="back" value="thread" /> })}
                <button type="submit" class="button button--danger button--small">
                    {if post.kind == PostKind::Question { "Delete the question" } else { "Delete the answer" }}
                </button>
            </ActionForm>
        }
    });
    let edit = post
        .can_edit
        .then(|| view! { <EditForm post=post.clone() ctx=ctx.clone() actions /> });
    let flag = if post.flagged {
        Some(view! { <span class="muted">"You flagged this."</span> }.into_any())
    } else {
        post.can_flag
            .then(|| view! { <FlagForm post=post.clone() ctx=ctx.clone() actions /> }.into_any())
    };
    let remove = (ctx.can_moderate && post.state == PostState::Shown)
        .then(|| view! { <RemoveForm post=post.clone() ctx=ctx.clone() actions /> });
    view! {
        <div class="cluster post__tools">{accept} {delete} {edit} {flag} {remove}</div>
    }
}

#[component]
fn EditForm(post: PostView, ctx: ThreadCtx, actions: Actions) -> impl IntoView {
    let id = post.id;
    let feedback = FormFeedback::new(actions.edit.value());
    let open = Signal::derive(move || {
        feedback
            .error()
            .get()
            .is_some_and(|error| error.submitted("post") == Some(id.to_string()))
    });
    let title = (post.kind == PostKind::Question).then(|| {
        view! {
            <PostField id=format!("edit-title-{id}") label="Title" name="title" control=Control::Line(TITLE_MAX)
                error=field_error(feedback, id, "title") value=refilled(feedback, id, "title", ctx.title.clone()) />
        }
    });
    let error = field_error(feedback, id, "body");
    let value = refilled(
        feedback,
        id,
        "body",
        post.body_md.clone().unwrap_or_default(),
    );
    view! {
        <details class="post__form" open=open>
            <summary>"Edit"</summary>
            <ActionForm action=actions.edit attr:class="stack">
                {where_fields(&ctx)}
                <input type="hidden" name="post" value=id />
                {title}
                <PostField id=format!("edit-body-{id}") label="Text (markdown)" name="body" control=Control::Lines(8) error value />
                <p class="muted">"The earlier version is kept; the post shows \u{201c}edited\u{201d}."</p>
                <button type="submit" class="button button--primary button--small">"Save the changes"</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn FlagForm(post: PostView, ctx: ThreadCtx, actions: Actions) -> impl IntoView {
    let id = post.id;
    let feedback = FormFeedback::new(actions.flag.value());
    let error = field_error(feedback, id, "reason");
    let value = refilled(feedback, id, "reason", String::new());
    view! {
        <details class="post__form" open=move || error.get().is_some()>
            <summary>"Flag"</summary>
            <ActionForm action=actions.flag attr:class="stack">
                {where_fields(&ctx)}
                <input type="hidden" name="post" value=id />
                <PostField id=format!("flag-reason-{id}") label="What is wrong with it?" name="reason"
                    control=Control::Line(FLAG_REASON_MAX) error value />
                <p class="muted">"Only the moderators see flags, never who sent them. Three flags hide a post until they look."</p>
                <button type="submit" class="button button--secondary button--small">"Send the flag"</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn RemoveForm(post: PostView, ctx: ThreadCtx, actions: Actions) -> impl IntoView {
    let id = post.id;
    let feedback = FormFeedback::new(actions.remove.value());
    let error = field_error(feedback, id, "days");
    let value = refilled(feedback, id, "days", "0".to_owned());
    view! {
        <details class="post__form" open=move || error.get().is_some()>
            <summary>"Remove"</summary>
            <ActionForm action=actions.remove attr:class="stack">
                <input type="hidden" name="space" value=ctx.space.clone() />
                <input type="hidden" name="post" value=id />
                <PostField id=format!("remove-days-{id}") label="Also pause its author\u{2019}s posting here for (days)"
                    name="days" control=Control::Days error value />
                <p class="muted">"The thread shows \u{201c}removed by a moderator\u{201d}. A pause applies to anonymous authors too, without telling you who they are."</p>
                <button type="submit" class="button button--danger button--small">"Remove the post"</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn Comments(post: PostView, ctx: ThreadCtx, actions: Actions) -> impl IntoView {
    let id = post.id;
    let items = post
        .comments
        .iter()
        .cloned()
        .map(|comment| view! { <Comment comment ctx=ctx.clone() actions /> })
        .collect_view();
    let list = (!post.comments.is_empty())
        .then(|| view! { <ul class="comments" aria-label="Comments">{items}</ul> });
    let form = ctx.can_comment.then(|| {
        let feedback = FormFeedback::new(actions.comment.value());
        let error = field_error(feedback, id, "comment");
        let value = refilled(feedback, id, "comment", String::new());
        let anonymous = ctx.allow_anonymous.then(|| {
            let anon_id = format!("comment-anonymous-{id}");
            view! {
                <div class="choice">
                    <input type="checkbox" id=anon_id.clone() name="anonymous" value="on" />
                    <label for=anon_id>"Comment anonymously"</label>
                </div>
            }
        });
        view! {
            <details class="post__form" open=move || error.get().is_some()>
                <summary>"Add a comment"</summary>
                <ActionForm action=actions.comment attr:class="stack">
                    {where_fields(&ctx)}
                    <input type="hidden" name="post" value=id />
                    <input type="hidden" name="key" value=format!("{}-c{id}", ctx.form_key) />
                    <PostField id=format!("comment-field-{id}") label="Comment" name="comment"
                        control=Control::Line(COMMENT_MAX) error value />
                    {anonymous}
                    <button type="submit" class="button button--secondary button--small">"Add the comment"</button>
                </ActionForm>
            </details>
        }
    });
    view! { {list} {form} }
}

#[component]
fn Comment(comment: CommentView, ctx: ThreadCtx, actions: Actions) -> impl IntoView {
    let body = match comment.state {
        PostState::Shown => view! { <span>{linkified(&comment.body)}</span> }.into_any(),
        state => view! { <span class="muted">{state.label()}</span> }.into_any(),
    };
    let delete = comment.can_delete.then(|| {
        view! {
            <ActionForm action=actions.delete_comment attr:class="inline-form">
                {where_fields(&ctx)}
                <input type="hidden" name="comment" value=comment.id />
                <button type="submit" class="button button--secondary button--small">"Delete"</button>
            </ActionForm>
        }
    });
    let by = (comment.state == PostState::Shown).then(|| {
        view! { <span class="muted">" \u{2014} " <AuthorName author=comment.author.clone() /> " on " {when(comment.created_at)}</span> }
    });
    view! {
        <li id=format!("comment-{}", comment.id) class="comment">{body} {by} {delete}</li>
    }
}
