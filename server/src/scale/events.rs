//! Events: 300 in the hub (whatever the flags, so that the ids below do not
//! move) and three in every program that has approved members, a mix of
//! past and coming (each space's first is coming), online, in person or both, with and
//! without a limit and a waitlist, a few cancelled and a few whose
//! registration has not opened; each with registrations (a few to 40) by
//! people of the space, in their role where the event is for mentors or
//! mentees only.
//!
//! - Event **1** is a coming hub event for everyone (30 places, 40
//!   registered: 10 on the waitlist, `member00001` among those with a
//!   place): `make bench` opens `/events/1` and its attendees page.
//! - Event **301** ([`first_program_event`]) is `program-0001`'s first: a
//!   coming event for everyone that `member00001` is registered for.
//!
//! "Coming" is relative to [`base_time`]: every coming event starts at
//! least [`COMING_FROM_DAYS`] days after it, so that the data stays
//! coming for a `make bench` run in the weeks after `base_time` too; past
//! ones ended at least a day before it.
//!
//! The columns the app keeps are what it would have left, replaying each
//! event's registrations in time order as `register` does: a place while
//! there is room and nobody waits, else the waitlist with the next ticket
//! (refused when the event keeps none). `taken` counts the rows with a
//! place, `waiting` the waitlisted rows, whose tickets are 1..n, and
//! `last_ticket` is n. A registration is cancelled only where nobody
//! waits, so no promotion is owed; after a past event most places are
//! checked in (attended or no-show) and the reminder was sent a day
//! before. The times come from the admin form's own check
//! (`validate_event`), so each event's UTC instants are its wall-clock
//! times in its zone.

use super::{base_time, batch_row, memberships, programs, InsertBatches, Rng};
use app::{
    db::{
        schema::{event_registrations, events},
        Db,
    },
    error::AppError,
    events::{
        rules::{validate_event, EventDraft},
        Audience, EventFormat, EventState, RegistrationStatus,
    },
    programs::{MembershipStatus, Role},
    write_transaction,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Insertable)]
#[cfg_attr(test, derive(PartialEq, Queryable, Selectable))]
#[diesel(table_name = events, treat_none_as_null = true)]
pub(crate) struct EventRow {
    pub(crate) id: i64,
    pub(crate) program_id: Option<i64>,
    pub(crate) uid: String,
    pub(crate) title: String,
    pub(crate) description_md: String,
    pub(crate) description_html: String,
    pub(crate) time_zone: String,
    pub(crate) starts_local: NaiveDateTime,
    pub(crate) ends_local: NaiveDateTime,
    pub(crate) starts_at: NaiveDateTime,
    pub(crate) ends_at: NaiveDateTime,
    pub(crate) format: EventFormat,
    pub(crate) address: String,
    pub(crate) online_link: String,
    pub(crate) capacity: Option<i32>,
    pub(crate) registration_opens_at: Option<NaiveDateTime>,
    pub(crate) registration_closes_at: NaiveDateTime,
    pub(crate) audience: Audience,
    pub(crate) keeps_waitlist: bool,
    pub(crate) state: EventState,
    pub(crate) sequence: i32,
    pub(crate) taken: i32,
    pub(crate) waiting: i32,
    pub(crate) last_ticket: i64,
    pub(crate) created_by: Option<i64>,
    pub(crate) created_at: NaiveDateTime,
    pub(crate) updated_at: NaiveDateTime,
    pub(crate) cancelled_at: Option<NaiveDateTime>,
}
batch_row!(EventRow, events::table, 28);

#[derive(Debug, Clone, Insertable)]
#[cfg_attr(test, derive(PartialEq, Queryable, Selectable))]
#[diesel(table_name = event_registrations, treat_none_as_null = true)]
pub(crate) struct RegistrationRow {
    pub(crate) id: i64,
    pub(crate) event_id: i64,
    pub(crate) user_id: i64,
    pub(crate) status: RegistrationStatus,
    pub(crate) ticket: Option<i64>,
    pub(crate) created_at: NaiveDateTime,
    pub(crate) updated_at: NaiveDateTime,
    pub(crate) reminded_at: Option<NaiveDateTime>,
}
batch_row!(RegistrationRow, event_registrations::table, 8);

pub(crate) struct Rows {
    pub(crate) events: Vec<EventRow>,
    pub(crate) registrations: Vec<RegistrationRow>,
}

const SEED: u64 = 0x5ca1_e000_0000_0006;

/// The hub's events: ids `1..=HUB_EVENTS`.
pub(crate) const HUB_EVENTS: usize = 300;
/// Events in every program with approved members, after the hub's.
pub(crate) const PROGRAM_EVENTS: usize = 3;
/// The most registrations an event gets.
pub(crate) const MOST_REGISTRATIONS: usize = 40;
/// Coming events start this many days after `base_time` or later.
pub(crate) const COMING_FROM_DAYS: i64 = 90;

/// The id of `program-0001`'s first event (it always has members).
pub(crate) fn first_program_event() -> i64 {
    HUB_EVENTS as i64 + 1
}

/// (IANA zone, city) of in-person events.
const CITIES: &[(&str, &str)] = &[
    ("Europe/Berlin", "Berlin"),
    ("Europe/Lisbon", "Lisbon"),
    ("Europe/Stockholm", "Stockholm"),
    ("America/New_York", "New York"),
    ("America/Toronto", "Toronto"),
    ("America/Los_Angeles", "Seattle"),
    ("America/Sao_Paulo", "São Paulo"),
    ("Africa/Lagos", "Lagos"),
    ("Africa/Nairobi", "Nairobi"),
    ("Asia/Kolkata", "Bengaluru"),
    ("Asia/Tokyo", "Tokyo"),
    ("Australia/Melbourne", "Melbourne"),
];

const VENUES: &[&str] = &[
    "Community room, City Library",
    "Hall 2, Conference Centre",
    "Second floor, Makers' Space",
    "Room 4.12, University Campus",
    "Meeting room, Coworking Loft",
];

const STREETS: &[&str] = &[
    "Main Street",
    "Harbour Road",
    "Station Square",
    "Park Avenue",
    "Market Lane",
];

const HUB_KINDS: &[&str] = &[
    "Career panel",
    "Workshop",
    "Lightning talks",
    "Office hours with the mentors",
    "Portfolio reviews",
    "Networking evening",
    "Study group",
    "Fireside chat",
    "Mentor onboarding",
    "Ask me anything",
];

const PROGRAM_KINDS: &[&str] = &[
    "Kickoff call",
    "Mid-point check-in",
    "Demo afternoon",
    "Group session",
    "Reading circle",
    "Pairing evening",
];

const TOPICS: &[&str] = &[
    "changing careers into tech",
    "your first year as a lead",
    "giving and receiving feedback",
    "writing a portfolio case study",
    "interviewing with confidence",
    "public speaking for engineers",
    "getting started in open source",
    "planning a learning year",
    "data storytelling",
    "accessible design",
    "working across time zones",
    "negotiating an offer",
];

const OPENINGS: &[&str] = &[
    "An hour for everyone curious about **{topic}**, with people who have done it recently.",
    "We get together to talk about **{topic}**: short talks first, then questions and open tables.",
    "A practical session on **{topic}**. Bring a real example from your own work if you have one.",
    "Mentors and mentees from across the hub share what worked for them in **{topic}**.",
];

const AGENDAS: &[&str] = &[
    "## Agenda\n\n- a short welcome and introductions\n- two talks of fifteen minutes\n- questions from the room and the chat\n- open conversation",
    "## What to prepare\n\n1. one question you would like answered\n2. an example you are happy to share\n3. something to take notes with",
    "## Who it is for\n\nEveryone in the space, whatever their experience. Cameras are optional online.",
];

const CLOSINGS: &[&str] = &[
    "Notes and slides go to everyone registered afterwards.",
    "If you can no longer come, please cancel your registration so someone else gets the place.",
    "Questions before the event? Write to the organisers from this page.",
    "",
];

/// Someone who may register in a space, since when, and in which role.
#[derive(Clone, Copy)]
struct Person {
    id: i64,
    since: NaiveDateTime,
    role: Option<Role>,
}

/// What is decided about one event before its rows are made.
struct Shape {
    program_id: Option<i64>,
    /// Days from `base_time` to its day (negative: past).
    day: i64,
    capacity: Option<i32>,
    keeps_waitlist: bool,
    audience: Audience,
    cancelled: bool,
    /// Registration opens after `base_time`.
    opens_later: bool,
    /// How many try to register.
    registrants: usize,
    /// The bench member registers first.
    bench_member: bool,
    created_by: i64,
    /// The space's start (the program's creation), before which nothing
    /// is created.
    space_since: NaiveDateTime,
}

struct Builder<'a> {
    rng: Rng,
    now: NaiveDateTime,
    html: HashMap<String, String>,
    rows: Rows,
    bench_member: i64,
    people: &'a [Person],
}

pub(crate) fn generate(
    accounts: &super::accounts::Rows,
    programs: &programs::Rows,
    memberships: &memberships::Rows,
) -> Rows {
    let now = base_time();
    let layout = &accounts.layout;
    let bench_member = layout.first_member_id();
    let mut hub: Vec<Person> = accounts
        .users
        .iter()
        .map(|user| Person {
            id: user.id,
            since: user.created_at,
            role: None,
        })
        .collect();
    hub.sort_by_key(|person| (person.since, person.id));
    let mut members: BTreeMap<i64, Vec<Person>> = BTreeMap::new();
    for row in &memberships.memberships {
        if row.status == MembershipStatus::Approved {
            members.entry(row.program_id).or_default().push(Person {
                id: row.user_id,
                since: row.joined_at.unwrap_or(row.applied_at),
                role: Some(row.role),
            });
        }
    }
    for people in members.values_mut() {
        people.sort_by_key(|person| (person.since, person.id));
    }
    let mut builder = Builder {
        rng: Rng::new(SEED),
        now,
        html: HashMap::new(),
        rows: Rows {
            events: Vec::with_capacity(HUB_EVENTS + programs.programs.len() * PROGRAM_EVENTS),
            registrations: Vec::new(),
        },
        bench_member,
        people: &hub,
    };
    let hub_admins = layout.hub_admins;
    for index in 0..HUB_EVENTS {
        let first = index == 0;
        let rng = &mut builder.rng;
        let mut shape = random_shape(rng, None, first);
        shape.created_by = 1 + rng.below(hub_admins) as i64;
        shape.space_since = now - Duration::days(800);
        if first {
            // The bench's event page and attendees: full, with a waitlist.
            shape.day = 150;
            shape.capacity = Some(30);
            shape.keeps_waitlist = true;
            shape.registrants = MOST_REGISTRATIONS;
            shape.bench_member = true;
        } else {
            shape.bench_member = rng.chance(15);
        }
        builder.event(shape, HUB_KINDS);
    }
    for program in &programs.programs {
        let Some(people) = members.get(&program.id) else {
            continue;
        };
        builder.people = people;
        let in_program = people.iter().any(|person| person.id == bench_member);
        for index in 0..PROGRAM_EVENTS {
            let first = index == 0;
            let rng = &mut builder.rng;
            let mut shape = random_shape(rng, Some(program.id), first);
            shape.created_by = programs.first_admin(program.id);
            shape.space_since = program.created_at;
            shape.bench_member = in_program && (first || rng.chance(50));
            builder.event(shape, PROGRAM_KINDS);
        }
    }
    builder.rows
}

/// The random part of an event; `first` (of its space) is coming, for
/// everyone, scheduled and open to registration.
fn random_shape(rng: &mut Rng, program_id: Option<i64>, first: bool) -> Shape {
    // Every space's first is coming: two in five of the others.
    let coming = first || rng.chance(40);
    let day = if coming {
        rng.between(COMING_FROM_DAYS, 450)
    } else {
        -rng.between(2, 365)
    };
    let capacity = (!rng.chance(40)).then(|| *rng.pick(&[8, 10, 12, 20, 25, 30, 40, 50, 100]));
    let keeps_waitlist = capacity.is_some() && rng.chance(70);
    let audience = match (program_id, rng.below(100)) {
        (None, _) => Audience::Everyone,
        _ if first => Audience::Everyone,
        (_, 0..=69) => Audience::Everyone,
        (_, 70..=84) => Audience::Mentors,
        _ => Audience::Mentees,
    };
    let cancelled = !first && rng.chance(5);
    let opens_later = !first && coming && !cancelled && rng.chance(10);
    Shape {
        program_id,
        day,
        capacity,
        keeps_waitlist,
        audience,
        cancelled,
        opens_later,
        registrants: rng.between(2, MOST_REGISTRATIONS as i64) as usize,
        bench_member: false,
        created_by: 0,
        space_since: base_time(),
    }
}

impl Builder<'_> {
    fn minutes_between(&mut self, from: NaiveDateTime, to: NaiveDateTime) -> NaiveDateTime {
        from + Duration::minutes(self.rng.between(0, (to - from).num_minutes().max(0)))
    }

    fn html_of(&mut self, markdown: &str) -> String {
        self.html
            .entry(markdown.to_owned())
            .or_insert_with(|| app::markdown::to_safe_html(markdown))
            .clone()
    }

    fn draft(&mut self, shape: &Shape, kinds: &[&str]) -> EventDraft {
        let rng = &mut self.rng;
        let kind = *rng.pick(kinds);
        let topic = *rng.pick(TOPICS);
        let title = match shape.audience {
            Audience::Mentors => format!("Mentors only: {kind}"),
            Audience::Mentees => format!("Mentees only: {kind}"),
            Audience::Everyone => format!("{kind}: {topic}"),
        };
        let mut description = vec![rng.pick(OPENINGS).replace("{topic}", topic)];
        description.push((*rng.pick(AGENDAS)).to_owned());
        let closing = *rng.pick(CLOSINGS);
        if !closing.is_empty() {
            description.push(closing.to_owned());
        }
        let format = match rng.below(10) {
            0..=4 => EventFormat::Online,
            5..=7 => EventFormat::InPerson,
            _ => EventFormat::Both,
        };
        let (zone, city) = *rng.pick(CITIES);
        let address = if format.has_place() {
            format!(
                "{}, {} {}, {city}",
                rng.pick(VENUES),
                rng.pick(STREETS),
                rng.between(1, 120)
            )
        } else {
            String::new()
        };
        let id = self.rows.events.len() + 1;
        let link = if format.is_online() {
            format!("https://meet.example.org/scale-{id:05}")
        } else {
            String::new()
        };
        let day = (self.now + Duration::days(shape.day)).date();
        let start = rng.between(9 * 2, 19 * 2);
        let length = *rng.pick(&[2, 3, 4, 6]);
        let at = |half_hours: i64| {
            format!(
                "{day}T{:02}:{:02}",
                half_hours / 2,
                if half_hours % 2 == 0 { 0 } else { 30 }
            )
        };
        EventDraft {
            title,
            description: description.join("\n\n"),
            time_zone: zone.into(),
            starts: at(start),
            ends: at(start + length),
            format: format.as_str().into(),
            address,
            online_link: link,
            capacity: shape.capacity.map(|c| c.to_string()).unwrap_or_default(),
            audience: shape.audience.as_str().into(),
            waitlist: shape.keeps_waitlist.then(|| "on".into()),
            ..EventDraft::default()
        }
    }

    fn event(&mut self, shape: Shape, kinds: &[&str]) {
        let now = self.now;
        let draft = self.draft(&shape, kinds);
        let valid = validate_event(&draft, shape.program_id.is_some(), false, now)
            .expect("a generated event passes the form's check");
        let id = self.rows.events.len() as i64 + 1;
        let starts = valid.starts_at;
        // Announced some weeks ahead, never before its space or after now.
        let created = if shape.day < 0 {
            starts - Duration::days(self.rng.between(7, 60))
        } else {
            now - Duration::days(self.rng.between(1, 120))
        }
        .max(shape.space_since + Duration::days(1));
        let opens = shape
            .opens_later
            .then(|| now + Duration::days(self.rng.between(5, 60)));
        let cancelled_at = shape
            .cancelled
            .then(|| self.minutes_between(created, starts.min(now)));
        let edits = if self.rng.chance(20) {
            self.rng.between(1, 3) as i32
        } else {
            0
        };
        let last_edit = if edits > 0 {
            self.minutes_between(created, starts.min(now))
        } else {
            created
        };
        let html = self.html_of(&valid.description_md);
        let mut event = EventRow {
            id,
            program_id: shape.program_id,
            uid: format!("scale-{id:06}@mentorhub"),
            title: valid.title,
            description_md: valid.description_md,
            description_html: html,
            time_zone: valid.time_zone,
            starts_local: valid.starts_local,
            ends_local: valid.ends_local,
            starts_at: valid.starts_at,
            ends_at: valid.ends_at,
            format: valid.format,
            address: valid.address,
            online_link: valid.online_link,
            capacity: valid.capacity,
            registration_opens_at: opens,
            registration_closes_at: valid.registration_closes_at,
            audience: valid.audience,
            keeps_waitlist: valid.keeps_waitlist,
            state: if shape.cancelled {
                EventState::Cancelled
            } else {
                EventState::Scheduled
            },
            sequence: edits + i32::from(shape.cancelled),
            taken: 0,
            waiting: 0,
            last_ticket: 0,
            created_by: Some(shape.created_by),
            created_at: created,
            updated_at: cancelled_at.unwrap_or(last_edit).max(last_edit),
            cancelled_at,
        };
        self.register(&mut event, &shape, cancelled_at);
        self.rows.events.push(event);
    }

    /// The event's registrations, replayed in time order as `register`
    /// settles them, then cancellations and the check-in.
    fn register(
        &mut self,
        event: &mut EventRow,
        shape: &Shape,
        cancelled_at: Option<NaiveDateTime>,
    ) {
        let now = self.now;
        let from = event
            .created_at
            .max(event.registration_opens_at.unwrap_or(event.created_at));
        let until = event
            .registration_closes_at
            .min(now)
            .min(cancelled_at.unwrap_or(now));
        // Who had joined a little before registration closed.
        let latest = until - Duration::minutes(3);
        if from >= latest {
            return;
        }
        let audience = event.audience;
        let eligible: Vec<Person> = self.people
            [..self.people.partition_point(|person| person.since < latest)]
            .iter()
            .filter(|person| match audience {
                Audience::Everyone => true,
                Audience::Mentors => person.role == Some(Role::Mentor),
                Audience::Mentees => person.role == Some(Role::Mentee),
            })
            .copied()
            .collect();
        let bench = shape
            .bench_member
            .then(|| eligible.iter().find(|p| p.id == self.bench_member).copied())
            .flatten();
        let others: Vec<Person> = eligible
            .iter()
            .filter(|person| person.id != self.bench_member)
            .copied()
            .collect();
        let count = shape
            .registrants
            .min(others.len() + usize::from(bench.is_some()));
        let mut chosen: Vec<(NaiveDateTime, i64)> = Vec::with_capacity(count);
        if let Some(person) = bench {
            // First in: a place, whatever the capacity.
            chosen.push((from.max(person.since) + Duration::minutes(1), person.id));
        }
        let wanted = count - chosen.len();
        for person in self
            .rng
            .pick_some(&others, wanted)
            .into_iter()
            .copied()
            .collect::<Vec<_>>()
        {
            let start = from.max(person.since) + Duration::minutes(2);
            chosen.push((
                self.minutes_between(start, until - Duration::minutes(1)),
                person.id,
            ));
        }
        chosen.sort_unstable();
        let first_row = self.rows.registrations.len();
        for (at, user_id) in chosen {
            let full = event.capacity.is_some_and(|c| event.taken >= c);
            let waits = full || event.waiting > 0 && event.capacity.is_some();
            if waits && !event.keeps_waitlist {
                continue; // refused: full, and no waitlist
            }
            let (status, ticket) = if waits {
                event.last_ticket += 1;
                event.waiting += 1;
                (RegistrationStatus::Waitlisted, Some(event.last_ticket))
            } else {
                event.taken += 1;
                (RegistrationStatus::Registered, None)
            };
            self.rows.registrations.push(RegistrationRow {
                id: self.rows.registrations.len() as i64 + 1,
                event_id: event.id,
                user_id,
                status,
                ticket,
                created_at: at,
                updated_at: at,
                reminded_at: None,
            });
        }
        let scheduled = event.state == EventState::Scheduled;
        let reminder = event.starts_at - Duration::hours(app::events::rules::REMINDER_HOURS);
        for index in first_row..self.rows.registrations.len() {
            let rng = &mut self.rng;
            let row = &mut self.rows.registrations[index];
            if row.status != RegistrationStatus::Registered {
                continue;
            }
            let bench = row.user_id == self.bench_member;
            if event.waiting == 0 && scheduled && !bench && rng.chance(8) {
                let at = row.created_at
                    + Duration::minutes(
                        rng.between(1, (until - row.created_at).num_minutes().max(1)),
                    );
                row.status = RegistrationStatus::Cancelled;
                row.updated_at = at.min(until);
                event.taken -= 1;
                continue;
            }
            if scheduled && event.ends_at < now {
                if row.created_at <= reminder {
                    row.reminded_at = Some(reminder);
                }
                let marked = match rng.below(100) {
                    0..=79 => Some(RegistrationStatus::Attended),
                    80..=94 => Some(RegistrationStatus::NoShow),
                    _ => None,
                };
                if let Some(status) = marked {
                    row.status = status;
                    row.updated_at =
                        (event.ends_at + Duration::minutes(rng.between(10, 48 * 60))).min(now);
                }
            }
        }
    }
}

pub(crate) async fn insert(db: &Db, rows: Rows) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        conn.insert_batches(&rows.events).await?;
        conn.insert_batches(&rows.registrations).await?;
        Ok(())
    })
}
