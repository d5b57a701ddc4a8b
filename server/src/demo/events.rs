//! Events in the demo hub, around the seeding's clock: the hub's own (an
//! open online hour, a full portfolio evening in Berlin with a waitlist, a
//! career panel in New York and online, a workshop whose registration has
//! not opened, a cancelled hack day, and a past onboarding with attendance
//! marked) and the programs' (Rust Foundations' kickoff on the day its
//! About page gives and a mentors-only sync, the Leadership Circle's
//! monthly calls on the first Tuesday at 16:00 UTC, one past with
//! attendance, the design round's online meetup, and the Data Careers
//! cohort's final showcase).
//!
//! Every event goes through the admin form's check and the store, and
//! every registration through `register`, as of a moment before the event
//! starts (an event that has already run was created and filled before
//! it did), so the counts, the waitlist's tickets and the attendance are
//! what the app would have kept. Program events are registered for by the
//! program's approved members only, in their role.

use super::{text, Seeding};
use app::{
    error::AppError,
    events::{
        rules::{validate_event, EventDraft},
        store::{self as events, Mailer, Member, Place, Space},
        RegistrationStatus,
    },
    hub,
    programs::{store as programs, MembershipStatus, Program, Role},
};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use std::collections::HashMap;

/// Where events are made: the hub, or a program with its members' roles.
struct Venue<'a> {
    seeding: &'a Seeding<'a>,
    program: Option<&'a Program>,
    /// Approved members of the program and their role (empty for the hub).
    roles: HashMap<i64, Role>,
    space: Space,
    mailer: Mailer,
}

impl<'a> Venue<'a> {
    async fn hub(seeding: &'a Seeding<'a>) -> Result<Venue<'a>, AppError> {
        let name = hub::store::load(seeding.db).await?.hub_name;
        Ok(Venue {
            seeding,
            program: None,
            roles: HashMap::new(),
            space: Space {
                program_id: None,
                slug: String::new(),
                name: name.clone(),
            },
            mailer: Mailer {
                hub: name,
                site_url: seeding.site_url.to_owned(),
            },
        })
    }

    async fn program(
        seeding: &'a Seeding<'a>,
        program: &'a Program,
    ) -> Result<Venue<'a>, AppError> {
        let hub = Venue::hub(seeding).await?;
        let roles =
            programs::list_memberships(seeding.db, program.id, &[MembershipStatus::Approved])
                .await?
                .into_iter()
                .map(|member| (member.user_id, member.role))
                .collect();
        Ok(Venue {
            program: Some(program),
            roles,
            space: Space {
                program_id: Some(program.id),
                slug: program.settings.slug.clone(),
                name: program.settings.name.clone(),
            },
            ..hub
        })
    }

    /// Creates the event as of `created` (before it starts), as `by`.
    async fn create(
        &self,
        by: i64,
        draft: &EventDraft,
        created: NaiveDateTime,
    ) -> Result<i64, AppError> {
        let valid = validate_event(draft, self.program.is_some(), true, created)?;
        events::create_event(
            self.seeding.db,
            self.program.map(|program| program.id),
            by,
            &valid,
            created,
        )
        .await
    }

    /// Creates an event that has run by now, three weeks before it
    /// started: its id, and when it started and ended (UTC).
    async fn create_past(
        &self,
        by: i64,
        draft: &EventDraft,
    ) -> Result<(i64, NaiveDateTime, NaiveDateTime), AppError> {
        let created = starts(draft) - Duration::days(21);
        let valid = validate_event(draft, self.program.is_some(), true, created)?;
        let id = self.create(by, draft, created).await?;
        Ok((id, valid.starts_at, valid.ends_at))
    }

    /// Registers `keys` in that order, five hours apart, the last five
    /// hours before `until`. A program's event takes its members only.
    async fn register(
        &self,
        event_id: i64,
        keys: &[&str],
        until: NaiveDateTime,
    ) -> Result<Vec<Place>, AppError> {
        let mut places = Vec::with_capacity(keys.len());
        for (index, key) in keys.iter().enumerate() {
            let user_id = self.seeding.id(key);
            let role = self.roles.get(&user_id).copied();
            if self.program.is_some() && role.is_none() {
                return Err(AppError::internal(format!(
                    "demo event {event_id}: {key} is not an approved member of the program"
                )));
            }
            let member = Member {
                user_id,
                role,
                manager: false,
            };
            let at = until - Duration::hours(5 * (keys.len() - index) as i64);
            places.push(events::register(self.seeding.db, event_id, &member, at).await?);
        }
        Ok(places)
    }

    /// An admin's check-in after the event.
    async fn check_in(
        &self,
        event_id: i64,
        marks: &[(&str, RegistrationStatus)],
        at: NaiveDateTime,
    ) -> Result<(), AppError> {
        for (key, status) in marks {
            events::mark_attendance(self.seeding.db, event_id, self.seeding.id(key), *status, at)
                .await?;
        }
        Ok(())
    }
}

/// The form as an admin fills it in for an online event on `day`, from
/// `starts` to `ends` (`18:00`) in `zone`, open to everyone, no limit.
fn online(
    title: &str,
    description: &'static str,
    zone: &str,
    day: NaiveDate,
    (starts, ends): (&str, &str),
    link: &str,
) -> EventDraft {
    EventDraft {
        title: title.into(),
        description: text(description).into(),
        time_zone: zone.into(),
        starts: format!("{day}T{starts}"),
        ends: format!("{day}T{ends}"),
        format: "online".into(),
        online_link: link.into(),
        ..EventDraft::default()
    }
}

/// The same, in person at `address`.
fn in_person(
    title: &str,
    description: &'static str,
    zone: &str,
    day: NaiveDate,
    times: (&str, &str),
    address: &str,
) -> EventDraft {
    EventDraft {
        format: "in_person".into(),
        address: address.into(),
        online_link: String::new(),
        ..online(title, description, zone, day, times, "")
    }
}

/// The calendar day `days` after the seeding's now (before it: negative).
fn day(seeding: &Seeding<'_>, days: i64) -> NaiveDate {
    (seeding.now + Duration::days(days)).date()
}

/// A draft's start as a UTC instant near enough for choosing when the
/// event was created (the zone's offset is less than a day).
fn starts(draft: &EventDraft) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(&draft.starts, "%Y-%m-%dT%H:%M").expect("a demo event's start")
}

/// The Leadership Circle's call days: first Tuesdays of the month, the
/// last at least two days before `now` and the next at least two days
/// after it.
pub(super) fn circle_calls(now: NaiveDateTime) -> (NaiveDate, NaiveDate) {
    let today = now.date();
    let first_tuesdays: Vec<NaiveDate> = (-3..=3)
        .filter_map(|months: i32| {
            let index = today.year() * 12 + today.month0() as i32 + months;
            NaiveDate::from_weekday_of_month_opt(
                index.div_euclid(12),
                index.rem_euclid(12) as u32 + 1,
                Weekday::Tue,
                1,
            )
        })
        .collect();
    let past = first_tuesdays
        .iter()
        .rev()
        .find(|day| **day <= today - Duration::days(2));
    let next = first_tuesdays
        .iter()
        .find(|day| **day >= today + Duration::days(2));
    (
        *past.expect("a first Tuesday in the last months"),
        *next.expect("a first Tuesday in the next months"),
    )
}

pub(super) async fn seed(seeding: &Seeding<'_>) -> Result<(), AppError> {
    hub_events(seeding).await?;
    rust_foundations(seeding).await?;
    leadership_circle(seeding).await?;
    product_design(seeding).await?;
    data_careers(seeding).await?;
    Ok(())
}

async fn hub_events(seeding: &Seeding<'_>) -> Result<(), AppError> {
    use RegistrationStatus::{Attended, NoShow};
    let hub = Venue::hub(seeding).await?;
    let (admin, now) = (seeding.admin, seeding.now);

    let hour = online(
        "Open hub hour: meet the mentors",
        include_str!("texts/event-open-hub-hour.md"),
        "Europe/London",
        day(seeding, 4),
        ("17:00", "18:00"),
        "https://meet.example.org/open-hub-hour",
    );
    let hour = hub.create(admin, &hour, seeding.ago(10)).await?;
    hub.register(hour, &["hanna", "noah", "marcus", "sofia", "daniel"], now)
        .await?;

    // Full, with two members waiting for a place.
    let reviews = EventDraft {
        capacity: "4".into(),
        waitlist: Some("on".into()),
        ..in_person(
            "Portfolio review evening",
            include_str!("texts/event-portfolio-review.md"),
            "Europe/Berlin",
            day(seeding, 11),
            ("18:30", "21:00"),
            "Kiezraum, Oranienstraße 25, 10999 Berlin",
        )
    };
    let reviews = hub.create(admin, &reviews, seeding.ago(9)).await?;
    hub.register(
        reviews,
        &["lena", "chloe", "hanna", "amara", "sofia", "noah"],
        now,
    )
    .await?;

    let panel = EventDraft {
        format: "both".into(),
        address: "Civic Hall, 124 East 14th Street, New York, NY 10003".into(),
        capacity: "80".into(),
        waitlist: Some("on".into()),
        ..online(
            "Career panel: changing careers into tech",
            include_str!("texts/event-career-panel.md"),
            "America/New_York",
            day(seeding, 24),
            ("18:00", "19:30"),
            "https://meet.example.org/career-panel",
        )
    };
    let panel = hub.create(admin, &panel, seeding.ago(8)).await?;
    hub.register(panel, &["aisha", "marcus", "daniel", "sofia", "tomas"], now)
        .await?;

    // Registration opens later: nobody yet.
    let workshop_day = day(seeding, 38);
    let workshop = EventDraft {
        capacity: "30".into(),
        waitlist: Some("on".into()),
        registration_opens: format!("{}T09:00", workshop_day - Duration::weeks(4)),
        ..online(
            "Workshop: writing a mentoring agreement",
            include_str!("texts/event-mentoring-agreement.md"),
            "Asia/Kolkata",
            workshop_day,
            ("18:30", "20:00"),
            "https://meet.example.org/mentoring-agreement",
        )
    };
    hub.create(admin, &workshop, seeding.ago(3)).await?;

    // Cancelled two days ago; its registrations stay, as the app keeps them.
    let hack_day = EventDraft {
        capacity: "25".into(),
        ..in_person(
            "Community hack day",
            include_str!("texts/event-hack-day.md"),
            "Europe/Stockholm",
            day(seeding, 45),
            ("10:00", "16:00"),
            "Norrsken House, Birger Jarlsgatan 57C, 113 56 Stockholm",
        )
    };
    let hack_day = hub.create(admin, &hack_day, seeding.ago(20)).await?;
    hub.register(hack_day, &["kenji", "marcus", "noah"], seeding.ago(2))
        .await?;
    events::cancel_event(
        seeding.db,
        &hub.space,
        hack_day,
        &hub.mailer,
        seeding.ago(2),
    )
    .await?;

    // A month ago, with the check-in done.
    let onboarding = online(
        "Mentor onboarding: your first three sessions",
        include_str!("texts/event-mentor-onboarding.md"),
        "America/New_York",
        day(seeding, -30),
        ("12:00", "13:30"),
        "https://meet.example.org/mentor-onboarding",
    );
    let (onboarding, start, end) = hub.create_past(admin, &onboarding).await?;
    hub.register(
        onboarding,
        &["priya", "kenji", "lena", "amara", "tomas", "aisha"],
        start - Duration::days(1),
    )
    .await?;
    hub.check_in(
        onboarding,
        &[
            ("priya", Attended),
            ("kenji", Attended),
            ("lena", Attended),
            ("amara", Attended),
            ("tomas", NoShow),
            ("aisha", Attended),
        ],
        end + Duration::hours(1),
    )
    .await?;
    Ok(())
}

async fn rust_foundations(seeding: &Seeding<'_>) -> Result<(), AppError> {
    let rust = programs::program_by_slug(seeding.db, "rust-foundations").await?;
    let venue = Venue::program(seeding, &rust).await?;
    // The day the program's About page gives for the kickoff, 17:00 UTC.
    let kickoff = online(
        "Kickoff call: meet your mentor",
        include_str!("texts/event-rust-kickoff.md"),
        "UTC",
        day(seeding, 14),
        ("17:00", "18:00"),
        "https://meet.example.org/rust-foundations-kickoff",
    );
    let kickoff = venue
        .create(seeding.admin, &kickoff, seeding.ago(12))
        .await?;
    venue
        .register(kickoff, &["priya", "hanna", "kenji", "marcus"], seeding.now)
        .await?;
    let sync = EventDraft {
        audience: "mentors".into(),
        ..online(
            "Mentor sync: reviewing the first exercises",
            include_str!("texts/event-rust-mentor-sync.md"),
            "Europe/Berlin",
            day(seeding, 21),
            ("19:00", "19:45"),
            "https://meet.example.org/rust-foundations-mentors",
        )
    };
    let sync = venue.create(seeding.admin, &sync, seeding.ago(12)).await?;
    venue
        .register(sync, &["priya", "kenji"], seeding.now)
        .await?;
    Ok(())
}

async fn leadership_circle(seeding: &Seeding<'_>) -> Result<(), AppError> {
    use RegistrationStatus::{Attended, NoShow};
    let circle = programs::program_by_slug(seeding.db, "leadership-circle").await?;
    let venue = Venue::program(seeding, &circle).await?;
    // The circle's own admin schedules its calls.
    let tomas = seeding.id("tomas");
    let (last, next) = circle_calls(seeding.now);
    let call = |day: NaiveDate| {
        online(
            &format!("Circle call: {}", day.format("%B")),
            include_str!("texts/event-circle-call.md"),
            "UTC",
            day,
            ("16:00", "17:00"),
            "https://meet.example.org/leadership-circle",
        )
    };

    let past = call(last);
    let (past, start, end) = venue.create_past(tomas, &past).await?;
    venue
        .register(
            past,
            &["tomas", "priya", "kenji", "lena"],
            start - Duration::days(1),
        )
        .await?;
    venue
        .check_in(
            past,
            &[
                ("tomas", Attended),
                ("priya", Attended),
                ("kenji", Attended),
                ("lena", NoShow),
            ],
            end + Duration::hours(1),
        )
        .await?;

    let upcoming = call(next);
    let created = (starts(&upcoming) - Duration::days(21)).min(seeding.ago(1));
    let upcoming = venue.create(tomas, &upcoming, created).await?;
    venue
        .register(upcoming, &["tomas", "priya", "kenji"], seeding.now)
        .await?;
    Ok(())
}

async fn product_design(seeding: &Seeding<'_>) -> Result<(), AppError> {
    let design = programs::program_by_slug(seeding.db, "women-in-product-design").await?;
    let venue = Venue::program(seeding, &design).await?;
    // The meetup the program's About page announces.
    let meetup = online(
        "Online meetup for the whole round",
        include_str!("texts/event-design-meetup.md"),
        "America/Mexico_City",
        day(seeding, 60),
        ("11:00", "12:30"),
        "https://meet.example.org/product-design-round",
    );
    let meetup = venue.create(seeding.admin, &meetup, seeding.ago(5)).await?;
    venue
        .register(meetup, &["amara", "chloe", "sofia"], seeding.now)
        .await?;
    Ok(())
}

async fn data_careers(seeding: &Seeding<'_>) -> Result<(), AppError> {
    use RegistrationStatus::Attended;
    let data = programs::program_by_slug(seeding.db, "data-careers-first-cohort").await?;
    let venue = Venue::program(seeding, &data).await?;
    // The cohort's last day (it ran for fourteen weeks from 225 days ago).
    let showcase = online(
        "Final showcase: dashboards and stories",
        include_str!("texts/event-data-showcase.md"),
        "Europe/Berlin",
        day(seeding, -225 + 14 * 7),
        ("17:00", "19:00"),
        "https://meet.example.org/data-careers-showcase",
    );
    let (showcase, start, end) = venue.create_past(seeding.admin, &showcase).await?;
    let members = ["lena", "daniel", "aisha"];
    venue
        .register(showcase, &members, start - Duration::days(1))
        .await?;
    let marks: Vec<(&str, RegistrationStatus)> =
        members.iter().map(|key| (*key, Attended)).collect();
    venue
        .check_in(showcase, &marks, end + Duration::hours(1))
        .await?;
    Ok(())
}
