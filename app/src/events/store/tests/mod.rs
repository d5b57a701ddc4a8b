//! The events store on both databases: places under concurrency, the
//! waitlist and its promotions, reminders exactly once, audiences,
//! calendar files and feeds.

mod calendar;
mod places;

use super::*;
use crate::{
    accounts::CurrentUser,
    db::{
        schema::{event_registrations, outbox},
        testing::on_both_backends,
        Db,
    },
    error::AppError,
    events::{
        rules::{validate_event, EventDraft},
        EventState, RegistrationStatus,
    },
    programs::{
        store::fixtures::{member, program, race, settings},
        Role,
    },
    run_query,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

const SITE: &str = "https://hub.example.org";

/// A fixed "now": the tests move time by passing other instants.
fn now() -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 2)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

fn mailer() -> Mailer {
    Mailer {
        hub: "Acme Mentoring".into(),
        site_url: SITE.into(),
    }
}

fn hub_space() -> Space {
    Space {
        program_id: None,
        slug: String::new(),
        name: "Acme Mentoring".into(),
    }
}

fn as_member(user: &CurrentUser) -> Member {
    Member {
        user_id: user.id,
        role: None,
        manager: false,
    }
}

/// A draft starting `days` from `now()` at 18:00 Berlin time, two hours.
fn draft(title: &str, days: i64, capacity: &str, waitlist: bool) -> EventDraft {
    let day = (now() + Duration::days(days)).date();
    EventDraft {
        title: title.into(),
        description: "We meet and talk.".into(),
        time_zone: "Europe/Berlin".into(),
        starts: format!("{day}T18:00"),
        ends: format!("{day}T20:00"),
        format: "both".into(),
        address: "Hall 2, Main Street 1".into(),
        online_link: "https://meet.example.org/room-42".into(),
        capacity: capacity.into(),
        waitlist: waitlist.then(|| "on".into()),
        ..EventDraft::default()
    }
}

async fn created(db: &Db, space: &Space, by: &CurrentUser, draft: &EventDraft) -> i64 {
    let valid = validate_event(draft, space.program_id.is_some(), true, now()).unwrap();
    create_event(db, space.program_id, by.id, &valid, now())
        .await
        .unwrap()
}

async fn people(db: &Db, prefix: &str, count: usize) -> Vec<CurrentUser> {
    let mut out = Vec::new();
    for i in 0..count {
        out.push(member(db, &format!("{prefix}{i:02}")).await);
    }
    out
}

async fn row(db: &Db, event_id: i64) -> EventRow {
    let row: Result<EventRow, AppError> = async {
        Ok(run_query!(db, |conn| {
            crate::db::schema::events::table
                .find(event_id)
                .select(EventRow::as_select())
                .first(conn)
                .await
        })?)
    }
    .await;
    row.unwrap()
}

async fn statuses(db: &Db, event_id: i64) -> Vec<(i64, RegistrationStatus)> {
    let rows: Result<Vec<(i64, RegistrationStatus)>, AppError> = async {
        Ok(run_query!(db, |conn| {
            event_registrations::table
                .filter(event_registrations::event_id.eq(event_id))
                .order(event_registrations::user_id)
                .select((event_registrations::user_id, event_registrations::status))
                .load(conn)
                .await
        })?)
    }
    .await;
    rows.unwrap()
}

/// The outbox: (recipient, subject, attachment name), oldest first.
async fn emails(db: &Db) -> Vec<(String, String, Option<String>)> {
    let rows: Result<Vec<(String, String, Option<String>)>, AppError> = async {
        Ok(run_query!(db, |conn| {
            outbox::table
                .order(outbox::id)
                .select((outbox::recipient, outbox::subject, outbox::attachment_name))
                .load(conn)
                .await
        })?)
    }
    .await;
    rows.unwrap()
}
