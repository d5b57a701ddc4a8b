//! The resources' wire types (what server functions return) and the rules
//! of the resource form, shared by server and client.

mod enums;
mod pages;
pub mod rules;

pub use enums::*;
pub use pages::*;
pub use rules::*;
