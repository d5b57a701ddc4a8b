//! The discussion domain's wire types and rules.

mod enums;
mod pages;
pub mod rules;

pub use enums::*;
pub use pages::*;
