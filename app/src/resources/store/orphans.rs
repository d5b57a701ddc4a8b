//! Stored files no resource keeps: an upload under way is one until the
//! transaction that saves its resource; a replaced or deleted resource's
//! file becomes one in the transaction that lets it go. The store's copy
//! is deleted right after; the sweep retries what could not be.

use crate::{
    db::{schema::resource_orphans, Db},
    error::AppError,
    run_query,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// An upload is given this long before the sweep takes its file for
/// abandoned.
pub const UPLOAD_GRACE_MINUTES: i64 = 60;

pub(crate) trait OrphanQueries {
    async fn orphan(&mut self, key: &str, now: NaiveDateTime) -> QueryResult<()>;
    async fn adopt(&mut self, key: &str) -> QueryResult<()>;
}

crate::impl_for_both_backends!(OrphanQueries {
    async fn orphan(&mut self, key: &str, now: NaiveDateTime) -> QueryResult<()> {
        diesel::insert_into(resource_orphans::table)
            .values((
                resource_orphans::file_key.eq(key),
                resource_orphans::since.eq(now),
            ))
            .on_conflict_do_nothing()
            .execute(self)
            .await
            .map(drop)
    }

    async fn adopt(&mut self, key: &str) -> QueryResult<()> {
        diesel::delete(resource_orphans::table.find(key))
            .execute(self)
            .await
            .map(drop)
    }
});

/// Notes an upload's key before its first byte is stored.
pub async fn upload_started(db: &Db, key: &str, now: NaiveDateTime) -> Result<(), AppError> {
    run_query!(db, |conn| conn.orphan(key, now).await).map_err(AppError::from)
}

/// Forgets an orphan whose file is gone from the store.
pub async fn forget_orphan(db: &Db, key: &str) -> Result<(), AppError> {
    run_query!(db, |conn| conn.adopt(key).await).map_err(AppError::from)
}

/// Orphans the sweep may delete at `now`: those older than
/// [`UPLOAD_GRACE_MINUTES`] (an upload under way is an orphan too, until
/// its resource is saved; a replaced or deleted file was deleted at once
/// unless the store failed then).
pub async fn due_orphans(db: &Db, now: NaiveDateTime, limit: i64) -> Result<Vec<String>, AppError> {
    let before = now - chrono::Duration::minutes(UPLOAD_GRACE_MINUTES);
    run_query!(db, |conn| {
        resource_orphans::table
            .filter(resource_orphans::since.lt(before))
            .order(resource_orphans::since)
            .limit(limit)
            .select(resource_orphans::file_key)
            .load(conn)
            .await
    })
    .map_err(AppError::from)
}
