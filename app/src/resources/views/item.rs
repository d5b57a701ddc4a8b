//! One resource (`/resources/:id`, `/programs/:slug/resources/:id`): a
//! page's text, a file's download, a link's address; for its managers
//! the links to edit and the button to delete it.

use super::{refusal, ItemFacts};
use crate::{
    programs::{
        admin::flag_notice,
        space::{use_id, use_space, SpaceFrame, SpaceHeading},
    },
    resources::{
        api::{get_resource, DeleteResource},
        ResourceKind, ResourcePage,
    },
    ui::{FormFeedback, FormNotice},
};
use leptos::prelude::*;

#[component]
pub fn ResourceView() -> impl IntoView {
    let space = use_space();
    let id = use_id("id");
    let delete = ServerAction::<DeleteResource>::new();
    let page = Resource::new(
        move || (space.get(), id.get()),
        |(space, id)| get_resource(space, id),
    );
    let in_program = !space.get_untracked().is_empty();
    view! {
        <SpaceFrame space>
            <Transition fallback=|| view! { <p>"Loading the resource…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <Item page delete /> }.into_any(),
                        Err(error) => refusal(error, in_program),
                    }
                })}
            </Transition>
        </SpaceFrame>
    }
}

#[component]
fn Item(page: ResourcePage, delete: ServerAction<DeleteResource>) -> impl IntoView {
    let quiet = Signal::derive(|| false);
    let saved = flag_notice("saved", quiet, |_| Some("The resource is saved.".into()));
    let library = page.library.clone();
    let item = page.item.clone();
    let program = library.program_slug.as_ref().map(|_| library.name.clone());
    let section = page
        .section
        .clone()
        .map(|title| view! { <p class="muted">{format!("In \u{201c}{title}\u{201d}")}</p> });
    let content = match item.kind {
        ResourceKind::Page => {
            view! { <div class="prose resource-page" inner_html=page.body_html.clone()></div> }.into_any()
        }
        ResourceKind::Link => view! {
            <p>
                <a class="button button--primary" href=item.url.clone() rel="noopener noreferrer nofollow">
                    "Open the link"
                </a>
            </p>
            <p class="muted resource-url">{item.url.clone()}</p>
        }
        .into_any(),
        ResourceKind::File => {
            let file = item.file.clone();
            let label = file.as_ref().map_or("Download", |f| {
                if f.inline {
                    "Open the file"
                } else {
                    "Download the file"
                }
            });
            let name = file.map(|f| format!("{} ({}, {})", f.name, f.label, f.size));
            view! {
                <p>
                    <a class="button button--primary" href=library.file_path(item.id)>{label}</a>
                </p>
                <p class="muted">{name}</p>
            }
            .into_any()
        }
    };
    let summary =
        (!item.summary.is_empty()).then(|| view! { <p class="lead">{item.summary.clone()}</p> });
    let manage = library.can_manage.then(|| {
        let library = library.clone();
        let feedback = FormFeedback::new(delete.value());
        view! {
            <div class="cluster resource-manage">
                <a class="button" href=format!("{}/edit", library.item_path(item.id))>"Edit"</a>
                <ActionForm action=delete attr:class="inline-form">
                    <input type="hidden" name="space" value=library.program_slug.clone().unwrap_or_default() />
                    <input type="hidden" name="id" value=item.id />
                    <button type="submit" class="button button--danger">"Delete"</button>
                </ActionForm>
            </div>
            <FormNotice message=feedback.general() />
        }
    });
    view! {
        <p><a href=library.path.clone()>"Back to the resources"</a></p>
        <FormNotice message=saved tone="success" />
        <article class="resource">
            <SpaceHeading program text=item.title.clone() />
            {summary}
            {section}
            <ItemFacts item=item.clone() library=library.clone() />
            {content}
        </article>
        {manage}
    }
}
