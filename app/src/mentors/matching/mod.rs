//! The pure matching core, without the database: the score of one
//! (mentee, mentor) pair with its parts (both server and client, so a page
//! can explain a pair), and the cohort solver that proposes the pairs of a
//! whole program at once as an assignment problem (server only).

mod score;
pub use score::*;

#[cfg(feature = "ssr")]
mod solve;
#[cfg(feature = "ssr")]
pub use solve::*;
