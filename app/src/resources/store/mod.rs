//! The resources queries (server only), one body for both databases.
//!
//! A library is a space's: `program_id` `None` is the hub's. What a member
//! sees of it is filtered in the query by the audiences they belong to
//! (`SpaceMember::audiences`); a resource of another space is not found,
//! one of the space outside their audience is refused.

mod library;
mod manage;
mod orphans;
mod search;
mod sections;
#[cfg(test)]
mod tests;

pub use library::*;
pub use manage::*;
pub use orphans::*;
pub use search::*;
pub use sections::*;

use super::ResourceKind;
use crate::{
    db::schema::{resource_sections, resources},
    programs::Audience,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A resource as a list shows it (no page text).
#[derive(Queryable, Selectable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = resources)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct ResourceRow {
    pub id: i64,
    pub program_id: Option<i64>,
    pub section_id: Option<i64>,
    pub kind: ResourceKind,
    pub title: String,
    pub summary: String,
    pub url: String,
    pub file_key: Option<String>,
    pub file_name: Option<String>,
    pub file_type: Option<String>,
    pub file_size: Option<i64>,
    pub audience: Audience,
    pub pinned: bool,
    pub position: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A section as stored.
#[derive(Queryable, Selectable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = resource_sections)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct SectionRow {
    pub id: i64,
    pub program_id: Option<i64>,
    pub title: String,
    pub position: i32,
}

/// A file in the store, as a resource keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub key: String,
    /// The name it was uploaded with (shown, and the download's name).
    pub name: String,
    pub mime: String,
    pub size: i64,
}

/// The key of a library's visits: the program's id, 0 for the hub's.
pub fn space_key(program_id: Option<i64>) -> i64 {
    program_id.unwrap_or(0)
}

/// `resources` of one space, boxed so that the space's filter can be
/// `IS NULL` or `= id`.
macro_rules! resources_of {
    ($program_id:expr) => {{
        let query = $crate::db::schema::resources::table.into_boxed();
        match $program_id {
            Some(id) => query.filter($crate::db::schema::resources::program_id.eq(id)),
            None => query.filter($crate::db::schema::resources::program_id.is_null()),
        }
    }};
}

/// `resource_sections` of one space.
macro_rules! sections_of {
    ($program_id:expr) => {{
        let query = $crate::db::schema::resource_sections::table.into_boxed();
        match $program_id {
            Some(id) => query.filter($crate::db::schema::resource_sections::program_id.eq(id)),
            None => query.filter($crate::db::schema::resource_sections::program_id.is_null()),
        }
    }};
}

pub(crate) use {resources_of, sections_of};
