//! `/programs/:slug/admin/matching/:mentee`: one mentee, every mentor
//! ranked by score with its parts, places and favorites; match now or
//! save as a draft.

use crate::{
    mentors::{
        api::{get_manual_match, MatchNow, SaveMatchDraft},
        ManualMatchPage as PageData, RankedMentor,
    },
    programs::{
        admin::{load_admin_data, use_slug, AdminSection, ProgramAdminFrame, Reloads},
        api::ManagedProgram,
    },
    ui::{Column, DataTable, FormFeedback, FormNotice},
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

const COLUMNS: &[Column] = &[
    Column::new("Mentor"),
    Column::new("Score"),
    Column::new("Places"),
    Column::hidden("Actions"),
];

#[component]
pub fn ManualMatchPage() -> impl IntoView {
    let slug = use_slug();
    let params = use_params_map();
    let mentee = Memo::new(move |_| {
        params
            .read()
            .get("mentee")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    });
    let match_now = ServerAction::<MatchNow>::new();
    let draft = ServerAction::<SaveMatchDraft>::new();
    let reloads = Reloads::new();
    reloads.after(match_now.value());
    reloads.after(draft.value());
    let data = Resource::new(
        move || (slug.get(), mentee.get(), reloads.get()),
        |(slug, mentee, _)| load_admin_data(slug.clone(), move |_| get_manual_match(slug, mentee)),
    );
    let match_feedback = FormFeedback::new(match_now.value());
    let draft_feedback = FormFeedback::new(draft.value());
    view! {
        <ProgramAdminFrame
            section=AdminSection::Matching
            data
            render=move |managed: ManagedProgram, page: PageData| {
                let program_id = managed.program.id;
                let mentee = page.mentee.clone();
                let rows = page
                    .ranked
                    .iter()
                    .cloned()
                    .map(|mentor| view! {
                        <Row mentor program_id mentee_id=mentee.user_id drafted=page.draft_mentor match_now draft />
                    })
                    .collect_view();
                view! {
                    <p><a href="../matching">"Back to matching"</a></p>
                    <FormNotice message=match_feedback.general() />
                    <FormNotice message=draft_feedback.general() />
                    <h3>{format!("A mentor for {}", mentee.name)}</h3>
                    {page.current_mentor.clone().map(|name| view! {
                        <p class="notice notice--success">{format!("{} is matched with {name}.", mentee.name)}</p>
                    })}
                    <p class="muted">{format!(
                        "Favorites: {} · pending requests: {}",
                        if mentee.favorites.is_empty() { "none".to_owned() } else { mentee.favorites.join(", ") },
                        mentee.requests_sent
                    )}</p>
                    {(!mentee.answers.is_empty()).then(|| view! {
                        <dl>{mentee.answers.iter().map(|(q, a)| view! { <dt>{q.clone()}</dt><dd>{a.clone()}</dd> }).collect_view()}</dl>
                    })}
                    <DataTable caption="Mentors ranked for this mentee" columns=COLUMNS>{rows}</DataTable>
                }
            }
        />
    }
}

#[component]
fn Row(
    mentor: RankedMentor,
    program_id: i64,
    mentee_id: i64,
    drafted: Option<i64>,
    match_now: ServerAction<MatchNow>,
    draft: ServerAction<SaveMatchDraft>,
) -> impl IntoView {
    let possible = mentor.excluded.is_none() && mentor.places.capacity > mentor.places.used;
    let with_name = format!(" with {}", mentor.name);
    let with_name2 = with_name.clone();
    view! {
        <tr>
            <td>
                {mentor.name.clone()}
                {mentor.favorited.then(|| view! { " " <span class="badge badge--member">"Favorite"</span> })}
                {(drafted == Some(mentor.user_id)).then(|| view! { " " <span class="badge">"Draft"</span> })}
                {mentor.excluded.clone().map(|why| view! { <p class="field__error">{why}</p> })}
            </td>
            <td>
                <strong>{mentor.parts.total()}</strong>
                <ul class="score-parts">{mentor.parts.explain().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
            </td>
            <td>{mentor.places.label()}</td>
            <td>{possible.then(|| view! {
                <div class="cluster">
                    <ActionForm action=match_now>
                        <input type="hidden" name="program_id" value=program_id />
                        <input type="hidden" name="mentee_id" value=mentee_id />
                        <input type="hidden" name="mentor_id" value=mentor.user_id />
                        <button type="submit" class="button button--primary button--small">
                            "Match now" <span class="visually-hidden">{with_name}</span>
                        </button>
                    </ActionForm>
                    <ActionForm action=draft>
                        <input type="hidden" name="program_id" value=program_id />
                        <input type="hidden" name="mentee_id" value=mentee_id />
                        <input type="hidden" name="mentor_id" value=mentor.user_id />
                        <button type="submit" class="button button--secondary button--small">
                            "Save as draft" <span class="visually-hidden">{with_name2}</span>
                        </button>
                    </ActionForm>
                </div>
            })}</td>
        </tr>
    }
}
