//! What members read: a library, one resource, the form's data.

#[cfg(feature = "ssr")]
use super::summary_of;
use crate::{
    error::AppError,
    resources::{LibraryPage, ResourceFormPage, ResourcePage},
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    programs::api::{db, now},
    resources::{guard::ResourceCaller, store, Section, SectionChoice},
};

/// A library as the caller sees it, marking what was added since their
/// visit before this one (and recording this one).
#[server(prefix = "/api", endpoint = "resources/library")]
pub async fn get_library(space: String) -> Result<LibraryPage, AppError> {
    crate::error::serve(async {
        let caller = ResourceCaller::open(&space).await?;
        let db = db()?;
        let previous = store::visit(&db, caller.program_id, caller.user.id, now()).await?;
        let rows = store::library(&db, caller.program_id, &caller.member).await?;
        let mut loose = Vec::new();
        let mut sections: Vec<Section> = rows
            .sections
            .iter()
            .map(|section| Section {
                id: section.id,
                title: section.title.clone(),
                items: Vec::new(),
            })
            .collect();
        let mut new_count = 0;
        for row in &rows.items {
            let item = summary_of(row, previous);
            new_count += usize::from(item.is_new);
            match sections
                .iter_mut()
                .find(|section| Some(section.id) == row.section_id)
            {
                Some(section) => section.items.push(item),
                None => loose.push(item),
            }
        }
        // Members see the sections that hold something for them.
        if !caller.member.manager {
            sections.retain(|section| !section.items.is_empty());
        }
        Ok(LibraryPage {
            library: caller.library,
            loose,
            sections,
            new_count,
        })
    })
    .await
}

/// One resource: a page's text, a file's facts, a link.
#[server(prefix = "/api", endpoint = "resources/resource")]
pub async fn get_resource(space: String, id: i64) -> Result<ResourcePage, AppError> {
    crate::error::serve(async {
        let caller = ResourceCaller::open(&space).await?;
        let (row, body_html, section) =
            store::resource_in(&db()?, caller.program_id, id, &caller.member).await?;
        Ok(ResourcePage {
            library: caller.library,
            item: summary_of(&row, None),
            section,
            body_html,
        })
    })
    .await
}

/// The resource form: a new one (`id` 0) or an existing one's values.
#[server(prefix = "/api", endpoint = "resources/form")]
pub async fn get_resource_form(space: String, id: i64) -> Result<ResourceFormPage, AppError> {
    crate::error::serve(async {
        let caller = ResourceCaller::open(&space).await?.manager()?;
        let db = db()?;
        // The sections only: the form lists them, not the resources.
        let sections = store::sections(&db, caller.program_id)
            .await?
            .iter()
            .map(|section| SectionChoice {
                id: section.id,
                title: section.title.clone(),
            })
            .collect();
        let mut page = ResourceFormPage {
            library: caller.library,
            id: 0,
            draft: Default::default(),
            file: None,
            sections,
            max_bytes: crate::state::app_state()?.files.max_bytes,
        };
        if id != 0 {
            let (row, ..) = store::resource_in(&db, caller.program_id, id, &caller.member).await?;
            page.id = row.id;
            page.file = super::file_of(&row);
            page.draft = crate::resources::ResourceDraft {
                kind: row.kind.as_str().to_owned(),
                title: row.title,
                summary: row.summary,
                url: row.url,
                body: store::page_source(&db, id).await?,
                section: row.section_id.map(|s| s.to_string()).unwrap_or_default(),
                audience: row.audience.as_str().to_owned(),
                pinned: row.pinned.then(|| "on".to_owned()),
            };
        }
        Ok(page)
    })
    .await
}
