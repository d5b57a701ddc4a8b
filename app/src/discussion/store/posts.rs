//! Answers, comments, votes, the accepted answer, edits and deletions,
//! following. Every change names its space: a post of another space is
//! not found (the caller's rights were checked for that space only).

use super::{author_columns, author_of, notify::NotifyQueries, space::SpaceQueries, Actor};
use crate::{
    db::{
        schema::{
            discussion_comments, discussion_follows, discussion_posts, discussion_revisions,
            discussion_threads, discussion_votes,
        },
        Db,
    },
    discussion::{
        rules::{validate_body, validate_comment, validate_title, ANSWER_MIN},
        seal::Sealed,
        PostKind, PostState, ThreadStatus,
    },
    error::{AppError, FieldErrors},
    write_transaction,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// A post with its thread's state, for the rules of a change.
#[derive(Debug, Clone)]
pub(crate) struct PostMeta {
    pub(crate) thread_id: i64,
    pub(crate) kind: PostKind,
    pub(crate) author_id: Option<i64>,
    pub(crate) sealed: Option<String>,
    pub(crate) state: PostState,
    /// Hidden by three open flags until a moderator reviews it.
    pub(crate) hidden: bool,
    pub(crate) status: ThreadStatus,
    pub(crate) accepted: Option<i64>,
    pub(crate) title: String,
    pub(crate) body_md: String,
}

impl PostMeta {
    pub(crate) fn author(&self, actor: &Actor) -> Option<i64> {
        author_of(
            &actor.key,
            Sealed::Post,
            self.author_id,
            self.sealed.as_deref(),
        )
    }

    pub(crate) fn is_by(&self, actor: &Actor) -> bool {
        self.author(actor) == Some(actor.user_id)
    }

    /// Whether the actor may see the post, and so act on it: it is shown,
    /// and a post hidden by flags only to its author and the moderators.
    pub(crate) fn shown_to(&self, actor: &Actor) -> bool {
        self.state == PostState::Shown && (!self.hidden || actor.moderator || self.is_by(actor))
    }
}

pub(crate) trait PostQueries {
    /// The post, if it is in `space_id`.
    async fn post_meta(&mut self, space_id: i64, post_id: i64) -> QueryResult<Option<PostMeta>>;
    /// The thread's question.
    async fn question_of(&mut self, space_id: i64, thread_id: i64)
        -> QueryResult<Option<PostMeta>>;
    /// Recounts a thread's shown answers and whether it is listed, after
    /// a post was deleted, removed, hidden or shown again.
    async fn refresh_thread(&mut self, thread_id: i64) -> QueryResult<()>;
}

type MetaRow = (
    i64,
    i64,
    i64,
    PostKind,
    Option<i64>,
    Option<String>,
    PostState,
    bool,
    ThreadStatus,
    Option<i64>,
    String,
    String,
);

fn meta(row: MetaRow) -> PostMeta {
    PostMeta {
        thread_id: row.1,
        kind: row.3,
        author_id: row.4,
        sealed: row.5,
        state: row.6,
        hidden: row.7,
        status: row.8,
        accepted: row.9,
        title: row.10,
        body_md: row.11,
    }
}

macro_rules! meta_columns {
    () => {
        (
            discussion_posts::id,
            discussion_posts::thread_id,
            discussion_threads::space_id,
            discussion_posts::kind,
            discussion_posts::author_id,
            discussion_posts::sealed_author,
            discussion_posts::state,
            discussion_posts::hidden,
            discussion_threads::status,
            discussion_threads::accepted_post_id,
            discussion_posts::title,
            discussion_posts::body_md,
        )
    };
}

crate::impl_for_both_backends!(PostQueries {
    async fn post_meta(&mut self, space_id: i64, post_id: i64) -> QueryResult<Option<PostMeta>> {
        let row: Option<MetaRow> = discussion_posts::table
            .inner_join(discussion_threads::table)
            .filter(discussion_posts::id.eq(post_id))
            .filter(discussion_threads::space_id.eq(space_id))
            .select(meta_columns!())
            .first(self)
            .await
            .optional()?;
        Ok(row.map(meta))
    }

    async fn question_of(&mut self, space_id: i64, thread_id: i64) -> QueryResult<Option<PostMeta>> {
        let row: Option<MetaRow> = discussion_posts::table
            .inner_join(discussion_threads::table)
            .filter(discussion_posts::thread_id.eq(thread_id))
            .filter(discussion_posts::kind.eq(PostKind::Question))
            .filter(discussion_threads::space_id.eq(space_id))
            .select(meta_columns!())
            .first(self)
            .await
            .optional()?;
        Ok(row.map(meta))
    }

    async fn refresh_thread(&mut self, thread_id: i64) -> QueryResult<()> {
        let answers: i64 = discussion_posts::table
            .filter(discussion_posts::thread_id.eq(thread_id))
            .filter(discussion_posts::kind.eq(PostKind::Answer))
            .filter(discussion_posts::state.eq(PostState::Shown))
            .filter(discussion_posts::hidden.eq(false))
            .count()
            .get_result(self)
            .await?;
        let question: (PostState, bool) = discussion_posts::table
            .filter(discussion_posts::thread_id.eq(thread_id))
            .filter(discussion_posts::kind.eq(PostKind::Question))
            .select((discussion_posts::state, discussion_posts::hidden))
            .first(self)
            .await?;
        diesel::update(discussion_threads::table.find(thread_id))
            .set((
                discussion_threads::answer_count.eq(answers as i32),
                discussion_threads::listed.eq(question.0 == PostState::Shown && !question.1),
            ))
            .execute(self)
            .await?;
        // An accepted answer that is no longer shown is no longer accepted.
        diesel::update(discussion_threads::table.find(thread_id))
            .filter(
                discussion_threads::accepted_post_id.ne_all(
                    discussion_posts::table
                        .filter(discussion_posts::thread_id.eq(thread_id))
                        .filter(discussion_posts::state.eq(PostState::Shown))
                        .filter(discussion_posts::hidden.eq(false))
                        .select(discussion_posts::id.nullable()),
                ),
            )
            .set(discussion_threads::accepted_post_id.eq(None::<i64>))
            .execute(self)
            .await?;
        Ok(())
    }
});

fn not_found<T>(value: Option<T>) -> Result<T, AppError> {
    value.ok_or(AppError::NotFound)
}

fn locked() -> AppError {
    AppError::Conflict("This thread is locked: nothing in it changes any more.".into())
}

/// An answer as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct NewAnswer {
    pub body: String,
    pub anonymous: bool,
    pub key: String,
}

/// Answers a thread's question; returns the answer's id. Followers (and
/// an anonymous asker) are emailed.
pub async fn answer(
    db: &Db,
    space_id: i64,
    thread_id: i64,
    actor: &Actor,
    answer: &NewAnswer,
    thread_link: &str,
    now: NaiveDateTime,
) -> Result<i64, AppError> {
    let mut errors = FieldErrors::default();
    let body = validate_body(&mut errors, "answer", &answer.body, ANSWER_MIN);
    errors.into_result()?;
    let html = crate::markdown::to_safe_html_below(&body, pulldown_cmark::HeadingLevel::H3);
    let form_key = super::request_key(actor, &answer.key);
    write_transaction!(db, |conn| {
        // The thread's row lock: the same form sent twice at once waits
        // here, then finds the first one's answer.
        diesel::update(discussion_threads::table.find(thread_id))
            .set(discussion_threads::status.eq(discussion_threads::status))
            .execute(conn)
            .await?;
        if let Some(id) = discussion_posts::table
            .filter(discussion_posts::request_key.eq(&form_key))
            .select(discussion_posts::id)
            .first::<i64>(conn)
            .await
            .optional()?
        {
            return Ok(id);
        }
        let question = not_found(conn.question_of(space_id, thread_id).await?)?;
        if question.state != PostState::Shown {
            return Err(AppError::NotFound);
        }
        match question.status {
            ThreadStatus::Open => {}
            ThreadStatus::Closed => {
                return Err(AppError::Conflict(
                    "This thread is closed to new answers.".into(),
                ))
            }
            ThreadStatus::Locked => return Err(locked()),
        }
        conn.may_post(actor, space_id, answer.anonymous, "answers", now)
            .await?;
        let (author_id, sealed) = author_columns(actor, Sealed::Post, answer.anonymous);
        let id: i64 = diesel::insert_into(discussion_posts::table)
            .values((
                discussion_posts::thread_id.eq(thread_id),
                discussion_posts::kind.eq(PostKind::Answer),
                discussion_posts::title.eq(""),
                discussion_posts::body_md.eq(&body),
                discussion_posts::body_html.eq(&html),
                discussion_posts::author_id.eq(author_id),
                discussion_posts::sealed_author.eq(&sealed),
                discussion_posts::score.eq(0),
                discussion_posts::state.eq(PostState::Shown),
                discussion_posts::hidden.eq(false),
                discussion_posts::created_at.eq(now),
                discussion_posts::request_key.eq(&form_key),
            ))
            .returning(discussion_posts::id)
            .get_result(conn)
            .await?;
        diesel::update(discussion_threads::table.find(thread_id))
            .set((
                discussion_threads::answer_count.eq(discussion_threads::answer_count + 1),
                discussion_threads::last_activity_at.eq(now),
            ))
            .execute(conn)
            .await?;
        conn.notify_answer(actor, &question, thread_link).await?;
        Ok(id)
    })
}

/// A comment as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct NewComment {
    pub body: String,
    pub anonymous: bool,
    pub key: String,
}

/// Comments on a question or an answer; returns the comment's id.
pub async fn comment(
    db: &Db,
    space_id: i64,
    post_id: i64,
    actor: &Actor,
    new: &NewComment,
    now: NaiveDateTime,
) -> Result<i64, AppError> {
    let body = validate_comment(&new.body)?;
    let (anonymous, key) = (new.anonymous, super::request_key(actor, &new.key));
    write_transaction!(db, |conn| {
        // The post's row lock, as for answers.
        diesel::update(discussion_posts::table.find(post_id))
            .set(discussion_posts::score.eq(discussion_posts::score))
            .execute(conn)
            .await?;
        if let Some(id) = discussion_comments::table
            .filter(discussion_comments::request_key.eq(&key))
            .select(discussion_comments::id)
            .first::<i64>(conn)
            .await
            .optional()?
        {
            return Ok(id);
        }
        let post = not_found(conn.post_meta(space_id, post_id).await?)?;
        if !post.shown_to(actor) {
            return Err(AppError::NotFound);
        }
        if post.status == ThreadStatus::Locked {
            return Err(locked());
        }
        conn.may_post(actor, space_id, anonymous, "comments", now)
            .await?;
        let (author_id, sealed) = author_columns(actor, Sealed::Comment, anonymous);
        let id: i64 = diesel::insert_into(discussion_comments::table)
            .values((
                discussion_comments::post_id.eq(post_id),
                discussion_comments::body.eq(&body),
                discussion_comments::author_id.eq(author_id),
                discussion_comments::sealed_author.eq(&sealed),
                discussion_comments::state.eq(PostState::Shown),
                discussion_comments::created_at.eq(now),
                discussion_comments::request_key.eq(&key),
            ))
            .returning(discussion_comments::id)
            .get_result(conn)
            .await?;
        diesel::update(discussion_threads::table.find(post.thread_id))
            .set(discussion_threads::last_activity_at.eq(now))
            .execute(conn)
            .await?;
        Ok(id)
    })
}

/// Deletes a comment: its author, or a moderator (shown as removed).
pub async fn delete_comment(
    db: &Db,
    space_id: i64,
    comment_id: i64,
    actor: &Actor,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        let row: Option<(i64, Option<i64>, Option<String>, PostState)> = discussion_comments::table
            .inner_join(discussion_posts::table.inner_join(discussion_threads::table))
            .filter(discussion_comments::id.eq(comment_id))
            .filter(discussion_threads::space_id.eq(space_id))
            .select((
                discussion_comments::id,
                discussion_comments::author_id,
                discussion_comments::sealed_author,
                discussion_comments::state,
            ))
            .first(conn)
            .await
            .optional()?;
        let (id, author_id, sealed, state) = not_found(row)?;
        let own = author_of(&actor.key, Sealed::Comment, author_id, sealed.as_deref())
            == Some(actor.user_id);
        let new_state = if own {
            PostState::Deleted
        } else if actor.moderator {
            PostState::Removed
        } else {
            return Err(AppError::Forbidden);
        };
        if state == PostState::Shown {
            diesel::update(discussion_comments::table.find(id))
                .set(discussion_comments::state.eq(new_state))
                .execute(conn)
                .await?;
        }
        Ok(())
    })
}

/// Sets the actor's up-vote on a post (`on`: voted). Retries and double
/// clicks land on the same state; the score moves only when the vote row
/// was written or removed by this call.
pub async fn vote(
    db: &Db,
    space_id: i64,
    post_id: i64,
    actor: &Actor,
    on: bool,
    now: NaiveDateTime,
) -> Result<i32, AppError> {
    write_transaction!(db, |conn| {
        let post = not_found(conn.post_meta(space_id, post_id).await?)?;
        if !post.shown_to(actor) {
            return Err(AppError::NotFound);
        }
        if post.is_by(actor) {
            return Err(AppError::Conflict(
                "You cannot vote on your own post.".into(),
            ));
        }
        if post.status == ThreadStatus::Locked {
            return Err(locked());
        }
        let changed = if on {
            diesel::insert_into(discussion_votes::table)
                .values((
                    discussion_votes::post_id.eq(post_id),
                    discussion_votes::user_id.eq(actor.user_id),
                    discussion_votes::created_at.eq(now),
                ))
                .on_conflict_do_nothing()
                .execute(conn)
                .await?
        } else {
            diesel::delete(discussion_votes::table.find((post_id, actor.user_id)))
                .execute(conn)
                .await?
        };
        let delta = match (changed, on) {
            (0, _) => 0,
            (_, true) => 1,
            (_, false) => -1,
        };
        let score: i32 = diesel::update(discussion_posts::table.find(post_id))
            .set(discussion_posts::score.eq(discussion_posts::score + delta))
            .returning(discussion_posts::score)
            .get_result(conn)
            .await?;
        if post.kind == PostKind::Question {
            diesel::update(discussion_threads::table.find(post.thread_id))
                .set(discussion_threads::score.eq(score))
                .execute(conn)
                .await?;
        }
        Ok(score)
    })
}

/// Marks `answer` as the thread's accepted answer (`None` clears it): the
/// asker, anonymous or not, or a moderator.
pub async fn accept(
    db: &Db,
    space_id: i64,
    thread_id: i64,
    answer: Option<i64>,
    actor: &Actor,
    thread_link: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        let question = not_found(conn.question_of(space_id, thread_id).await?)?;
        if !question.is_by(actor) && !actor.moderator {
            return Err(AppError::Forbidden);
        }
        if question.status == ThreadStatus::Locked {
            return Err(locked());
        }
        if let Some(answer_id) = answer {
            let post = not_found(conn.post_meta(space_id, answer_id).await?)?;
            if post.thread_id != thread_id || post.kind != PostKind::Answer || !post.shown_to(actor)
            {
                return Err(AppError::NotFound);
            }
        }
        if question.accepted == answer {
            return Ok(());
        }
        diesel::update(discussion_threads::table.find(thread_id))
            .set((
                discussion_threads::accepted_post_id.eq(answer),
                discussion_threads::last_activity_at.eq(now),
            ))
            .execute(conn)
            .await?;
        if answer.is_some() {
            conn.notify_accepted(actor, &question, thread_link).await?;
        }
        Ok(())
    })
}

/// A post's new text (a question's also its title).
#[derive(Debug, Clone, Default)]
pub struct PostEdit {
    pub title: String,
    pub body: String,
}

/// Edits a post: its author or a moderator. The earlier text is kept as a
/// revision and the post shows "edited".
pub async fn edit(
    db: &Db,
    space_id: i64,
    post_id: i64,
    actor: &Actor,
    change: &PostEdit,
    now: NaiveDateTime,
) -> Result<i64, AppError> {
    write_transaction!(db, |conn| {
        let post = not_found(conn.post_meta(space_id, post_id).await?)?;
        let own = post.is_by(actor);
        if !own && !actor.moderator {
            return Err(AppError::Forbidden);
        }
        if post.state != PostState::Shown {
            return Err(AppError::NotFound);
        }
        if post.status == ThreadStatus::Locked && !actor.moderator {
            return Err(locked());
        }
        let mut errors = FieldErrors::default();
        let (title, body, level) = match post.kind {
            PostKind::Question => (
                validate_title(&mut errors, &change.title),
                validate_body(&mut errors, "body", &change.body, 1),
                pulldown_cmark::HeadingLevel::H2,
            ),
            PostKind::Answer => (
                String::new(),
                validate_body(&mut errors, "body", &change.body, ANSWER_MIN),
                pulldown_cmark::HeadingLevel::H3,
            ),
        };
        errors.into_result()?;
        if title == post.title && body == post.body_md {
            return Ok(post.thread_id);
        }
        diesel::insert_into(discussion_revisions::table)
            .values((
                discussion_revisions::post_id.eq(post_id),
                discussion_revisions::title.eq(&post.title),
                discussion_revisions::body_md.eq(&post.body_md),
                discussion_revisions::by_moderator.eq(!own),
                discussion_revisions::replaced_at.eq(now),
            ))
            .execute(conn)
            .await?;
        diesel::update(discussion_posts::table.find(post_id))
            .set((
                discussion_posts::title.eq(&title),
                discussion_posts::body_md.eq(&body),
                discussion_posts::body_html.eq(crate::markdown::to_safe_html_below(&body, level)),
                discussion_posts::edited_at.eq(Some(now)),
            ))
            .execute(conn)
            .await?;
        Ok(post.thread_id)
    })
}

/// The author deletes their own post: an answer, or a question that has no
/// answers yet. Returns the thread's id.
pub async fn delete_post(
    db: &Db,
    space_id: i64,
    post_id: i64,
    actor: &Actor,
) -> Result<i64, AppError> {
    write_transaction!(db, |conn| {
        let post = not_found(conn.post_meta(space_id, post_id).await?)?;
        if !post.is_by(actor) {
            return Err(AppError::Forbidden);
        }
        if post.state != PostState::Shown {
            return Ok(post.thread_id);
        }
        if post.status == ThreadStatus::Locked {
            return Err(locked());
        }
        if post.kind == PostKind::Question {
            let answers: i64 = discussion_posts::table
                .filter(discussion_posts::thread_id.eq(post.thread_id))
                .filter(discussion_posts::kind.eq(PostKind::Answer))
                .filter(discussion_posts::state.eq(PostState::Shown))
                .count()
                .get_result(conn)
                .await?;
            if answers > 0 {
                return Err(AppError::Conflict(
                    "This question has answers now, so it stays; you can still edit it.".into(),
                ));
            }
        }
        diesel::update(discussion_posts::table.find(post_id))
            .set(discussion_posts::state.eq(PostState::Deleted))
            .execute(conn)
            .await?;
        conn.refresh_thread(post.thread_id).await?;
        Ok(post.thread_id)
    })
}

/// Follows (`on`) or unfollows a thread.
pub async fn follow(
    db: &Db,
    space_id: i64,
    thread_id: i64,
    actor: &Actor,
    on: bool,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        not_found(conn.question_of(space_id, thread_id).await?)?;
        if on {
            diesel::insert_into(discussion_follows::table)
                .values((
                    discussion_follows::thread_id.eq(thread_id),
                    discussion_follows::user_id.eq(actor.user_id),
                    discussion_follows::created_at.eq(now),
                ))
                .on_conflict_do_nothing()
                .execute(conn)
                .await?;
        } else {
            diesel::delete(discussion_follows::table.find((thread_id, actor.user_id)))
                .execute(conn)
                .await?;
        }
        Ok(())
    })
}
