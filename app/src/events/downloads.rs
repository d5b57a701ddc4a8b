//! The events' plain routes (server only), so that a browser downloads a
//! file with or without JavaScript and a calendar app can subscribe:
//!
//! - `GET /events/<id>/calendar.ics` (and under `/programs/<slug>`): one
//!   event's calendar file, for the members it is for;
//! - `GET /events/<id>/attendees.csv` (and under `/programs/<slug>`): the
//!   attendee list, for the space's managers;
//! - `GET /calendar/<secret>.ics`: a member's personal feed; the secret is
//!   the credential (calendar apps send no cookie).

use super::{calendar, guard::EventCaller, store};
use crate::{
    accounts::export::{download_refusal, internal, session_from_headers},
    error::AppError,
    programs::api::now,
    state::AppState,
};
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};

fn refusal(error: AppError) -> Response {
    download_refusal(error, "You may not download this.")
}

/// A file download; `name` is made of safe characters only.
fn file(body: String, content_type: &'static str, name: &str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

async fn caller_of(
    state: &AppState,
    headers: &HeaderMap,
    space: &str,
) -> Result<EventCaller, AppError> {
    let (_, user) = session_from_headers(state, headers)
        .await?
        .ok_or(AppError::Unauthorized)?;
    EventCaller::of_user(state, &user, space).await
}

async fn event_file(state: AppState, headers: HeaderMap, space: String, id: i64) -> Response {
    let result = async {
        let caller = caller_of(&state, &headers, &space).await?;
        let event = store::event_in(&state.db, &caller.space, id, &caller.member).await?;
        let place = store::place_of(&state.db, id, caller.member.user_id).await?;
        let url = format!(
            "{}{}",
            state.site.site_url.trim_end_matches('/'),
            caller.info.event_path(id)
        );
        let entry = calendar::Entry {
            event: &event,
            url: &url,
            with_online_link: place.is_some_and(|p| p.status.takes_place()),
        };
        Ok::<_, AppError>((
            calendar::calendar(&caller.info.name, &[entry], now()),
            calendar::file_name(&event),
        ))
    }
    .await;
    match result {
        Ok((body, name)) => file(body, calendar::CONTENT_TYPE, &name),
        Err(error) => refusal(error),
    }
}

pub async fn hub_event_ics(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    event_file(state, headers, String::new(), id).await
}

pub async fn program_event_ics(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    headers: HeaderMap,
) -> Response {
    event_file(state, headers, slug, id).await
}

async fn attendee_file(state: AppState, headers: HeaderMap, space: String, id: i64) -> Response {
    let result = async {
        let caller = caller_of(&state, &headers, &space).await?.manager()?;
        let event = store::event_in(&state.db, &caller.space, id, &caller.member).await?;
        let rows = store::attendees(&state.db, event.id).await?;
        Ok::<_, AppError>(attendees_to_csv(&rows))
    }
    .await;
    match result {
        Ok(body) => file(
            body,
            "text/csv; charset=utf-8",
            &format!("event-{id}-attendees.csv"),
        ),
        Err(error) => refusal(error),
    }
}

pub async fn hub_attendees_csv(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    attendee_file(state, headers, String::new(), id).await
}

pub async fn program_attendees_csv(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    headers: HeaderMap,
) -> Response {
    attendee_file(state, headers, slug, id).await
}

/// One row per attendee: places first, then the waitlist in order, then
/// the cancelled. Names are the members' own text: formula-safe cells.
pub fn attendees_to_csv(rows: &[store::AttendeeRow]) -> String {
    let mut out = String::new();
    crate::csv::push_row(
        &mut out,
        &[
            "Name",
            "Email",
            "Status",
            "Waitlist position",
            "Since (UTC)",
        ]
        .map(String::from),
    );
    for row in rows {
        crate::csv::push_row(
            &mut out,
            &[
                row.name.clone(),
                row.email.clone(),
                row.status.label().to_owned(),
                row.position.map(|p| p.to_string()).unwrap_or_default(),
                row.since.format("%Y-%m-%d %H:%M").to_string(),
            ],
        );
    }
    out
}

/// `GET /calendar/<secret>.ics`.
pub async fn feed(State(state): State<AppState>, Path(file_name): Path<String>) -> Response {
    let Some(secret) = file_name.strip_suffix(".ics") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let at = now();
    let (_, entries) = match store::feed_events(&state.db, secret, at).await {
        Ok(Some(found)) => found,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => return internal(error),
    };
    let site = state.site.site_url.trim_end_matches('/');
    let urls: Vec<String> = entries
        .iter()
        .map(|(event, slug, _)| {
            format!(
                "{site}{}",
                super::event_path(slug.as_deref().unwrap_or_default(), event.id)
            )
        })
        .collect();
    let calendar_entries: Vec<calendar::Entry> = entries
        .iter()
        .zip(&urls)
        .map(|((event, _, status), url)| calendar::Entry {
            event,
            url,
            with_online_link: status.takes_place(),
        })
        .collect();
    let name = match state.hub_settings.read(&state.db).await {
        Ok(hub) => format!("{}: my events", hub.hub_name),
        Err(error) => return internal(error),
    };
    let mut response = calendar::calendar(&name, &calendar_entries, at).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(calendar::CONTENT_TYPE),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    headers.insert(
        header::HeaderName::from_static("x-robots-tag"),
        HeaderValue::from_static("noindex"),
    );
    response
}
