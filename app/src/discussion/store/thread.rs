//! One thread's page: the question and its answers (accepted first, then
//! by score and age), their comments, and what the viewer may do with
//! each. A fixed number of queries whatever the thread's size.

use super::{author_of, author_view, form_key, Actor};
use crate::{
    db::{
        schema::{
            discussion_comments, discussion_flags, discussion_follows, discussion_posts,
            discussion_revisions, discussion_tags, discussion_thread_tags, discussion_threads,
            discussion_votes, users,
        },
        Db,
    },
    discussion::{
        seal::Sealed, CommentView, FlagStatus, PostKind, PostState, PostView, Revision, SpaceInfo,
        ThreadPage, ThreadStatus,
    },
    error::AppError,
    run_query,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::collections::{BTreeMap, BTreeSet};

type PostRow = (
    i64,
    PostKind,
    String,
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
    i32,
    PostState,
    bool,
    Option<NaiveDateTime>,
    NaiveDateTime,
);

type CommentRow = (
    i64,
    i64,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
    PostState,
    NaiveDateTime,
);

/// The thread `thread_id` of `space`, as `actor` sees it.
pub async fn thread_page(
    db: &Db,
    space: SpaceInfo,
    thread_id: i64,
    actor: &Actor,
) -> Result<ThreadPage, AppError> {
    let space_id = space.id;
    let viewer = actor.user_id;
    let (thread, posts, comments, voted, flagged, following, revisions, tags) =
        run_query!(db, |conn| {
            let thread: Option<(ThreadStatus, Option<i64>)> = discussion_threads::table
                .filter(discussion_threads::id.eq(thread_id))
                .filter(discussion_threads::space_id.eq(space_id))
                .select((
                    discussion_threads::status,
                    discussion_threads::accepted_post_id,
                ))
                .first(conn)
                .await
                .optional()?;
            let Some(thread) = thread else {
                return Err(AppError::NotFound);
            };
            let posts: Vec<PostRow> = discussion_posts::table
                .left_join(users::table.on(discussion_posts::author_id.eq(users::id.nullable())))
                .filter(discussion_posts::thread_id.eq(thread_id))
                .order((
                    discussion_posts::kind.desc(),
                    discussion_posts::score.desc(),
                    discussion_posts::created_at,
                    discussion_posts::id,
                ))
                .select((
                    discussion_posts::id,
                    discussion_posts::kind,
                    discussion_posts::title,
                    discussion_posts::body_md,
                    discussion_posts::body_html,
                    discussion_posts::author_id,
                    users::name.nullable(),
                    discussion_posts::sealed_author,
                    discussion_posts::score,
                    discussion_posts::state,
                    discussion_posts::hidden,
                    discussion_posts::edited_at,
                    discussion_posts::created_at,
                ))
                .load(conn)
                .await?;
            let comments: Vec<CommentRow> = discussion_comments::table
                .inner_join(discussion_posts::table)
                .left_join(users::table.on(discussion_comments::author_id.eq(users::id.nullable())))
                .filter(discussion_posts::thread_id.eq(thread_id))
                .order((discussion_comments::created_at, discussion_comments::id))
                .select((
                    discussion_comments::id,
                    discussion_comments::post_id,
                    discussion_comments::body,
                    discussion_comments::author_id,
                    users::name.nullable(),
                    discussion_comments::sealed_author,
                    discussion_comments::state,
                    discussion_comments::created_at,
                ))
                .load(conn)
                .await?;
            let in_thread = discussion_posts::table
                .filter(discussion_posts::thread_id.eq(thread_id))
                .select(discussion_posts::id);
            let voted: Vec<i64> = discussion_votes::table
                .filter(discussion_votes::user_id.eq(viewer))
                .filter(discussion_votes::post_id.eq_any(in_thread))
                .select(discussion_votes::post_id)
                .load(conn)
                .await?;
            let flagged: Vec<i64> = discussion_flags::table
                .filter(discussion_flags::user_id.eq(viewer))
                .filter(discussion_flags::status.eq(FlagStatus::Open))
                .filter(discussion_flags::post_id.eq_any(in_thread))
                .select(discussion_flags::post_id)
                .load(conn)
                .await?;
            let following: i64 = discussion_follows::table
                .filter(discussion_follows::thread_id.eq(thread_id))
                .filter(discussion_follows::user_id.eq(viewer))
                .count()
                .get_result(conn)
                .await?;
            let revisions: Vec<(i64, i64)> = discussion_revisions::table
                .filter(discussion_revisions::post_id.eq_any(in_thread))
                .group_by(discussion_revisions::post_id)
                .select((discussion_revisions::post_id, diesel::dsl::count_star()))
                .load(conn)
                .await?;
            let tags: Vec<String> = discussion_thread_tags::table
                .inner_join(discussion_tags::table)
                .filter(discussion_thread_tags::thread_id.eq(thread_id))
                .order(discussion_tags::tag_key)
                .select(discussion_tags::name)
                .load(conn)
                .await?;
            Ok((
                thread, posts, comments, voted, flagged, following, revisions, tags,
            ))
        })?;
    let (status, accepted) = thread;
    let voted: BTreeSet<i64> = voted.into_iter().collect();
    let flagged: BTreeSet<i64> = flagged.into_iter().collect();
    let revisions: BTreeMap<i64, i64> = revisions.into_iter().collect();
    let mut comments_by_post: BTreeMap<i64, Vec<CommentView>> = BTreeMap::new();
    for row in comments {
        let own = author_of(&actor.key, Sealed::Comment, row.3, row.5.as_deref()) == Some(viewer);
        let shown = row.6 == PostState::Shown;
        comments_by_post
            .entry(row.1)
            .or_default()
            .push(CommentView {
                id: row.0,
                body: if shown { row.2 } else { String::new() },
                author: if shown {
                    author_view(
                        &actor.key,
                        Sealed::Comment,
                        Some(viewer),
                        row.3,
                        row.4,
                        row.5.as_deref(),
                    )
                } else {
                    hidden_author()
                },
                state: row.6,
                created_at: row.7,
                can_delete: shown && status != ThreadStatus::Locked && (own || actor.moderator),
            });
    }
    let asker = posts
        .iter()
        .find(|p| p.1 == PostKind::Question)
        .and_then(|p| author_of(&actor.key, Sealed::Post, p.5, p.7.as_deref()));
    let asked_by_viewer = asker == Some(viewer);
    let has_answers = posts
        .iter()
        .any(|p| p.1 == PostKind::Answer && p.9 == PostState::Shown);
    let open = status != ThreadStatus::Locked;
    let mut question = None;
    let mut answers = Vec::new();
    for row in posts {
        let own = author_of(&actor.key, Sealed::Post, row.5, row.7.as_deref()) == Some(viewer);
        let shown = row.9 == PostState::Shown;
        // A post hidden by flags is still shown to its author and to the
        // moderators, marked; removed and deleted ones to nobody.
        let readable = shown && (!row.10 || own || actor.moderator);
        let view = PostView {
            id: row.0,
            kind: row.1,
            body_html: if readable { row.4 } else { String::new() },
            body_md: (readable && (own || actor.moderator)).then_some(row.3),
            author: if readable {
                author_view(
                    &actor.key,
                    Sealed::Post,
                    Some(viewer),
                    row.5,
                    row.6,
                    row.7.as_deref(),
                )
            } else {
                hidden_author()
            },
            score: row.8,
            state: row.9,
            hidden: row.10,
            accepted: accepted == Some(row.0),
            edited: row.11.is_some(),
            revisions: revisions.get(&row.0).copied().unwrap_or(0),
            created_at: row.12,
            comments: comments_by_post.remove(&row.0).unwrap_or_default(),
            voted: voted.contains(&row.0),
            flagged: flagged.contains(&row.0),
            can_vote: readable && open && !own,
            can_edit: readable && (own && open || actor.moderator),
            can_delete: readable && own && open && (row.1 == PostKind::Answer || !has_answers),
            can_flag: readable && !own,
            can_accept: readable
                && open
                && row.1 == PostKind::Answer
                && (asked_by_viewer || actor.moderator),
        };
        match row.1 {
            PostKind::Question => question = Some((row.2, view)),
            PostKind::Answer => answers.push(view),
        }
    }
    let Some((title, question)) = question else {
        return Err(AppError::NotFound);
    };
    // Removed or deleted questions are gone for everyone but moderators;
    // one hidden by flags for everyone but its author and the moderators.
    if question.state != PostState::Shown && !actor.moderator
        || question.state == PostState::Shown && question.hidden && question.body_html.is_empty()
    {
        return Err(AppError::NotFound);
    }
    // The accepted answer first, then by score and age (the query's order).
    answers.sort_by_key(|a| !a.accepted);
    // Answers taken down leave no trace but for moderators.
    answers.retain(|a| a.state == PostState::Shown || actor.moderator);
    let can_post = space.suspended_until.is_none() && question.state == PostState::Shown;
    Ok(ThreadPage {
        id: thread_id,
        title,
        tags,
        status,
        can_answer: can_post && status == ThreadStatus::Open,
        can_comment: can_post && open,
        following: following > 0 || asked_by_viewer,
        question,
        answers,
        space,
        form_key: form_key()?,
    })
}

fn hidden_author() -> crate::discussion::Author {
    crate::discussion::Author {
        user_id: None,
        name: String::new(),
        anonymous: false,
        is_you: false,
    }
}

/// The earlier versions of a post, newest first: its author and the
/// moderators.
pub async fn revisions(
    db: &Db,
    space_id: i64,
    post_id: i64,
    actor: &Actor,
) -> Result<Vec<Revision>, AppError> {
    use super::posts::PostQueries;
    run_query!(db, |conn| {
        let post = conn
            .post_meta(space_id, post_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !post.is_by(actor) && !actor.moderator {
            return Err(AppError::Forbidden);
        }
        let rows: Vec<(String, String, bool, NaiveDateTime)> = discussion_revisions::table
            .filter(discussion_revisions::post_id.eq(post_id))
            .order((
                discussion_revisions::replaced_at.desc(),
                discussion_revisions::id.desc(),
            ))
            .select((
                discussion_revisions::title,
                discussion_revisions::body_md,
                discussion_revisions::by_moderator,
                discussion_revisions::replaced_at,
            ))
            .load(conn)
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| Revision {
                title: r.0,
                body_md: r.1,
                by_moderator: r.2,
                replaced_at: r.3,
            })
            .collect())
    })
}
