//! The registration form builder: each role's questions in order, moved,
//! edited (`?edit=<id>`, so that it works without JavaScript) and deleted
//! in place, a form to add one, and a preview made of the very inputs the
//! join form shows.

use super::{
    admin_path, flag_notice, load_admin_data, use_slug, AdminSection, ProgramAdminFrame, Reloads,
};
use crate::{
    error::AppError,
    programs::{
        api::{
            list_registration_questions, DeleteQuestion, ManagedProgram, MoveQuestion, SaveQuestion,
        },
        questions_view::QuestionInputs,
        Move, Question, QuestionKind, Role,
    },
    ui::{CheckBox, Field, FieldError, FormFeedback, FormNotice},
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/programs/<slug>/admin/questions`.
#[component]
pub fn RegistrationFormPage() -> impl IntoView {
    let slug = use_slug();
    let query = use_query_map();
    let save = ServerAction::<SaveQuestion>::new();
    let delete = ServerAction::<DeleteQuestion>::new();
    let move_question = ServerAction::<MoveQuestion>::new();
    let reloads = Reloads::new();
    reloads.after(save.value());
    reloads.after(delete.value());
    reloads.after(move_question.value());
    let data = Resource::new(
        move || (slug.get(), reloads.get()),
        |(slug, _)| load_admin_data(slug, list_registration_questions),
    );
    let editing = Memo::new(move |_| {
        query
            .read()
            .get("edit")
            .and_then(|id| id.parse::<i64>().ok())
    });

    let save_feedback = FormFeedback::new(save.value());
    let delete_feedback = FormFeedback::new(delete.value());
    let move_feedback = FormFeedback::new(move_question.value());
    let quiet = Signal::derive(move || {
        save_feedback.error().get().is_some()
            || delete_feedback.error().get().is_some()
            || move_feedback.error().get().is_some()
    });
    let saved = flag_notice("saved", quiet, |_| Some("The question is saved.".into()));
    let moved = flag_notice("moved", quiet, |_| Some("The question is moved.".into()));
    let deleted = flag_notice("deleted", quiet, |_| {
        Some("The question is deleted. Answers already given to it are kept.".into())
    });

    view! {
        <ProgramAdminFrame
            section=AdminSection::Questions
            data
            render={move |managed: ManagedProgram, questions: Vec<Question>| {
                // Read here, so that opening another question's edit form
                // redraws the list (the data stays loaded).
                let editing = editing.get();
                let program = managed.program;
                let accepted = program.settings.accepted_roles();
                let questions_path = admin_path(&program.settings.slug, AdminSection::Questions);
                let sections = Role::ALL
                    .iter()
                    .copied()
                    .filter(|role| {
                        accepted.contains(role) || questions.iter().any(|q| q.role == *role)
                    })
                    .map(|role| {
                        let of_role: Vec<Question> =
                            questions.iter().filter(|q| q.role == role).cloned().collect();
                        view! {
                            <RoleQuestions
                                role
                                accepted=accepted.contains(&role)
                                questions=of_role
                                program_id=program.id
                                questions_path=questions_path.clone()
                                editing
                                accepted_roles=accepted.clone()
                                save
                                delete
                                move_question
                            />
                        }
                    })
                    .collect_view();
                view! {
                    <p>
                        "Applicants answer these questions when they apply, after choosing their role. "
                        "Each role has its own questions."
                    </p>
                    <FormNotice message=saved tone="success" />
                    <FormNotice message=moved tone="success" />
                    <FormNotice message=deleted tone="success" />
                    <FormNotice message=save_feedback.general() />
                    <FormNotice message=delete_feedback.general() />
                    <FormNotice message=move_feedback.general() />
                    {sections}
                    <section class="stack" aria-labelledby="add-question-title">
                        <h3 id="add-question-title">"Add a question"</h3>
                        <QuestionForm action=save program_id=program.id roles=accepted.clone()
                            question=None cancel_href=None />
                    </section>
                }
            }}
        />
    }
}

/// One role's questions, in order, with their actions and the preview.
#[component]
fn RoleQuestions(
    role: Role,
    accepted: bool,
    questions: Vec<Question>,
    program_id: i64,
    questions_path: String,
    editing: Option<i64>,
    accepted_roles: Vec<Role>,
    save: ServerAction<SaveQuestion>,
    delete: ServerAction<DeleteQuestion>,
    move_question: ServerAction<MoveQuestion>,
) -> impl IntoView {
    let (title, preview_title, people) = match role {
        Role::Mentor => ("Mentor questions", "Preview: what mentors see", "mentors"),
        Role::Mentee => ("Mentee questions", "Preview: what mentees see", "mentees"),
    };
    let title_id = format!("{}-questions-title", role.as_str());
    let preview_id = format!("{}-preview-title", role.as_str());
    let count = questions.len();
    let list = if questions.is_empty() {
        view! {
            <p class="muted">
                {format!("No questions for {people} yet: they only choose their role and apply.")}
            </p>
        }
        .into_any()
    } else {
        let items = questions
            .iter()
            .cloned()
            .enumerate()
            .map(|(index, question)| {
                if editing == Some(question.id) {
                    let mut roles = accepted_roles.clone();
                    if !roles.contains(&question.role) {
                        roles.push(question.role);
                    }
                    view! {
                        <li class="question-item question-item--editing">
                            <h4 class="question-item__title">"Edit question " {index + 1}</h4>
                            <QuestionForm action=save program_id roles question=Some(question)
                                cancel_href=Some(questions_path.clone()) />
                        </li>
                    }
                    .into_any()
                } else {
                    let edit_href = format!("{questions_path}?edit={}", question.id);
                    view! {
                        <QuestionItem
                            question
                            number=index + 1
                            first=index == 0
                            last=index + 1 == count
                            program_id
                            edit_href
                            delete
                            move_question
                        />
                    }
                    .into_any()
                }
            })
            .collect_view();
        view! { <ol class="question-list">{items}</ol> }.into_any()
    };
    let preview = if questions.is_empty() {
        None
    } else {
        Some(view! {
            <section class="question-preview" aria-labelledby=preview_id.clone()>
                <h4 id=preview_id.clone()>{preview_title}</h4>
                <p class="muted question-preview__note">
                    "You can try the inputs: nothing here is sent or saved."
                </p>
                <div class="question-preview__card">
                    <QuestionInputs questions=questions.clone() preview=true />
                </div>
            </section>
        })
    };
    let labelled_by = title_id.clone();
    view! {
        <section class="stack role-questions" aria-labelledby=labelled_by>
            <h3 id=title_id>{title}</h3>
            {(!accepted).then(|| view! {
                <p class="notice notice--info">
                    {format!("This program no longer takes {people}: these questions are not asked until it does again.")}
                </p>
            })}
            {list}
            {preview}
        </section>
    }
}

#[component]
fn QuestionItem(
    question: Question,
    number: usize,
    first: bool,
    last: bool,
    program_id: i64,
    edit_href: String,
    delete: ServerAction<DeleteQuestion>,
    move_question: ServerAction<MoveQuestion>,
) -> impl IntoView {
    let prompt = question.prompt.clone();
    let move_button = |direction: Move| {
        let prompt = prompt.clone();
        let (value, text) = match direction {
            Move::Up => ("up", "Move up"),
            Move::Down => ("down", "Move down"),
        };
        view! {
            <ActionForm action=move_question>
                <input type="hidden" name="program_id" value=program_id />
                <input type="hidden" name="question_id" value=question.id />
                <input type="hidden" name="direction" value=value />
                <button type="submit" class="button button--secondary button--small">
                    {text}
                    <span class="visually-hidden">" question: " {prompt.clone()}</span>
                </button>
            </ActionForm>
        }
    };
    let options = (!question.options.is_empty()).then(|| {
        view! {
            <ul class="question-item__options" aria-label="Choices">
                {question.options.iter().map(|option| view! { <li>{option.clone()}</li> }).collect_view()}
            </ul>
        }
    });
    let up = (!first).then(|| move_button(Move::Up));
    let down = (!last).then(|| move_button(Move::Down));
    view! {
        <li class="question-item">
            <p class="question-item__prompt">
                <span class="question-item__number">{number} ". "</span>
                {question.prompt.clone()}
            </p>
            <p class="cluster question-item__facts">
                <span class="badge">{question.kind.label()}</span>
                {if question.required {
                    view! { <span class="badge badge--pending">"Required"</span> }.into_any()
                } else {
                    view! { <span class="badge">"Optional"</span> }.into_any()
                }}
            </p>
            {(!question.help_text.is_empty()).then(|| view! {
                <p class="muted question-item__help">"Help text: " {question.help_text.clone()}</p>
            })}
            {options}
            <div class="cluster question-item__actions">
                {up}
                {down}
                <a class="button button--secondary button--small" href=edit_href>
                    "Edit"
                    <span class="visually-hidden">" question: " {prompt.clone()}</span>
                </a>
                <ActionForm action=delete>
                    <input type="hidden" name="program_id" value=program_id />
                    <input type="hidden" name="question_id" value=question.id />
                    <button type="submit" class="button button--danger button--small">
                        "Delete"
                        <span class="visually-hidden">" question: " {prompt.clone()}</span>
                    </button>
                </ActionForm>
            </div>
        </li>
    }
}

/// Adds a question (`question` is `None`) or edits one. The action is
/// shared by all of the page's question forms; a refusal is shown by the
/// form it came from (the server echoes `question_id` back).
#[component]
fn QuestionForm(
    action: ServerAction<SaveQuestion>,
    program_id: i64,
    roles: Vec<Role>,
    question: Option<Question>,
    cancel_href: Option<String>,
) -> impl IntoView {
    let editing = question.is_some();
    let mine = question
        .as_ref()
        .map(|question| question.id.to_string())
        .unwrap_or_default();
    let value = action.value();
    let feedback = FormFeedback::new(Signal::derive(move || {
        value.get().filter(|result| match result {
            Err(AppError::Validation(errors)) => {
                errors
                    .submitted
                    .get("question_id")
                    .map(String::as_str)
                    .unwrap_or("")
                    == mine
            }
            _ => false,
        })
    }));
    let refused = feedback.error().get_untracked();
    let kept = |name: &str| refused.as_ref().and_then(|error| error.submitted(name));
    let current_role = kept("role")
        .and_then(|role| Role::parse(&role))
        .or(question.as_ref().map(|q| q.role))
        .or(roles.first().copied());
    let current_kind = kept("kind")
        .and_then(|kind| QuestionKind::parse(&kind))
        .or(question.as_ref().map(|q| q.kind))
        .unwrap_or(QuestionKind::ShortText);
    let required = match &refused {
        Some(error) => error.submitted("required").is_some_and(|v| !v.is_empty()),
        None => question.as_ref().is_some_and(|q| q.required),
    };
    let (prompt, help_text, options) = question
        .as_ref()
        .map(|q| (q.prompt.clone(), q.help_text.clone(), q.options.join("\n")))
        .unwrap_or_default();
    let ids = if editing {
        FormIds {
            prefix: "edit",
            role: "edit-role",
            kind: "edit-kind",
            prompt: "edit-prompt",
            help_text: "edit-help_text",
            options: "edit-options",
        }
    } else {
        FormIds {
            prefix: "new",
            role: "new-role",
            kind: "new-kind",
            prompt: "new-prompt",
            help_text: "new-help_text",
            options: "new-options",
        }
    };
    let role_options = roles
        .iter()
        .map(|role| {
            let text = match role {
                Role::Mentor => "Mentors",
                Role::Mentee => "Mentees",
            };
            let selected = current_role == Some(*role);
            view! { <option value=role.as_str() selected=selected prop:selected=selected>{text}</option> }
        })
        .collect_view();
    let kind_options = QuestionKind::ALL
        .iter()
        .map(|kind| {
            let selected = current_kind == *kind;
            view! { <option value=kind.as_str() selected=selected prop:selected=selected>{kind.label()}</option> }
        })
        .collect_view();
    let question_id = question.as_ref().map(|q| q.id);
    view! {
        <ActionForm action=action attr:class="form question-form">
            <input type="hidden" name="program_id" value=program_id />
            {question_id.map(|id| view! { <input type="hidden" name="question_id" value=id /> })}
            <div class="field">
                <label class="field__label" for=ids.role>"Asked of"</label>
                <select id=ids.role name="role" aria-describedby=format!("{}-error", ids.role)>
                    {role_options}
                </select>
                <FieldError id=format!("{}-error", ids.role) error=feedback.field("role") />
            </div>
            <div class="field">
                <label class="field__label" for=ids.kind>"Kind of answer"</label>
                <select id=ids.kind name="kind">{kind_options}</select>
                <FieldError id=format!("{}-error", ids.kind) error=feedback.field("kind") />
            </div>
            <Field label="Question" name="prompt" id=ids.prompt required=true
                value=prompt.clone() feedback />
            <Field label="Help text" name="help_text" id=ids.help_text
                value=help_text.clone() feedback
                help="Optional; shown under the question." />
            <Field label="Choices" name="options" id=ids.options rows=4
                value=options.clone() feedback
                help="One per line, for single and multiple choice questions; other kinds of answer ignore them." />
            <CheckBox label="Required: applicants must answer it" name="required" checked=required
                id_prefix=ids.prefix />
            <div class="form__actions">
                <button type="submit" class="button button--primary">
                    {if editing { "Save question" } else { "Add question" }}
                </button>
                {cancel_href.map(|href| view! { <a href=href>"Cancel"</a> })}
            </div>
        </ActionForm>
    }
}

struct FormIds {
    prefix: &'static str,
    role: &'static str,
    kind: &'static str,
    prompt: &'static str,
    help_text: &'static str,
    options: &'static str,
}
