//! What a library's managers change besides the form: order, pins,
//! deletion and sections.

use crate::{error::AppError, resources::Move};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    programs::api::{db, now},
    resources::{guard::ResourceCaller, rules::validate_section_title, store},
};

/// Moves a resource up or down, or pins or unpins it.
#[server(prefix = "/api", endpoint = "resources/move")]
pub async fn move_resource(space: String, id: i64, change: Move) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = ResourceCaller::open(&space).await?.manager()?;
        store::move_resource(&db()?, caller.program_id, id, change).await?;
        crate::reply::redirect(&format!("{}#resource-{id}", caller.library.path));
        Ok(())
    })
    .await
}

/// Deletes a resource and its file.
#[server(prefix = "/api", endpoint = "resources/delete")]
pub async fn delete_resource(space: String, id: i64) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = ResourceCaller::open(&space).await?.manager()?;
        let db = db()?;
        let key = store::delete_resource(&db, caller.program_id, id, now()).await?;
        if let Some(key) = key {
            crate::resources::uploads::discard(&db, &key).await;
        }
        crate::reply::redirect(&format!("{}?deleted=1", caller.library.path));
        Ok(())
    })
    .await
}

/// Adds a section at the end of the library.
#[server(prefix = "/api", endpoint = "resources/add_section")]
pub async fn add_section(space: String, title: String) -> Result<i64, AppError> {
    crate::error::serve(async {
        let caller = ResourceCaller::open(&space).await?.manager()?;
        let title = validate_section_title(&title)?;
        let id = store::add_section(&db()?, caller.program_id, &title, now()).await?;
        crate::reply::redirect(&format!(
            "{}?section_added=1#section-{id}",
            caller.library.path
        ));
        Ok(id)
    })
    .await
}

/// Renames a section.
#[server(prefix = "/api", endpoint = "resources/rename_section")]
pub async fn rename_section(space: String, id: i64, title: String) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = ResourceCaller::open(&space).await?.manager()?;
        let title = validate_section_title(&title)
            .map_err(|error| error.keeping(&[("section", id.to_string())]))?;
        store::rename_section(&db()?, caller.program_id, id, &title).await?;
        crate::reply::redirect(&format!("{}#section-{id}", caller.library.path));
        Ok(())
    })
    .await
}

/// Moves a section up or down.
#[server(prefix = "/api", endpoint = "resources/move_section")]
pub async fn move_section(space: String, id: i64, change: Move) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = ResourceCaller::open(&space).await?.manager()?;
        store::move_section(&db()?, caller.program_id, id, change).await?;
        crate::reply::redirect(&format!("{}#section-{id}", caller.library.path));
        Ok(())
    })
    .await
}

/// Removes a section; its resources stay, outside any section.
#[server(prefix = "/api", endpoint = "resources/remove_section")]
pub async fn remove_section(space: String, id: i64) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = ResourceCaller::open(&space).await?.manager()?;
        store::remove_section(&db()?, caller.program_id, id).await?;
        crate::reply::redirect(&format!("{}?section_removed=1", caller.library.path));
        Ok(())
    })
    .await
}
