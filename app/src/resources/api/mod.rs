//! The resources server functions. Each names its library (`space`:
//! empty for the hub's, a program's slug) and starts with its guard
//! (`resources::guard::ResourceCaller`). After a change a plain form post
//! is redirected back to the page it came from (`crate::reply::redirect`)
//! with a flag the page turns into a notice. The resource form, a file
//! among its fields, is a multipart post to a plain route instead
//! (`resources::uploads`).

mod manage;
mod reading;

pub use manage::*;
pub use reading::*;

#[cfg(feature = "ssr")]
use crate::resources::{files, store::ResourceRow, FileInfo, ResourceSummary};

/// A stored row as the caller reads it; `previous` is their visit before
/// this one (what came after it is new).
#[cfg(feature = "ssr")]
pub(crate) fn summary_of(
    row: &ResourceRow,
    previous: Option<chrono::NaiveDateTime>,
) -> ResourceSummary {
    ResourceSummary {
        id: row.id,
        kind: row.kind,
        title: row.title.clone(),
        summary: row.summary.clone(),
        url: row.url.clone(),
        file: file_of(row),
        audience: row.audience,
        pinned: row.pinned,
        is_new: previous.is_some_and(|at| row.created_at > at),
        updated: row.updated_at.format("%-d %b %Y").to_string(),
    }
}

#[cfg(feature = "ssr")]
pub(crate) fn file_of(row: &ResourceRow) -> Option<FileInfo> {
    let name = row.file_name.clone()?;
    let kind = files::by_extension(&name);
    Some(FileInfo {
        label: kind.map_or("File", |kind| kind.label).to_owned(),
        inline: kind.is_some_and(|kind| kind.inline),
        size: files::size_text(row.file_size.unwrap_or(0).max(0) as u64),
        name,
    })
}

/// The resources of `space` the discussion search finds for the caller:
/// the same words, the resources' own audiences.
#[cfg(feature = "ssr")]
pub async fn search_hits(
    space: &str,
    query: &str,
) -> Result<Vec<crate::resources::ResourceHit>, crate::error::AppError> {
    let caller = crate::resources::guard::ResourceCaller::open(space).await?;
    let rows = crate::resources::store::search_resources(
        &crate::programs::api::db()?,
        caller.program_id,
        &caller.member,
        query,
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| crate::resources::ResourceHit {
            path: caller.library.item_path(row.id),
            id: row.id,
            kind: row.kind,
            title: row.title,
        })
        .collect())
}
