//! Store tests (both databases).
