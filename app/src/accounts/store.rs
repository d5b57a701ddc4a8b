//! Account queries (server only): users, sessions, one-time tokens, the
//! sign-in throttle, profiles and the admin's member list. One body per
//! query for both backends; times are passed in so tests can move the clock.

use super::{policy::email_key, CurrentUser, MemberPage, MemberSummary, Profile, SessionInfo};
use crate::{
    db::{
        schema::{account_tokens, hub_settings, sessions, sign_in_failures, user_tags, users},
        Db, PgConn, SqliteConn,
    },
    error::AppError,
    hub::SignupMode,
    run_query, write_transaction,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::{RunQueryDsl, SimpleAsyncConnection};

/// A session ends after this long without a request...
pub const SESSION_IDLE: Duration = Duration::days(14);
/// ...and after this long in any case.
pub const SESSION_ABSOLUTE: Duration = Duration::days(90);
/// `last_seen_at` is written at most this often, not on every request.
const SESSION_TOUCH_EVERY: Duration = Duration::minutes(5);

pub const RESET_VALID_FOR: Duration = Duration::hours(1);
pub const EMAIL_CHANGE_VALID_FOR: Duration = Duration::hours(24);

/// Sign-in throttle: failures counted over this window...
pub const THROTTLE_WINDOW: Duration = Duration::minutes(15);
/// ...per account (known or not, so the answer never tells them apart)...
pub const THROTTLE_PER_ACCOUNT: i64 = 10;
/// ...and per client address (higher: many people share one address).
pub const THROTTLE_PER_ADDRESS: i64 = 50;

pub const PURPOSE_RESET: &str = "password_reset";
pub const PURPOSE_EMAIL_CHANGE: &str = "email_change";

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

/// What we record about the browser a session belongs to.
#[derive(Debug, Clone)]
pub struct SessionSeed {
    pub token_hash: String,
    pub user_agent: String,
    pub ip_address: String,
}

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

fn session_expiry(created_at: NaiveDateTime) -> NaiveDateTime {
    created_at + SESSION_ABSOLUTE
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

/// Shared by every path that starts a session.
trait SessionQueries {
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

async fn insert_session<C: SessionQueries>(
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
                device: super::describe_device(&user_agent),
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

pub fn split_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

pub async fn load_profile(db: &Db, user_id: i64) -> Result<Profile, AppError> {
    let (user, tags) = run_query!(db, |conn| {
        let user = users::table
            .find(user_id)
            .select(UserRow::as_select())
            .first(conn)
            .await?;
        let tags: Vec<String> = user_tags::table
            .filter(user_tags::user_id.eq(user_id))
            .order(user_tags::tag_key)
            .select(user_tags::tag)
            .load(conn)
            .await?;
        Ok::<_, AppError>((user, tags))
    })?;
    Ok(Profile {
        id: user.id,
        name: user.name,
        headline: user.headline,
        bio: user.bio,
        location: user.location,
        time_zone: user.time_zone,
        languages: split_list(&user.languages),
        expertise: tags,
        website_url: user.website_url,
        linkedin_url: user.linkedin_url,
        member_since: user.created_at,
    })
}

/// Saves a validated profile; expertise tags are replaced as a set.
pub async fn save_profile(db: &Db, profile: &Profile, now: NaiveDateTime) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        diesel::update(users::table.find(profile.id))
            .set((
                users::name.eq(&profile.name),
                users::headline.eq(&profile.headline),
                users::bio.eq(&profile.bio),
                users::location.eq(&profile.location),
                users::time_zone.eq(&profile.time_zone),
                users::languages.eq(profile.languages.join(", ")),
                users::website_url.eq(&profile.website_url),
                users::linkedin_url.eq(&profile.linkedin_url),
                users::updated_at.eq(now),
            ))
            .execute(conn)
            .await?;
        diesel::delete(user_tags::table.filter(user_tags::user_id.eq(profile.id)))
            .execute(conn)
            .await?;
        let mut seen = std::collections::BTreeSet::new();
        for tag in &profile.expertise {
            if seen.insert(tag.to_lowercase()) {
                diesel::insert_into(user_tags::table)
                    .values((
                        user_tags::user_id.eq(profile.id),
                        user_tags::tag.eq(tag),
                        user_tags::tag_key.eq(tag.to_lowercase()),
                    ))
                    .execute(conn)
                    .await?;
            }
        }
        Ok(())
    })
}

/// The most used expertise tags, for suggestions while typing.
pub async fn popular_tags(db: &Db, limit: i64) -> Result<Vec<String>, AppError> {
    let rows: Vec<(String, i64)> = run_query!(db, |conn| {
        user_tags::table
            .group_by(user_tags::tag_key)
            .select((
                diesel::dsl::min(user_tags::tag).assume_not_null(),
                diesel::dsl::count_star(),
            ))
            .order((diesel::dsl::count_star().desc(), user_tags::tag_key))
            .limit(limit)
            .load(conn)
            .await
    })?;
    Ok(rows.into_iter().map(|(tag, _)| tag).collect())
}

pub const MEMBERS_PER_PAGE: i64 = 25;

/// Members whose name or email contains `query`, by name, one page at a time.
/// A page past the last one shows the last one (also for absurd numbers,
/// whose offset would not fit in an i64).
pub async fn list_members(db: &Db, query: &str, page: i64) -> Result<MemberPage, AppError> {
    let pattern = format!("%{}%", escape_like(&query.trim().to_lowercase()));
    let (total, page, rows) = run_query!(db, |conn| {
        let matching = users::table.filter(
            users::email_key
                .like(&pattern)
                .escape('\\')
                .or(
                    diesel::dsl::sql::<diesel::sql_types::Text>("lower(users.name)")
                        .like(&pattern)
                        .escape('\\'),
                ),
        );
        let total: i64 = matching.clone().count().get_result(conn).await?;
        let last_page = ((total + MEMBERS_PER_PAGE - 1) / MEMBERS_PER_PAGE).max(1);
        let page = page.clamp(1, last_page);
        let rows: Vec<UserRow> = matching
            .order((users::name, users::id))
            .limit(MEMBERS_PER_PAGE)
            .offset((page - 1) * MEMBERS_PER_PAGE)
            .select(UserRow::as_select())
            .load(conn)
            .await?;
        Ok::<_, AppError>((total, page, rows))
    })?;
    Ok(MemberPage {
        members: rows
            .into_iter()
            .map(|row| MemberSummary {
                id: row.id,
                name: row.name,
                email: row.email,
                headline: row.headline,
                is_hub_admin: row.is_hub_admin,
                active: row.deactivated_at.is_none(),
                joined: row.created_at,
            })
            .collect(),
        total,
        page,
        per_page: MEMBERS_PER_PAGE,
        query: query.trim().to_owned(),
    })
}

fn escape_like(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn last_admin_error() -> AppError {
    AppError::Conflict(
        "The hub must keep at least one active admin. Make someone else an admin first.".into(),
    )
}

/// Loads the account an admin change is about; when the change takes away
/// an active admin (`removing`), refuses it if that is the last one. Call
/// after `serialize_writes(ADMIN_LOCK)`.
trait AdminQueries {
    async fn keep_an_active_admin(
        &mut self,
        user_id: i64,
        removing: bool,
    ) -> Result<UserRow, AppError>;
}

crate::impl_for_both_backends!(AdminQueries {
    async fn keep_an_active_admin(&mut self, user_id: i64, removing: bool) -> Result<UserRow, AppError> {
        let target: UserRow = users::table
            .find(user_id)
            .select(UserRow::as_select())
            .first(self)
            .await?;
        if removing && target.is_hub_admin && target.deactivated_at.is_none() {
            let active_admins: i64 = users::table
                .filter(users::is_hub_admin.eq(true))
                .filter(users::deactivated_at.is_null())
                .count()
                .get_result(self)
                .await?;
            if active_admins <= 1 {
                return Err(last_admin_error());
            }
        }
        Ok(target)
    }
});

/// Grants or removes hub admin rights, refusing to remove the last active admin.
pub async fn set_hub_admin(
    db: &Db,
    user_id: i64,
    admin: bool,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        conn.serialize_writes(ADMIN_LOCK).await?;
        conn.keep_an_active_admin(user_id, !admin).await?;
        diesel::update(users::table.find(user_id))
            .set((users::is_hub_admin.eq(admin), users::updated_at.eq(now)))
            .execute(conn)
            .await?;
        Ok(())
    })
}

/// Deactivates (ending every session at once) or reactivates an account.
pub async fn set_active(
    db: &Db,
    user_id: i64,
    active: bool,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        conn.serialize_writes(ADMIN_LOCK).await?;
        let target = conn.keep_an_active_admin(user_id, !active).await?;
        let deactivated_at = if active {
            None
        } else {
            target.deactivated_at.or(Some(now))
        };
        diesel::update(users::table.find(user_id))
            .set((
                users::deactivated_at.eq(deactivated_at),
                users::updated_at.eq(now),
            ))
            .execute(conn)
            .await?;
        if !active {
            diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id)))
                .execute(conn)
                .await?;
        }
        Ok(())
    })
}

/// For the command line: creates an admin account, or promotes and
/// reactivates the account that has this email. Returns whether it existed.
pub async fn create_or_promote_admin(
    db: &Db,
    name: &str,
    email: &str,
    password_hash: Option<&str>,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let key = email_key(email);
    write_transaction!(db, |conn| {
        conn.serialize_writes(ADMIN_LOCK).await?;
        let existing: Option<i64> = users::table
            .filter(users::email_key.eq(&key))
            .select(users::id)
            .first(conn)
            .await
            .optional()?;
        match existing {
            Some(id) => {
                diesel::update(users::table.find(id))
                    .set((
                        users::is_hub_admin.eq(true),
                        users::deactivated_at.eq(None::<NaiveDateTime>),
                        users::updated_at.eq(now),
                    ))
                    .execute(conn)
                    .await?;
                Ok(true)
            }
            None => {
                let hash = password_hash.ok_or_else(|| {
                    AppError::validation("password", "A new account needs a password.")
                })?;
                diesel::insert_into(users::table)
                    .values((
                        users::email.eq(email.trim()),
                        users::email_key.eq(&key),
                        users::name.eq(name.trim()),
                        users::password_hash.eq(hash),
                        users::is_hub_admin.eq(true),
                        users::created_at.eq(now),
                        users::updated_at.eq(now),
                    ))
                    .execute(conn)
                    .await?;
                Ok(false)
            }
        }
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
    let (token, token_hash) = super::security::new_token()?;
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
    use crate::db::testing::on_both_backends;
    use chrono::Utc;

    fn seed(token: &str) -> SessionSeed {
        SessionSeed {
            token_hash: token.to_owned(),
            user_agent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/150.0".to_owned(),
            ip_address: "127.0.0.1".to_owned(),
        }
    }

    fn t0() -> NaiveDateTime {
        Utc::now().naive_utc()
    }

    async fn member(db: &Db, name: &str, now: NaiveDateTime) -> CurrentUser {
        sign_up(
            db,
            name,
            &format!("{}@example.org", name.to_lowercase()),
            "hash",
            &seed(&format!("s-{name}")),
            false,
            now,
        )
        .await
        .unwrap()
    }

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
                &super::super::security::hash_token(&token),
                "new",
                &seed("late"),
                now + RESET_VALID_FOR + Duration::minutes(1),
            )
            .await;
            assert!(late.unwrap_err().field("token").is_some(), "{db:?}");
            let user = reset_password(
                &db,
                &super::super::security::hash_token(&token),
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
                &super::super::security::hash_token(&token),
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
            let moved = confirm_email_change(&db, &super::super::security::hash_token(&token), now)
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
                confirm_email_change(&db, &super::super::security::hash_token(&token), now)
                    .await
                    .is_err()
            );
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn the_hub_always_keeps_an_active_admin() {
        on_both_backends(|db| async move {
            let now = t0();
            let ada = member(&db, "Ada", now).await;
            let grace = member(&db, "Grace", now).await;
            assert!(
                matches!(
                    set_hub_admin(&db, ada.id, false, now).await,
                    Err(AppError::Conflict(_))
                ),
                "{db:?}"
            );
            assert!(matches!(
                set_active(&db, ada.id, false, now).await,
                Err(AppError::Conflict(_))
            ));
            set_hub_admin(&db, grace.id, true, now).await.unwrap();
            set_hub_admin(&db, ada.id, false, now).await.unwrap();
            assert!(!find_by_id(&db, ada.id).await.unwrap().unwrap().is_hub_admin);
            assert!(matches!(
                set_active(&db, grace.id, false, now).await,
                Err(AppError::Conflict(_))
            ));
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn deactivation_ends_every_session_and_reactivation_restores_sign_in() {
        on_both_backends(|db| async move {
            let now = t0();
            member(&db, "Ada", now).await;
            let grace = member(&db, "Grace", now).await;
            start_session(&db, grace.id, &seed("phone"), None, now)
                .await
                .unwrap();
            set_active(&db, grace.id, false, now).await.unwrap();
            assert!(
                session_user(&db, "s-Grace", now).await.unwrap().is_none(),
                "{db:?}"
            );
            assert!(session_user(&db, "phone", now).await.unwrap().is_none());
            assert!(find_by_id(&db, grace.id)
                .await
                .unwrap()
                .unwrap()
                .deactivated_at
                .is_some());
            set_active(&db, grace.id, true, now).await.unwrap();
            assert!(find_by_id(&db, grace.id)
                .await
                .unwrap()
                .unwrap()
                .deactivated_at
                .is_none());
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn profiles_round_trip_with_tags_and_suggest_popular_tags() {
        on_both_backends(|db| async move {
            let now = t0();
            let ada = member(&db, "Ada", now).await;
            let grace = member(&db, "Grace", now).await;
            let mut profile = load_profile(&db, ada.id).await.unwrap();
            profile.headline = "Analyst".into();
            profile.bio = "**Engines**".into();
            profile.languages = vec!["English".into(), "French".into()];
            profile.expertise = vec!["Rust".into(), "rust".into(), "Mathematics".into()];
            save_profile(&db, &profile, now).await.unwrap();
            let saved = load_profile(&db, ada.id).await.unwrap();
            assert_eq!(saved.headline, "Analyst", "{db:?}");
            assert_eq!(saved.languages, vec!["English", "French"]);
            assert_eq!(
                saved.expertise,
                vec!["Mathematics", "Rust"],
                "duplicates ignoring case are dropped"
            );
            let mut other = load_profile(&db, grace.id).await.unwrap();
            other.expertise = vec!["RUST".into()];
            save_profile(&db, &other, now).await.unwrap();
            assert_eq!(
                popular_tags(&db, 10).await.unwrap()[0].to_lowercase(),
                "rust"
            );
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn members_are_searched_and_paged_by_name() {
        on_both_backends(|db| async move {
            let now = t0();
            for i in 0..(MEMBERS_PER_PAGE + 5) {
                member(&db, &format!("Member{i:02}"), now).await;
            }
            member(&db, "Zed_Percent%", now).await;
            let first = list_members(&db, "", 1).await.unwrap();
            assert_eq!(first.total, MEMBERS_PER_PAGE + 6, "{db:?}");
            assert_eq!(first.members.len() as i64, MEMBERS_PER_PAGE);
            assert_eq!(first.members[0].name, "Member00");
            let second = list_members(&db, "", 2).await.unwrap();
            assert_eq!(second.members.len(), 6);
            let found = list_members(&db, "member0", 1).await.unwrap();
            assert_eq!(found.total, 10);
            // LIKE wildcards in the query are taken literally.
            assert_eq!(list_members(&db, "_percent%", 1).await.unwrap().total, 1);
            assert_eq!(list_members(&db, "%", 1).await.unwrap().total, 1);
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
