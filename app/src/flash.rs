//! Values a page shows once, right after a redirect, kept on the server for
//! a few minutes so they never travel in a URL (server only). The URL
//! carries a random key; only its hash is stored; only the member it was
//! made for can read it, once.
//!
//! Used for a new invitation link's token (a one-time secret that must not
//! land in browser history or proxy logs).

use crate::{
    accounts::security::{hash_token, new_token},
    db::{schema::flash_values, Db},
    error::AppError,
    write_transaction,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// Long enough to follow the redirect, short enough not to linger.
pub const FLASH_LIFETIME: Duration = Duration::minutes(10);

/// The longest key a page accepts (43 characters: 256 bits, base64url).
pub const MAX_KEY: usize = 64;

/// Keeps `payload` for `user_id` under `purpose`; returns the key for the URL.
pub async fn put(
    db: &Db,
    user_id: i64,
    purpose: &str,
    payload: &str,
    now: NaiveDateTime,
) -> Result<String, AppError> {
    let (key, key_hash) = new_token()?;
    write_transaction!(db, |conn| {
        diesel::delete(flash_values::table.filter(flash_values::expires_at.lt(now)))
            .execute(conn)
            .await?;
        diesel::insert_into(flash_values::table)
            .values((
                flash_values::key_hash.eq(&key_hash),
                flash_values::user_id.eq(user_id),
                flash_values::purpose.eq(purpose),
                flash_values::payload.eq(payload),
                flash_values::created_at.eq(now),
                flash_values::expires_at.eq(now + FLASH_LIFETIME),
            ))
            .execute(conn)
            .await?;
        Ok(())
    })?;
    Ok(key)
}

/// The payload kept under `key`, if it was made for this member and
/// purpose and has not expired; it is gone afterwards.
pub async fn take(
    db: &Db,
    user_id: i64,
    purpose: &str,
    key: &str,
    now: NaiveDateTime,
) -> Result<Option<String>, AppError> {
    if key.is_empty() || key.len() > MAX_KEY {
        return Ok(None);
    }
    let key_hash = hash_token(key);
    write_transaction!(db, |conn| {
        let taken: Option<(String, NaiveDateTime)> = diesel::delete(
            flash_values::table
                .filter(flash_values::key_hash.eq(&key_hash))
                .filter(flash_values::user_id.eq(user_id))
                .filter(flash_values::purpose.eq(purpose)),
        )
        .returning((flash_values::payload, flash_values::expires_at))
        .get_result(conn)
        .await
        .optional()?;
        Ok(taken
            .filter(|(_, expires_at)| *expires_at > now)
            .map(|(payload, _)| payload))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::on_both_backends;

    #[tokio::test]
    async fn a_flash_value_is_read_once_by_its_member_before_it_expires() {
        on_both_backends(|db| async move {
            let now = chrono::Utc::now().naive_utc();
            let seed = |token: &str| crate::accounts::store::SessionSeed {
                token_hash: token.into(),
                user_agent: String::new(),
                ip_address: String::new(),
            };
            let sign_up = |name: &'static str, token: &'static str| {
                let db = db.clone();
                async move {
                    crate::accounts::store::sign_up(
                        &db,
                        name,
                        &format!("{name}@example.org"),
                        "hash",
                        &seed(token),
                        false,
                        now,
                    )
                    .await
                    .unwrap()
                    .id
                }
            };
            let ada = sign_up("ada", "s1").await;
            let grace = sign_up("grace", "s2").await;

            let key = put(&db, ada, "invitation:1", "secret-token", now)
                .await
                .unwrap();
            assert!(!key.contains("secret"));
            assert_eq!(
                take(&db, grace, "invitation:1", &key, now).await.unwrap(),
                None
            );
            assert_eq!(
                take(&db, ada, "invitation:2", &key, now).await.unwrap(),
                None
            );
            assert_eq!(
                take(&db, ada, "invitation:1", &key, now)
                    .await
                    .unwrap()
                    .as_deref(),
                Some("secret-token")
            );
            assert_eq!(
                take(&db, ada, "invitation:1", &key, now).await.unwrap(),
                None,
                "read once"
            );

            let key = put(&db, ada, "invitation:1", "old", now).await.unwrap();
            let later = now + FLASH_LIFETIME + Duration::seconds(1);
            assert_eq!(
                take(&db, ada, "invitation:1", &key, later).await.unwrap(),
                None
            );
            assert_eq!(take(&db, ada, "invitation:1", "", now).await.unwrap(), None);
        })
        .await;
    }
}
