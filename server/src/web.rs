//! The axum router: Leptos pages and server functions, health endpoints,
//! and the hardening every response gets.

use crate::config::Config;
use app::{shell, state::AppState, App};
use axum::handler::Handler;
use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::{sync::Arc, time::Duration};
use tower::ServiceBuilder;
use tower_http::{
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    services::ServeDir,
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::Level;

const REQUEST_ID: &str = "x-request-id";

pub fn router(config: &Config, state: AppState) -> Router {
    let routes = generate_route_list(App);
    let origin = Arc::new(AllowedOrigin::new(&config.site_url));
    let https = config.site_url.starts_with("https://");

    // Static files (wasm, JS, CSS, public/) are served by ServeDir itself.
    // leptos_axum's file handler served them inside a reactive owner that
    // could be another request's page render, and then copied that page's
    // headers and status (its CSP nonce, a 401) onto the file response and
    // took them from the page. Only what is not a file reaches Leptos, which
    // renders the 404 page.
    let context_state = state.clone();
    let not_found = leptos_axum::file_and_error_handler_with_context::<AppState, _>(
        move || provide_context(context_state.clone()),
        shell,
    );
    let static_files =
        ServeDir::new(&config.site_root).fallback(not_found.with_state(state.clone()));

    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/account/export", get(app::accounts::export::download))
        .route(
            "/programs/{slug}/admin/members.csv",
            get(app::programs::export::members_csv),
        )
        .leptos_routes_with_context(&state, routes, || (), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback_service(static_files)
        .with_state(state)
        .layer(
            // Listed outermost first: every response, even a refusal, carries
            // a request id and the security headers.
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(
                    header::HeaderName::from_static(REQUEST_ID),
                    MakeRequestUuid,
                ))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(|request: &Request| {
                            let id = request
                                .headers()
                                .get(REQUEST_ID)
                                .and_then(|v| v.to_str().ok())
                                .unwrap_or("-");
                            tracing::info_span!(
                                "request",
                                id = %id,
                                method = %request.method(),
                                path = %request.uri().path(),
                            )
                        })
                        .on_response(DefaultOnResponse::new().level(Level::INFO)),
                )
                .layer(PropagateRequestIdLayer::new(
                    header::HeaderName::from_static(REQUEST_ID),
                ))
                .layer(middleware::map_response(move |response: Response| {
                    security_headers(response, https)
                }))
                .layer(middleware::from_fn_with_state(origin, refuse_cross_origin))
                .layer(RequestBodyLimitLayer::new(config.max_body_bytes)),
        )
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok"
}

/// The database answers; load balancers stop sending traffic otherwise.
async fn readyz(State(state): State<AppState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(3), state.db.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready").into_response(),
        Ok(Err(error)) => {
            tracing::warn!("readiness check failed: {error}");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
        Err(_) => {
            tracing::warn!("readiness check timed out");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
    }
}

async fn security_headers(mut response: Response, https: bool) -> Response {
    let headers = response.headers_mut();
    let mut set = |name: header::HeaderName, value: &'static str| {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    };
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    set(
        header::HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=()",
    );
    set(
        header::HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    // Pages set their own policy with a per-request nonce (see the app
    // shell); everything else gets the strictest one.
    set(
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
    );
    if https {
        set(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
    response
}

/// The host (and port) that state-changing requests must come from.
#[derive(Debug)]
struct AllowedOrigin {
    site_origin: String,
}

impl AllowedOrigin {
    fn new(site_url: &str) -> Self {
        // SITE_URL may carry a path; an origin never does.
        let scheme_end = site_url.find("://").map_or(0, |i| i + 3);
        let end = site_url[scheme_end..]
            .find('/')
            .map_or(site_url.len(), |i| scheme_end + i);
        AllowedOrigin {
            site_origin: site_url[..end].to_ascii_lowercase(),
        }
    }

    /// Browsers tell us where a request comes from: `Sec-Fetch-Site` (all
    /// current browsers) or `Origin`. A request with neither is not from a
    /// browser page, so it cannot ride on a member's cookies.
    fn allows(&self, headers: &HeaderMap) -> bool {
        if let Some(site) = headers.get("sec-fetch-site") {
            return matches!(site.as_bytes(), b"same-origin" | b"none");
        }
        let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
            return true;
        };
        let origin = origin.to_ascii_lowercase();
        if origin == self.site_origin {
            return true;
        }
        // Also accept the host the request was sent to, so a server reached
        // under another name than SITE_URL (a test on port 0) still works.
        let origin_host = origin.split_once("://").map(|(_, host)| host);
        let request_host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .map(str::to_ascii_lowercase);
        matches!((origin_host, request_host), (Some(o), Some(h)) if o == h)
    }
}

/// Leptos does not check where server-function calls come from; without
/// this a page elsewhere could post forms with a member's cookies.
async fn refuse_cross_origin(
    State(origin): State<Arc<AllowedOrigin>>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    );
    if !safe && !origin.allows(request.headers()) {
        tracing::warn!(
            origin = ?request.headers().get(header::ORIGIN),
            "refused a cross-origin {} to {}",
            request.method(),
            request.uri().path()
        );
        return (
            StatusCode::FORBIDDEN,
            "Cross-origin requests that change data are refused.",
        )
            .into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn origin_check() {
        let allowed = AllowedOrigin::new("https://Mentoring.example.org/hub");
        assert!(allowed.allows(&headers(&[("origin", "https://mentoring.example.org")])));
        assert!(!allowed.allows(&headers(&[("origin", "https://evil.example")])));
        assert!(!allowed.allows(&headers(&[("origin", "null")])));
        assert!(allowed.allows(&headers(&[
            ("origin", "http://127.0.0.1:4000"),
            ("host", "127.0.0.1:4000")
        ])));
        assert!(allowed.allows(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!allowed.allows(&headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://mentoring.example.org")
        ])));
        assert!(!allowed.allows(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(allowed.allows(&headers(&[])));
    }
}
