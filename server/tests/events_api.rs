//! API tests for the events domain: who may call each events server
//! function and each of its plain routes (an authorization matrix over
//! every `endpoint = "events/..."` and the calendar files, the attendee
//! CSV and the personal feed, for a program's event, a hub event and a
//! program's mentors-only event), and the behaviour of registration
//! (capacity, waitlist and its promotion, double submits, plain form
//! posts), the admin's form and cancelling, the feed and the CSV. Each
//! runs on SQLite and on PostgreSQL against the real router.
//!
//! The matrix's fixtures are written through the store: one event per
//! fixture (capacity 5, in person and online), with one member holding a
//! place (the mentee; the mentor at a mentors-only event).

mod support;

#[path = "events_api/behaviour.rs"]
mod behaviour;
#[path = "events_api/matrix.rs"]
mod matrix;

use app::events::{
    rules::{validate_event, EventDraft},
    store,
};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use support::{as_i64, ics, kv, Args, Callers, Member, Reply, TestServer};

fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// When every fixture's event takes place (Berlin time): in the future,
/// within the feed's year.
pub const STARTS: &str = "2027-01-15T18:00";
pub const ENDS: &str = "2027-01-15T20:00";

// ---------------------------------------------------------------------------
// The hub: one member in each position
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    Visitor,
    /// Signed in, in no program.
    Member,
    /// An approved mentee of program A.
    Mentee,
    /// An approved mentor of program A.
    Mentor,
    /// A program admin of A.
    ProgramAdmin,
    /// A program admin of B (not of A).
    OtherAdmin,
    HubAdmin,
}

use Caller::*;

pub const CALLERS: [Caller; 7] = [
    Visitor,
    Member,
    Mentee,
    Mentor,
    ProgramAdmin,
    OtherAdmin,
    HubAdmin,
];

/// Which event a fixture is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Where {
    /// Program A's, for everyone in it.
    Program,
    /// The hub's.
    Hub,
    /// Program A's, for its mentors only.
    MentorsOnly,
}

/// One event, as the matrix needs it.
#[derive(Debug, Clone)]
pub struct Fix {
    pub n: usize,
    pub place: Where,
    /// The `space` argument: program A's slug, or empty for the hub's.
    pub space: String,
    pub event: i64,
    pub uid: String,
    pub draft: EventDraft,
    /// Who holds a place at it, and their id.
    pub attendee: Caller,
    pub attendee_id: i64,
}

impl Fix {
    /// The space's events: `/events` or `/programs/<slug>/events`.
    pub fn path(&self) -> String {
        if self.space.is_empty() {
            "/events".into()
        } else {
            format!("/programs/{}/events", self.space)
        }
    }

    pub fn event_path(&self) -> String {
        format!("{}/{}", self.path(), self.event)
    }

    pub fn ics_path(&self) -> String {
        format!("{}/calendar.ics", self.event_path())
    }

    pub fn csv_path(&self) -> String {
        format!("{}/attendees.csv", self.event_path())
    }

    pub fn title(&self) -> &str {
        &self.draft.title
    }

    pub fn link(&self) -> &str {
        &self.draft.online_link
    }
}

/// The admin's form for `draft`, as `events/save` takes it.
pub fn save_args(space: &str, event: i64, draft: &EventDraft) -> Args {
    let mut args = vec![
        kv("space", space),
        kv("event", event),
        kv("title", &draft.title),
        kv("description", &draft.description),
        kv("time_zone", &draft.time_zone),
        kv("starts", &draft.starts),
        kv("ends", &draft.ends),
        kv("format", &draft.format),
        kv("address", &draft.address),
        kv("online_link", &draft.online_link),
        kv("capacity", &draft.capacity),
        kv("registration_opens", &draft.registration_opens),
        kv("registration_closes", &draft.registration_closes),
        kv("audience", &draft.audience),
    ];
    if let Some(on) = &draft.waitlist {
        args.push(kv("waitlist", on));
    }
    args
}

/// A form for an event on `STARTS`, in person and online.
pub fn draft(title: &str, capacity: &str, audience: &str) -> EventDraft {
    EventDraft {
        title: title.into(),
        description: "We meet and talk.".into(),
        time_zone: "Europe/Berlin".into(),
        starts: STARTS.into(),
        ends: ENDS.into(),
        format: "both".into(),
        address: "Hall 2, Main Street 1".into(),
        online_link: "https://meet.example.org/room-42".into(),
        capacity: capacity.into(),
        audience: audience.into(),
        waitlist: Some("on".into()),
        ..EventDraft::default()
    }
}

pub struct Hub {
    pub server: TestServer,
    pub hub_admin: Member,
    pub program_admin: Member,
    pub other_admin: Member,
    pub member: Member,
    pub mentee: Member,
    pub mentor: Member,
    /// Program A's id and slug.
    pub program: (i64, String),
    made: AtomicUsize,
}

impl Callers for Hub {
    type Caller = Caller;

    fn server(&self) -> &TestServer {
        &self.server
    }

    fn who(&self, caller: Caller) -> Option<&Member> {
        match caller {
            Visitor => None,
            Member => Some(&self.member),
            Mentee => Some(&self.mentee),
            Mentor => Some(&self.mentor),
            ProgramAdmin => Some(&self.program_admin),
            OtherAdmin => Some(&self.other_admin),
            HubAdmin => Some(&self.hub_admin),
        }
    }
}

impl Hub {
    /// The hub with program A (its admin named, the mentee and the mentor
    /// approved) and program B (the other admin named).
    pub async fn new(server: TestServer) -> Hub {
        let mut people = server
            .add_members(&[
                ("Hana Hub", "hana@example.org"),
                ("Pia Program", "pia@example.org"),
                ("Otto Other", "otto@example.org"),
                ("Mo Member", "mo@example.org"),
                ("Mina Mentee", "mina@example.org"),
                ("Max Mentor", "max@example.org"),
            ])
            .await
            .into_iter();
        let mut next = || people.next().unwrap();
        let mut hub = Hub {
            hub_admin: next(),
            program_admin: next(),
            other_admin: next(),
            member: next(),
            mentee: next(),
            mentor: next(),
            server,
            program: (0, String::new()),
            made: AtomicUsize::new(0),
        };
        assert_eq!(
            hub.server.current_user(hub.hub_admin.cookie()).await["is_hub_admin"],
            true
        );
        let a = hub.new_program("Program A", "program-a").await;
        hub.name_admin(a, &hub.program_admin.email.clone()).await;
        let mut decide = vec![
            kv("program_id", a),
            kv("decision", "approve"),
            kv("message", ""),
        ];
        for (caller, role) in [(Mentee, "mentee"), (Mentor, "mentor")] {
            let outcome = hub
                .ok(
                    caller,
                    "programs/join",
                    &[kv("program_id", a), kv("role", role)],
                )
                .await;
            decide.push(kv("membership_ids[]", as_i64(&outcome["membership_id"])));
        }
        hub.ok(HubAdmin, "programs/decide", &decide).await;
        let b = hub.new_program("Program B", "program-b").await;
        hub.name_admin(b, &hub.other_admin.email.clone()).await;
        hub.program = (a, "program-a".into());
        hub.server.take_all_emails().await;
        hub
    }

    async fn new_program(&self, name: &str, slug: &str) -> i64 {
        let program = self
            .server
            .create_program(&self.hub_admin, name, slug)
            .await;
        as_i64(&program["id"])
    }

    async fn name_admin(&self, program: i64, email: &str) {
        self.ok(
            HubAdmin,
            "programs/add_admin",
            &[kv("program_id", program), kv("email", email)],
        )
        .await;
    }

    pub fn db(&self) -> &app::db::Db {
        &self.server.db.db
    }

    /// A GET with `caller`'s cookie.
    pub async fn get(&self, caller: Caller, path: &str) -> Reply {
        let cookie = self.who(caller).map(|member| member.cookie.as_str());
        self.server.fetch(path, cookie).await
    }

    /// The store's space of `place`.
    pub fn space(&self, place: Where) -> store::Space {
        match place {
            Where::Hub => store::Space {
                program_id: None,
                slug: String::new(),
                name: "Mentorhub".into(),
            },
            Where::Program | Where::MentorsOnly => store::Space {
                program_id: Some(self.program.0),
                slug: self.program.1.clone(),
                name: "Program A".into(),
            },
        }
    }

    /// The store's view of `caller` in `place`'s space (never a manager).
    pub fn as_member(&self, caller: Caller, place: Where) -> store::Member {
        use app::programs::Role;
        let role = match (place, caller) {
            (Where::Hub, _) => None,
            (_, Mentee) => Some(Role::Mentee),
            (_, Mentor) => Some(Role::Mentor),
            _ => None,
        };
        store::Member {
            user_id: self.who(caller).unwrap().id,
            role,
            manager: false,
        }
    }

    /// Creates `draft` in `place`'s space through the store; its id.
    pub async fn create(&self, place: Where, draft: &EventDraft) -> i64 {
        let space = self.space(place);
        let valid = validate_event(draft, space.program_id.is_some(), true, now()).unwrap();
        store::create_event(
            self.db(),
            space.program_id,
            self.hub_admin.id,
            &valid,
            now(),
        )
        .await
        .unwrap()
    }

    /// Registers `caller` through the store.
    pub async fn register(&self, caller: Caller, place: Where, event: i64) -> store::Place {
        store::register(self.db(), event, &self.as_member(caller, place), now())
            .await
            .unwrap()
    }

    /// The event as stored.
    pub async fn row(&self, place: Where, event: i64) -> store::EventRow {
        let manager = store::Member {
            user_id: self.hub_admin.id,
            role: None,
            manager: true,
        };
        store::event_in(self.db(), &self.space(place), event, &manager)
            .await
            .unwrap()
    }

    /// A fresh event in `place` with its attendee registered.
    pub async fn fixture(&self, place: Where) -> Fix {
        let n = self.made.fetch_add(1, Ordering::SeqCst) + 1;
        let (audience, attendee) = match place {
            Where::MentorsOnly => ("mentors", Mentor),
            _ => ("everyone", Mentee),
        };
        let mut draft = draft(&format!("Meetup number {n}"), "5", audience);
        draft.online_link = format!("https://meet.example.org/room-{n}");
        let event = self.create(place, &draft).await;
        let place_taken = self.register(attendee, place, event).await;
        assert_eq!(
            place_taken.status,
            app::events::RegistrationStatus::Registered
        );
        let uid = self.row(place, event).await.uid;
        Fix {
            n,
            place,
            space: self.space(place).slug,
            event,
            uid,
            draft,
            attendee,
            attendee_id: self.who(attendee).unwrap().id,
        }
    }

    pub async fn event(&self, caller: Caller, f: &Fix) -> Value {
        self.ok(
            caller,
            "events/event",
            &[kv("space", &f.space), kv("event", f.event)],
        )
        .await
    }

    /// The attendees page as the hub admin reads it.
    pub async fn attendees(&self, space: &str, event: i64) -> Value {
        self.ok(
            HubAdmin,
            "events/attendees",
            &[kv("space", space), kv("event", event)],
        )
        .await
    }

    /// `caller`'s feed address, as a path on the server.
    pub async fn feed_path(&self, caller: Caller) -> String {
        let feed = self.ok(caller, "events/feed", &[]).await;
        let url = feed["url"].as_str().unwrap();
        url.strip_prefix(&self.server.base)
            .unwrap_or_else(|| panic!("{url} is not on {}", self.server.base))
            .to_owned()
    }

    /// Everything about a fixture an events call could change: the event
    /// as each signed-in caller reads it (or their refusal), its attendees
    /// and form as the hub admin reads them, how many events the space
    /// lists, everyone's feed address.
    pub async fn snapshot(&self, f: &Fix) -> Value {
        let mut events = serde_json::Map::new();
        let mut feeds = serde_json::Map::new();
        let event = [kv("space", &f.space), kv("event", f.event)];
        for caller in CALLERS.into_iter().skip(1) {
            let reply = self.call(caller, "events/event", &event).await;
            events.insert(format!("{caller:?}"), json!([reply.status, reply.json()]));
            feeds.insert(format!("{caller:?}"), json!(self.feed_path(caller).await));
        }
        let attendees = self.attendees(&f.space, f.event).await;
        let form = self.ok(HubAdmin, "events/form", &event).await;
        let list = self
            .ok(HubAdmin, "events/list", &[kv("space", &f.space)])
            .await;
        json!({
            "events": events,
            "attendees": attendees,
            "form": form,
            "listed": list["total"],
            "feeds": feeds,
        })
    }
}
