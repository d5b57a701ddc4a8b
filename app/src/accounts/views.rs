//! Sign-up and sign-in pages, the header's account menu, and the guard that
//! shows the sign-in prompt where signing in is required.

use super::{CurrentUser, SignIn, SignOut, SignUp};
use crate::{
    error::AppError,
    ui::{Avatar, ErrorNotice, Field, FormFeedback, FormNotice, Page, SignInPrompt},
};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

/// Bumped after anything that changes who is signed in, so the header and
/// pages reload the current member without a full page load.
#[derive(Clone, Copy)]
pub struct SessionVersion(pub RwSignal<u64>);

/// The signed-in member for the current page load.
#[derive(Clone, Copy)]
pub struct UserResource(pub Resource<Result<Option<CurrentUser>, AppError>>);

/// Creates the current-member resource and its version counter. Called once
/// by the app frame.
pub fn provide_session() {
    let version = RwSignal::new(0u64);
    provide_context(SessionVersion(version));
    let user = Resource::new(move || version.get(), |_| super::get_current_user());
    provide_context(UserResource(user));
}

/// Re-reads who is signed in once `action` has succeeded.
pub fn refresh_session_after<T, S>(value: S)
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    let SessionVersion(version) = crate::context::expect();
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(_))) {
            version.update(|v| *v += 1);
        }
    });
}

/// Renders `signed_in` with the current member, or a sign-in prompt.
#[component]
pub fn RequireMember<F, V>(signed_in: F) -> impl IntoView
where
    F: Fn(CurrentUser) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let UserResource(user) = crate::context::expect();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let signed_in = signed_in.clone();
                Suspend::new(async move {
                    match user.await {
                        Ok(Some(member)) => signed_in(member).into_any(),
                        Ok(None) => view! { <SignInPrompt /> }.into_any(),
                        Err(error) => view! { <ErrorNotice message=error.to_string() /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The page's `next`, if it is a path on this site (see [`super::safe_next`]);
/// empty otherwise, so a crafted link cannot even put another into the form.
fn next_in(query: &leptos_router::params::ParamsMap) -> String {
    match query.get("next") {
        Some(next) if super::safe_next(Some(&next)) == next => next,
        _ => String::new(),
    }
}

/// `page`, passing `next` on when there is one (between sign-in and sign-up).
fn with_next(page: &str, next: &str) -> String {
    if next.is_empty() {
        page.to_owned()
    } else {
        format!("{page}?next={}", crate::text::urlencode(next))
    }
}

/// The header's account area: sign-in and sign-up links for visitors, the
/// member's menu (a disclosure that works without JavaScript) otherwise.
#[component]
pub fn AccountMenu() -> impl IntoView {
    let UserResource(user) = crate::context::expect();
    let sign_out = ServerAction::<SignOut>::new();
    refresh_session_after(sign_out.value());
    // The header outlives client-side navigation: close the menu when the
    // page changes, as a full page load would.
    let menu = NodeRef::<leptos::html::Details>::new();
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        location.search.track();
        if let Some(details) = menu.get_untracked() {
            let _ = details.remove_attribute("open");
        }
    });
    view! {
        <div class="account-area">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match user.await {
                        Ok(Some(member)) => {
                            view! {
                                <details class="account-menu" node_ref=menu>
                                    <summary class="account-menu__toggle">
                                        <Avatar name=member.name.clone() />
                                        <span class="account-menu__name">{member.name.clone()}</span>
                                    </summary>
                                    <ul class="account-menu__items">
                                        <li><a href="/profile">"Your profile"</a></li>
                                        <li><a href="/account">"Account and security"</a></li>
                                        {member.is_hub_admin.then(|| view! {
                                            <li><a href="/admin/members">"Manage members"</a></li>
                                            <li><a href="/admin/settings">"Hub settings"</a></li>
                                            <li><a href="/admin/discussion">"Moderate discussion"</a></li>
                                        })}
                                        <li>
                                            <ActionForm action=sign_out>
                                                <button type="submit" class="account-menu__sign-out">"Sign out"</button>
                                            </ActionForm>
                                        </li>
                                    </ul>
                                </details>
                            }
                                .into_any()
                        }
                        _ => {
                            view! {
                                <a class="account-area__link" href="/sign-in">"Sign in"</a>
                                <a class="button button--primary button--small" href="/sign-up">"Create account"</a>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    refresh_session_after(action.value());
    let feedback = FormFeedback::new(action.value());
    let query = use_query_map();
    let next = move || next_in(&query.read());
    view! {
        <Page heading="Sign in">
            <FormNotice message=feedback.general() />
            <ActionForm action=action attr:class="form">
                <input type="hidden" name="next" value=next />
                <Field
                    label="Email"
                    name="email"
                    kind="email"
                    autocomplete="username"
                    required=true
                    feedback
                />
                <Field
                    label="Password"
                    name="password"
                    kind="password"
                    autocomplete="current-password"
                    required=true
                    feedback
                />
                <div class="form__actions">
                    <button type="submit" class="button button--primary">"Sign in"</button>
                    <a href="/forgot-password">"Forgot your password?"</a>
                </div>
            </ActionForm>
            <p>"New here? " <a href=move || with_next("/sign-up", &next())>"Create an account"</a></p>
        </Page>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    refresh_session_after(action.value());
    let feedback = FormFeedback::new(action.value());
    let query = use_query_map();
    let next = move || next_in(&query.read());
    // An invitation link's page sends visitors here with `invitation`, or
    // through the sign-in page with only `next=/join/<token>`.
    let invitation = move || {
        query.read().get("invitation").unwrap_or_else(|| {
            next()
                .strip_prefix("/join/")
                .map(str::to_owned)
                .unwrap_or_default()
        })
    };
    view! {
        <Page heading="Create an account">
            <FormNotice message=feedback.general() />
            <ActionForm action=action attr:class="form">
                <input type="hidden" name="next" value=next />
                <input type="hidden" name="invitation" value=invitation />
                <Field
                    label="Name"
                    name="name"
                    autocomplete="name"
                    required=true
                    feedback
                    help="Shown to other members on your profile."
                />
                <Field
                    label="Email"
                    name="email"
                    kind="email"
                    autocomplete="email"
                    required=true
                    feedback
                />
                <Field
                    label="Password"
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    required=true
                    feedback
                    help="At least 10 characters. A few unrelated words make a strong password."
                />
                <div class="form__actions">
                    <button type="submit" class="button button--primary">"Create account"</button>
                </div>
            </ActionForm>
            <p>"Already a member? " <a href=move || with_next("/sign-in", &next())>"Sign in"</a></p>
        </Page>
    }
}
