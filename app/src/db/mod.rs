//! Database core: one code base, two backends.
//!
//! SQLite (embedded, the default) and PostgreSQL are both reached through
//! diesel-async connection pools. Queries are written once and expanded for
//! each backend by [`run_query!`](crate::run_query) and
//! [`write_transaction!`](crate::write_transaction), so each arm type-checks
//! against its own backend.

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

impl fmt::Debug for Db {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Db({})", self.backend())
    }
}

impl Db {
    /// Builds the pool and runs pending migrations.
    pub async fn connect(url: &DatabaseUrl, pool_size: usize) -> Result<Db, DbError> {
        let db = Self::open(url, pool_size)?;
        db.migrate().await?;
        Ok(db)
    }

    /// Builds the pool without touching the database: connections are made
    /// on first use.
    pub fn open(url: &DatabaseUrl, pool_size: usize) -> Result<Db, DbError> {
        let pools = match url {
            DatabaseUrl::Sqlite(path) => {
                prepare_sqlite_directory(path)?;
                let mut config = ManagerConfig::<SqliteConn>::default();
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

    pub async fn connection(&self) -> Result<DbConn, DbError> {
        match &self.pools {
            Pools::Sqlite(pool) => pool
                .get()
                .await
                .map(DbConn::Sqlite)
                .map_err(|e| DbError::Connection(e.to_string())),
            Pools::Postgres(pool) => pool
                .get()
                .await
                .map(|conn| DbConn::Postgres(Box::new(conn)))
                .map_err(|e| DbError::Connection(e.to_string())),
        }
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
                conn.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))
                    .await?;
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

/// `busy_timeout` first: it makes every later statement (switching to WAL
/// included) wait for a lock instead of failing at once while another
/// connection opens. WAL lets readers proceed during a write;
/// `synchronous=NORMAL` is safe under WAL.
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 5000; \
     PRAGMA journal_mode = WAL; \
     PRAGMA foreign_keys = ON; \
     PRAGMA synchronous = NORMAL;";

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
/// The body is expanded once per backend, so it must compile for both; it
/// evaluates to a `Result<_, E>` where `E: From<DbError>`.
#[macro_export]
macro_rules! run_query {
    ($db:expr, |$conn:ident| $body:expr) => {{
        match $db.connection().await? {
            $crate::db::DbConn::Sqlite(mut pooled) => {
                let $conn: &mut $crate::db::SqliteConn = &mut pooled;
                $body
            }
            $crate::db::DbConn::Postgres(mut pooled) => {
                let $conn: &mut $crate::db::PgConn = &mut pooled;
                $body
            }
        }
    }};
}

/// Like [`run_query!`] inside a write transaction: committed when the body
/// returns `Ok`, rolled back otherwise. SQLite transactions begin IMMEDIATE.
/// The body returns `Result<_, AppError>`.
#[macro_export]
macro_rules! write_transaction {
    ($db:expr, |$conn:ident| $body:expr) => {{
        match $db.connection().await? {
            $crate::db::DbConn::Sqlite(mut pooled) => {
                let $conn: &mut $crate::db::SqliteConn = &mut pooled;
                $crate::db::begin_sqlite_write($conn).await?;
                let result: Result<_, $crate::error::AppError> = async { $body }.await;
                $crate::db::finish_transaction($conn, result).await
            }
            $crate::db::DbConn::Postgres(mut pooled) => {
                let $conn: &mut $crate::db::PgConn = &mut pooled;
                $crate::db::begin_postgres_write($conn).await?;
                let result: Result<_, $crate::error::AppError> = async { $body }.await;
                $crate::db::finish_transaction($conn, result).await
            }
        }
    }};
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
}
