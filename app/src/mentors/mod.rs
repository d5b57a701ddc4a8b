//! Mentors and matching: the program's Mentors tab, favorites, mentorship
//! requests, mentor capacity, mentorships, and the admins' matching (one
//! mentee at a time, or the whole cohort as an assignment problem).
//!
//! `model` holds the wire types and rules, `matching` the score and the
//! solver, `store` (server only) the queries, `api` the server functions;
//! the views are `tab` (the Mentors tab), `requests_view`, and `admin`
//! (the matching page).

#[cfg(feature = "ssr")]
pub mod account;
pub mod admin;
pub mod api;
#[cfg(feature = "ssr")]
pub mod emails;
pub mod matching;
mod model;
pub mod requests_view;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod store;
pub mod tab;

pub use model::*;
pub use routes::*;
