//! The home page's queries (server only), one body for both databases.
//!
//! The home page reads other domains' tables for one member: each block
//! is one or two queries with a `LIMIT`, so a member in many programs or
//! with a long history costs the same number of queries as a newcomer.
//! What the member may see follows the domains' own rules: a program's
//! events and threads only while they are an approved member or one of
//! its admins (hub admins: every program), an event only for its
//! audience.

mod activity;
mod library;
mod programs;
#[cfg(test)]
mod tests;

pub use activity::*;
pub use library::*;
pub use programs::*;

use crate::{
    db::{
        schema::{memberships, program_admins},
        Db,
    },
    error::AppError,
    programs::{MembershipStatus, Role},
    run_query,
};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// Where a member belongs: what decides which events and threads they
/// see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Belonging {
    pub user_id: i64,
    pub hub_admin: bool,
    /// Programs they are an approved member of, with their role.
    pub approved: Vec<(i64, Role)>,
    /// Programs they admin.
    pub managed: Vec<i64>,
}

impl Belonging {
    /// Whether they may read the program's (or, for `None`, the hub's)
    /// spaces.
    pub fn sees(&self, program_id: Option<i64>) -> bool {
        match program_id {
            None => true,
            Some(id) => {
                self.hub_admin
                    || self.managed.contains(&id)
                    || self.approved.iter().any(|(p, _)| *p == id)
            }
        }
    }

    /// The programs they are an approved `role` in.
    pub fn approved_as(&self, role: Role) -> Vec<i64> {
        self.approved
            .iter()
            .filter(|(_, r)| *r == role)
            .map(|(p, _)| *p)
            .collect()
    }
}

/// Where `user_id` belongs. Two queries.
pub async fn belonging(db: &Db, user_id: i64, hub_admin: bool) -> Result<Belonging, AppError> {
    let (approved, managed) = run_query!(db, |conn| {
        let approved: Vec<(i64, Role)> = memberships::table
            .filter(memberships::user_id.eq(user_id))
            .filter(memberships::status.eq(MembershipStatus::Approved))
            .select((memberships::program_id, memberships::role))
            .load(conn)
            .await?;
        let managed: Vec<i64> = program_admins::table
            .filter(program_admins::user_id.eq(user_id))
            .select(program_admins::program_id)
            .load(conn)
            .await?;
        Ok::<_, AppError>((approved, managed))
    })?;
    Ok(Belonging {
        user_id,
        hub_admin,
        approved,
        managed,
    })
}
