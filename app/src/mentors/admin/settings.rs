//! The matching settings form: limits, and what counts in the score.

use crate::{
    mentors::{api::SaveMatchingSettings, MatchingPage},
    programs::{MatchingMode, Role},
    ui::{CheckBox, Field, FieldError, FormFeedback},
};
use leptos::prelude::*;

#[component]
pub(super) fn SettingsForm(
    page: MatchingPage,
    program_id: i64,
    action: ServerAction<SaveMatchingSettings>,
    feedback: FormFeedback,
) -> impl IntoView {
    let s = page.settings.clone();
    let value = |n: i32| Signal::derive(move || n.to_string());
    let weights = s.weights.clone();
    let weight_of = move |id: i64| {
        weights
            .questions
            .iter()
            .find(|q| q.question_id == id)
            .map(|q| q.weight)
            .unwrap_or(0)
    };
    let questions = page
        .questions
        .iter()
        .map(|q| {
            let field = format!("q-{}", q.id);
            let id = format!("weight-q-{}", q.id);
            let error_id = format!("{id}-error");
            let weight = weight_of(q.id).to_string();
            let role = match q.role {
                Role::Mentor => "Mentors' question",
                Role::Mentee => "Mentees' question",
            };
            let message = Signal::derive({
                let id = id.clone();
                move || feedback.error().get().and_then(|e| e.field(&id))
            });
            view! {
                <li class="stack">
                    <p><strong>{q.prompt.clone()}</strong> <span class="muted">{format!(" · {role}")}</span></p>
                    <div class="field">
                        <label class="field__label" for=id.clone()>{format!("Points per shared topic for \u{201c}{}\u{201d}", q.prompt)}</label>
                        <input id=id.clone() name=format!("question_weights[{field}]") type="number" min="0" max=crate::mentors::MAX_WEIGHT value=weight
                            class="input--short" aria-describedby=error_id.clone() />
                        <FieldError id=error_id error=message />
                    </div>
                    {(q.role == Role::Mentor).then(|| {
                        let card_id = format!("card-q-{}", q.id);
                        view! {
                            <div class="choice">
                                <input type="checkbox" id=card_id.clone() name="cards[]" value=q.id.to_string() checked=q.on_mentor_cards />
                                <label for=card_id>"Show the answers on mentor cards"</label>
                            </div>
                        }
                    })}
                </li>
            }
        })
        .collect_view();
    let browse = s.mentees_browse;
    view! {
        <section class="stack" aria-labelledby="settings-title">
            <h3 id="settings-title">"Matching settings"</h3>
            <p class="muted">{format!(
                "Matching mode: {}. Default places per mentor: {}. Change both on the program's Settings page.",
                s.mode.label(), s.default_capacity
            )}</p>
            <ActionForm action attr:class="stack">
                <input type="hidden" name="program_id" value=program_id />
                <Field label="Most places a mentor may offer" name="max_capacity" kind="number" value=value(s.max_capacity) feedback />
                <Field label="Pending requests a mentee may have at once" name="max_pending_requests" kind="number" value=value(s.max_pending_requests) feedback
                    help="Only in programs where mentees request a mentor." />
                <Field label="Days before a request expires" name="request_expiry_days" kind="number" value=value(s.request_expiry_days) feedback
                    help="The mentor is reminded after 7 days." />
                {(s.mode == MatchingMode::AdminMatch).then(|| view! {
                    <CheckBox label="Mentees may browse the mentors" name="mentees_browse" checked=Signal::derive(move || browse)
                        help="When off, mentees see an explanation instead of the cards." />
                })}
                {(s.mode != MatchingMode::AdminMatch).then(|| view! {
                    <input type="hidden" name="mentees_browse" value="on" />
                })}
                <fieldset class="stack">
                    <legend>"What counts in the match score"</legend>
                    <p class="muted">"Every pair's score is the sum of these points; admins see each part next to every proposed pair."</p>
                    <Field label="Points when the mentee marked the mentor as a favorite" name="weight_favorite" kind="number" value=value(s.weights.favorite) feedback />
                    <Field label="Points per expertise tag the mentee's profile shares with the mentor" name="weight_expertise" kind="number" value=value(s.weights.profile_expertise) feedback />
                    <Field label="Points for a shared language" name="weight_language" kind="number" value=value(s.weights.language) feedback />
                    <Field label="Points for the same time zone (less the further apart, none from 6 hours)" name="weight_time_zone" kind="number" value=value(s.weights.time_zone) feedback />
                    <h4>"Registration questions"</h4>
                    <p class="muted">"A mentee's answer counts against the mentor's expertise tags and the mentor's own answers to questions with points."</p>
                    {if page.questions.is_empty() {
                        view! { <p class="muted">"The registration form has no questions yet."</p> }.into_any()
                    } else {
                        view! { <ul class="stack">{questions}</ul> }.into_any()
                    }}
                </fieldset>
                <button type="submit" class="button button--primary">"Save matching settings"</button>
            </ActionForm>
        </section>
    }
}
