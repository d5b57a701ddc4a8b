//! The mentors' server functions. Each starts with the program guard
//! (`programs::guard::ProgramCaller`): approved members and the program's
//! admins see the Mentors tab; only a program's mentees favorite and
//! request, only its mentors answer requests and set their places, only
//! its admins (program admins and hub admins) match.

// A form's server function takes one argument per field.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::programs::guard::ProgramCaller;

mod admin;
mod requests;
mod tab;

pub use admin::*;
pub use requests::*;
pub use tab::*;

#[cfg(feature = "ssr")]
use crate::programs::api::{db, now};

#[cfg(feature = "ssr")]
fn links(caller: &ProgramCaller) -> Result<crate::mentors::store::ProgramLinks, AppError> {
    let state = crate::state::app_state()?;
    Ok(crate::mentors::store::ProgramLinks::new(
        &state.site.site_url,
        &caller.program.settings.name,
        &caller.program.path(),
    ))
}

/// The caller's role, when they are an approved member in it.
#[cfg(feature = "ssr")]
fn member_role(caller: &ProgramCaller) -> Option<crate::programs::Role> {
    caller
        .access
        .is_member()
        .then(|| caller.access.membership.as_ref().map(|m| m.role))
        .flatten()
}

#[cfg(feature = "ssr")]
fn require_role(caller: &ProgramCaller, role: crate::programs::Role) -> Result<(), AppError> {
    if member_role(caller) == Some(role) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A whole number from a form field, or the field's message.
#[cfg(feature = "ssr")]
fn number(field: &str, value: &str) -> Result<i32, AppError> {
    value
        .trim()
        .parse()
        .map_err(|_| AppError::validation(field, "Enter a whole number."))
}

/// The Mentors tab's filters as a query string, only if it is one the tab
/// itself writes (letters, digits and the few characters of an encoded
/// query): the return address of a plain form post.
pub fn safe_query(query: &str) -> Option<&str> {
    let ok = query.len() <= 600
        && query
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "=&%+-._".contains(c));
    (ok && !query.is_empty()).then_some(query)
}
