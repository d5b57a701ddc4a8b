//! The axum router: Leptos pages and server functions, health endpoints,
//! and the hardening every response gets.

use crate::config::Config;
use app::accounts::security::CookiePolicy;
use app::{shell, state::AppState, App};
use axum::body::Body;
use axum::handler::Handler;
use axum::{
    extract::{DefaultBodyLimit, Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
    Router,
};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::{
    sync::{Arc, OnceLock},
    time::Duration,
};
use tower::ServiceBuilder;
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::CompressionLayer,
    request_id::PropagateRequestIdLayer,
    services::ServeDir,
    trace::{DefaultOnResponse, TraceLayer},
    CompressionLevel,
};
use tracing::Level;

const REQUEST_ID: &str = "x-request-id";
/// Where a request id the client sent is kept (logged, never used as ours).
const CLIENT_REQUEST_ID: &str = "x-client-request-id";

/// The app's route list, generated once per process.
///
/// leptos_router's `RouteList::generate` renders the whole app with a
/// process-global flag set (`IS_SUPPRESSING_RESOURCE_LOAD`, leptos#4773):
/// a resource that any other thread polls for the first time meanwhile
/// waits forever, and so does the page that reads it. One server builds its
/// router before it serves, but a process that builds several (the API
/// tests start a server per test while other tests render pages) hung a
/// page now and then. Generated once, before any router exists, no render
/// can overlap it.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router(config: &Config, state: AppState) -> Router {
    let routes = route_list();
    let db = state.db.clone();
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
    let session_cookie = CookiePolicy::for_site(&config.site_url).name();
    let not_found = not_found.layer(middleware::from_fn(move |request, next| {
        cache_policy(session_cookie, request, next)
    }));
    let hashed = crate::hashed_assets();
    let static_files = ServiceBuilder::new()
        .layer(middleware::from_fn(move |request, next| {
            static_cache(hashed, request, next)
        }))
        .service(
            ServeDir::new(&config.site_root)
                // The .br / .gz files `cargo leptos build --precompress` wrote.
                .precompressed_br()
                .precompressed_gzip()
                .fallback(not_found.with_state(state.clone())),
        );

    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/account/export", get(app::accounts::export::download))
        .route(
            "/programs/{slug}/admin/members.csv",
            get(app::programs::export::members_csv),
        )
        .route(
            "/events/{id}/calendar.ics",
            get(app::events::downloads::hub_event_ics),
        )
        .route(
            "/programs/{slug}/events/{id}/calendar.ics",
            get(app::events::downloads::program_event_ics),
        )
        .route(
            "/events/{id}/attendees.csv",
            get(app::events::downloads::hub_attendees_csv),
        )
        .route(
            "/programs/{slug}/events/{id}/attendees.csv",
            get(app::events::downloads::program_attendees_csv),
        )
        .route("/calendar/{file}", get(app::events::downloads::feed))
        .route(
            "/resources/{id}/file",
            get(app::resources::uploads::hub_file),
        )
        .route(
            "/programs/{slug}/resources/{id}/file",
            get(app::resources::uploads::program_file),
        )
        // The resource form: a multipart post whose file streams into the
        // store (its own size limit, see `limit_bodies`); a refused plain
        // post keeps its values as a server function's do.
        .route(
            "/resources/save",
            post(app::resources::uploads::hub_save).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/programs/{slug}/resources/save",
            post(app::resources::uploads::program_save).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/email/unsubscribe",
            get(app::discussion::unsubscribe::confirm)
                .post(app::discussion::unsubscribe::unsubscribe),
        )
        .leptos_routes_with_context(&state, routes, || (), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        // Pages, server functions and downloads; not the static files
        // (with their own cache headers).
        .route_layer(middleware::from_fn(move |request, next| {
            cache_policy(session_cookie, request, next)
        }))
        .route_layer(middleware::from_fn_with_state(
            db.clone(),
            restore_refused_form,
        ))
        .fallback_service(static_files)
        .with_state(state)
        .layer(
            // Listed outermost first: every response, even a refusal, carries
            // a request id and the security headers.
            ServiceBuilder::new()
                .layer(middleware::map_request(fresh_request_id))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(|request: &Request| {
                            let header = |name: &str| {
                                request
                                    .headers()
                                    .get(name)
                                    .and_then(|v| v.to_str().ok())
                                    .unwrap_or("-")
                                    .to_owned()
                            };
                            tracing::info_span!(
                                "request",
                                id = %header(REQUEST_ID),
                                client_id = %header(CLIENT_REQUEST_ID),
                                method = %request.method(),
                                path = %request.uri().path(),
                            )
                        })
                        .on_response(DefaultOnResponse::new().level(Level::INFO)),
                )
                .layer(PropagateRequestIdLayer::new(
                    header::HeaderName::from_static(REQUEST_ID),
                ))
                // Pages and server-function answers, compressed on the fly;
                // static files already carry their precompressed encoding.
                // Outside the layers below, which read answers' bodies.
                // Level 1: tower-http's default brotli (quality 4) set up
                // half a megabyte of hash tables for every answer, a sixth
                // of a page's CPU under load (`make bench`, perf), for HTML
                // about a tenth smaller.
                .layer(CompressionLayer::new().quality(CompressionLevel::Precise(1)))
                .layer(middleware::map_response(move |response: Response| {
                    security_headers(response, https)
                }))
                .layer(middleware::from_fn(count_queries))
                .layer(middleware::from_fn(per_request_caches))
                .layer(middleware::from_fn_with_state(origin, refuse_cross_origin))
                .layer(middleware::from_fn_with_state(
                    ServerFnContext {
                        max_body_bytes: config.max_body_bytes,
                        db: db.clone(),
                    },
                    server_fn_requests,
                ))
                .layer(middleware::from_fn_with_state(
                    BodyLimits {
                        standard: config.max_body_bytes,
                        // Room to read a too-large file to its end, so that
                        // a browser sees the form's message, not a reset.
                        upload: (config.upload_max_bytes as usize)
                            .saturating_mul(4)
                            .saturating_add(UPLOAD_ENVELOPE),
                    },
                    limit_bodies,
                ))
                // A panic in a handler is a 500 with the headers above, not a
                // connection closed without an answer.
                .layer(CatchPanicLayer::custom(panic_response)),
        )
}

/// What a form's fields and the multipart framing add to an upload's
/// file, at most.
const UPLOAD_ENVELOPE: usize = 1024 * 1024;

/// The resource form's posts, whose bodies carry a file.
fn is_upload(path: &str) -> bool {
    path == "/resources/save"
        || (path.starts_with("/programs/") && path.ends_with("/resources/save"))
}

#[derive(Clone, Copy)]
struct BodyLimits {
    standard: usize,
    upload: usize,
}

/// The largest body a request may send: `MAX_BODY_BYTES`, or for an
/// upload four times `UPLOAD_MAX_BYTES` and its form (the upload refuses a
/// file past `UPLOAD_MAX_BYTES` itself, and reads the rest so that the
/// browser gets its answer). A declared length over it is
/// refused before anything is read; a body that grows past it while it
/// streams fails its reader (the upload itself counts exactly).
async fn limit_bodies(State(limits): State<BodyLimits>, request: Request, next: Next) -> Response {
    let limit = if is_upload(request.uri().path()) {
        limits.upload
    } else {
        limits.standard
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return (StatusCode::PAYLOAD_TOO_LARGE, "The request is too large.").into_response();
    }
    let (parts, body) = request.into_parts();
    let body = Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, body)).await
}

/// Every request gets an id of ours, whatever the client sent: it is the
/// reference an internal error shows, so it must be one the server made
/// (a client's own id is kept as `x-client-request-id` for the log).
async fn fresh_request_id(mut request: Request) -> Request {
    let headers = request.headers_mut();
    if let Some(theirs) = headers.remove(REQUEST_ID) {
        headers.insert(CLIENT_REQUEST_ID, theirs);
    }
    let ours = uuid::Uuid::new_v4().to_string();
    if let Ok(value) = HeaderValue::from_str(&ours) {
        headers.insert(REQUEST_ID, value);
    }
    request
}

/// What one request computes once for all its parts: who the viewer is,
/// and in a page render (`GET`) the viewer's access to each program the
/// page shows (`app::programs::guard::PageSnapshot`).
async fn per_request_caches(mut request: Request, next: Next) -> Response {
    let page_render = request.method() == Method::GET;
    let extensions = request.extensions_mut();
    extensions.insert(app::accounts::session::ViewerCache::default());
    if page_render {
        extensions.insert(app::programs::guard::PageSnapshot::default());
    }
    next.run(request).await
}

/// Test builds count every request's database work and report it in
/// `x-db-queries` / `x-db-checkouts` (see `app::db::count`).
async fn count_queries(mut request: Request, next: Next) -> Response {
    use app::db::count::{enabled, QueryCount, CHECKOUTS_HEADER, QUERIES_HEADER};
    if !enabled() {
        return next.run(request).await;
    }
    let count = QueryCount::default();
    request.extensions_mut().insert(count.clone());
    let mut response = next.run(request).await;
    for (name, value) in [
        (QUERIES_HEADER, count.queries()),
        (CHECKOUTS_HEADER, count.checkouts()),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value.to_string()) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}

/// A request that made our code panic: logged by the panic hook, answered
/// with a plain 500.
fn panic_response(_cause: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong on our side.",
    )
        .into_response()
}

/// Server-function calls: the body is read here, within the body limit, so
/// that a too-large body (also a chunked one without `Content-Length`) is a
/// 413 and not a deserialization failure; and arguments the server function
/// could not decode (a missing field, `id=abc`, invalid UTF-8) are the
/// client's mistake, answered 400 with a short message, not 500 with the
/// decoder's.
#[derive(Clone)]
struct ServerFnContext {
    max_body_bytes: usize,
    db: app::db::Db,
}

async fn server_fn_requests(
    State(ServerFnContext { max_body_bytes, db }): State<ServerFnContext>,
    request: Request,
    next: Next,
) -> Response {
    if is_upload(request.uri().path()) {
        // Streamed, never buffered here; a refused plain post keeps its
        // values as a server function's refusal does.
        let plain_form_post = accepts_html(request.headers());
        let mut response = next.run(request).await;
        if plain_form_post && response.status() == StatusCode::FOUND {
            keep_refusal_server_side(&db, &mut response).await;
        }
        return response;
    }
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(body, max_body_bytes).await {
        Ok(bytes) => bytes,
        Err(error) => {
            let too_large = std::iter::successors(
                Some(&error as &(dyn std::error::Error + 'static)),
                |error| error.source(),
            )
            .any(|error| error.is::<http_body_util::LengthLimitError>());
            return if too_large {
                (StatusCode::PAYLOAD_TOO_LARGE, "The request is too large.").into_response()
            } else {
                tracing::debug!("could not read a request body: {error}");
                (StatusCode::BAD_REQUEST, "The request could not be read.").into_response()
            };
        }
    };
    let plain_form_post = accepts_html(&parts.headers);
    if let Some(field) = app::text::field_with_control_character(&body) {
        tracing::debug!(field = ?field, "refused a control character in a server-function argument");
        let mut response = refuse_before_the_server_fn(
            &parts,
            app::error::AppError::validation(
                &field,
                "Remove the invisible control character from this text.",
            ),
        );
        if plain_form_post && response.status() == StatusCode::FOUND {
            keep_refusal_server_side(&db, &mut response).await;
        }
        return response;
    }
    let mut response = next.run(Request::from_parts(parts, Body::from(body))).await;
    if plain_form_post && response.status() == StatusCode::FOUND {
        keep_refusal_server_side(&db, &mut response).await;
        return response;
    }
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    // Our own failures are 500 with an Internal error; server_fn's decoding
    // failures are 500 with a Transport error.
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    match serde_json::from_slice::<app::error::AppError>(&bytes) {
        Ok(app::error::AppError::Transport(message)) => {
            tracing::debug!("refused malformed server-function arguments: {message}");
            let refusal = app::error::AppError::Transport(
                "The request's arguments could not be read.".into(),
            );
            parts.status = StatusCode::BAD_REQUEST;
            parts.headers.remove(header::CONTENT_LENGTH);
            let body = serde_json::to_vec(&refusal).unwrap_or_default();
            Response::from_parts(parts, Body::from(body))
        }
        _ => Response::from_parts(parts, Body::from(bytes)),
    }
}

/// Static files: with content-hashed names (`/pkg/` of a hashed build) a
/// file never changes, so browsers keep it for a year without asking
/// again; anything else is revalidated (`no-cache`, answered 304 when
/// unchanged). The 404 page that a missing file gets keeps its own policy.
async fn static_cache(hashed: bool, request: Request, next: Next) -> Response {
    let immutable = hashed && request.uri().path().starts_with("/pkg/");
    let mut response = next.run(request).await;
    let ok = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    if ok && !response.headers().contains_key(header::CACHE_CONTROL) {
        let policy = if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

fn accepts_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

/// A refused plain form post comes back to its form with the whole error
/// (messages and every submitted value) in `?__err=`: 20,000 characters of
/// About text or answers to registration questions would land in browser
/// history and proxy logs, and past ~8 KB the redirect breaks behind common
/// proxies. The error is kept server-side for a few minutes instead, and the
/// redirect carries only a random key (`?__flash=`); see
/// [`restore_refused_form`] and `app::ui::RefusedForm`.
async fn keep_refusal_server_side(db: &app::db::Db, response: &mut Response) {
    let Some(mut location) = response
        .headers()
        .get(header::LOCATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| url::Url::parse(value).ok())
    else {
        return;
    };
    let pairs: Vec<(String, String)> = location.query_pairs().into_owned().collect();
    let (Some(path), Some(error)) = (
        pairs
            .iter()
            .find(|(name, _)| name == "__path")
            .map(|(_, v)| v.clone()),
        pairs
            .iter()
            .find(|(name, _)| name == "__err")
            .map(|(_, v)| v.clone()),
    ) else {
        return;
    };
    let payload = serde_json::json!({ "path": path, "error": error }).to_string();
    let now = chrono::Utc::now().naive_utc();
    let key = match app::flash::put(db, None, app::ui::FLASH_PURPOSE, &payload, now).await {
        Ok(key) => Some(key),
        Err(error) => {
            tracing::warn!("could not keep a refused form's values: {error}");
            None
        }
    };
    // The page's own query as it was (`next=/programs` stays readable);
    // server_fn's pairs replaced by the key.
    let mut query: Vec<String> = location
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            !pair.is_empty() && !matches!(name, "__path" | "__err" | "__flash")
        })
        .map(str::to_owned)
        .collect();
    if let Some(key) = &key {
        query.push(format!("{}={key}", app::ui::FLASH_PARAM));
    }
    location.set_query((!query.is_empty()).then(|| query.join("&")).as_deref());
    if let Ok(value) = HeaderValue::from_str(location.as_str()) {
        response.headers_mut().insert(header::LOCATION, value);
    }
}

/// The page after a refused plain form post: the error kept under its
/// `?__flash=` key (read once) goes to the page as a request extension.
async fn restore_refused_form(
    State(db): State<app::db::Db>,
    mut request: Request,
    next: Next,
) -> Response {
    let key = (request.method() == Method::GET)
        .then(|| request.uri().query())
        .flatten()
        .and_then(|query| {
            url::form_urlencoded::parse(query.as_bytes())
                .find(|(name, _)| name == app::ui::FLASH_PARAM)
                .map(|(_, key)| key.into_owned())
        });
    if let Some(key) = key {
        let now = chrono::Utc::now().naive_utc();
        match app::flash::take(&db, None, app::ui::FLASH_PURPOSE, &key, now).await {
            Ok(Some(payload)) => {
                let parsed: Option<(String, String)> =
                    serde_json::from_str::<serde_json::Value>(&payload)
                        .ok()
                        .and_then(|value| {
                            Some((
                                value["path"].as_str()?.to_owned(),
                                value["error"].as_str()?.to_owned(),
                            ))
                        });
                if let Some((path, error)) = parsed {
                    request
                        .extensions_mut()
                        .insert(app::ui::Refused { path, error });
                }
            }
            Ok(None) => {}
            Err(error) => tracing::warn!("could not read a refused form's values: {error}"),
        }
    }
    next.run(request).await
}

/// A server function's refusal, given before it runs, in the form that
/// server function would have given it: for a plain form post the redirect
/// back to the form with the error (server_fn's `__err`), otherwise the
/// error's status with the error as JSON.
fn refuse_before_the_server_fn(
    parts: &http::request::Parts,
    error: app::error::AppError,
) -> Response {
    use leptos::server_fn::error::{FromServerFnError, ServerFnUrlError};
    let plain_form_post = parts
        .headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    let referer = parts
        .headers
        .get(header::REFERER)
        .and_then(|value| value.to_str().ok());
    if let (true, Some(referer)) = (plain_form_post, referer) {
        if let Ok(back) = ServerFnUrlError::new(parts.uri.path(), error.clone()).to_url(referer) {
            if let Ok(location) = HeaderValue::from_str(back.as_str()) {
                return (StatusCode::FOUND, [(header::LOCATION, location)]).into_response();
            }
        }
    }
    let status = StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        error.ser(),
    )
        .into_response()
}

/// Pages, server-function answers and downloads depend on who asks: with a
/// session (sent or just set) they are `private, no-store`, so neither a
/// shared cache nor the browser's history keeps a member's page; a
/// visitor's page may be stored but is revalidated (`no-cache`).
async fn cache_policy(session_cookie: &'static str, request: Request, next: Next) -> Response {
    let has_session = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|cookies| {
            cookies
                .split(';')
                .any(|pair| pair.trim().split('=').next() == Some(session_cookie))
        });
    let is_api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if headers.contains_key(header::CACHE_CONTROL) {
        return response;
    }
    let personal = has_session || is_api || headers.contains_key(header::SET_COOKIE);
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if personal {
            "private, no-store"
        } else {
            "no-cache"
        }),
    );
    headers.append(header::VARY, HeaderValue::from_static("cookie"));
    response
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

/// The origin (scheme, host and port) that state-changing requests must
/// come from.
#[derive(Debug)]
struct AllowedOrigin {
    site: url::Origin,
}

impl AllowedOrigin {
    fn new(site_url: &str) -> Self {
        let site = url::Url::parse(site_url)
            .map(|url| url.origin())
            .unwrap_or_else(|_| url::Url::parse("http://127.0.0.1:3000").unwrap().origin());
        AllowedOrigin { site }
    }

    /// Browsers tell us where a request comes from: `Sec-Fetch-Site` (all
    /// current browsers), `Origin`, or at least `Referer`. A request with
    /// none of them is not from a browser page, so it cannot ride on a
    /// member's cookies.
    fn allows(&self, headers: &HeaderMap) -> bool {
        if let Some(site) = headers.get("sec-fetch-site") {
            return matches!(site.as_bytes(), b"same-origin" | b"none");
        }
        let claimed = match (headers.get(header::ORIGIN), headers.get(header::REFERER)) {
            (Some(origin), _) => origin,
            (None, Some(referer)) => referer,
            (None, None) => return true,
        };
        let Some(claimed) = claimed
            .to_str()
            .ok()
            .and_then(|value| url::Url::parse(value).ok())
            .map(|url| url.origin())
            .filter(url::Origin::is_tuple)
        else {
            return false; // "null", garbage
        };
        if claimed == self.site {
            return true;
        }
        // Also accept the host the request was sent to, with the site's
        // scheme, so a server reached under another name than SITE_URL (a
        // test on port 0) still works.
        let request_origin = headers
            .get(header::HOST)
            .and_then(|value| value.to_str().ok())
            .and_then(|host| {
                let scheme = match &self.site {
                    url::Origin::Tuple(scheme, ..) => scheme.as_str(),
                    url::Origin::Opaque(_) => "http",
                };
                url::Url::parse(&format!("{scheme}://{host}")).ok()
            })
            .map(|url| url.origin());
        request_origin.is_some_and(|origin| origin == claimed)
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
        assert!(allowed.allows(&headers(&[("origin", "https://mentoring.example.org:443")])));
        assert!(!allowed.allows(&headers(&[("origin", "http://mentoring.example.org")])));
        assert!(!allowed.allows(&headers(&[(
            "origin",
            "https://mentoring.example.org:8443"
        )])));
        assert!(!allowed.allows(&headers(&[("origin", "https://evil.example")])));
        assert!(!allowed.allows(&headers(&[("origin", "null")])));
        assert!(allowed.allows(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!allowed.allows(&headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://mentoring.example.org")
        ])));
        assert!(!allowed.allows(&headers(&[("sec-fetch-site", "same-site")])));
        // Neither header: not a browser page.
        assert!(allowed.allows(&headers(&[])));
        // Only a Referer: it must be ours.
        assert!(allowed.allows(&headers(&[(
            "referer",
            "https://mentoring.example.org/hub/profile?x=1"
        )])));
        assert!(!allowed.allows(&headers(&[("referer", "https://evil.example/profile")])));
        assert!(!allowed.allows(&headers(&[("referer", "not a url")])));
        // An Origin wins over a Referer.
        assert!(!allowed.allows(&headers(&[
            ("origin", "https://evil.example"),
            ("referer", "https://mentoring.example.org/")
        ])));
    }

    #[test]
    fn origin_check_accepts_the_host_asked_for_only_with_the_sites_scheme() {
        let allowed = AllowedOrigin::new("http://127.0.0.1:3000");
        assert!(allowed.allows(&headers(&[
            ("origin", "http://127.0.0.1:3400"),
            ("host", "127.0.0.1:3400")
        ])));
        assert!(!allowed.allows(&headers(&[
            ("origin", "https://127.0.0.1:3400"),
            ("host", "127.0.0.1:3400")
        ])));
        assert!(!allowed.allows(&headers(&[
            ("origin", "http://127.0.0.1:3401"),
            ("host", "127.0.0.1:3400")
        ])));
        assert!(allowed.allows(&headers(&[
            ("referer", "http://127.0.0.1:3400/account"),
            ("host", "127.0.0.1:3400")
        ])));
        assert!(!allowed.allows(&headers(&[
            ("referer", "https://evil.example/"),
            ("host", "127.0.0.1:3400")
        ])));
    }
}
