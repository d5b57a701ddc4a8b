//! A request whose future is dropped (its client went away) or that panics
//! in the middle of database work must not hand its connection back as it
//! is: on SQLite it would keep the write lock, on PostgreSQL an open
//! transaction with its row locks. Run on both backends.

use super::{schema::hub_settings, Db};
use crate::{db::testing::on_both_backends, error::AppError};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::time::Duration;

/// A hang guard only (these machines are slow and shared): the write after
/// a cancelled one must not wait for a lock at all, and fails on a held
/// lock well before this (busy_timeout / lock_timeout are 5 s).
const HANG_GUARD: Duration = Duration::from_secs(60);

async fn hub_name(db: &Db) -> String {
    run_query!(db, |conn| {
        hub_settings::table
            .select(hub_settings::hub_name)
            .first::<String>(conn)
            .await
    })
    .unwrap()
}

async fn rename(db: &Db, name: &str) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        diesel::update(hub_settings::table)
            .set(hub_settings::hub_name.eq(name))
            .execute(conn)
            .await?;
        Ok(())
    })
}

/// An update on a connection taken from the pool earlier (so not the one
/// the cancelled request had): it must not find the write lock held.
async fn rename_on(conn: &mut super::DbConn, name: &str) -> Result<(), diesel::result::Error> {
    let update =
        || diesel::update(hub_settings::table).set(hub_settings::hub_name.eq(name.to_owned()));
    match conn {
        super::DbConn::Sqlite(conn) => update().execute(&mut **conn).await.map(|_| ()),
        super::DbConn::Postgres(conn) => update().execute(&mut ***conn).await.map(|_| ()),
    }
}

/// Every connection of the pool can be taken at once and answers.
async fn assert_pool_is_healthy(db: &Db) {
    let (_, max) = db.pool_status();
    let mut held = Vec::new();
    for _ in 0..max {
        held.push(db.connection().await.expect("a connection"));
    }
    for conn in held {
        match conn {
            super::DbConn::Sqlite(mut conn) => {
                diesel_async::SimpleAsyncConnection::batch_execute(&mut *conn, "SELECT 1")
                    .await
                    .unwrap()
            }
            super::DbConn::Postgres(mut conn) => {
                diesel_async::SimpleAsyncConnection::batch_execute(&mut **conn, "SELECT 1")
                    .await
                    .unwrap()
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_transaction_cancelled_while_holding_the_write_lock_leaves_nothing_behind() {
    on_both_backends(|db| async move {
        let before = hub_name(&db).await;
        // Another request's connection, taken before (so the pool cannot
        // hand it the cancelled one).
        let mut other = db.connection().await.unwrap();
        // The write lock is taken, then the request goes away: its future
        // is dropped while the transaction is open.
        let (locked, mut wait_locked) = tokio::sync::mpsc::channel::<()>(1);
        let stuck = {
            let db = db.clone();
            async move {
                let _: Result<(), AppError> = write_transaction!(db, |conn| {
                    diesel::update(hub_settings::table)
                        .set(hub_settings::hub_name.eq("never committed"))
                        .execute(conn)
                        .await?;
                    let _ = locked.send(()).await;
                    std::future::pending::<()>().await;
                    Ok(())
                });
            }
        };
        tokio::select! {
            _ = stuck => unreachable!("the body never finishes"),
            _ = wait_locked.recv() => {}
        }
        // The other request writes: the lock is free (without the fix it
        // stays with the idle cancelled connection, and this fails after
        // busy_timeout / lock_timeout).
        let next = tokio::time::timeout(HANG_GUARD, rename_on(&mut other, "after the cancel"))
            .await
            .expect("the next write does not hang");
        assert!(next.is_ok(), "{:?}: {next:?}", db.backend());
        drop(other);
        assert_eq!(hub_name(&db).await, "after the cancel");
        assert_ne!(before, "never committed");
        assert_pool_is_healthy(&db).await;
        // Several more writes in a row, on whatever connections come.
        for n in 0..6 {
            rename(&db, &format!("write {n}")).await.unwrap();
        }
        assert_eq!(hub_name(&db).await, "write 5");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_panic_inside_a_transaction_rolls_it_back_and_the_connection_is_not_reused() {
    on_both_backends(|db| async move {
        let mut other = db.connection().await.unwrap();
        let task = {
            let db = db.clone();
            tokio::spawn(async move {
                let _: Result<(), AppError> = write_transaction!(db, |conn| {
                    diesel::update(hub_settings::table)
                        .set(hub_settings::hub_name.eq("half done"))
                        .execute(conn)
                        .await?;
                    panic!("a bug in the middle of a transaction");
                    #[allow(unreachable_code)]
                    Ok(())
                });
            })
        };
        assert!(task.await.unwrap_err().is_panic());
        let next = tokio::time::timeout(HANG_GUARD, rename_on(&mut other, "after the panic"))
            .await
            .expect("the next write does not hang");
        assert!(next.is_ok(), "{:?}: {next:?}", db.backend());
        drop(other);
        assert_eq!(hub_name(&db).await, "after the panic");
        assert_pool_is_healthy(&db).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_query_cancelled_mid_way_does_not_poison_the_pool() {
    on_both_backends(|db| async move {
        // A read whose future is dropped while it holds the connection.
        let (started, mut wait_started) = tokio::sync::mpsc::channel::<()>(1);
        let stuck = {
            let db = db.clone();
            async move {
                let _: Result<String, AppError> = run_query!(db, |conn| {
                    let name = hub_settings::table
                        .select(hub_settings::hub_name)
                        .first::<String>(conn)
                        .await?;
                    let _ = started.send(()).await;
                    std::future::pending::<()>().await;
                    Ok(name)
                });
            }
        };
        tokio::select! {
            _ = stuck => unreachable!(),
            _ = wait_started.recv() => {}
        }
        rename(&db, "still fine").await.unwrap();
        assert_eq!(hub_name(&db).await, "still fine");
        assert_pool_is_healthy(&db).await;
    })
    .await;
}
