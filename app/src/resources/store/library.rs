//! What members read: a library's sections and resources, one resource,
//! and the visits that mark what is new.

use super::{resources_of, space_key, ResourceRow, SectionRow};
use crate::{
    db::{
        schema::{resource_sections, resource_visits, resources},
        Db,
    },
    error::AppError,
    programs::SpaceMember,
    resources::rules::{RESOURCES_MAX, VISIT_GAP_MINUTES, VISIT_WRITE_MINUTES},
    run_query,
};
use chrono::{Duration, NaiveDateTime};
use diesel::{dsl::case_when, prelude::*};
use diesel_async::RunQueryDsl;

/// A library as one member sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryRows {
    pub sections: Vec<SectionRow>,
    /// In their order: by section, pinned first, then by position.
    pub items: Vec<ResourceRow>,
}

/// The library's sections and the resources `member` may see.
pub async fn library(
    db: &Db,
    program_id: Option<i64>,
    member: &SpaceMember,
) -> Result<LibraryRows, AppError> {
    let audiences = member.audiences();
    let sections = super::sections(db, program_id).await?;
    let items = run_query!(db, |conn| {
        resources_of!(program_id)
            .filter(resources::audience.eq_any(audiences.clone()))
            .order((resources::pinned.desc(), resources::position, resources::id))
            .limit(RESOURCES_MAX)
            .select(ResourceRow::as_select())
            .load::<ResourceRow>(conn)
            .await
    })?;
    Ok(LibraryRows { sections, items })
}

/// Records `user_id`'s visit to the library at `now` and returns the
/// visit before this one: what was added after it is new to them. Visits
/// less than [`VISIT_GAP_MINUTES`] apart are one visit, so the marks stay
/// while they browse. `None` on a first visit. A visit is written at most
/// once every [`VISIT_WRITE_MINUTES`].
pub async fn visit(
    db: &Db,
    program_id: Option<i64>,
    user_id: i64,
    now: NaiveDateTime,
) -> Result<Option<NaiveDateTime>, AppError> {
    let gap_start = now - Duration::minutes(VISIT_GAP_MINUTES);
    let fresh = now - Duration::minutes(VISIT_WRITE_MINUTES);
    let previous: Option<NaiveDateTime> = run_query!(db, |conn| {
        // A visit recorded moments ago stands: a reload, the next page of
        // one visit (no write, so a member's requests never queue on
        // their own row).
        let recorded: Option<(Option<NaiveDateTime>, NaiveDateTime)> = resource_visits::table
            .find((user_id, space_key(program_id)))
            .select((resource_visits::previous_at, resource_visits::last_at))
            .first(conn)
            .await
            .optional()?;
        if let Some((previous, last)) = recorded {
            if last > fresh && last <= now {
                return Ok(previous);
            }
        }
        diesel::insert_into(resource_visits::table)
            .values((
                resource_visits::user_id.eq(user_id),
                resource_visits::space_key.eq(space_key(program_id)),
                resource_visits::last_at.eq(now),
                resource_visits::previous_at.eq(None::<NaiveDateTime>),
            ))
            .on_conflict((resource_visits::user_id, resource_visits::space_key))
            .do_update()
            .set((
                resource_visits::previous_at.eq(case_when(
                    resource_visits::last_at.lt(gap_start),
                    resource_visits::last_at.nullable(),
                )
                .otherwise(resource_visits::previous_at)),
                resource_visits::last_at.eq(now),
            ))
            .returning(resource_visits::previous_at)
            .get_result(conn)
            .await
    })?;
    Ok(previous)
}

/// The member's previous visit without recording one (the home page).
pub async fn previous_visits(
    db: &Db,
    user_id: i64,
) -> Result<Vec<(i64, Option<NaiveDateTime>, NaiveDateTime)>, AppError> {
    run_query!(db, |conn| {
        resource_visits::table
            .filter(resource_visits::user_id.eq(user_id))
            .select((
                resource_visits::space_key,
                resource_visits::previous_at,
                resource_visits::last_at,
            ))
            .load(conn)
            .await
    })
    .map_err(AppError::from)
}

/// One resource of the library with its page text: not found in another
/// space, refused (403) outside the member's audience.
pub async fn resource_in(
    db: &Db,
    program_id: Option<i64>,
    id: i64,
    member: &SpaceMember,
) -> Result<(ResourceRow, String, Option<String>), AppError> {
    let found: Option<(ResourceRow, String, Option<String>)> = run_query!(db, |conn| {
        resources::table
            .filter(resources::id.eq(id))
            .left_join(resource_sections::table)
            .select((
                ResourceRow::as_select(),
                resources::body_html,
                resource_sections::title.nullable(),
            ))
            .first(conn)
            .await
            .optional()
    })?;
    let (row, html, section) = found
        .filter(|(row, ..)| row.program_id == program_id)
        .ok_or(AppError::NotFound)?;
    if !member.is_audience(row.audience) {
        return Err(AppError::Forbidden);
    }
    Ok((row, html, section))
}

/// A resource's page source, for the form (managers only).
pub async fn page_source(db: &Db, id: i64) -> Result<String, AppError> {
    run_query!(db, |conn| {
        resources::table
            .find(id)
            .select(resources::body_md)
            .first(conn)
            .await
    })
    .map_err(AppError::from)
}
