//! Who is calling: the session cookie, the auth guards every server
//! function uses, and what we record about a new session (server only).

use super::{
    security::{hash_token, new_token, CookiePolicy},
    store::{self, SessionSeed, UserRow, SESSION_ABSOLUTE},
};
use crate::{error::AppError, state::app_state};
use axum::extract::ConnectInfo;
use http::{header, request::Parts, HeaderValue};
use std::net::SocketAddr;

/// The signed-in member behind the current request.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub session_id: i64,
    pub user: UserRow,
}

impl Viewer {
    pub fn id(&self) -> i64 {
        self.user.id
    }
}

fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

fn cookie_policy() -> Result<CookiePolicy, AppError> {
    Ok(CookiePolicy::for_site(&app_state()?.site.site_url))
}

/// The session token the browser sent, if any.
pub fn session_token() -> Result<Option<String>, AppError> {
    let policy = cookie_policy()?;
    Ok(read_cookie(|header| policy.read(header)))
}

/// The first value `read` finds in the request's `Cookie` headers.
fn read_cookie(read: impl Fn(&str) -> Option<String>) -> Option<String> {
    crate::context::lookup::<Parts>()?
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(read)
}

/// The current member, if the request carries a valid session of an
/// active account. Looked up once per request (see [`ViewerCache`]).
pub async fn viewer() -> Result<Option<Viewer>, AppError> {
    let cache = crate::context::lookup::<Parts>()
        .and_then(|parts| parts.extensions.get::<ViewerCache>().cloned());
    match cache {
        Some(cache) => cache.0.get_or_try_init(look_up_viewer).await.cloned(),
        None => look_up_viewer().await,
    }
}

/// The viewer of one request. The server puts one in every request's
/// extensions, so the resources of a page, which ask at the same time,
/// share one session lookup (a cache in the reactive context was per
/// resource, and the lookup ran once or twice depending on timing).
#[derive(Debug, Clone, Default)]
pub struct ViewerCache(std::sync::Arc<tokio::sync::OnceCell<Option<Viewer>>>);

async fn look_up_viewer() -> Result<Option<Viewer>, AppError> {
    Ok(match session_token()? {
        Some(token) => {
            let db = app_state()?.db;
            store::session_user(&db, &hash_token(&token), now())
                .await?
                .map(|(session_id, user)| Viewer { session_id, user })
        }
        None => None,
    })
}

/// Any signed-in member, or `Unauthorized`.
pub async fn require_member() -> Result<Viewer, AppError> {
    viewer().await?.ok_or(AppError::Unauthorized)
}

/// A signed-in hub admin, or `Unauthorized` / `Forbidden`.
pub async fn require_hub_admin() -> Result<Viewer, AppError> {
    let viewer = require_member().await?;
    if viewer.user.is_hub_admin {
        Ok(viewer)
    } else {
        Err(AppError::Forbidden)
    }
}

// Program guards (member of a program, admin of a program) live with the
// programs: `crate::programs::guard`, built on `require_member`.

/// A fresh session: the token for the cookie, and the hash plus what we know
/// of the browser for the database. Set the cookie with
/// [`set_session_cookie`] only once the session is stored.
pub fn new_session() -> Result<(String, SessionSeed), AppError> {
    let (token, token_hash) = new_token()?;
    let parts = crate::context::lookup::<Parts>();
    let user_agent = parts
        .as_ref()
        .and_then(|parts| parts.headers.get(header::USER_AGENT))
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    Ok((
        token,
        SessionSeed {
            token_hash,
            user_agent,
            ip_address: client_ip(),
        },
    ))
}

pub fn set_session_cookie(token: &str) -> Result<(), AppError> {
    set_cookie(&cookie_policy()?.set(token, SESSION_ABSOLUTE.num_seconds()))
}

pub fn clear_session_cookie() -> Result<(), AppError> {
    set_cookie(&cookie_policy()?.clear())
}

fn set_cookie(value: &str) -> Result<(), AppError> {
    let response = crate::context::lookup::<leptos_axum::ResponseOptions>()
        .ok_or_else(|| AppError::internal("ResponseOptions missing from context"))?;
    let value = HeaderValue::from_str(value).map_err(AppError::internal)?;
    response.append_header(header::SET_COOKIE, value);
    Ok(())
}

/// The client's address: the connection's peer, or, when the peer is one
/// of the `TRUSTED_PROXIES`, the address the proxies report.
pub fn client_ip() -> String {
    let Some(parts) = crate::context::lookup::<Parts>() else {
        return "unknown".to_owned();
    };
    let Some(peer) = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
    else {
        return "unknown".to_owned();
    };
    let forwarded: Vec<&str> = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect();
    match app_state() {
        Ok(state) => state.site.trusted_proxies.client_ip(peer, &forwarded),
        Err(_) => peer,
    }
    .to_string()
}

/// The browser's device token (see [`super::throttle`]), if it sent one.
pub fn device_token() -> Result<Option<String>, AppError> {
    let policy = cookie_policy()?;
    Ok(read_cookie(|header| policy.read_device(header)))
}

pub fn set_device_cookie(token: &str) -> Result<(), AppError> {
    set_cookie(&cookie_policy()?.set_device(token, super::throttle::DEVICE_LIFETIME.num_seconds()))
}
