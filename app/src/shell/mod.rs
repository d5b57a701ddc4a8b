//! The page frame every feature lives in: document shell, header with the
//! hub tabs, main landmark, footer, routes, the 404 page and the error
//! boundary.

use crate::{
    accounts::{provide_session, routes as accounts, AccountMenu},
    discussion::routes as discussion,
    events::routes as events,
    home::routes as home,
    hub::{HubResource, HubSettings, WithHub},
    mentors::routes as mentors,
    programs::routes as programs,
    resources::routes as resources,
    ui::{ErrorPanel, NoncedStyle, NotFound, RefusedForm},
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes, A},
    path, Lazy, SsrMode,
};

/// The HTML document rendered on the server around [`App`].
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        set_content_security_policy();
        provide_context(crate::ui::lazy::ssr::PreloadedChunks::default());
    }
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="stylesheet" id="leptos" href=stylesheet_href(&options) />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <script nonce=use_nonce() inner_html=FALLBACK_SCRIPT></script>
                <HydrationScripts options />
                <crate::ui::lazy::WithoutFrameworkPreloads />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Turns the page back into plain HTML when the app in the browser dies
/// (see the script); the panic hook of the wasm entry point calls it too.
const FALLBACK_SCRIPT: &str = include_str!("fallback.js");

/// The site's stylesheet: `/pkg/<output>.<hash>.css` when the build named
/// its files by content hash (cargo-leptos `hash-files`, listed in the hash
/// file beside the server binary), else `/pkg/<output>.css`.
fn stylesheet_href(options: &LeptosOptions) -> String {
    #[cfg(feature = "ssr")]
    {
        static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        HREF.get_or_init(|| {
            let hash = crate::ui::lazy::ssr::build_hash(options, "css");
            match hash {
                Some(hash) => format!(
                    "/{}/{}.{hash}.css",
                    options.site_pkg_dir, options.output_name
                ),
                None => format!("/{}/{}.css", options.site_pkg_dir, options.output_name),
            }
        })
        .clone()
    }
    #[cfg(not(feature = "ssr"))]
    {
        format!("/{}/{}.css", options.site_pkg_dir, options.output_name)
    }
}

/// Inline scripts (hydration bootstrap, streamed resources) carry the
/// per-request nonce that leptos_axum generates; nothing else inline may run.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    use http::{header::CONTENT_SECURITY_POLICY, HeaderValue};
    let (Some(nonce), Some(response)) = (
        use_nonce(),
        crate::context::lookup::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; connect-src 'self'; \
         font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}

// The account page with the sections of later domains (the events'
// calendar feed), whose resources are created before the page's own.
crate::lazy_page!(AccountRoute => {
    let feed = events::FeedSection::new();
    view! { <crate::accounts::security_page::AccountPage extra=move || feed.view() /> }
});

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    HubResource::provide();
    provide_session();

    view! {
        // Every <Title> below goes through this formatter (see title_text).
        <Title formatter=title_text />
        // A refused plain form post's messages and values, for the page's
        // server actions.
        <RefusedForm />
        <Router>
            // target="_self" keeps the router out: the browser then moves
            // focus to <main>, which a router navigation would not.
            <a class="skip-link" href="#main" target="_self">
                "Skip to main content"
            </a>
            <SiteHeader />
            <main id="main" class="site-main" tabindex="-1">
                <ErrorBoundary fallback=|errors| view! { <ErrorPanel errors /> }>
                    <Routes fallback=|| view! { <NotFound /> }>
                        <Route path=path!("/") view={Lazy::<home::HomeRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs") view={Lazy::<programs::DirectoryRoute>::new()} ssr=SsrMode::Async />
                        // Before any /programs/:slug route: "new" is a reserved slug.
                        <Route path=path!("/programs/new") view={Lazy::<programs::CreateProgramRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:slug/admin/settings") view={Lazy::<programs::ProgramSettingsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:slug/admin/questions") view={Lazy::<programs::RegistrationFormRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:slug/admin/applications") view={Lazy::<programs::ApplicationsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:slug/admin/members") view={Lazy::<programs::ProgramMembersRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:slug/admin/invitations") view={Lazy::<programs::InvitationsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:slug/admin/matching") view={Lazy::<mentors::MatchingRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:slug/admin/matching/:mentee") view={Lazy::<mentors::ManualMatchRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:slug/admin/discussion") view={Lazy::<discussion::ProgramModerationRoute>::new()} ssr=SsrMode::Async />
                        // The Mentors tab and its pages draw the program's header themselves.
                        <Route path=path!("/programs/:slug/mentors") view={Lazy::<mentors::MentorsTabRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:slug/mentors/:mentor/request") view={Lazy::<mentors::RequestFormRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:slug/requests") view={Lazy::<mentors::RequestsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:slug/events") view={Lazy::<events::EventListRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:slug/events/new") view={Lazy::<events::EventFormRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:slug/events/:id") view={Lazy::<events::EventRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:slug/events/:id/edit") view={Lazy::<events::EventFormRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:slug/events/:id/attendees") view={Lazy::<events::AttendeesRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:slug/resources") view={Lazy::<resources::LibraryRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:slug/resources/new") view={Lazy::<resources::ResourceFormRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:slug/resources/:id") view={Lazy::<resources::ResourceRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:slug/resources/:id/edit") view={Lazy::<resources::ResourceFormRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:slug/discussion") view={Lazy::<discussion::ThreadListRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:slug/discussion/ask") view={Lazy::<discussion::AskRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/programs/:slug/discussion/:id") view={Lazy::<discussion::ThreadRoute>::new()} ssr=SsrMode::Async />
                        <ParentRoute path=path!("/programs/:slug") view={Lazy::<programs::ProgramFrameRoute>::new()} ssr=SsrMode::Async>
                            <Route path=path!("") view={Lazy::<programs::AboutTabRoute>::new()} />
                            <Route path=path!("join") view={Lazy::<programs::JoinRoute>::new()} />
                        </ParentRoute>
                        <Route path=path!("/join/:token") view={Lazy::<programs::InvitationRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/discussion") view={Lazy::<discussion::ThreadListRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/discussion/ask") view={Lazy::<discussion::AskRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/discussion/:id") view={Lazy::<discussion::ThreadRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/resources") view={Lazy::<resources::LibraryRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/resources/new") view={Lazy::<resources::ResourceFormRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/resources/:id") view={Lazy::<resources::ResourceRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/resources/:id/edit") view={Lazy::<resources::ResourceFormRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/events") view={Lazy::<events::EventListRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/events/new") view={Lazy::<events::EventFormRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/events/:id") view={Lazy::<events::EventRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/events/:id/edit") view={Lazy::<events::EventFormRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/events/:id/attendees") view={Lazy::<events::AttendeesRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/sign-in") view={Lazy::<accounts::SignInRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/sign-up") view={Lazy::<accounts::SignUpRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/forgot-password") view={Lazy::<accounts::ForgotPasswordRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/reset-password") view={Lazy::<accounts::ResetPasswordRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/profile") view={Lazy::<accounts::ProfileEditRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/members/:id") view={Lazy::<accounts::MemberProfileRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/confirm-email") view={Lazy::<accounts::ConfirmEmailRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/admin/members") view={Lazy::<accounts::AdminMembersRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/admin/settings") view={Lazy::<accounts::HubSettingsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/admin/discussion") view={Lazy::<discussion::HubModerationRoute>::new()} ssr=SsrMode::Async />
                    </Routes>
                </ErrorBoundary>
            </main>
            <SiteFooter />
        </Router>
    }
    // Erased: the route table's type is deep enough to overflow the
    // compiler's layout queries in the hydrate build's async entry point.
    .into_any()
}

#[component]
fn SiteHeader() -> impl IntoView {
    // The account menu sits outside the hub-settings suspense: whatever a
    // component creates after an await happens in a different order on the
    // server (when the data arrives) than in the browser (at once, while
    // hydrating), and hydration matches resources by creation order.
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <WithHub render=|hub: HubSettings| {
                    let accent = format!(":root {{ --hub-accent: {}; }}", hub.safe_accent());
                    view! {
                        <NoncedStyle css=accent />
                        <a class="brand" href="/">
                            <span class="brand__mark" aria-hidden="true">
                                {initial(&hub.hub_name)}
                            </span>
                            <span class="brand__name">{hub.hub_name.clone()}</span>
                        </a>
                        <nav class="hub-tabs" aria-label="Hub">
                            <ul>
                                <li>
                                    <A href="/programs">{hub.labels.programs.clone()}</A>
                                </li>
                                <li>
                                    <A href="/discussion">{hub.labels.discussion.clone()}</A>
                                </li>
                                <li>
                                    <A href="/resources">{hub.labels.resources.clone()}</A>
                                </li>
                                <li>
                                    <A href="/events">{hub.labels.events.clone()}</A>
                                </li>
                            </ul>
                        </nav>
                    }
                } />
                <AccountMenu />
            </div>
        </header>
    }
}

/// The text of the document's `<title>`, whatever page set it.
///
/// leptos_meta 0.8.7 writes a `<Title>`'s text into the server's HTML
/// without escaping it, so a member named `</title><meta http-equiv=refresh
/// …>` would inject markup into the head of every page that shows the name.
/// On the server the text is escaped here, for every title at once; in the
/// browser it is assigned to `document.title`, which is plain text already.
/// Nothing else may pass a `formatter` to `<Title>`: only the last one
/// applies.
fn title_text(text: String) -> String {
    #[cfg(feature = "ssr")]
    {
        crate::ui::escape_html(&text)
    }
    #[cfg(not(feature = "ssr"))]
    {
        text
    }
}

fn initial(name: &str) -> String {
    name.chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_else(|| "M".into())
}

#[component]
fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <WithHub render=|hub: HubSettings| {
                view! {
                    <p>
                        {hub.hub_name} " · powered by Mentorhub, open mentoring software you host yourself."
                    </p>
                }
            } />
        </footer>
    }
}

#[cfg(test)]
mod tests {
    use super::initial;

    #[test]
    fn brand_initial_skips_punctuation() {
        assert_eq!(initial("  acme"), "A");
        assert_eq!(initial("«Élan»"), "É");
        assert_eq!(initial("!!!"), "M");
    }
}
