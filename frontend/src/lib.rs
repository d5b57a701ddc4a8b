//! The WebAssembly entry point: hydrates the server-rendered page so that
//! later navigation and forms run in the browser.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Before hydration sets the fields from the server's values.
    app::ui::remember_typed_values();
    leptos::mount::hydrate_body(app::App);
}
