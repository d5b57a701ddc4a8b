//! `/programs/:slug/admin/matching`.

use super::settings::SettingsForm;
use crate::{
    mentors::{
        api::{
            get_matching_page, take_publish_outcome, EndMentorship, OverrideCapacity, PinProposal,
            PublishMatches, RemoveProposal, SaveMatchingSettings, SuggestMatches,
        },
        MatchingPage, MentorPlaces, MentorshipStatus, ProposalView, PublishOutcome,
    },
    programs::{
        admin::{
            day, flag_notice, load_admin_data, plural, use_slug, AdminSection, ProgramAdminFrame,
            Reloads,
        },
        api::ManagedProgram,
    },
    ui::{Column, DataTable, FieldError, FormFeedback, FormNotice},
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MatchingAdminPage() -> impl IntoView {
    let slug = use_slug();
    let query = use_query_map();
    let suggest = ServerAction::<SuggestMatches>::new();
    let publish = ServerAction::<PublishMatches>::new();
    let remove = ServerAction::<RemoveProposal>::new();
    let pin = ServerAction::<PinProposal>::new();
    let capacity = ServerAction::<OverrideCapacity>::new();
    let settings = ServerAction::<SaveMatchingSettings>::new();
    let end = ServerAction::<EndMentorship>::new();
    let reloads = Reloads::new();
    reloads.after(suggest.value());
    reloads.after(publish.value());
    reloads.after(remove.value());
    reloads.after(pin.value());
    reloads.after(capacity.value());
    reloads.after(settings.value());
    reloads.after(end.value());
    let data = Resource::new(
        move || (slug.get(), reloads.get()),
        |(slug, _)| load_admin_data(slug.clone(), move |_| get_matching_page(slug)),
    );
    // After a plain form post, what publishing did comes from the server
    // once (`?published=<key>`); with JavaScript, from the action.
    let published = Resource::new(
        move || (slug.get(), query.read().get("published")),
        |(slug, key)| async move {
            match key {
                Some(key) => take_publish_outcome(slug, key).await.ok().flatten(),
                None => None,
            }
        },
    );
    let feedbacks = [
        FormFeedback::new(suggest.value()),
        FormFeedback::new(publish.value()),
        FormFeedback::new(remove.value()),
        FormFeedback::new(pin.value()),
        FormFeedback::new(end.value()),
    ];
    let capacity_feedback = FormFeedback::new(capacity.value());
    let settings_feedback = FormFeedback::new(settings.value());
    let quiet = Signal::derive(move || {
        feedbacks.iter().any(|f| f.error().get().is_some())
            || capacity_feedback.error().get().is_some()
            || settings_feedback.error().get().is_some()
    });
    let notices = [
        flag_notice("saved", quiet, |_| {
            Some("The matching settings are saved.".into())
        }),
        flag_notice("suggested", quiet, |n| {
            Some(format!(
                "Suggested {n} pairs. Nothing is emailed until you publish."
            ))
        }),
        flag_notice("matched", quiet, |_| {
            Some("Matched. Both have been emailed.".into())
        }),
        flag_notice("drafted", quiet, |_| {
            Some("The pair is saved as a pinned draft in the preview.".into())
        }),
        flag_notice("removed", quiet, |_| {
            Some("Removed from the preview.".into())
        }),
        flag_notice("capacity", quiet, |_| {
            Some("The mentor's places are saved.".into())
        }),
        flag_notice("ended", quiet, |_| Some("The mentorship has ended.".into())),
    ];
    view! {
        <ProgramAdminFrame
            section=AdminSection::Matching
            data
            render=move |managed: ManagedProgram, page: MatchingPage| {
                let program_id = managed.program.id;
                let outcome = Signal::derive(move || {
                    publish.value().get().and_then(Result::ok).or_else(|| published.get().flatten())
                });
                view! {
                    {notices.map(|message| view! { <FormNotice message tone="success" /> })}
                    {feedbacks.map(|f| view! { <FormNotice message=f.general() /> })}
                    <FormNotice message=capacity_feedback.general() />
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let _ = published.await;
                            outcome.get().map(|outcome| view! { <Published outcome /> })
                        })}
                    </Transition>
                    <Preview page=page.clone() program_id suggest publish remove pin />
                    <Waiting page=page.clone() />
                    <Places mentors=page.mentors.clone() program_id capacity feedback=capacity_feedback />
                    <Mentorships page=page.clone() program_id end />
                    <SettingsForm page program_id action=settings feedback=settings_feedback />
                }
            }
        />
    }
}

#[component]
fn Published(outcome: PublishOutcome) -> impl IntoView {
    view! {
        <div class="notice notice--success" role="status">
            <p>{format!("Published: {} created. Everyone matched has been emailed.", plural(outcome.created, "mentorship", "mentorships"))}</p>
            {(!outcome.skipped.is_empty()).then(|| view! {
                <p>"Skipped, because they became impossible since the preview:"</p>
                <ul>{outcome.skipped.iter().map(|(mentee, mentor, why)| view! { <li>{format!("{mentee} with {mentor}: {why}")}</li> }).collect_view()}</ul>
            })}
        </div>
    }
}

const PREVIEW_COLUMNS: &[Column] = &[
    Column::new("Mentee"),
    Column::new("Mentor"),
    Column::new("Score"),
    Column::new("Runner-up"),
    Column::hidden("Actions"),
];

#[component]
fn Preview(
    page: MatchingPage,
    program_id: i64,
    suggest: ServerAction<SuggestMatches>,
    publish: ServerAction<PublishMatches>,
    remove: ServerAction<RemoveProposal>,
    pin: ServerAction<PinProposal>,
) -> impl IntoView {
    let summary = page.summary.clone();
    let has = !page.proposals.is_empty();
    let publishable = page
        .proposals
        .iter()
        .filter(|p| p.problem.is_none())
        .count() as i64;
    let rows = page
        .proposals
        .iter()
        .cloned()
        .map(|p| view! { <ProposalRow p program_id remove pin /> })
        .collect_view();
    view! {
        <section class="stack" aria-labelledby="preview-title" id="preview">
            <h3 id="preview-title">"Cohort matching"</h3>
            <p>"Suggest matches pairs every mentee still waiting with a mentor who has a place, maximising the total score; pinned pairs stay as they are. Check the preview, remove or pin pairs, suggest again, then publish. Nobody is emailed before you publish."</p>
            <ActionForm action=suggest>
                <input type="hidden" name="program_id" value=program_id />
                <button type="submit" class="button button--primary">"Suggest matches"</button>
            </ActionForm>
            {has.then(|| view! {
                <p role="status">{format!(
                    "{} of {} waiting ({} %) · lowest score {} · mean {}",
                    plural(summary.proposed, "pair proposed", "pairs proposed"),
                    summary.mentees_waiting,
                    summary.matched_percent(),
                    summary.lowest.unwrap_or(0),
                    summary.mean_tenths.map(|t| format!("{}.{}", t / 10, t % 10)).unwrap_or_default(),
                )}</p>
                <DataTable caption="Proposed pairs" columns=PREVIEW_COLUMNS>{rows}</DataTable>
                <details>
                    <summary>"Places used per mentor"</summary>
                    <ul>{summary.places_used.iter().map(|(name, used, free)| view! { <li>{format!("{name}: {used} of {free} free places")}</li> }).collect_view()}</ul>
                </details>
                {(!page.left_out.is_empty()).then(|| view! {
                    <h4>"Left unmatched"</h4>
                    <ul>{page.left_out.iter().map(|(name, why)| view! { <li>{format!("{name}: {why}")}</li> }).collect_view()}</ul>
                })}
                <div class="cluster">
                    <ActionForm action=publish>
                        <input type="hidden" name="program_id" value=program_id />
                        <button type="submit" class="button button--primary">{format!("Publish {}", plural(publishable, "match", "matches"))}</button>
                    </ActionForm>
                    <ActionForm action=remove>
                        <input type="hidden" name="program_id" value=program_id />
                        <input type="hidden" name="mentee_id" value="0" />
                        <button type="submit" class="button button--secondary">"Clear the preview"</button>
                    </ActionForm>
                </div>
            })}
        </section>
    }
}

#[component]
fn ProposalRow(
    p: ProposalView,
    program_id: i64,
    remove: ServerAction<RemoveProposal>,
    pin: ServerAction<PinProposal>,
) -> impl IntoView {
    let pair = format!(" {} with {}", p.mentee_name, p.mentor_name);
    let pair2 = pair.clone();
    view! {
        <tr>
            <td>{p.mentee_name.clone()} {p.pinned.then(|| view! { " " <span class="badge">"Pinned"</span> })}</td>
            <td>{p.mentor_name.clone()} {p.problem.clone().map(|why| view! { <p class="field__error">{why}</p> })}</td>
            <td>
                <strong>{p.parts.total()}</strong>
                <ul class="score-parts">{p.parts.explain().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
            </td>
            <td>{match p.runner_up.clone() {
                Some((name, score, gap)) => format!("{name} ({score}, {gap} behind)"),
                None => "None".into(),
            }}</td>
            <td class="cluster">
                <ActionForm action=pin>
                    <input type="hidden" name="program_id" value=program_id />
                    <input type="hidden" name="mentee_id" value=p.mentee_id />
                    <input type="hidden" name="pinned" value=if p.pinned { "false" } else { "true" } />
                    <button type="submit" class="button button--secondary button--small">
                        {if p.pinned { "Unpin" } else { "Pin" }}
                        <span class="visually-hidden">{pair}</span>
                    </button>
                </ActionForm>
                <ActionForm action=remove>
                    <input type="hidden" name="program_id" value=program_id />
                    <input type="hidden" name="mentee_id" value=p.mentee_id />
                    <button type="submit" class="button button--danger button--small">
                        "Remove" <span class="visually-hidden">{pair2}</span>
                    </button>
                </ActionForm>
                <a class="button button--secondary button--small" href=format!("matching/{}", p.mentee_id)>
                    "Change" <span class="visually-hidden">{format!(" the mentor of {}", p.mentee_name)}</span>
                </a>
            </td>
        </tr>
    }
}

const WAITING_COLUMNS: &[Column] = &[
    Column::new("Mentee"),
    Column::new("Answers"),
    Column::new("Favorites"),
    Column::new("Requests"),
    Column::hidden("Actions"),
];

#[component]
fn Waiting(page: MatchingPage) -> impl IntoView {
    let rows = page
        .unmatched
        .iter()
        .map(|m| {
            view! {
                <tr>
                    <td>{m.name.clone()} <br /> <span class="muted">{m.email.clone()}</span></td>
                    <td>
                        <details>
                            <summary>{format!("{} answers", m.answers.len())} <span class="visually-hidden">{format!(" of {}", m.name)}</span></summary>
                            <dl>{m.answers.iter().map(|(q, a)| view! { <dt>{q.clone()}</dt><dd>{a.clone()}</dd> }).collect_view()}</dl>
                        </details>
                    </td>
                    <td>{if m.favorites.is_empty() { "None".to_owned() } else { m.favorites.join(", ") }}</td>
                    <td>{m.requests_sent}</td>
                    <td>
                        <a class="button button--secondary button--small" href=format!("matching/{}", m.user_id)>
                            "Match by hand" <span class="visually-hidden">{format!(" {}", m.name)}</span>
                        </a>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="stack" aria-labelledby="waiting-title">
            <h3 id="waiting-title">{format!("Mentees waiting for a mentor ({})", page.unmatched.len())}</h3>
            {if page.unmatched.is_empty() {
                view! { <p class="muted">"Every mentee has a mentor."</p> }.into_any()
            } else {
                view! { <DataTable caption="Mentees waiting" hide_caption=true columns=WAITING_COLUMNS>{rows}</DataTable> }.into_any()
            }}
        </section>
    }
}

const PLACES_COLUMNS: &[Column] = &[
    Column::new("Mentor"),
    Column::new("Places"),
    Column::new("Admin override"),
];

#[component]
fn Places(
    mentors: Vec<MentorPlaces>,
    program_id: i64,
    capacity: ServerAction<OverrideCapacity>,
    feedback: FormFeedback,
) -> impl IntoView {
    let rows = mentors
        .into_iter()
        .map(|m| {
            let id = m.user_id;
            let current = m.capacity_override.map(|c| c.to_string()).unwrap_or_default();
            view! {
                <tr>
                    <td>{m.name.clone()}</td>
                    <td>{m.places.label()}</td>
                    <td>
                        <ActionForm action=capacity attr:class="cluster">
                            <input type="hidden" name="program_id" value=program_id />
                            <input type="hidden" name="mentor_id" value=id />
                            <label class="visually-hidden" for=format!("override-{id}")>{format!("Places for {}", m.name)}</label>
                            <input id=format!("override-{id}") name="capacity" type="number" min="0" max=crate::mentors::MAX_CAPACITY value=current class="input--short" />
                            <label class="visually-hidden" for=format!("override-note-{id}")>{format!("Note about {}'s places", m.name)}</label>
                            <input id=format!("override-note-{id}") name="note" type="text" value=m.capacity_note.clone() placeholder="Note" maxlength="1000" />
                            <button type="submit" class="button button--secondary button--small">
                                "Save" <span class="visually-hidden">{format!(" places of {}", m.name)}</span>
                            </button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="stack" aria-labelledby="mentors-title" id="mentors">
            <h3 id="mentors-title">"Mentors' places"</h3>
            <p class="muted">"An override wins over the mentor's own choice; leave it empty to let them decide. Lowering it ends nothing: the mentor just shows as full."</p>
            <FieldError id="override-error" error=feedback.field("capacity_override") />
            <DataTable caption="Mentors' places" hide_caption=true columns=PLACES_COLUMNS>{rows}</DataTable>
        </section>
    }
}

const MENTORSHIP_COLUMNS: &[Column] = &[
    Column::new("Mentor"),
    Column::new("Mentee"),
    Column::new("Since"),
    Column::new("Status"),
    Column::hidden("Actions"),
];

#[component]
fn Mentorships(
    page: MatchingPage,
    program_id: i64,
    end: ServerAction<EndMentorship>,
) -> impl IntoView {
    let count = page.mentorships.len();
    let rows = page
        .mentorships
        .into_iter()
        .map(|m| {
            let active = m.status == MentorshipStatus::Active;
            let status = match (m.status, m.end_reason) {
                (MentorshipStatus::Ended, Some(reason)) => format!("Ended: {}", reason.label()),
                (status, _) => format!("{} · {}", status.label(), m.origin.label()),
            };
            let pair = format!("{} and {}", m.mentor.name, m.mentee.name);
            view! {
                <tr>
                    <td>{m.mentor.name.clone()}</td>
                    <td>{m.mentee.name.clone()}</td>
                    <td>{day(m.started_at)}</td>
                    <td>{status}</td>
                    <td>{active.then(|| view! {
                        <ActionForm action=end attr:class="cluster">
                            <input type="hidden" name="program_id" value=program_id />
                            <input type="hidden" name="mentorship_id" value=m.id />
                            <input type="hidden" name="from_admin" value="true" />
                            <label class="visually-hidden" for=format!("admin-end-{}", m.id)>{format!("Why the mentorship of {pair} ends")}</label>
                            <select id=format!("admin-end-{}", m.id) name="reason">
                                {crate::mentors::EndReason::ALL.iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                            </select>
                            <button type="submit" class="button button--danger button--small">
                                "End" <span class="visually-hidden">{format!(" the mentorship of {pair}")}</span>
                            </button>
                        </ActionForm>
                    })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="stack" aria-labelledby="mentorships-title">
            <h3 id="mentorships-title">{format!("Mentorships ({count})")}</h3>
            {if count == 0 {
                view! { <p class="muted">"Nobody is matched yet."</p> }.into_any()
            } else {
                view! { <DataTable caption="Mentorships" hide_caption=true columns=MENTORSHIP_COLUMNS>{rows}</DataTable> }.into_any()
            }}
        </section>
    }
}
