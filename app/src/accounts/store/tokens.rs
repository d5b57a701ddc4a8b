//! One-time links sent by email: password reset and email change. The
//! token and its email are written in one transaction; a token works once.

use super::{find_by_email, sessions::insert_session, SessionSeed, UserRow};
use crate::{
    accounts::policy::email_key,
    db::{
        schema::{account_tokens, hub_settings, sessions, sign_in_failures, users},
        Db,
    },
    error::AppError,
    write_transaction,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

pub const RESET_VALID_FOR: Duration = Duration::hours(1);
pub const EMAIL_CHANGE_VALID_FOR: Duration = Duration::hours(24);

pub const PURPOSE_RESET: &str = "password_reset";
pub const PURPOSE_EMAIL_CHANGE: &str = "email_change";

/// A one-time token row, looked up by its hash.
#[derive(Queryable, Debug)]
pub struct TokenRow {
    pub id: i64,
    pub user_id: i64,
    pub new_email: Option<String>,
}

/// A one-time token for `purpose` that is unused and unexpired, or a
/// validation error on the `token` field saying it is not.
fn usable_token_error() -> AppError {
    AppError::validation(
        "token",
        "This link has expired or has already been used. Request a new one.",
    )
}

/// Takes a one-time token: it must exist for `purpose`, be unused and
/// unexpired, and belong to an active account. Marking it used is
/// conditional on `used_at IS NULL`, so two concurrent uses cannot both win.
trait TokenQueries {
    async fn use_token(
        &mut self,
        token_hash: &str,
        purpose: &str,
        now: NaiveDateTime,
    ) -> Result<TokenRow, AppError>;
}

crate::impl_for_both_backends!(TokenQueries {
    async fn use_token(
        &mut self,
        token_hash: &str,
        purpose: &str,
        now: NaiveDateTime,
    ) -> Result<TokenRow, AppError> {
        let token: Option<TokenRow> = account_tokens::table
            .filter(account_tokens::token_hash.eq(token_hash))
            .filter(account_tokens::purpose.eq(purpose))
            .filter(account_tokens::used_at.is_null())
            .filter(account_tokens::expires_at.gt(now))
            .select((
                account_tokens::id,
                account_tokens::user_id,
                account_tokens::new_email,
            ))
            .first(self)
            .await
            .optional()?;
        let token = token.ok_or_else(usable_token_error)?;
        let active: bool = users::table
            .find(token.user_id)
            .select(users::deactivated_at.is_null())
            .first(self)
            .await?;
        if !active {
            return Err(usable_token_error());
        }
        let claimed = diesel::update(
            account_tokens::table
                .find(token.id)
                .filter(account_tokens::used_at.is_null()),
        )
        .set(account_tokens::used_at.eq(now))
        .execute(self)
        .await?;
        if claimed == 0 {
            return Err(usable_token_error());
        }
        Ok(token)
    }
});

/// Resets the password behind a reset token, ends every session of the
/// account and signs this browser in. The token works once.
pub async fn reset_password(
    db: &Db,
    token_hash: &str,
    password_hash: &str,
    seed: &SessionSeed,
    now: NaiveDateTime,
) -> Result<i64, AppError> {
    write_transaction!(db, |conn| {
        let token = conn.use_token(token_hash, PURPOSE_RESET, now).await?;
        diesel::update(users::table.find(token.user_id))
            .set((
                users::password_hash.eq(password_hash),
                users::updated_at.eq(now),
            ))
            .execute(conn)
            .await?;
        diesel::delete(sessions::table.filter(sessions::user_id.eq(token.user_id)))
            .execute(conn)
            .await?;
        let key: String = users::table
            .find(token.user_id)
            .select(users::email_key)
            .first(conn)
            .await?;
        diesel::delete(sign_in_failures::table.filter(sign_in_failures::email_key.eq(&key)))
            .execute(conn)
            .await?;
        insert_session(conn, token.user_id, seed, now).await?;
        Ok(token.user_id)
    })
}

/// Applies a confirmed email change. Refused when the token is not usable
/// or the address was taken in the meantime.
pub async fn confirm_email_change(
    db: &Db,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<String, AppError> {
    write_transaction!(db, |conn| {
        // Any refusal below rolls the transaction back, token use included.
        let token = conn
            .use_token(token_hash, PURPOSE_EMAIL_CHANGE, now)
            .await?;
        let new_email = token.new_email.ok_or_else(usable_token_error)?;
        let key = email_key(&new_email);
        let taken: i64 = users::table
            .filter(users::email_key.eq(&key))
            .filter(users::id.ne(token.user_id))
            .count()
            .get_result(conn)
            .await?;
        if taken > 0 {
            return Err(AppError::validation(
                "token",
                "Another account now uses this email address, so it cannot be moved to yours.",
            ));
        }
        diesel::update(users::table.find(token.user_id))
            .set((
                users::email.eq(&new_email),
                users::email_key.eq(&key),
                users::updated_at.eq(now),
            ))
            .execute(conn)
            .await?;
        Ok(new_email)
    })
}

/// Creates a one-time token for `purpose` and queues the email carrying it,
/// in one transaction: the email exists exactly when the token does.
/// `compose(hub_name, token)` renders the email.
async fn issue_emailed_token(
    db: &Db,
    user_id: i64,
    purpose: &str,
    new_email: Option<&str>,
    valid_for: Duration,
    now: NaiveDateTime,
    compose: impl Fn(&str, &str) -> crate::email::OutgoingEmail,
) -> Result<(), AppError> {
    use crate::email::store::OutboxQueries;
    let (token, token_hash) = crate::accounts::security::new_token()?;
    write_transaction!(db, |conn| {
        // An older unused link of the same kind stops working: only the
        // newest email is valid.
        diesel::update(
            account_tokens::table
                .filter(account_tokens::user_id.eq(user_id))
                .filter(account_tokens::purpose.eq(purpose))
                .filter(account_tokens::used_at.is_null()),
        )
        .set(account_tokens::expires_at.eq(now))
        .execute(conn)
        .await?;
        diesel::insert_into(account_tokens::table)
            .values((
                account_tokens::user_id.eq(user_id),
                account_tokens::purpose.eq(purpose),
                account_tokens::token_hash.eq(&token_hash),
                account_tokens::new_email.eq(new_email),
                account_tokens::created_at.eq(now),
                account_tokens::expires_at.eq(now + valid_for),
            ))
            .execute(conn)
            .await?;
        let hub_name: String = hub_settings::table
            .select(hub_settings::hub_name)
            .first(conn)
            .await?;
        conn.enqueue(&compose(&hub_name, &token)).await?;
        Ok(())
    })
}

/// Emails a reset link to an active account with this email. Says nothing
/// about whether one exists: the caller answers the same either way.
pub async fn request_password_reset(
    db: &Db,
    email: &str,
    site_url: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let Some(user) = find_by_email(db, email).await? else {
        return Ok(());
    };
    if user.deactivated_at.is_some() {
        return Ok(());
    }
    issue_emailed_token(
        db,
        user.id,
        PURPOSE_RESET,
        None,
        RESET_VALID_FOR,
        now,
        |hub, token| {
            crate::email::templates::password_reset(
                hub,
                &user.email,
                &user.name,
                &format!("{site_url}/reset-password?token={token}"),
            )
        },
    )
    .await
}

/// Emails a confirmation link to the new address; the change happens when
/// it is followed.
pub async fn request_email_change(
    db: &Db,
    user: &UserRow,
    new_email: &str,
    site_url: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let new_email = new_email.trim();
    if let Some(owner) = find_by_email(db, new_email).await? {
        let message = if owner.id == user.id {
            "This is already your email address."
        } else {
            "Another account uses this email address."
        };
        return Err(AppError::validation("new_email", message));
    }
    issue_emailed_token(
        db,
        user.id,
        PURPOSE_EMAIL_CHANGE,
        Some(new_email),
        EMAIL_CHANGE_VALID_FOR,
        now,
        |hub, token| {
            crate::email::templates::email_change(
                hub,
                new_email,
                &user.name,
                &format!("{site_url}/confirm-email?token={token}"),
            )
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        accounts::store::{fixtures::*, *},
        db::testing::on_both_backends,
        run_query,
    };

    #[tokio::test(flavor = "multi_thread")]
    async fn a_reset_link_works_once_within_the_hour_and_ends_every_session() {
        on_both_backends(|db| async move {
            let now = t0();
            let ada = member(&db, "Ada", now).await;
            request_password_reset(&db, "ADA@example.org", "http://hub", now)
                .await
                .unwrap();
            let token = latest_token_in_outbox(&db).await;
            // Too late: an hour and a minute later.
            let late = reset_password(
                &db,
                &crate::accounts::security::hash_token(&token),
                "new",
                &seed("late"),
                now + RESET_VALID_FOR + Duration::minutes(1),
            )
            .await;
            assert!(late.unwrap_err().field("token").is_some(), "{db:?}");
            let user = reset_password(
                &db,
                &crate::accounts::security::hash_token(&token),
                "new-hash",
                &seed("fresh"),
                now,
            )
            .await
            .unwrap();
            assert_eq!(user, ada.id);
            assert!(
                session_user(&db, "s-Ada", now).await.unwrap().is_none(),
                "old sessions ended"
            );
            assert!(
                session_user(&db, "fresh", now).await.unwrap().is_some(),
                "this browser signed in"
            );
            assert_eq!(
                find_by_id(&db, ada.id)
                    .await
                    .unwrap()
                    .unwrap()
                    .password_hash,
                "new-hash"
            );
            let again = reset_password(
                &db,
                &crate::accounts::security::hash_token(&token),
                "x",
                &seed("x"),
                now,
            )
            .await;
            assert!(again.unwrap_err().field("token").is_some(), "works once");
            // Unknown emails queue nothing, and say nothing.
            let before = outbox_count(&db).await;
            request_password_reset(&db, "nobody@example.org", "http://hub", now)
                .await
                .unwrap();
            assert_eq!(outbox_count(&db).await, before);
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn an_email_change_applies_only_through_its_link_and_never_onto_a_taken_address() {
        on_both_backends(|db| async move {
            let now = t0();
            let ada = member(&db, "Ada", now).await;
            let ada_row = find_by_id(&db, ada.id).await.unwrap().unwrap();
            member(&db, "Grace", now).await;
            let taken =
                request_email_change(&db, &ada_row, "GRACE@example.org", "http://hub", now).await;
            assert!(
                taken
                    .unwrap_err()
                    .field("new_email")
                    .unwrap()
                    .contains("Another account"),
                "{db:?}"
            );
            request_email_change(&db, &ada_row, "countess@example.org", "http://hub", now)
                .await
                .unwrap();
            assert_eq!(
                find_by_id(&db, ada.id).await.unwrap().unwrap().email,
                "ada@example.org",
                "not yet"
            );
            let token = latest_token_in_outbox(&db).await;
            let moved =
                confirm_email_change(&db, &crate::accounts::security::hash_token(&token), now)
                    .await
                    .unwrap();
            assert_eq!(moved, "countess@example.org");
            assert!(find_by_email(&db, "ada@example.org")
                .await
                .unwrap()
                .is_none());
            assert_eq!(
                find_by_email(&db, "Countess@example.org")
                    .await
                    .unwrap()
                    .unwrap()
                    .id,
                ada.id
            );
            assert!(
                confirm_email_change(&db, &crate::accounts::security::hash_token(&token), now)
                    .await
                    .is_err()
            );
        })
        .await;
    }

    async fn outbox_count(db: &Db) -> i64 {
        use crate::db::schema::outbox;
        let count: Result<i64, AppError> = async {
            Ok(run_query!(db, |conn| outbox::table
                .count()
                .get_result(conn)
                .await)?)
        }
        .await;
        count.unwrap()
    }

    /// The token in the link of the newest queued email.
    async fn latest_token_in_outbox(db: &Db) -> String {
        use crate::db::schema::outbox;
        let body: Result<String, AppError> = async {
            Ok(run_query!(db, |conn| {
                outbox::table
                    .order(outbox::id.desc())
                    .select(outbox::text_body)
                    .first(conn)
                    .await
            })?)
        }
        .await;
        let body = body.unwrap();
        let start = body.find("token=").expect("a link with a token") + "token=".len();
        body[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    }
}
