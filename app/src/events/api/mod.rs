//! The events server functions. Each names its space (`space`: empty for
//! the hub's, a program's slug) and starts with its guard
//! (`events::guard::EventCaller`); an event of another space, or one for
//! an audience the caller is not in, is not found. After a change a plain
//! form post is redirected back to the page it came from
//! (`crate::reply::redirect`) with a flag the page turns into a notice.

// A form's server function takes one argument per field.
#![allow(clippy::too_many_arguments)]

mod admin;
mod member;
mod reading;

pub use admin::*;
pub use member::*;
pub use reading::*;

#[cfg(feature = "ssr")]
use crate::{
    error::AppError,
    events::{guard::EventCaller, store::EventRow, EventSummary, RegistrationStatus},
};

#[cfg(feature = "ssr")]
use crate::programs::api::{db, now};

/// An event as the caller reads it, its times in their zone.
#[cfg(feature = "ssr")]
fn summary_of(
    caller: &EventCaller,
    row: &EventRow,
    mine: Option<RegistrationStatus>,
) -> EventSummary {
    use crate::events::times;
    let zone = times::zone_of(&caller.info.zone, row);
    EventSummary {
        id: row.id,
        title: row.title.clone(),
        when: times::when(row, zone),
        local_note: times::local_note(row, zone),
        starts_at: row.starts_at,
        format: row.format,
        address: row.address.clone(),
        audience: row.audience,
        state: row.state,
        capacity: row.capacity,
        places_left: row.places_left(),
        taken: row.taken,
        waiting: row.waiting,
        keeps_waitlist: row.keeps_waitlist,
        mine: mine.filter(|status| *status != RegistrationStatus::Cancelled),
    }
}

/// What the emails of a change in the caller's space need.
#[cfg(feature = "ssr")]
async fn mailer() -> Result<crate::events::store::Mailer, AppError> {
    let state = crate::state::app_state()?;
    let hub = state.hub_settings.read(&state.db).await?;
    Ok(crate::events::guard::mailer(&state, hub.hub_name))
}

/// The event, if the caller may see it.
#[cfg(feature = "ssr")]
async fn event_of(caller: &EventCaller, event_id: i64) -> Result<EventRow, AppError> {
    crate::events::store::event_in(&db()?, &caller.space, event_id, &caller.member).await
}
