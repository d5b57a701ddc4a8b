//! A refused plain form post (no JavaScript), shown again without putting
//! what was typed into the URL.
//!
//! server_fn answers such a post with a redirect back to the form carrying
//! the whole error, field values included, in `?__err=` (and `__path`, the
//! server function). The server keeps that error for a few minutes instead
//! (`flash`) and redirects with `?__flash=<key>`; the page's request gets
//! the error back as a [`Refused`] request extension. [`RefusedForm`] hands
//! it to the page's `ServerAction`s the way the router would have from the
//! URL, and repeats it in the page (a hidden element) so that hydration
//! sees the same.

use leptos::prelude::*;

/// The server function (`__path`) and its encoded error (`__err`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub path: String,
    pub error: String,
}

/// The query parameter of a redirect after a refused plain form post.
pub const FLASH_PARAM: &str = "__flash";

/// The flash purpose of refused forms.
pub const FLASH_PURPOSE: &str = "refused_form";

#[component]
pub fn RefusedForm() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let refused = crate::context::lookup::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Refused>().cloned());
    #[cfg(not(feature = "ssr"))]
    let refused = document()
        .get_element_by_id("refused-form")
        .and_then(|element| {
            Some(Refused {
                path: element.get_attribute("data-path")?,
                error: element.get_attribute("data-error")?,
            })
        });
    if let Some(refused) = &refused {
        provide_context(leptos::server::ServerActionError::new(
            &refused.path,
            &refused.error,
        ));
    }
    refused.map(|refused| {
        view! { <div hidden id="refused-form" data-path=refused.path data-error=refused.error></div> }
    })
}
