//! What server functions reach through Leptos context (server only).

use crate::{db::Db, email::worker::EmailWaker, error::AppError};
use axum::extract::FromRef;
use leptos::prelude::*;
use std::sync::Arc;

/// Shared by every request; provided to server functions and to rendering
/// by the router (`leptos_routes_with_context`).
#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub site: Arc<SiteConfig>,
    /// Wakes this process's email worker after a commit that queued an
    /// email, so it goes out now rather than at the next poll.
    pub email: EmailWaker,
}

/// The part of the server configuration that the app itself needs.
#[derive(Clone, Debug)]
pub struct SiteConfig {
    /// Public base URL, e.g. `https://mentoring.example.org` (links in emails,
    /// cookie security).
    pub site_url: String,
}

/// The app state of the current request.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("AppState missing from context"))
}
