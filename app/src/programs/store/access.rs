//! What a viewer may do in a program: the input of every program guard.

use super::rows::MembershipRow;
use crate::{
    accounts::CurrentUser,
    db::{
        schema::{memberships, program_admins},
        Db,
    },
    error::AppError,
    programs::{MyMembership, ProgramAccess},
    run_query,
};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// What `viewer` may do in the program: the input of every program guard.
pub async fn access(
    db: &Db,
    program_id: i64,
    viewer: &CurrentUser,
) -> Result<ProgramAccess, AppError> {
    let uid = viewer.id;
    let (admin, membership) = run_query!(db, |conn| {
        let admin: i64 = program_admins::table
            .filter(program_admins::program_id.eq(program_id))
            .filter(program_admins::user_id.eq(uid))
            .count()
            .get_result(conn)
            .await?;
        let membership: Option<MembershipRow> = memberships::table
            .filter(memberships::program_id.eq(program_id))
            .filter(memberships::user_id.eq(uid))
            .select(MembershipRow::as_select())
            .first(conn)
            .await
            .optional()?;
        Ok::<_, AppError>((admin > 0, membership))
    })?;
    Ok(ProgramAccess {
        is_hub_admin: viewer.is_hub_admin,
        is_program_admin: admin,
        membership: membership.map(|row| row.mine()),
    })
}

/// Whether `user_id` is named an admin of this program (hub admins are
/// not, unless named: check `CurrentUser::is_hub_admin` too).
pub async fn is_program_admin(db: &Db, program_id: i64, user_id: i64) -> Result<bool, AppError> {
    let count: i64 = run_query!(db, |conn| {
        program_admins::table
            .filter(program_admins::program_id.eq(program_id))
            .filter(program_admins::user_id.eq(user_id))
            .count()
            .get_result(conn)
            .await
    })?;
    Ok(count > 0)
}

/// The member's application or membership in the program, any status.
pub async fn membership_of(
    db: &Db,
    program_id: i64,
    user_id: i64,
) -> Result<Option<MyMembership>, AppError> {
    let row: Option<MembershipRow> = run_query!(db, |conn| {
        memberships::table
            .filter(memberships::program_id.eq(program_id))
            .filter(memberships::user_id.eq(user_id))
            .select(MembershipRow::as_select())
            .first(conn)
            .await
            .optional()
    })?;
    Ok(row.map(|row| row.mine()))
}
