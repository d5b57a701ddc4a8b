//! Form controls that wire their label, help text and error message
//! together accessibly (`for`, `aria-describedby`, `aria-invalid`), and take
//! the form's [`FormFeedback`] so that each shows its own message and
//! refills its own value after a refused post.

use super::{escape_html, FormFeedback};
use leptos::prelude::*;

/// The ids of a control and of its help and error paragraphs:
/// `field-<name>`, `field-<name>-help`, `field-<name>-error` unless the
/// caller names the control.
struct Ids {
    control: String,
    help: String,
    error: String,
}

impl Ids {
    fn new(control: String) -> Self {
        Ids {
            help: format!("{control}-help"),
            error: format!("{control}-error"),
            control,
        }
    }

    fn of(name: &'static str, id: Option<&'static str>) -> Self {
        Self::new(id.map_or_else(|| format!("field-{name}"), str::to_owned))
    }
}

/// The control's message: `error`, else the feedback's message about `name`.
fn error_of(
    name: &'static str,
    error: Signal<Option<String>>,
    feedback: Option<FormFeedback>,
) -> Signal<Option<String>> {
    match feedback {
        None => error,
        Some(feedback) => {
            let about = feedback.field(name);
            Signal::derive(move || error.get().or_else(|| about.get()))
        }
    }
}

/// The control's value: what a refused post sent for `name`, else `value`.
fn value_of(
    name: &'static str,
    value: Signal<String>,
    feedback: Option<FormFeedback>,
) -> Signal<String> {
    match feedback {
        None => value,
        Some(feedback) => feedback.value_or(name, move || value.get()),
    }
}

/// `aria-describedby` for a control: its help text, and its error while
/// there is one.
pub(crate) fn described_by(
    has_help: bool,
    help_id: &str,
    error_id: &str,
    error: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    let (help_id, error_id) = (help_id.to_owned(), error_id.to_owned());
    move || {
        let mut ids = Vec::new();
        if has_help {
            ids.push(help_id.clone());
        }
        if error.get().is_some() {
            ids.push(error_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// The paragraph a control's error message goes in: always there (empty
/// without an error), so that screen readers announce a new message.
#[component]
pub fn FieldError(#[prop(into)] id: String, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="field__error" id=id aria-live="polite">
            {move || error.get()}
        </p>
    }
}

/// A labelled input, or with `rows` a multi-line text area, with optional
/// help text and its error message, linked with `aria-describedby` and
/// `aria-invalid`. With `feedback`, the message is the form's message about
/// `name` and a refused value is refilled.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    /// The input's `type`; not used with `rows`.
    #[prop(default = "text")]
    kind: &'static str,
    /// A `<textarea>` of this many rows instead of an `<input>`.
    #[prop(optional)]
    rows: Option<u32>,
    #[prop(optional, into)] value: Signal<String>,
    /// The form's feedback: the field's message and refilled value.
    #[prop(optional)]
    feedback: Option<FormFeedback>,
    /// A message besides the feedback's (or without feedback).
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    #[prop(optional)] help: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] list: Option<&'static str>,
    /// Needed when two forms on one page have a field of the same name.
    #[prop(optional)]
    id: Option<&'static str>,
) -> impl IntoView {
    let Ids {
        control: control_id,
        help: help_id,
        error: error_id,
    } = Ids::of(name, id);
    let error = error_of(name, error, feedback);
    let value = value_of(name, value, feedback);
    let described_by = Signal::derive(described_by(help.is_some(), &help_id, &error_id, error));
    let invalid = move || error.get().map(|_| "true");
    let property_id = control_id.clone();
    let property = move || typed_or(&property_id, value.get());
    let control = match rows {
        None => view! {
            <input
                id=control_id.clone()
                name=name
                type=kind
                prop:value=property
                value=move || value.get()
                autocomplete=autocomplete
                required=required
                list=list
                aria-invalid=invalid
                aria-describedby=move || described_by.get()
            />
        }
        .into_any(),
        // The initial text goes in as escaped inner HTML rather than a
        // child: a textarea's content is raw text to the HTML parser, so
        // hydration markers or an empty text node there break hydration.
        Some(rows) => view! {
            <textarea
                id=control_id.clone()
                name=name
                rows=rows
                inner_html=escape_html(&value.get_untracked())
                prop:value=property
                required=required
                aria-invalid=invalid
                aria-describedby=move || described_by.get()
            ></textarea>
        }
        .into_any(),
    };
    view! {
        <div class="field">
            <label class="field__label" for=control_id>
                {label}
            </label>
            {help.map(|text| view! { <p class="field__help" id=help_id>{text}</p> })}
            {control}
            <FieldError id=error_id error />
        </div>
    }
}

/// A check box with its label and optional help text (posts `value`, "on"
/// unless given, when ticked).
#[component]
pub fn CheckBox(
    label: &'static str,
    name: &'static str,
    #[prop(into)] checked: Signal<bool>,
    #[prop(optional)] help: Option<&'static str>,
    #[prop(default = "on")] value: &'static str,
    #[prop(default = "field")] id_prefix: &'static str,
    /// The box's id instead of `<id_prefix>-<name>`.
    #[prop(optional)]
    id: Option<&'static str>,
) -> impl IntoView {
    let id = id.map_or_else(|| format!("{id_prefix}-{name}"), str::to_owned);
    let help_id = format!("{id}-help");
    view! {
        <div class="choice">
            // The property too: when the page redraws after a save, the box
            // shows the saved state, not the one last clicked.
            <input type="checkbox" id=id.clone() name=name value=value
                checked=move || checked.get() prop:checked=move || checked.get()
                aria-describedby=help.map(|_| help_id.clone()) />
            <div>
                <label for=id>{label}</label>
                {help.map(|text| view! { <p class="field__help" id=help_id.clone()>{text}</p> })}
            </div>
        </div>
    }
}

/// Radio buttons in a `<fieldset>` with a `<legend>`: `options` are
/// `(value, label)`, `selected` the value ticked. Ids are
/// `<id_prefix>-<name>-<value>`, the help and error paragraphs
/// `<id_prefix>-<name>-help` / `-error`.
#[component]
pub fn ChoiceGroup(
    legend: &'static str,
    name: &'static str,
    #[prop(into)] options: Vec<(&'static str, &'static str)>,
    #[prop(into)] selected: String,
    /// The form's feedback: the group's message.
    #[prop(optional)]
    feedback: Option<FormFeedback>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional)] help: Option<&'static str>,
    #[prop(optional)] required: bool,
    /// A prefix for the ids, when two forms on a page share `name`.
    #[prop(default = "field")]
    id_prefix: &'static str,
) -> impl IntoView {
    let ids = Ids::new(format!("{id_prefix}-{name}"));
    let error = error_of(name, error, feedback);
    let described_by = described_by(help.is_some(), &ids.help, &ids.error, error);
    let choices = options
        .into_iter()
        .map(|(value, label)| {
            let id = format!("{}-{value}", ids.control);
            let ticked = selected == value;
            view! {
                <div class="choice">
                    // The property too: when the page redraws after a save, the
                    // box shows the saved choice, not the one last clicked.
                    <input type="radio" id=id.clone() name=name value=value
                        checked=ticked prop:checked=ticked required=required />
                    <label for=id>{label}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field--choices" aria-describedby=described_by>
            <legend>{legend}</legend>
            {help.map(|text| view! { <p class="field__help" id=ids.help.clone()>{text}</p> })}
            {choices}
            <FieldError id=ids.error error />
        </fieldset>
    }
}

/// The `value` property for the field `id`: `value`, except while the page
/// hydrates, when the field keeps what the member typed already.
///
/// A phone on a slow network shows the form long before the wasm (and the
/// page's chunk) has arrived, and hydration sets each field's `value` from
/// its signal. So while hydrating, a field whose live value differs from the
/// one the server sent (its `defaultValue`) keeps the live value.
pub(crate) fn typed_or(id: &str, value: String) -> String {
    #[cfg(feature = "hydrate")]
    if let Some(typed) = typed_before_hydration(id) {
        return typed;
    }
    let _ = id;
    value
}

#[cfg(feature = "hydrate")]
fn typed_before_hydration(id: &str) -> Option<String> {
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{HtmlInputElement, HtmlTextAreaElement};
    let hydrating =
        Owner::current_shared_context().is_some_and(|context| context.during_hydration());
    if !hydrating {
        return None;
    }
    let node = document().get_element_by_id(id)?;
    if let Some(input) = node.dyn_ref::<HtmlInputElement>() {
        (input.value() != input.default_value()).then(|| input.value())
    } else if let Some(area) = node.dyn_ref::<HtmlTextAreaElement>() {
        (Ok(area.value()) != area.default_value()).then(|| area.value())
    } else {
        None
    }
}
