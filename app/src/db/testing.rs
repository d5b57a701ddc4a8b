//! Fresh databases for tests: a new SQLite file or a new PostgreSQL database
//! per test, migrated, and removed again when the handle is dropped.
//!
//! PostgreSQL is found through `TEST_POSTGRES_URL` (an URL of a role allowed
//! to create databases; default `postgres://mentorhub:mentorhub@127.0.0.1:5432/postgres`).
//! When it is unreachable the PostgreSQL half of a test is skipped with a
//! loud message, except under `CI=true`, where that is a failure.

use super::{Backend, DatabaseUrl, Db, PgConn};
use diesel_async::{AsyncConnection, SimpleAsyncConnection};
use std::future::Future;

pub const DEFAULT_TEST_POSTGRES_URL: &str =
    "postgres://mentorhub:mentorhub@127.0.0.1:5432/postgres";

pub struct TestDb {
    pub db: Db,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Database { admin_url: String, name: String },
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = std::env::temp_dir().join("mentorhub-tests");
        std::fs::create_dir_all(&dir).expect("create temp dir for test databases");
        let path = dir.join(format!("{}.db", uuid::Uuid::new_v4().simple()));
        let url = format!("sqlite://{}", path.display());
        let db = Db::connect(&DatabaseUrl::parse(&url).unwrap(), 4)
            .await
            .expect("open and migrate a fresh SQLite database");
        TestDb {
            db,
            url,
            cleanup: Cleanup::File(path),
        }
    }

    /// A fresh PostgreSQL database, or `None` when no server is reachable
    /// outside CI.
    pub async fn postgres() -> Option<TestDb> {
        let admin_url = admin_url();
        let mut admin = match PgConn::establish(&admin_url).await {
            Ok(conn) => conn,
            Err(error) => {
                if std::env::var("CI").is_ok_and(|v| v == "true") {
                    panic!("CI=true but PostgreSQL at {admin_url} is unreachable: {error}");
                }
                eprintln!(
                    "SKIPPING the PostgreSQL half of this test: {admin_url} is unreachable \
                     ({error}). `make test` starts a server."
                );
                return None;
            }
        };
        let name = format!("mentorhub_test_{}", uuid::Uuid::new_v4().simple());
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create a test database");
        let url = replace_database(&admin_url, &name);
        let db = Db::connect(&DatabaseUrl::parse(&url).unwrap(), 4)
            .await
            .expect("migrate a fresh PostgreSQL database");
        Some(TestDb {
            db,
            url,
            cleanup: Cleanup::Database { admin_url, name },
        })
    }

    pub fn backend(&self) -> Backend {
        self.db.backend()
    }

    /// Drops a PostgreSQL test database while the pool still points at it,
    /// to see how the app behaves when its database goes away.
    pub async fn drop_database_now(&self) {
        let Cleanup::Database { admin_url, name } = &self.cleanup else {
            panic!("drop_database_now is for PostgreSQL test databases");
        };
        let mut admin = PgConn::establish(admin_url)
            .await
            .expect("admin connection");
        admin
            .batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
            .await
            .expect("drop the test database");
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut file = path.clone().into_os_string();
                    file.push(suffix);
                    let _ = std::fs::remove_file(file);
                }
            }
            Cleanup::Database { admin_url, name } => {
                // Drop runs outside any async context we could use, possibly
                // while panicking: do the cleanup on a runtime of its own.
                let (admin_url, name) = (admin_url.clone(), name.clone());
                let _ = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .expect("cleanup runtime");
                    runtime.block_on(async move {
                        if let Ok(mut admin) = PgConn::establish(&admin_url).await {
                            let _ = admin
                                .batch_execute(&format!(
                                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                                ))
                                .await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

pub fn admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_TEST_POSTGRES_URL.to_owned())
}

fn replace_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].rfind('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{database}?{query}"),
        None => format!("{base}/{database}"),
    }
}

/// Runs `test` once on a fresh SQLite database and once on a fresh
/// PostgreSQL database.
pub async fn on_both_backends<F, Fut>(test: F)
where
    F: Fn(Db) -> Fut,
    Fut: Future<Output = ()>,
{
    let sqlite = TestDb::sqlite().await;
    test(sqlite.db.clone()).await;
    if let Some(postgres) = TestDb::postgres().await {
        test(postgres.db.clone()).await;
    }
}

/// Writes the raw text `value` into `column` of every row of `table`, past
/// the column's CHECK constraint (SQLite: `ignore_check_constraints` on that
/// connection; PostgreSQL: `<table>_<column>_check` is dropped from this test
/// database): what only another version of the app or a hand-edited row
/// could have stored. For tests of how such rows load.
pub async fn store_unchecked(db: &Db, table: &str, column: &str, value: &str) {
    use diesel_async::RunQueryDsl;
    let update = format!(
        "UPDATE {table} SET {column} = '{}'",
        value.replace('\'', "''")
    );
    let unchecked = format!("ALTER TABLE {table} DROP CONSTRAINT {table}_{column}_check");
    let changed: Result<usize, diesel::result::Error> = crate::run_query!(
        db,
        sqlite | conn | {
            diesel::sql_query("PRAGMA ignore_check_constraints = ON")
                .execute(conn)
                .await?;
            let changed = diesel::sql_query(update.clone()).execute(conn).await;
            diesel::sql_query("PRAGMA ignore_check_constraints = OFF")
                .execute(conn)
                .await?;
            changed
        },
        postgres | conn | {
            diesel::sql_query(unchecked.clone()).execute(conn).await?;
            diesel::sql_query(update.clone()).execute(conn).await
        }
    );
    let changed = changed.unwrap_or_else(|error| panic!("{table}.{column} = {value:?}: {error}"));
    assert!(changed > 0, "{table} has no row to change");
}

#[cfg(test)]
mod schema_diff;

#[cfg(test)]
mod tests {
    use super::replace_database;

    #[test]
    fn replaces_only_the_database_name() {
        assert_eq!(
            replace_database("postgres://u:p@h:5432/postgres?sslmode=disable", "t1"),
            "postgres://u:p@h:5432/t1?sslmode=disable"
        );
        assert_eq!(
            replace_database("postgres://u@h", "t2"),
            "postgres://u@h/t2"
        );
    }
}
