//! Pieces of a page the frame and every domain share: the page scaffold,
//! the HTTP status of the rendered page, the 404 page, the 401 and 403
//! panels and what an error boundary shows.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

/// Sets the HTTP status of the page being rendered on the server (a no-op
/// in the browser, where the page is already there).
pub fn set_page_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        crate::context::lookup::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// The scaffold of a page: its title (through `leptos_meta::Title`, so the
/// shell's formatter escapes it), a section labelled by the main heading
/// (`h1#page-title`), an optional lead paragraph, then the content.
#[component]
pub fn Page(
    /// The main heading; also the page's title unless `title` is given.
    #[prop(into)]
    heading: String,
    /// The browser's title when it is not the heading ("Meetups · Acme").
    #[prop(optional, into)]
    title: Option<String>,
    /// A paragraph under the heading.
    #[prop(optional, into)]
    lead: Option<String>,
    /// `page page--narrow` for forms and short text; `page` or
    /// `page stack` for wider content.
    #[prop(default = "page page--narrow")]
    class: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let title = title.unwrap_or_else(|| heading.clone());
    view! {
        <Title text=title />
        <section class=class aria-labelledby="page-title">
            <h1 id="page-title">{heading}</h1>
            {lead.map(|lead| view! { <p>{lead}</p> })}
            {children.map(|children| children())}
        </section>
    }
}

/// Shown for any path no route matches (and for a record that does not
/// exist), with HTTP status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    set_page_status(404);
    view! {
        <Page
            heading="Page not found"
            lead="There is nothing at this address. It may have moved, or the link may have a typo."
        >
            <p>
                <a class="button button--secondary" href="/">
                    "Go to the home page"
                </a>
            </p>
        </Page>
    }
}

/// Shown (with status 403) to a member who opens a page they may not see
/// or manage; the server functions refuse them regardless.
#[component]
pub fn AdminsOnly(
    #[prop(default = "For hub admins only")] title: &'static str,
    #[prop(
        default = "This page is for the hub's admins. If you need something changed, ask one of them."
    )]
    text: &'static str,
) -> impl IntoView {
    set_page_status(403);
    view! { <Page heading=title lead=text /> }
}

/// Where a visitor opens something for members (status 401): say so and
/// offer sign-in and sign-up, both coming back here (path and query).
///
/// Without `heading` the prompt is the page ("Sign in to continue"); with
/// it, a section inside a page that has its own `h1`, headed by an `h2`
/// with `heading_id`.
#[component]
pub fn SignInPrompt(
    #[prop(optional, into)] heading: Option<String>,
    #[prop(default = "sign-in-title")] heading_id: &'static str,
) -> impl IntoView {
    set_page_status(401);
    let location = use_location();
    let with_next = move |page: &str| {
        let path = location.pathname.get();
        let search = location.search.get();
        let here = if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        };
        format!("{page}?next={}", crate::text::urlencode(&here))
    };
    let links = view! {
        <p class="cluster">
            <a class="button button--primary" href=move || with_next("/sign-in")>
                "Sign in"
            </a>
            <a class="button button--secondary" href=move || with_next("/sign-up")>
                "Create an account"
            </a>
        </p>
    };
    match heading {
        None => view! {
            <Page heading="Sign in to continue" lead="This page is for members of the hub.">
                {links}
            </Page>
        }
        .into_any(),
        Some(heading) => view! {
            <h2 id=heading_id>{heading}</h2>
            <p>"Sign in to your account, or create one: you come back to this page."</p>
            {links}
        }
        .into_any(),
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
