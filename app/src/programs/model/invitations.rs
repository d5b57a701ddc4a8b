//! Invitation links: what an admin creates and what a visitor opens.

use super::{InvitationState, Program, Role};
use crate::error::{AppError, FieldErrors};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

pub const MAX_INVITATION_USES: i32 = 10_000;

/// What an admin chooses when creating a link. Field names in validation
/// errors: `role`, `expires_at`, `max_uses`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationDraft {
    /// The role the link joins as; `None` lets the member choose.
    pub role: Option<Role>,
    /// Approve on submit, whatever the program's approval setting.
    pub auto_approve: bool,
    pub expires_at: Option<NaiveDateTime>,
    pub max_uses: Option<i32>,
}

impl InvitationDraft {
    pub fn validate(&self, program: &Program, now: NaiveDateTime) -> Result<(), AppError> {
        let mut errors = FieldErrors::new();
        if let Some(role) = self.role {
            if !program.accepts(role) {
                errors.add(
                    "role",
                    format!(
                        "This program does not take {}s.",
                        role.label().to_lowercase()
                    ),
                );
            }
        }
        if self.expires_at.is_some_and(|at| at <= now) {
            errors.add("expires_at", "Choose a time in the future.");
        }
        if self
            .max_uses
            .is_some_and(|uses| !(1..=MAX_INVITATION_USES).contains(&uses))
        {
            errors.add(
                "max_uses",
                format!("Choose a number from 1 to {MAX_INVITATION_USES}, or no limit."),
            );
        }
        errors.into_result()
    }
}

impl InvitationState {
    /// Revoked beats expired beats used up.
    pub fn of(
        revoked_at: Option<NaiveDateTime>,
        expires_at: Option<NaiveDateTime>,
        max_uses: Option<i32>,
        uses: i32,
        now: NaiveDateTime,
    ) -> InvitationState {
        if revoked_at.is_some() {
            InvitationState::Revoked
        } else if expires_at.is_some_and(|at| at <= now) {
            InvitationState::Expired
        } else if max_uses.is_some_and(|max| uses >= max) {
            InvitationState::UsedUp
        } else {
            InvitationState::Active
        }
    }

    /// What a visitor holding an unusable link is told.
    pub fn problem(self) -> Option<&'static str> {
        match self {
            InvitationState::Active => None,
            InvitationState::Expired => Some("This invitation link has expired. Ask the program's admins for a new one."),
            InvitationState::Revoked => Some("This invitation link was withdrawn by the program's admins."),
            InvitationState::UsedUp => Some("This invitation link has been used as many times as it allows. Ask the program's admins for a new one."),
        }
    }
}

/// An invitation link as its program's admins see it (never the token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub id: i64,
    pub program_id: i64,
    pub role: Option<Role>,
    pub auto_approve: bool,
    pub expires_at: Option<NaiveDateTime>,
    pub max_uses: Option<i32>,
    pub uses: i32,
    pub revoked_at: Option<NaiveDateTime>,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    /// As of the time it was read.
    pub state: InvitationState,
}

/// A new link: the token is shown this once (only its hash is stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedInvitation {
    pub invitation: Invitation,
    pub token: String,
}

/// What `/join/<token>` opens: the link and its program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationLink {
    pub invitation: Invitation,
    pub program: Program,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invitation_state_names_the_first_reason_it_cannot_be_used() {
        let now = chrono::DateTime::from_timestamp(2_000_000_000, 0)
            .unwrap()
            .naive_utc();
        let hour = chrono::Duration::hours(1);
        assert_eq!(
            InvitationState::of(None, None, None, 5, now),
            InvitationState::Active
        );
        assert_eq!(
            InvitationState::of(None, Some(now + hour), Some(2), 1, now),
            InvitationState::Active
        );
        assert_eq!(
            InvitationState::of(None, Some(now), None, 0, now),
            InvitationState::Expired
        );
        assert_eq!(
            InvitationState::of(None, None, Some(2), 2, now),
            InvitationState::UsedUp
        );
        assert_eq!(
            InvitationState::of(Some(now), Some(now - hour), Some(1), 1, now),
            InvitationState::Revoked
        );
        assert!(InvitationState::Expired
            .problem()
            .unwrap()
            .contains("expired"));
    }
}
