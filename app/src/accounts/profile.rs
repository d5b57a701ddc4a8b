//! Profiles: every member keeps one; signed-in members can read each
//! other's (that is how mentors and mentees find each other).

// A form's server function takes one argument per field (that is how a
// plain form post maps onto it), so some have many.
#![allow(clippy::too_many_arguments)]

use super::{views::RequireMember, Profile, ProfileView};
use crate::{
    error::AppError,
    ui::{Avatar, ErrorNotice, Field, FormFeedback, FormNotice, NotFound, Page},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The signed-in member's own profile, for editing.
#[server(prefix = "/api", endpoint = "accounts/my_profile")]
pub async fn my_profile() -> Result<Profile, AppError> {
    crate::error::serve(async {
        let viewer = super::session::require_member().await?;
        let state = crate::state::app_state()?;
        super::store::load_profile(&state.db, viewer.id()).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "accounts/save_profile")]
pub async fn save_profile(
    name: String,
    headline: String,
    bio: String,
    location: String,
    time_zone: String,
    languages: String,
    expertise: String,
    website_url: String,
    linkedin_url: String,
) -> Result<(), AppError> {
    let submitted = [
        ("name", name.clone()),
        ("headline", headline.clone()),
        ("bio", bio.clone()),
        ("location", location.clone()),
        ("time_zone", time_zone.clone()),
        ("languages", languages.clone()),
        ("expertise", expertise.clone()),
        ("website_url", website_url.clone()),
        ("linkedin_url", linkedin_url.clone()),
    ];
    crate::error::serve(async {
        async {
            let viewer = super::session::require_member().await?;
            let state = crate::state::app_state()?;
            let profile = Profile {
                id: viewer.id(),
                name,
                headline,
                bio,
                location,
                time_zone,
                languages: super::parse_list(&languages),
                expertise: super::parse_list(&expertise),
                website_url,
                linkedin_url,
                member_since: viewer.user.created_at,
            }
            .validated()?;
            super::store::save_profile(&state.db, &profile, chrono::Utc::now().naive_utc()).await?;
            crate::reply::redirect("/profile?saved=1");
            Ok(())
        }
        .await
        .map_err(|error: AppError| {
            let pairs: Vec<(&str, &str)> = submitted
                .iter()
                .map(|(field, value)| (*field, value.as_str()))
                .collect();
            error.keeping(&pairs)
        })
    })
    .await
}

/// Any member's profile, for signed-in members.
#[server(prefix = "/api", endpoint = "accounts/member_profile")]
pub async fn member_profile(id: i64) -> Result<ProfileView, AppError> {
    crate::error::serve(async {
        let viewer = super::session::require_member().await?;
        let state = crate::state::app_state()?;
        let user = super::store::find_by_id(&state.db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        // A deactivated member's profile is gone for everyone but admins.
        if user.deactivated_at.is_some() && !viewer.user.is_hub_admin {
            return Err(AppError::NotFound);
        }
        let profile = super::store::load_profile(&state.db, id).await?;
        Ok(ProfileView {
            bio_html: crate::markdown::to_safe_html(&profile.bio),
            is_own: viewer.id() == id,
            profile,
        })
    })
    .await
}

/// Expertise tags other members use, offered while typing.
#[server(prefix = "/api", endpoint = "accounts/expertise_suggestions")]
pub async fn expertise_suggestions() -> Result<Vec<String>, AppError> {
    crate::error::serve(async {
        super::session::require_member().await?;
        let state = crate::state::app_state()?;
        super::store::popular_tags(&state.db, 50).await
    })
    .await
}

#[component]
pub fn ProfileEditPage() -> impl IntoView {
    // Resources are created here, before any await, so that server and
    // browser create them in the same order (hydration depends on it).
    let action = ServerAction::<SaveProfile>::new();
    let feedback = FormFeedback::new(action.value());
    let profile = Resource::new(move || action.version().get(), |_| my_profile());
    let suggestions = Resource::new(|| (), |_| expertise_suggestions());
    let query = leptos_router::hooks::use_query_map();
    let saved = Signal::derive(move || {
        query
            .read()
            .get("saved")
            .map(|_| "Your profile is saved.".to_owned())
    });
    view! {
        <RequireMember signed_in=move |_| view! {
        <Page heading="Your profile" lead="Mentors and mentees see this when they look for each other.">
            <FormNotice message=saved tone="success" />
            <FormNotice message=feedback.general() />
            <Suspense fallback=|| view! { <p>"Loading your profile…"</p> }>
                {move || Suspend::new(async move {
                    let profile = match profile.await {
                        Ok(profile) => profile,
                        Err(error) => return view! { <ErrorNotice message=error.to_string() /> }.into_any(),
                    };
                    let tags = suggestions.await.unwrap_or_default();
                    let own = profile.clone();
                    view! {
                        <p class="cluster">
                            <Avatar name=own.name.clone() class="avatar avatar--large" />
                            <a href=format!("/members/{}", own.id)>"See your profile as others do"</a>
                        </p>
                        <ActionForm action=action attr:class="form">
                            <Field label="Name" name="name" autocomplete="name" required=true
                                value=profile.name.clone() feedback />
                            <Field label="Headline" name="headline"
                                value=profile.headline.clone() feedback
                                help="One line about you, e.g. \"Backend engineer, 8 years in fintech\"." />
                            <Field label="About you" name="bio" rows=6
                                value=profile.bio.clone() feedback
                                help="Markdown works: **bold**, lists, links." />
                            <Field label="Location" name="location" autocomplete="address-level2"
                                value=profile.location.clone() feedback />
                            <Field label="Time zone" name="time_zone"
                                value=profile.time_zone.clone() feedback
                                help="For example Europe/Berlin or America/New_York." />
                            <Field label="Languages" name="languages"
                                value=profile.languages.join(", ") feedback
                                help="Separate languages with commas." />
                            <Field label="Expertise" name="expertise" list="expertise-suggestions"
                                value=profile.expertise.join(", ") feedback
                                help="Separate areas with commas, e.g. Rust, career change, public speaking." />
                            <datalist id="expertise-suggestions">
                                {tags.into_iter().map(|tag| view! { <option value=tag></option> }).collect_view()}
                            </datalist>
                            <Field label="Website" name="website_url" kind="url" autocomplete="url"
                                value=profile.website_url.clone() feedback />
                            <Field label="LinkedIn" name="linkedin_url" kind="url"
                                value=profile.linkedin_url.clone() feedback />
                            <div class="form__actions">
                                <button type="submit" class="button button--primary">"Save profile"</button>
                            </div>
                        </ActionForm>
                    }
                        .into_any()
                })}
            </Suspense>
        </Page>
        } />
    }
}

#[component]
pub fn MemberProfilePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let profile = Resource::new(id, |id| async move {
        match id {
            Some(id) => member_profile(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <RequireMember signed_in=move |_| {
            view! {
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        match profile.await {
                            Ok(view) => view! { <ProfileCard view /> }.into_any(),
                            Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                            Err(error) => view! { <ErrorNotice message=error.to_string() /> }.into_any(),
                        }
                    })}
                </Suspense>
            }
        } />
    }
}

#[component]
fn ProfileCard(view: ProfileView) -> impl IntoView {
    let ProfileView {
        profile,
        bio_html,
        is_own,
    } = view;
    let facts = [
        ("Location", profile.location.clone()),
        ("Time zone", profile.time_zone.clone()),
        ("Languages", profile.languages.join(", ")),
    ]
    .into_iter()
    .filter(|(_, value)| !value.is_empty())
    .map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })
    .collect_view();
    let links = [
        ("Website", profile.website_url.clone()),
        ("LinkedIn", profile.linkedin_url.clone()),
    ]
    .into_iter()
    .filter(|(_, url)| !url.is_empty())
    .map(|(label, url)| view! { <li><a href=url rel="noopener noreferrer nofollow">{label}</a></li> })
    .collect_view();
    view! {
        <Title text=profile.name.clone() />
        <article class="page page--narrow profile" aria-labelledby="page-title">
            <header class="profile__header cluster">
                <Avatar name=profile.name.clone() class="avatar avatar--large" />
                <div>
                    <h1 id="page-title">{profile.name.clone()}</h1>
                    <p class="muted">{profile.headline.clone()}</p>
                </div>
            </header>
            {is_own.then(|| view! { <p><a class="button button--secondary button--small" href="/profile">"Edit your profile"</a></p> })}
            <dl class="profile__facts">{facts}</dl>
            {(!profile.expertise.is_empty()).then(|| view! {
                <h2>"Expertise"</h2>
                <ul class="cluster tag-list">
                    {profile.expertise.iter().map(|tag| view! { <li class="badge">{tag.clone()}</li> }).collect_view()}
                </ul>
            })}
            {(!bio_html.is_empty()).then(|| view! {
                <h2>"About"</h2>
                <div class="prose" inner_html=bio_html></div>
            })}
            <ul class="cluster">{links}</ul>
            <p class="muted">"Member since " {profile.member_since.format("%B %Y").to_string()}</p>
        </article>
    }
}
