//! `server seed-scale`: fills an empty database with a large, made-up hub
//! for benchmarks and load tests: by default 1,000 programs, 10,000 members
//! with profiles, 40,000 approved memberships, 5,000 pending applications
//! with answers, discussions (3,000 questions in the hub's space, five in
//! each program's, with answers, votes and comments), and events (300 in
//! the hub, three in each program, with registrations and waitlists). The demo data
//! (`demo/`) is a different thing: a handful of hand-written people for a
//! first look at the product.
//!
//! Everything is generated in memory first, from fixed-seed generators (one
//! per table group, so a group added later does not change the rows of the
//! others), then written with multi-row inserts in a few large
//! transactions, with explicit ids so that foreign keys line up without
//! reading anything back. The same flags give the same rows on either
//! backend, except the password hash (Argon2 salts it): every account
//! shares that one hash, computed once.
//!
//! One module per table group: `accounts` (users and their expertise
//! tags), `programs` (programs, their admins and registration questions),
//! `memberships` (approved memberships, pending applications and their
//! answers), `mentoring` (mentorships, favorites, pending requests),
//! `discussion` (the spaces' tags, questions, answers, votes, comments and
//! follows), `events` (the hub's and the programs' events and their
//! registrations: event 1 is a coming hub event for everyone, event 301
//! `program-0001`'s first, coming and for everyone). A later domain adds its module, its `generate` call in
//! [`plan`] and its `insert` call in [`seed`].

mod accounts;
mod discussion;
mod events;
mod memberships;
mod mentoring;
mod programs;
mod resources;
#[cfg(test)]
mod tests;

use app::{
    accounts::security,
    db::{
        schema::{programs as programs_table, users},
        Db, PgConn, SqliteConn,
    },
    error::AppError,
    run_query,
};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// Every scale account's email ends with this (RFC 2606: it reaches nobody).
pub const DOMAIN: &str = "scale.example";
/// The password of every scale account unless `SCALE_PASSWORD` says otherwise.
pub const DEFAULT_PASSWORD: &str = "scale members password";

pub const USAGE: &str = "usage: server seed-scale [--programs N] [--members N] \
[--memberships N] [--applications N]";

/// How much to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScaleOptions {
    pub programs: usize,
    /// Accounts, hub admins and program admins included; all with profiles.
    pub members: usize,
    /// Approved memberships (mentors and mentees).
    pub memberships: usize,
    /// Pending applications, with answers to the program's questions.
    pub applications: usize,
}

impl Default for ScaleOptions {
    fn default() -> Self {
        ScaleOptions {
            programs: 1_000,
            members: 10_000,
            memberships: 40_000,
            applications: 5_000,
        }
    }
}

impl ScaleOptions {
    /// Parses `--programs N` (or `--programs=N`) and the like; anything
    /// else is an error that names the problem and shows the usage.
    pub fn parse(args: &[String]) -> Result<ScaleOptions, String> {
        let mut options = ScaleOptions::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) => (flag, Some(value.to_owned())),
                None => (arg.as_str(), None),
            };
            let slot = match flag {
                "--programs" => &mut options.programs,
                "--members" => &mut options.members,
                "--memberships" => &mut options.memberships,
                "--applications" => &mut options.applications,
                _ => return Err(format!("unknown argument `{arg}`\n{USAGE}")),
            };
            let value = match inline {
                Some(value) => value,
                None => args
                    .next()
                    .cloned()
                    .ok_or_else(|| format!("{flag} needs a number\n{USAGE}"))?,
            };
            *slot = value
                .trim()
                .replace('_', "")
                .parse()
                .map_err(|_| format!("{flag} needs a whole number, not `{value}`\n{USAGE}"))?;
        }
        if options.programs == 0 {
            return Err(format!("--programs must be at least 1\n{USAGE}"));
        }
        let least = accounts::Layout::new(&options).least_members();
        if options.members < least {
            return Err(format!(
                "--members must be at least {least} for {} programs (hub admins, program \
                 admins and one member)\n{USAGE}",
                options.programs
            ));
        }
        Ok(options)
    }
}

/// What was made, and how to sign in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleSummary {
    pub options: ScaleOptions,
    pub hub_admins: usize,
    pub program_admins: usize,
    pub questions: usize,
    pub answers: usize,
    /// A member with several approved memberships who administers nothing,
    /// and how many.
    pub member_email: String,
    pub member_programs: usize,
    /// The admin of `program-0001`, which has pending applications.
    pub program_admin_email: String,
    pub program_admin_pending: usize,
    pub hub_admin_email: String,
    /// Discussion threads (each one question) in every space, the hub's
    /// among them, and their posts (questions and answers).
    pub discussion_threads: usize,
    pub hub_threads: usize,
    pub discussion_posts: usize,
    /// Events in every space, the hub's among them, and their
    /// registrations (cancelled ones included).
    pub events: usize,
    pub hub_events: usize,
    pub event_registrations: usize,
    /// The id of `program-0001`'s first event (coming, for everyone).
    pub first_program_event: i64,
    /// Resources in every library, the hub's among them.
    pub resources: usize,
    pub hub_resources: usize,
}

/// Every generated row, before anything is written.
pub(crate) struct Plan {
    pub(crate) accounts: accounts::Rows,
    pub(crate) programs: programs::Rows,
    pub(crate) memberships: memberships::Rows,
    pub(crate) mentoring: mentoring::Rows,
    pub(crate) discussion: discussion::Rows,
    pub(crate) events: events::Rows,
    pub(crate) resources: resources::Rows,
}

/// When the scale hub "is": fixed, so that the same flags give the same
/// rows (times are spread over the year before it).
pub(crate) fn base_time() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 1)
        .and_then(|day| day.and_hms_opt(9, 0, 0))
        .expect("a valid date")
}

/// Generates every row. Fails (before anything is written) when the flags
/// ask for more memberships than there are member and program pairs.
pub(crate) fn plan(options: &ScaleOptions, password_hash: &str) -> Result<Plan, String> {
    let layout = accounts::Layout::new(options);
    let accounts = accounts::generate(&layout, password_hash);
    let programs = programs::generate(options, &layout);
    let memberships = memberships::generate(options, &layout, &programs)?;
    let mentoring = mentoring::generate(&programs, &memberships);
    let discussion = discussion::generate(&accounts, &programs, &memberships);
    let events = events::generate(&accounts, &programs, &memberships);
    let resources = resources::generate(&programs);
    Ok(Plan {
        accounts,
        programs,
        memberships,
        mentoring,
        discussion,
        events,
        resources,
    })
}

/// Seeds an empty database; refuses (writing nothing) one with accounts or
/// programs, so scale data never mixes with real or demo data.
pub async fn seed(db: &Db, options: &ScaleOptions) -> Result<ScaleSummary, String> {
    refuse_unless_empty(db).await?;
    let password = std::env::var("SCALE_PASSWORD").unwrap_or_else(|_| DEFAULT_PASSWORD.into());
    // Argon2 is slow on purpose: one hash for every account.
    let hash = security::hash_password(password)
        .await
        .map_err(|e| e.to_string())?;
    let plan = plan(options, &hash)?;
    let summary = plan.summary(options);
    let failed = |e: AppError| format!("seeding failed (nothing of this group was kept): {e}");
    accounts::insert(db, plan.accounts).await.map_err(failed)?;
    programs::insert(db, plan.programs).await.map_err(failed)?;
    memberships::insert(db, plan.memberships)
        .await
        .map_err(failed)?;
    mentoring::insert(db, plan.mentoring)
        .await
        .map_err(failed)?;
    discussion::insert(db, plan.discussion)
        .await
        .map_err(failed)?;
    events::insert(db, plan.events).await.map_err(failed)?;
    resources::insert(db, plan.resources)
        .await
        .map_err(failed)?;
    reset_sequences(db).await.map_err(failed)?;
    analyze(db).await.map_err(failed)?;
    Ok(summary)
}

impl Plan {
    fn summary(&self, options: &ScaleOptions) -> ScaleSummary {
        let layout = &self.accounts.layout;
        let member = layout.first_member_id();
        let program_admin = layout.program_admin_id(0);
        ScaleSummary {
            options: *options,
            hub_admins: layout.hub_admins,
            program_admins: layout.program_admins,
            questions: self.programs.questions.len(),
            answers: self.memberships.answers.len(),
            member_email: self.accounts.email_of(member),
            member_programs: self
                .memberships
                .memberships
                .iter()
                .filter(|row| {
                    row.user_id == member && row.status == app::programs::MembershipStatus::Approved
                })
                .count(),
            program_admin_email: self.accounts.email_of(program_admin),
            program_admin_pending: self
                .memberships
                .memberships
                .iter()
                .filter(|row| {
                    row.program_id == 1 && row.status == app::programs::MembershipStatus::Pending
                })
                .count(),
            hub_admin_email: self.accounts.email_of(1),
            discussion_threads: self.discussion.threads.len(),
            hub_threads: self
                .discussion
                .threads
                .iter()
                .filter(|thread| thread.space_id == discussion::HUB_SPACE)
                .count(),
            discussion_posts: self.discussion.posts.len(),
            events: self.events.events.len(),
            hub_events: self
                .events
                .events
                .iter()
                .filter(|event| event.program_id.is_none())
                .count(),
            event_registrations: self.events.registrations.len(),
            first_program_event: events::first_program_event(),
            resources: self.resources.resources.len(),
            hub_resources: resources::HUB_RESOURCES,
        }
    }
}

async fn refuse_unless_empty(db: &Db) -> Result<(), String> {
    let (accounts, programs) = run_query!(db, |conn| {
        let accounts: i64 = users::table.count().get_result(conn).await?;
        let programs: i64 = programs_table::table.count().get_result(conn).await?;
        Ok::<_, AppError>((accounts, programs))
    })
    .map_err(|e| e.to_string())?;
    if accounts > 0 || programs > 0 {
        return Err(format!(
            "this database already has {accounts} accounts and {programs} programs: \
             seed-scale only fills an empty database, so nothing was written \
             (point DATABASE_URL at a new one)"
        ));
    }
    Ok(())
}

/// The tables whose ids were written explicitly: PostgreSQL's sequences do
/// not see such ids and must be moved past them, or the app's next insert
/// takes id 1 again (SQLite's AUTOINCREMENT follows the largest id itself).
const SEQUENCED_TABLES: &[&str] = &[
    "users",
    "programs",
    "registration_questions",
    "memberships",
    "application_answers",
    "mentorships",
    "mentorship_requests",
    "discussion_spaces",
    "discussion_tags",
    "discussion_threads",
    "discussion_posts",
    "discussion_comments",
    "events",
    "event_registrations",
    "resource_sections",
    "resources",
];

async fn reset_sequences(db: &Db) -> Result<(), AppError> {
    use diesel_async::SimpleAsyncConnection;
    let sql: String = SEQUENCED_TABLES
        .iter()
        .map(|table| {
            format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table};"
            )
        })
        .collect();
    run_query!(
        db,
        sqlite | _conn | Ok(()),
        postgres | conn | {
            conn.batch_execute(&sql).await?;
            Ok::<_, AppError>(())
        }
    )
}

/// PostgreSQL's planner statistics and visibility map for the rows just
/// written, which its autovacuum would make anyway: without this it
/// analyses and then vacuums the big tables during the first minutes of
/// `make bench` (index-only scans read the table until the vacuum has
/// marked its pages), and the first pages' latencies are measured against
/// that (2026-12-03: a program home's p99 went from 5 to 54 ms). (SQLite
/// gathers none unless asked, in a deployment too, so it is left as the
/// app runs it.)
async fn analyze(db: &Db) -> Result<(), AppError> {
    use diesel_async::SimpleAsyncConnection;
    run_query!(
        db,
        sqlite | _conn | Ok(()),
        postgres | conn | {
            // Outside a transaction: VACUUM may not run inside one.
            conn.batch_execute("VACUUM (ANALYZE)").await?;
            Ok::<_, AppError>(())
        }
    )
}

/// Bind parameters per statement: under SQLite's 32,766 and PostgreSQL's
/// 65,535, with room to spare.
const MAX_BINDS: usize = 30_000;

/// A row type written by [`InsertBatches`]: its table's multi-row insert on
/// each backend.
pub(crate) trait BatchRow: Clone + Send + Sync + Sized + 'static {
    /// Columns per row (bind parameters per row).
    const COLUMNS: usize;

    fn rows_per_statement() -> usize {
        (MAX_BINDS / Self::COLUMNS).max(1)
    }

    async fn insert_sqlite(conn: &mut SqliteConn, rows: Vec<Self>) -> QueryResult<usize>;

    async fn insert_postgres(conn: &mut PgConn, rows: &[Self]) -> QueryResult<usize>;
}

/// Implements [`BatchRow`] for an `Insertable` row type of `$table`.
///
/// diesel-async's SQLite wrapper has no multi-row insert: its statements go
/// to the plain SQLite connection on a blocking thread (inside the
/// wrapper's transaction, on the same connection), where diesel has one.
macro_rules! batch_row {
    ($row:ty, $table:path, $columns:expr) => {
        impl $crate::scale::BatchRow for $row {
            const COLUMNS: usize = $columns;

            async fn insert_sqlite(
                conn: &mut app::db::SqliteConn,
                rows: Vec<Self>,
            ) -> diesel::QueryResult<usize> {
                conn.spawn_blocking(move |inner| {
                    diesel::RunQueryDsl::execute(diesel::insert_into($table).values(&rows), inner)
                })
                .await
            }

            async fn insert_postgres(
                conn: &mut app::db::PgConn,
                rows: &[Self],
            ) -> diesel::QueryResult<usize> {
                diesel_async::RunQueryDsl::execute(diesel::insert_into($table).values(rows), conn)
                    .await
            }
        }
    };
}
pub(crate) use batch_row;

/// `conn.insert_batches(&rows)`: the rows in statements of as many rows as
/// the bind limit allows, for either backend's connection.
pub(crate) trait InsertBatches {
    async fn insert_batches<R: BatchRow>(&mut self, rows: &[R]) -> QueryResult<usize>;
}

impl InsertBatches for SqliteConn {
    async fn insert_batches<R: BatchRow>(&mut self, rows: &[R]) -> QueryResult<usize> {
        let mut inserted = 0;
        for chunk in rows.chunks(R::rows_per_statement()) {
            inserted += R::insert_sqlite(self, chunk.to_vec()).await?;
        }
        Ok(inserted)
    }
}

impl InsertBatches for PgConn {
    async fn insert_batches<R: BatchRow>(&mut self, rows: &[R]) -> QueryResult<usize> {
        let mut inserted = 0;
        for chunk in rows.chunks(R::rows_per_statement()) {
            inserted += R::insert_postgres(self, chunk).await?;
        }
        Ok(inserted)
    }
}

/// A small fixed-seed generator (splitmix64): the same seed, the same
/// sequence, on every platform and version (no dependency to change it).
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `low..=high`.
    pub(crate) fn between(&mut self, low: i64, high: i64) -> i64 {
        low + self.below((high - low + 1) as usize) as i64
    }

    /// True `percent` times in a hundred.
    pub(crate) fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `count` different items, in the order of `items`.
    pub(crate) fn pick_some<'a, T>(&mut self, items: &'a [T], count: usize) -> Vec<&'a T> {
        let mut chosen: Vec<usize> = Vec::with_capacity(count);
        while chosen.len() < count.min(items.len()) {
            let index = self.below(items.len());
            if !chosen.contains(&index) {
                chosen.push(index);
            }
        }
        chosen.sort_unstable();
        chosen.into_iter().map(|index| &items[index]).collect()
    }
}
