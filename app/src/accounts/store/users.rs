//! Accounts: signing up and finding an account.

use super::{sessions::insert_session, SerializeWrites, SessionSeed, ADMIN_LOCK};
use crate::{
    accounts::{policy::email_key, CurrentUser},
    db::{
        schema::{hub_settings, users},
        Db,
    },
    error::AppError,
    hub::SignupMode,
    run_query, write_transaction,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = users)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub is_hub_admin: bool,
    pub deactivated_at: Option<NaiveDateTime>,
    pub headline: String,
    pub bio: String,
    pub location: String,
    pub time_zone: String,
    pub languages: String,
    pub website_url: String,
    pub linkedin_url: String,
    pub created_at: NaiveDateTime,
}

impl UserRow {
    pub fn current_user(&self) -> CurrentUser {
        CurrentUser {
            id: self.id,
            name: self.name.clone(),
            email: self.email.clone(),
            is_hub_admin: self.is_hub_admin,
        }
    }
}

/// Creates an account and signs it in. The first account of a hub becomes
/// its admin. `bypass_signup_mode` is for invitation links.
pub async fn sign_up(
    db: &Db,
    name: &str,
    email: &str,
    password_hash: &str,
    seed: &SessionSeed,
    bypass_signup_mode: bool,
    now: NaiveDateTime,
) -> Result<CurrentUser, AppError> {
    let key = email_key(email);
    write_transaction!(db, |conn| {
        conn.serialize_writes(ADMIN_LOCK).await?;
        let mode: SignupMode = hub_settings::table
            .select(hub_settings::signup_mode)
            .first(conn)
            .await?;
        if mode == SignupMode::InvitationOnly && !bypass_signup_mode {
            return Err(AppError::Forbidden);
        }
        let taken: i64 = users::table
            .filter(users::email_key.eq(&key))
            .count()
            .get_result(conn)
            .await?;
        if taken > 0 {
            return Err(AppError::validation(
                "email",
                "An account with this email already exists. Sign in, or reset its password.",
            ));
        }
        let existing: i64 = users::table.count().get_result(conn).await?;
        let id: i64 = diesel::insert_into(users::table)
            .values((
                users::email.eq(email.trim()),
                users::email_key.eq(&key),
                users::name.eq(name.trim()),
                users::password_hash.eq(password_hash),
                users::is_hub_admin.eq(existing == 0),
                users::created_at.eq(now),
                users::updated_at.eq(now),
            ))
            .returning(users::id)
            .get_result(conn)
            .await?;
        insert_session(conn, id, seed, now).await?;
        Ok(CurrentUser {
            id,
            name: name.trim().to_owned(),
            email: email.trim().to_owned(),
            is_hub_admin: existing == 0,
        })
    })
}

/// The account an email belongs to, for checking a password.
pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<UserRow>, AppError> {
    let key = email_key(email);
    Ok(run_query!(db, |conn| {
        users::table
            .filter(users::email_key.eq(&key))
            .select(UserRow::as_select())
            .first(conn)
            .await
            .optional()
    })?)
}

pub async fn find_by_id(db: &Db, id: i64) -> Result<Option<UserRow>, AppError> {
    Ok(run_query!(db, |conn| {
        users::table
            .find(id)
            .select(UserRow::as_select())
            .first(conn)
            .await
            .optional()
    })?)
}

/// A member's choice of discussion emails (the account page, and the
/// unsubscribe link of a discussion email, which sets "off").
pub async fn set_discussion_emails(
    db: &Db,
    user_id: i64,
    choice: crate::accounts::DiscussionEmails,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        diesel::update(users::table.find(user_id))
            .set(users::discussion_emails.eq(choice))
            .execute(conn)
            .await?;
        Ok(())
    })
}

/// A member's choice of discussion emails.
pub async fn discussion_emails_of(
    db: &Db,
    user_id: i64,
) -> Result<crate::accounts::DiscussionEmails, AppError> {
    Ok(run_query!(db, |conn| users::table
        .find(user_id)
        .select(users::discussion_emails)
        .first::<crate::accounts::DiscussionEmails>(conn)
        .await)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{accounts::store::fixtures::*, db::testing::on_both_backends};

    #[tokio::test(flavor = "multi_thread")]
    async fn the_first_account_becomes_admin_and_emails_are_unique_ignoring_case() {
        on_both_backends(|db| async move {
            let now = t0();
            let first = sign_up(&db, " Ada ", "Ada@Example.org", "h", &seed("a"), false, now)
                .await
                .unwrap();
            assert!(first.is_hub_admin, "{db:?}");
            assert_eq!(first.name, "Ada");
            let second = member(&db, "Grace", now).await;
            assert!(!second.is_hub_admin);
            let duplicate = sign_up(
                &db,
                "Other",
                "ada@EXAMPLE.org ",
                "h",
                &seed("c"),
                false,
                now,
            )
            .await
            .unwrap_err();
            assert!(duplicate.field("email").unwrap().contains("already exists"));
            assert_eq!(
                find_by_email(&db, "ADA@example.org")
                    .await
                    .unwrap()
                    .unwrap()
                    .id,
                first.id
            );
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn concurrent_first_sign_ups_make_exactly_one_admin() {
        on_both_backends(|db| async move {
            let now = t0();
            let attempts = (0..6).map(|i| {
                let db = db.clone();
                tokio::spawn(async move {
                    sign_up(
                        &db,
                        "Racer",
                        &format!("racer{i}@example.org"),
                        "h",
                        &seed(&format!("r{i}")),
                        false,
                        now,
                    )
                    .await
                })
            });
            let mut admins = 0;
            for attempt in attempts.collect::<Vec<_>>() {
                if attempt.await.unwrap().unwrap().is_hub_admin {
                    admins += 1;
                }
            }
            assert_eq!(admins, 1, "{db:?}");
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn invitation_only_hubs_refuse_plain_sign_up() {
        on_both_backends(|db| async move {
            let settings = crate::hub::HubSettings {
                signup_mode: SignupMode::InvitationOnly,
                ..crate::hub::HubSettings::default()
            };
            crate::hub::store::update(&db, settings).await.unwrap();
            let refused =
                sign_up(&db, "Ada", "ada@example.org", "h", &seed("a"), false, t0()).await;
            assert_eq!(refused.unwrap_err(), AppError::Forbidden, "{db:?}");
            let invited = sign_up(&db, "Ada", "ada@example.org", "h", &seed("a"), true, t0()).await;
            assert!(invited.is_ok());
        })
        .await;
    }
}
