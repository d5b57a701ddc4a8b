//! Store tests (both databases): asking and the lists, votes, accepted
//! answers, edits and deletions, flags and moderation, search, anonymity
//! and the emails to followers.
//!
//! Every test asserts exact ids, rows and emails, so that a store that
//! writes twice, shows a hidden post or names an anonymous author fails.

use super::{
    answer, ask, space_info, thread_list, thread_page, Actor, NewAnswer, NewQuestion, Space,
};
use crate::{
    accounts::CurrentUser,
    db::{
        schema::{discussion_posts, outbox},
        testing::on_both_backends,
        Db,
    },
    discussion::{seal::SecretKey, SpaceInfo, ThreadFilters, ThreadPage, ThreadScope, ThreadSort},
    error::AppError,
    programs::store::fixtures::{member, program, race, settings},
    run_query,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::sync::atomic::{AtomicUsize, Ordering};

mod moderation;
mod posts;
mod search;
mod threads;

const LINK: &str = "https://hub.example.org/discussion/1";

/// A fixed clock: `t(n)` is `n` minutes after the first moment.
fn t(minutes: i64) -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 2)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
        + Duration::minutes(minutes)
}

fn key() -> SecretKey {
    SecretKey::from_bytes([7; 32])
}

fn actor(user: &CurrentUser, moderator: bool) -> Actor {
    Actor {
        user_id: user.id,
        name: user.name.clone(),
        moderator,
        key: key(),
    }
}

/// A member and how they act (not a moderator).
async fn someone(db: &Db, name: &str) -> (CurrentUser, Actor) {
    let user = member(db, name).await;
    let actor = actor(&user, false);
    (user, actor)
}

/// A fresh form key.
fn form() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("form-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The hub's space as `viewer` sees it.
async fn hub(db: &Db, viewer: &Actor) -> SpaceInfo {
    space_info(db, None, "Hub", Some(viewer), t(0))
        .await
        .unwrap()
        .1
}

/// A program's space (the program is made by `admin`).
async fn program_space(db: &Db, admin: &CurrentUser, viewer: &Actor) -> (Space, SpaceInfo) {
    let p = program(db, admin, settings("Spring", "spring")).await;
    space_info(db, Some((p.id, "spring")), "Spring", Some(viewer), t(0))
        .await
        .unwrap()
}

fn question(title: &str, body: &str, tags: &[&str], anonymous: bool) -> NewQuestion {
    NewQuestion {
        title: title.into(),
        body: body.into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        anonymous,
        key: form(),
    }
}

/// Asks `title` (its body says so too) at minute `at`.
async fn asked(db: &Db, space: &SpaceInfo, by: &Actor, title: &str, at: i64) -> i64 {
    let q = question(title, &format!("Details of: {title}"), &[], false);
    ask(db, space.id, by, &q, t(at)).await.unwrap()
}

async fn asked_anonymously(db: &Db, space: &SpaceInfo, by: &Actor, title: &str, at: i64) -> i64 {
    let q = question(title, &format!("Details of: {title}"), &[], true);
    ask(db, space.id, by, &q, t(at)).await.unwrap()
}

async fn answered(
    db: &Db,
    space: &SpaceInfo,
    thread: i64,
    by: &Actor,
    body: &str,
    anonymous: bool,
    at: i64,
) -> i64 {
    let new = NewAnswer {
        body: body.into(),
        anonymous,
        key: form(),
    };
    answer(db, space.id, thread, by, &new, LINK, t(at))
        .await
        .unwrap()
}

/// The thread ids of a list, in its order.
async fn list(db: &Db, space: &SpaceInfo, viewer: &Actor, filters: ThreadFilters) -> Vec<i64> {
    thread_list(db, space.clone(), viewer, filters)
        .await
        .unwrap()
        .threads
        .into_iter()
        .map(|t| t.id)
        .collect()
}

fn sorted(sort: ThreadSort) -> ThreadFilters {
    ThreadFilters {
        sort,
        ..ThreadFilters::default()
    }
}

fn scoped(scope: ThreadScope) -> ThreadFilters {
    ThreadFilters {
        scope,
        ..ThreadFilters::default()
    }
}

async fn page(db: &Db, space: &SpaceInfo, thread: i64, viewer: &Actor) -> ThreadPage {
    thread_page(db, space.clone(), thread, viewer)
        .await
        .unwrap_or_else(|e| panic!("{db:?}: thread {thread} for {}: {e:?}", viewer.name))
}

/// The id of a thread's question post.
async fn question_post(db: &Db, thread: i64) -> i64 {
    let id: Result<i64, AppError> = async {
        Ok(run_query!(db, |conn| {
            discussion_posts::table
                .filter(discussion_posts::thread_id.eq(thread))
                .filter(discussion_posts::kind.eq("question"))
                .select(discussion_posts::id)
                .first(conn)
                .await
        })?)
    }
    .await;
    id.unwrap()
}

/// A post's author columns: (author_id, sealed_author).
async fn author_columns_of(db: &Db, post: i64) -> (Option<i64>, Option<String>) {
    let row: Result<_, AppError> = async {
        Ok(run_query!(db, |conn| {
            discussion_posts::table
                .find(post)
                .select((discussion_posts::author_id, discussion_posts::sealed_author))
                .first(conn)
                .await
        })?)
    }
    .await;
    row.unwrap()
}

/// The posts of a thread (questions and answers).
async fn post_count(db: &Db, thread: i64) -> i64 {
    let count: Result<i64, AppError> = async {
        Ok(run_query!(db, |conn| {
            discussion_posts::table
                .filter(discussion_posts::thread_id.eq(thread))
                .count()
                .get_result(conn)
                .await
        })?)
    }
    .await;
    count.unwrap()
}

/// The outbox: (recipient, subject, list_unsubscribe), oldest first.
async fn emails(db: &Db) -> Vec<(String, String, Option<String>)> {
    let rows: Result<_, AppError> = async {
        Ok(run_query!(db, |conn| {
            outbox::table
                .order(outbox::id)
                .select((outbox::recipient, outbox::subject, outbox::list_unsubscribe))
                .load(conn)
                .await
        })?)
    }
    .await;
    rows.unwrap()
}
