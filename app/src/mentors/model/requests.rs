//! Mentorship requests: what a mentee writes, and what both sides see.

use super::{PersonRef, RequestStatus};
use crate::error::AppError;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

pub const MIN_REQUEST_MESSAGE: usize = 20;
pub const MAX_REQUEST_MESSAGE: usize = 1_500;
pub const MAX_RESPONSE: usize = 1_000;
/// Days before the mentor gets a reminder about a request left waiting.
pub const REMINDER_AFTER_DAYS: i64 = 7;

/// A request as its mentee, its mentor and the admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRecord {
    pub id: i64,
    pub program_id: i64,
    pub mentee: PersonRef,
    pub mentor: PersonRef,
    pub message: String,
    pub status: RequestStatus,
    /// The mentor's message, when they wrote one.
    pub response: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub decided_at: Option<NaiveDateTime>,
}

/// The Requests page of a program: what the viewer sent and received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestsPage {
    pub program_id: i64,
    pub program_name: String,
    pub program_path: String,
    pub sent: Vec<RequestRecord>,
    pub received: Vec<RequestRecord>,
}

/// The form to ask one mentor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestForm {
    pub program_id: i64,
    pub program_name: String,
    pub program_path: String,
    pub mentor_id: i64,
    pub mentor_name: String,
    pub mentor_headline: String,
    pub places_label: String,
    /// A suggested message to start from.
    pub template: String,
    /// Why the viewer cannot ask this mentor now.
    pub refusal: Option<String>,
}

/// A suggested first message.
pub fn request_template(mentor_name: &str, program_name: &str) -> String {
    format!(
        "Hello {mentor_name},\n\nI would like you to be my mentor in {program_name}. \
         What I hope to work on: …\n\nWhy I think you could help: …\n\n\
         How often I would like to meet: …"
    )
}

/// The request's message, trimmed, or the message to show under `message`.
pub fn validate_request_message(message: &str) -> Result<String, AppError> {
    let message = message.trim();
    let length = message.chars().count();
    if length < MIN_REQUEST_MESSAGE {
        return Err(AppError::validation(
            "message",
            format!(
                "Tell the mentor a little about what you hope to work on \
                 (at least {MIN_REQUEST_MESSAGE} characters)."
            ),
        ));
    }
    if length > MAX_REQUEST_MESSAGE {
        return Err(AppError::validation(
            "message",
            format!("Keep the message to {MAX_REQUEST_MESSAGE} characters or fewer."),
        ));
    }
    if message.contains('…') && message.contains("What I hope to work on: …") {
        return Err(AppError::validation(
            "message",
            "Replace the \u{201c}…\u{201d} in the suggested message with your own words.",
        ));
    }
    Ok(message.to_owned())
}

/// A mentor's optional message when answering, trimmed.
pub fn validate_response(message: &str) -> Result<String, AppError> {
    let message = message.trim();
    if message.chars().count() > MAX_RESPONSE {
        return Err(AppError::validation(
            "response",
            format!("Keep the message to {MAX_RESPONSE} characters or fewer."),
        ));
    }
    Ok(message.to_owned())
}

/// An ending's note, trimmed.
pub fn validate_end_note(note: &str) -> Result<String, AppError> {
    let note = note.trim();
    if note.chars().count() > MAX_RESPONSE {
        return Err(AppError::validation(
            "note",
            format!("Keep the note to {MAX_RESPONSE} characters or fewer."),
        ));
    }
    Ok(note.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_needs_a_message_of_its_own() {
        assert!(validate_request_message("hi").is_err());
        assert!(validate_request_message(&request_template("Ada", "Spring")).is_err());
        assert!(validate_request_message(&"x".repeat(MAX_REQUEST_MESSAGE + 1)).is_err());
        assert_eq!(
            validate_request_message("  I want to learn SQL with you, please.  ").unwrap(),
            "I want to learn SQL with you, please."
        );
    }
}
