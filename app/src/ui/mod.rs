//! Design-system components shared by every domain: form fields that wire
//! labels, help and error messages together accessibly, notices, and the
//! feedback of a server action.

pub mod lazy;
mod page;
mod refused;

pub use page::{set_page_status, ErrorPanel, NotFound};
pub use refused::{Refused, RefusedForm, FLASH_PARAM, FLASH_PURPOSE};

use crate::error::AppError;
use leptos::prelude::*;

/// What a submitted form got back: per-field messages, the values to refill
/// after a refused plain post, and a general message for other errors.
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

/// A labelled input with optional help text and its error message, linked
/// with `aria-describedby` and `aria-invalid`.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: Signal<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional)] help: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] list: Option<&'static str>,
    /// Needed when two forms on one page have a field of the same name.
    #[prop(optional)]
    id: Option<&'static str>,
) -> impl IntoView {
    let id = id.map_or_else(|| format!("field-{name}"), str::to_owned);
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let described_by = described_by(help.is_some(), &help_id, &error_id, error);
    let property_id = id.clone();
    view! {
        <div class="field">
            <label class="field__label" for=id.clone()>
                {label}
            </label>
            {help.map(|text| view! { <p class="field__help" id=help_id.clone()>{text}</p> })}
            <input
                id=id
                name=name
                type=kind
                prop:value=move || typed_or(&property_id, value.get())
                value=move || value.get()
                autocomplete=autocomplete
                required=required
                list=list
                aria-invalid=move || error.get().map(|_| "true")
                aria-describedby=described_by
            />
            <FieldError id=error_id error />
        </div>
    }
}

/// A labelled multi-line text area, wired like [`Field`].
#[component]
pub fn TextAreaField(
    label: &'static str,
    name: &'static str,
    #[prop(optional, into)] value: Signal<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional)] help: Option<&'static str>,
    #[prop(default = 6)] rows: u32,
    /// Needed when two forms on one page have a field of the same name.
    #[prop(optional)]
    id: Option<&'static str>,
) -> impl IntoView {
    let id = id.map_or_else(|| format!("field-{name}"), str::to_owned);
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let described_by = described_by(help.is_some(), &help_id, &error_id, error);
    let property_id = id.clone();
    view! {
        <div class="field">
            <label class="field__label" for=id.clone()>
                {label}
            </label>
            {help.map(|text| view! { <p class="field__help" id=help_id.clone()>{text}</p> })}
            // The initial text goes in as escaped inner HTML rather than a
            // child: a textarea's content is raw text to the HTML parser, so
            // hydration markers or an empty text node there break hydration.
            <textarea
                id=id
                name=name
                rows=rows
                inner_html=escape_html(&value.get_untracked())
                prop:value=move || typed_or(&property_id, value.get())
                aria-invalid=move || error.get().map(|_| "true")
                aria-describedby=described_by
            ></textarea>
            <FieldError id=error_id error />
        </div>
    }
}

/// `aria-describedby` for a control: its help text, and its error while
/// there is one.
pub(crate) fn described_by(
    has_help: bool,
    help_id: &str,
    error_id: &str,
    error: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    let (help_id, error_id) = (help_id.to_owned(), error_id.to_owned());
    move || {
        let mut ids = Vec::new();
        if has_help {
            ids.push(help_id.clone());
        }
        if error.get().is_some() {
            ids.push(error_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

#[component]
fn FieldError(id: String, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="field__error" id=id aria-live="polite">
            {move || error.get()}
        </p>
    }
}

/// A general error or success message above a form.
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

/// The member's avatar: initials on a colour derived from the name.
#[component]
pub fn Avatar(
    #[prop(into)] name: String,
    #[prop(default = "avatar")] class: &'static str,
) -> impl IntoView {
    let (initials, hue) = crate::accounts::avatar(&name);
    view! {
        <span class=format!("{class} avatar--hue-{hue}") aria-hidden="true">
            {initials}
        </span>
    }
}

/// A GET form (search, filters, a choice that changes the page): with
/// JavaScript the router navigates to the new query in the browser, without
/// it the browser loads it. The form submits to the current path.
///
/// Not leptos_router's `<Form>`: in 0.8.17 it lower-cases the form's
/// `action` (`extract_form_attributes`), which breaks paths with a
/// mixed-case part such as `/join/<token>`; it also adds a nameless submit
/// button to the query (`&=`).
#[component]
pub fn GetForm(
    children: Children,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] role: Option<&'static str>,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    let on_submit = {
        let navigate = leptos_router::hooks::use_navigate();
        let location = leptos_router::hooks::use_location();
        move |event: leptos::ev::SubmitEvent| {
            use leptos::wasm_bindgen::JsCast;
            let Some(form) = event
                .target()
                .and_then(|target| target.dyn_into::<leptos::web_sys::HtmlFormElement>().ok())
            else {
                return;
            };
            let (Ok(data), Ok(query)) = (
                leptos::web_sys::FormData::new_with_form(&form),
                leptos::web_sys::UrlSearchParams::new(),
            ) else {
                return; // the browser submits the form itself
            };
            event.prevent_default();
            for entry in data.entries() {
                let Ok(pair) = entry.map(
                    leptos::wasm_bindgen::JsValue::unchecked_into::<leptos::web_sys::js_sys::Array>,
                ) else {
                    continue;
                };
                if let (Some(name), Some(value)) =
                    (pair.get(0).as_string(), pair.get(1).as_string())
                {
                    if !name.is_empty() {
                        query.append(&name, &value);
                    }
                }
            }
            // A named submit button counts, as in a browser's own submit.
            if let Some(button) = event.submitter().and_then(|submitter| {
                submitter
                    .dyn_into::<leptos::web_sys::HtmlButtonElement>()
                    .ok()
            }) {
                if !button.name().is_empty() {
                    query.append(&button.name(), &button.value());
                }
            }
            let query = String::from(query.to_string());
            let path = location.pathname.get_untracked();
            let target = if query.is_empty() {
                path
            } else {
                format!("{path}?{query}")
            };
            navigate(&target, Default::default());
        }
    };
    #[cfg(not(feature = "hydrate"))]
    let on_submit = |_: leptos::ev::SubmitEvent| {};
    view! {
        <form method="get" class=class role=role on:submit=on_submit>
            {children()}
        </form>
    }
}

/// A `<style>` element carrying the page's CSP nonce, so that it also
/// applies when it is added by a client-side navigation. Every `<style>` of
/// the app goes through here.
#[component]
pub fn NoncedStyle(#[prop(into)] css: String) -> impl IntoView {
    view! { <leptos_meta::Style nonce=page_nonce().unwrap_or_default()>{css}</leptos_meta::Style> }
}

/// The `value` property for the field `id`: `value`, except while the page
/// hydrates, when the field keeps what the member typed already.
///
/// A phone on a slow network shows the form long before the wasm (and the
/// page's chunk) has arrived, and hydration sets each field's `value` from
/// its signal. So while hydrating, a field whose live value differs from the
/// one the server sent (its `defaultValue`) keeps the live value.
pub(crate) fn typed_or(id: &str, value: String) -> String {
    #[cfg(feature = "hydrate")]
    if let Some(typed) = typed_before_hydration(id) {
        return typed;
    }
    let _ = id;
    value
}

#[cfg(feature = "hydrate")]
fn typed_before_hydration(id: &str) -> Option<String> {
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{HtmlInputElement, HtmlTextAreaElement};
    let hydrating =
        Owner::current_shared_context().is_some_and(|context| context.during_hydration());
    if !hydrating {
        return None;
    }
    let node = document().get_element_by_id(id)?;
    if let Some(input) = node.dyn_ref::<HtmlInputElement>() {
        (input.value() != input.default_value()).then(|| input.value())
    } else if let Some(area) = node.dyn_ref::<HtmlTextAreaElement>() {
        (Ok(area.value()) != area.default_value()).then(|| area.value())
    } else {
        None
    }
}

/// The page's content-security-policy nonce, for a `<Style>` element.
///
/// The server knows it; in the browser it is read back from the hydration
/// script that carries it, because a style element added after hydration
/// (a client-side navigation) without the nonce would be blocked.
pub fn page_nonce() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        use_nonce().map(|nonce| nonce.to_string())
    }
    #[cfg(not(feature = "ssr"))]
    {
        use leptos::wasm_bindgen::JsCast;
        let script = document().query_selector("script[nonce]").ok()??;
        let nonce = script
            .dyn_into::<leptos::web_sys::HtmlElement>()
            .ok()?
            .nonce();
        (!nonce.is_empty()).then_some(nonce)
    }
}

/// Escapes text for use inside HTML.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_so_a_textarea_cannot_be_closed_from_inside() {
        assert_eq!(
            super::escape_html("</textarea><script>x & 'y'"),
            "&lt;/textarea&gt;&lt;script&gt;x &amp; &#39;y&#39;"
        );
    }
}
