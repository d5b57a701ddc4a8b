//! What a viewer sees of programs and may do in them: directory tiles,
//! their own membership, the guards' input, the named admins.

use super::{MembershipStatus, Program, ProgramStatus, Role};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// A program in the directory, with what the viewer needs to see on its tile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramTile {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub cover_color: String,
    pub status: ProgramStatus,
    pub listed: bool,
    pub accepts_mentors: bool,
    pub accepts_mentees: bool,
    /// Approved members by role.
    pub mentor_count: i64,
    pub mentee_count: i64,
    /// Pending applications; only filled in for the program's admins (0
    /// for everyone else).
    pub pending_count: i64,
    /// The viewer's own application or membership, whatever its status.
    pub my_membership: Option<MyMembership>,
    /// The viewer may manage this program (hub admin or program admin).
    pub can_manage: bool,
}

/// The directory's search box and "my programs" filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryQuery {
    /// Matched against name and summary, ignoring case.
    pub search: String,
    /// Only programs the viewer is in (pending or approved) or manages.
    pub mine: bool,
    /// The page asked for, from 1 (a page out of range shows the nearest).
    pub page: i64,
}

/// One page of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramDirectory {
    pub tiles: Vec<ProgramTile>,
    /// Programs matching the filters, on every page.
    pub total: i64,
    /// The page shown, from 1.
    pub page: i64,
    pub per_page: i64,
}

impl ProgramDirectory {
    pub fn empty() -> ProgramDirectory {
        ProgramDirectory {
            tiles: Vec::new(),
            total: 0,
            page: 1,
            per_page: 1,
        }
    }

    pub fn page_count(&self) -> i64 {
        crate::ui::page_count(self.total, self.per_page)
    }
}

/// A member's own application or membership in one program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyMembership {
    pub id: i64,
    pub role: Role,
    pub status: MembershipStatus,
    pub applied_at: NaiveDateTime,
    /// When the member was approved (if they ever were).
    pub joined_at: Option<NaiveDateTime>,
    pub decided_at: Option<NaiveDateTime>,
    /// The admin's message with a decline, if any.
    pub decision_message: Option<String>,
}

/// What the viewer may do in one program; the guards of the program's
/// server functions. The default is a visitor's: nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramAccess {
    pub is_hub_admin: bool,
    pub is_program_admin: bool,
    pub membership: Option<MyMembership>,
}

impl ProgramAccess {
    /// Settings, questions, applications, members, invitations.
    pub fn can_manage(&self) -> bool {
        self.is_hub_admin || self.is_program_admin
    }

    /// Approved in the program, as mentor or mentee.
    pub fn is_member(&self) -> bool {
        self.membership
            .as_ref()
            .is_some_and(|m| m.status == MembershipStatus::Approved)
    }

    /// Discussion, Resources, Events, Mentors.
    pub fn can_open_member_tabs(&self) -> bool {
        self.is_member() || self.can_manage()
    }

    /// The program's page (About): drafts only for admins; unlisted
    /// programs open by address for every member.
    pub fn can_view(&self, program: &Program) -> bool {
        self.can_manage() || program.settings.status != ProgramStatus::Draft
    }
}

/// A member named to manage one program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramAdmin {
    pub user_id: i64,
    pub name: String,
    pub email: String,
}
