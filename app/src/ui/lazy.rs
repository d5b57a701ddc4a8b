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
                let page = { $($view)* };
                ::leptos::view! {
                    <$crate::ui::lazy::ChunkPreloads route=stringify!($route) />
                    {page}
                }
                .into_any()
            }
        }
    };
}

use leptos::prelude::*;

/// Preloads, for the page a visit starts on, the wasm chunks its route
/// needs, so they download alongside the main wasm instead of after it.
///
/// leptos 0.8.23 adds such preloads to the head itself, but only when the
/// route's code has run by the time the head is written, which in Async
/// mode is a race (a page gets them on some requests, not others). These are
/// read from the build's split manifest instead and rendered in the page, in
/// a hidden element whose content hydration leaves alone; on client-side
/// navigation it stays empty (the router loads the chunks itself).
#[component]
pub fn ChunkPreloads(route: &'static str) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let links = ssr::preload_links(route);
    #[cfg(not(feature = "ssr"))]
    let links = {
        let _ = route;
        String::new()
    };
    view! { <div hidden class="chunk-preloads" inner_html=links></div> }
}

/// Keeps leptos' own chunk preloads out of the head; place it right after
/// `<HydrationScripts>`, which provides the split manifest they come from.
/// [`ChunkPreloads`] names every chunk of the page already, and leptos'
/// (written on some requests only, see there) repeated each one: on a
/// program home 155 links twice, 28 KB of HTML compressed on every request.
/// It leaves the manifest's paths, so the one loader preload leptos still
/// writes points at the real file.
#[component]
pub fn WithoutFrameworkPreloads() -> impl IntoView {
    // Built once: the manifest is the build's, the same for every request
    // (copying it per request was a tenth of a directory page's CPU).
    #[cfg(feature = "ssr")]
    if let Some(leptos::WasmSplitManifest(manifest)) = crate::context::lookup() {
        static WITHOUT_PRELOADS: std::sync::OnceLock<leptos::WasmSplitManifest> =
            std::sync::OnceLock::new();
        let without = WITHOUT_PRELOADS.get_or_init(|| {
            let (pkg, loader) =
                manifest.with_value(|(pkg, _, loader)| (pkg.clone(), loader.clone()));
            leptos::WasmSplitManifest(ArcStoredValue::new((pkg, Default::default(), loader)))
        });
        provide_context(without.clone());
    }
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use std::{collections::HashMap, sync::OnceLock};

    /// The `<link>`s of each route type's split (by the route type's name),
    /// one per file, read once from the split manifest of the running build.
    type Links = HashMap<String, Vec<String>>;

    /// The chunks a page has named already: nested lazy routes (a program's
    /// frame and the page in it) share many, and each is named once.
    #[derive(Clone, Debug, Default)]
    pub struct PreloadedChunks(
        std::sync::Arc<std::sync::Mutex<std::collections::HashSet<&'static str>>>,
    );

    /// The `<link>`s for `route`'s split that this page has not named yet.
    pub(super) fn preload_links(route: &str) -> String {
        static LINKS: OnceLock<Links> = OnceLock::new();
        let Some(links) = LINKS
            .get_or_init(|| {
                crate::state::app_state()
                    .ok()
                    .and_then(|state| read_manifest(&state.leptos_options))
                    .unwrap_or_default()
            })
            .get(&split_name(route))
        else {
            return String::new();
        };
        let named = crate::context::lookup::<PreloadedChunks>().unwrap_or_default();
        let mut named = named
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        links
            .iter()
            .filter(|link| named.insert(link.as_str()))
            .map(String::as_str)
            .collect()
    }

    /// The content hash of the built file of `kind` (`css`, `js`, `wasm`,
    /// `manifest`, `split`), from the hash file cargo-leptos `hash-files`
    /// writes beside the server binary; `None` for a build without hashes.
    pub fn build_hash(options: &leptos::config::LeptosOptions, kind: &str) -> Option<String> {
        if !options.hash_files {
            return None;
        }
        let path = std::env::current_exe()
            .ok()?
            .parent()?
            .join(options.hash_file.as_ref());
        let hashes = std::fs::read_to_string(path).ok()?;
        hashes.lines().find_map(|line| {
            let (file, hash) = line.split_once(':')?;
            (file.trim() == kind).then(|| hash.trim().to_owned())
        })
    }

    /// `SignInRoute` → `__sign_in_route_view`, the prefix of its split's
    /// name in the manifest (`#[lazy_route]` names it after the type).
    fn split_name(route: &str) -> String {
        let mut name = String::from("__");
        for (index, c) in route.chars().enumerate() {
            if c.is_uppercase() && index > 0 {
                name.push('_');
            }
            name.extend(c.to_lowercase());
        }
        name.push_str("_view");
        name
    }

    fn read_manifest(options: &leptos::config::LeptosOptions) -> Option<Links> {
        let hash_of = |kind: &str| build_hash(options, kind).map(|hash| format!(".{hash}"));
        let pkg = format!("/{}", options.site_pkg_dir);
        let manifest_name = format!(
            "__wasm_split_manifest{}.json",
            hash_of("manifest").unwrap_or_default()
        );
        let path = std::path::Path::new(options.site_root.as_ref())
            .join(options.site_pkg_dir.as_ref())
            .join(manifest_name);
        // No manifest: a build without --split, nothing to preload.
        let manifest: HashMap<String, Vec<String>> =
            serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
        let loader = format!("__wasm_split{}.js", hash_of("split").unwrap_or_default());
        Some(
            manifest
                .into_iter()
                .filter_map(|(key, modules)| {
                    // `__sign_in_route_view_<hash of the macro's location>`
                    let (prefix, _) = key.rsplit_once('_')?;
                    let mut links = vec![format!(r#"<link rel="modulepreload" href="{pkg}/{loader}">"#)];
                    for module in modules {
                        links.push(format!(
                            r#"<link rel="preload" href="{pkg}/{module}.wasm" as="fetch" type="application/wasm" crossorigin="anonymous">"#
                        ));
                    }
                    Some((prefix.to_owned(), links))
                })
                .collect(),
        )
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn split_names_follow_the_route_type() {
            assert_eq!(super::split_name("SignInRoute"), "__sign_in_route_view");
            assert_eq!(super::split_name("HomeRoute"), "__home_route_view");
        }
    }
}
