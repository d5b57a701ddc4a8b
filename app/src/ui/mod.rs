//! The design system: components every domain shares, so that a page is
//! put together from the same pieces everywhere (see ARCHITECTURE.md,
//! "The design system"). `ui` depends on no domain.
//!
//! - `page.rs`: [`Page`] (the scaffold of a page), [`NotFound`],
//!   [`AdminsOnly`], [`SignInPrompt`], [`ErrorPanel`].
//! - `form.rs`: [`Field`] (an input or a text area), [`CheckBox`], [`ChoiceGroup`],
//!   wired to a form's [`FormFeedback`].
//! - `feedback.rs`: [`FormFeedback`], [`FormNotice`], [`ErrorNotice`].
//! - `table.rs`: [`DataTable`].
//! - `pager.rs`: [`Pager`] and the page arithmetic of paged queries.
//! - `mod.rs`: [`Avatar`], [`GetForm`], [`NoncedStyle`].

mod feedback;
mod form;
pub mod lazy;
mod page;
mod pager;
mod refused;
mod table;

pub use feedback::{ErrorNotice, FormFeedback, FormNotice};
pub(crate) use form::{described_by, typed_or};
pub use form::{CheckBox, ChoiceGroup, Field, FieldError};
pub use page::{set_page_status, AdminsOnly, ErrorPanel, NotFound, Page, SignInPrompt};
pub use pager::{clamp_page, page_count, page_param, Pager};
pub use refused::{Refused, RefusedForm, FLASH_PARAM, FLASH_PURPOSE};
pub use table::{Column, DataTable};

use leptos::prelude::*;

/// Initials and one of twelve background hues derived from the name: every
/// member gets a recognisable avatar without uploading anything. (A class,
/// not an inline style: the content security policy forbids those.)
pub fn avatar(name: &str) -> (String, u32) {
    let initials: String = name
        .split_whitespace()
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect();
    let hash = name.bytes().fold(2166136261u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(16777619)
    });
    let initials = if initials.is_empty() {
        "?".to_owned()
    } else {
        initials
    };
    (initials, hash % 12)
}

/// The member's avatar: initials on a colour derived from the name.
#[component]
pub fn Avatar(
    #[prop(into)] name: String,
    #[prop(default = "avatar")] class: &'static str,
) -> impl IntoView {
    let (initials, hue) = avatar(&name);
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
