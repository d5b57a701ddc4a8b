//! The programs' enums stored as text: roles, statuses and choices.

use crate::text_enum::text_enum;

text_enum! {
    /// The role a member joins a program in.
    pub enum Role {
        Mentor => "mentor", "Mentor";
        Mentee => "mentee", "Mentee";
    }
}

text_enum! {
    pub enum ProgramStatus {
        /// Being prepared: only admins see it.
        Draft => "draft", "Draft";
        /// Takes new members.
        Open => "open", "Open";
        /// Visible, but takes new members only through an invitation link.
        Closed => "closed", "Closed to new members";
        /// Over: visible to its members, takes nobody new.
        Archived => "archived", "Archived";
    }
}

text_enum! {
    /// How an application becomes a membership.
    pub enum Approval {
        Manual => "manual", "An admin approves each member";
        Automatic => "automatic", "Everyone who applies is approved at once";
    }
}

text_enum! {
    /// How mentors and mentees are paired (used by the mentors tab).
    pub enum MatchingMode {
        AdminMatch => "admin_match", "Admins match mentors and mentees";
        MenteeFavorites => "mentee_favorites", "Mentees mark favorite mentors, admins match";
        MenteeRequests => "mentee_requests", "Mentees request a mentor, mentors accept";
    }
}

text_enum! {
    pub enum QuestionKind {
        ShortText => "short_text", "Short text";
        LongText => "long_text", "Long text";
        SingleChoice => "single_choice", "Single choice";
        MultipleChoice => "multiple_choice", "Multiple choice";
        YesNo => "yes_no", "Yes or no";
        Number => "number", "Number";
    }
}

text_enum! {
    pub enum MembershipStatus {
        /// Applied; waiting for an admin.
        Pending => "pending", "Pending approval";
        Approved => "approved", "Member";
        Declined => "declined", "Declined";
        /// The member took back a pending application.
        Withdrawn => "withdrawn", "Withdrawn";
        /// The member left after being approved.
        Left => "left", "Left";
        /// An admin removed the member.
        Removed => "removed", "Removed";
    }
}

text_enum! {
    /// Whether an invitation link can still be used.
    pub enum InvitationState {
        Active => "active", "Active";
        Expired => "expired", "Expired";
        Revoked => "revoked", "Revoked";
        UsedUp => "used_up", "Used up";
    }
}

impl QuestionKind {
    pub fn has_options(self) -> bool {
        matches!(
            self,
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice
        )
    }
}

impl MembershipStatus {
    /// Pending or approved: the member is in the program or on the way in.
    pub fn is_active(self) -> bool {
        matches!(self, MembershipStatus::Pending | MembershipStatus::Approved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_round_trip_through_their_text_and_serde() {
        for kind in QuestionKind::ALL {
            assert_eq!(QuestionKind::parse(kind.as_str()), Some(*kind));
            assert_eq!(
                serde_json::to_string(kind).unwrap(),
                format!("\"{}\"", kind.as_str())
            );
        }
        for status in MembershipStatus::ALL {
            assert_eq!(MembershipStatus::parse(status.as_str()), Some(*status));
        }
        assert_eq!(
            MatchingMode::parse("mentee_requests"),
            Some(MatchingMode::MenteeRequests)
        );
        assert_eq!(ProgramStatus::parse("Open"), None);
    }
}
