//! Applications and the admins' decisions on them.

use super::{Answers, MembershipStatus, QuestionKind, Role};
use crate::error::AppError;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// What a member submits to join: the role, the answers to that role's
/// questions and, when they came through a link, its token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationForm {
    pub role: Role,
    pub answers: Answers,
    pub invitation_token: Option<String>,
}

/// The result of submitting an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitOutcome {
    pub membership_id: i64,
    pub role: Role,
    /// `Pending` (an admin decides) or `Approved` (automatic approval or an
    /// auto-approving invitation).
    pub status: MembershipStatus,
    /// The member had already applied or joined (a double click, a retry):
    /// nothing was changed and this is the existing state.
    pub already_applied: bool,
}

/// An admin's decision on pending applications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    Approve,
    /// With an optional message for the applicant (empty: none).
    Decline {
        message: String,
    },
}

pub const MAX_DECISION_MESSAGE: usize = 2_000;

impl Decision {
    /// The decline message, trimmed, if there is one.
    pub fn message(&self) -> Option<&str> {
        match self {
            Decision::Decline { message } => Some(message.trim()).filter(|m| !m.is_empty()),
            Decision::Approve => None,
        }
    }

    /// A decline message too long to send is reported under `message`.
    pub fn validate(&self) -> Result<(), AppError> {
        match self.message() {
            Some(message) if message.chars().count() > MAX_DECISION_MESSAGE => {
                Err(AppError::validation(
                    "message",
                    format!("Keep the message to {MAX_DECISION_MESSAGE} characters or fewer."),
                ))
            }
            _ => Ok(()),
        }
    }
}

/// One member (or applicant) of a program, for the applications queue, the
/// members list and its CSV export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRecord {
    pub membership_id: i64,
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub headline: String,
    pub role: Role,
    pub status: MembershipStatus,
    pub applied_at: NaiveDateTime,
    pub joined_at: Option<NaiveDateTime>,
    pub decided_at: Option<NaiveDateTime>,
    /// Who made the last decision; `None` with a `decided_at` is an
    /// automatic approval.
    pub decided_by_name: Option<String>,
    pub decision_message: Option<String>,
    pub via_invitation: bool,
    /// In the order of the form; answers to deleted questions last.
    pub answers: Vec<GivenAnswer>,
}

/// An answer as given, with the question as it was asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GivenAnswer {
    pub question_id: i64,
    /// The prompt when the answer was given (the question may have been
    /// edited or deleted since).
    pub prompt: String,
    pub kind: QuestionKind,
    /// Multiple choices one per line, see
    /// [`answer_values`](super::answer_values).
    pub value: String,
    pub question_deleted: bool,
}

#[cfg(test)]
mod tests {
    #[test]
    fn decision_emails_name_the_program_and_carry_the_message_escaped() {
        let approved = crate::email::templates::application_approved(
            "Acme Mentoring",
            "ada@example.org",
            "Ada",
            "Spring <2027>",
            "https://hub.example.org/programs/spring-2027",
        );
        assert_eq!(approved.to, "ada@example.org");
        assert!(approved.subject.contains("Spring <2027>"));
        assert!(approved.html_body.contains("Spring &lt;2027&gt;"));
        assert!(approved
            .text_body
            .contains("\nhttps://hub.example.org/programs/spring-2027\n"));
        let declined = crate::email::templates::application_declined(
            "Acme Mentoring",
            "ada@example.org",
            "Ada",
            "Spring",
            Some("Full this round <b>sorry</b>"),
            true,
            "https://hub.example.org/programs/spring",
        );
        assert!(declined.text_body.contains("Full this round <b>sorry</b>"));
        assert!(declined
            .html_body
            .contains("Full this round &lt;b&gt;sorry&lt;/b&gt;"));
        assert!(declined.text_body.contains("apply again"));
        let final_no = crate::email::templates::application_declined(
            "Acme Mentoring",
            "ada@example.org",
            "Ada",
            "Spring",
            None,
            false,
            "https://hub.example.org/programs/spring",
        );
        assert!(!final_no.text_body.contains("apply again"));
        assert!(!final_no.text_body.contains("message from"));
    }
}
