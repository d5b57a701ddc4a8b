//! What the space's managers do: create, change and cancel events, and
//! manage attendees (promote, remove, check in).

#[cfg(feature = "ssr")]
use super::*;
use crate::error::AppError;
use leptos::prelude::*;

/// Creates an event (`event` 0) or changes one; a plain form post lands
/// on the event's page. A refused form keeps every value.
#[server(prefix = "/api", endpoint = "events/save")]
pub async fn save_event(
    space: String,
    #[server(default)] event: i64,
    title: String,
    #[server(default)] description: String,
    time_zone: String,
    starts: String,
    ends: String,
    format: String,
    #[server(default)] address: String,
    #[server(default)] online_link: String,
    #[server(default)] capacity: String,
    #[server(default)] registration_opens: String,
    #[server(default)] registration_closes: String,
    #[server(default)] audience: String,
    #[server(default)] waitlist: Option<String>,
) -> Result<i64, AppError> {
    let draft = crate::events::rules::EventDraft {
        title,
        description,
        time_zone,
        starts,
        ends,
        format,
        address,
        online_link,
        capacity,
        registration_opens,
        registration_closes,
        audience,
        waitlist,
    };
    let mut keep: Vec<(&str, String)> = draft
        .fields()
        .iter()
        .map(|(field, value)| (*field, value.to_string()))
        .collect();
    keep.push(("waitlist", draft.waitlist.clone().unwrap_or_default()));
    crate::error::serve(async {
        use crate::events::{rules::validate_event, store};
        let caller = EventCaller::open(&space).await?.manager()?;
        let is_new = event == 0;
        let valid = validate_event(&draft, caller.space.program_id.is_some(), is_new, now())?;
        let id = if is_new {
            store::create_event(
                &db()?,
                caller.space.program_id,
                caller.member.user_id,
                &valid,
                now(),
            )
            .await?
        } else {
            let row = event_of(&caller, event).await?;
            store::update_event(
                &db()?,
                &caller.space,
                row.id,
                &valid,
                &mailer().await?,
                now(),
            )
            .await?;
            row.id
        };
        crate::reply::redirect(&format!("{}?saved=1", caller.info.event_path(id)));
        Ok(id)
    })
    .await
    .map_err(|e| e.keeping(&keep))
}

/// Cancels the event; everyone registered or waiting is emailed.
#[server(prefix = "/api", endpoint = "events/cancel")]
pub async fn cancel_event(
    space: String,
    event: i64,
    #[server(default)] confirm: String,
) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = EventCaller::open(&space).await?.manager()?;
        if confirm != "on" {
            return Err(AppError::validation(
                "confirm",
                "Tick the box to confirm: cancelling emails everyone and cannot be undone.",
            ));
        }
        let row = event_of(&caller, event).await?;
        crate::events::store::cancel_event(&db()?, &caller.space, row.id, &mailer().await?, now())
            .await?;
        crate::reply::redirect(&format!(
            "{}?event_cancelled=1",
            caller.info.event_path(row.id)
        ));
        Ok(())
    })
    .await
}

/// What an admin does with one attendee.
#[server(prefix = "/api", endpoint = "events/attendee")]
pub async fn manage_attendee(
    space: String,
    event: i64,
    member: i64,
    /// `promote`, `remove`, or a check-in: `attended`, `no_show`,
    /// `registered`.
    action: String,
) -> Result<(), AppError> {
    crate::error::serve(async {
        use crate::events::{store, RegistrationStatus};
        let caller = EventCaller::open(&space).await?.manager()?;
        let row = event_of(&caller, event).await?;
        let db = db()?;
        match action.as_str() {
            "promote" => {
                store::promote(&db, row.id, member, &caller.space, &mailer().await?, now()).await?
            }
            "remove" => {
                store::cancel_registration(
                    &db,
                    row.id,
                    member,
                    true,
                    &caller.space,
                    &mailer().await?,
                    now(),
                )
                .await?
            }
            other => {
                let status = RegistrationStatus::parse(other)
                    .filter(|status| status.takes_place())
                    .ok_or_else(|| {
                        AppError::validation("action", "Choose promote, remove or a check-in.")
                    })?;
                store::mark_attendance(&db, row.id, member, status, now()).await?
            }
        }
        crate::reply::redirect(&format!(
            "{}/attendees?done={}#attendee-{member}",
            caller.info.event_path(row.id),
            crate::text::urlencode(&action)
        ));
        Ok(())
    })
    .await
}
