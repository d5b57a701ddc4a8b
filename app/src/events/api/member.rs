//! What a member does: register, cancel, reset their calendar feed.

#[cfg(feature = "ssr")]
use super::*;
use crate::{
    error::AppError,
    events::{CalendarFeed, MyPlace},
};
use leptos::prelude::*;

/// Registers the caller, or puts them on the waitlist when the event is
/// full. A second submit changes nothing and answers the same place.
#[server(prefix = "/api", endpoint = "events/register")]
pub async fn register_for_event(space: String, event: i64) -> Result<MyPlace, AppError> {
    crate::error::serve(async {
        let caller = EventCaller::open(&space).await?;
        let row = event_of(&caller, event).await?;
        let place = crate::events::store::register(&db()?, row.id, &caller.member, now()).await?;
        crate::reply::redirect(&format!("{}?registered=1", caller.info.event_path(row.id)));
        Ok(MyPlace {
            status: place.status,
            position: place.position,
        })
    })
    .await
}

/// Cancels the caller's registration or waitlist place (before the
/// start); a freed place goes to the first on the waitlist.
#[server(prefix = "/api", endpoint = "events/cancel_registration")]
pub async fn cancel_registration(space: String, event: i64) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = EventCaller::open(&space).await?;
        let row = event_of(&caller, event).await?;
        crate::events::store::cancel_registration(
            &db()?,
            row.id,
            caller.member.user_id,
            false,
            &caller.space,
            &mailer().await?,
            now(),
        )
        .await?;
        crate::reply::redirect(&format!("{}?cancelled=1", caller.info.event_path(row.id)));
        Ok(())
    })
    .await
}

/// A new feed address; the old one stops working at once.
#[server(prefix = "/api", endpoint = "events/reset_feed")]
pub async fn reset_calendar_feed() -> Result<CalendarFeed, AppError> {
    crate::error::serve(async {
        let feed = super::reading::feed(true).await?;
        crate::reply::redirect("/account?feed_reset=1#calendar-feed");
        Ok(feed)
    })
    .await
}
