//! Account queries (server only): users, sessions, one-time tokens, the
//! sign-in throttle, profiles and the admin's member list. One body per
//! query for both backends; times are passed in so tests can move the clock.
//!
//! One file per concern: `users` (sign-up, finding accounts), `sessions`,
//! `sign_in_throttle`, `tokens` (emailed one-time links), `profiles`,
//! `members` (the hub admin's side); `fixtures` is what their tests share.

#[cfg(test)]
mod fixtures;
mod members;
mod profiles;
mod sessions;
mod sign_in_throttle;
mod tokens;
mod users;

pub use members::{
    create_or_promote_admin, list_members, set_active, set_hub_admin, MEMBERS_PER_PAGE,
};
pub use profiles::{load_profile, popular_tags, save_profile, split_list};
pub use sessions::{
    change_password, end_session, list_sessions, revoke_session, session_user, start_session,
    SessionSeed, SESSION_ABSOLUTE, SESSION_IDLE,
};
pub use sign_in_throttle::{
    record_failed_sign_in, throttled_for, THROTTLE_PER_ACCOUNT, THROTTLE_PER_ADDRESS,
    THROTTLE_WINDOW,
};
pub use tokens::{
    confirm_email_change, request_email_change, request_password_reset, reset_password, TokenRow,
    EMAIL_CHANGE_VALID_FOR, PURPOSE_EMAIL_CHANGE, PURPOSE_RESET, RESET_VALID_FOR,
};
pub use users::{
    discussion_emails_of, find_by_email, find_by_id, set_discussion_emails, sign_up, UserRow,
};

use crate::db::{PgConn, SqliteConn};
use diesel::QueryResult;
use diesel_async::SimpleAsyncConnection;

/// Write transactions that must not interleave with another of their kind
/// (the "first account becomes admin" check, "keep one admin"). SQLite
/// already runs one write transaction at a time (IMMEDIATE); PostgreSQL
/// takes a transaction-scoped advisory lock.
pub(crate) trait SerializeWrites {
    async fn serialize_writes(&mut self, key: i64) -> QueryResult<()>;
}

impl SerializeWrites for SqliteConn {
    async fn serialize_writes(&mut self, _key: i64) -> QueryResult<()> {
        Ok(())
    }
}

impl SerializeWrites for PgConn {
    async fn serialize_writes(&mut self, key: i64) -> QueryResult<()> {
        self.batch_execute(&format!("SELECT pg_advisory_xact_lock({key})"))
            .await
    }
}

/// Lock key for changes to who is a (active) hub admin, and sign-ups.
const ADMIN_LOCK: i64 = 0x006d_6861_646d_696e; // "mhadmin"
