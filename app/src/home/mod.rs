//! The home page: the hub's welcome for a visitor, and for a signed-in
//! member their own overview: their programs, mentors and mentees,
//! requests waiting for them, their events, new answers in the threads
//! they follow, and for admins what waits for their decision.
//!
//! It reads every domain's data for one member, so it sits above them
//! all (ARCHITECTURE.md, "Layers"): `store` holds its queries (server
//! only), `api` its one server function, `views` the page.

pub mod api;
mod model;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod store;
mod views;

pub use model::*;
pub use routes::*;
