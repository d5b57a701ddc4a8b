//! A library's sections: added, renamed, ordered and removed by its
//! managers. Removing a section keeps its resources, outside any section.

use super::sections_of;
use crate::{
    db::{
        schema::{resource_sections, resources},
        Db,
    },
    error::AppError,
    resources::{rules::SECTIONS_MAX, Move},
    run_query, write_transaction,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// The library's sections, in their order.
pub async fn sections(
    db: &Db,
    program_id: Option<i64>,
) -> Result<Vec<super::SectionRow>, AppError> {
    run_query!(db, |conn| {
        sections_of!(program_id)
            .order((resource_sections::position, resource_sections::id))
            .limit(SECTIONS_MAX as i64)
            .select(super::SectionRow::as_select())
            .load(conn)
            .await
    })
    .map_err(AppError::from)
}

/// The ids of the library's sections.
pub async fn section_ids(db: &Db, program_id: Option<i64>) -> Result<Vec<i64>, AppError> {
    run_query!(db, |conn| {
        sections_of!(program_id)
            .select(resource_sections::id)
            .load(conn)
            .await
    })
    .map_err(AppError::from)
}

/// Adds a section at the end; returns its id.
pub async fn add_section(
    db: &Db,
    program_id: Option<i64>,
    title: &str,
    now: NaiveDateTime,
) -> Result<i64, AppError> {
    write_transaction!(db, |conn| {
        let (count, last): (i64, Option<i32>) = sections_of!(program_id)
            .select((
                diesel::dsl::count_star(),
                diesel::dsl::max(resource_sections::position),
            ))
            .get_result(conn)
            .await?;
        if count >= SECTIONS_MAX as i64 {
            return Err(AppError::validation(
                "title",
                format!("A library has at most {SECTIONS_MAX} sections."),
            )
            .keeping(&[("title", title)]));
        }
        let id = diesel::insert_into(resource_sections::table)
            .values((
                resource_sections::program_id.eq(program_id),
                resource_sections::title.eq(title),
                resource_sections::position.eq(last.map_or(0, |p| p + 1)),
                resource_sections::created_at.eq(now),
            ))
            .returning(resource_sections::id)
            .get_result(conn)
            .await?;
        Ok(id)
    })
}

/// Renames a section of the library.
pub async fn rename_section(
    db: &Db,
    program_id: Option<i64>,
    id: i64,
    title: &str,
) -> Result<(), AppError> {
    let changed = run_query!(db, |conn| {
        let query = resource_sections::table.filter(resource_sections::id.eq(id));
        match program_id {
            Some(program) => {
                diesel::update(query.filter(resource_sections::program_id.eq(program)))
                    .set(resource_sections::title.eq(title))
                    .execute(conn)
                    .await
            }
            None => {
                diesel::update(query.filter(resource_sections::program_id.is_null()))
                    .set(resource_sections::title.eq(title))
                    .execute(conn)
                    .await
            }
        }
    })?;
    if changed == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Removes a section; its resources stay, outside any section, after
/// those already there.
pub async fn remove_section(db: &Db, program_id: Option<i64>, id: i64) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        let found: Option<i64> = sections_of!(program_id)
            .filter(resource_sections::id.eq(id))
            .select(resource_sections::id)
            .first(conn)
            .await
            .optional()?;
        if found.is_none() {
            return Err(AppError::NotFound);
        }
        let loose_last: Option<i32> = super::resources_of!(program_id)
            .filter(resources::section_id.is_null())
            .select(diesel::dsl::max(resources::position))
            .get_result(conn)
            .await?;
        let offset = loose_last.map_or(0, |p| p + 1);
        diesel::update(resources::table.filter(resources::section_id.eq(id)))
            .set((
                resources::section_id.eq(None::<i64>),
                resources::position.eq(resources::position + offset),
            ))
            .execute(conn)
            .await?;
        diesel::delete(resource_sections::table.find(id))
            .execute(conn)
            .await?;
        Ok(())
    })
}

/// Moves a section up or down.
pub async fn move_section(
    db: &Db,
    program_id: Option<i64>,
    id: i64,
    change: Move,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        let order: Vec<(i64, i32)> = sections_of!(program_id)
            .order((resource_sections::position, resource_sections::id))
            .select((resource_sections::id, resource_sections::position))
            .load(conn)
            .await?;
        let Some(at) = order.iter().position(|(section, _)| *section == id) else {
            return Err(AppError::NotFound);
        };
        let other = match change {
            Move::Up if at > 0 => at - 1,
            Move::Down if at + 1 < order.len() => at + 1,
            _ => return Ok(()),
        };
        let mut ids: Vec<i64> = order.iter().map(|(section, _)| *section).collect();
        ids.swap(at, other);
        // Renumbered from 0: a library has few sections.
        for (position, section) in ids.iter().enumerate() {
            diesel::update(resource_sections::table.find(section))
                .set(resource_sections::position.eq(position as i32))
                .execute(conn)
                .await?;
        }
        Ok(())
    })
}
