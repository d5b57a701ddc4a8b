//! What the library's managers change: resources added, edited, moved
//! and deleted. A file's key leaves a row only into `resource_orphans`,
//! in the same transaction, so the store's copy is always either a
//! resource's or due to be deleted.

use super::{orphans::OrphanQueries, resources_of, ResourceRow, StoredFile};
use crate::{
    db::{schema::resources, Db},
    error::AppError,
    resources::{
        rules::{ValidResource, RESOURCES_MAX},
        Move,
    },
    write_transaction,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

pub(crate) trait ResourceQueries {
    /// The position after the last of a group (a section, or outside any
    /// for `None`).
    async fn next_position(
        &mut self,
        program_id: Option<i64>,
        section_id: Option<i64>,
    ) -> QueryResult<i32>;

    /// The resource of the space, for a change.
    async fn resource_row(
        &mut self,
        program_id: Option<i64>,
        id: i64,
    ) -> QueryResult<Option<ResourceRow>>;
}

crate::impl_for_both_backends!(ResourceQueries {
    async fn next_position(
        &mut self,
        program_id: Option<i64>,
        section_id: Option<i64>,
    ) -> QueryResult<i32> {
        let query = resources_of!(program_id);
        let query = match section_id {
            Some(id) => query.filter(resources::section_id.eq(id)),
            None => query.filter(resources::section_id.is_null()),
        };
        let last: Option<i32> = query
            .select(diesel::dsl::max(resources::position))
            .get_result(self)
            .await?;
        Ok(last.map_or(0, |p| p + 1))
    }

    async fn resource_row(
        &mut self,
        program_id: Option<i64>,
        id: i64,
    ) -> QueryResult<Option<ResourceRow>> {
        resources_of!(program_id)
            .filter(resources::id.eq(id))
            .select(ResourceRow::as_select())
            .first(self)
            .await
            .optional()
    }
});

/// Adds a resource to the space's library; returns its id. A file's key
/// stops being an orphan in the same transaction.
pub async fn create_resource(
    db: &Db,
    program_id: Option<i64>,
    by: i64,
    valid: &ValidResource,
    file: Option<&StoredFile>,
    now: NaiveDateTime,
) -> Result<i64, AppError> {
    let html = crate::markdown::to_safe_html(&valid.body_md);
    write_transaction!(db, |conn| {
        let count: i64 = resources_of!(program_id).count().get_result(conn).await?;
        if count >= RESOURCES_MAX {
            return Err(AppError::Conflict(format!(
                "This library holds {RESOURCES_MAX} resources, the most it can: delete one first."
            )));
        }
        let position = conn.next_position(program_id, valid.section_id).await?;
        let id: i64 = diesel::insert_into(resources::table)
            .values((
                resources::program_id.eq(program_id),
                resources::section_id.eq(valid.section_id),
                resources::kind.eq(valid.kind),
                resources::title.eq(&valid.title),
                resources::summary.eq(&valid.summary),
                resources::url.eq(&valid.url),
                resources::body_md.eq(&valid.body_md),
                resources::body_html.eq(&html),
                resources::file_key.eq(file.map(|f| &f.key)),
                resources::file_name.eq(file.map(|f| &f.name)),
                resources::file_type.eq(file.map(|f| &f.mime)),
                resources::file_size.eq(file.map(|f| f.size)),
                resources::audience.eq(valid.audience),
                resources::pinned.eq(valid.pinned),
                resources::position.eq(position),
                resources::created_by.eq(by),
                resources::created_at.eq(now),
                resources::updated_at.eq(now),
            ))
            .returning(resources::id)
            .get_result(conn)
            .await?;
        if let Some(file) = file {
            conn.adopt(&file.key).await?;
        }
        Ok(id)
    })
}

/// Changes a resource; its kind stays. A new file replaces the old one
/// under the same address; the old file's key becomes an orphan (returned,
/// for the caller to delete from the store now).
pub async fn update_resource(
    db: &Db,
    program_id: Option<i64>,
    id: i64,
    valid: &ValidResource,
    file: Option<&StoredFile>,
    now: NaiveDateTime,
) -> Result<Option<String>, AppError> {
    let html = crate::markdown::to_safe_html(&valid.body_md);
    write_transaction!(db, |conn| {
        let Some(before) = conn.resource_row(program_id, id).await? else {
            return Err(AppError::NotFound);
        };
        if before.kind != valid.kind {
            return Err(AppError::validation(
                "kind",
                "A resource keeps its kind: add a new one instead.",
            ));
        }
        let position = if before.section_id == valid.section_id {
            before.position
        } else {
            conn.next_position(program_id, valid.section_id).await?
        };
        diesel::update(resources::table.find(id))
            .set((
                resources::section_id.eq(valid.section_id),
                resources::title.eq(&valid.title),
                resources::summary.eq(&valid.summary),
                resources::url.eq(&valid.url),
                resources::body_md.eq(&valid.body_md),
                resources::body_html.eq(&html),
                resources::audience.eq(valid.audience),
                resources::pinned.eq(valid.pinned),
                resources::position.eq(position),
                resources::updated_at.eq(now),
            ))
            .execute(conn)
            .await?;
        let mut replaced = None;
        if let Some(file) = file {
            diesel::update(resources::table.find(id))
                .set((
                    resources::file_key.eq(&file.key),
                    resources::file_name.eq(&file.name),
                    resources::file_type.eq(&file.mime),
                    resources::file_size.eq(file.size),
                ))
                .execute(conn)
                .await?;
            conn.adopt(&file.key).await?;
            if let Some(old) = before.file_key {
                conn.orphan(&old, now).await?;
                replaced = Some(old);
            }
        }
        Ok(replaced)
    })
}

/// Deletes a resource; returns its file's key (now an orphan).
pub async fn delete_resource(
    db: &Db,
    program_id: Option<i64>,
    id: i64,
    now: NaiveDateTime,
) -> Result<Option<String>, AppError> {
    write_transaction!(db, |conn| {
        let Some(before) = conn.resource_row(program_id, id).await? else {
            return Err(AppError::NotFound);
        };
        diesel::delete(resources::table.find(id))
            .execute(conn)
            .await?;
        if let Some(key) = &before.file_key {
            conn.orphan(key, now).await?;
        }
        Ok(before.file_key)
    })
}

/// Moves a resource up or down among its neighbours (the same section,
/// pinned or not), or pins or unpins it.
pub async fn move_resource(
    db: &Db,
    program_id: Option<i64>,
    id: i64,
    change: Move,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        let Some(row) = conn.resource_row(program_id, id).await? else {
            return Err(AppError::NotFound);
        };
        match change {
            Move::Pin | Move::Unpin => {
                diesel::update(resources::table.find(id))
                    .set(resources::pinned.eq(change == Move::Pin))
                    .execute(conn)
                    .await?;
            }
            Move::Up | Move::Down => {
                let group = resources_of!(program_id)
                    .filter(resources::pinned.eq(row.pinned))
                    .filter(resources::id.ne(id));
                let group = match row.section_id {
                    Some(section) => group.filter(resources::section_id.eq(section)),
                    None => group.filter(resources::section_id.is_null()),
                };
                // The neighbour in the list's order (position, then id).
                let neighbour: Option<(i64, i32)> = if change == Move::Up {
                    group
                        .filter(
                            resources::position.lt(row.position).or(resources::position
                                .eq(row.position)
                                .and(resources::id.lt(id))),
                        )
                        .order((resources::position.desc(), resources::id.desc()))
                        .select((resources::id, resources::position))
                        .first(conn)
                        .await
                        .optional()?
                } else {
                    group
                        .filter(
                            resources::position.gt(row.position).or(resources::position
                                .eq(row.position)
                                .and(resources::id.gt(id))),
                        )
                        .order((resources::position, resources::id))
                        .select((resources::id, resources::position))
                        .first(conn)
                        .await
                        .optional()?
                };
                let Some((other, other_position)) = neighbour else {
                    return Ok(());
                };
                // Equal positions (after a move between groups) are told
                // apart by one step.
                let mine = if other_position == row.position {
                    if change == Move::Up {
                        other_position - 1
                    } else {
                        other_position + 1
                    }
                } else {
                    other_position
                };
                diesel::update(resources::table.find(other))
                    .set(resources::position.eq(row.position))
                    .execute(conn)
                    .await?;
                diesel::update(resources::table.find(id))
                    .set(resources::position.eq(mine))
                    .execute(conn)
                    .await?;
            }
        }
        Ok(())
    })
}
