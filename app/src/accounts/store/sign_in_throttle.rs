//! The sign-in throttle: recent failures per account and per address.

use crate::{
    accounts::policy::email_key,
    db::{schema::sign_in_failures, Db},
    error::AppError,
    run_query, write_transaction,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// Sign-in throttle: failures counted over this window...
pub const THROTTLE_WINDOW: Duration = Duration::minutes(15);
/// ...per account (known or not, so the answer never tells them apart)...
pub const THROTTLE_PER_ACCOUNT: i64 = 10;
/// ...and per client address (higher: many people share one address).
pub const THROTTLE_PER_ADDRESS: i64 = 50;

/// How long the caller must wait before another sign-in attempt, if the
/// account or the address has failed too often recently.
pub async fn throttled_for(
    db: &Db,
    email: &str,
    ip_address: &str,
    now: NaiveDateTime,
) -> Result<Option<Duration>, AppError> {
    let key = email_key(email);
    let since = now - THROTTLE_WINDOW;
    let (by_account, by_address) = run_query!(db, |conn| {
        let by_account: Vec<NaiveDateTime> = sign_in_failures::table
            .filter(sign_in_failures::email_key.eq(&key))
            .filter(sign_in_failures::failed_at.gt(since))
            .select(sign_in_failures::failed_at)
            .order(sign_in_failures::failed_at.desc())
            .limit(THROTTLE_PER_ACCOUNT)
            .load(conn)
            .await?;
        let by_address: Vec<NaiveDateTime> = sign_in_failures::table
            .filter(sign_in_failures::ip_address.eq(ip_address))
            .filter(sign_in_failures::failed_at.gt(since))
            .select(sign_in_failures::failed_at)
            .order(sign_in_failures::failed_at.desc())
            .limit(THROTTLE_PER_ADDRESS)
            .load(conn)
            .await?;
        Ok::<_, AppError>((by_account, by_address))
    })?;
    // Blocked until the oldest of the counted failures leaves the window.
    let wait = |failures: &[NaiveDateTime], limit: i64| {
        (failures.len() as i64 >= limit)
            .then(|| {
                failures
                    .last()
                    .map(|oldest| *oldest + THROTTLE_WINDOW - now)
            })
            .flatten()
    };
    Ok(wait(&by_account, THROTTLE_PER_ACCOUNT).max(wait(&by_address, THROTTLE_PER_ADDRESS)))
}

pub async fn record_failed_sign_in(
    db: &Db,
    email: &str,
    ip_address: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let key = email_key(email);
    write_transaction!(db, |conn| {
        // Old rows are of no use to the throttle: prune as we go.
        diesel::delete(
            sign_in_failures::table.filter(sign_in_failures::failed_at.lt(now - THROTTLE_WINDOW)),
        )
        .execute(conn)
        .await?;
        diesel::insert_into(sign_in_failures::table)
            .values((
                sign_in_failures::email_key.eq(&key),
                sign_in_failures::ip_address.eq(ip_address),
                sign_in_failures::failed_at.eq(now),
            ))
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
    async fn the_throttle_counts_per_account_and_per_address_within_the_window() {
        on_both_backends(|db| async move {
            let now = t0();
            for i in 0..THROTTLE_PER_ACCOUNT {
                assert!(throttled_for(&db, "ada@example.org", "10.0.0.1", now)
                    .await
                    .unwrap()
                    .is_none());
                record_failed_sign_in(
                    &db,
                    "Ada@example.org",
                    "10.0.0.1",
                    now + Duration::seconds(i),
                )
                .await
                .unwrap();
            }
            let wait = throttled_for(
                &db,
                "ada@example.org",
                "10.0.0.2",
                now + Duration::seconds(20),
            )
            .await
            .unwrap()
            .expect("blocked after ten failures");
            assert!(
                wait > Duration::minutes(14) && wait <= THROTTLE_WINDOW,
                "{wait}"
            );
            // Another account from the same address is not blocked yet.
            assert!(throttled_for(&db, "grace@example.org", "10.0.0.1", now)
                .await
                .unwrap()
                .is_none());
            // The block lifts once the failures leave the window.
            let later = now + THROTTLE_WINDOW + Duration::seconds(THROTTLE_PER_ACCOUNT + 1);
            assert!(
                throttled_for(&db, "ada@example.org", "10.0.0.1", later)
                    .await
                    .unwrap()
                    .is_none(),
                "{db:?}"
            );
        })
        .await;
    }
}
