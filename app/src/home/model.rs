//! What the member's home page shows: one block per thing they may act
//! on, each a short list that links to where they act on it.

use crate::{
    events::RegistrationStatus,
    programs::{MembershipStatus, Role},
};
use serde::{Deserialize, Serialize};

/// At most this many rows in a block; the block links to the rest.
pub const BLOCK_ROWS: usize = 5;
/// Answers in a followed thread count as new for this many days (and
/// only after the member began to follow it).
pub const NEW_ANSWER_DAYS: i64 = 14;

/// The signed-in member's home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberHome {
    pub name: String,
    pub programs: Vec<MyProgram>,
    /// Programs beyond the ones listed.
    pub more_programs: i64,
    /// Active mentorships, from the member's side.
    pub partners: Vec<Partner>,
    /// Mentorship requests waiting for this member's answer.
    pub requests: Vec<WaitingRequest>,
    pub requests_total: i64,
    /// Coming events the member holds a place (or waits) for.
    pub my_events: Vec<HomeEvent>,
    /// The next events open to them that they have not registered for.
    pub next_events: Vec<HomeEvent>,
    /// Followed threads with answers since they began to follow.
    pub answers: Vec<FollowedThread>,
    /// Resources added since the member last opened their library.
    pub resources: Vec<NewResource>,
    /// Whether the member admins anything (the hub or a program): then
    /// the page has a "waiting for your decision" block, empty or not.
    pub admin: bool,
    pub decisions: Vec<Decision>,
}

/// A program the member applied to, belongs to or admins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyProgram {
    pub name: String,
    pub path: String,
    /// Their membership, when they have one that is pending or approved.
    pub membership: Option<(Role, MembershipStatus)>,
    pub admin: bool,
}

/// The other side of one of the member's mentorships.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    pub user_id: i64,
    pub name: String,
    /// What the partner is to the member: their mentor or their mentee.
    pub is_mentor: bool,
    pub program_name: String,
    /// The program's Mentors tab.
    pub path: String,
    pub since: String,
}

/// A mentee's request that waits for this mentor's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingRequest {
    pub mentee_id: i64,
    pub mentee_name: String,
    pub program_name: String,
    /// The program's requests page, where the mentor answers.
    pub path: String,
    pub expires: String,
}

/// An event on the home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeEvent {
    pub title: String,
    pub path: String,
    pub when: String,
    /// The hub's name or the program's.
    pub space: String,
    /// The member's place (only in "your events").
    pub status: Option<RegistrationStatus>,
    pub cancelled: bool,
}

/// A followed thread with new answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowedThread {
    pub title: String,
    pub path: String,
    pub space: String,
    pub new_answers: i64,
    pub latest: String,
}

/// A resource added since the member last opened its library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewResource {
    pub title: String,
    pub path: String,
    /// The hub's name or the program's.
    pub space: String,
    pub added: String,
}

/// What waits for an admin's decision in one program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub program_name: String,
    pub program_path: String,
    /// Applications pending approval.
    pub applications: i64,
    /// Approved mentees without a mentor in a program whose admins
    /// match (none where mentees request mentors themselves).
    pub unmatched: i64,
}

impl Decision {
    pub fn applications_path(&self) -> String {
        format!("{}/admin/applications", self.program_path)
    }

    pub fn matching_path(&self) -> String {
        format!("{}/admin/matching", self.program_path)
    }
}
