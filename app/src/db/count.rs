//! Counting the database work of one request (server only): how many
//! queries it ran and how many connections it took from the pool. The
//! tests use it to prove that a page runs the same number of queries
//! whatever the amount of data (no N+1).
//!
//! A request that should be counted carries a [`QueryCount`] in its
//! extensions (the server adds one when counting is [`enabled`], and sends
//! the figures back as `x-db-queries` / `x-db-checkouts`); every checkout
//! of that request then gets a diesel `Instrumentation` that adds to it.

use diesel::connection::{Instrumentation, InstrumentationEvent};
use std::sync::{
    atomic::{AtomicBool, AtomicUsize, Ordering},
    Arc,
};

/// Always on in test builds; elsewhere only when the operator asks
/// (`COUNT_QUERIES=on`, for `make bench`): requests are not instrumented
/// otherwise.
static ENABLED: AtomicBool = AtomicBool::new(cfg!(feature = "test-support"));

/// Whether requests are counted.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Counts requests from now on (the server's `COUNT_QUERIES=on`).
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// The response headers with a counted request's figures.
pub const QUERIES_HEADER: &str = "x-db-queries";
pub const CHECKOUTS_HEADER: &str = "x-db-checkouts";

#[derive(Debug, Clone, Default)]
pub struct QueryCount {
    queries: Arc<AtomicUsize>,
    checkouts: Arc<AtomicUsize>,
}

impl QueryCount {
    pub fn queries(&self) -> usize {
        self.queries.load(Ordering::Relaxed)
    }

    pub fn checkouts(&self) -> usize {
        self.checkouts.load(Ordering::Relaxed)
    }

    /// The counter of the request being handled, if it is counted.
    pub(crate) fn current() -> Option<QueryCount> {
        crate::context::lookup::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<QueryCount>().cloned())
    }

    pub(crate) fn instrumentation(&self) -> Counting {
        self.checkouts.fetch_add(1, Ordering::Relaxed);
        Counting(self.queries.clone())
    }
}

pub(crate) struct Counting(Arc<AtomicUsize>);

impl Instrumentation for Counting {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            // The pool checks a connection with `SELECT 1` when it hands it
            // out again, while the connection still carries the counter of
            // its last checkout: that is the pool's work, not the page's
            // (counting it made the figures depend on which connection a
            // resource happened to get).
            if !is_pool_check(&sql_start(query)) {
                self.0.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

/// The first bytes of a query's SQL and binds: enough to recognise the
/// pool's ping, without formatting a whole query (and every bind) for each
/// one the app runs, which made counting a visible part of a page's cost.
fn sql_start(query: &dyn std::fmt::Display) -> String {
    use std::fmt::Write;
    struct Start(String);
    impl Write for Start {
        fn write_str(&mut self, text: &str) -> std::fmt::Result {
            let room = PING_LENGTH_LIMIT.saturating_sub(self.0.len());
            let mut end = room.min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            self.0.push_str(&text[..end]);
            if end < text.len() {
                Err(std::fmt::Error)
            } else {
                Ok(())
            }
        }
    }
    let mut start = Start(String::with_capacity(PING_LENGTH_LIMIT));
    // An error only means the query is longer than what we look at.
    let _ = write!(start, "{query}");
    start.0
}

/// Longer than either backend's ping.
const PING_LENGTH_LIMIT: usize = 40;

/// diesel-async's `RecyclingMethod::Verified` ping: `SELECT 1` as a bind.
fn is_pool_check(sql: &str) -> bool {
    matches!(sql, "SELECT $1 -- binds: [1]" | "SELECT ? -- binds: [1]")
}

#[cfg(test)]
mod pool_check_tests {
    use diesel::{debug_query, pg::Pg, sql_types::Integer, sqlite::Sqlite, IntoSql};

    #[test]
    fn the_pools_ping_is_recognised_on_both_backends() {
        let ping = diesel::select(1_i32.into_sql::<Integer>());
        assert!(super::is_pool_check(&super::sql_start(&debug_query::<
            Sqlite,
            _,
        >(&ping))));
        assert!(super::is_pool_check(&super::sql_start(
            &debug_query::<Pg, _>(&ping)
        )));
        let page_query = diesel::select(2_i32.into_sql::<Integer>());
        assert!(!super::is_pool_check(&super::sql_start(&debug_query::<
            Sqlite,
            _,
        >(
            &page_query
        ))));
        // Only the start of a long query is formatted.
        let long = diesel::select(diesel::dsl::sql::<Integer>(&format!(
            "1{}",
            " + 1".repeat(500)
        )));
        let start = super::sql_start(&debug_query::<Sqlite, _>(&long));
        assert_eq!(start.len(), super::PING_LENGTH_LIMIT);
        assert!(start.starts_with("SELECT 1 + 1"));
        assert!(!super::is_pool_check(&start));
    }
}
