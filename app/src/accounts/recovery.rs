//! "Forgot your password?": request a link by email, then choose a new
//! password with it. The link works once, for an hour, and using it signs
//! out every other session.

use super::views::refresh_session_after;
use crate::{
    error::AppError,
    ui::{Field, FormFeedback, FormNotice, Page},
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The same answer whether or not an account has this email.
pub const RESET_REQUESTED: &str = "If an account uses this email address, a link to choose a new \
     password is on its way. It works for one hour.";

#[server(prefix = "/api", endpoint = "accounts/request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<String, AppError> {
    crate::error::serve(async {
        async {
            let mut errors = crate::error::FieldErrors::new();
            super::policy::check_email(&mut errors, "email", &email);
            errors.into_result()?;
            let state = crate::state::app_state()?;
            let now = chrono::Utc::now().naive_utc();
            let ip = super::session::client_ip();
            let key = super::policy::email_key(&email);
            let limits = [
                (super::throttle::RESET_PER_EMAIL, key.as_str()),
                (super::throttle::RESET_PER_ADDRESS, ip.as_str()),
            ];
            // Over a limit, nothing is sent but the answer is the same: it
            // must not tell whether the address has an account, and a
            // second link is on its way (or was) anyway.
            if let Some(wait) = super::throttle::hit(&state.db, &limits, now).await? {
                tracing::info!(
                    retry_in_secs = wait.num_seconds(),
                    "password reset request over its limit; nothing sent"
                );
            } else {
                super::store::request_password_reset(&state.db, &email, &state.site.site_url, now)
                    .await?;
            }
            // Woken whether or not the address has an account: the same work
            // either way.
            state.email.wake();
            crate::reply::redirect("/forgot-password?sent=1");
            Ok(RESET_REQUESTED.to_owned())
        }
        .await
        .map_err(|error: AppError| error.keeping(&[("email", &email)]))
    })
    .await
}

#[server(prefix = "/api", endpoint = "accounts/reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    crate::error::serve(async {
        let mut errors = crate::error::FieldErrors::new();
        super::policy::check_password(&mut errors, "password", &password, "", "");
        errors.into_result()?;
        let state = crate::state::app_state()?;
        let password_hash = super::security::hash_password(password).await?;
        let (session_token, seed) = super::session::new_session()?;
        let token_hash = super::security::hash_token(token.trim());
        let now = chrono::Utc::now().naive_utc();
        super::store::reset_password(&state.db, &token_hash, &password_hash, &seed, now).await?;
        super::session::set_session_cookie(&session_token)?;
        crate::reply::redirect("/account?password=reset");
        Ok(())
    })
    .await
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let feedback = FormFeedback::new(action.value());
    let query = use_query_map();
    let sent = Signal::derive(move || query.read().get("sent").map(|_| RESET_REQUESTED.to_owned()));
    view! {
        <Page
            heading="Reset your password"
            lead="Enter the email address of your account and we will send you a link to choose a new password."
        >
            <FormNotice message=sent tone="success" />
            <FormNotice message=feedback.general() />
            <ActionForm action=action attr:class="form">
                <Field
                    label="Email"
                    name="email"
                    kind="email"
                    autocomplete="email"
                    required=true
                    feedback
                />
                <div class="form__actions">
                    <button type="submit" class="button button--primary">"Send the link"</button>
                    <a href="/sign-in">"Back to sign in"</a>
                </div>
            </ActionForm>
        </Page>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    refresh_session_after(action.value());
    let feedback = FormFeedback::new(action.value());
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    view! {
        <Page heading="Choose a new password">
            <FormNotice message=feedback.general() />
            <FormNotice message=feedback.field("token") />
            <Show when=move || feedback.field("token").get().is_some()>
                <p><a href="/forgot-password">"Request a new link"</a></p>
            </Show>
            <ActionForm action=action attr:class="form">
                <input type="hidden" name="token" value=token />
                <Field
                    label="New password"
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    required=true
                    feedback
                    help="At least 10 characters. Every other device you are signed in on will be signed out."
                />
                <div class="form__actions">
                    <button type="submit" class="button button--primary">"Save and sign in"</button>
                </div>
            </ActionForm>
        </Page>
    }
}
