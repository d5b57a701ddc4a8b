//! The WebAssembly entry point: hydrates the server-rendered page so that
//! later navigation and forms run in the browser.

use wasm_bindgen::{JsCast, JsValue};

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        fall_back_to_plain_html();
    }));
    hydrate_lazily();
}

/// `leptos::mount::hydrate_lazy`, and then the end of hydration told to
/// the page's own shared context.
///
/// Lazy routes: the chunk of the page the visit starts on is loaded (the
/// server preloads it) before hydration begins. leptos 0.8.23's
/// `hydrate_from_async` ends by looking the context up as the *current*
/// owner's, after an `.await`; when that lookup misses, the context stays
/// "hydrating" for good, and every resource a later client-side navigation
/// creates takes the server's value of whatever resource had the same id on
/// the first page (a program's settings form showed the values from before
/// its save). Keeping the context from inside the app's root makes the end
/// of hydration certain.
fn hydrate_lazily() {
    use leptos::reactive::owner::Owner;
    use std::{cell::RefCell, rc::Rc};

    let _ = any_spawner::Executor::init_wasm_bindgen();
    let context = Rc::new(RefCell::new(None));
    let kept = Rc::clone(&context);
    leptos::task::spawn_local(async move {
        let owner = leptos::mount::hydrate_from_async(
            leptos::prelude::document().body().expect("a body"),
            move || {
                *kept.borrow_mut() = Owner::current_shared_context();
                app::App()
            },
        )
        .await;
        if let Some(context) = context.borrow_mut().take() {
            context.hydration_complete();
        }
        owner.forget();
    });
}

/// After a panic the module is dead (panics abort): the page's fallback
/// script (app/src/shell/fallback.js) makes links and forms plain HTML again
/// and opens the link that was being followed.
fn fall_back_to_plain_html() {
    let window: JsValue = js_sys::global().into();
    if let Ok(fall_back) = js_sys::Reflect::get(&window, &"mentorhubFallBack".into()) {
        if let Some(fall_back) = fall_back.dyn_ref::<js_sys::Function>() {
            let _ = fall_back.call0(&JsValue::NULL);
        }
    }
}
