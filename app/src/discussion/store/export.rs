//! A member's questions, answers and comments for "Download my data",
//! the anonymous ones included. Those have no author column: each seal is
//! opened with the server's key to find the member's own, and the export
//! goes to that member only.

use super::{author_of, Sealed};
use crate::{
    db::{
        schema::{discussion_comments, discussion_follows, discussion_posts},
        Db,
    },
    discussion::{seal::SecretKey, PostKind, PostState},
    error::AppError,
    run_query,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::json;

type PostRow = (
    i64,
    i64,
    PostKind,
    String,
    String,
    Option<i64>,
    Option<String>,
    PostState,
    NaiveDateTime,
);
type CommentRow = (
    i64,
    i64,
    String,
    Option<i64>,
    Option<String>,
    PostState,
    NaiveDateTime,
);

pub async fn export_of_member(
    db: &Db,
    key: &SecretKey,
    user_id: i64,
) -> Result<serde_json::Value, AppError> {
    let (posts, comments, follows) = run_query!(db, |conn| {
        let posts: Vec<PostRow> = discussion_posts::table
            .filter(
                discussion_posts::author_id
                    .eq(user_id)
                    .or(discussion_posts::sealed_author.is_not_null()),
            )
            .order(discussion_posts::id)
            .select((
                discussion_posts::id,
                discussion_posts::thread_id,
                discussion_posts::kind,
                discussion_posts::title,
                discussion_posts::body_md,
                discussion_posts::author_id,
                discussion_posts::sealed_author,
                discussion_posts::state,
                discussion_posts::created_at,
            ))
            .load(conn)
            .await?;
        let comments: Vec<CommentRow> = discussion_comments::table
            .filter(
                discussion_comments::author_id
                    .eq(user_id)
                    .or(discussion_comments::sealed_author.is_not_null()),
            )
            .order(discussion_comments::id)
            .select((
                discussion_comments::id,
                discussion_comments::post_id,
                discussion_comments::body,
                discussion_comments::author_id,
                discussion_comments::sealed_author,
                discussion_comments::state,
                discussion_comments::created_at,
            ))
            .load(conn)
            .await?;
        let follows: Vec<i64> = discussion_follows::table
            .filter(discussion_follows::user_id.eq(user_id))
            .order(discussion_follows::thread_id)
            .select(discussion_follows::thread_id)
            .load(conn)
            .await?;
        Ok::<_, AppError>((posts, comments, follows))
    })?;
    let posts: Vec<_> = posts
        .into_iter()
        .filter(|(.., author, sealed, _, _)| {
            author_of(key, Sealed::Post, *author, sealed.as_deref()) == Some(user_id)
        })
        .map(
            |(id, thread, kind, title, body, _, sealed, state, created)| {
                json!({
                    "id": id,
                    "thread_id": thread,
                    "kind": kind.as_str(),
                    "title": title,
                    "body_markdown": body,
                    "anonymous": sealed.is_some(),
                    "state": state.as_str(),
                    "created_at": created,
                })
            },
        )
        .collect();
    let comments: Vec<_> = comments
        .into_iter()
        .filter(|(_, _, _, author, sealed, _, _)| {
            author_of(key, Sealed::Comment, *author, sealed.as_deref()) == Some(user_id)
        })
        .map(|(id, post, body, _, sealed, state, created)| {
            json!({
                "id": id,
                "post_id": post,
                "body": body,
                "anonymous": sealed.is_some(),
                "state": state.as_str(),
                "created_at": created,
            })
        })
        .collect();
    Ok(json!({
        "posts": posts,
        "comments": comments,
        "following_threads": follows,
    }))
}
