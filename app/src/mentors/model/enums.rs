//! The mentors domain's enums stored as text.

use crate::text_enum::text_enum;

text_enum! {
    /// Where a mentorship request stands.
    pub enum RequestStatus {
        Pending => "pending", "Pending";
        Accepted => "accepted", "Accepted";
        Declined => "declined", "Declined";
        /// The mentee took it back.
        Withdrawn => "withdrawn", "Withdrawn";
        /// Nobody answered in time.
        Expired => "expired", "Expired";
        /// The mentor's places filled up first.
        ClosedFull => "closed_full", "Closed: the mentor is full";
        /// The mentee was matched with another mentor.
        ClosedMatched => "closed_matched", "Closed: matched with another mentor";
    }
}

text_enum! {
    pub enum MentorshipStatus {
        Active => "active", "Active";
        Ended => "ended", "Ended";
    }
}

text_enum! {
    /// How a mentorship began.
    pub enum MentorshipOrigin {
        /// The mentor accepted the mentee's request.
        Request => "request", "Request accepted";
        /// An admin matched them one to one.
        Admin => "admin", "Matched by an admin";
        /// Published from cohort matching.
        Cohort => "cohort", "Cohort matching";
    }
}

text_enum! {
    /// Why a mentorship ended.
    pub enum EndReason {
        Completed => "completed", "Completed";
        NotAGoodFit => "not_a_good_fit", "Not a good fit";
        LeftProgram => "left_program", "Left the program";
        Other => "other", "Other";
    }
}

impl RequestStatus {
    /// Still waiting for the mentor.
    pub fn is_open(self) -> bool {
        self == RequestStatus::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_their_text() {
        for status in RequestStatus::ALL {
            assert_eq!(RequestStatus::parse(status.as_str()), Some(*status));
        }
        for reason in EndReason::ALL {
            assert_eq!(EndReason::parse(reason.as_str()), Some(*reason));
        }
        assert_eq!(RequestStatus::parse("Pending"), None);
    }
}
