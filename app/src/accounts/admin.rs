//! Hub administration: the member list (search, admin rights, deactivation)
//! and the hub settings. Every function here requires a hub admin.

// A form's server function takes one argument per field (that is how a
// plain form post maps onto it), so some have many.
#![allow(clippy::too_many_arguments)]

use super::{views::RequireMember, MemberPage};
use crate::{
    error::AppError,
    hub::HubResource,
    hub::SignupMode,
    ui::{
        AdminsOnly, ChoiceGroup, Column, DataTable, ErrorNotice, Field, FormFeedback, FormNotice,
        GetForm, Page, Pager,
    },
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[server(prefix = "/api", endpoint = "admin/members")]
pub async fn list_members(query: String, page: i64) -> Result<MemberPage, AppError> {
    crate::error::serve(async {
        super::session::require_hub_admin().await?;
        let query = crate::text::search_text("q", &query)?;
        let state = crate::state::app_state()?;
        super::store::list_members(&state.db, &query, page).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/set_hub_admin")]
pub async fn set_hub_admin(user_id: i64, admin: bool) -> Result<(), AppError> {
    crate::error::serve(async {
        super::session::require_hub_admin().await?;
        let state = crate::state::app_state()?;
        super::store::set_hub_admin(&state.db, user_id, admin, chrono::Utc::now().naive_utc()).await
    })
    .await
}

/// Deactivation ends all of the member's sessions at once and blocks sign-in.
#[server(prefix = "/api", endpoint = "admin/set_member_active")]
pub async fn set_member_active(user_id: i64, active: bool) -> Result<(), AppError> {
    crate::error::serve(async {
        super::session::require_hub_admin().await?;
        let state = crate::state::app_state()?;
        super::store::set_active(&state.db, user_id, active, chrono::Utc::now().naive_utc()).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "admin/save_hub_settings")]
pub async fn save_hub_settings(
    hub_name: String,
    tagline: String,
    accent_color: String,
    label_programs: String,
    label_discussion: String,
    label_resources: String,
    label_events: String,
    signup_mode: String,
) -> Result<(), AppError> {
    let settings = crate::hub::HubSettings {
        hub_name,
        tagline,
        accent_color,
        labels: crate::hub::TabLabels {
            programs: label_programs,
            discussion: label_discussion,
            resources: label_resources,
            events: label_events,
        },
        // Unknown values read as the safer `InvitationOnly`.
        signup_mode: SignupMode::parse(&signup_mode).unwrap_or(SignupMode::InvitationOnly),
    };
    let submitted = settings.clone();
    crate::error::serve(async {
        async {
            super::session::require_hub_admin().await?;
            let state = crate::state::app_state()?;
            state.hub_settings.save(&state.db, settings).await?;
            crate::reply::redirect("/admin/settings?saved=1");
            Ok(())
        }
        .await
        .map_err(|error: AppError| {
            error.keeping(&[
                ("hub_name", &submitted.hub_name),
                ("tagline", &submitted.tagline),
                ("accent_color", &submitted.accent_color),
                ("label_programs", &submitted.labels.programs),
                ("label_discussion", &submitted.labels.discussion),
                ("label_resources", &submitted.labels.resources),
                ("label_events", &submitted.labels.events),
            ])
        })
    })
    .await
}

#[component]
pub fn AdminMembersPage() -> impl IntoView {
    // Actions and the resource are created before any await so that server
    // and browser create them in the same order (hydration depends on it).
    let query = use_query_map();
    let set_admin = ServerAction::<SetHubAdmin>::new();
    let set_active = ServerAction::<SetMemberActive>::new();
    let members = Resource::new(
        move || {
            let query = query.read();
            (
                query.get("q").unwrap_or_default(),
                crate::ui::page_param(query.get_str("page")),
                set_admin.version().get(),
                set_active.version().get(),
            )
        },
        |(search, page, _, _)| list_members(search, page),
    );
    view! {
        <RequireMember signed_in=move |member| {
            if member.is_hub_admin {
                view! { <MemberAdmin current_user=member.id set_admin set_active members /> }.into_any()
            } else {
                view! { <AdminsOnly /> }.into_any()
            }
        } />
    }
}

#[component]
fn MemberAdmin(
    current_user: i64,
    set_admin: ServerAction<SetHubAdmin>,
    set_active: ServerAction<SetMemberActive>,
    members: Resource<Result<MemberPage, AppError>>,
) -> impl IntoView {
    let query = use_query_map();
    let admin_feedback = FormFeedback::new(set_admin.value());
    let active_feedback = FormFeedback::new(set_active.value());
    let search = move || query.read().get("q").unwrap_or_default();
    view! {
        <Page heading="Members" title="Manage members" class="page stack">
            <FormNotice message=admin_feedback.general() />
            <FormNotice message=active_feedback.general() />
            <GetForm class="cluster" role="search">
                <label for="member-search" class="visually-hidden">"Search members"</label>
                <input id="member-search" type="search" name="q" placeholder="Name or email" value=search
                    maxlength=crate::text::MAX_SEARCH />
                <button type="submit" class="button button--secondary">"Search"</button>
            </GetForm>
            <Suspense fallback=|| view! { <p>"Loading members…"</p> }>
                {move || Suspend::new(async move {
                    let page = match members.await {
                        Ok(page) => page,
                        Err(error) => return view! { <ErrorNotice message=error.message_about("q") /> }.into_any(),
                    };
                    let summary = format!(
                        "{} member{}{}",
                        page.total,
                        if page.total == 1 { "" } else { "s" },
                        if page.query.is_empty() { String::new() } else { format!(" matching “{}”", page.query) },
                    );
                    let pages = page.page_count();
                    let here = page.page;
                    let link = {
                        let q = page.query.clone();
                        move |n: i64| format!("/admin/members?q={}&page={n}", crate::text::urlencode(&q))
                    };
                    view! {
                        <p class="muted" role="status">{summary}</p>
                        <DataTable caption="Members of the hub" hide_caption=true columns=MEMBER_COLUMNS>
                                    {page.members.into_iter().map(|member| {
                                        let is_self = member.id == current_user;
                                        let name = member.name.clone();
                                        view! {
                                            <tr>
                                                <td><a href=format!("/members/{}", member.id)>{member.name.clone()}</a></td>
                                                <td>{member.email.clone()}</td>
                                                <td>{member.joined.format("%Y-%m-%d").to_string()}</td>
                                                <td>
                                                    {member.is_hub_admin.then(|| view! { <span class="badge badge--member">"Hub admin"</span> " " })}
                                                    {if member.active {
                                                        view! { <span class="badge">"Active"</span> }.into_any()
                                                    } else {
                                                        view! { <span class="badge badge--declined">"Deactivated"</span> }.into_any()
                                                    }}
                                                </td>
                                                <td class="cluster">
                                                    <ActionForm action=set_admin>
                                                        <input type="hidden" name="user_id" value=member.id />
                                                        <input type="hidden" name="admin" value=(!member.is_hub_admin).to_string() />
                                                        <button type="submit" class="button button--secondary button--small">
                                                            {if member.is_hub_admin { "Remove admin" } else { "Make admin" }}
                                                            <span class="visually-hidden">" " {member.name.clone()}</span>
                                                        </button>
                                                    </ActionForm>
                                                    {(!is_self).then(|| view! {
                                                        <ActionForm action=set_active>
                                                            <input type="hidden" name="user_id" value=member.id />
                                                            <input type="hidden" name="active" value=(!member.active).to_string() />
                                                            <button type="submit" class=if member.active { "button button--danger button--small" } else { "button button--secondary button--small" }>
                                                                {if member.active { "Deactivate" } else { "Reactivate" }}
                                                                <span class="visually-hidden">" " {name.clone()}</span>
                                                            </button>
                                                        </ActionForm>
                                                    })}
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                        </DataTable>
                        <Pager page=here pages of="members" link />
                    }
                        .into_any()
                })}
            </Suspense>
        </Page>
    }
}

const MEMBER_COLUMNS: &[Column] = &[
    Column::new("Name"),
    Column::new("Email"),
    Column::new("Joined"),
    Column::new("Status"),
    Column::new("Actions"),
];

#[component]
pub fn HubSettingsPage() -> impl IntoView {
    view! {
        <RequireMember signed_in=|member| {
            if member.is_hub_admin {
                view! { <HubSettingsForm /> }.into_any()
            } else {
                view! { <AdminsOnly /> }.into_any()
            }
        } />
    }
}

#[component]
fn HubSettingsForm() -> impl IntoView {
    let action = ServerAction::<SaveHubSettings>::new();
    let feedback = FormFeedback::new(action.value());
    let HubResource(hub) = crate::context::expect();
    let query = use_query_map();
    let saved = Signal::derive(move || {
        query
            .read()
            .get("saved")
            .map(|_| "The hub settings are saved.".to_owned())
    });
    // Reload the header's name and labels once saved.
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(()))) {
            hub.refetch();
        }
    });
    view! {
        <Page heading="Hub settings">
            <FormNotice message=saved tone="success" />
            <FormNotice message=feedback.general() />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let current = hub.await.unwrap_or_default();
                    let signup_modes: Vec<_> = SignupMode::ALL
                        .iter()
                        .map(|mode| (mode.as_str(), mode.label()))
                        .collect();
                    view! {
                        <ActionForm action=action attr:class="form">
                            <Field label="Hub name" name="hub_name" required=true
                                value=current.hub_name.clone() feedback />
                            <Field label="Tagline" name="tagline"
                                value=current.tagline.clone() feedback />
                            <Field label="Accent colour" name="accent_color"
                                value=current.accent_color.clone() feedback
                                help="A colour in the form #RRGGBB, used for the header stripe." />
                            <fieldset>
                                <legend>"Tab labels"</legend>
                                <Field label="Programs tab" name="label_programs" required=true
                                    value=current.labels.programs.clone() feedback />
                                <Field label="Discussion tab" name="label_discussion" required=true
                                    value=current.labels.discussion.clone() feedback />
                                <Field label="Resources tab" name="label_resources" required=true
                                    value=current.labels.resources.clone() feedback />
                                <Field label="Events tab" name="label_events" required=true
                                    value=current.labels.events.clone() feedback />
                            </fieldset>
                            <ChoiceGroup legend="Who may create an account" name="signup_mode" id_prefix="signup"
                                options=signup_modes.clone() selected=current.signup_mode.as_str() feedback />
                            <div class="form__actions">
                                <button type="submit" class="button button--primary">"Save settings"</button>
                            </div>
                        </ActionForm>
                    }
                })}
            </Suspense>
        </Page>
    }
}
