//! Events: the hub's and each program's, with registration, capacity, a
//! waitlist that promotes itself, reminders and calendar files.
//!
//! `model` holds the wire types and rules; `store` (server only) the
//! queries; `calendar` the `.ics` files; `times` how a member reads an
//! event's time; `emails` what the domain sends.

#[cfg(feature = "ssr")]
pub mod calendar;
#[cfg(feature = "ssr")]
pub mod emails;
mod model;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod times;

pub use model::*;
