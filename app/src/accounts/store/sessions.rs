//! Sessions: starting, checking, listing and ending them, and the
//! password change that ends every other one.

use super::UserRow;
use crate::{
    accounts::SessionInfo,
    db::{
        schema::{sessions, sign_in_failures, users},
        Db,
    },
    error::AppError,
    run_query, write_transaction,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// A session ends after this long without a request...
pub const SESSION_IDLE: Duration = Duration::days(14);
/// ...and after this long in any case.
pub const SESSION_ABSOLUTE: Duration = Duration::days(90);
/// `last_seen_at` is written at most this often, not on every request.
const SESSION_TOUCH_EVERY: Duration = Duration::minutes(5);

/// What we record about the browser a session belongs to.
#[derive(Debug, Clone)]
pub struct SessionSeed {
    pub token_hash: String,
    pub user_agent: String,
    pub ip_address: String,
}

fn session_expiry(created_at: NaiveDateTime) -> NaiveDateTime {
    created_at + SESSION_ABSOLUTE
}

/// Shared by every path that starts a session.
pub(super) trait SessionQueries {
    async fn insert_session(
        &mut self,
        user_id: i64,
        seed: &SessionSeed,
        now: NaiveDateTime,
    ) -> QueryResult<()>;
}

crate::impl_for_both_backends!(SessionQueries {
    async fn insert_session(&mut self, user_id: i64, seed: &SessionSeed, now: NaiveDateTime) -> QueryResult<()> {
        diesel::insert_into(sessions::table)
            .values((
                sessions::user_id.eq(user_id),
                sessions::token_hash.eq(&seed.token_hash),
                sessions::user_agent.eq(truncate(&seed.user_agent, 300)),
                sessions::ip_address.eq(&seed.ip_address),
                sessions::created_at.eq(now),
                sessions::last_seen_at.eq(now),
                sessions::expires_at.eq(session_expiry(now)),
            ))
            .execute(self)
            .await
            .map(|_| ())
    }
});

pub(super) async fn insert_session<C: SessionQueries>(
    conn: &mut C,
    user_id: i64,
    seed: &SessionSeed,
    now: NaiveDateTime,
) -> QueryResult<()> {
    conn.insert_session(user_id, seed, now).await
}

fn truncate(value: &str, max_chars: usize) -> String {
    value.chars().take(max_chars).collect()
}

/// Starts a session after a successful sign-in: the account's failure count
/// is cleared and the browser's previous session, if any, ends (rotation).
pub async fn start_session(
    db: &Db,
    user_id: i64,
    seed: &SessionSeed,
    previous_token_hash: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        let email: String = users::table
            .find(user_id)
            .select(users::email_key)
            .first(conn)
            .await?;
        diesel::delete(sign_in_failures::table.filter(sign_in_failures::email_key.eq(&email)))
            .execute(conn)
            .await?;
        if let Some(previous) = previous_token_hash {
            diesel::delete(sessions::table.filter(sessions::token_hash.eq(previous)))
                .execute(conn)
                .await?;
        }
        insert_session(conn, user_id, seed, now).await?;
        Ok(())
    })
}

/// The signed-in account behind a session token's hash, if the session is
/// still valid and the account active. Refreshes `last_seen_at` now and then.
pub async fn session_user(
    db: &Db,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<Option<(i64, UserRow)>, AppError> {
    let found = run_query!(db, |conn| {
        sessions::table
            .inner_join(users::table)
            .filter(sessions::token_hash.eq(token_hash))
            .filter(sessions::expires_at.gt(now))
            .filter(sessions::last_seen_at.gt(now - SESSION_IDLE))
            .filter(users::deactivated_at.is_null())
            .select((sessions::id, sessions::last_seen_at, UserRow::as_select()))
            .first::<(i64, NaiveDateTime, UserRow)>(conn)
            .await
            .optional()
    })?;
    let Some((session_id, last_seen_at, user)) = found else {
        return Ok(None);
    };
    if now - last_seen_at > SESSION_TOUCH_EVERY {
        run_query!(db, |conn| {
            diesel::update(sessions::table.find(session_id))
                .set(sessions::last_seen_at.eq(now))
                .execute(conn)
                .await
        })?;
    }
    Ok(Some((session_id, user)))
}

pub async fn end_session(db: &Db, token_hash: &str) -> Result<(), AppError> {
    run_query!(db, |conn| {
        diesel::delete(sessions::table.filter(sessions::token_hash.eq(token_hash)))
            .execute(conn)
            .await
    })?;
    Ok(())
}

pub async fn list_sessions(
    db: &Db,
    user_id: i64,
    current_session: i64,
    now: NaiveDateTime,
) -> Result<Vec<SessionInfo>, AppError> {
    let rows: Vec<(i64, String, String, NaiveDateTime, NaiveDateTime)> = run_query!(db, |conn| {
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::expires_at.gt(now))
            .filter(sessions::last_seen_at.gt(now - SESSION_IDLE))
            .order(sessions::last_seen_at.desc())
            .select((
                sessions::id,
                sessions::user_agent,
                sessions::ip_address,
                sessions::created_at,
                sessions::last_seen_at,
            ))
            .load(conn)
            .await
    })?;
    Ok(rows
        .into_iter()
        .map(
            |(id, user_agent, ip_address, created_at, last_seen_at)| SessionInfo {
                id,
                device: crate::accounts::describe_device(&user_agent),
                ip_address,
                created_at,
                last_seen_at,
                current: id == current_session,
            },
        )
        .collect())
}

/// Ends one of the member's own sessions; another member's id is "not found".
pub async fn revoke_session(db: &Db, user_id: i64, session_id: i64) -> Result<(), AppError> {
    let deleted = run_query!(db, |conn| {
        diesel::delete(
            sessions::table
                .filter(sessions::id.eq(session_id))
                .filter(sessions::user_id.eq(user_id)),
        )
        .execute(conn)
        .await
    })?;
    if deleted == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Sets a new password and ends every other session of the account.
pub async fn change_password(
    db: &Db,
    user_id: i64,
    password_hash: &str,
    keep_session: i64,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        diesel::update(users::table.find(user_id))
            .set((
                users::password_hash.eq(password_hash),
                users::updated_at.eq(now),
            ))
            .execute(conn)
            .await?;
        diesel::delete(
            sessions::table
                .filter(sessions::user_id.eq(user_id))
                .filter(sessions::id.ne(keep_session)),
        )
        .execute(conn)
        .await?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{accounts::store::fixtures::*, db::testing::on_both_backends};

    #[tokio::test(flavor = "multi_thread")]
    async fn sessions_expire_when_idle_and_absolutely() {
        on_both_backends(|db| async move {
            let start = t0();
            let ada = member(&db, "Ada", start).await;
            let token = "s-Ada";
            assert_eq!(
                session_user(&db, token, start).await.unwrap().unwrap().1.id,
                ada.id
            );
            assert!(session_user(&db, "unknown", start).await.unwrap().is_none());
            // Idle for longer than the idle limit: gone.
            let idle = start + SESSION_IDLE + Duration::minutes(1);
            assert!(
                session_user(&db, token, idle).await.unwrap().is_none(),
                "{db:?}"
            );
            // Used every ten days, it lives until the absolute limit and no longer.
            let mut now = start;
            while now + Duration::days(10) < start + SESSION_ABSOLUTE {
                now += Duration::days(10);
                assert!(
                    session_user(&db, token, now).await.unwrap().is_some(),
                    "alive at {now}"
                );
            }
            let after = start + SESSION_ABSOLUTE + Duration::minutes(1);
            assert!(session_user(&db, token, after).await.unwrap().is_none());
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn sign_in_rotates_the_session_and_sign_out_ends_it() {
        on_both_backends(|db| async move {
            let now = t0();
            let ada = member(&db, "Ada", now).await;
            start_session(&db, ada.id, &seed("second"), Some("s-Ada"), now)
                .await
                .unwrap();
            assert!(
                session_user(&db, "s-Ada", now).await.unwrap().is_none(),
                "old session ended"
            );
            assert!(session_user(&db, "second", now).await.unwrap().is_some());
            end_session(&db, "second").await.unwrap();
            assert!(session_user(&db, "second", now).await.unwrap().is_none());
        })
        .await;
    }
}
