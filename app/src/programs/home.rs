//! A program's own space: the frame (cover, name, tabs), the About tab with
//! the member's status and the Join button, the join form, and the
//! member-only tabs behind their gate.

use super::{
    api::{
        get_join_form, get_program_page, JoinForm, JoinProgram, LeaveProgram, MemberTab,
        ProgramPage, WithdrawApplication,
    },
    directory::{cover_rule, member_counts, MembershipBadge},
    questions_view::QuestionInputs,
    MembershipStatus, ProgramStatus, Role,
};
use crate::{
    error::AppError,
    hub::HubSettings,
    hub::WithHub,
    text::urlencode,
    ui::{
        ChoiceGroup, ErrorNotice, FormFeedback, FormNotice, GetForm, NoncedStyle, NotFound,
        SignInPrompt,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::{Outlet, A},
    hooks::{use_location, use_params_map, use_query_map},
};

/// Everything the program's pages load. All of it is created by the frame:
/// a resource created inside a nested route's own component was not matched
/// up with the server's data while hydrating (the page panicked).
#[derive(Clone, Copy)]
struct ProgramResources {
    page: Resource<Result<ProgramPage, AppError>>,
    /// Loaded on `/join` only.
    join_form: Resource<Option<Result<JoinForm, AppError>>>,
}

fn slug_param() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("slug").unwrap_or_default())
}

/// `/programs/:slug/*`: the header and tabs around the current tab.
#[component]
pub fn ProgramFrame() -> impl IntoView {
    let slug = slug_param();
    let location = use_location();
    // Keyed on the query too: every action here ends in a redirect to this
    // page with a flag (`?joined=pending`), which must show the new state.
    let page = Resource::new(
        move || (slug.get(), location.search.get()),
        |(slug, _)| get_program_page(slug),
    );
    let query = use_query_map();
    let section = Memo::new(move |_| {
        location.pathname.with(|path| {
            path.trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_owned()
        })
    });
    let join_form = Resource::new(
        move || {
            (
                slug.get(),
                section.get() == "join",
                query.read().get("role"),
            )
        },
        |(slug, on_join_page, role)| async move {
            if on_join_page {
                Some(get_join_form(slug, role, None).await)
            } else {
                None
            }
        },
    );
    provide_context(ProgramResources { page, join_form });
    view! {
        <ProgramHeader page />
        // Outside any suspense, so the tab creates its resources in the same
        // order on the server and while hydrating.
        <Outlet />
    }
}

#[component]
pub fn ProgramHeader(page: Resource<Result<ProgramPage, AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p class="page">"Loading the program…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <ProgramBanner page /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorNotice message=error.to_string() class="page" /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProgramBanner(page: ProgramPage) -> impl IntoView {
    let program = page.program.clone();
    let path = program.path();
    let settings = program.settings.clone();
    let name = settings.name.clone();
    let status = (settings.status != ProgramStatus::Open)
        .then(|| view! { <span class="badge badge--draft">{settings.status.label()}</span> });
    let unlisted =
        (!settings.listed).then(|| view! { <span class="badge badge--draft">"Unlisted"</span> });
    let manage = page.access.can_manage().then(|| {
        view! {
            <a class="button button--secondary button--small" href=format!("{path}/admin/applications")>
                "Manage program"
            </a>
        }
    });
    let tab_link = |segment: &str| format!("{path}/{segment}");
    view! {
        <WithHub render={
            let name = name.clone();
            move |hub: HubSettings| view! { <Title text=format!("{name} · {}", hub.hub_name) /> }
        } />
        <NoncedStyle css=cover_rule(program.id, &settings.cover_color) />
        <div class="program-banner">
            <div class=format!("program-banner__cover cover-{}", program.id) aria-hidden="true"></div>
            <div class="program-banner__body">
                <h1 id="page-title">{name.clone()}</h1>
                <p class="program-banner__summary">{settings.summary.clone()}</p>
                <p class="cluster">
                    <MembershipBadge membership=page.access.membership.clone() />
                    {status}
                    {unlisted}
                    <span class="muted">
                        {member_counts(page.mentor_count, page.mentee_count)}
                    </span>
                    {manage}
                </p>
            </div>
            <nav class="program-tabs" aria-label="Program">
                <ul>
                    <li><A href=path.clone() exact=true>"About"</A></li>
                    {MemberTab::ALL.into_iter().map(|tab| view! {
                        <li><A href=tab_link(tab.segment())>{tab.label()}</A></li>
                    }).collect_view()}
                </ul>
            </nav>
        </div>
    }
}

/// Waits for the program page and renders `render` with it; renders nothing
/// when it failed (the frame shows why).
#[component]
fn WithProgram<F, V>(render: F) -> impl IntoView
where
    F: Fn(ProgramPage) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let ProgramResources { page, .. } = crate::context::expect();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let render = render.clone();
                Suspend::new(async move { page.await.ok().map(render) })
            }}
        </Suspense>
    }
}

// ---------------------------------------------------------------------------
// About
// ---------------------------------------------------------------------------

/// `/programs/:slug`: the About text and what the viewer can do next.
#[component]
pub fn AboutTab() -> impl IntoView {
    let withdraw = ServerAction::<WithdrawApplication>::new();
    let leave = ServerAction::<LeaveProgram>::new();
    let query = use_query_map();
    let flash = Signal::derive(move || {
        let query = query.read();
        if let Some(joined) = query.get("joined") {
            Some(match MembershipStatus::parse(&joined) {
                Some(MembershipStatus::Approved) => {
                    "Welcome! You are now a member of this program.".to_owned()
                }
                _ => "Your application is in. The program's admins will review it, and you will get an email when they decide.".to_owned(),
            })
        } else if query.get("withdrawn").is_some() {
            Some("You withdrew your application.".to_owned())
        } else if query.get("left").is_some() {
            Some("You left the program.".to_owned())
        } else {
            None
        }
    });
    let withdraw_feedback = FormFeedback::new(withdraw.value());
    let leave_feedback = FormFeedback::new(leave.value());
    view! {
        <div class="page program-section">
            <FormNotice message=flash tone="success" />
            <FormNotice message=withdraw_feedback.general() />
            <FormNotice message=leave_feedback.general() />
            <WithProgram render=move |page: ProgramPage| view! {
                <div class="program-about">
                    <div class="program-about__text">
                        <h2 id="about-title">"About this program"</h2>
                        {if page.about_html.is_empty() {
                            view! { <p class="muted">"The program's admins have not written an introduction yet."</p> }.into_any()
                        } else {
                            view! { <div class="prose" inner_html=page.about_html.clone()></div> }.into_any()
                        }}
                    </div>
                    <aside class="program-about__status card" aria-labelledby="status-title">
                        <MembershipPanel page=page.clone() withdraw leave />
                    </aside>
                </div>
            } />
        </div>
    }
}

#[component]
fn MembershipPanel(
    page: ProgramPage,
    withdraw: ServerAction<WithdrawApplication>,
    leave: ServerAction<LeaveProgram>,
) -> impl IntoView {
    let program_id = page.program.id;
    let join_href = if page.signed_in {
        format!("{}/join", page.program.path())
    } else {
        // Visitors sign in (or up) first and land on the join form.
        format!(
            "/sign-in?next={}",
            urlencode(&format!("{}/join", page.program.path()))
        )
    };
    let join_button = page.can_apply().then(|| {
        view! { <a class="button button--join" href=join_href.clone()>"Join Program"</a> }
    });
    let refusal = page.join_refusal.clone().filter(|_| {
        !page
            .access
            .membership
            .as_ref()
            .is_some_and(|m| m.status.is_active())
    });
    let day = |at: chrono::NaiveDateTime| at.format("%-d %B %Y").to_string();
    let body = match page.access.membership.clone() {
        Some(m) if m.status == MembershipStatus::Pending => view! {
            <h2 id="status-title">"Pending approval"</h2>
            <p>
                {format!(
                    "You applied as a {} on {}. The program's admins will review your application; you will get an email when they decide.",
                    m.role.label().to_lowercase(),
                    day(m.applied_at),
                )}
            </p>
            <ActionForm action=withdraw>
                <input type="hidden" name="program_id" value=program_id />
                <button type="submit" class="button button--secondary">"Withdraw application"</button>
            </ActionForm>
        }
        .into_any(),
        Some(m) if m.status == MembershipStatus::Approved => view! {
            <h2 id="status-title">"You are a member"</h2>
            <p>
                {format!(
                    "You joined as a {}{}.",
                    m.role.label().to_lowercase(),
                    m.joined_at.map(|at| format!(" on {}", day(at))).unwrap_or_default(),
                )}
            </p>
            <details class="disclosure">
                <summary>"Leave this program"</summary>
                <p>"You lose access to its discussion, resources and events. You can apply again later if the program is open."</p>
                <ActionForm action=leave>
                    <input type="hidden" name="program_id" value=program_id />
                    <button type="submit" class="button button--danger">"Leave program"</button>
                </ActionForm>
            </details>
        }
        .into_any(),
        Some(m) if m.status == MembershipStatus::Declined => view! {
            <h2 id="status-title">"Application declined"</h2>
            <p>"The program's admins declined your application."</p>
            {m.decision_message.clone().map(|message| view! {
                <figure class="decision-message">
                    <figcaption>"Their message:"</figcaption>
                    <blockquote>{message}</blockquote>
                </figure>
            })}
            {page.can_apply().then(|| view! { <p>"This program lets you apply again."</p> })}
            {join_button}
            {refusal.map(|text| view! { <p class="muted">{text}</p> })}
        }
        .into_any(),
        _ => view! {
            <h2 id="status-title">"Join this program"</h2>
            {page.can_apply().then(|| view! {
                <p>{roles_sentence(&page.program.settings.accepted_roles())}</p>
            })}
            {(!page.signed_in && page.can_apply()).then(|| view! {
                <p>"Sign in, or create an account, and you come back to the program's form."</p>
            })}
            {join_button}
            {refusal.map(|text| view! { <p class="muted">{text}</p> })}
        }
        .into_any(),
    };
    body
}

fn roles_sentence(roles: &[Role]) -> &'static str {
    match roles {
        [Role::Mentor] => "This program takes mentors.",
        [Role::Mentee] => "This program takes mentees.",
        _ => "Join as a mentor or as a mentee.",
    }
}

// ---------------------------------------------------------------------------
// Joining
// ---------------------------------------------------------------------------

/// `/programs/:slug/join`: choose a role, answer its questions, submit.
#[component]
pub fn JoinPage() -> impl IntoView {
    let join = ServerAction::<JoinProgram>::new();
    let ProgramResources {
        join_form: form, ..
    } = crate::context::expect();
    view! {
        <div class="page page--narrow program-section">
            <JoinFormView form join />
        </div>
    }
}

/// The join form for a loaded [`JoinForm`]: the role choice (a GET form,
/// so it works without JavaScript), then that role's questions.
#[component]
pub fn JoinFormView(
    /// `None`: nothing to show here (not asked for).
    form: Resource<Option<Result<JoinForm, AppError>>>,
    join: ServerAction<JoinProgram>,
    /// The page around it already says why joining is not possible.
    #[prop(optional)]
    quiet_refusal: bool,
) -> impl IntoView {
    let feedback = FormFeedback::new(join.value());
    view! {
        <Suspense fallback=|| view! { <p>"Loading the form…"</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    None => ().into_any(),
                    Some(Ok(form)) if quiet_refusal && form.refusal.is_some() => ().into_any(),
                    Some(Ok(form)) => view! { <JoinSteps form join feedback /> }.into_any(),
                    Some(Err(AppError::Unauthorized)) if !quiet_refusal => view! {
                        <SignInPrompt heading="Sign in to join" heading_id="join-title" />
                    }
                        .into_any(),
                    // The frame (or the invitation page) says why.
                    Some(Err(_)) => ().into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn JoinSteps(
    form: JoinForm,
    join: ServerAction<JoinProgram>,
    feedback: FormFeedback,
) -> impl IntoView {
    let heading = format!("Join {}", form.program_name);
    if let Some(refusal) = form.refusal.clone() {
        return view! {
            <h2 id="join-title">{heading}</h2>
            <p class="notice notice--info" role="status">{refusal}</p>
            <p><a href=form.program_path.clone()>"Back to the program"</a></p>
        }
        .into_any();
    }
    let Some(role) = form.role else {
        let choices: Vec<_> = form
            .roles
            .iter()
            .map(|role| (role.as_str(), role_choice_text(*role)))
            .collect();
        let first = form
            .roles
            .first()
            .map(|role| role.as_str())
            .unwrap_or_default();
        return view! {
            <h2 id="join-title">{heading}</h2>
            <GetForm class="form">
                <ChoiceGroup legend="Join as" name="role" id_prefix="join" required=true
                    options=choices selected=first />
                <div class="form__actions">
                    <button type="submit" class="button button--primary">"Continue"</button>
                </div>
            </GetForm>
        }
        .into_any();
    };
    let other_roles: Vec<Role> = form.roles.iter().copied().filter(|r| *r != role).collect();
    let submit_text = if form.approves_at_once {
        "Join program"
    } else {
        "Send application"
    };
    let no_questions = form.questions.is_empty();
    view! {
        <h2 id="join-title">{heading}</h2>
        <p>
            {format!("You are joining as a {}.", role.label().to_lowercase())}
            {other_roles.into_iter().map(|other| view! {
                " " <a href=format!("?role={}", other.as_str())>
                    {format!("Join as a {} instead", other.label().to_lowercase())}
                </a>
            }).collect_view()}
        </p>
        <p class="muted">
            {if form.approves_at_once {
                "You become a member as soon as you submit."
            } else {
                "An admin reviews each application; you will get an email when they decide."
            }}
        </p>
        <FormNotice message=feedback.general() />
        <FormNotice message=feedback.field("role") />
        <ActionForm action=join attr:class="form">
            <input type="hidden" name="program_id" value=form.program_id />
            <input type="hidden" name="role" value=role.as_str() />
            {form.invitation.as_ref().map(|link| view! {
                <input type="hidden" name="invitation_token" value=link.token.clone() />
            })}
            {no_questions.then(|| view! { <p>"There are no questions to answer for this role."</p> })}
            <QuestionInputs questions=form.questions.clone() feedback=feedback />
            <div class="form__actions">
                <button type="submit" class="button button--join">{submit_text}</button>
                <a href=form.program_path.clone()>"Cancel"</a>
            </div>
        </ActionForm>
    }
    .into_any()
}

fn role_choice_text(role: Role) -> &'static str {
    match role {
        Role::Mentor => "Mentor: share your experience with a mentee",
        Role::Mentee => "Mentee: learn from a mentor's experience",
    }
}
