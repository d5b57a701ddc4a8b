//! Resources: the hub's and each program's library of links, pages and
//! files, in ordered sections, each for everyone in its space or (in a
//! program) only its mentors or only its mentees.
//!
//! `model` holds the wire types and rules; `store` (server only) the
//! queries; `guard` who may do what; `api` the server functions;
//! `uploads` the resource form's multipart post and the file downloads as
//! plain routes; `storage` (server only) the object store the files are
//! kept in (a local folder or any S3-compatible service); `files` which
//! uploads are accepted and how a download is named; `views` the pages,
//! declared as routes in `routes`.

pub mod api;
pub mod files;
#[cfg(feature = "ssr")]
pub mod guard;
mod model;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod storage;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod uploads;
mod views;

pub use model::*;

/// The resource form's refusals are kept under this name (a plain post's
/// `__path`), as a server function's are under its URL.
pub const SAVE_FORM: &str = "/resources/save";
