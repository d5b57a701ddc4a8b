//! Resources: the hub's and each program's library of links, pages and
//! files, each for everyone in its space or (in a program) only its
//! mentors or only its mentees.
//!
//! `storage` (server only) keeps the files in an object store (a local
//! folder or any S3-compatible service); `files` decides which uploads
//! are accepted and how a download is named.

pub mod files;
#[cfg(feature = "ssr")]
pub mod storage;
