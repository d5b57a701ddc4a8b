//! What a server function adds to its HTTP response besides its value
//! (server only): the redirect after a plain form post.

/// Sends the browser to `path` after this request: a `303`-style redirect
/// for a plain form post, a client-side navigation with JavaScript.
///
/// leptos_axum's `redirect` panics (an empty reply) when the path is not a
/// valid header value. Every path passes through here so that no value a
/// member wrote can do that: an invalid one is logged and replaced by `/`.
pub fn redirect(path: &str) {
    let path = if http::HeaderValue::from_str(path).is_ok() && path.starts_with('/') {
        path
    } else {
        tracing::warn!(path = ?path, "refused to redirect to an invalid path");
        "/"
    };
    leptos_axum::redirect(path);
}
