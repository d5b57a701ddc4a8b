//! The WebAssembly entry point: hydrates the server-rendered page so that
//! later navigation and forms run in the browser.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // The release client aborts on a panic without running a hook
    // (scripts/build.sh: -Cpanic=immediate-abort); the trap reaches the
    // page as a `WebAssembly.RuntimeError`, which the fallback script
    // catches itself. A debug build says what panicked in the console.
    #[cfg(debug_assertions)]
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        fall_back_to_plain_html();
    }));
    // Lazy routes: the chunk of the page the visit starts on is loaded
    // (the server preloads it) before hydration begins.
    leptos::mount::hydrate_lazy(app::App);
}

#[cfg(debug_assertions)]
/// After a panic the module is dead (panics abort): the page's fallback
/// script (app/src/shell/fallback.js) makes links and forms plain HTML again
/// and opens the link that was being followed.
fn fall_back_to_plain_html() {
    use wasm_bindgen::{JsCast, JsValue};
    let window: JsValue = js_sys::global().into();
    if let Ok(fall_back) = js_sys::Reflect::get(&window, &"mentorhubFallBack".into()) {
        if let Some(fall_back) = fall_back.dyn_ref::<js_sys::Function>() {
            let _ = fall_back.call0(&JsValue::NULL);
        }
    }
}
