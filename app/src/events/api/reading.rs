//! What the pages read: a space's list, an event, the admin's form, the
//! attendees, the member's calendar feed.

#[cfg(feature = "ssr")]
use super::*;
use crate::{
    error::AppError,
    events::{AttendeesPage, CalendarFeed, EventFormPage, EventList, EventPage},
};
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "events/list")]
pub async fn get_events(
    space: String,
    #[server(default)] when: String,
    #[server(default)] page: i64,
) -> Result<EventList, AppError> {
    crate::error::serve(async {
        use crate::events::{rules::EVENTS_PER_PAGE, store, ListWhen};
        let caller = EventCaller::open(&space).await?;
        let list_when = ListWhen::parse(&when);
        let which = match list_when {
            ListWhen::Upcoming => store::When::Upcoming,
            ListWhen::Past => store::When::Past,
        };
        let (rows, total) = store::list_events(
            &db()?,
            &caller.space,
            &caller.member,
            which,
            page.max(1),
            EVENTS_PER_PAGE,
            now(),
        )
        .await?;
        let (page, _) = crate::ui::clamp_page(page.max(1), total, EVENTS_PER_PAGE);
        let events = rows
            .iter()
            .map(|(row, mine)| summary_of(&caller, row, *mine))
            .collect();
        Ok(EventList {
            space: caller.info,
            when: list_when,
            events,
            total,
            page,
            pages: crate::ui::page_count(total, EVENTS_PER_PAGE),
        })
    })
    .await
}

#[server(prefix = "/api", endpoint = "events/event")]
pub async fn get_event(space: String, event: i64) -> Result<EventPage, AppError> {
    crate::error::serve(async {
        use crate::events::{store, times, EventState, MyPlace};
        let caller = EventCaller::open(&space).await?;
        let row = event_of(&caller, event).await?;
        let place = store::place_of(&db()?, row.id, caller.member.user_id).await?;
        let at = now();
        let zone = times::zone_of(&caller.info.zone, &row);
        let holds_place = place.is_some_and(|p| p.status.takes_place());
        let active = place.is_some_and(|p| p.status.is_active());
        let refusal = if place.is_some() {
            None
        } else {
            row.newcomer_refusal(at)
        };
        let registration_note = if row.state == EventState::Cancelled {
            String::new()
        } else {
            match row.registration_opens_at {
                Some(opens) if at < opens => format!(
                    "Registration opens {} and closes {}.",
                    times::moment(opens, zone),
                    times::moment(row.registration_closes_at, zone)
                ),
                _ if at < row.registration_closes_at => format!(
                    "Registration closes {}.",
                    times::moment(row.registration_closes_at, zone)
                ),
                _ => "Registration has closed.".into(),
            }
        };
        Ok(EventPage {
            event: summary_of(&caller, &row, place.map(|p| p.status)),
            description_html: row.description_html.clone(),
            registration_note,
            place: place.map(|p| MyPlace {
                status: p.status,
                position: p.position,
            }),
            online_link: (holds_place && row.format.is_online() && !row.online_link.is_empty())
                .then(|| row.online_link.clone()),
            refusal,
            can_cancel: active && row.state == EventState::Scheduled && at < row.starts_at,
            ics_path: format!("{}/calendar.ics", caller.info.event_path(row.id)),
            space: caller.info,
        })
    })
    .await
}

/// The admin's form: empty for a new event (`event` 0), or the event's
/// values as they were typed.
#[server(prefix = "/api", endpoint = "events/form")]
pub async fn get_event_form(space: String, event: i64) -> Result<EventFormPage, AppError> {
    crate::error::serve(async {
        use crate::events::{rules, EventState};
        let caller = EventCaller::open(&space).await?.manager()?;
        if event == 0 {
            let zone = if caller.info.zone.parse::<chrono_tz::Tz>().is_ok() {
                caller.info.zone.clone()
            } else {
                "UTC".into()
            };
            return Ok(EventFormPage {
                space: caller.info,
                event_id: None,
                draft: rules::EventDraft {
                    time_zone: zone,
                    format: "in_person".into(),
                    audience: "everyone".into(),
                    waitlist: Some("on".into()),
                    ..Default::default()
                },
                cancelled: false,
            });
        }
        let row = event_of(&caller, event).await?;
        Ok(EventFormPage {
            draft: rules::draft_of(&row),
            cancelled: row.state == EventState::Cancelled,
            event_id: Some(row.id),
            space: caller.info,
        })
    })
    .await
}

#[server(prefix = "/api", endpoint = "events/attendees")]
pub async fn get_attendees(space: String, event: i64) -> Result<AttendeesPage, AppError> {
    crate::error::serve(async {
        use crate::events::{store, Attendee, AttendeeCounts, RegistrationStatus};
        let caller = EventCaller::open(&space).await?.manager()?;
        let row = event_of(&caller, event).await?;
        let rows = store::attendees(&db()?, row.id).await?;
        let mut counts = AttendeeCounts::default();
        for attendee in &rows {
            match attendee.status {
                RegistrationStatus::Registered => counts.registered += 1,
                RegistrationStatus::Waitlisted => counts.waitlisted += 1,
                RegistrationStatus::Attended => counts.attended += 1,
                RegistrationStatus::NoShow => counts.no_show += 1,
                RegistrationStatus::Cancelled => counts.cancelled += 1,
            }
        }
        Ok(AttendeesPage {
            event: summary_of(&caller, &row, None),
            attendees: rows
                .into_iter()
                .map(|a| Attendee {
                    user_id: a.user_id,
                    name: a.name,
                    status: a.status,
                    position: a.position,
                    since: a.since,
                })
                .collect(),
            counts,
            space: caller.info,
        })
    })
    .await
}

/// The member's personal calendar feed, made on first use.
#[server(prefix = "/api", endpoint = "events/feed")]
pub async fn get_calendar_feed() -> Result<CalendarFeed, AppError> {
    crate::error::serve(async { feed(false).await }).await
}

#[cfg(feature = "ssr")]
pub(super) async fn feed(reset: bool) -> Result<CalendarFeed, AppError> {
    let viewer = crate::accounts::session::require_member().await?;
    let state = crate::state::app_state()?;
    let secret = crate::events::store::feed_secret(
        &state.db,
        &state.site.secret_key,
        viewer.user.id,
        reset,
        now(),
    )
    .await?;
    let url = format!(
        "{}/calendar/{secret}.ics",
        state.site.site_url.trim_end_matches('/')
    );
    let webcal = match url.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => url.clone(),
    };
    Ok(CalendarFeed { url, webcal })
}
