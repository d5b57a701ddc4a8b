//! Values a page shows once, right after a redirect, kept on the server for
//! a few minutes so they never travel in a URL (server only). The URL
//! carries a random key; only its hash is stored; only the member it was
//! made for (or, for a visitor's, whoever holds the key) can read it, once.
//!
//! Used for a new invitation link's token (a one-time secret that must not
//! land in browser history or proxy logs) and for a refused plain form
//! post's messages and values (a 20,000-character About text or answers to
//! registration questions do not belong in a URL either).

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

/// Keeps `payload` for `owner` (a member, or `None` for a visitor) under
/// `purpose`; returns the key for the URL.
pub async fn put(
    db: &Db,
    owner: Option<i64>,
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
                flash_values::user_id.eq(owner),
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

/// The payload kept under `key`, if it was made for `owner` (the same
/// member, or a visitor's for `None`) and purpose and has not expired; it
/// is gone afterwards.
pub async fn take(
    db: &Db,
    owner: Option<i64>,
    purpose: &str,
    key: &str,
    now: NaiveDateTime,
) -> Result<Option<String>, AppError> {
    if key.is_empty() || key.len() > MAX_KEY {
        return Ok(None);
    }
    let key_hash = hash_token(key);
    write_transaction!(db, |conn| {
        let found: Option<(i64, Option<i64>, String, NaiveDateTime)> = flash_values::table
            .filter(flash_values::key_hash.eq(&key_hash))
            .filter(flash_values::purpose.eq(purpose))
            .select((
                flash_values::id,
                flash_values::user_id,
                flash_values::payload,
                flash_values::expires_at,
            ))
            .first(conn)
            .await
            .optional()?;
        let Some((id, made_for, payload, expires_at)) = found else {
            return Ok(None);
        };
        if made_for != owner {
            // Someone else's: left for its owner.
            return Ok(None);
        }
        diesel::delete(flash_values::table.find(id))
            .execute(conn)
            .await?;
        Ok((expires_at > now).then_some(payload))
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

            let key = put(&db, Some(ada), "invitation:1", "secret-token", now)
                .await
                .unwrap();
            assert!(!key.contains("secret"));
            assert_eq!(
                take(&db, Some(grace), "invitation:1", &key, now)
                    .await
                    .unwrap(),
                None
            );
            assert_eq!(
                take(&db, Some(ada), "invitation:2", &key, now)
                    .await
                    .unwrap(),
                None
            );
            assert_eq!(
                take(&db, Some(ada), "invitation:1", &key, now)
                    .await
                    .unwrap()
                    .as_deref(),
                Some("secret-token")
            );
            assert_eq!(
                take(&db, Some(ada), "invitation:1", &key, now)
                    .await
                    .unwrap(),
                None,
                "read once"
            );

            let key = put(&db, Some(ada), "invitation:1", "old", now)
                .await
                .unwrap();
            let later = now + FLASH_LIFETIME + Duration::seconds(1);
            assert_eq!(
                take(&db, Some(ada), "invitation:1", &key, later)
                    .await
                    .unwrap(),
                None
            );
            assert_eq!(
                take(&db, Some(ada), "invitation:1", "", now).await.unwrap(),
                None
            );

            // A visitor's: not for a member, and read once by the key's holder.
            let key = put(&db, None, "form", "typed", now).await.unwrap();
            assert_eq!(take(&db, Some(ada), "form", &key, now).await.unwrap(), None);
            assert_eq!(
                take(&db, None, "form", &key, now).await.unwrap().as_deref(),
                Some("typed")
            );
            assert_eq!(take(&db, None, "form", &key, now).await.unwrap(), None);
        })
        .await;
    }
}
