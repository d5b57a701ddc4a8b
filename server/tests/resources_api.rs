//! API tests for the resources domain (being written).

mod support;
