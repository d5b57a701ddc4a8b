//! Discussion: questions and answers in the hub's space and in each
//! program's, with anonymous posts nobody can unmask, accepted answers,
//! votes, flags and full-text search.
//!
//! `model` holds the wire types and rules; `seal` (server only) the
//! encryption of anonymous authors; `store` (server only) the queries;
//! `guard` who may do what in a space; `api` the server functions;
//! `views` the pages, declared as routes in `routes`.

#[cfg(feature = "ssr")]
pub mod account;
pub mod api;
#[cfg(feature = "ssr")]
pub mod emails;
#[cfg(feature = "ssr")]
pub mod guard;
mod model;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod seal;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod unsubscribe;
mod views;

pub use model::*;
