//! The one error type that crosses the client/server boundary.
//!
//! Every server function returns `Result<T, AppError>`. The variants say what
//! the caller can act on; internal failures carry only a reference that lets
//! an operator find the logged cause (never the cause itself).

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Per-field validation messages, keyed by the form field's `name`, plus
/// the non-secret values that were submitted: after a refused plain form
/// post (no JavaScript) the page reloads, and these refill the form so
/// nothing the member typed is lost.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors {
    pub messages: BTreeMap<String, String>,
    pub submitted: BTreeMap<String, String>,
}

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records the first message for `field`; later ones are dropped so the
    /// member sees one thing to fix at a time.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.messages
            .entry(field.to_owned())
            .or_insert_with(|| message.into());
    }

    /// Echoes a submitted value back with the error (never a password).
    pub fn keep(mut self, field: &str, value: &str) -> Self {
        self.submitted.insert(field.to_owned(), value.to_owned());
        self
    }

    /// Adds `other`'s messages (where this has none for the field yet).
    pub fn merge(&mut self, other: FieldErrors) {
        for (field, message) in other.messages {
            self.add(&field, message);
        }
        self.submitted.extend(other.submitted);
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.messages.get(field).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// `Ok(())` when nothing was added, otherwise a validation error.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self))
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("We could not find that.")]
    NotFound,
    #[error("Please sign in to continue.")]
    Unauthorized,
    #[error("You do not have permission to do that.")]
    Forbidden,
    #[error("Some fields need your attention.")]
    Validation(FieldErrors),
    #[error("{0}")]
    Conflict(String),
    #[error("Too many attempts. Try again in {retry_after_secs} seconds.")]
    RateLimited { retry_after_secs: u64 },
    #[error("Something went wrong on our side (reference {reference}).")]
    Internal { reference: String },
    /// The request never reached our code or its answer could not be read
    /// (network down, malformed arguments).
    #[error("The request could not be completed: {0}")]
    Transport(String),
}

impl AppError {
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::new();
        errors.add(field, message);
        AppError::Validation(errors)
    }

    /// The message for one form field, if this is a validation error naming it.
    pub fn field(&self, field: &str) -> Option<String> {
        match self {
            AppError::Validation(errors) => errors.get(field).map(str::to_owned),
            _ => None,
        }
    }

    /// The message for `field` if this is a validation error naming it,
    /// otherwise the general message.
    pub fn message_about(&self, field: &str) -> String {
        self.field(field).unwrap_or_else(|| self.to_string())
    }

    /// What was submitted for `field`, if the error echoes it back.
    pub fn submitted(&self, field: &str) -> Option<String> {
        match self {
            AppError::Validation(errors) => errors.submitted.get(field).cloned(),
            _ => None,
        }
    }

    /// Adds the submitted values to a validation error (other errors pass
    /// through unchanged).
    pub fn keeping<F: AsRef<str>, V: AsRef<str>>(self, values: &[(F, V)]) -> Self {
        match self {
            AppError::Validation(mut errors) => {
                for (field, value) in values {
                    errors = errors.keep(field.as_ref(), value.as_ref());
                }
                AppError::Validation(errors)
            }
            other => other,
        }
    }

    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::Validation(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::RateLimited { .. } => 429,
            AppError::Internal { .. } => 500,
            AppError::Transport(_) => 400,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
pub use ssr::*;

#[cfg(feature = "ssr")]
mod ssr {
    use super::AppError;

    impl AppError {
        /// Logs `cause` with a fresh reference and returns an error that
        /// carries only that reference. The reference is the request id when
        /// we are inside a request, so one grep finds the whole story.
        pub fn internal(cause: impl std::fmt::Display) -> Self {
            let reference =
                current_request_id().unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
            tracing::error!(reference = %reference, "internal error: {cause}");
            AppError::Internal { reference }
        }
    }

    fn is_plain_form_post() -> bool {
        crate::context::lookup::<http::request::Parts>().is_some_and(|parts| {
            parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|value| value.to_str().ok())
                .is_some_and(|accept| accept.contains("text/html"))
        })
    }

    fn current_request_id() -> Option<String> {
        let parts = crate::context::lookup::<http::request::Parts>()?;
        parts
            .headers
            .get("x-request-id")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    }

    impl From<diesel::result::Error> for AppError {
        fn from(error: diesel::result::Error) -> Self {
            match error {
                diesel::result::Error::NotFound => AppError::NotFound,
                other => AppError::internal(other),
            }
        }
    }

    impl From<crate::db::DbError> for AppError {
        fn from(error: crate::db::DbError) -> Self {
            AppError::internal(error)
        }
    }

    /// Runs a server function's body: on one database connection (see
    /// [`crate::db::one_connection`]), then with its error's HTTP status set
    /// ([`respond`]). Every server function's body goes through here.
    pub async fn serve<T>(
        body: impl std::future::Future<Output = Result<T, AppError>>,
    ) -> Result<T, AppError> {
        respond(crate::db::one_connection(body).await)
    }

    /// Sets the HTTP status of the current server-function response from the
    /// error, so that clients without our wasm (curl, forms) see 403, 404...
    ///
    /// Not for a plain form post (a browser without JavaScript): that gets
    /// server_fn's redirect back to the form, with the error in the URL, and
    /// a browser follows a redirect only with a 3xx status.
    fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
        if let Err(error) = &result {
            if is_plain_form_post() {
                return result;
            }
            if let Some(response) = crate::context::lookup::<leptos_axum::ResponseOptions>() {
                if let Ok(status) = http::StatusCode::from_u16(error.status_code()) {
                    response.set_status(status);
                }
            }
        }
        result
    }
}
