//! Registration questions, and the answers given to them.

use super::{QuestionKind, Role};
use crate::error::{AppError, FieldErrors};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const MAX_PROMPT: usize = 500;
pub const MAX_HELP_TEXT: usize = 1_000;
pub const MAX_OPTIONS: usize = 30;
pub const MAX_OPTION: usize = 200;
/// Questions per program and role.
pub const MAX_QUESTIONS: i64 = 100;
pub const MAX_SHORT_ANSWER: usize = 300;
pub const MAX_LONG_ANSWER: usize = 5_000;
pub const MAX_NUMBER_ANSWER: usize = 30;

/// A registration question as the form builder writes it. Field names in
/// validation errors: `role`, `kind`, `prompt`, `help_text`, `options`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionDraft {
    pub role: Role,
    pub kind: QuestionKind,
    pub prompt: String,
    pub help_text: String,
    pub required: bool,
    /// The choices of a choice question, in order; ignored for other kinds.
    pub options: Vec<String>,
}

impl QuestionDraft {
    pub fn normalized(mut self) -> Self {
        self.prompt = self.prompt.trim().to_owned();
        self.help_text = self.help_text.trim().to_owned();
        self.options = if self.kind.has_options() {
            self.options
                .iter()
                .map(|option| one_line(option))
                .filter(|option| !option.is_empty())
                .collect()
        } else {
            Vec::new()
        };
        self
    }

    pub fn validate(&self) -> Result<(), AppError> {
        let mut errors = FieldErrors::new();
        let prompt_len = self.prompt.trim().chars().count();
        if prompt_len == 0 {
            errors.add("prompt", "Write the question.");
        } else if prompt_len > MAX_PROMPT {
            errors.add(
                "prompt",
                format!("Keep the question to {MAX_PROMPT} characters or fewer."),
            );
        }
        if self.help_text.chars().count() > MAX_HELP_TEXT {
            errors.add(
                "help_text",
                format!("Keep the help text to {MAX_HELP_TEXT} characters or fewer."),
            );
        }
        if self.kind.has_options() {
            let options: Vec<&String> = self.options.iter().filter(|o| !o.is_empty()).collect();
            let mut seen = std::collections::BTreeSet::new();
            if options.len() < 2 {
                errors.add("options", "Give at least two choices, one per line.");
            } else if options.len() > MAX_OPTIONS {
                errors.add("options", format!("Give at most {MAX_OPTIONS} choices."));
            } else if options.iter().any(|o| o.chars().count() > MAX_OPTION) {
                errors.add(
                    "options",
                    format!("Keep each choice to {MAX_OPTION} characters or fewer."),
                );
            } else if !options.iter().all(|o| seen.insert(o.to_lowercase())) {
                errors.add("options", "Each choice must be different.");
            }
        }
        errors.into_result()
    }
}

/// The choices typed into a text area, one per line.
pub fn options_from_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(one_line)
        .filter(|line| !line.is_empty())
        .collect()
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A registration question as stored (never a deleted one, unless said).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: i64,
    pub program_id: i64,
    pub role: Role,
    /// 1, 2, 3... within the program and role.
    pub position: i32,
    pub kind: QuestionKind,
    pub prompt: String,
    pub help_text: String,
    pub required: bool,
    pub options: Vec<String>,
}

impl Question {
    /// The form field (and validation error key) of this question's answer.
    pub fn field(&self) -> String {
        question_field(self.id)
    }
}

/// `q-<id>`: the form field of question `id`'s answer.
pub fn question_field(id: i64) -> String {
    format!("q-{id}")
}

/// The question id in a `q-<id>` field name.
pub fn question_id_from_field(field: &str) -> Option<i64> {
    field.strip_prefix("q-")?.parse().ok()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Move {
    Up,
    Down,
}

/// Answers by question id. A multiple-choice answer holds the chosen
/// options one per line (that is also how it is stored).
pub type Answers = BTreeMap<i64, String>;

/// Answers from posted form fields: `q-<id>` fields are kept, a field posted
/// several times (multiple-choice check boxes) becomes one value per line,
/// anything else is ignored.
pub fn answers_from_form<K, V>(fields: impl IntoIterator<Item = (K, V)>) -> Answers
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut answers = Answers::new();
    for (field, value) in fields {
        if let Some(id) = question_id_from_field(field.as_ref()) {
            answers
                .entry(id)
                .and_modify(|existing| {
                    existing.push('\n');
                    existing.push_str(value.as_ref());
                })
                .or_insert_with(|| value.as_ref().to_owned());
        }
    }
    answers
}

/// The chosen options of a stored multiple-choice answer (or the one value
/// of any other answer).
pub fn answer_values(value: &str) -> Vec<&str> {
    value.lines().filter(|line| !line.is_empty()).collect()
}

/// Checks `answers` against `questions` (the live questions of the role
/// applied for) and returns what to store: `(question id, value)` for each
/// question answered, in question order. Unanswered optional questions are
/// left out; answers to other questions are ignored. Problems are reported
/// under `q-<id>`, with every submitted answer echoed back so that a
/// refused form keeps what was typed.
pub fn validate_answers(
    questions: &[Question],
    answers: &Answers,
) -> Result<Vec<(i64, String)>, AppError> {
    let mut errors = FieldErrors::new();
    let mut values = Vec::new();
    for question in questions {
        let given = answers.get(&question.id).map(String::as_str).unwrap_or("");
        match normalize_answer(question, given) {
            Ok(value) if value.is_empty() => {
                if question.required {
                    errors.add(&question.field(), required_message(question.kind));
                }
            }
            Ok(value) => values.push((question.id, value)),
            Err(message) => errors.add(&question.field(), message),
        }
    }
    if errors.is_empty() {
        return Ok(values);
    }
    for (id, value) in answers {
        errors = errors.keep(&question_field(*id), value);
    }
    Err(AppError::Validation(errors))
}

fn required_message(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::SingleChoice | QuestionKind::YesNo => {
            "Choose an answer: this question is required."
        }
        QuestionKind::MultipleChoice => "Choose at least one answer: this question is required.",
        _ => "Answer this question: it is required.",
    }
}

/// One answer in its stored form ("" when not answered), or what is wrong.
fn normalize_answer(question: &Question, given: &str) -> Result<String, String> {
    let too_long = |max: usize| format!("Keep the answer to {max} characters or fewer.");
    match question.kind {
        QuestionKind::ShortText => {
            let value = one_line(given);
            if value.chars().count() > MAX_SHORT_ANSWER {
                return Err(too_long(MAX_SHORT_ANSWER));
            }
            Ok(value)
        }
        QuestionKind::LongText => {
            let value = given.trim().replace("\r\n", "\n");
            if value.chars().count() > MAX_LONG_ANSWER {
                return Err(too_long(MAX_LONG_ANSWER));
            }
            Ok(value)
        }
        QuestionKind::SingleChoice => {
            let value = one_line(given);
            if value.is_empty() || question.options.contains(&value) {
                Ok(value)
            } else {
                Err("Choose one of the listed answers.".into())
            }
        }
        QuestionKind::MultipleChoice => {
            let chosen: Vec<String> = given
                .lines()
                .map(one_line)
                .filter(|value| !value.is_empty())
                .collect();
            if let Some(unknown) = chosen.iter().find(|c| !question.options.contains(c)) {
                return Err(format!(
                    "\u{201c}{unknown}\u{201d} is not one of the choices."
                ));
            }
            // Stored in the question's order, each once.
            let ordered: Vec<&str> = question
                .options
                .iter()
                .filter(|option| chosen.contains(option))
                .map(String::as_str)
                .collect();
            Ok(ordered.join("\n"))
        }
        QuestionKind::YesNo => match given.trim().to_ascii_lowercase().as_str() {
            "" => Ok(String::new()),
            "yes" => Ok("yes".into()),
            "no" => Ok("no".into()),
            _ => Err("Answer yes or no.".into()),
        },
        QuestionKind::Number => {
            let value = given.trim();
            if value.is_empty() {
                return Ok(String::new());
            }
            match value.parse::<f64>() {
                Ok(parsed) if parsed.is_finite() && value.len() <= MAX_NUMBER_ANSWER => {
                    Ok(value.to_owned())
                }
                _ => Err("Enter a number, for example 3 or 2.5.".into()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(id: i64, kind: QuestionKind, required: bool, options: &[&str]) -> Question {
        Question {
            id,
            program_id: 1,
            role: Role::Mentee,
            position: id as i32,
            kind,
            prompt: format!("Question {id}"),
            help_text: String::new(),
            required,
            options: options.iter().map(|o| o.to_string()).collect(),
        }
    }

    #[test]
    fn choice_questions_need_two_distinct_options_and_others_drop_theirs() {
        let draft = QuestionDraft {
            role: Role::Mentee,
            kind: QuestionKind::SingleChoice,
            prompt: "Which track?".into(),
            help_text: String::new(),
            required: true,
            options: options_from_lines("Backend\n\n  Frontend  \nbackend\n"),
        }
        .normalized();
        assert_eq!(draft.options, vec!["Backend", "Frontend", "backend"]);
        assert_eq!(
            draft.validate().unwrap_err().field("options").unwrap(),
            "Each choice must be different."
        );
        let one = QuestionDraft {
            options: vec!["Only".into()],
            ..draft.clone()
        };
        assert!(one.validate().unwrap_err().field("options").is_some());
        let text = QuestionDraft {
            kind: QuestionKind::LongText,
            prompt: "  ".into(),
            ..draft
        }
        .normalized();
        assert!(text.options.is_empty());
        assert_eq!(
            text.validate().unwrap_err().field("prompt").unwrap(),
            "Write the question."
        );
    }

    #[test]
    fn answers_are_checked_per_kind_and_keyed_by_question_field() {
        let questions = vec![
            question(1, QuestionKind::ShortText, true, &[]),
            question(2, QuestionKind::SingleChoice, false, &["Red", "Blue"]),
            question(3, QuestionKind::MultipleChoice, true, &["A", "B", "C"]),
            question(4, QuestionKind::YesNo, false, &[]),
            question(5, QuestionKind::Number, false, &[]),
            question(6, QuestionKind::LongText, false, &[]),
        ];
        let answers = answers_from_form([
            ("q-1", "  "),
            ("q-2", "Green"),
            ("q-3", "C"),
            ("q-3", "A"),
            ("q-4", "maybe"),
            ("q-5", "lots"),
            ("role", "mentee"),
        ]);
        assert_eq!(answers.get(&3).unwrap(), "C\nA");
        let error = validate_answers(&questions, &answers).unwrap_err();
        assert!(error.field("q-1").unwrap().contains("required"));
        assert_eq!(
            error.field("q-2").unwrap(),
            "Choose one of the listed answers."
        );
        assert_eq!(error.field("q-3"), None);
        assert_eq!(error.field("q-4").unwrap(), "Answer yes or no.");
        assert!(error.field("q-5").unwrap().contains("number"));
        assert_eq!(error.field("q-6"), None);
        // What was typed comes back with the error.
        assert_eq!(error.submitted("q-2").unwrap(), "Green");

        let fine = answers_from_form([
            ("q-1", " Ada  Lovelace "),
            ("q-3", "C"),
            ("q-3", "A"),
            ("q-3", "C"),
            ("q-4", "YES"),
            ("q-5", " 2.5 "),
            ("q-99", "not a question of this form"),
        ]);
        assert_eq!(
            validate_answers(&questions, &fine).unwrap(),
            vec![
                (1, "Ada Lovelace".to_owned()),
                (3, "A\nC".to_owned()),
                (4, "yes".to_owned()),
                (5, "2.5".to_owned()),
            ]
        );
        let missing = validate_answers(&questions, &Answers::new()).unwrap_err();
        assert!(missing.field("q-3").unwrap().contains("at least one"));
    }
}
