//! Mentoring programs: settings, program admins, registration questions,
//! applications and memberships, invitation links.
//!
//! `model` holds the wire types and the rules shared by server and client
//! (validation, who may see and join what); `store` (server only) holds the
//! queries. The rules are enforced again on the server: what the client
//! checks is only there to answer sooner.
//!
//! One `memberships` row per program and member carries the whole story:
//! `pending` (applied, waiting for an admin) → `approved` (a member) or
//! `declined`; a member may `withdraw` a pending application or `leave`; an
//! admin may `remove` a member. Applying again reuses the row.

#[cfg(feature = "ssr")]
pub mod account;
pub mod admin;
pub mod api;
pub mod directory;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod guard;
pub mod home;
pub mod invitation;
mod model;
pub mod questions_view;
pub mod routes;
pub mod space;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::*;
