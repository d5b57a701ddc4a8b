//! "Download my data": everything the member wrote or registered for, as
//! one JSON file. Each domain adds its own section
//! ([`super::extensions::AccountExtension::export`]).

use super::{
    security::{hash_token, CookiePolicy},
    store,
};
use crate::{error::AppError, state::AppState};
use axum::{
    extract::State,
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::json;

/// `GET /account/export`: a plain route rather than a server function so
/// the browser downloads the file (works without JavaScript).
pub async fn download(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let (session_id, user) = match session_from_headers(&state, &headers).await {
        Ok(Some(found)) => found,
        Ok(None) => {
            return (StatusCode::UNAUTHORIZED, "Sign in to download your data.").into_response()
        }
        Err(error) => return internal(error),
    };
    match member_data(&state, user.id, session_id).await {
        Ok(data) => {
            let body = serde_json::to_string_pretty(&data).unwrap_or_default();
            let mut response = body.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            headers.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"mentorhub-data.json\""),
            );
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            );
            response
        }
        Err(error) => internal(error),
    }
}

/// The session and member behind a plain (non-server-function) request's
/// cookie, for file downloads.
pub async fn session_from_headers(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<(i64, store::UserRow)>, AppError> {
    let policy = CookiePolicy::for_site(&state.site.site_url);
    let token = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|value| policy.read(value));
    match token {
        Some(token) => {
            store::session_user(
                &state.db,
                &hash_token(&token),
                chrono::Utc::now().naive_utc(),
            )
            .await
        }
        None => Ok(None),
    }
}

pub fn internal(error: AppError) -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response()
}

/// A download's refusal, as plain text: 401, 403 with `forbidden`, 404,
/// or the internal error's reference.
pub fn download_refusal(error: AppError, forbidden: &'static str) -> Response {
    match error {
        AppError::Unauthorized => (StatusCode::UNAUTHORIZED, "Sign in first.").into_response(),
        AppError::Forbidden => (StatusCode::FORBIDDEN, forbidden).into_response(),
        AppError::NotFound => StatusCode::NOT_FOUND.into_response(),
        error => internal(error),
    }
}

/// The export document. Never contains a password hash or a session token.
pub async fn member_data(
    state: &AppState,
    user_id: i64,
    session_id: i64,
) -> Result<serde_json::Value, AppError> {
    let user = store::find_by_id(&state.db, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let profile = store::load_profile(&state.db, user_id).await?;
    let now = chrono::Utc::now().naive_utc();
    let sessions = store::list_sessions(&state.db, user_id, session_id, now).await?;
    let sections = state.account_extensions.export(&state.db, user_id).await?;
    let mut document = json!({
        "exported_at": now.and_utc().to_rfc3339(),
        "account": {
            "id": user.id,
            "email": user.email,
            "is_hub_admin": user.is_hub_admin,
            "created_at": user.created_at.and_utc().to_rfc3339(),
        },
        "profile": profile,
        "sessions": sessions,
    });
    for (key, section) in sections {
        document[key] = section;
    }
    Ok(document)
}
