//! The discussion server functions. Each names its space (`space`: empty
//! for the hub's, a program's slug) and starts with its guard
//! (`discussion::guard::SpaceCaller`); a post, comment or thread of
//! another space is not found. After a change, a plain form post is
//! redirected back to the thread (`crate::reply::redirect`).

// A form's server function takes one argument per field.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;

mod moderation;
mod posts;
mod reading;

pub use moderation::*;
pub use posts::*;
pub use reading::*;

#[cfg(feature = "ssr")]
use crate::discussion::guard::SpaceCaller;

#[cfg(feature = "ssr")]
use crate::programs::api::{db, now};

/// A checked box's value.
#[cfg(feature = "ssr")]
fn checked(value: &str) -> bool {
    matches!(value, "on" | "true" | "1")
}

/// Posting (questions, answers, comments) is limited per member; the
/// refusal is a message on the form's text field `field`, so a plain form
/// post keeps what was written.
#[cfg(feature = "ssr")]
async fn throttle_posting(caller: &SpaceCaller, field: &str) -> Result<(), AppError> {
    use crate::{
        accounts::throttle::{hit, Limit},
        discussion::rules::{POSTS_PER_WINDOW, POST_WINDOW_MINUTES},
    };
    const POSTING: Limit = Limit {
        bucket: "discussion_post",
        max: POSTS_PER_WINDOW,
        window: chrono::Duration::minutes(POST_WINDOW_MINUTES),
    };
    let subject = caller.actor.user_id.to_string();
    match hit(&db()?, &[(POSTING, &subject)], now()).await? {
        None => Ok(()),
        Some(wait) => Err(AppError::validation(
            field,
            format!(
            "You have posted {POSTS_PER_WINDOW} times in {POST_WINDOW_MINUTES} minutes, the most \
             we take. Try again in {} minutes; what you wrote is still in the form.",
                (wait.num_seconds() + 59) / 60
            ),
        )),
    }
}

/// Redirects a plain form post to `path` on the thread's page.
#[cfg(feature = "ssr")]
fn back_to_thread(caller: &SpaceCaller, thread_id: i64, anchor: &str) {
    crate::reply::redirect(&format!("{}{anchor}", caller.info.thread_path(thread_id)));
}
