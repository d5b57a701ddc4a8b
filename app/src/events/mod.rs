//! Events: the hub's and each program's, with registration, capacity, a
//! waitlist that promotes itself, reminders and calendar files.
//!
//! `model` holds the wire types and rules; `store` (server only) the
//! queries; `guard` who may do what; `api` the server functions;
//! `downloads` the calendar files, the feed and the attendee CSV as plain
//! routes; `calendar` the `.ics` files; `times` how a member reads an
//! event's time; `emails` what the domain sends; `views` the pages,
//! declared as routes in `routes`.

pub mod api;
#[cfg(feature = "ssr")]
pub mod calendar;
#[cfg(feature = "ssr")]
pub mod downloads;
#[cfg(feature = "ssr")]
pub mod emails;
#[cfg(feature = "ssr")]
pub mod guard;
mod model;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod times;
mod views;

pub use model::*;
