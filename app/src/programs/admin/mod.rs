//! The admin pages of one program: settings (and creating a program),
//! the registration form builder, the applications queue, the members
//! list and the invitation links. Each page loads its program through
//! `get_managed_program` and shows it in [`ProgramAdminFrame`]; the server
//! functions behind the forms check the caller again, whatever the page
//! shows.
//!
//! Every form is a plain HTML form first: the server functions redirect
//! back here with a flag in the query (`?saved=1`, `?approved=2` ...) that
//! the page turns into a notice, and a refused post comes back with the
//! error and the typed values in the URL. With JavaScript the same forms
//! submit without a page load and the page data is reloaded after each
//! success.

pub mod applications;
pub mod invitations;
pub mod members;
pub mod questions;
pub mod settings;

use super::api::{get_managed_program, ManagedProgram};
use crate::{
    accounts::RequireMember,
    error::AppError,
    ui::{AdminsOnly, ErrorNotice, FormNotice, NoncedStyle},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{de::DeserializeOwned, Serialize};
use std::{future::Future, sync::Arc};

/// The pages in the program admin navigation, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminSection {
    Settings,
    Questions,
    Applications,
    Members,
    Invitations,
    /// The mentors domain's matching page (`mentors::admin`).
    Matching,
    /// The discussion domain's moderation page (`discussion::views`).
    Discussion,
}

impl AdminSection {
    pub const ALL: [AdminSection; 7] = [
        AdminSection::Settings,
        AdminSection::Questions,
        AdminSection::Applications,
        AdminSection::Members,
        AdminSection::Invitations,
        AdminSection::Matching,
        AdminSection::Discussion,
    ];

    /// The last path segment: `/programs/<slug>/admin/<segment>`.
    pub fn segment(self) -> &'static str {
        match self {
            AdminSection::Settings => "settings",
            AdminSection::Questions => "questions",
            AdminSection::Applications => "applications",
            AdminSection::Members => "members",
            AdminSection::Invitations => "invitations",
            AdminSection::Matching => "matching",
            AdminSection::Discussion => "discussion",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AdminSection::Settings => "Settings",
            AdminSection::Questions => "Registration form",
            AdminSection::Applications => "Applications",
            AdminSection::Members => "Members",
            AdminSection::Invitations => "Invitations",
            AdminSection::Matching => "Matching",
            AdminSection::Discussion => "Discussion",
        }
    }
}

/// `/programs/<slug>/admin/<section>`.
pub fn admin_path(slug: &str, section: AdminSection) -> String {
    format!("{}/admin/{}", super::program_path(slug), section.segment())
}

/// What an admin page loads: its program and the page's own data.
pub type AdminData<T> = Result<(ManagedProgram, T), AppError>;

/// The `:slug` of the current route.
pub fn use_slug() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("slug").unwrap_or_default())
}

/// Loads the program behind `slug` for its admin pages, then the page's
/// data with the program's id. One resource per page does both, so the
/// header (name, pending count) is reloaded together with the page.
pub async fn load_admin_data<T, F, Fut>(slug: String, fetch: F) -> AdminData<T>
where
    F: FnOnce(i64) -> Fut,
    Fut: Future<Output = Result<T, AppError>>,
{
    let managed = get_managed_program(slug).await?;
    let data = fetch(managed.program.id).await?;
    Ok((managed, data))
}

/// Counts the successes of a page's actions; page resources read it, so
/// they reload after a successful change but not after a refused form
/// (which would redraw the form and lose the focus).
#[derive(Clone, Copy)]
pub struct Reloads {
    count: RwSignal<u64>,
    /// One per watched action: forgets that action's last result.
    forget: StoredValue<Vec<Arc<dyn Fn() + Send + Sync>>>,
}

impl Reloads {
    pub fn new() -> Self {
        Reloads {
            count: RwSignal::new(0),
            forget: StoredValue::new(Vec::new()),
        }
    }

    pub fn get(self) -> u64 {
        self.count.get()
    }

    /// Reloads once `value` (an action's value) holds a success.
    pub fn after<T>(self, value: MappedSignal<Option<Result<T, AppError>>>)
    where
        T: Clone + Send + Sync + 'static,
    {
        self.after_if(value, |_| true);
    }

    /// Like [`Reloads::after`], for the successes `reload` accepts. Either
    /// way a success makes the page's other forms forget their refusals:
    /// they are about a page that has changed since (and is redrawn).
    pub fn after_if<T>(
        self,
        value: MappedSignal<Option<Result<T, AppError>>>,
        reload: impl Fn(&T) -> bool + Send + Sync + 'static,
    ) where
        T: Clone + Send + Sync + 'static,
    {
        let index = self.forget.with_value(Vec::len);
        self.forget
            .update_value(|forget| forget.push(Arc::new(move || value.set(None))));
        Effect::new(move |_| {
            if let Some(Ok(output)) = value.get() {
                for (other, forget) in self.forget.get_value().iter().enumerate() {
                    if other != index {
                        forget();
                    }
                }
                if reload(&output) {
                    self.count.update(|count| *count += 1);
                }
            }
        });
    }
}

impl Default for Reloads {
    fn default() -> Self {
        Self::new()
    }
}

/// A success message for a query flag the server's redirect set, e.g.
/// `?saved=1`. Hidden while `quiet` holds (a form on the page was refused
/// after the flag was set).
pub fn flag_notice(
    flag: &'static str,
    quiet: Signal<bool>,
    message: impl Fn(String) -> Option<String> + Send + Sync + 'static,
) -> Signal<Option<String>> {
    let query = use_query_map();
    Signal::derive(move || {
        if quiet.get() {
            return None;
        }
        query.read().get(flag).and_then(&message)
    })
}

/// The frame of every program admin page: signs the visitor in, loads the
/// page's data and shows the program's name, the admin navigation and the
/// page. Members who do not manage the program get the admins-only panel
/// (403); a program they may not see, "not found" (404).
#[component]
pub fn ProgramAdminFrame<T, F, V>(
    section: AdminSection,
    data: Resource<AdminData<T>>,
    render: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(ManagedProgram, T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <RequireMember signed_in=move |_| {
            let render = render.clone();
            view! {
                <Transition fallback=|| view! { <p class="page">"Loading…"</p> }>
                    {move || {
                        let render = render.clone();
                        Suspend::new(async move {
                            match data.await {
                                Ok((managed, page)) => {
                                    let body = render(managed.clone(), page).into_any();
                                    frame(section, managed, body).into_any()
                                }
                                Err(AppError::NotFound) => {
                                    view! { <crate::ui::NotFound /> }.into_any()
                                }
                                Err(AppError::Forbidden) => view! {
                                    <AdminsOnly
                                        title="For this program's admins only"
                                        text="These pages are for the people who run this program. If you need something changed, ask one of them."
                                    />
                                }
                                .into_any(),
                                Err(error) => view! {
                                    <section class="page page--narrow">
                                        <ErrorNotice message=error.to_string() />
                                    </section>
                                }
                                .into_any(),
                            }
                        })
                    }}
                </Transition>
            }
        } />
    }
}

fn frame(section: AdminSection, managed: ManagedProgram, body: AnyView) -> impl IntoView {
    let program = managed.program;
    let slug = program.settings.slug.clone();
    let name = program.settings.name.clone();
    let cover = cover_class(program.id);
    let cover_rule = format!(
        ".{cover} {{ --cover: {}; }}",
        program.settings.safe_cover_color()
    );
    let status = program.settings.status;
    let links = AdminSection::ALL
        .into_iter()
        .map(|item| {
            let current = (item == section).then_some("page");
            let pending =
                (item == AdminSection::Applications && managed.pending_count > 0).then(|| {
                    view! {
                        <span class="badge badge--pending">
                            {managed.pending_count}
                            <span class="visually-hidden">" pending"</span>
                        </span>
                    }
                });
            view! {
                <li>
                    <a href=admin_path(&slug, item) aria-current=current>
                        {item.label()}
                        {pending}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <Title text=format!("{} · {}", section.label(), name) />
        <NoncedStyle css=cover_rule />
        <div class="page program-admin">
            <header class="program-admin__header">
                <div class=format!("program-admin__cover {cover}") aria-hidden="true"></div>
                <p class="program-admin__eyebrow">"Program admin"</p>
                <h1 id="page-title">{name.clone()}</h1>
                <p class="cluster">
                    <span class=status_badge(status)>{status.label()}</span>
                    {(!program.settings.listed).then(|| view! { <span class="badge badge--draft">"Unlisted"</span> })}
                </p>
            </header>
            <nav class="program-admin-nav" aria-label="Program admin">
                <ul>
                    {links}
                    <li>
                        <a href=program.path()>"View program page"</a>
                    </li>
                </ul>
            </nav>
            <section class="program-admin__body stack" aria-labelledby="section-title">
                <h2 id="section-title">{section.label()}</h2>
                {body}
            </section>
        </div>
    }
}

/// The class that carries a program's cover colour as `--cover`.
pub fn cover_class(program_id: i64) -> String {
    format!("cover-{program_id}")
}

pub fn status_badge(status: super::ProgramStatus) -> &'static str {
    match status {
        super::ProgramStatus::Draft => "badge badge--draft",
        super::ProgramStatus::Open => "badge badge--member",
        super::ProgramStatus::Closed => "badge badge--pending",
        super::ProgramStatus::Archived => "badge",
    }
}

/// A general error (not about one field) of any of a page's forms.
#[component]
pub fn GeneralErrors(#[prop(into)] messages: Vec<Signal<Option<String>>>) -> impl IntoView {
    messages
        .into_iter()
        .map(|message| view! { <FormNotice message /> })
        .collect_view()
}

/// A date for people: 29 Nov 2026.
pub fn day(at: chrono::NaiveDateTime) -> String {
    at.format("%-d %b %Y").to_string()
}

/// A date for `<time datetime>`.
pub fn iso_day(at: chrono::NaiveDateTime) -> String {
    at.format("%Y-%m-%d").to_string()
}

/// "1 application" / "3 applications".
pub fn plural(count: i64, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// The answers an applicant or member gave, as a description list.
#[component]
pub fn AnswerList(answers: Vec<super::GivenAnswer>) -> impl IntoView {
    if answers.is_empty() {
        return view! { <p class="muted">"No answers: the form had no questions for this role."</p> }
            .into_any();
    }
    let items = answers
        .into_iter()
        .map(|answer| {
            let value = super::answer_values(&answer.value).join(", ");
            let value = if answer.kind == super::QuestionKind::YesNo {
                match value.as_str() {
                    "yes" => "Yes".to_owned(),
                    "no" => "No".to_owned(),
                    _ => value,
                }
            } else {
                value
            };
            view! {
                <dt>
                    {answer.prompt}
                    {answer.question_deleted.then(|| view! { <span class="muted">" (question since deleted)"</span> })}
                </dt>
                <dd>{value}</dd>
            }
        })
        .collect_view();
    view! { <dl class="answer-list">{items}</dl> }.into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_paths_and_plurals() {
        assert_eq!(
            admin_path("spring-2027", AdminSection::Questions),
            "/programs/spring-2027/admin/questions"
        );
        assert_eq!(plural(1, "application", "applications"), "1 application");
        assert_eq!(plural(0, "application", "applications"), "0 applications");
        let at = chrono::NaiveDate::from_ymd_opt(2027, 3, 5)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        assert_eq!(day(at), "5 Mar 2027");
        assert_eq!(iso_day(at), "2027-03-05");
    }
}
