//! What a server action answered, and the notices that show it: a form's
//! per-field messages and refilled values ([`FormFeedback`]), a general
//! message above a form ([`FormNotice`]) and an error in place of content
//! that could not be loaded ([`ErrorNotice`]).

use crate::error::AppError;
use leptos::prelude::*;

/// What a submitted form got back: per-field messages, the values to refill
/// after a refused plain post, and a general message for other errors.
///
/// Hand it to the form's [`Field`](super::Field)s and
/// [`ChoiceGroup`](super::ChoiceGroup)s as `feedback`: each shows its own
/// message (and a field refills its own value).
#[derive(Clone, Copy)]
pub struct FormFeedback(Signal<Option<AppError>>);

impl FormFeedback {
    pub fn new<T, S>(value: S) -> Self
    where
        T: Clone + Send + Sync + 'static,
        S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
    {
        FormFeedback(Signal::derive(move || value.get().and_then(Result::err)))
    }

    pub fn error(self) -> Signal<Option<AppError>> {
        self.0
    }

    pub fn field(self, name: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || self.0.get().and_then(|error| error.field(name)))
    }

    /// The value to show in `name`: what was refused, or `fallback`.
    pub fn value_or(
        self,
        name: &'static str,
        fallback: impl Fn() -> String + Send + Sync + 'static,
    ) -> Signal<String> {
        Signal::derive(move || {
            self.0
                .get()
                .and_then(|error| error.submitted(name))
                .unwrap_or_else(&fallback)
        })
    }

    /// A message for errors that are not about one field.
    pub fn general(self) -> Signal<Option<String>> {
        Signal::derive(move || match self.0.get() {
            Some(AppError::Validation(_)) | None => None,
            Some(other) => Some(other.to_string()),
        })
    }
}

/// A general error or success message above a form, shown while there is
/// one.
#[component]
pub fn FormNotice(
    #[prop(into)] message: Signal<Option<String>>,
    #[prop(default = "error")] tone: &'static str,
) -> impl IntoView {
    view! {
        <Show when=move || message.get().is_some()>
            <p class=format!("notice notice--{tone}") role=if tone == "error" { "alert" } else { "status" }>
                {move || message.get()}
            </p>
        </Show>
    }
}

/// An error shown instead of what could not be loaded (a resource that
/// answered with an error): `error.to_string()`, or
/// `error.message_about(field)` for a search.
#[component]
pub fn ErrorNotice(
    #[prop(into)] message: String,
    /// Classes besides `notice notice--error` (`page` when it is the page).
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let class = if class.is_empty() {
        "notice notice--error".to_owned()
    } else {
        format!("{class} notice notice--error")
    };
    view! {
        <p class=class role="alert">
            {message}
        </p>
    }
}
