//! `/join/<token>`: an invitation link. It opens the program's join form
//! directly (also for unlisted and closed programs); a visitor signs in or
//! creates an account first (allowed even on an invitation-only hub) and
//! comes back here.

use super::{
    api::{get_invitation_preview, get_join_form, InvitationPreview, JoinProgram},
    home::JoinFormView,
};
use crate::{
    accounts::UserResource,
    error::AppError,
    text::urlencode,
    ui::{set_page_status, ErrorNotice},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn InvitationPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = Memo::new(move |_| params.read().get("token").unwrap_or_default());
    let UserResource(user) = crate::context::expect();
    let preview = Resource::new(move || token.get(), get_invitation_preview);
    let join = ServerAction::<JoinProgram>::new();
    // Visitors get no form (they sign in first); asking the server anyway
    // would answer 401 and give this page that status.
    let form = Resource::new(
        move || (token.get(), query.read().get("role")),
        |(token, role)| async move {
            Some(match crate::accounts::get_current_user().await {
                Ok(Some(_)) => get_join_form(String::new(), role, Some(token)).await,
                Ok(None) => Err(AppError::Unauthorized),
                Err(error) => Err(error),
            })
        },
    );
    view! {
        <Title text="Invitation" />
        <section class="page page--narrow" aria-labelledby="page-title">
            <Suspense fallback=|| view! { <p>"Opening the invitation…"</p> }>
                {move || Suspend::new(async move {
                    let signed_in = matches!(user.await, Ok(Some(_)));
                    match preview.await {
                        Ok(preview) => view! { <Invitation preview signed_in token=token.get_untracked() /> }.into_any(),
                        Err(AppError::NotFound) => view! { <UnknownLink /> }.into_any(),
                        Err(error) => view! {
                            <ErrorNotice message=error.to_string() />
                        }
                            .into_any(),
                    }
                })}
            </Suspense>
            // Outside the suspense above, so that it is created in the same
            // order on the server and in the browser.
            <JoinFormView form join quiet_refusal=true />
        </section>
    }
}

#[component]
fn Invitation(preview: InvitationPreview, signed_in: bool, token: String) -> impl IntoView {
    let here = super::join_path(&token);
    let role_line = match (preview.role, preview.auto_approve) {
        (Some(role), true) => format!(
            "This link makes you a {} of the program as soon as you submit the form.",
            role.label().to_lowercase()
        ),
        (Some(role), false) => format!(
            "This link invites you as a {}; the program's admins review your application.",
            role.label().to_lowercase()
        ),
        (None, true) => "This link makes you a member as soon as you submit the form.".to_owned(),
        (None, false) => {
            "The program's admins review your application after you submit it.".to_owned()
        }
    };
    view! {
        <h1 id="page-title">{format!("You are invited to {}", preview.program_name)}</h1>
        <p class="lead">{preview.summary.clone()}</p>
        {match preview.problem.clone() {
            Some(problem) => view! {
                <ErrorNotice message=problem />
                <p><a href="/programs">"See the programs you can join"</a></p>
            }
                .into_any(),
            None if signed_in => view! { <p>{role_line}</p> }.into_any(),
            None => view! {
                <p>{role_line}</p>
                <p>"Sign in or create an account to answer the program's questions. You will come back to this page."</p>
                <p class="cluster">
                    <a class="button button--primary" href=format!("/sign-in?next={}", urlencode(&here))>
                        "Sign in"
                    </a>
                    <a class="button button--secondary"
                        href=format!("/sign-up?invitation={}&next={}", urlencode(&token), urlencode(&here))>
                        "Create an account"
                    </a>
                </p>
            }
                .into_any(),
        }}
    }
}

#[component]
fn UnknownLink() -> impl IntoView {
    set_page_status(404);
    view! {
        <h1 id="page-title">"Invitation not found"</h1>
        <p>
            "This invitation link is not valid. Check that you copied all of it, or ask the program's admins for a new one."
        </p>
    }
}
