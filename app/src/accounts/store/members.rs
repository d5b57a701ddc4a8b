//! The hub admin's side: the member list, admin rights, deactivation, and
//! the command line's admin account.

use super::{SerializeWrites, UserRow, ADMIN_LOCK};
use crate::{
    accounts::{policy::email_key, MemberPage, MemberSummary},
    db::{
        schema::{sessions, users},
        Db,
    },
    error::AppError,
    run_query, write_transaction,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

pub const MEMBERS_PER_PAGE: i64 = 25;

/// Members whose name or email contains `query`, by name, one page at a time.
/// A page past the last one shows the last one (also for absurd numbers,
/// whose offset would not fit in an i64).
pub async fn list_members(db: &Db, query: &str, page: i64) -> Result<MemberPage, AppError> {
    let pattern = crate::text::contains_pattern(query);
    let (total, page, rows) = run_query!(db, |conn| {
        let matching = users::table.filter(
            users::email_key
                .like(&pattern)
                .escape('\\')
                .or(
                    diesel::dsl::sql::<diesel::sql_types::Text>("lower(users.name)")
                        .like(&pattern)
                        .escape('\\'),
                ),
        );
        let total: i64 = matching.clone().count().get_result(conn).await?;
        let (page, offset) = crate::ui::clamp_page(page, total, MEMBERS_PER_PAGE);
        let rows: Vec<UserRow> = matching
            .order((users::name, users::id))
            .limit(MEMBERS_PER_PAGE)
            .offset(offset)
            .select(UserRow::as_select())
            .load(conn)
            .await?;
        Ok::<_, AppError>((total, page, rows))
    })?;
    Ok(MemberPage {
        members: rows
            .into_iter()
            .map(|row| MemberSummary {
                id: row.id,
                name: row.name,
                email: row.email,
                headline: row.headline,
                is_hub_admin: row.is_hub_admin,
                active: row.deactivated_at.is_none(),
                joined: row.created_at,
            })
            .collect(),
        total,
        page,
        per_page: MEMBERS_PER_PAGE,
        query: query.trim().to_owned(),
    })
}

fn last_admin_error() -> AppError {
    AppError::Conflict(
        "The hub must keep at least one active admin. Make someone else an admin first.".into(),
    )
}

/// Loads the account an admin change is about; when the change takes away
/// an active admin (`removing`), refuses it if that is the last one. Call
/// after `serialize_writes(ADMIN_LOCK)`.
trait AdminQueries {
    async fn keep_an_active_admin(
        &mut self,
        user_id: i64,
        removing: bool,
    ) -> Result<UserRow, AppError>;
}

crate::impl_for_both_backends!(AdminQueries {
    async fn keep_an_active_admin(&mut self, user_id: i64, removing: bool) -> Result<UserRow, AppError> {
        let target: UserRow = users::table
            .find(user_id)
            .select(UserRow::as_select())
            .first(self)
            .await?;
        if removing && target.is_hub_admin && target.deactivated_at.is_none() {
            let active_admins: i64 = users::table
                .filter(users::is_hub_admin.eq(true))
                .filter(users::deactivated_at.is_null())
                .count()
                .get_result(self)
                .await?;
            if active_admins <= 1 {
                return Err(last_admin_error());
            }
        }
        Ok(target)
    }
});

/// Grants or removes hub admin rights, refusing to remove the last active admin.
pub async fn set_hub_admin(
    db: &Db,
    user_id: i64,
    admin: bool,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        conn.serialize_writes(ADMIN_LOCK).await?;
        conn.keep_an_active_admin(user_id, !admin).await?;
        diesel::update(users::table.find(user_id))
            .set((users::is_hub_admin.eq(admin), users::updated_at.eq(now)))
            .execute(conn)
            .await?;
        Ok(())
    })
}

/// Deactivates (ending every session at once) or reactivates an account.
pub async fn set_active(
    db: &Db,
    user_id: i64,
    active: bool,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        conn.serialize_writes(ADMIN_LOCK).await?;
        let target = conn.keep_an_active_admin(user_id, !active).await?;
        let deactivated_at = if active {
            None
        } else {
            target.deactivated_at.or(Some(now))
        };
        diesel::update(users::table.find(user_id))
            .set((
                users::deactivated_at.eq(deactivated_at),
                users::updated_at.eq(now),
            ))
            .execute(conn)
            .await?;
        if !active {
            diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id)))
                .execute(conn)
                .await?;
        }
        Ok(())
    })
}

/// For the command line: creates an admin account, or promotes and
/// reactivates the account that has this email. Returns whether it existed.
pub async fn create_or_promote_admin(
    db: &Db,
    name: &str,
    email: &str,
    password_hash: Option<&str>,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let key = email_key(email);
    write_transaction!(db, |conn| {
        conn.serialize_writes(ADMIN_LOCK).await?;
        let existing: Option<i64> = users::table
            .filter(users::email_key.eq(&key))
            .select(users::id)
            .first(conn)
            .await
            .optional()?;
        match existing {
            Some(id) => {
                diesel::update(users::table.find(id))
                    .set((
                        users::is_hub_admin.eq(true),
                        users::deactivated_at.eq(None::<NaiveDateTime>),
                        users::updated_at.eq(now),
                    ))
                    .execute(conn)
                    .await?;
                Ok(true)
            }
            None => {
                let hash = password_hash.ok_or_else(|| {
                    AppError::validation("password", "A new account needs a password.")
                })?;
                diesel::insert_into(users::table)
                    .values((
                        users::email.eq(email.trim()),
                        users::email_key.eq(&key),
                        users::name.eq(name.trim()),
                        users::password_hash.eq(hash),
                        users::is_hub_admin.eq(true),
                        users::created_at.eq(now),
                        users::updated_at.eq(now),
                    ))
                    .execute(conn)
                    .await?;
                Ok(false)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        accounts::store::{fixtures::*, *},
        db::testing::on_both_backends,
    };

    #[tokio::test(flavor = "multi_thread")]
    async fn the_hub_always_keeps_an_active_admin() {
        on_both_backends(|db| async move {
            let now = t0();
            let ada = member(&db, "Ada", now).await;
            let grace = member(&db, "Grace", now).await;
            assert!(
                matches!(
                    set_hub_admin(&db, ada.id, false, now).await,
                    Err(AppError::Conflict(_))
                ),
                "{db:?}"
            );
            assert!(matches!(
                set_active(&db, ada.id, false, now).await,
                Err(AppError::Conflict(_))
            ));
            set_hub_admin(&db, grace.id, true, now).await.unwrap();
            set_hub_admin(&db, ada.id, false, now).await.unwrap();
            assert!(!find_by_id(&db, ada.id).await.unwrap().unwrap().is_hub_admin);
            assert!(matches!(
                set_active(&db, grace.id, false, now).await,
                Err(AppError::Conflict(_))
            ));
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn deactivation_ends_every_session_and_reactivation_restores_sign_in() {
        on_both_backends(|db| async move {
            let now = t0();
            member(&db, "Ada", now).await;
            let grace = member(&db, "Grace", now).await;
            start_session(&db, grace.id, &seed("phone"), None, now)
                .await
                .unwrap();
            set_active(&db, grace.id, false, now).await.unwrap();
            assert!(
                session_user(&db, "s-Grace", now).await.unwrap().is_none(),
                "{db:?}"
            );
            assert!(session_user(&db, "phone", now).await.unwrap().is_none());
            assert!(find_by_id(&db, grace.id)
                .await
                .unwrap()
                .unwrap()
                .deactivated_at
                .is_some());
            set_active(&db, grace.id, true, now).await.unwrap();
            assert!(find_by_id(&db, grace.id)
                .await
                .unwrap()
                .unwrap()
                .deactivated_at
                .is_none());
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn members_are_searched_and_paged_by_name() {
        on_both_backends(|db| async move {
            let now = t0();
            for i in 0..(MEMBERS_PER_PAGE + 5) {
                member(&db, &format!("Member{i:02}"), now).await;
            }
            member(&db, "Zed_Percent%", now).await;
            let first = list_members(&db, "", 1).await.unwrap();
            assert_eq!(first.total, MEMBERS_PER_PAGE + 6, "{db:?}");
            assert_eq!(first.members.len() as i64, MEMBERS_PER_PAGE);
            assert_eq!(first.members[0].name, "Member00");
            let second = list_members(&db, "", 2).await.unwrap();
            assert_eq!(second.members.len(), 6);
            let found = list_members(&db, "member0", 1).await.unwrap();
            assert_eq!(found.total, 10);
            // LIKE wildcards in the query are taken literally.
            assert_eq!(list_members(&db, "_percent%", 1).await.unwrap().total, 1);
            assert_eq!(list_members(&db, "%", 1).await.unwrap().total, 1);
        })
        .await;
    }
}
