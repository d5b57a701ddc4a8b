//! Program queries (server only): programs and their admins, registration
//! questions, applications and memberships, invitation links. One body per
//! query for both backends; times are passed in so tests can move the clock.
//!
//! Races are settled by the database, never by a check followed by a write:
//!
//! - one application per program and member: the `(program_id, user_id)`
//!   unique constraint with `ON CONFLICT DO NOTHING`, and a re-application
//!   is an update conditional on the status it was read with;
//! - one decision per application: `UPDATE ... WHERE status = 'pending'`,
//!   and the email is queued only for the rows that update changed;
//! - an invitation's last use: `UPDATE ... SET uses = uses + 1 WHERE uses <
//!   max_uses` (and not revoked, not expired);
//! - question positions: a per-program lock (SQLite: the IMMEDIATE write
//!   transaction; PostgreSQL: a transaction-scoped advisory lock) and a
//!   unique index on the live positions as a backstop.
//!
//! One file per concern: `settings` (creating and finding programs),
//! `directory`, `access` (the guards' input), `admins`, `questions`,
//! `applications` (a member's side), `members` (the admins' side),
//! `invitations`; `rows` and `shared` hold what several of them use, and
//! `fixtures` what their tests share.

mod access;
mod admins;
mod applications;
mod directory;
#[cfg(test)]
pub(crate) mod fixtures;
mod invitations;
mod members;
mod questions;
mod rows;
mod settings;
mod shared;

pub use access::{access, is_program_admin, membership_of};
pub use admins::{add_program_admin, list_program_admins, remove_program_admin};
pub use applications::{leave_program, submit_application, withdraw_application};
pub use directory::{list_programs, member_counts, PROGRAMS_PER_PAGE};
pub use invitations::{create_invitation, find_invitation, list_invitations, revoke_invitation};
pub use members::{
    decide_applications, list_memberships, memberships_of_member, mentorship_partners,
    pending_count, remove_member,
};
pub use questions::{
    add_question, delete_question, list_questions, move_question, update_question,
};
pub use settings::{create_program, program_by_id, program_by_slug, update_program};

use crate::programs::MembershipStatus;

/// Advisory lock keys for one program's question list: this base plus the
/// program id ("mp" in the top bytes keeps them apart from other keys).
const PROGRAM_LOCK_BASE: i64 = 0x6d70_0000_0000_0000;

fn program_lock(program_id: i64) -> i64 {
    PROGRAM_LOCK_BASE + program_id
}

/// Live positions are below this; renumbering moves rows above it first so
/// that no intermediate state breaks the unique index on positions.
const POSITION_SHIFT: i32 = 1_000_000;

/// In the program or on the way in (see [`MembershipStatus::is_active`]).
const ACTIVE_STATUSES: [MembershipStatus; 2] =
    [MembershipStatus::Pending, MembershipStatus::Approved];
