//! The mentors domain's wire types and rules, shared by server and client.

mod enums;
mod matching_admin;
mod requests;
mod tab;

pub use enums::*;
pub use matching_admin::*;
pub use requests::*;
pub use tab::*;
