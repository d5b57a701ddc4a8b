//! A member's personal calendar feed (`/calendar/<secret>.ics`). The
//! secret is derived from the server's key and a per-member nonce, so the
//! account page can show it again without storing it; the table keeps the
//! nonce and the secret's hash, which is what a request is looked up by.
//! A reset draws a new nonce: the old address stops working.

use super::EventRow;
use crate::discussion::seal::SecretKey;
use crate::{
    db::{
        schema::{
            calendar_feeds, event_registrations, events, memberships, program_admins, programs,
            users,
        },
        Db,
    },
    error::AppError,
    events::{EventState, RegistrationStatus},
    programs::MembershipStatus,
    run_query, write_transaction,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use sha2::{Digest, Sha256};

fn secret_of(key: &SecretKey, user_id: i64, nonce: &str) -> String {
    key.sign("calendar feed", &format!("{user_id}:{nonce}"))
}

fn hash_of(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the system's random source works");
    hex(&bytes)
}

/// The member's feed secret, created on first use; `reset` replaces it.
pub async fn feed_secret(
    db: &Db,
    key: &SecretKey,
    user_id: i64,
    reset: bool,
    now: NaiveDateTime,
) -> Result<String, AppError> {
    if !reset {
        let nonce: Option<String> = run_query!(db, |conn| {
            calendar_feeds::table
                .find(user_id)
                .select(calendar_feeds::nonce)
                .first(conn)
                .await
                .optional()
        })?;
        if let Some(nonce) = nonce {
            return Ok(secret_of(key, user_id, &nonce));
        }
    }
    let nonce = new_nonce();
    let secret = secret_of(key, user_id, &nonce);
    let hash = hash_of(&secret);
    write_transaction!(db, |conn| {
        diesel::insert_into(calendar_feeds::table)
            .values((
                calendar_feeds::user_id.eq(user_id),
                calendar_feeds::nonce.eq(&nonce),
                calendar_feeds::secret_hash.eq(&hash),
                calendar_feeds::created_at.eq(now),
            ))
            .on_conflict(calendar_feeds::user_id)
            .do_update()
            .set((
                calendar_feeds::nonce.eq(&nonce),
                calendar_feeds::secret_hash.eq(&hash),
                calendar_feeds::created_at.eq(now),
            ))
            .execute(conn)
            .await?;
        Ok(())
    })?;
    Ok(secret)
}

/// One entry of a feed: the event, its program's slug (none for the
/// hub's), and whether the member holds a place (and so sees the link).
pub type FeedEntry = (EventRow, Option<String>, RegistrationStatus);

/// The feed behind `secret`: the member's registered and waitlisted
/// events from 30 days back to a year ahead, and cancelled ones for 30
/// days after they were cancelled. A program's events only while the
/// member is still in it (approved, or one of its admins; hub admins see
/// every program): leaving a program ends what its feed shows, online
/// links included. `None` for an unknown secret.
pub async fn feed_events(
    db: &Db,
    secret: &str,
    now: NaiveDateTime,
) -> Result<Option<(i64, Vec<FeedEntry>)>, AppError> {
    let hash = hash_of(secret);
    let (from, to) = (now - Duration::days(30), now + Duration::days(365));
    run_query!(db, |conn| {
        let Some(user_id) = calendar_feeds::table
            .filter(calendar_feeds::secret_hash.eq(&hash))
            .select(calendar_feeds::user_id)
            .first::<i64>(conn)
            .await
            .optional()?
        else {
            return Ok(None);
        };
        let is_hub_admin: bool = users::table
            .find(user_id)
            .select(users::is_hub_admin)
            .first(conn)
            .await?;
        let mut query = event_registrations::table
            .inner_join(events::table.left_join(programs::table))
            .into_boxed();
        if !is_hub_admin {
            let approved = memberships::table
                .filter(memberships::user_id.eq(user_id))
                .filter(memberships::status.eq(MembershipStatus::Approved))
                .select(memberships::program_id);
            let managed = program_admins::table
                .filter(program_admins::user_id.eq(user_id))
                .select(program_admins::program_id);
            query = query.filter(
                events::program_id
                    .is_null()
                    .or(events::program_id.assume_not_null().eq_any(approved))
                    .or(events::program_id.assume_not_null().eq_any(managed)),
            );
        }
        let rows: Vec<FeedEntry> = query
            .filter(event_registrations::user_id.eq(user_id))
            .filter(event_registrations::status.ne(RegistrationStatus::Cancelled))
            .filter(events::ends_at.ge(from))
            .filter(events::starts_at.le(to))
            .filter(
                events::state
                    .eq(EventState::Scheduled)
                    .or(events::cancelled_at.ge(from)),
            )
            .order((events::starts_at.asc(), events::id.asc()))
            .limit(1_000)
            .select((
                EventRow::as_select(),
                programs::slug.nullable(),
                event_registrations::status,
            ))
            .load(conn)
            .await?;
        Ok(Some((user_id, rows)))
    })
}
