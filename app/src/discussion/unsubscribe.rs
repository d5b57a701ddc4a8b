//! One-click unsubscribe from discussion emails (server only), a plain
//! axum route: `GET /email/unsubscribe?user=…&sig=…` (a click in the email)
//! shows a button, `POST` to the same address (the button, or a mail
//! client's RFC 8058 one-click request) turns the emails off. The link is
//! signed for its member with the server's key, so nobody can turn off
//! someone else's emails; it needs no session.

use super::{emails::unsubscribe_signed, store, DiscussionEmails};
use crate::state::AppState;
use axum::{
    extract::{Query, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Link {
    user: i64,
    sig: String,
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    // Only our own texts and the numeric id go in: nothing to escape.
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title></head><body><main><h1>{title}</h1>{body}\
         <p><a href=\"/account\">Your account</a></p></main></body></html>"
    );
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
}

fn refused() -> Response {
    page(
        StatusCode::FORBIDDEN,
        "This link does not work",
        "<p>The unsubscribe link is incomplete or was changed. Turn discussion emails off on your account page instead.</p>",
    )
}

/// The link from an email: a button, so that a mail scanner following
/// links changes nothing.
pub async fn confirm(State(state): State<AppState>, Query(link): Query<Link>) -> Response {
    if !unsubscribe_signed(&state.site.secret_key, link.user, &link.sig) {
        return refused();
    }
    let action = format!("/email/unsubscribe?user={}&amp;sig={}", link.user, link.sig);
    page(
        StatusCode::OK,
        "Stop discussion emails?",
        &format!(
            "<p>You will no longer get an email when a question you follow is answered.</p>\
             <form method=\"post\" action=\"{action}\"><button type=\"submit\">Stop these emails</button></form>"
        ),
    )
}

/// The button, or a one-click request.
pub async fn unsubscribe(State(state): State<AppState>, Query(link): Query<Link>) -> Response {
    if !unsubscribe_signed(&state.site.secret_key, link.user, &link.sig) {
        return refused();
    }
    match store::set_emails(&state.db, link.user, DiscussionEmails::Off).await {
        Ok(()) => page(
            StatusCode::OK,
            "Discussion emails are off",
            "<p>You can turn them on again on the Discussion page.</p>",
        ),
        Err(error) => {
            tracing::error!(%error, "unsubscribe");
            page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong",
                "<p>Try the link again in a moment.</p>",
            )
        }
    }
}
