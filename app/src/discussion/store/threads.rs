//! Asking a question, and a space's thread lists.

use super::{author_columns, author_of, author_view, space::SpaceQueries, Actor};
use crate::{
    db::{
        schema::{
            discussion_follows, discussion_posts, discussion_spaces, discussion_tags,
            discussion_thread_tags, discussion_threads, users,
        },
        Db,
    },
    discussion::{
        rules::{tag_key, validate_body, validate_title, TAGS_PER_THREAD, THREADS_PER_PAGE},
        seal::Sealed,
        PostKind, PostState, SpaceInfo, ThreadFilters, ThreadList, ThreadScope, ThreadSort,
        ThreadStatus, ThreadSummary,
    },
    error::{AppError, FieldErrors},
    run_query, write_transaction,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::collections::BTreeMap;

/// A question as the ask form sends it.
#[derive(Debug, Clone, Default)]
pub struct NewQuestion {
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    pub anonymous: bool,
    /// The form's idempotency key.
    pub key: String,
}

/// Asks a question in a space; returns the thread's id. The same form
/// sent twice (its key) returns the first thread.
pub async fn ask(
    db: &Db,
    space_id: i64,
    actor: &Actor,
    question: &NewQuestion,
    now: NaiveDateTime,
) -> Result<i64, AppError> {
    let mut errors = FieldErrors::default();
    let title = validate_title(&mut errors, &question.title);
    let body = validate_body(&mut errors, "body", &question.body, 1);
    let mut wanted: Vec<String> = question.tags.iter().map(|t| tag_key(t)).collect();
    wanted.sort();
    wanted.dedup();
    wanted.retain(|t| !t.is_empty());
    if wanted.len() > TAGS_PER_THREAD {
        errors.add("tags", format!("Pick at most {TAGS_PER_THREAD} tags."));
    }
    errors.into_result()?;
    let html = crate::markdown::to_safe_html_below(&body, pulldown_cmark::HeadingLevel::H2);
    let form_key = super::request_key(actor, &question.key);
    write_transaction!(db, |conn| {
        // The space's row lock (PostgreSQL; SQLite's write transaction
        // holds the whole database): the same form sent twice at once
        // waits here, then finds the first one's question.
        diesel::update(discussion_spaces::table.find(space_id))
            .set(discussion_spaces::allow_anonymous.eq(discussion_spaces::allow_anonymous))
            .execute(conn)
            .await?;
        if let Some(thread) = discussion_posts::table
            .filter(discussion_posts::request_key.eq(&form_key))
            .select(discussion_posts::thread_id)
            .first::<i64>(conn)
            .await
            .optional()?
        {
            return Ok(thread);
        }
        conn.may_post(actor, space_id, question.anonymous, "questions", now)
            .await?;
        let tags: Vec<(i64, String)> = discussion_tags::table
            .filter(discussion_tags::space_id.eq(space_id))
            .filter(discussion_tags::tag_key.eq_any(&wanted))
            .select((discussion_tags::id, discussion_tags::tag_key))
            .load(conn)
            .await?;
        if tags.len() != wanted.len() {
            return Err(AppError::validation(
                "tags",
                "Pick tags from the list (a moderator may have just removed one).",
            ));
        }
        let thread: i64 = diesel::insert_into(discussion_threads::table)
            .values((
                discussion_threads::space_id.eq(space_id),
                discussion_threads::status.eq(ThreadStatus::Open),
                discussion_threads::listed.eq(true),
                discussion_threads::answer_count.eq(0),
                discussion_threads::score.eq(0),
                discussion_threads::created_at.eq(now),
                discussion_threads::last_activity_at.eq(now),
            ))
            .returning(discussion_threads::id)
            .get_result(conn)
            .await?;
        let (author_id, sealed) = author_columns(actor, Sealed::Post, question.anonymous);
        diesel::insert_into(discussion_posts::table)
            .values((
                discussion_posts::thread_id.eq(thread),
                discussion_posts::kind.eq(PostKind::Question),
                discussion_posts::title.eq(&title),
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
            .execute(conn)
            .await?;
        for (tag_id, _) in &tags {
            diesel::insert_into(discussion_thread_tags::table)
                .values((
                    discussion_thread_tags::thread_id.eq(thread),
                    discussion_thread_tags::tag_id.eq(tag_id),
                ))
                .execute(conn)
                .await?;
        }
        // A named asker follows their question; an anonymous one hears of
        // answers through the seal (a follow row would name them).
        if !question.anonymous {
            diesel::insert_into(discussion_follows::table)
                .values((
                    discussion_follows::thread_id.eq(thread),
                    discussion_follows::user_id.eq(actor.user_id),
                    discussion_follows::created_at.eq(now),
                ))
                .execute(conn)
                .await?;
        }
        Ok(thread)
    })
}

type SummaryRow = (
    i64,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
    i32,
    i32,
    Option<i64>,
    ThreadStatus,
    NaiveDateTime,
    NaiveDateTime,
);

/// A space's threads, a page at a time: the total (one query), the page
/// of summaries (a second), their tags (a third); "my questions" and
/// "following" first read the viewer's anonymous questions (a fourth).
pub async fn thread_list(
    db: &Db,
    space: SpaceInfo,
    actor: &Actor,
    filters: ThreadFilters,
) -> Result<ThreadList, AppError> {
    let space_id = space.id;
    let viewer = actor.user_id;
    let tag = tag_key(&filters.tag);
    let page = filters.page.max(1);
    let (rows, tags, page, total) = run_query!(db, |conn| {
        // The viewer's anonymous questions in the space (the seal is the
        // only way to know them).
        let mine_anonymous: Vec<i64> = if filters.scope == ThreadScope::All {
            Vec::new()
        } else {
            let sealed: Vec<(i64, Option<String>)> = discussion_posts::table
                .inner_join(discussion_threads::table)
                .filter(discussion_threads::space_id.eq(space_id))
                .filter(discussion_posts::kind.eq(PostKind::Question))
                .filter(discussion_posts::sealed_author.is_not_null())
                .select((discussion_posts::thread_id, discussion_posts::sealed_author))
                .load(conn)
                .await?;
            sealed
                .into_iter()
                .filter(|(_, s)| {
                    author_of(&actor.key, Sealed::Post, None, s.as_deref()) == Some(viewer)
                })
                .map(|(id, _)| id)
                .collect()
        };
        let build = |ordered: bool| {
            let mut query = discussion_threads::table
                .inner_join(
                    discussion_posts::table.on(discussion_posts::thread_id
                        .eq(discussion_threads::id)
                        .and(discussion_posts::kind.eq(PostKind::Question))),
                )
                .left_join(users::table.on(discussion_posts::author_id.eq(users::id.nullable())))
                .filter(discussion_threads::space_id.eq(space_id))
                .into_boxed();
            // The viewer's own questions show in "my questions" even while
            // hidden by flags; everyone else's list shows listed threads.
            query = match filters.scope {
                ThreadScope::All => query.filter(discussion_threads::listed.eq(true)),
                ThreadScope::Mine => query
                    .filter(discussion_posts::state.eq(PostState::Shown))
                    .filter(
                        discussion_posts::author_id
                            .eq(viewer)
                            .or(discussion_threads::id.eq_any(mine_anonymous.clone())),
                    ),
                ThreadScope::Following => query.filter(discussion_threads::listed.eq(true)).filter(
                    discussion_threads::id
                        .eq_any(
                            discussion_follows::table
                                .filter(discussion_follows::user_id.eq(viewer))
                                .select(discussion_follows::thread_id),
                        )
                        .or(discussion_threads::id.eq_any(mine_anonymous.clone())),
                ),
            };
            if !tag.is_empty() {
                query = query.filter(
                    discussion_threads::id.eq_any(
                        discussion_thread_tags::table
                            .inner_join(discussion_tags::table)
                            .filter(discussion_tags::space_id.eq(space_id))
                            .filter(discussion_tags::tag_key.eq(tag.clone()))
                            .select(discussion_thread_tags::thread_id),
                    ),
                );
            }
            query = match filters.sort {
                ThreadSort::Unanswered => query.filter(discussion_threads::answer_count.eq(0)),
                ThreadSort::NoAccepted => {
                    query.filter(discussion_threads::accepted_post_id.is_null())
                }
                ThreadSort::Newest | ThreadSort::Active | ThreadSort::Votes => query,
            };
            if !ordered {
                return query;
            }
            query = match filters.sort {
                ThreadSort::Newest | ThreadSort::Unanswered | ThreadSort::NoAccepted => query
                    .order((
                        discussion_threads::created_at.desc(),
                        discussion_threads::id.desc(),
                    )),
                ThreadSort::Active => query.order((
                    discussion_threads::last_activity_at.desc(),
                    discussion_threads::id.desc(),
                )),
                ThreadSort::Votes => query.order((
                    discussion_threads::score.desc(),
                    discussion_threads::created_at.desc(),
                    discussion_threads::id.desc(),
                )),
            };
            query
        };
        // The total first (a count the planner answers from the threads'
        // indexes), then the page: a window count over the page query
        // would join every thread of the space before the limit.
        let total: i64 = build(false).count().get_result(conn).await?;
        let (page, offset) = crate::ui::clamp_page(page, total, THREADS_PER_PAGE);
        let rows: Vec<SummaryRow> = build(true)
            .select((
                discussion_threads::id,
                discussion_posts::title,
                discussion_posts::author_id,
                users::name.nullable(),
                discussion_posts::sealed_author,
                discussion_threads::answer_count,
                discussion_threads::score,
                discussion_threads::accepted_post_id,
                discussion_threads::status,
                discussion_threads::created_at,
                discussion_threads::last_activity_at,
            ))
            .limit(THREADS_PER_PAGE)
            .offset(offset)
            .load(conn)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let tags: Vec<(i64, String)> = discussion_thread_tags::table
            .inner_join(discussion_tags::table)
            .filter(discussion_thread_tags::thread_id.eq_any(&ids))
            .order((discussion_thread_tags::thread_id, discussion_tags::tag_key))
            .select((discussion_thread_tags::thread_id, discussion_tags::name))
            .load(conn)
            .await?;
        Ok::<_, AppError>((rows, tags, page, total))
    })?;
    let mut tags_by_thread: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (thread, name) in tags {
        tags_by_thread.entry(thread).or_default().push(name);
    }
    let threads = rows
        .into_iter()
        .map(|row| ThreadSummary {
            id: row.0,
            title: row.1,
            tags: tags_by_thread.remove(&row.0).unwrap_or_default(),
            author: author_view(
                &actor.key,
                Sealed::Post,
                Some(viewer),
                row.2,
                row.3,
                row.4.as_deref(),
            ),
            answers: row.5,
            score: row.6,
            has_accepted: row.7.is_some(),
            status: row.8,
            created_at: row.9,
            last_activity_at: row.10,
        })
        .collect();
    let pages = crate::ui::page_count(total, THREADS_PER_PAGE);
    Ok(ThreadList {
        space,
        threads,
        total,
        page,
        pages,
        filters: ThreadFilters { page, ..filters },
    })
}
