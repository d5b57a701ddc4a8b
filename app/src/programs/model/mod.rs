//! The programs' wire types (what server functions return) and the rules
//! shared by server and client: validation, who may see and join what.
//! Compiled for both; one file per concern, all re-exported from
//! `crate::programs`.

mod access;
mod applications;
mod audience;
mod enums;
mod invitations;
mod questions;
mod settings;

pub use access::*;
pub use applications::*;
pub use audience::*;
pub use enums::*;
pub use invitations::*;
pub use questions::*;
pub use settings::*;
