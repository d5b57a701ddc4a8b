//! Counting the database work of one request (server only): how many
//! queries it ran and how many connections it took from the pool. The
//! tests use it to prove that a page runs the same number of queries
//! whatever the amount of data (no N+1).
//!
//! A request that should be counted carries a [`QueryCount`] in its
//! extensions (the server adds one when [`COUNT_QUERIES`] is on, and sends
//! the figures back as `x-db-queries` / `x-db-checkouts`); every checkout
//! of that request then gets a diesel `Instrumentation` that adds to it.

use diesel::connection::{Instrumentation, InstrumentationEvent};
use std::sync::{
    atomic::{AtomicUsize, Ordering},
    Arc,
};

/// On in test builds only: production requests are not instrumented.
pub const COUNT_QUERIES: bool = cfg!(feature = "test-support");

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
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<QueryCount>().cloned())
    }

    pub(crate) fn instrumentation(&self) -> impl Instrumentation {
        self.checkouts.fetch_add(1, Ordering::Relaxed);
        Counting(self.queries.clone())
    }
}

struct Counting(Arc<AtomicUsize>);

impl Instrumentation for Counting {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::StartQuery { .. } = event {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }
}
