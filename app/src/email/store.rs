//! The outbox table (server only).
//!
//! A row is written by [`OutboxQueries::enqueue`] inside the transaction of
//! the change that causes the email, and then moves:
//!
//! ```text
//! pending --claim_due--> sending --mark_sent--> sent
//!    ^                      |
//!    +---record_failure-----+  (attempts + 1, next_attempt_at = now + backoff)
//!                           +--record_failure--> failed   (permanent error, or the last attempt)
//!                           +--fail_interrupted--> failed (left in `sending` by a stopped process)
//! ```
//!
//! Delivery is **at most once**. A row in `sending` has been handed to the
//! mail server, or is about to be, by some process. If that process dies
//! mid-way we cannot know whether the message left, so such a row is never
//! sent again automatically: once its claim is older than the lease,
//! [`fail_interrupted`] marks it failed with an explanation. Losing a rare
//! email in a crash is the price for never sending anything twice (a second
//! password reset link or a duplicated approval notice would confuse more
//! than it helps); an operator can see the failed rows and act.
//!
//! Times are UTC, truncated to whole microseconds (PostgreSQL's precision),
//! and come from the application's clock; every function takes `now` so
//! that tests can move time without sleeping.

use super::OutgoingEmail;
use crate::{
    db::{
        begin_postgres_write, begin_sqlite_write, finish_transaction, schema::outbox, Db, DbConn,
        DbError, PgConn, SqliteConn,
    },
    impl_for_both_backends, run_query,
    text_enum::text_enum,
};
use chrono::{NaiveDateTime, TimeDelta, Timelike};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::time::Duration;

text_enum! {
    /// Where a row is in its life (stored as text in `outbox.status`).
    pub enum OutboxStatus {
        /// Waiting for its `next_attempt_at`.
        Pending => "pending", "Pending";
        /// Claimed by a worker that is delivering it now.
        Sending => "sending", "Sending";
        Sent => "sent", "Sent";
        /// Given up: permanent error, too many attempts, or interrupted.
        Failed => "failed", "Failed";
    }
}

/// The longest `last_error` kept; mail servers can answer at length.
const MAX_ERROR_CHARS: usize = 500;

/// The `last_error` of a row that a stopped process left in `sending`.
pub const INTERRUPTED_ERROR: &str = "delivery was interrupted (the process handling it stopped \
     while sending); not retried because the message may already have left";

/// The current time as the outbox stores it: UTC, whole microseconds.
pub fn now() -> NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    now.with_nanosecond(now.nanosecond() / 1_000 * 1_000)
        .unwrap_or(now)
}

/// Queues an email from inside the caller's transaction:
///
/// ```text
/// write_transaction!(db, |conn| {
///     /* ...the change... */
///     conn.enqueue(&templates::password_reset(..)).await?;
///     Ok(())
/// })
/// ```
///
/// Implemented for both connection types, so one body serves both backends.
/// The email is due at once; nothing is sent before the transaction commits
/// (the worker cannot see the row until then), and nothing at all if it
/// rolls back.
// Callers use the concrete connection types, whose futures are `Send`.
#[allow(async_fn_in_trait)]
pub trait OutboxQueries {
    /// Inserts a pending row and returns its id.
    async fn enqueue(&mut self, email: &OutgoingEmail) -> QueryResult<i64>;
}

impl_for_both_backends!(OutboxQueries {
    async fn enqueue(&mut self, email: &OutgoingEmail) -> QueryResult<i64> {
        let now = now();
        diesel::insert_into(outbox::table)
            .values((
                outbox::recipient.eq(&email.to),
                outbox::subject.eq(&email.subject),
                outbox::text_body.eq(&email.text_body),
                outbox::html_body.eq(&email.html_body),
                outbox::list_unsubscribe.eq(&email.list_unsubscribe),
                outbox::attachment_name.eq(email.attachment.as_ref().map(|a| &a.name)),
                outbox::attachment_type.eq(email.attachment.as_ref().map(|a| &a.content_type)),
                outbox::attachment_body.eq(email.attachment.as_ref().map(|a| &a.body)),
                outbox::status.eq(OutboxStatus::Pending),
                outbox::attempts.eq(0),
                outbox::next_attempt_at.eq(now),
                outbox::created_at.eq(now),
            ))
            .returning(outbox::id)
            .get_result(self)
            .await
    }
});

/// An email a worker has claimed and must now deliver.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = outbox)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct ClaimedEmail {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub list_unsubscribe: Option<String>,
    pub attachment_name: Option<String>,
    pub attachment_type: Option<String>,
    pub attachment_body: Option<String>,
    /// Attempts made before this one.
    pub attempts: i32,
    pub created_at: NaiveDateTime,
}

/// A row as an operator (or a test) sees it; the bodies are left out.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = outbox)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct OutboxEntry {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub claimed_at: Option<NaiveDateTime>,
    pub sent_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
}

/// When to try again after a failed attempt, and when to give up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The wait after the first failure; it doubles after each further one.
    pub base_delay: Duration,
    /// The longest wait between two attempts.
    pub max_delay: Duration,
    /// After this many failed attempts the row is marked failed.
    pub max_attempts: i32,
}

impl Default for RetryPolicy {
    /// 30 s, 1 min, 2 min ... capped at 1 h; ten attempts span about three
    /// hours, long enough to ride out a mail server's restart or a short
    /// outage, short enough that a reset link is still worth receiving.
    fn default() -> Self {
        RetryPolicy {
            base_delay: Duration::from_secs(30),
            max_delay: Duration::from_secs(3600),
            max_attempts: 10,
        }
    }
}

impl RetryPolicy {
    /// The wait after the `failures`-th failed attempt (1 for the first):
    /// `base_delay · 2^(failures - 1)`, at most `max_delay`.
    pub fn delay_after(&self, failures: i32) -> Duration {
        let doublings = (failures.max(1) - 1).min(31) as u32;
        self.base_delay
            .saturating_mul(1u32 << doublings)
            .min(self.max_delay)
    }
}

/// Why an attempt failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryFailure {
    /// Short and free of secrets: it is stored and shown to operators.
    pub message: String,
    /// Retrying cannot help (a refused address, a 5xx answer): give up now.
    pub permanent: bool,
}

impl DeliveryFailure {
    pub fn transient(message: impl Into<String>) -> Self {
        DeliveryFailure {
            message: message.into(),
            permanent: false,
        }
    }

    pub fn permanent(message: impl Into<String>) -> Self {
        DeliveryFailure {
            message: message.into(),
            permanent: true,
        }
    }
}

/// Claims up to `limit` pending rows due at `now`: they become `sending`
/// with `claimed_at = now` and are returned, oldest due first. A row is
/// claimed by one caller only, even with several server processes.
pub async fn claim_due(
    db: &Db,
    now: NaiveDateTime,
    limit: i64,
) -> Result<Vec<ClaimedEmail>, DbError> {
    // The SQL differs: PostgreSQL locks the chosen rows and skips rows that
    // another claimer has locked, so concurrent claimers (other processes)
    // never wait for each other nor take the same row. SQLite has no row
    // locks; its IMMEDIATE transaction holds the database's write lock from
    // the first read, so claims are serialized.
    let mut claimed = match db.connection().await? {
        DbConn::Sqlite(mut pooled) => {
            let conn: &mut SqliteConn = &mut pooled;
            begin_sqlite_write(conn).await?;
            let result = async {
                let ids: Vec<i64> = outbox::table
                    .filter(outbox::status.eq(OutboxStatus::Pending))
                    .filter(outbox::next_attempt_at.le(now))
                    .order((outbox::next_attempt_at.asc(), outbox::id.asc()))
                    .limit(limit)
                    .select(outbox::id)
                    .load(conn)
                    .await?;
                conn.mark_claimed(&ids, now).await
            }
            .await;
            finish_transaction(conn, result).await?
        }
        DbConn::Postgres(mut pooled) => {
            let conn: &mut PgConn = &mut pooled;
            begin_postgres_write(conn).await?;
            let result = async {
                let ids: Vec<i64> = outbox::table
                    .filter(outbox::status.eq(OutboxStatus::Pending))
                    .filter(outbox::next_attempt_at.le(now))
                    .order((outbox::next_attempt_at.asc(), outbox::id.asc()))
                    .limit(limit)
                    .select(outbox::id)
                    .for_update()
                    .skip_locked()
                    .load(conn)
                    .await?;
                conn.mark_claimed(&ids, now).await
            }
            .await;
            finish_transaction(conn, result).await?
        }
    };
    claimed.sort_by_key(|email| email.id);
    Ok(claimed)
}

/// The half of a claim that is the same SQL on both backends.
trait ClaimQueries {
    async fn mark_claimed(
        &mut self,
        ids: &[i64],
        now: NaiveDateTime,
    ) -> Result<Vec<ClaimedEmail>, DbError>;
}

impl_for_both_backends!(ClaimQueries {
    async fn mark_claimed(
        &mut self,
        ids: &[i64],
        now: NaiveDateTime,
    ) -> Result<Vec<ClaimedEmail>, DbError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // No status condition: these ids were chosen (and, on PostgreSQL,
        // locked) by this transaction.
        Ok(diesel::update(outbox::table.filter(outbox::id.eq_any(ids)))
            .set((
                outbox::status.eq(OutboxStatus::Sending),
                outbox::claimed_at.eq(now),
            ))
            .returning(ClaimedEmail::as_returning())
            .get_results(self)
            .await?)
    }
});

/// Records a successful delivery. Not conditional on the status: should a
/// slow delivery finish after its row was declared interrupted, the truth
/// ("sent") wins.
pub async fn mark_sent(db: &Db, id: i64, now: NaiveDateTime) -> Result<(), DbError> {
    run_query!(db, |conn| {
        diesel::update(outbox::table.find(id))
            .set((
                outbox::status.eq(OutboxStatus::Sent),
                outbox::attempts.eq(outbox::attempts + 1),
                outbox::sent_at.eq(now),
            ))
            .execute(conn)
            .await
            .map_err(DbError::from)
    })?;
    Ok(())
}

/// Records a failed attempt at a claimed email: back to `pending` with a
/// later `next_attempt_at`, or `failed` when the failure is permanent or
/// this was the last attempt the policy allows. Returns the new status.
pub async fn record_failure(
    db: &Db,
    email: &ClaimedEmail,
    failure: &DeliveryFailure,
    now: NaiveDateTime,
    policy: &RetryPolicy,
) -> Result<OutboxStatus, DbError> {
    let attempts = email.attempts.saturating_add(1);
    let (status, next_attempt_at) = if failure.permanent || attempts >= policy.max_attempts {
        (OutboxStatus::Failed, now)
    } else {
        let delay = TimeDelta::from_std(policy.delay_after(attempts)).unwrap_or(TimeDelta::MAX);
        (
            OutboxStatus::Pending,
            now.checked_add_signed(delay).unwrap_or(NaiveDateTime::MAX),
        )
    };
    let last_error: String = failure.message.chars().take(MAX_ERROR_CHARS).collect();
    run_query!(db, |conn| {
        diesel::update(
            outbox::table
                .find(email.id)
                .filter(outbox::status.eq(OutboxStatus::Sending)),
        )
        .set((
            outbox::status.eq(status),
            outbox::attempts.eq(attempts),
            outbox::next_attempt_at.eq(next_attempt_at),
            outbox::last_error.eq(&last_error),
        ))
        .execute(conn)
        .await
        .map_err(DbError::from)
    })?;
    Ok(status)
}

/// Puts claimed rows that were not attempted back to `pending` (a worker
/// that is asked to stop in the middle of a batch).
pub async fn release(db: &Db, ids: &[i64]) -> Result<(), DbError> {
    if ids.is_empty() {
        return Ok(());
    }
    run_query!(db, |conn| {
        diesel::update(
            outbox::table
                .filter(outbox::id.eq_any(ids))
                .filter(outbox::status.eq(OutboxStatus::Sending)),
        )
        .set(outbox::status.eq(OutboxStatus::Pending))
        .execute(conn)
        .await
        .map_err(DbError::from)
    })?;
    Ok(())
}

/// Marks failed the rows left in `sending` by a process that stopped: those
/// claimed more than `lease` before `now`. They are not sent again (see the
/// module documentation). Returns their ids.
pub async fn fail_interrupted(
    db: &Db,
    now: NaiveDateTime,
    lease: Duration,
) -> Result<Vec<i64>, DbError> {
    let cutoff = now
        .checked_sub_signed(TimeDelta::from_std(lease).unwrap_or(TimeDelta::MAX))
        .unwrap_or(NaiveDateTime::MIN);
    let mut ids = run_query!(db, |conn| {
        diesel::update(
            outbox::table
                .filter(outbox::status.eq(OutboxStatus::Sending))
                .filter(outbox::claimed_at.lt(cutoff)),
        )
        .set((
            outbox::status.eq(OutboxStatus::Failed),
            outbox::last_error.eq(INTERRUPTED_ERROR),
        ))
        .returning(outbox::id)
        .get_results::<i64>(conn)
        .await
        .map_err(DbError::from)
    })?;
    ids.sort_unstable();
    Ok(ids)
}

/// One row, without its bodies.
pub async fn find(db: &Db, id: i64) -> Result<Option<OutboxEntry>, DbError> {
    run_query!(db, |conn| {
        outbox::table
            .find(id)
            .select(OutboxEntry::as_select())
            .first(conn)
            .await
            .optional()
            .map_err(DbError::from)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{db::testing::on_both_backends, error::AppError, write_transaction};
    use std::collections::BTreeSet;

    fn email(n: usize) -> OutgoingEmail {
        OutgoingEmail {
            to: format!("member{n}@example.org"),
            subject: format!("Subject {n}"),
            text_body: format!("Text {n}"),
            html_body: format!("<p>HTML {n}</p>"),
            list_unsubscribe: None,
            attachment: None,
        }
    }

    async fn enqueue(db: &Db, email: &OutgoingEmail) -> i64 {
        let id: Result<i64, AppError> =
            async { write_transaction!(db, |conn| Ok(conn.enqueue(email).await?)) }.await;
        id.unwrap()
    }

    async fn count(db: &Db) -> i64 {
        let count: Result<i64, DbError> = async {
            run_query!(db, |conn| {
                Ok(outbox::table.count().get_result::<i64>(conn).await?)
            })
        }
        .await;
        count.unwrap()
    }

    async fn entry(db: &Db, id: i64) -> OutboxEntry {
        find(db, id).await.unwrap().expect("the outbox row exists")
    }

    fn seconds(n: i64) -> TimeDelta {
        TimeDelta::seconds(n)
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn an_email_enqueued_in_a_rolled_back_transaction_does_not_exist() {
        on_both_backends(|db| async move {
            let result: Result<(), AppError> = async {
                write_transaction!(db, |conn| {
                    conn.enqueue(&email(1)).await?;
                    Err(AppError::Conflict(
                        "the change failed after the enqueue".into(),
                    ))
                })
            }
            .await;
            assert!(result.is_err());
            assert_eq!(count(&db).await, 0, "{db:?}");
            assert!(claim_due(&db, now() + seconds(60), 10)
                .await
                .unwrap()
                .is_empty());

            let id = enqueue(&db, &email(2)).await;
            assert_eq!(count(&db).await, 1, "{db:?}");
            let row = entry(&db, id).await;
            assert_eq!(row.status, OutboxStatus::Pending);
            assert_eq!(row.recipient, "member2@example.org");
            assert_eq!(row.attempts, 0);
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_due_email_is_claimed_once() {
        on_both_backends(|db| async move {
            let id = enqueue(&db, &email(1)).await;
            let t = now();
            let claimed = claim_due(&db, t, 10).await.unwrap();
            assert_eq!(claimed.len(), 1, "{db:?}");
            assert_eq!(claimed[0].id, id);
            assert_eq!(claimed[0].subject, "Subject 1");
            assert_eq!(claimed[0].html_body, "<p>HTML 1</p>");
            assert_eq!(claimed[0].attempts, 0);
            let row = entry(&db, id).await;
            assert_eq!(row.status, OutboxStatus::Sending);
            assert_eq!(row.claimed_at, Some(t));

            assert!(claim_due(&db, t + seconds(3600), 10)
                .await
                .unwrap()
                .is_empty());

            mark_sent(&db, id, t).await.unwrap();
            let row = entry(&db, id).await;
            assert_eq!(row.status, OutboxStatus::Sent, "{db:?}");
            assert_eq!(row.sent_at, Some(t));
            assert_eq!(row.attempts, 1);
            assert!(claim_due(&db, t + seconds(3600), 10)
                .await
                .unwrap()
                .is_empty());
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn claims_take_the_oldest_due_first_and_respect_the_limit() {
        on_both_backends(|db| async move {
            let ids = [
                enqueue(&db, &email(1)).await,
                enqueue(&db, &email(2)).await,
                enqueue(&db, &email(3)).await,
            ];
            let t = now();
            let first: Vec<i64> = claim_due(&db, t, 2)
                .await
                .unwrap()
                .iter()
                .map(|e| e.id)
                .collect();
            assert_eq!(first, ids[..2], "{db:?}");
            let second: Vec<i64> = claim_due(&db, t, 2)
                .await
                .unwrap()
                .iter()
                .map(|e| e.id)
                .collect();
            assert_eq!(second, ids[2..]);
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_failure_schedules_a_retry_that_is_not_due_before_its_time() {
        on_both_backends(|db| async move {
            let policy = RetryPolicy::default();
            let id = enqueue(&db, &email(1)).await;
            let t = now();
            let claimed = claim_due(&db, t, 10).await.unwrap().remove(0);
            let status = record_failure(
                &db,
                &claimed,
                &DeliveryFailure::transient("451 try again later"),
                t,
                &policy,
            )
            .await
            .unwrap();
            assert_eq!(status, OutboxStatus::Pending, "{db:?}");
            let row = entry(&db, id).await;
            assert_eq!(row.status, OutboxStatus::Pending);
            assert_eq!(row.attempts, 1);
            assert_eq!(row.next_attempt_at, t + seconds(30));
            assert_eq!(row.last_error.as_deref(), Some("451 try again later"));

            assert!(claim_due(&db, t + seconds(29), 10)
                .await
                .unwrap()
                .is_empty());
            let again = claim_due(&db, t + seconds(30), 10).await.unwrap();
            assert_eq!(again.len(), 1, "{db:?}");
            assert_eq!(again[0].attempts, 1);

            // The second failure waits twice as long.
            record_failure(
                &db,
                &again[0],
                &DeliveryFailure::transient("connection refused"),
                t + seconds(30),
                &policy,
            )
            .await
            .unwrap();
            let row = entry(&db, id).await;
            assert_eq!(row.attempts, 2);
            assert_eq!(row.next_attempt_at, t + seconds(90));
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn the_last_allowed_attempt_or_a_permanent_error_fails_the_email() {
        on_both_backends(|db| async move {
            let policy = RetryPolicy {
                max_attempts: 3,
                ..RetryPolicy::default()
            };
            let id = enqueue(&db, &email(1)).await;
            let mut t = now();
            let mut statuses = Vec::new();
            loop {
                let claimed = claim_due(&db, t, 10).await.unwrap();
                let Some(claimed) = claimed.into_iter().next() else {
                    break;
                };
                let failure = DeliveryFailure::transient(format!("attempt {}", claimed.attempts));
                statuses.push(
                    record_failure(&db, &claimed, &failure, t, &policy)
                        .await
                        .unwrap(),
                );
                t += seconds(3600);
                assert!(statuses.len() <= 3, "{db:?}: still retrying: {statuses:?}");
            }
            use OutboxStatus::*;
            assert_eq!(statuses, [Pending, Pending, Failed], "{db:?}");
            let row = entry(&db, id).await;
            assert_eq!(row.status, Failed);
            assert_eq!(row.attempts, 3);
            assert_eq!(row.last_error.as_deref(), Some("attempt 2"));

            let bounced = enqueue(&db, &email(2)).await;
            let claimed = claim_due(&db, t, 10).await.unwrap().remove(0);
            let failure = DeliveryFailure::permanent("550 no such mailbox");
            let status = record_failure(&db, &claimed, &failure, t, &policy)
                .await
                .unwrap();
            assert_eq!(status, Failed);
            assert_eq!(entry(&db, bounced).await.attempts, 1);
            assert!(claim_due(&db, t + seconds(86_400), 10)
                .await
                .unwrap()
                .is_empty());
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn long_errors_are_shortened() {
        on_both_backends(|db| async move {
            let id = enqueue(&db, &email(1)).await;
            let t = now();
            let claimed = claim_due(&db, t, 1).await.unwrap().remove(0);
            let failure = DeliveryFailure::transient("x".repeat(10_000));
            record_failure(&db, &claimed, &failure, t, &RetryPolicy::default())
                .await
                .unwrap();
            let error = entry(&db, id).await.last_error.unwrap();
            assert_eq!(error.chars().count(), MAX_ERROR_CHARS, "{db:?}");
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn rows_left_sending_past_the_lease_are_failed_not_resent() {
        on_both_backends(|db| async move {
            let lease = Duration::from_secs(600);
            let stale = enqueue(&db, &email(1)).await;
            let t = now();
            assert_eq!(claim_due(&db, t, 10).await.unwrap().len(), 1);
            let recent = enqueue(&db, &email(2)).await;
            let later = t + seconds(300);
            assert_eq!(claim_due(&db, later, 10).await.unwrap().len(), 1);
            let untouched = enqueue(&db, &email(3)).await;

            // Within the lease nothing happens.
            assert!(fail_interrupted(&db, t + seconds(600), lease)
                .await
                .unwrap()
                .is_empty());

            let failed = fail_interrupted(&db, t + seconds(601), lease)
                .await
                .unwrap();
            assert_eq!(failed, [stale], "{db:?}");
            let row = entry(&db, stale).await;
            assert_eq!(row.status, OutboxStatus::Failed);
            assert_eq!(row.last_error.as_deref(), Some(INTERRUPTED_ERROR));
            assert_eq!(entry(&db, recent).await.status, OutboxStatus::Sending);

            // Only the row that was never claimed is claimable again.
            let claimed: Vec<i64> = claim_due(&db, t + seconds(86_400), 10)
                .await
                .unwrap()
                .iter()
                .map(|e| e.id)
                .collect();
            assert_eq!(claimed, [untouched], "{db:?}");
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn released_rows_are_pending_again_without_an_attempt() {
        on_both_backends(|db| async move {
            let id = enqueue(&db, &email(1)).await;
            let t = now();
            let claimed = claim_due(&db, t, 10).await.unwrap();
            release(&db, &[claimed[0].id]).await.unwrap();
            let row = entry(&db, id).await;
            assert_eq!(row.status, OutboxStatus::Pending, "{db:?}");
            assert_eq!(row.attempts, 0);
            assert_eq!(claim_due(&db, t, 10).await.unwrap().len(), 1);
        })
        .await;
    }

    /// Two claimers on separate pooled connections, racing over the same
    /// due rows: each row goes to exactly one of them. A race can go either
    /// way, so it is run several times.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_claimers_get_disjoint_rows() {
        on_both_backends(|db| async move {
            const ROWS: usize = 20;
            for round in 0..5 {
                let mut all = BTreeSet::new();
                for n in 0..ROWS {
                    all.insert(enqueue(&db, &email(n)).await);
                }
                let t = now();
                let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(2));
                let claimers: Vec<_> = (0..2)
                    .map(|_| {
                        let (db, barrier) = (db.clone(), barrier.clone());
                        tokio::spawn(async move {
                            barrier.wait().await;
                            let mut mine = Vec::new();
                            loop {
                                let batch = claim_due(&db, t, 3).await.unwrap();
                                if batch.is_empty() {
                                    break mine;
                                }
                                mine.extend(batch.into_iter().map(|e| e.id));
                            }
                        })
                    })
                    .collect();
                let mut seen = Vec::new();
                for claimer in claimers {
                    seen.extend(claimer.await.unwrap());
                }
                let unique: BTreeSet<i64> = seen.iter().copied().collect();
                assert_eq!(
                    unique.len(),
                    seen.len(),
                    "{db:?}, round {round}: a row was claimed twice: {seen:?}"
                );
                assert_eq!(unique, all, "{db:?}, round {round}");
            }
        })
        .await;
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let policy = RetryPolicy::default();
        let delays: Vec<u64> = (1..=10).map(|n| policy.delay_after(n).as_secs()).collect();
        assert_eq!(delays, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
        assert_eq!(policy.delay_after(1_000).as_secs(), 3600);
    }

    #[test]
    fn statuses_round_trip() {
        for status in [
            OutboxStatus::Pending,
            OutboxStatus::Sending,
            OutboxStatus::Sent,
            OutboxStatus::Failed,
        ] {
            assert_eq!(OutboxStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(OutboxStatus::parse("queued"), None);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_row_with_a_status_nobody_knows_fails_to_load() {
        on_both_backends(|db| async move {
            let id = enqueue(&db, &email(1)).await;
            crate::db::testing::store_unchecked(&db, "outbox", "status", "queued").await;
            let error = find(&db, id).await.unwrap_err();
            // The field's error names the enum and the text found.
            let mut chain = error.to_string();
            let mut source = std::error::Error::source(&error);
            while let Some(cause) = source {
                chain = format!("{chain}: {cause}");
                source = cause.source();
            }
            assert!(
                chain.contains("'status'")
                    && chain.contains("OutboxStatus")
                    && chain.contains("\"queued\""),
                "{db:?}: {chain}"
            );
        })
        .await;
    }
}
