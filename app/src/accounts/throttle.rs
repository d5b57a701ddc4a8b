//! Rate limits that are not sign-in failures (sign-ups, password-reset
//! requests) and the browsers a member has signed in with, whose sign-ins
//! other people's failures do not hold up (server only).
//!
//! Failed sign-ins themselves are counted in `sign_in_failures`
//! ([`super::store::throttled_for`]); a wrong current password on the
//! account page counts there too.

use super::{
    policy::email_key,
    security::{hash_token, new_token},
};
use crate::{
    db::{
        schema::{known_devices, rate_limit_events, users},
        Db,
    },
    error::AppError,
    run_query, write_transaction,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// At most `max` events per `subject` within `window`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub bucket: &'static str,
    pub max: i64,
    pub window: Duration,
}

/// Sign-ups from one client address: enough for a class signing up
/// together behind one router, not for scripted account creation.
pub const SIGN_UP_PER_ADDRESS: Limit = Limit {
    bucket: "sign_up_ip",
    max: 20,
    window: Duration::hours(1),
};

/// Reset emails to one address: another try or two when the first is slow
/// to arrive, not a way to flood someone's inbox.
pub const RESET_PER_EMAIL: Limit = Limit {
    bucket: "reset_email",
    max: 5,
    window: Duration::hours(1),
};

/// Reset requests from one client address, whatever emails they name.
pub const RESET_PER_ADDRESS: Limit = Limit {
    bucket: "reset_ip",
    max: 10,
    window: Duration::hours(1),
};

/// Events older than this are of no use to any limit.
const LONGEST_WINDOW: Duration = Duration::hours(1);

/// Counts one event against every `(limit, subject)` pair, unless one of
/// them is already used up: then nothing is counted and the wait until that
/// limit frees a place is returned.
pub async fn hit(
    db: &Db,
    checks: &[(Limit, &str)],
    now: NaiveDateTime,
) -> Result<Option<Duration>, AppError> {
    write_transaction!(db, |conn| {
        diesel::delete(
            rate_limit_events::table
                .filter(rate_limit_events::happened_at.lt(now - LONGEST_WINDOW)),
        )
        .execute(conn)
        .await?;
        let mut wait: Option<Duration> = None;
        for (limit, subject) in checks {
            let recent: Vec<NaiveDateTime> = rate_limit_events::table
                .filter(rate_limit_events::bucket.eq(limit.bucket))
                .filter(rate_limit_events::subject.eq(*subject))
                .filter(rate_limit_events::happened_at.gt(now - limit.window))
                .select(rate_limit_events::happened_at)
                .order(rate_limit_events::happened_at.desc())
                .limit(limit.max)
                .load(conn)
                .await?;
            if recent.len() as i64 >= limit.max {
                // Free again when the oldest counted event leaves the window.
                let until = recent.last().map(|oldest| *oldest + limit.window - now);
                wait = wait.max(until);
            }
        }
        if wait.is_none() {
            for (limit, subject) in checks {
                diesel::insert_into(rate_limit_events::table)
                    .values((
                        rate_limit_events::bucket.eq(limit.bucket),
                        rate_limit_events::subject.eq(*subject),
                        rate_limit_events::happened_at.eq(now),
                    ))
                    .execute(conn)
                    .await?;
            }
        }
        Ok(wait)
    })
}

/// The error for a used-up limit.
pub fn rate_limited(wait: Duration) -> AppError {
    AppError::RateLimited {
        retry_after_secs: wait.num_seconds().max(1) as u64,
    }
}

/// The signed-in member's current password, asked for before a change of
/// email or password. Wrong answers count as failed sign-ins of the account
/// (and lock the same way), so a session left open somewhere cannot be used
/// to guess the password.
pub async fn check_current_password(
    viewer: &super::session::Viewer,
    password: String,
    field: &str,
) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    let ip = super::session::client_ip();
    let now = chrono::Utc::now().naive_utc();
    let email = &viewer.user.email;
    if let Some(wait) = super::store::throttled_for(&state.db, email, &ip, now).await? {
        return Err(rate_limited(wait));
    }
    let matches =
        super::security::verify_password(password, Some(viewer.user.password_hash.clone())).await?;
    if !matches {
        super::store::record_failed_sign_in(&state.db, email, &ip, now).await?;
        return Err(AppError::validation(
            field,
            "That is not your current password.",
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Known devices
// ---------------------------------------------------------------------------

/// A known device stops being trusted after this many failed sign-ins in a
/// row (then the ordinary lockouts apply to it too).
pub const DEVICE_MAX_FAILURES: i32 = 5;

/// The device cookie lives this long; each sign-in renews it.
pub const DEVICE_LIFETIME: Duration = Duration::days(365);

/// The known device behind `token`, if it belongs to the account with this
/// email and has not failed too often.
pub async fn trusted_device(db: &Db, token: &str, email: &str) -> Result<Option<i64>, AppError> {
    let token_hash = hash_token(token);
    let key = email_key(email);
    let found = run_query!(db, |conn| {
        known_devices::table
            .inner_join(users::table)
            .filter(known_devices::token_hash.eq(&token_hash))
            .filter(users::email_key.eq(&key))
            .filter(known_devices::failures.lt(DEVICE_MAX_FAILURES))
            .select(known_devices::id)
            .first::<i64>(conn)
            .await
            .optional()
    })?;
    Ok(found)
}

/// A failed sign-in from a known device.
pub async fn device_failed(db: &Db, device_id: i64) -> Result<(), AppError> {
    run_query!(db, |conn| {
        diesel::update(known_devices::table.find(device_id))
            .set(known_devices::failures.eq(known_devices::failures + 1))
            .execute(conn)
            .await
    })?;
    Ok(())
}

/// After a successful sign-in: the browser's device token for this member,
/// renewed, or a new one (`Some(token)` to set as the cookie).
pub async fn remember_device(
    db: &Db,
    user_id: i64,
    current_token: Option<&str>,
    now: NaiveDateTime,
) -> Result<String, AppError> {
    let current_hash = current_token.map(hash_token);
    let (token, token_hash) = new_token()?;
    write_transaction!(db, |conn| {
        // One browser, one token: the old one (whoever it was for) goes.
        if let Some(current_hash) = &current_hash {
            diesel::delete(known_devices::table.filter(known_devices::token_hash.eq(current_hash)))
                .execute(conn)
                .await?;
        }
        // Devices unused for a year are forgotten.
        diesel::delete(
            known_devices::table
                .filter(known_devices::user_id.eq(user_id))
                .filter(known_devices::last_used_at.lt(now - DEVICE_LIFETIME)),
        )
        .execute(conn)
        .await?;
        diesel::insert_into(known_devices::table)
            .values((
                known_devices::user_id.eq(user_id),
                known_devices::token_hash.eq(&token_hash),
                known_devices::failures.eq(0),
                known_devices::created_at.eq(now),
                known_devices::last_used_at.eq(now),
            ))
            .execute(conn)
            .await?;
        Ok(())
    })?;
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::on_both_backends;

    fn t0() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
    }

    #[tokio::test]
    async fn a_limit_counts_per_subject_and_frees_up_with_its_window() {
        on_both_backends(|db| async move {
            let now = t0();
            let checks =
                |email: &'static str| [(RESET_PER_EMAIL, email), (RESET_PER_ADDRESS, "10.0.0.1")];
            for _ in 0..RESET_PER_EMAIL.max {
                assert_eq!(
                    hit(&db, &checks("ada@example.org"), now).await.unwrap(),
                    None
                );
            }
            let wait = hit(&db, &checks("ada@example.org"), now)
                .await
                .unwrap()
                .expect("one reset too many for one email waits");
            assert_eq!(wait, RESET_PER_EMAIL.window);
            // Another email from the same address still goes, until the
            // address's own limit.
            for n in RESET_PER_EMAIL.max..RESET_PER_ADDRESS.max {
                let email = format!("member{n}@example.org");
                let limits = [
                    (RESET_PER_ADDRESS, "10.0.0.1"),
                    (RESET_PER_EMAIL, email.as_str()),
                ];
                assert_eq!(hit(&db, &limits, now).await.unwrap(), None);
            }
            assert!(hit(&db, &[(RESET_PER_ADDRESS, "10.0.0.1")], now)
                .await
                .unwrap()
                .is_some());
            assert_eq!(
                hit(&db, &[(RESET_PER_ADDRESS, "10.0.0.2")], now)
                    .await
                    .unwrap(),
                None,
                "other addresses are not affected"
            );
            // Refused attempts were not counted: an hour after the first
            // events, everything is free again.
            let later = now + RESET_PER_EMAIL.window + Duration::seconds(1);
            assert_eq!(
                hit(&db, &checks("ada@example.org"), later).await.unwrap(),
                None
            );
        })
        .await;
    }

    #[tokio::test]
    async fn a_known_device_is_trusted_for_its_member_until_it_fails_too_often() {
        on_both_backends(|db| async move {
            let now = t0();
            let seed = crate::accounts::store::SessionSeed {
                token_hash: "session".into(),
                user_agent: String::new(),
                ip_address: "10.0.0.1".into(),
            };
            let ada = crate::accounts::store::sign_up(
                &db,
                "Ada",
                "ada@example.org",
                "hash",
                &seed,
                false,
                now,
            )
            .await
            .unwrap()
            .id;
            let token = remember_device(&db, ada, None, now).await.unwrap();
            let device = trusted_device(&db, &token, "ADA@example.org ")
                .await
                .unwrap()
                .expect("trusted for its member");
            assert_eq!(
                trusted_device(&db, &token, "grace@example.org")
                    .await
                    .unwrap(),
                None
            );
            assert_eq!(
                trusted_device(&db, "forged", "ada@example.org")
                    .await
                    .unwrap(),
                None
            );
            for _ in 0..DEVICE_MAX_FAILURES {
                device_failed(&db, device).await.unwrap();
            }
            assert_eq!(
                trusted_device(&db, &token, "ada@example.org")
                    .await
                    .unwrap(),
                None,
                "no longer trusted after {DEVICE_MAX_FAILURES} failures"
            );
            // Signing in again replaces the token; the old one is gone.
            let renewed = remember_device(&db, ada, Some(&token), now).await.unwrap();
            assert_ne!(renewed, token);
            assert!(trusted_device(&db, &renewed, "ada@example.org")
                .await
                .unwrap()
                .is_some());
            assert_eq!(
                trusted_device(&db, &token, "ada@example.org")
                    .await
                    .unwrap(),
                None
            );
        })
        .await;
    }
}
