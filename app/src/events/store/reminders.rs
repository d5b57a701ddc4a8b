//! The reminder a day before an event, sent once per member and event
//! even when several server processes sweep at the same moment: each
//! reminder is claimed by `UPDATE … WHERE reminded_at IS NULL` in the
//! transaction that queues its email, and only the claim that changed the
//! row queues one.

use super::{EventRow, Mailer};
use crate::{
    db::{
        schema::{event_registrations, events, programs, users},
        Db,
    },
    email::{store::OutboxQueries, Attachment},
    error::AppError,
    events::{
        calendar, emails, event_path, rules::REMINDER_HOURS, times, EventState, RegistrationStatus,
    },
    run_query, write_transaction,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// Reminders claimed per sweep (the next sweep takes the rest).
const BATCH: i64 = 200;

type Due = (i64, String, String, String, EventRow, Option<String>);

/// Queues the reminders due at `now` (events starting within the next 24
/// hours, members registered and not yet reminded); returns how many this
/// call queued.
pub async fn send_due_reminders(
    db: &Db,
    mailer: &Mailer,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    let horizon = now + Duration::hours(REMINDER_HOURS);
    let due: Vec<Due> = run_query!(db, |conn| {
        event_registrations::table
            .inner_join(users::table)
            .inner_join(events::table.left_join(programs::table))
            .filter(event_registrations::status.eq(RegistrationStatus::Registered))
            .filter(event_registrations::reminded_at.is_null())
            .filter(events::state.eq(EventState::Scheduled))
            .filter(events::starts_at.gt(now))
            .filter(events::starts_at.le(horizon))
            .filter(users::deactivated_at.is_null())
            .order(event_registrations::id)
            .limit(BATCH)
            .select((
                event_registrations::id,
                users::email,
                users::name,
                users::time_zone,
                EventRow::as_select(),
                programs::slug.nullable(),
            ))
            .load(conn)
            .await
    })?;
    let mut queued = 0;
    for (registration, email, name, zone, event, slug) in due {
        let link = mailer.link(&event_path(slug.as_deref().unwrap_or(""), event.id));
        let when = times::when(&event, times::zone_of(&zone, &event));
        let about = emails::About {
            title: &event.title,
            when: &when,
            place: &event.address,
            link: &link,
        };
        let file = calendar::calendar(
            &event.title,
            &[calendar::Entry {
                event: &event,
                url: &link,
                with_online_link: true,
            }],
            now,
        );
        let message = emails::reminder(&mailer.hub, (&email, &name), &about, &event.online_link)
            .with_attachment(Attachment {
                name: calendar::file_name(&event),
                content_type: "text/calendar; charset=utf-8; method=PUBLISH".into(),
                body: file,
            });
        let sent: bool = write_transaction!(db, |conn| {
            let claimed = diesel::update(
                event_registrations::table
                    .filter(event_registrations::id.eq(registration))
                    .filter(event_registrations::status.eq(RegistrationStatus::Registered))
                    .filter(event_registrations::reminded_at.is_null()),
            )
            .set(event_registrations::reminded_at.eq(now))
            .execute(conn)
            .await?;
            if claimed == 1 {
                conn.enqueue(&message).await?;
            }
            Ok(claimed == 1)
        })?;
        queued += usize::from(sent);
    }
    Ok(queued)
}
