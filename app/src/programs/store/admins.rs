//! A program's named admins.

use super::shared::ProgramQueries;
use crate::{
    db::{
        schema::{program_admins, users},
        Db,
    },
    error::AppError,
    programs::ProgramAdmin,
    run_query, write_transaction,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// Names an active member as an admin of the program (again is fine).
pub async fn add_program_admin(
    db: &Db,
    program_id: i64,
    user_id: i64,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        conn.load_program(program_id).await?;
        let active: Option<bool> = users::table
            .find(user_id)
            .select(users::deactivated_at.is_null())
            .first(conn)
            .await
            .optional()?;
        match active {
            None => return Err(AppError::NotFound),
            Some(false) => {
                return Err(AppError::Conflict(
                    "This account is deactivated; reactivate it first.".into(),
                ))
            }
            Some(true) => {}
        }
        diesel::insert_into(program_admins::table)
            .values((
                program_admins::program_id.eq(program_id),
                program_admins::user_id.eq(user_id),
                program_admins::created_at.eq(now),
            ))
            .on_conflict((program_admins::program_id, program_admins::user_id))
            .do_nothing()
            .execute(conn)
            .await?;
        Ok(())
    })
}

pub async fn remove_program_admin(db: &Db, program_id: i64, user_id: i64) -> Result<(), AppError> {
    let removed = run_query!(db, |conn| {
        diesel::delete(
            program_admins::table
                .filter(program_admins::program_id.eq(program_id))
                .filter(program_admins::user_id.eq(user_id)),
        )
        .execute(conn)
        .await
    })?;
    if removed == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The program's admins, by name.
pub async fn list_program_admins(db: &Db, program_id: i64) -> Result<Vec<ProgramAdmin>, AppError> {
    let rows: Vec<(i64, String, String)> = run_query!(db, |conn| {
        program_admins::table
            .inner_join(users::table)
            .filter(program_admins::program_id.eq(program_id))
            .order((users::name, users::id))
            .select((users::id, users::name, users::email))
            .load(conn)
            .await
    })?;
    Ok(rows
        .into_iter()
        .map(|(user_id, name, email)| ProgramAdmin {
            user_id,
            name,
            email,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::on_both_backends;
    use crate::programs::store::{fixtures::*, *};

    #[tokio::test(flavor = "multi_thread")]
    async fn program_admins_are_named_and_removed() {
        on_both_backends(|db| async move {
            let now = t0();
            let admin = member(&db, "Admin").await;
            let ada = member(&db, "Ada").await;
            let grace = member(&db, "Grace").await;
            let p = program(&db, &admin, settings("Spring", "spring")).await;
            assert!(!is_program_admin(&db, p.id, ada.id).await.unwrap());
            add_program_admin(&db, p.id, ada.id, now).await.unwrap();
            add_program_admin(&db, p.id, ada.id, now).await.unwrap();
            add_program_admin(&db, p.id, grace.id, now).await.unwrap();
            assert!(is_program_admin(&db, p.id, ada.id).await.unwrap(), "{db:?}");
            let access_ada = access(&db, p.id, &ada).await.unwrap();
            assert!(access_ada.can_manage() && access_ada.can_open_member_tabs());
            assert!(!access_ada.is_member());
            let listed: Vec<String> = list_program_admins(&db, p.id)
                .await
                .unwrap()
                .into_iter()
                .map(|a| a.name)
                .collect();
            assert_eq!(listed, ["Ada", "Grace"]);
            remove_program_admin(&db, p.id, ada.id).await.unwrap();
            assert_eq!(
                remove_program_admin(&db, p.id, ada.id).await.unwrap_err(),
                AppError::NotFound
            );
            assert!(!access(&db, p.id, &ada).await.unwrap().can_manage());
            assert!(
                access(&db, p.id, &admin).await.unwrap().can_manage(),
                "hub admin"
            );
            assert_eq!(
                add_program_admin(&db, p.id, 9_999, now).await.unwrap_err(),
                AppError::NotFound
            );
            crate::accounts::store::set_active(&db, grace.id, false, now)
                .await
                .unwrap();
            assert!(matches!(
                add_program_admin(&db, p.id, grace.id, now).await,
                Err(AppError::Conflict(_))
            ));
        })
        .await;
    }
}
