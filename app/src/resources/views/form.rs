//! The resource form (`/resources/new?kind=…`, `/resources/:id/edit`, and
//! under `/programs/:slug`): for the library's managers. One multipart
//! form for the three kinds, posted to the plain route
//! `resources::uploads` (a file streams there); with JavaScript it is sent
//! by `upload`, which shows the upload's progress. A refused form keeps
//! every value but the file.

use super::{refusal, upload};
use crate::{
    error::AppError,
    programs::{
        space::{use_id, use_space, SpaceFrame, SpaceHeading},
        Audience,
    },
    resources::{
        api::get_resource_form,
        files,
        rules::{BODY_MAX, SUMMARY_MAX, TITLE_MAX},
        ResourceFormPage, ResourceKind, SAVE_FORM,
    },
    ui::{CheckBox, ChoiceGroup, Field, FieldError, FormFeedback, FormNotice},
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// What the form got back: a refused plain post's error (restored by
/// `ui::RefusedForm`), or the hydrated upload's answer.
fn answer() -> RwSignal<Option<Result<String, AppError>>> {
    let refused = crate::context::lookup::<leptos::server::ServerActionError>()
        .filter(|refused| refused.path() == SAVE_FORM)
        .map(|refused| {
            Err(leptos::server_fn::error::ServerFnUrlError::<AppError>::decode_err(refused.err()))
        });
    RwSignal::new(refused)
}

#[component]
pub fn ResourceFormView() -> impl IntoView {
    let space = use_space();
    // `/…/resources/new` has no `:id`: 0 is a new resource.
    let id = use_id("id");
    let page = Resource::new(
        move || (space.get(), id.get()),
        |(space, id)| get_resource_form(space, id),
    );
    let answer = answer();
    let in_program = !space.get_untracked().is_empty();
    view! {
        <SpaceFrame space>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <ResourceForm page answer /> }.into_any(),
                        Err(error) => refusal(error, in_program),
                    }
                })}
            </Suspense>
        </SpaceFrame>
    }
}

#[component]
fn ResourceForm(
    page: ResourceFormPage,
    answer: RwSignal<Option<Result<String, AppError>>>,
) -> impl IntoView {
    let feedback = FormFeedback::new(answer);
    let query = use_query_map();
    let library = page.library.clone();
    let program = library.program_slug.as_ref().map(|_| library.name.clone());
    let draft = page.draft.clone();
    let value =
        move |name: &'static str, current: String| feedback.value_or(name, move || current.clone());
    // A new resource's kind comes from the link that opened the form.
    let kind = if page.id == 0 {
        let asked = feedback
            .value_or("kind", move || {
                query.get_untracked().get("kind").unwrap_or_default()
            })
            .get_untracked();
        ResourceKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.as_str() == asked)
            .unwrap_or_default()
    } else {
        draft.kind()
    };
    let heading = match (page.id, kind) {
        (0, ResourceKind::Link) => "Add a link",
        (0, ResourceKind::Page) => "Write a page",
        (0, ResourceKind::File) => "Upload a file",
        _ => "Edit the resource",
    };
    let back = if page.id == 0 {
        library.path.clone()
    } else {
        library.item_path(page.id)
    };
    let url = (kind == ResourceKind::Link).then(|| {
        view! {
            <Field label="Address" name="url" kind="url" required=true feedback
                value=value("url", draft.url.clone())
                help="The web page the link opens: https://…" />
        }
    });
    let body = (kind == ResourceKind::Page).then(|| {
        view! {
            <Field label="Text" name="body" rows=14 required=true feedback
                value=value("body", draft.body.clone())
                help="Markdown: ## headings, **bold**, _italic_, lists, links." />
        }
    });
    let section = value("section", draft.section.clone()).get_untracked();
    let section_error = feedback.field("section");
    let sections = page
        .sections
        .iter()
        .map(|choice| {
            let id = choice.id.to_string();
            let selected = id == section;
            view! { <option value=id selected=selected>{choice.title.clone()}</option> }
        })
        .collect_view();
    let audience = value("audience", draft.audience.clone()).get_untracked();
    let audience = if audience.is_empty() {
        Audience::Everyone.as_str().to_owned()
    } else {
        audience
    };
    let audiences: Vec<(&'static str, &'static str)> = Audience::ALL
        .iter()
        .map(|a| (a.as_str(), a.label()))
        .collect();
    let audience_choice = program.is_some().then(|| {
        view! {
            <ChoiceGroup legend="Who sees it" name="audience" options=audiences
                selected=audience feedback
                help="Members outside the audience do not see it in the list, and its page and file refuse them." />
        }
    });
    let pinned = value("pinned", draft.pinned.clone().unwrap_or_default());
    let pinned = Signal::derive(move || !pinned.get().is_empty());
    let file = (kind == ResourceKind::File).then(|| {
        let error = feedback.field("file");
        let current = page.file.clone().map(|file| {
            view! { <p class="field__help">{format!("Now: {} ({}). Choose another file to replace it; its address stays the same.", file.name, file.size)}</p> }
        });
        let help = format!(
            "PDF, images, office documents or plain text, up to {}.",
            files::size_text(page.max_bytes)
        );
        view! {
            <div class="field">
                <label class="field__label" for="field-file">"File"</label>
                <p class="field__help" id="field-file-help">{help}</p>
                {current}
                <input id="field-file" name="file" type="file" accept=files::accept_attribute()
                    required=page.id == 0
                    aria-invalid=move || error.get().map(|_| "true")
                    aria-describedby="field-file-help field-file-error" />
                <FieldError id="field-file-error" error />
            </div>
        }
    });
    let action = format!("{}/save", library.path);
    let progress = RwSignal::new(None::<u32>);
    let sending = upload::Sending {
        action: action.clone(),
        max_bytes: page.max_bytes,
        progress,
        answer,
    };
    let on_submit = upload::on_submit(sending);
    view! {
        <p><a href=back>{if page.id == 0 { "Back to the resources" } else { "Back to the resource" }}</a></p>
        <SpaceHeading program text=heading />
        <FormNotice message=feedback.general() />
        <form method="post" action=action enctype="multipart/form-data" class="form stack resource-form"
            on:submit=on_submit>
            <input type="hidden" name="id" value=page.id />
            <input type="hidden" name="kind" value=kind.as_str() />
            <Field label="Title" name="title" required=true feedback
                value=value("title", draft.title.clone())
                help="What members look for: \u{201c}How to run a first meeting\u{201d}." />
            <Field label="Description" name="summary" feedback
                value=value("summary", draft.summary.clone())
                help="A line shown in the list (optional)." />
            {url}
            {body}
            <div class="field">
                <label class="field__label" for="field-section">"Section"</label>
                <select id="field-section" name="section"
                    aria-invalid=move || section_error.get().map(|_| "true")
                    aria-describedby="field-section-error">
                    <option value="" selected=section.is_empty()>"No section (top of the library)"</option>
                    {sections}
                </select>
                <FieldError id="field-section-error" error=section_error />
            </div>
            {audience_choice}
            <CheckBox label="Pin it to the top of its section" name="pinned" checked=pinned />
            // Last: the server reads the other fields before the file.
            {file}
            <p class="muted">{format!(
                "Titles up to {TITLE_MAX} characters, descriptions up to {SUMMARY_MAX}, pages up to {BODY_MAX}."
            )}</p>
            <upload::Progress progress />
            <div class="form__actions">
                <button type="submit" class="button button--primary" disabled=move || progress.get().is_some()>
                    {if page.id == 0 { "Add the resource" } else { "Save the resource" }}
                </button>
            </div>
        </form>
    }
}
