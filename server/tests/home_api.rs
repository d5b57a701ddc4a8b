//! API tests for the home page: `home` (its one server function) for
//! every kind of caller, and `/` as a browser gets it. The function takes
//! no arguments, so the refusals to check are the leaks: nobody's home
//! shows another member's programs, requests or events, or a program's
//! events to someone outside it. On SQLite and on PostgreSQL.

mod support;

use app::{
    events::{
        rules::{validate_event, EventDraft},
        store,
    },
    programs::Role,
};
use serde_json::Value;
use support::{as_i64, kv, Callers, Member, TestServer};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Visitor,
    /// Signed in, in no program.
    Member,
    /// An approved mentee of program A.
    Mentee,
    /// Applied to program A, waiting.
    Applicant,
    /// Program A's admin.
    ProgramAdmin,
    /// Program B's admin.
    OtherAdmin,
    HubAdmin,
}

use Caller::*;

struct Hub {
    server: TestServer,
    people: Vec<(Caller, Member)>,
    /// Program A's event, and the hub's.
    program_event: i64,
    hub_event: i64,
}

impl Callers for Hub {
    type Caller = Caller;

    fn server(&self) -> &TestServer {
        &self.server
    }

    fn who(&self, caller: Caller) -> Option<&Member> {
        self.people
            .iter()
            .find(|(c, _)| *c == caller)
            .map(|(_, m)| m)
    }
}

fn event_draft(title: &str) -> EventDraft {
    EventDraft {
        title: title.into(),
        description: "We meet and talk.".into(),
        time_zone: "Europe/Berlin".into(),
        starts: "2027-01-15T18:00".into(),
        ends: "2027-01-15T20:00".into(),
        format: "online".into(),
        online_link: "https://meet.example.org/room-42".into(),
        ..EventDraft::default()
    }
}

/// Program A's name: hostile text, which the page must show as text.
const PROGRAM_A: &str = "Program <b>A</b> & \"friends\"";

impl Hub {
    async fn new(server: TestServer) -> Hub {
        let members = server
            .add_members(&[
                ("Hana Hub", "hana@example.org"),
                ("Pia Program", "pia@example.org"),
                ("Otto Other", "otto@example.org"),
                ("Mo Member", "mo@example.org"),
                ("Mina Mentee", "mina@example.org"),
                ("Al Applicant", "al@example.org"),
            ])
            .await;
        let callers = [
            HubAdmin,
            ProgramAdmin,
            OtherAdmin,
            Member,
            Mentee,
            Applicant,
        ];
        let mut hub = Hub {
            people: callers.into_iter().zip(members).collect(),
            server,
            program_event: 0,
            hub_event: 0,
        };
        let hub_admin = hub.who(HubAdmin).unwrap().clone();
        let a = as_i64(
            &hub.server
                .create_program(&hub_admin, PROGRAM_A, "program-a")
                .await["id"],
        );
        let b = as_i64(
            &hub.server
                .create_program(&hub_admin, "Program B", "program-b")
                .await["id"],
        );
        for (program, admin) in [(a, ProgramAdmin), (b, OtherAdmin)] {
            let email = hub.who(admin).unwrap().email.clone();
            hub.ok(
                HubAdmin,
                "programs/add_admin",
                &[kv("program_id", program), kv("email", email)],
            )
            .await;
        }
        let joined = hub
            .ok(
                Mentee,
                "programs/join",
                &[kv("program_id", a), kv("role", "mentee")],
            )
            .await;
        hub.ok(
            HubAdmin,
            "programs/decide",
            &[
                kv("program_id", a),
                kv("decision", "approve"),
                kv("message", ""),
                kv("membership_ids[]", as_i64(&joined["membership_id"])),
            ],
        )
        .await;
        hub.ok(
            Applicant,
            "programs/join",
            &[kv("program_id", a), kv("role", "mentor")],
        )
        .await;
        let now = chrono::Utc::now().naive_utc();
        let db = &hub.server.db.db;
        for (program, title) in [(Some(a), "Program A kickoff"), (None, "Hub meetup")] {
            let valid = validate_event(&event_draft(title), program.is_some(), true, now).unwrap();
            let id = store::create_event(db, program, hub_admin.id, &valid, now)
                .await
                .unwrap();
            if program.is_some() {
                hub.program_event = id;
            } else {
                hub.hub_event = id;
            }
        }
        let mentee = hub.who(Mentee).unwrap().id;
        let member = store::Member {
            user_id: mentee,
            role: Some(Role::Mentee),
            manager: false,
        };
        store::register(db, hub.program_event, &member, now)
            .await
            .unwrap();
        hub.server.take_all_emails().await;
        hub
    }

    async fn home(&self, caller: Caller) -> Value {
        self.ok(caller, "home", &[]).await
    }
}

fn titles(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| {
            item["title"]
                .as_str()
                .unwrap_or_else(|| item["name"].as_str().unwrap())
                .to_owned()
        })
        .collect()
}

fn decisions(home: &Value) -> Vec<(String, i64)> {
    home["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["program_name"].as_str().unwrap().to_owned(),
                as_i64(&d["applications"]),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn each_caller_gets_their_own_home_and_nothing_of_anyone_elses() {
    support::on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let what = hub.server.backend();

        // A visitor: no home of their own (the page shows the welcome).
        assert_eq!(hub.home(Visitor).await, Value::Null, "{what}");

        // The mentee: their program, their place, the hub's event to come.
        let home = hub.home(Mentee).await;
        assert_eq!(home["name"], "Mina Mentee");
        assert_eq!(titles(&home["programs"]), vec![PROGRAM_A], "{what}");
        assert_eq!(
            home["programs"][0]["membership"],
            serde_json::json!(["mentee", "approved"])
        );
        assert_eq!(
            titles(&home["my_events"]),
            vec!["Program A kickoff"],
            "{what}"
        );
        assert_eq!(
            home["my_events"][0]["path"],
            format!("/programs/program-a/events/{}", hub.program_event)
        );
        assert_eq!(home["my_events"][0]["status"], "registered");
        assert_eq!(titles(&home["next_events"]), vec!["Hub meetup"], "{what}");
        assert_eq!(home["admin"], false);

        // The applicant waits; program A's events are not theirs to see.
        let home = hub.home(Applicant).await;
        assert_eq!(
            home["programs"][0]["membership"],
            serde_json::json!(["mentor", "pending"])
        );
        assert_eq!(titles(&home["next_events"]), vec!["Hub meetup"], "{what}");
        assert!(!home.to_string().contains("kickoff"), "{what}: {home}");

        // A member in no program: the hub's event only, no programs.
        let home = hub.home(Member).await;
        assert!(titles(&home["programs"]).is_empty());
        assert!(titles(&home["my_events"]).is_empty());
        assert_eq!(titles(&home["next_events"]), vec!["Hub meetup"], "{what}");
        assert!(!home.to_string().contains("program-a"), "{what}: {home}");
        assert_eq!(home["admin"], false);
        assert!(decisions(&home).is_empty());

        // Program A's admin: the pending application, and A's event.
        let home = hub.home(ProgramAdmin).await;
        assert_eq!(home["admin"], true);
        assert_eq!(decisions(&home), vec![(PROGRAM_A.to_owned(), 1)], "{what}");
        assert_eq!(home["programs"][0]["admin"], true);
        assert_eq!(
            titles(&home["next_events"]),
            vec!["Program A kickoff", "Hub meetup"],
            "{what}"
        );

        // Program B's admin decides nothing in A.
        let home = hub.home(OtherAdmin).await;
        assert_eq!(home["admin"], true);
        assert!(decisions(&home).is_empty(), "{what}: {home}");
        assert!(!home.to_string().contains("program-a"), "{what}: {home}");

        // The hub admin sees the hub's pending applications.
        let home = hub.home(HubAdmin).await;
        assert_eq!(decisions(&home), vec![(PROGRAM_A.to_owned(), 1)], "{what}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_is_the_members_own_and_escapes_what_members_wrote() {
    support::on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let what = hub.server.backend();

        let visitor = hub.server.fetch("/", None).await;
        assert_eq!(visitor.status, 200, "{what}");
        assert!(visitor.body.contains("Where to start"), "{what}");
        assert!(!visitor.body.contains("Welcome back"), "{what}");

        let cookie = hub.who(ProgramAdmin).unwrap().cookie.clone();
        let page = hub.server.fetch("/", Some(&cookie)).await;
        assert_eq!(page.status, 200, "{what}");
        assert!(page.body.contains("Welcome back, Pia Program"), "{what}");
        assert!(page.body.contains("Waiting for your decision"), "{what}");
        assert!(
            page.body
                .contains("href=\"/programs/program-a/admin/applications\""),
            "{what}"
        );
        assert!(page.body.contains("1 application"), "{what}");
        // The program's name is text, never markup.
        assert!(!page.body.contains("<b>A</b>"), "{what}");
        assert!(
            page.body.contains("Program &lt;b&gt;A&lt;/b&gt; &amp;"),
            "{what}"
        );

        let cookie = hub.who(Mentee).unwrap().cookie.clone();
        let page = hub.server.fetch("/", Some(&cookie)).await;
        assert!(page.body.contains("Your events"), "{what}");
        assert!(
            page.body.contains(&format!(
                "href=\"/programs/program-a/events/{}\"",
                hub.program_event
            )),
            "{what}"
        );
        assert!(
            page.body
                .contains(&format!("href=\"/events/{}\"", hub.hub_event)),
            "{what}"
        );
        assert!(!page.body.contains("Waiting for your decision"), "{what}");
    })
    .await;
}
