//! Database core: one code base, two backends.
//!
//! SQLite (embedded, the default) and PostgreSQL are both reached through
//! diesel-async connection pools. Queries are written once and expanded for
//! each backend by [`run_query!`](crate::run_query) and
//! [`write_transaction!`](crate::write_transaction), so each arm type-checks
//! against its own backend.

pub mod count;
pub mod schema;

use diesel::SqliteConnection;
use diesel_async::{
    async_connection_wrapper::AsyncConnectionWrapper,
    pooled_connection::{
        deadpool::{Object, Pool},
        AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod,
    },
    sync_connection_wrapper::SyncConnectionWrapper,
    AsyncConnection, AsyncPgConnection, SimpleAsyncConnection,
};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use std::{fmt, path::PathBuf, time::Duration};

pub type SqliteConn = SyncConnectionWrapper<SqliteConnection>;
pub type PgConn = AsyncPgConnection;

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// Arbitrary but fixed key: every instance migrating the same PostgreSQL
/// database takes this advisory lock, so only one runs migrations at a time.
const MIGRATION_LOCK_KEY: i64 = 0x6d65_6e74_6f72_6875; // "mentorhu"

/// How long a caller waits for a pooled connection before giving up.
const POOL_WAIT: Duration = Duration::from_secs(5);

/// So that a query body returning diesel's own `QueryResult` can report a
/// failed checkout too.
impl From<DbError> for diesel::result::Error {
    fn from(error: DbError) -> Self {
        match error {
            DbError::Query(error) => error,
            other => diesel::result::Error::QueryBuilderError(Box::new(other)),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(
        "DATABASE_URL has an unsupported scheme `{0}`: use sqlite://PATH (embedded, the default) \
         or postgres://USER:PASSWORD@HOST/DATABASE"
    )]
    UnsupportedScheme(String),
    #[error("could not prepare the database directory {path}: {source}")]
    Directory {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not build the connection pool: {0}")]
    Pool(String),
    #[error("could not get a database connection: {0}")]
    Connection(String),
    #[error("migrations failed: {0}")]
    Migration(String),
    #[error("database error: {0}")]
    Query(#[from] diesel::result::Error),
}

/// Where the data lives, parsed from `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A file path (or `:memory:`) for the embedded database.
    Sqlite(String),
    Postgres(String),
}

impl DatabaseUrl {
    pub const DEFAULT: &'static str = "sqlite://data/mentorhub.db";

    pub fn parse(url: &str) -> Result<Self, DbError> {
        let url = url.trim();
        if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            return Ok(DatabaseUrl::Sqlite(path.to_owned()));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(url.to_owned()));
        }
        let scheme = url.split(':').next().unwrap_or_default();
        Err(DbError::UnsupportedScheme(scheme.to_owned()))
    }

    pub fn backend(&self) -> Backend {
        match self {
            DatabaseUrl::Sqlite(_) => Backend::Sqlite,
            DatabaseUrl::Postgres(_) => Backend::Postgres,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        })
    }
}

/// A pool for whichever backend `DATABASE_URL` chose. Cheap to clone.
#[derive(Clone)]
pub struct Db {
    pools: Pools,
    url: DatabaseUrl,
}

#[derive(Clone)]
enum Pools {
    Sqlite(Pool<SqliteConn>),
    Postgres(Pool<PgConn>),
}

/// One pooled connection; returned to its pool when dropped.
pub enum DbConn {
    Sqlite(Object<SqliteConn>),
    // Boxed: a PostgreSQL connection is several times larger than SQLite's.
    Postgres(Box<Object<PgConn>>),
}

/// A pooled connection that goes back to its pool only once the work on it
/// has finished with no transaction left open.
///
/// A server function's future is dropped when its client disconnects, and
/// a panic unwinds through it: either can leave the connection inside
/// `BEGIN IMMEDIATE` (SQLite would keep the write lock for whoever gets
/// that connection next) or in the middle of a statement. Such a
/// connection is closed instead (deadpool's `Object::take`), which rolls
/// its transaction back and releases its locks; the pool opens a new one
/// when it is needed. The query macros wrap every checkout in this.
pub struct Checked<M: deadpool::managed::Manager> {
    conn: Option<deadpool::managed::Object<M>>,
    finished: bool,
}

impl<M> Checked<M>
where
    M: deadpool::managed::Manager,
    M::Type: AsyncConnection,
{
    pub fn new(conn: deadpool::managed::Object<M>) -> Self {
        Checked {
            conn: Some(conn),
            finished: false,
        }
    }

    pub fn conn(&mut self) -> &mut M::Type {
        self.conn.as_mut().expect("present until dropped")
    }

    /// The work is done: the connection, if it is not inside a
    /// transaction, for the next query (else it is closed when this is
    /// dropped).
    pub fn release(mut self) -> Option<deadpool::managed::Object<M>> {
        use diesel_async::TransactionManager;
        let status =
            <M::Type as AsyncConnection>::TransactionManager::transaction_manager_status_mut(
                self.conn(),
            );
        self.finished = matches!(status.transaction_depth(), Ok(None));
        if self.finished {
            self.conn.take()
        } else {
            None
        }
    }
}

impl<M: deadpool::managed::Manager> Drop for Checked<M> {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        if let Some(conn) = self.conn.take() {
            tracing::warn!(
                "a database connection was left mid-work (request cancelled or failed); closing it"
            );
            drop(deadpool::managed::Object::take(conn));
        }
    }
}

tokio::task_local! {
    /// The connection a server function keeps between its queries.
    static HELD: std::cell::RefCell<Option<(DatabaseUrl, DbConn)>>;
}

/// Runs `work` (a server function's body) on one pooled connection: its
/// first query checks one out, the later ones reuse it, and it goes back to
/// the pool when `work` ends. A page's server functions and every call from
/// the browser thus take one connection each instead of one per query.
///
/// A connection is kept only when its query finished with no transaction
/// open (see [`Checked`]); two queries of `work` running at once take two.
/// Inside another `one_connection`, `work` shares the outer one.
pub async fn one_connection<F: std::future::Future>(work: F) -> F::Output {
    if HELD.try_with(|_| ()).is_ok() {
        work.await
    } else {
        HELD.scope(std::cell::RefCell::new(None), work).await
    }
}

/// Gives the connection the current server function holds back to the
/// pool before slow work that needs none (password hashing): a burst of
/// sign-ins must not keep the pool's connections idle meanwhile. The next
/// query checks one out again.
pub fn release_held() {
    let _ = HELD.try_with(|held| held.borrow_mut().take());
}

fn take_held(url: &DatabaseUrl) -> Option<DbConn> {
    HELD.try_with(|held| {
        let mut held = held.borrow_mut();
        match held.take() {
            Some((held_url, conn)) if held_url == *url => Some(conn),
            other => {
                *held = other;
                None
            }
        }
    })
    .ok()
    .flatten()
}

/// Connection settings beyond the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DbSettings {
    /// Connections per process.
    pub pool_size: usize,
    /// PostgreSQL: a statement waiting longer than this for a lock fails
    /// (`lock_timeout`).
    pub lock_timeout: Duration,
    /// PostgreSQL: a statement running longer than this is cancelled
    /// (`statement_timeout`).
    pub statement_timeout: Duration,
}

impl DbSettings {
    pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(5);
    pub const DEFAULT_STATEMENT_TIMEOUT: Duration = Duration::from_secs(30);

    pub fn with_pool_size(pool_size: usize) -> Self {
        DbSettings {
            pool_size,
            lock_timeout: Self::DEFAULT_LOCK_TIMEOUT,
            statement_timeout: Self::DEFAULT_STATEMENT_TIMEOUT,
        }
    }
}

/// How long starting instances wait for another one's migrations.
const MIGRATION_LOCK_WAIT: Duration = Duration::from_secs(600);

impl fmt::Debug for Db {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Db({})", self.backend())
    }
}

impl Db {
    /// Builds the pool and runs pending migrations.
    pub async fn connect(url: &DatabaseUrl, pool_size: usize) -> Result<Db, DbError> {
        Self::connect_with(url, DbSettings::with_pool_size(pool_size)).await
    }

    pub async fn connect_with(url: &DatabaseUrl, settings: DbSettings) -> Result<Db, DbError> {
        let db = Self::open_with(url, settings)?;
        db.migrate().await?;
        Ok(db)
    }

    /// Builds the pool without touching the database: connections are made
    /// on first use.
    pub fn open(url: &DatabaseUrl, pool_size: usize) -> Result<Db, DbError> {
        Self::open_with(url, DbSettings::with_pool_size(pool_size))
    }

    pub fn open_with(url: &DatabaseUrl, settings: DbSettings) -> Result<Db, DbError> {
        let pool_size = settings.pool_size;
        let pools = match url {
            DatabaseUrl::Sqlite(path) => {
                prepare_sqlite_directory(path)?;
                let mut config = ManagerConfig::<SqliteConn>::default();
                // An embedded database has no connection to lose: no ping
                // (a query on a blocking thread) each time the pool hands
                // a connection out. PostgreSQL keeps it (below).
                config.recycling_method = RecyclingMethod::Fast;
                config.custom_setup = Box::new(|path| {
                    let path = path.to_owned();
                    Box::pin(async move {
                        let mut conn = SqliteConn::establish(&path).await?;
                        conn.batch_execute(SQLITE_PRAGMAS)
                            .await
                            .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
                        Ok(conn)
                    })
                });
                let manager = AsyncDieselConnectionManager::<SqliteConn>::new_with_config(
                    path.clone(),
                    config,
                );
                Pools::Sqlite(
                    Pool::builder(manager)
                        .max_size(pool_size)
                        .wait_timeout(Some(POOL_WAIT))
                        .create_timeout(Some(POOL_WAIT))
                        .runtime(deadpool::Runtime::Tokio1)
                        .build()
                        .map_err(|e| DbError::Pool(e.to_string()))?,
                )
            }
            DatabaseUrl::Postgres(url) => {
                let mut config = ManagerConfig::<PgConn>::default();
                // A restarted database must not leave dead connections in the pool.
                config.recycling_method = RecyclingMethod::Verified;
                // No statement waits for a lock, or runs, without bound.
                let timeouts = format!(
                    "SET lock_timeout = {}; SET statement_timeout = {};",
                    settings.lock_timeout.as_millis(),
                    settings.statement_timeout.as_millis()
                );
                config.custom_setup = Box::new(move |url| {
                    let url = url.to_owned();
                    let timeouts = timeouts.clone();
                    Box::pin(async move {
                        let mut conn = PgConn::establish(&url).await?;
                        conn.batch_execute(&timeouts)
                            .await
                            .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
                        Ok(conn)
                    })
                });
                let manager =
                    AsyncDieselConnectionManager::<PgConn>::new_with_config(url.clone(), config);
                Pools::Postgres(
                    Pool::builder(manager)
                        .max_size(pool_size)
                        .wait_timeout(Some(POOL_WAIT))
                        .create_timeout(Some(POOL_WAIT))
                        .recycle_timeout(Some(POOL_WAIT))
                        .runtime(deadpool::Runtime::Tokio1)
                        .build()
                        .map_err(|e| DbError::Pool(e.to_string()))?,
                )
            }
        };
        Ok(Db {
            pools,
            url: url.clone(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.url.backend()
    }

    /// A connection: the one this server function holds already (see
    /// [`one_connection`]), or one from the pool.
    pub async fn connection(&self) -> Result<DbConn, DbError> {
        if let Some(held) = take_held(&self.url) {
            return Ok(held);
        }
        let mut conn = match &self.pools {
            Pools::Sqlite(pool) => pool
                .get()
                .await
                .map(DbConn::Sqlite)
                .map_err(|e| DbError::Connection(e.to_string()))?,
            Pools::Postgres(pool) => pool
                .get()
                .await
                .map(|conn| DbConn::Postgres(Box::new(conn)))
                .map_err(|e| DbError::Connection(e.to_string()))?,
        };
        // A counted request (test builds): this checkout adds to its figures.
        // Any other checkout (the email worker, a middleware) clears the
        // counter the connection may still carry from its last request, or
        // its queries would be counted as that page's.
        if count::enabled() {
            let counting = count::QueryCount::current().map(|counter| counter.instrumentation());
            match &mut conn {
                DbConn::Sqlite(conn) => conn.set_instrumentation(counting),
                DbConn::Postgres(conn) => conn.set_instrumentation(counting),
            }
        }
        Ok(conn)
    }

    /// Where a query macro puts its connection back when its work is done:
    /// kept for the rest of the server function (see [`one_connection`]),
    /// or back to the pool.
    pub fn put_back(&self, conn: DbConn) {
        let _ = HELD.try_with(|held| {
            let mut held = held.borrow_mut();
            if held.is_none() {
                *held = Some((self.url.clone(), conn));
            }
        });
    }

    /// Connections the pool holds now, and its maximum.
    pub fn pool_status(&self) -> (usize, usize) {
        let status = match &self.pools {
            Pools::Sqlite(pool) => pool.status(),
            Pools::Postgres(pool) => pool.status(),
        };
        (status.size, status.max_size)
    }

    /// A round trip to the database, for readiness checks.
    pub async fn ping(&self) -> Result<(), DbError> {
        match self.connection().await? {
            DbConn::Sqlite(mut conn) => conn.batch_execute("SELECT 1").await?,
            DbConn::Postgres(mut conn) => conn.batch_execute("SELECT 1").await?,
        }
        Ok(())
    }

    /// Applies the embedded migrations of this backend. On PostgreSQL this
    /// holds an advisory lock so that several instances may start at once.
    pub async fn migrate(&self) -> Result<(), DbError> {
        let migration_error = |e: &dyn fmt::Display| DbError::Migration(e.to_string());
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                // Diesel's migration harness is synchronous: give it a plain
                // connection on a blocking thread.
                let path = path.clone();
                tokio::task::spawn_blocking(move || {
                    use diesel::{connection::SimpleConnection, Connection};
                    let mut conn = SqliteConnection::establish(&path)
                        .map_err(|e| DbError::Connection(e.to_string()))?;
                    conn.batch_execute(SQLITE_PRAGMAS)?;
                    conn.run_pending_migrations(SQLITE_MIGRATIONS)
                        .map(|_| ())
                        .map_err(|e| migration_error(&e))
                })
                .await
                .map_err(|e| migration_error(&e))?
            }
            DatabaseUrl::Postgres(_) => {
                let DbConn::Postgres(conn) = self.connection().await? else {
                    unreachable!("a postgres URL always builds a postgres pool")
                };
                let mut conn = Object::take(*conn);
                // Migrations may take longer than a request's statement.
                conn.batch_execute("SET statement_timeout = 0").await?;
                wait_for_migration_lock(&mut conn).await?;
                let (mut conn, result) = tokio::task::spawn_blocking(move || {
                    let mut harness = AsyncConnectionWrapper::<PgConn>::from(conn);
                    let result = harness
                        .run_pending_migrations(POSTGRES_MIGRATIONS)
                        .map(|_| ())
                        .map_err(|e| migration_error(&e));
                    (harness.into_inner(), result)
                })
                .await
                .map_err(|e| migration_error(&e))?;
                conn.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"))
                    .await?;
                result
            }
        }
    }
}

/// Takes the migration lock, waiting for another instance's migrations at
/// most [`MIGRATION_LOCK_WAIT`] (an instance that hangs while holding it
/// must not keep every other one from starting forever).
async fn wait_for_migration_lock(conn: &mut PgConn) -> Result<(), DbError> {
    use diesel::{dsl::sql, sql_types::Bool};
    use diesel_async::RunQueryDsl;
    let started = std::time::Instant::now();
    loop {
        let locked: bool = diesel::select(sql::<Bool>(&format!(
            "pg_try_advisory_lock({MIGRATION_LOCK_KEY})"
        )))
        .get_result(conn)
        .await?;
        if locked {
            return Ok(());
        }
        if started.elapsed() > MIGRATION_LOCK_WAIT {
            return Err(DbError::Migration(format!(
                "another instance has held the migration lock for over {} s",
                MIGRATION_LOCK_WAIT.as_secs()
            )));
        }
        tracing::info!("waiting for another instance's migrations");
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// `busy_timeout` first: it makes every later statement (switching to WAL
/// included) wait for a lock instead of failing at once while another
/// connection opens. WAL lets readers proceed during a write;
/// `synchronous=NORMAL` is safe under WAL. `mmap_size` lets reads map the
/// file instead of copying each page through a `read` call into every
/// connection's own small cache (the kernel's page cache is shared by all
/// of them): at 1,000 programs those copies were a tenth of a directory
/// page's CPU.
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 5000; \
     PRAGMA journal_mode = WAL; \
     PRAGMA foreign_keys = ON; \
     PRAGMA synchronous = NORMAL; \
     PRAGMA mmap_size = 268435456;";

fn prepare_sqlite_directory(path: &str) -> Result<(), DbError> {
    if path == ":memory:" || path.starts_with("file:") {
        return Ok(());
    }
    let parent = std::path::Path::new(path).parent();
    if let Some(parent) = parent.filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| DbError::Directory {
            path: parent.to_owned(),
            source,
        })?;
    }
    Ok(())
}

/// Starts a write transaction on SQLite with `BEGIN IMMEDIATE`: a deferred
/// transaction that reads first fails with SQLITE_BUSY at its first write
/// when another writer is active, whatever `busy_timeout` says.
pub async fn begin_sqlite_write(conn: &mut SqliteConn) -> Result<(), diesel::result::Error> {
    conn.spawn_blocking(|inner| {
        diesel::connection::AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")
    })
    .await
}

/// Commits when `result` is `Ok`, rolls back otherwise, and hands `result` on.
pub async fn finish_transaction<C, T, E>(conn: &mut C, result: Result<T, E>) -> Result<T, E>
where
    C: AsyncConnection,
    E: From<diesel::result::Error>,
{
    use diesel_async::TransactionManager;
    match result {
        Ok(value) => {
            C::TransactionManager::commit_transaction(conn).await?;
            Ok(value)
        }
        Err(error) => {
            if let Err(rollback) = C::TransactionManager::rollback_transaction(conn).await {
                tracing::error!("rollback failed: {rollback}");
            }
            Err(error)
        }
    }
}

/// Begins a write transaction on PostgreSQL (read committed; statements
/// that need stronger guarantees lock rows explicitly).
pub async fn begin_postgres_write(conn: &mut PgConn) -> Result<(), diesel::result::Error> {
    use diesel_async::TransactionManager;
    <PgConn as AsyncConnection>::TransactionManager::begin_transaction(conn).await
}

/// Runs one query body on whichever backend the pool is for.
///
/// ```text
/// let name = run_query!(db, |conn| {
///     hub_settings::table.select(hub_settings::hub_name).first::<String>(conn).await
/// })?;
/// ```
///
/// The body is expanded once per backend, so it must compile for both. It
/// runs as an async block: `?` and `return` leave the body (as in
/// [`write_transaction!`]), never the function around the macro, which
/// evaluates to the body's `Result<_, E>`; a failed checkout is an `Err`
/// too (`E: From<DbError>`, true of `AppError` and diesel's error). Where the SQL must differ, give one
/// body per backend: `run_query!(db, sqlite |conn| {…}, postgres |conn| {…})`.
/// The connection goes back to the pool only if the body ran to its end
/// (see [`Checked`]).
#[macro_export]
macro_rules! run_query {
    (@arms $db:expr, $sqlite:ident, $sqlite_body:expr, $pg:ident, $pg_body:expr) => {{
        let db: &$crate::db::Db = &$db;
        match db.connection().await {
            Err(error) => Err(error.into()),
            Ok($crate::db::DbConn::Sqlite(pooled)) => {
                let mut checked = $crate::db::Checked::new(pooled);
                let result = async {
                    let $sqlite: &mut $crate::db::SqliteConn = checked.conn();
                    $sqlite_body
                }
                .await;
                if let Some(conn) = checked.release() {
                    db.put_back($crate::db::DbConn::Sqlite(conn));
                }
                result
            }
            Ok($crate::db::DbConn::Postgres(pooled)) => {
                let mut checked = $crate::db::Checked::new(*pooled);
                let result = async {
                    let $pg: &mut $crate::db::PgConn = checked.conn();
                    $pg_body
                }
                .await;
                if let Some(conn) = checked.release() {
                    db.put_back($crate::db::DbConn::Postgres(Box::new(conn)));
                }
                result
            }
        }
    }};
    ($db:expr, |$conn:ident| $body:expr) => {
        $crate::run_query!(@arms $db, $conn, $body, $conn, $body)
    };
    ($db:expr, sqlite |$sqlite:ident| $sqlite_body:expr, postgres |$pg:ident| $pg_body:expr) => {
        $crate::run_query!(@arms $db, $sqlite, $sqlite_body, $pg, $pg_body)
    };
}

/// Like [`run_query!`] inside a write transaction: committed when the body
/// returns `Ok`, rolled back otherwise. SQLite transactions begin IMMEDIATE.
/// The body returns `Result<_, AppError>`; the same `sqlite |conn| {…},
/// postgres |conn| {…}` form gives one body per backend. A transaction
/// whose future is dropped or panics is never committed and its connection
/// never reused (see [`Checked`]).
#[macro_export]
macro_rules! write_transaction {
    (@arms $db:expr, $sqlite:ident, $sqlite_body:expr, $pg:ident, $pg_body:expr) => {{
        let db: &$crate::db::Db = &$db;
        match db.connection().await {
            Err(error) => Err(error.into()),
            Ok($crate::db::DbConn::Sqlite(pooled)) => {
                let mut checked = $crate::db::Checked::new(pooled);
                let result = async {
                    let $sqlite: &mut $crate::db::SqliteConn = checked.conn();
                    $crate::db::begin_sqlite_write($sqlite).await?;
                    let result: Result<_, $crate::error::AppError> = async { $sqlite_body }.await;
                    $crate::db::finish_transaction($sqlite, result).await
                }
                .await;
                if let Some(conn) = checked.release() {
                    db.put_back($crate::db::DbConn::Sqlite(conn));
                }
                result
            }
            Ok($crate::db::DbConn::Postgres(pooled)) => {
                let mut checked = $crate::db::Checked::new(*pooled);
                let result = async {
                    let $pg: &mut $crate::db::PgConn = checked.conn();
                    $crate::db::begin_postgres_write($pg).await?;
                    let result: Result<_, $crate::error::AppError> = async { $pg_body }.await;
                    $crate::db::finish_transaction($pg, result).await
                }
                .await;
                if let Some(conn) = checked.release() {
                    db.put_back($crate::db::DbConn::Postgres(Box::new(conn)));
                }
                result
            }
        }
    }};
    ($db:expr, |$conn:ident| $body:expr) => {
        $crate::write_transaction!(@arms $db, $conn, $body, $conn, $body)
    };
    ($db:expr, sqlite |$sqlite:ident| $sqlite_body:expr, postgres |$pg:ident| $pg_body:expr) => {
        $crate::write_transaction!(@arms $db, $sqlite, $sqlite_body, $pg, $pg_body)
    };
}

/// Implements a trait for both connection types with one body, so shared
/// query helpers can be called as `conn.helper(..)` inside a `run_query!` or
/// `write_transaction!` body whatever the backend:
///
/// ```text
/// pub trait OutboxQueries { async fn enqueue(&mut self, email: &NewEmail) -> QueryResult<()>; }
/// impl_for_both_backends!(OutboxQueries {
///     async fn enqueue(&mut self, email: &NewEmail) -> QueryResult<()> { ... }
/// });
/// ```
#[macro_export]
macro_rules! impl_for_both_backends {
    ($trait:path { $($body:tt)* }) => {
        impl $trait for $crate::db::SqliteConn { $($body)* }
        impl $trait for $crate::db::PgConn { $($body)* }
    };
}

#[cfg(any(test, feature = "test-support"))]
pub mod testing;

pub mod fts;

#[cfg(test)]
mod cancel_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_supported_urls_and_names_accepted_schemes_otherwise() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/x.db").unwrap(),
            DatabaseUrl::Sqlite("data/x.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite::memory:").unwrap(),
            DatabaseUrl::Sqlite(":memory:".into())
        );
        assert_eq!(
            DatabaseUrl::parse("postgresql://u:p@h/db")
                .unwrap()
                .backend(),
            Backend::Postgres
        );
        let message = DatabaseUrl::parse("mysql://u@h/db")
            .unwrap_err()
            .to_string();
        assert!(message.contains("`mysql`"), "{message}");
        assert!(message.contains("sqlite://") && message.contains("postgres://"));
    }

    /// The embedded SQLite is built with the query planner stability
    /// guarantee (`.cargo/config.toml`): otherwise a cached statement with a
    /// bound LIMIT or OFFSET is compiled again at each new binding.
    #[tokio::test]
    async fn embedded_sqlite_keeps_plans_for_new_bindings() {
        use diesel::sql_types::Integer;
        let test = testing::TestDb::sqlite().await;
        let DbConn::Sqlite(mut conn) = test.db.connection().await.unwrap() else {
            unreachable!("a sqlite URL builds a sqlite pool")
        };
        let qpsg: i32 = diesel_async::RunQueryDsl::get_result(
            diesel::select(diesel::dsl::sql::<Integer>(
                "sqlite_compileoption_used('ENABLE_QPSG')",
            )),
            &mut *conn,
        )
        .await
        .unwrap();
        assert_eq!(qpsg, 1, "SQLite was built without SQLITE_ENABLE_QPSG");
    }
}
