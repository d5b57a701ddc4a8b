//! The applications queue: pending applications oldest first, each with
//! its answers and its own approve / decline form, plus one form that
//! decides on the selected ones together.

use super::{
    day, flag_notice, iso_day, load_admin_data, plural, use_slug, AdminSection, AnswerList,
    ProgramAdminFrame, Reloads,
};
use crate::{
    error::AppError,
    programs::{
        api::{list_applications, DecideApplications, ManagedProgram},
        Approval, MemberRecord, MAX_DECISION_MESSAGE,
    },
    ui::{escape_html, FieldError, FormFeedback, FormNotice},
};
use leptos::prelude::*;

/// The form the "Select" boxes of the cards belong to.
const BULK_FORM: &str = "bulk-decisions";

/// `/programs/<slug>/admin/applications`.
#[component]
pub fn ApplicationsPage() -> impl IntoView {
    let slug = use_slug();
    // One action for the cards' own forms, one for the bulk form.
    let decide = ServerAction::<DecideApplications>::new();
    let bulk = ServerAction::<DecideApplications>::new();
    let reloads = Reloads::new();
    reloads.after(decide.value());
    reloads.after(bulk.value());
    let data = Resource::new(
        move || (slug.get(), reloads.get()),
        |(slug, _)| load_admin_data(slug, list_applications),
    );

    let card_value = decide.value();
    let bulk_value = bulk.value();
    let card_feedback = FormFeedback::new(card_value);
    let bulk_feedback = FormFeedback::new(Signal::derive(move || {
        let result = bulk_value.get()?;
        if let Err(AppError::Validation(errors)) = &result {
            // Without JavaScript both actions read the same refusal from the
            // address; one about a single application belongs to its card.
            let ids = errors
                .submitted
                .get("membership_ids")
                .cloned()
                .unwrap_or_default();
            let single = !ids.is_empty() && !ids.contains(',');
            if single && matches!(card_value.get(), Some(Err(_))) {
                return None;
            }
        }
        Some(result)
    }));
    let general = Signal::derive(move || {
        card_feedback
            .general()
            .get()
            .or_else(|| bulk_feedback.general().get())
    });
    let quiet = Signal::derive(move || {
        card_feedback.error().get().is_some() || bulk_feedback.error().get().is_some()
    });
    let approved = flag_notice("approved", quiet, |count| {
        let count = count.parse::<i64>().ok()?;
        Some(match count {
            0 => "Nothing was approved: those applications had already been decided.".into(),
            1 => "1 application approved; the member has been emailed.".into(),
            n => format!("{n} applications approved; the members have been emailed."),
        })
    });
    let declined = flag_notice("declined", quiet, |count| {
        let count = count.parse::<i64>().ok()?;
        Some(match count {
            0 => "Nothing was declined: those applications had already been decided.".into(),
            1 => "1 application declined; the applicant has been emailed.".into(),
            n => format!("{n} applications declined; the applicants have been emailed."),
        })
    });

    view! {
        <ProgramAdminFrame
            section=AdminSection::Applications
            data
            render={move |managed: ManagedProgram, applications: Vec<MemberRecord>| {
                let program_id = managed.program.id;
                let automatic = managed.program.settings.approval == Approval::Automatic;
                let body = if applications.is_empty() {
                    view! {
                        <div class="empty-state">
                            <h3 class="empty-state__title">"No applications waiting"</h3>
                            <p>
                                {if automatic {
                                    "This program approves everyone who applies, so nothing waits here. Applications that need a decision appear here, oldest first."
                                } else {
                                    "New applications appear here, oldest first, with the applicants' answers."
                                }}
                            </p>
                        </div>
                    }
                    .into_any()
                } else {
                    let count = applications.len() as i64;
                    let cards = applications
                        .into_iter()
                        .map(|record| view! { <ApplicationCard record program_id decide /> })
                        .collect_view();
                    view! {
                        <p>
                            {plural(count, "application is", "applications are")}
                            " waiting for a decision, oldest first. Applicants are emailed either way."
                        </p>
                        <ul class="application-list">{cards}</ul>
                        <BulkDecisions program_id action=bulk feedback=bulk_feedback />
                    }
                    .into_any()
                };
                view! {
                    <FormNotice message=approved tone="success" />
                    <FormNotice message=declined tone="success" />
                    <FormNotice message=general />
                    {body}
                }
            }}
        />
    }
}

#[component]
fn ApplicationCard(
    record: MemberRecord,
    program_id: i64,
    decide: ServerAction<DecideApplications>,
) -> impl IntoView {
    let id = record.membership_id;
    let value = decide.value();
    let id_text = id.to_string();
    // A refusal is this card's when it was about this application alone.
    let feedback = FormFeedback::new(Signal::derive(move || {
        value.get().filter(|result| match result {
            Err(AppError::Validation(errors)) => {
                errors.submitted.get("membership_ids") == Some(&id_text)
            }
            _ => false,
        })
    }));
    let message = feedback.value_or("message", String::new);
    let error = feedback.field("message");
    let select_id = format!("select-{id}");
    let message_id = format!("message-{id}");
    let error_id = format!("message-{id}-error");
    let name = record.name.clone();
    view! {
        <li class="card application-card">
            <h3 class="card__title">
                <a href=format!("/members/{}", record.user_id)>{record.name.clone()}</a>
            </h3>
            {(!record.headline.is_empty()).then(|| view! { <p class="muted">{record.headline.clone()}</p> })}
            <p class="cluster application-card__facts">
                <span class="badge">{record.role.label()}</span>
                <span>"Applied " <time datetime=iso_day(record.applied_at)>{day(record.applied_at)}</time></span>
                {record.via_invitation.then(|| view! { <span class="badge badge--member">"Via invitation link"</span> })}
            </p>
            <AnswerList answers=record.answers.clone() />
            <div class="choice application-card__select">
                // Unticked whenever the list is redrawn: the redraw reuses the
                // elements, and a tick must never pass to another application.
                <input type="checkbox" id=select_id.clone() name="membership_ids[]" value=id
                    form=BULK_FORM prop:checked=false />
                <label for=select_id>
                    "Select" <span class="visually-hidden">" " {name.clone()}</span>
                    <span class="muted">" (to decide on several at once)"</span>
                </label>
            </div>
            <ActionForm action=decide attr:class="application-card__decision stack">
                <input type="hidden" name="program_id" value=program_id />
                <input type="hidden" name="membership_ids[]" value=id />
                <div class="field">
                    <label class="field__label" for=message_id.clone()>
                        "Message if you decline" <span class="visually-hidden">" " {name.clone()}</span>
                        <span class="field__optional">" (optional)"</span>
                    </label>
                    <textarea id=message_id.clone() name="message" rows=3 maxlength=MAX_DECISION_MESSAGE
                        inner_html=escape_html(&message.get_untracked())
                        prop:value={
                            let message_id = message_id.clone();
                            move || crate::ui::typed_or(&message_id, message.get())
                        }
                        aria-invalid=move || error.get().map(|_| "true")
                        aria-describedby=move || error.get().map(|_| error_id.clone())></textarea>
                    <FieldError id=format!("message-{id}-error") error />
                </div>
                <div class="form__actions">
                    <button type="submit" name="decision" value="approve" class="button button--primary">
                        "Approve" <span class="visually-hidden">" " {name.clone()}</span>
                    </button>
                    <button type="submit" name="decision" value="decline" class="button button--danger">
                        "Decline" <span class="visually-hidden">" " {name.clone()}</span>
                    </button>
                </div>
            </ActionForm>
        </li>
    }
}

/// Approves or declines every application whose "Select" box is ticked
/// (the boxes belong to this form through their `form` attribute).
#[component]
fn BulkDecisions(
    program_id: i64,
    action: ServerAction<DecideApplications>,
    feedback: FormFeedback,
) -> impl IntoView {
    let message = feedback.value_or("message", String::new);
    let message_error = feedback.field("message");
    let selection_error = feedback.field("membership_ids");
    view! {
        <section class="bulk-decisions stack" aria-labelledby="bulk-title">
            <h3 id="bulk-title">"Decide on the selected applications"</h3>
            <p class="muted">
                "Tick “Select” on the applications above, then approve or decline them together."
            </p>
            <ActionForm action=action attr:id=BULK_FORM attr:class="form">
                <input type="hidden" name="program_id" value=program_id />
                <FieldError id="bulk-selection-error" error=selection_error />
                <div class="field">
                    <label class="field__label" for="bulk-message">
                        "Message with a decline" <span class="field__optional">" (optional)"</span>
                    </label>
                    <p class="field__help" id="bulk-message-help">"Sent to each declined applicant."</p>
                    <textarea id="bulk-message" name="message" rows=3 maxlength=MAX_DECISION_MESSAGE
                        inner_html=escape_html(&message.get_untracked())
                        prop:value=move || crate::ui::typed_or("bulk-message", message.get())
                        aria-invalid=move || message_error.get().map(|_| "true")
                        aria-describedby=move || {
                            if message_error.get().is_some() {
                                "bulk-message-help bulk-message-error"
                            } else {
                                "bulk-message-help"
                            }
                        }></textarea>
                    <FieldError id="bulk-message-error" error=message_error />
                </div>
                <div class="form__actions">
                    <button type="submit" name="decision" value="approve" class="button button--primary">
                        "Approve selected"
                    </button>
                    <button type="submit" name="decision" value="decline" class="button button--danger">
                        "Decline selected"
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}
