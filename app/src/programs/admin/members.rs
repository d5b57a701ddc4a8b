//! The program's approved members, with their answers, a way to remove
//! one and the CSV download.

use super::{
    day, flag_notice, iso_day, load_admin_data, plural, use_slug, AdminSection, AnswerList,
    ProgramAdminFrame, Reloads,
};
use crate::{
    programs::{
        api::{list_program_members, ManagedProgram, RemoveProgramMember},
        MemberRecord,
    },
    ui::{FormFeedback, FormNotice},
};
use leptos::prelude::*;

/// `/programs/<slug>/admin/members`.
#[component]
pub fn ProgramMembersPage() -> impl IntoView {
    let slug = use_slug();
    let remove = ServerAction::<RemoveProgramMember>::new();
    let reloads = Reloads::new();
    reloads.after(remove.value());
    let data = Resource::new(
        move || (slug.get(), reloads.get()),
        |(slug, _)| load_admin_data(slug, list_program_members),
    );
    let feedback = FormFeedback::new(remove.value());
    let quiet = Signal::derive(move || feedback.error().get().is_some());
    let removed = flag_notice("removed", quiet, |_| {
        Some("The member is removed from the program. They can rejoin only through an invitation link.".into())
    });

    view! {
        <ProgramAdminFrame
            section=AdminSection::Members
            data
            render={move |managed: ManagedProgram, members: Vec<MemberRecord>| {
                let program_id = managed.program.id;
                let csv = format!("{}/admin/members.csv", managed.program.path());
                let mentors = members.iter().filter(|m| m.role == crate::programs::Role::Mentor).count() as i64;
                let mentees = members.len() as i64 - mentors;
                let body = if members.is_empty() {
                    view! {
                        <div class="empty-state">
                            <h3 class="empty-state__title">"No members yet"</h3>
                            <p>"Approved applicants appear here with their answers."</p>
                        </div>
                    }
                    .into_any()
                } else {
                    let items = members
                        .into_iter()
                        .map(|record| view! { <MemberItem record program_id remove /> })
                        .collect_view();
                    view! { <ul class="member-list">{items}</ul> }.into_any()
                };
                view! {
                    <FormNotice message=removed tone="success" />
                    <FormNotice message=feedback.general() />
                    <div class="cluster members-summary">
                        <p>
                            {plural(mentors, "mentor", "mentors")} " and " {plural(mentees, "mentee", "mentees")}
                        </p>
                        // A file download: rel="external" keeps the router out.
                        <a class="button button--secondary button--small" href=csv download="" rel="external">
                            "Download as CSV"
                        </a>
                    </div>
                    {body}
                }
            }}
        />
    }
}

#[component]
fn MemberItem(
    record: MemberRecord,
    program_id: i64,
    remove: ServerAction<RemoveProgramMember>,
) -> impl IntoView {
    let joined = record.joined_at.unwrap_or(record.applied_at);
    let answer_count = record.answers.len();
    view! {
        <li class="card member-card">
            <div class="member-card__head">
                <h3 class="card__title">
                    <a href=format!("/members/{}", record.user_id)>{record.name.clone()}</a>
                </h3>
                <p class="cluster member-card__facts">
                    <span class="badge badge--member">{record.role.label()}</span>
                    <span>"Joined " <time datetime=iso_day(joined)>{day(joined)}</time></span>
                    {record.via_invitation.then(|| view! { <span class="badge">"Via invitation link"</span> })}
                </p>
                {(!record.headline.is_empty()).then(|| view! { <p class="muted">{record.headline.clone()}</p> })}
            </div>
            <details class="member-card__answers">
                <summary>
                    {format!("Answers ({answer_count})")}
                    <span class="visually-hidden">" of " {record.name.clone()}</span>
                </summary>
                <AnswerList answers=record.answers.clone() />
            </details>
            <ActionForm action=remove attr:class="member-card__remove">
                <input type="hidden" name="program_id" value=program_id />
                <input type="hidden" name="membership_id" value=record.membership_id />
                <button type="submit" class="button button--danger button--small">
                    "Remove " {record.name.clone()}
                    <span class="visually-hidden">" from the program"</span>
                </button>
            </ActionForm>
        </li>
    }
}
