//! Mentorhub's Leptos app: components, routes and server functions, shared by
//! the server (feature `ssr`) and the WebAssembly client (feature `hydrate`).
//!
//! One folder per domain; each holds its wire types, server functions,
//! server-only queries (`store`) and views.

#![recursion_limit = "256"]

pub mod accounts;
pub mod context;
pub mod discussion;
pub mod email;
pub mod error;
pub mod events;
pub mod home;
pub mod hub;
pub mod mentors;
pub mod programs;
pub mod resources;
pub mod shell;
pub mod text;
mod text_enum;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod csv;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod flash;
#[cfg(feature = "ssr")]
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod reply;
#[cfg(feature = "ssr")]
pub mod state;

pub use shell::{shell, App};

#[cfg(test)]
mod layering_tests;

/// The composition root's list of what each domain adds to accounts.
#[cfg(feature = "ssr")]
pub fn account_extensions(
    key: &discussion::seal::SecretKey,
) -> accounts::extensions::AccountExtensions {
    accounts::extensions::AccountExtensions::new(vec![
        std::sync::Arc::new(programs::account::ProgramsAccount),
        std::sync::Arc::new(mentors::account::MentorsAccount),
        std::sync::Arc::new(discussion::account::DiscussionAccount(key.clone())),
    ])
}
