//! The resource form sent by the hydrated app: the same multipart post as
//! without JavaScript, through `XMLHttpRequest` so that the upload's
//! progress shows (fetch reports none). A file over the limit is refused
//! before a byte is sent; the server checks again.

use crate::error::AppError;
use leptos::prelude::*;

/// What a submit needs (read by the hydrated app's handler).
#[derive(Clone)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub struct Sending {
    /// The form's address.
    pub action: String,
    pub max_bytes: u64,
    /// Percent sent, while sending.
    pub progress: RwSignal<Option<u32>>,
    pub answer: RwSignal<Option<Result<String, AppError>>>,
}

/// The upload's progress bar, while one is under way.
#[component]
pub fn Progress(progress: RwSignal<Option<u32>>) -> impl IntoView {
    view! {
        <div class="upload-progress" role="status" aria-live="polite">
            {move || progress.get().map(|percent| view! {
                <label for="upload-progress">{format!("Uploading… {percent} %")}</label>
                <progress id="upload-progress" max="100" value=percent></progress>
            })}
        </div>
    }
}

/// The form's submit handler: without JavaScript the browser posts it.
#[cfg(not(feature = "hydrate"))]
pub fn on_submit(_sending: Sending) -> impl Fn(leptos::ev::SubmitEvent) + 'static {
    |_| {}
}

#[cfg(feature = "hydrate")]
pub fn on_submit(sending: Sending) -> impl Fn(leptos::ev::SubmitEvent) + 'static {
    let navigate = leptos_router::hooks::use_navigate();
    move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if sending.progress.get_untracked().is_some() {
            return;
        }
        let Some(form) = event.target().and_then(|target| {
            leptos::wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlFormElement>(target).ok()
        }) else {
            return;
        };
        if let Some(error) = too_large(&form, sending.max_bytes) {
            sending.answer.set(Some(Err(error)));
            return;
        }
        if let Err(error) = send(&form, &sending, navigate.clone()) {
            sending.progress.set(None);
            sending.answer.set(Some(Err(error)));
        }
    }
}

/// The chosen file's refusal, when it is larger than the limit.
#[cfg(feature = "hydrate")]
fn too_large(form: &web_sys::HtmlFormElement, max_bytes: u64) -> Option<AppError> {
    use leptos::wasm_bindgen::JsCast;
    let input = form
        .query_selector("input[type=file]")
        .ok()??
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?;
    let file = input.files()?.get(0)?;
    (file.size() > max_bytes as f64).then(|| {
        AppError::validation(
            "file",
            format!(
                "The file is larger than {}, the most a library accepts.",
                crate::resources::files::size_text(max_bytes)
            ),
        )
        .keeping(&form_values(form))
    })
}

/// The form's text values, kept in a refusal made here.
#[cfg(feature = "hydrate")]
fn form_values(form: &web_sys::HtmlFormElement) -> Vec<(String, String)> {
    let Ok(data) = web_sys::FormData::new_with_form(form) else {
        return Vec::new();
    };
    [
        "title", "summary", "url", "body", "section", "audience", "kind",
    ]
    .iter()
    .filter_map(|name| Some((name.to_string(), data.get(name).as_string()?)))
    .collect()
}

#[cfg(feature = "hydrate")]
fn send(
    form: &web_sys::HtmlFormElement,
    sending: &Sending,
    navigate: impl Fn(&str, leptos_router::NavigateOptions) + Clone + 'static,
) -> Result<(), AppError> {
    use leptos::wasm_bindgen::{closure::Closure, JsCast};
    let failed = |_| AppError::Transport("The form could not be sent. Try again.".into());
    let data = web_sys::FormData::new_with_form(form).map_err(failed)?;
    let request = web_sys::XmlHttpRequest::new().map_err(failed)?;
    request
        .open_with_async("POST", &sending.action, true)
        .map_err(failed)?;
    request
        .set_request_header("Accept", "application/json")
        .map_err(failed)?;
    let progress = sending.progress;
    progress.set(Some(0));
    let on_progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |event: web_sys::ProgressEvent| {
            if event.length_computable() && event.total() > 0.0 {
                progress.set(Some((event.loaded() / event.total() * 100.0).round() as u32));
            }
        });
    request
        .upload()
        .map_err(failed)?
        .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    on_progress.forget();
    let answer = sending.answer;
    let done = request.clone();
    let on_load = Closure::once_into_js(move || {
        progress.set(None);
        let status = done.status().unwrap_or(0);
        let text = done.response_text().ok().flatten().unwrap_or_default();
        if status == 200 {
            let path = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|value| value["path"].as_str().map(str::to_owned));
            if let Some(path) = path {
                answer.set(Some(Ok(path.clone())));
                navigate(&path, Default::default());
                return;
            }
        }
        let error = serde_json::from_str::<AppError>(&text).unwrap_or_else(|_| {
            AppError::Transport(format!("The server answered {status}. Try again."))
        });
        answer.set(Some(Err(error)));
    });
    request.set_onload(Some(on_load.unchecked_ref()));
    let on_error = Closure::once_into_js(move || {
        progress.set(None);
        answer.set(Some(Err(AppError::Transport(
            "The upload was interrupted. Check your connection and try again.".into(),
        ))));
    });
    request.set_onerror(Some(on_error.unchecked_ref()));
    request
        .send_with_opt_form_data(Some(&data))
        .map_err(failed)?;
    Ok(())
}
