//! Flags and the moderators' queue, removing posts (and suspending their
//! authors without learning who they are), closing and locking threads.

use super::{author_view, posts::PostQueries, Actor};
use crate::{
    db::{
        schema::{
            discussion_flags, discussion_posts, discussion_suspensions, discussion_threads, users,
        },
        Db,
    },
    discussion::{
        rules::{validate_flag_reason, FLAGS_TO_HIDE},
        seal::Sealed,
        FlagStatus, FlaggedPost, PostKind, PostState, ThreadStatus,
    },
    error::AppError,
    run_query, write_transaction,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::collections::BTreeMap;

trait FlagQueries {
    /// Closes a post's open flags as `verdict` (upheld or dismissed).
    async fn review_flags(
        &mut self,
        post_id: i64,
        verdict: FlagStatus,
        now: NaiveDateTime,
    ) -> QueryResult<usize>;
}

crate::impl_for_both_backends!(FlagQueries {
    async fn review_flags(&mut self, post_id: i64, verdict: FlagStatus, now: NaiveDateTime) -> QueryResult<usize> {
        diesel::update(
            discussion_flags::table
                .filter(discussion_flags::post_id.eq(post_id))
                .filter(discussion_flags::status.eq(FlagStatus::Open)),
        )
        .set((
            discussion_flags::status.eq(verdict),
            discussion_flags::reviewed_at.eq(Some(now)),
        ))
        .execute(self)
        .await
    }
});

/// Flags a post for the moderators. A member flags a post once; with
/// three open flags from different members it is hidden until reviewed.
pub async fn flag(
    db: &Db,
    space_id: i64,
    post_id: i64,
    actor: &Actor,
    reason: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let reason = validate_flag_reason(reason)?;
    write_transaction!(db, |conn| {
        let post = conn
            .post_meta(space_id, post_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !post.shown_to(actor) {
            return Err(AppError::NotFound);
        }
        if post.is_by(actor) {
            return Err(AppError::Conflict("You cannot flag your own post.".into()));
        }
        diesel::insert_into(discussion_flags::table)
            .values((
                discussion_flags::post_id.eq(post_id),
                discussion_flags::user_id.eq(actor.user_id),
                discussion_flags::reason.eq(&reason),
                discussion_flags::status.eq(FlagStatus::Open),
                discussion_flags::created_at.eq(now),
            ))
            .on_conflict_do_nothing()
            .execute(conn)
            .await?;
        let open: i64 = discussion_flags::table
            .filter(discussion_flags::post_id.eq(post_id))
            .filter(discussion_flags::status.eq(FlagStatus::Open))
            .count()
            .get_result(conn)
            .await?;
        if open >= FLAGS_TO_HIDE {
            diesel::update(discussion_posts::table.find(post_id))
                .set(discussion_posts::hidden.eq(true))
                .execute(conn)
                .await?;
            conn.refresh_thread(post.thread_id).await?;
        }
        Ok(())
    })
}

/// The space's posts with open flags, most flagged first.
pub async fn flag_queue(
    db: &Db,
    space_id: i64,
    actor: &Actor,
) -> Result<Vec<FlaggedPost>, AppError> {
    if !actor.moderator {
        return Err(AppError::Forbidden);
    }
    type Row = (
        i64,
        i64,
        PostKind,
        Option<i64>,
        Option<String>,
        Option<String>,
        String,
        bool,
        PostState,
        String,
    );
    let (rows, titles) = run_query!(db, |conn| {
        let rows: Vec<Row> = discussion_flags::table
            .inner_join(discussion_posts::table.inner_join(discussion_threads::table))
            .left_join(users::table.on(discussion_posts::author_id.eq(users::id.nullable())))
            .filter(discussion_threads::space_id.eq(space_id))
            .filter(discussion_flags::status.eq(FlagStatus::Open))
            .order((discussion_flags::post_id, discussion_flags::created_at))
            .select((
                discussion_posts::id,
                discussion_posts::thread_id,
                discussion_posts::kind,
                discussion_posts::author_id,
                users::name.nullable(),
                discussion_posts::sealed_author,
                discussion_posts::body_html,
                discussion_posts::hidden,
                discussion_posts::state,
                discussion_flags::reason,
            ))
            .load(conn)
            .await?;
        let threads: Vec<i64> = rows.iter().map(|r| r.1).collect();
        let titles: Vec<(i64, String)> = discussion_posts::table
            .filter(discussion_posts::thread_id.eq_any(&threads))
            .filter(discussion_posts::kind.eq(PostKind::Question))
            .select((discussion_posts::thread_id, discussion_posts::title))
            .load(conn)
            .await?;
        Ok::<_, AppError>((rows, titles))
    })?;
    let titles: BTreeMap<i64, String> = titles.into_iter().collect();
    let mut flagged: Vec<FlaggedPost> = Vec::new();
    for row in rows {
        match flagged.last_mut() {
            Some(last) if last.post_id == row.0 => last.reasons.push(row.9),
            _ => flagged.push(FlaggedPost {
                post_id: row.0,
                thread_id: row.1,
                kind: row.2,
                title: titles.get(&row.1).cloned().unwrap_or_default(),
                body_html: row.6,
                // The moderator sees what everyone sees: an anonymous
                // author stays anonymous (is_you is never true for them
                // unless they wrote it).
                author: author_view(
                    &actor.key,
                    Sealed::Post,
                    Some(actor.user_id),
                    row.3,
                    row.4,
                    row.5.as_deref(),
                ),
                hidden: row.7,
                state: row.8,
                reasons: vec![row.9],
            }),
        }
    }
    flagged.sort_by_key(|f| std::cmp::Reverse(f.reasons.len()));
    Ok(flagged)
}

/// A moderator keeps a flagged post: its flags are dismissed and it is
/// shown again.
pub async fn dismiss_flags(
    db: &Db,
    space_id: i64,
    post_id: i64,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    if !actor.moderator {
        return Err(AppError::Forbidden);
    }
    write_transaction!(db, |conn| {
        let post = conn
            .post_meta(space_id, post_id)
            .await?
            .ok_or(AppError::NotFound)?;
        conn.review_flags(post_id, FlagStatus::Dismissed, now)
            .await?;
        diesel::update(discussion_posts::table.find(post_id))
            .set(discussion_posts::hidden.eq(false))
            .execute(conn)
            .await?;
        conn.refresh_thread(post.thread_id).await?;
        Ok(())
    })
}

/// A moderator removes a post ("removed by a moderator"); its open flags
/// are upheld. With `suspend`, its author may not post in the space for
/// that long: the suspension is kept by post, so the moderator never
/// learns who an anonymous author is. Returns the thread's id.
pub async fn remove_post(
    db: &Db,
    space_id: i64,
    post_id: i64,
    actor: &Actor,
    suspend: Option<Duration>,
    now: NaiveDateTime,
) -> Result<i64, AppError> {
    if !actor.moderator {
        return Err(AppError::Forbidden);
    }
    write_transaction!(db, |conn| {
        let post = conn
            .post_meta(space_id, post_id)
            .await?
            .ok_or(AppError::NotFound)?;
        diesel::update(discussion_posts::table.find(post_id))
            .set(discussion_posts::state.eq(PostState::Removed))
            .execute(conn)
            .await?;
        conn.review_flags(post_id, FlagStatus::Upheld, now).await?;
        if let Some(length) = suspend {
            diesel::insert_into(discussion_suspensions::table)
                .values((
                    discussion_suspensions::space_id.eq(space_id),
                    discussion_suspensions::post_id.eq(post_id),
                    discussion_suspensions::until.eq(now + length),
                    discussion_suspensions::created_at.eq(now),
                ))
                .execute(conn)
                .await?;
        }
        conn.refresh_thread(post.thread_id).await?;
        Ok(post.thread_id)
    })
}

/// A moderator opens, closes or locks a thread.
pub async fn set_thread_status(
    db: &Db,
    space_id: i64,
    thread_id: i64,
    actor: &Actor,
    status: ThreadStatus,
) -> Result<(), AppError> {
    if !actor.moderator {
        return Err(AppError::Forbidden);
    }
    write_transaction!(db, |conn| {
        let changed = diesel::update(
            discussion_threads::table
                .filter(discussion_threads::id.eq(thread_id))
                .filter(discussion_threads::space_id.eq(space_id)),
        )
        .set(discussion_threads::status.eq(status))
        .execute(conn)
        .await?;
        if changed == 0 {
            return Err(AppError::NotFound);
        }
        Ok(())
    })
}
