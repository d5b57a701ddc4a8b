//! Registration questions as a member fills them in: the join form uses
//! this, and the form builder's preview shows exactly the same markup.

use super::{answer_values, Question, QuestionKind};
use crate::ui::FormFeedback;
use leptos::prelude::*;

/// The inputs of `questions`, refilled from a refused submission and with
/// each question's message next to it. Every answer is posted as
/// `answers[q-<id>][]` so that a multiple-choice question can carry several
/// values.
#[component]
pub fn QuestionInputs(
    questions: Vec<Question>,
    #[prop(optional)] feedback: Option<FormFeedback>,
    /// For the preview: the inputs can be tried but belong to no form.
    #[prop(optional)]
    preview: bool,
) -> impl IntoView {
    questions
        .into_iter()
        .map(|question| view! { <QuestionInput question feedback preview /> })
        .collect_view()
}

#[component]
fn QuestionInput(
    question: Question,
    feedback: Option<FormFeedback>,
    preview: bool,
) -> impl IntoView {
    let field = question.field();
    let id = if preview {
        format!("preview-{field}")
    } else {
        format!("answer-{field}")
    };
    let name = if preview {
        format!("preview[{field}][]")
    } else {
        format!("answers[{field}][]")
    };
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let error = {
        let field = field.clone();
        Signal::derive(move || {
            feedback.and_then(|feedback| feedback.error().get().and_then(|e| e.field(&field)))
        })
    };
    // What was typed before a refusal; the stored form of a multiple-choice
    // answer is one chosen option per line.
    let submitted = feedback
        .and_then(|feedback| feedback.error().get_untracked())
        .and_then(|error| error.submitted(&field))
        .unwrap_or_default();
    let has_help = !question.help_text.is_empty();
    let described_by = crate::ui::described_by(has_help, &help_id, &error_id, error);
    let invalid = move || error.get().map(|_| "true");
    let required = question.required;
    let label_text = view! {
        {question.prompt.clone()}
        {if required {
            view! { <span class="field__required">" (required)"</span> }.into_any()
        } else {
            view! { <span class="field__optional">" (optional)"</span> }.into_any()
        }}
    };
    let help = has_help.then(|| {
        view! { <p class="field__help" id=help_id.clone()>{question.help_text.clone()}</p> }
    });
    let error_view = view! { <crate::ui::FieldError id=error_id.clone() error /> };
    match question.kind {
        QuestionKind::ShortText | QuestionKind::Number => {
            let kind = "text";
            let mode = (question.kind == QuestionKind::Number).then_some("decimal");
            view! {
                <div class="field">
                    <label class="field__label" for=id.clone()>{label_text}</label>
                    {help}
                    <input id=id name=name type=kind inputmode=mode value=submitted
                        required=required aria-invalid=invalid aria-describedby=described_by />
                    {error_view}
                </div>
            }
            .into_any()
        }
        QuestionKind::LongText => view! {
            <div class="field">
                <label class="field__label" for=id.clone()>{label_text}</label>
                {help}
                <textarea id=id name=name rows=5 required=required
                    inner_html=crate::ui::escape_html(&submitted)
                    aria-invalid=invalid aria-describedby=described_by></textarea>
                {error_view}
            </div>
        }
        .into_any(),
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice | QuestionKind::YesNo => {
            let multiple = question.kind == QuestionKind::MultipleChoice;
            let options: Vec<(String, String)> = if question.kind == QuestionKind::YesNo {
                vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())]
            } else {
                question
                    .options
                    .iter()
                    .map(|option| (option.clone(), option.clone()))
                    .collect()
            };
            let chosen: Vec<String> = answer_values(&submitted)
                .into_iter()
                .map(str::to_owned)
                .collect();
            let input_type = if multiple { "checkbox" } else { "radio" };
            let choices = options
                .into_iter()
                .enumerate()
                .map(|(index, (value, text))| {
                    let option_id = format!("{id}-{index}");
                    let checked = chosen.iter().any(|c| c.eq_ignore_ascii_case(&value));
                    // A radio group is required through its first button;
                    // check boxes are checked on the server.
                    let required = required && !multiple;
                    view! {
                        <div class="choice">
                            <input type=input_type id=option_id.clone() name=name.clone()
                                value=value checked=checked required=required />
                            <label for=option_id>{text}</label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="field field--choices" aria-describedby=described_by>
                    <legend class="field__label">{label_text}</legend>
                    {help}
                    {choices}
                    {error_view}
                </fieldset>
            }
            .into_any()
        }
    }
}
