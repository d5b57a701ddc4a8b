//! The hub settings every page frame shows (name, accent, tab labels),
//! loaded once per page load.

use super::{get_hub_settings, HubSettings};
use crate::error::AppError;
use leptos::prelude::*;

/// The hub settings, loaded once per page load and shared by every view.
#[derive(Clone, Copy)]
pub struct HubResource(pub Resource<Result<HubSettings, AppError>>);

impl HubResource {
    /// Creates the resource and provides it to everything below; the
    /// application root calls this once.
    pub fn provide() {
        provide_context(HubResource(Resource::new(|| (), |_| get_hub_settings())));
    }
}

/// Renders `render` with the hub settings. A failure to load them is logged
/// on the server; the frame then falls back to the defaults so the page
/// stays usable.
#[component]
pub fn WithHub<F, V>(render: F) -> impl IntoView
where
    F: Fn(HubSettings) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let HubResource(hub) = crate::context::expect::<HubResource>();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let render = render.clone();
                Suspend::new(async move { render(hub.await.unwrap_or_default()) })
            }}
        </Suspense>
    }
}
