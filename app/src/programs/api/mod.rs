//! The programs' server functions and the page data they return. Every
//! function checks its caller through [`super::guard`]: members see what
//! they may see, program admins manage only their programs, naming program
//! admins and creating programs is for hub admins.
//!
//! The page data types are here; the functions are in one file per page
//! area, re-exported so that every one is `programs::api::Name`.

// A form's server function takes one argument per field (that is how a
// plain form post maps onto it), so some have many.
#![allow(clippy::too_many_arguments)]

use super::{
    CreatedInvitation, Invitation, MemberRecord, Program, ProgramAccess, ProgramAdmin,
    ProgramDirectory, Question, Role, SubmitOutcome,
};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
use super::guard::ProgramCaller;

mod invitations;
mod member;
mod members;
mod questions;
mod settings;

pub use invitations::*;
pub use member::*;
pub use members::*;
pub use questions::*;
pub use settings::*;

/// The time a server function acts at (the mentors' functions too).
#[cfg(feature = "ssr")]
pub(crate) fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

#[cfg(feature = "ssr")]
pub(crate) fn db() -> Result<crate::db::Db, AppError> {
    Ok(crate::state::app_state()?.db)
}

/// A program's page as the viewer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramPage {
    pub program: Program,
    /// The About text rendered from markdown and sanitized.
    pub about_html: String,
    pub access: ProgramAccess,
    /// False for a visitor, who signs in before joining.
    pub signed_in: bool,
    pub mentor_count: i64,
    pub mentee_count: i64,
    /// Why the viewer cannot apply now, if they cannot (and are not in).
    pub join_refusal: Option<String>,
}

impl ProgramPage {
    pub fn can_apply(&self) -> bool {
        self.join_refusal.is_none()
    }
}

/// What the join form shows: the roles to choose from and, once a role is
/// chosen, that role's questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinForm {
    pub program_id: i64,
    pub program_name: String,
    pub program_path: String,
    pub roles: Vec<Role>,
    pub role: Option<Role>,
    pub questions: Vec<Question>,
    /// Why the viewer cannot apply, if so (the form is then not shown).
    pub refusal: Option<String>,
    /// Set when the form was opened through an invitation link.
    pub invitation: Option<InvitationTerms>,
    /// Submitting makes the member a member at once (automatic approval or
    /// an auto-approving link).
    pub approves_at_once: bool,
}

/// What an invitation link promises the member who uses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationTerms {
    pub token: String,
    pub role: Option<Role>,
    pub auto_approve: bool,
}

/// What `/join/<token>` shows before anything else: the program and whether
/// the link still works. Visitors see this too, so it carries no more than
/// a directory tile does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationPreview {
    pub program_slug: String,
    pub program_name: String,
    pub summary: String,
    pub role: Option<Role>,
    pub auto_approve: bool,
    /// Why the link cannot be used, if so.
    pub problem: Option<String>,
}

/// The member-only tabs of a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberTab {
    Discussion,
    Resources,
    Events,
    Mentors,
}

impl MemberTab {
    pub const ALL: [MemberTab; 4] = [
        MemberTab::Discussion,
        MemberTab::Resources,
        MemberTab::Events,
        MemberTab::Mentors,
    ];

    /// The tab whose address ends in `segment`, if any.
    pub fn from_segment(segment: &str) -> Option<MemberTab> {
        MemberTab::ALL
            .into_iter()
            .find(|tab| tab.segment() == segment)
    }

    pub fn segment(self) -> &'static str {
        match self {
            MemberTab::Discussion => "discussion",
            MemberTab::Resources => "resources",
            MemberTab::Events => "events",
            MemberTab::Mentors => "mentors",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MemberTab::Discussion => "Discussion",
            MemberTab::Resources => "Resources",
            MemberTab::Events => "Events",
            MemberTab::Mentors => "Mentors",
        }
    }
}

/// A member-only tab's content. The tabs' own features fill this in; the
/// gate in front of it is already real.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberTabContent {
    pub tab: MemberTab,
    pub program_name: String,
}

/// A program for its admin pages, with what the header of those pages shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedProgram {
    pub program: Program,
    pub is_hub_admin: bool,
    pub pending_count: i64,
}
