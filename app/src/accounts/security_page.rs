//! The account page: email address, password, signed-in devices, email
//! settings and "download my data".

use super::{views::RequireMember, AccountOverview, DiscussionEmails};
use crate::{
    error::AppError,
    ui::{ChoiceGroup, Field, FormFeedback, FormNotice, Page},
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The choices of discussion emails, as radio buttons' (value, label).
fn email_choices() -> Vec<(&'static str, &'static str)> {
    DiscussionEmails::ALL
        .iter()
        .map(|choice| (choice.as_str(), choice.label()))
        .collect()
}

#[server(prefix = "/api", endpoint = "accounts/overview")]
pub async fn get_account_overview() -> Result<AccountOverview, AppError> {
    crate::error::serve(async {
        let viewer = super::session::require_member().await?;
        let state = crate::state::app_state()?;
        let now = chrono::Utc::now().naive_utc();
        Ok(AccountOverview {
            email: viewer.user.email.clone(),
            sessions: super::store::list_sessions(&state.db, viewer.id(), viewer.session_id, now)
                .await?,
            discussion_emails: super::store::discussion_emails_of(&state.db, viewer.id()).await?,
        })
    })
    .await
}

/// The emails a member gets: for now, about answers to the questions they
/// ask or follow ("immediately" or "off").
#[server(prefix = "/api", endpoint = "accounts/email_settings")]
pub async fn save_email_settings(discussion_emails: String) -> Result<(), AppError> {
    crate::error::serve(async {
        let viewer = super::session::require_member().await?;
        let choice = super::DiscussionEmails::parse(&discussion_emails).ok_or_else(|| {
            AppError::validation("discussion_emails", "Choose when to get these emails.")
        })?;
        let state = crate::state::app_state()?;
        super::store::set_discussion_emails(&state.db, viewer.id(), choice).await?;
        crate::reply::redirect("/account?emails=saved");
        Ok(())
    })
    .await
}

/// Needs the current password; ends every other session.
#[server(prefix = "/api", endpoint = "accounts/change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    crate::error::serve(async {
        let viewer = super::session::require_member().await?;
        let mut errors = crate::error::FieldErrors::new();
        super::policy::check_password(
            &mut errors,
            "new_password",
            &new_password,
            &viewer.user.name,
            &viewer.user.email,
        );
        errors.into_result()?;
        super::throttle::check_current_password(&viewer, current_password, "current_password")
            .await?;
        let hash = super::security::hash_password(new_password).await?;
        let state = crate::state::app_state()?;
        let now = chrono::Utc::now().naive_utc();
        super::store::change_password(&state.db, viewer.id(), &hash, viewer.session_id, now)
            .await?;
        // A query flag, not the action's value, carries the success
        // message: it survives the redirect of a plain form post.
        crate::reply::redirect("/account?password=changed");
        Ok(())
    })
    .await
}

/// Sends a confirmation link to the new address; needs the current password.
#[server(prefix = "/api", endpoint = "accounts/request_email_change")]
pub async fn request_email_change(
    new_email: String,
    current_password: String,
) -> Result<String, AppError> {
    crate::error::serve(async {
        async {
            let viewer = super::session::require_member().await?;
            let mut errors = crate::error::FieldErrors::new();
            super::policy::check_email(&mut errors, "new_email", &new_email);
            errors.into_result()?;
            super::throttle::check_current_password(
                &viewer,
                current_password,
                "email_current_password",
            )
            .await?;
            let state = crate::state::app_state()?;
            let now = chrono::Utc::now().naive_utc();
            super::store::request_email_change(
                &state.db,
                &viewer.user,
                &new_email,
                &state.site.site_url,
                now,
            )
            .await?;
            state.email.wake();
            crate::reply::redirect("/account?email=sent");
            Ok(format!(
                "We sent a confirmation link to {}. Your address changes when you follow it.",
                new_email.trim()
            ))
        }
        .await
        .map_err(|error: AppError| error.keeping(&[("new_email", &new_email)]))
    })
    .await
}

/// Follows the link from the confirmation email. Works while signed out too:
/// holding the link proves access to the new address.
#[server(prefix = "/api", endpoint = "accounts/confirm_email_change")]
pub async fn confirm_email_change(token: String) -> Result<String, AppError> {
    crate::error::serve(async {
        let state = crate::state::app_state()?;
        let now = chrono::Utc::now().naive_utc();
        let email = super::store::confirm_email_change(
            &state.db,
            &super::security::hash_token(token.trim()),
            now,
        )
        .await?;
        crate::reply::redirect("/confirm-email?done=1");
        Ok(format!("Your email address is now {email}."))
    })
    .await
}

#[server(prefix = "/api", endpoint = "accounts/revoke_session")]
pub async fn revoke_session(id: i64) -> Result<(), AppError> {
    crate::error::serve(async {
        let viewer = super::session::require_member().await?;
        let state = crate::state::app_state()?;
        super::store::revoke_session(&state.db, viewer.id(), id).await?;
        if id == viewer.session_id {
            super::session::clear_session_cookie()?;
        }
        Ok(())
    })
    .await
}

/// `extra`: the sections of later domains (the calendar feed), above
/// "Your data"; the route creates their resources before this page's.
#[component]
pub fn AccountPage(#[prop(optional, into)] extra: ViewFn) -> impl IntoView {
    // Resources are created before any await so that server and browser
    // create them in the same order (hydration depends on it).
    let change_password = ServerAction::<ChangePassword>::new();
    let change_email = ServerAction::<RequestEmailChange>::new();
    let revoke = ServerAction::<RevokeSession>::new();
    let email_settings = ServerAction::<SaveEmailSettings>::new();
    let overview = Resource::new(
        move || {
            (
                revoke.version().get(),
                change_password.version().get(),
                email_settings.version().get(),
            )
        },
        |_| get_account_overview(),
    );
    let settings_feedback = FormFeedback::new(email_settings.value());
    let password_feedback = FormFeedback::new(change_password.value());
    let email_feedback = FormFeedback::new(change_email.value());
    let query = use_query_map();
    let password_saved = Signal::derive(move || {
        query.read().get("password").is_some().then(|| {
            "Your new password is saved. Every other device has been signed out.".to_owned()
        })
    });
    let settings_saved = Signal::derive(move || {
        query
            .read()
            .get("emails")
            .is_some_and(|v| v == "saved")
            .then(|| "Your email settings are saved.".to_owned())
    });
    let email_sent = Signal::derive(move || {
        query.read().get("email").is_some_and(|v| v == "sent").then(|| {
            "We sent a confirmation link to your new address. Your address changes when you follow it."
                .to_owned()
        })
    });

    view! {
        <RequireMember signed_in=move |_| { let extra = extra.clone(); view! {
        <Page heading="Account and security" class="page page--narrow stack">

            <section aria-labelledby="email-title" class="stack">
                <h2 id="email-title">"Email address"</h2>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        overview.await.map(|o| view! { <p>"Your address is " <strong>{o.email}</strong> "."</p> })
                    })}
                </Suspense>
                <FormNotice message=email_sent tone="success" />
                <FormNotice message=email_feedback.general() />
                <ActionForm action=change_email attr:class="form">
                    <Field label="New email address" name="new_email" kind="email" autocomplete="email" required=true feedback=email_feedback />
                    <Field label="Current password" name="current_password" id="field-email-current-password"
                        kind="password" autocomplete="current-password"
                        required=true error=email_feedback.field("email_current_password") />
                    <div class="form__actions">
                        <button type="submit" class="button button--secondary">"Send confirmation link"</button>
                    </div>
                </ActionForm>
            </section>

            <section aria-labelledby="password-title" class="stack">
                <h2 id="password-title">"Password"</h2>
                <FormNotice message=password_saved tone="success" />
                <FormNotice message=password_feedback.general() />
                <ActionForm action=change_password attr:class="form">
                    <Field label="Current password" name="current_password" kind="password" autocomplete="current-password"
                        required=true feedback=password_feedback />
                    <Field label="New password" name="new_password" kind="password" autocomplete="new-password"
                        required=true feedback=password_feedback
                        help="At least 10 characters. Other devices will be signed out." />
                    <div class="form__actions">
                        <button type="submit" class="button button--secondary">"Change password"</button>
                    </div>
                </ActionForm>
            </section>

            <section aria-labelledby="sessions-title" class="stack">
                <h2 id="sessions-title">"Where you are signed in"</h2>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        overview.await.map(|o| view! {
                            <ul class="session-list">
                                {o.sessions.into_iter().map(|session| view! {
                                    <li class="session-list__item">
                                        <div>
                                            <strong>{session.device.clone()}</strong>
                                            {session.current.then(|| view! { " " <span class="badge badge--member">"This device"</span> })}
                                            <p class="muted">
                                                "Signed in " {session.created_at.format("%Y-%m-%d %H:%M UTC").to_string()}
                                                " · last active " {session.last_seen_at.format("%Y-%m-%d %H:%M UTC").to_string()}
                                                " · " {session.ip_address.clone()}
                                            </p>
                                        </div>
                                        <ActionForm action=revoke>
                                            <input type="hidden" name="id" value=session.id />
                                            <button type="submit" class="button button--danger button--small">
                                                {if session.current { "Sign out here" } else { "Sign out" }}
                                                <span class="visually-hidden">" " {session.device.clone()}</span>
                                            </button>
                                        </ActionForm>
                                    </li>
                                }).collect_view()}
                            </ul>
                        })
                    })}
                </Suspense>
            </section>

            <section aria-labelledby="notifications-title" class="stack">
                <h2 id="notifications-title">"Emails"</h2>
                <FormNotice message=settings_saved tone="success" />
                <FormNotice message=settings_feedback.general() />
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        overview.await.map(|o| view! {
                            <ActionForm action=email_settings attr:class="form">
                                <ChoiceGroup legend="Answers to questions you ask or follow" name="discussion_emails"
                                    options=email_choices()
                                    selected=o.discussion_emails.as_str().to_owned()
                                    feedback=settings_feedback
                                    help="Each email also has a link that turns them off at once." />
                                <div class="form__actions">
                                    <button type="submit" class="button button--secondary">"Save email settings"</button>
                                </div>
                            </ActionForm>
                        })
                    })}
                </Suspense>
            </section>

            {extra.run()}

            <section aria-labelledby="data-title" class="stack">
                <h2 id="data-title">"Your data"</h2>
                <p>"Download everything you have written or registered for on this hub, as JSON."</p>
                <p><a class="button button--secondary" href="/account/export" download="mentorhub-data.json" rel="external">"Download my data"</a></p>
            </section>
        </Page>
        } } />
    }
}

#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let action = ServerAction::<ConfirmEmailChange>::new();
    let feedback = FormFeedback::new(action.value());
    let query = use_query_map();
    let done = Signal::derive(move || {
        query
            .read()
            .get("done")
            .is_some()
            .then(|| "Your email address is changed.".to_owned())
    });
    let token = move || query.read().get("token").unwrap_or_default();
    view! {
        <Page heading="Confirm your new email address">
            <FormNotice message=done tone="success" />
            <FormNotice message=feedback.general() />
            <FormNotice message=feedback.field("token") />
            <Show when=move || done.get().is_none()>
                <ActionForm action=action attr:class="form">
                    <input type="hidden" name="token" value=token />
                    <p>"Press the button to move your account to this address."</p>
                    <div class="form__actions">
                        <button type="submit" class="button button--primary">"Confirm new address"</button>
                    </div>
                </ActionForm>
            </Show>
        </Page>
    }
}
