//! API tests for the mentors domain (being written).

mod support;
