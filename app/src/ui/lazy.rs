//! Pages as lazily loaded routes.
//!
//! Every page is declared with [`lazy_page!`](crate::lazy_page) in its
//! domain's `routes.rs`, and the shell's route table names those route
//! types, never the page components. In the release build (`cargo leptos
//! build --split`) each page's code then lives in its own wasm chunk,
//! loaded when the page is first visited (and preloaded by the server for
//! the page a visit starts on); code that several pages share goes into
//! shared chunks. On the server and in debug builds nothing changes.

/// Declares `$route` as the lazily loaded route of a page:
///
/// ```ignore
/// lazy_page!(pub SignInRoute => SignInPage);
/// lazy_page!(pub EventsTabRoute => { view! { <MemberTabPage tab=MemberTab::Events /> } });
/// ```
///
/// The route carries no data: a page creates its resources itself, at the
/// top of its component, so the server and the hydrating browser create
/// them in the same order.
#[macro_export]
macro_rules! lazy_page {
    ($(#[$meta:meta])* $vis:vis $route:ident => $page:ident) => {
        $crate::lazy_page!($(#[$meta])* $vis $route => { ::leptos::view! { <$page /> } });
    };
    ($(#[$meta:meta])* $vis:vis $route:ident => { $($view:tt)* }) => {
        $(#[$meta])*
        $vis struct $route;

        #[::leptos_router::lazy_route]
        impl ::leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_route: Self) -> ::leptos::prelude::AnyView {
                use ::leptos::prelude::IntoAny as _;
                { $($view)* }.into_any()
            }
        }
    };
}
