//! Pieces of a page the frame and every domain share: the HTTP status of
//! the rendered page, the 404 page and what an error boundary shows.

use leptos::prelude::*;
use leptos_meta::Title;

/// Sets the HTTP status of the page being rendered on the server (a no-op
/// in the browser, where the page is already there).
pub fn set_page_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// Shown for any path no route matches (and for a record that does not
/// exist), with HTTP status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    set_page_status(404);
    view! {
        <Title text="Page not found" />
        <section class="page page--narrow" aria-labelledby="page-title">
            <h1 id="page-title">"Page not found"</h1>
            <p>
                "There is nothing at this address. It may have moved, or the link may have a typo."
            </p>
            <p>
                <a class="button button--secondary" href="/">
                    "Go to the home page"
                </a>
            </p>
        </section>
    }
}

/// What an error boundary shows instead of a page that failed to render.
#[component]
pub fn ErrorPanel(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let messages = move || {
        errors
            .get()
            .into_iter()
            .map(|(_, error)| view! { <li>{error.to_string()}</li> })
            .collect_view()
    };
    view! {
        <section class="page page--narrow" role="alert" aria-labelledby="error-title">
            <h1 id="error-title">"Something went wrong"</h1>
            <p>"This page could not be shown. Reload to try again."</p>
            <ul class="error-list">{messages}</ul>
        </section>
    }
}
