//! The discussion queries (server only), one body for both databases.
//!
//! - `space`: a space's settings, tags, suspensions, and what a page needs
//!   to know about it (`SpaceInfo`);
//! - `threads`: asking, and the lists;
//! - `thread`: one thread's page;
//! - `posts`: answers, comments, votes, accepting, editing, deleting,
//!   following;
//! - `moderation`: flags, the queue, removing, closing and locking;
//! - `search`: full-text search, one arm per database;
//! - `notify`: the emails to followers;
//! - `export`: a member's posts for "Download my data".
//!
//! Who wrote an anonymous post is only ever read through [`author_of`];
//! what leaves this module names an anonymous author as
//! [`rules::ANONYMOUS_NAME`](super::rules::ANONYMOUS_NAME), and tells only
//! the author themself that it is theirs.

mod export;
mod moderation;
mod notify;
mod posts;
mod search;
mod space;
mod thread;
mod threads;

#[cfg(test)]
mod tests;

/// A member's choice of discussion emails is kept with the account.
pub use crate::accounts::store::{
    discussion_emails_of as emails_of, set_discussion_emails as set_emails,
};
pub use export::export_of_member;
pub use moderation::*;
pub use posts::*;
pub use search::*;
pub use space::*;
pub use thread::*;
pub use threads::*;

use super::{
    rules::ANONYMOUS_NAME,
    seal::{self, Sealed, SecretKey},
    Author,
};

/// Who acts in a space: the member, whether they moderate it, and the key
/// that opens anonymous authors' seals.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: i64,
    pub name: String,
    pub moderator: bool,
    pub key: SecretKey,
}

/// What is stored of a form's idempotency key: a keyed digest of the
/// member and the key, so that the same key sent by another member (a
/// copied form) makes that member's post, and the column names nobody
/// (an anonymous post's key too).
pub(crate) fn request_key(actor: &Actor, form_key: &str) -> String {
    actor
        .key
        .sign("form key", &format!("{}:{form_key}", actor.user_id))
}

/// The author of a post or comment: its author column, or its seal.
pub(crate) fn author_of(
    key: &SecretKey,
    what: Sealed,
    author_id: Option<i64>,
    sealed: Option<&str>,
) -> Option<i64> {
    author_id.or_else(|| sealed.and_then(|sealed| seal::open(key, what, sealed)))
}

/// What `viewer` may know of who wrote it. `name` is the named author's
/// (`None` when the account is gone).
pub(crate) fn author_view(
    key: &SecretKey,
    what: Sealed,
    viewer: Option<i64>,
    author_id: Option<i64>,
    name: Option<String>,
    sealed: Option<&str>,
) -> Author {
    match sealed {
        Some(sealed) => Author {
            user_id: None,
            name: ANONYMOUS_NAME.into(),
            anonymous: true,
            is_you: viewer.is_some() && seal::open(key, what, sealed) == viewer,
        },
        None => Author {
            user_id: author_id,
            name: name.unwrap_or_else(|| "A former member".into()),
            anonymous: false,
            is_you: viewer.is_some() && author_id == viewer,
        },
    }
}

/// The author columns of a new post: `(author_id, sealed_author)`.
pub(crate) fn author_columns(
    actor: &Actor,
    what: Sealed,
    anonymous: bool,
) -> (Option<i64>, Option<String>) {
    if anonymous {
        (None, Some(seal::seal(&actor.key, what, actor.user_id)))
    } else {
        (Some(actor.user_id), None)
    }
}

/// A fresh idempotency key for a form.
pub fn form_key() -> Result<String, crate::error::AppError> {
    Ok(crate::accounts::security::new_token()?.0)
}
