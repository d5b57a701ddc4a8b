//! The discussion domain's wire types and rules.

mod enums;
mod pages;
pub mod rules;

/// A member's choice of discussion emails is an account setting.
pub use crate::accounts::DiscussionEmails;
pub use enums::*;
pub use pages::*;
