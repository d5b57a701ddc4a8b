//! The authorization matrix: every events server function and every
//! events download × every caller, for a program's event, a hub event and
//! a program's mentors-only event.

use super::*;
use app::email::store::ClaimedEmail;
use support::{assert_refused, recipients, Expect};

const OK: Expect = Expect::Allowed;
const U401: Expect = Expect::Unauthorized;
const F403: Expect = Expect::Forbidden;
const N404: Expect = Expect::NotFound;

// In the order of `CALLERS`: visitor, member in no program, mentee,
// mentor, program admin, admin of another program, hub admin. These are
// for a program's event; `expected` derives the others.
/// The program's approved members and its managers.
const SPACE: [Expect; 7] = [U401, F403, OK, OK, OK, F403, OK];
/// The program's admins and the hub admins.
const MANAGERS: [Expect; 7] = [U401, F403, F403, F403, OK, F403, OK];
/// Every signed-in member, wherever the event is.
const ANY_MEMBER: [Expect; 7] = [U401, OK, OK, OK, OK, OK, OK];
/// The feed's secret is its credential: a guessed one is not found.
const FEED: [Expect; 7] = [N404, OK, OK, OK, OK, OK, OK];

/// What `row` expects in `place`. The hub's events are every member's,
/// managed by the hub admins only: the member in no program and both
/// program admins are each what the mentee (a member who manages
/// nothing) is. A mentors-only event does not exist for a mentee.
fn expected(row: &Row, place: Where) -> [Expect; 7] {
    let mut expect = row.expect;
    match place {
        Where::Program => {}
        Where::Hub => {
            for i in [1, 4, 5] {
                expect[i] = row.expect[2];
            }
        }
        Where::MentorsOnly => {
            if row.per_event && expect[2] == OK {
                expect[2] = N404;
            }
        }
    }
    expect
}

#[derive(Clone, Copy)]
pub enum Target {
    /// A server function and its arguments.
    Function(&'static str, fn(&Fix) -> Args),
    /// `GET <event>/calendar.ics`.
    Ics,
    /// `GET <event>/attendees.csv`.
    Csv,
    /// `GET /calendar/<secret>.ics`, without a cookie.
    Feed,
}

impl Target {
    fn label(&self) -> &'static str {
        match self {
            Target::Function(endpoint, _) => endpoint,
            Target::Ics => "calendar.ics",
            Target::Csv => "attendees.csv",
            Target::Feed => "/calendar/<secret>.ics",
        }
    }
}

pub struct Row {
    target: Target,
    /// Whether an allowed call changes something (each allowed caller then
    /// gets a fresh fixture).
    mutates: bool,
    /// Looks the event up for the caller (who must be its audience).
    per_event: bool,
    expect: [Expect; 7],
    check: fn(&Ctx),
}

pub struct Ctx<'a> {
    hub: &'a Hub,
    f: &'a Fix,
    caller: Caller,
    reply: &'a Reply,
    before: &'a Value,
    after: &'a Value,
    emails: &'a [ClaimedEmail],
    what: String,
}

impl<'a> Ctx<'a> {
    fn json(&self) -> Value {
        self.reply.json()
    }

    fn manager(&self) -> bool {
        match self.f.place {
            Where::Hub => self.caller == HubAdmin,
            _ => matches!(self.caller, ProgramAdmin | HubAdmin),
        }
    }

    /// Holds the fixture's place.
    fn attendee(&self) -> bool {
        self.caller == self.f.attendee
    }

    /// The event is for them.
    fn audience(&self) -> bool {
        !(self.f.place == Where::MentorsOnly && self.caller == Mentee)
    }

    fn me(&self) -> &Member {
        self.hub.who(self.caller).unwrap()
    }

    /// The event as `caller` read it in `snapshot`.
    fn event_of(&self, snapshot: &'a Value, caller: Caller) -> &'a Value {
        &snapshot["events"][format!("{caller:?}")][1]
    }

    fn own(&self, snapshot: &'a Value) -> &'a Value {
        self.event_of(snapshot, self.caller)
    }

    fn attendee_rows(&self) -> &Vec<Value> {
        self.after["attendees"]["attendees"].as_array().unwrap()
    }

    fn counts(&self) -> &Value {
        &self.after["attendees"]["counts"]
    }

    fn redirected_to(&self, location: &str) {
        assert_eq!(
            self.reply.location(),
            Some(location),
            "{}: {:?}",
            self.what,
            self.reply
        );
    }

    fn emailed(&self, to: &[&Member]) {
        let mut expected: Vec<String> = to.iter().map(|m| m.email.clone()).collect();
        expected.sort();
        assert_eq!(
            recipients(self.emails),
            expected,
            "{}: {:#?}",
            self.what,
            self.emails
        );
    }

    fn unchanged(&self) {
        assert_eq!(self.before, self.after, "{}: something changed", self.what);
    }

    /// A download: its status, media type and file name.
    fn file(&self, content_type: &str, name: &str) {
        assert_eq!(self.reply.status, 200, "{}: {:?}", self.what, self.reply);
        let disposition = format!("attachment; filename=\"{name}\"");
        let headers = ["content-type", "content-disposition", "cache-control"];
        assert_eq!(
            headers.map(|name| self.reply.header(name)),
            [
                Some(content_type),
                Some(&*disposition),
                Some("private, no-store")
            ],
            "{}",
            self.what
        );
    }
}

const ICS: &str = "text/calendar; charset=utf-8";

fn event_args(f: &Fix) -> Args {
    vec![kv("space", &f.space), kv("event", f.event)]
}

fn renamed(f: &Fix) -> String {
    format!("Renamed meetup {}", f.n)
}

fn rows() -> Vec<Row> {
    vec![
        // ----- Reading -----------------------------------------------------
        Row {
            target: Target::Function("events/list", |f| vec![kv("space", &f.space)]),
            mutates: false,
            per_event: false,
            expect: SPACE,
            check: |c| {
                let list = c.json();
                assert_eq!(list["space"]["path"], c.f.path(), "{}", c.what);
                assert_eq!(list["space"]["can_manage"], c.manager(), "{}", c.what);
                assert_eq!(list["when"], "Upcoming", "{}", c.what);
                let found = list["events"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|e| e["id"] == c.f.event);
                let Some(event) = found else {
                    assert!(!c.audience(), "{}: not listed: {list}", c.what);
                    return;
                };
                assert!(c.audience(), "{}: listed for a mentee: {list}", c.what);
                assert_eq!(event["title"], c.f.title(), "{}", c.what);
                assert_eq!(event["taken"], 1, "{}", c.what);
                assert_eq!(event["places_left"], 4, "{}", c.what);
                let mine = if c.attendee() {
                    json!("registered")
                } else {
                    Value::Null
                };
                assert_eq!(event["mine"], mine, "{}", c.what);
            },
        },
        Row {
            target: Target::Function("events/event", event_args),
            mutates: false,
            per_event: true,
            expect: SPACE,
            check: |c| {
                let page = c.json();
                assert_eq!(page["event"]["id"], c.f.event, "{}", c.what);
                assert_eq!(page["event"]["title"], c.f.title(), "{}", c.what);
                assert_eq!(page["event"]["state"], "scheduled", "{}", c.what);
                assert_eq!(page["space"]["can_manage"], c.manager(), "{}", c.what);
                assert_eq!(page["ics_path"], c.f.ics_path(), "{}: {page}", c.what);
                // The online link only for a member with a place.
                let (place, link) = if c.attendee() {
                    (
                        json!({"status": "registered", "position": null}),
                        json!(c.f.link()),
                    )
                } else {
                    (Value::Null, Value::Null)
                };
                assert_eq!(page["place"], place, "{}", c.what);
                assert_eq!(page["online_link"], link, "{}", c.what);
                assert!(
                    !c.reply.body.contains(c.f.link()) || c.attendee(),
                    "{}",
                    c.what
                );
                assert_eq!(page["can_cancel"], c.attendee(), "{}", c.what);
                assert_eq!(page["refusal"], Value::Null, "{}", c.what);
            },
        },
        Row {
            target: Target::Function("events/form", event_args),
            mutates: false,
            per_event: false,
            expect: MANAGERS,
            check: |c| {
                let page = c.json();
                assert_eq!(page["event_id"], c.f.event, "{}", c.what);
                assert_eq!(page["cancelled"], false, "{}", c.what);
                let draft = &page["draft"];
                assert_eq!(draft["title"], c.f.title(), "{}", c.what);
                assert_eq!(draft["starts"], STARTS, "{}", c.what);
                assert_eq!(draft["online_link"], c.f.link(), "{}", c.what);
                assert_eq!(draft["audience"], c.f.draft.audience, "{}", c.what);
                assert_eq!(page["space"]["can_manage"], true, "{}", c.what);
            },
        },
        Row {
            target: Target::Function("events/attendees", event_args),
            mutates: false,
            per_event: false,
            expect: MANAGERS,
            check: |c| {
                let page = c.json();
                let attendee = c.hub.who(c.f.attendee).unwrap();
                let rows = page["attendees"].as_array().unwrap();
                assert_eq!(rows.len(), 1, "{}: {page}", c.what);
                assert_eq!(rows[0]["user_id"], attendee.id, "{}", c.what);
                assert_eq!(rows[0]["name"], attendee.name, "{}", c.what);
                assert_eq!(rows[0]["status"], "registered", "{}", c.what);
                assert_eq!(page["counts"]["registered"], 1, "{}", c.what);
                assert!(!c.reply.body.contains(&attendee.email), "{}", c.what);
            },
        },
        Row {
            target: Target::Function("events/feed", |_| vec![]),
            mutates: false,
            per_event: false,
            expect: ANY_MEMBER,
            check: |c| {
                let feed = c.json();
                let url = feed["url"].as_str().unwrap();
                let path = url.strip_prefix(&c.hub.server.base).unwrap();
                assert_eq!(
                    json!(path),
                    c.before["feeds"][format!("{:?}", c.caller)],
                    "{}",
                    c.what
                );
                assert!(path.starts_with("/calendar/") && path.ends_with(".ics"));
                assert_eq!(
                    feed["webcal"],
                    url.replacen("http://", "webcal://", 1),
                    "{}",
                    c.what
                );
            },
        },
        // ----- A member's own ------------------------------------------------
        Row {
            target: Target::Function("events/register", event_args),
            mutates: true,
            per_event: true,
            expect: SPACE,
            check: |c| {
                c.redirected_to(&format!("{}?registered=1", c.f.event_path()));
                assert_eq!(
                    c.json(),
                    json!({"status": "registered", "position": null}),
                    "{}",
                    c.what
                );
                let own = c.own(c.after);
                assert_eq!(own["place"]["status"], "registered", "{}", c.what);
                assert_eq!(own["online_link"], c.f.link(), "{}", c.what);
                if c.attendee() {
                    // A second submit: nothing moves.
                    c.unchanged();
                } else {
                    assert_eq!(c.counts()["registered"], 2, "{}", c.what);
                    assert!(
                        c.attendee_rows().iter().any(|a| a["user_id"] == c.me().id),
                        "{}",
                        c.what
                    );
                }
                c.emailed(&[]);
            },
        },
        Row {
            target: Target::Function("events/cancel_registration", event_args),
            mutates: true,
            per_event: true,
            expect: SPACE,
            check: |c| {
                c.redirected_to(&format!("{}?cancelled=1", c.f.event_path()));
                let own = c.own(c.after);
                assert_eq!(own["place"], Value::Null, "{}", c.what);
                assert_eq!(own["online_link"], Value::Null, "{}", c.what);
                if c.attendee() {
                    assert_eq!(c.counts()["registered"], 0, "{}", c.what);
                    assert_eq!(c.counts()["cancelled"], 1, "{}", c.what);
                    assert_eq!(own["event"]["taken"], 0, "{}", c.what);
                } else {
                    // Nothing to cancel.
                    c.unchanged();
                }
                c.emailed(&[]);
            },
        },
        Row {
            target: Target::Function("events/reset_feed", |_| vec![]),
            mutates: true,
            per_event: false,
            expect: ANY_MEMBER,
            check: |c| {
                c.redirected_to("/account?feed_reset=1#calendar-feed");
                let mine = format!("{:?}", c.caller);
                let url = c.json()["url"].as_str().unwrap().to_owned();
                let path = url.strip_prefix(&c.hub.server.base).unwrap();
                assert_ne!(json!(path), c.before["feeds"][&mine], "{}", c.what);
                assert_eq!(json!(path), c.after["feeds"][&mine], "{}", c.what);
                for other in CALLERS.into_iter().skip(1).filter(|o| *o != c.caller) {
                    let other = format!("{other:?}");
                    assert_eq!(
                        c.before["feeds"][&other], c.after["feeds"][&other],
                        "{}: {other}'s feed changed",
                        c.what
                    );
                }
                assert_eq!(c.before["events"], c.after["events"], "{}", c.what);
                c.emailed(&[]);
            },
        },
        // ----- The managers' -------------------------------------------------
        Row {
            // A new title only: no one is emailed.
            target: Target::Function("events/save", |f| {
                let mut draft = f.draft.clone();
                draft.title = renamed(f);
                save_args(&f.space, f.event, &draft)
            }),
            mutates: true,
            per_event: false,
            expect: MANAGERS,
            check: |c| {
                assert_eq!(c.json(), c.f.event, "{}", c.what);
                c.redirected_to(&format!("{}?saved=1", c.f.event_path()));
                let event = &c.event_of(c.after, HubAdmin)["event"];
                assert_eq!(event["title"], renamed(c.f), "{}", c.what);
                let attendee = &c.event_of(c.after, c.f.attendee)["event"];
                assert_eq!(attendee["title"], renamed(c.f), "{}", c.what);
                assert_eq!(c.after["form"]["draft"]["title"], renamed(c.f));
                assert_eq!(c.after["listed"], c.before["listed"], "{}", c.what);
                c.emailed(&[]);
            },
        },
        Row {
            // A new event (`event` 0) in the same space.
            target: Target::Function("events/save", |f| {
                let mut draft = f.draft.clone();
                draft.title = format!("Another meetup {}", f.n);
                save_args(&f.space, 0, &draft)
            }),
            mutates: true,
            per_event: false,
            expect: MANAGERS,
            check: |c| {
                let id = as_i64(&c.json());
                assert!(id > c.f.event, "{}", c.what);
                c.redirected_to(&format!("{}/{id}?saved=1", c.f.path()));
                assert_eq!(
                    as_i64(&c.after["listed"]),
                    as_i64(&c.before["listed"]) + 1,
                    "{}",
                    c.what
                );
                assert_eq!(c.before["events"], c.after["events"], "{}", c.what);
                c.emailed(&[]);
            },
        },
        Row {
            target: Target::Function("events/cancel", |f| {
                let mut args = event_args(f);
                args.push(kv("confirm", "on"));
                args
            }),
            mutates: true,
            per_event: false,
            expect: MANAGERS,
            check: |c| {
                c.redirected_to(&format!("{}?event_cancelled=1", c.f.event_path()));
                let event = &c.event_of(c.after, HubAdmin)["event"];
                assert_eq!(event["state"], "cancelled", "{}", c.what);
                assert_eq!(c.after["form"]["cancelled"], true, "{}", c.what);
                let attendee = c.hub.who(c.f.attendee).unwrap();
                c.emailed(&[attendee]);
                assert_eq!(
                    c.emails[0].subject,
                    format!("Cancelled: {}", c.f.title()),
                    "{}",
                    c.what
                );
            },
        },
        Row {
            // Check-in of the attendee.
            target: Target::Function("events/attendee", |f| {
                let mut args = event_args(f);
                args.push(kv("member", f.attendee_id));
                args.push(kv("action", "attended"));
                args
            }),
            mutates: true,
            per_event: false,
            expect: MANAGERS,
            check: |c| {
                let attendee = c.hub.who(c.f.attendee).unwrap();
                c.redirected_to(&format!(
                    "{}/attendees?done=attended#attendee-{}",
                    c.f.event_path(),
                    attendee.id
                ));
                assert_eq!(c.attendee_rows()[0]["status"], "attended", "{}", c.what);
                assert_eq!(c.counts()["attended"], 1, "{}", c.what);
                assert_eq!(c.counts()["registered"], 0, "{}", c.what);
                let own = c.event_of(c.after, c.f.attendee);
                assert_eq!(own["place"]["status"], "attended", "{}", c.what);
                c.emailed(&[]);
            },
        },
        // ----- The downloads -------------------------------------------------
        Row {
            target: Target::Ics,
            mutates: false,
            per_event: true,
            expect: SPACE,
            check: |c| {
                c.file(ICS, &format!("event-{}.ics", c.f.event));
                let calendar = ics::parse(&c.reply.body);
                let events = calendar.all("VEVENT");
                assert_eq!(events.len(), 1, "{}: {}", c.what, c.reply.body);
                let event = events[0];
                assert_eq!(event.get("UID"), Some(c.f.uid.as_str()), "{}", c.what);
                assert_eq!(event.get("SEQUENCE"), Some("0"), "{}", c.what);
                assert_eq!(event.get("SUMMARY"), Some(c.f.title()), "{}", c.what);
                assert_eq!(event.get("STATUS"), Some("CONFIRMED"), "{}", c.what);
                assert_eq!(
                    event.get("LOCATION"),
                    Some("Hall 2, Main Street 1"),
                    "{}",
                    c.what
                );
                assert_eq!(event.get("DTSTART"), Some("20270115T170000Z"), "{}", c.what);
                let page = c.hub.server.url(&c.f.event_path());
                assert_eq!(event.get("URL"), Some(page.as_str()), "{}", c.what);
                let description = event.get("DESCRIPTION").unwrap_or_default();
                assert_eq!(
                    description.contains(c.f.link()),
                    c.attendee(),
                    "{}: {description}",
                    c.what
                );
                assert_eq!(calendar.text().contains(c.f.link()), c.attendee());
            },
        },
        Row {
            target: Target::Csv,
            mutates: false,
            per_event: false,
            expect: MANAGERS,
            check: |c| {
                c.file(
                    "text/csv; charset=utf-8",
                    &format!("event-{}-attendees.csv", c.f.event),
                );
                let lines: Vec<&str> = c.reply.body.split("\r\n").collect();
                assert_eq!(
                    lines[0], "Name,Email,Status,Waitlist position,Since (UTC)",
                    "{}",
                    c.what
                );
                let attendee = c.hub.who(c.f.attendee).unwrap();
                assert!(
                    lines[1].starts_with(&format!(
                        "{},{},Registered,,",
                        attendee.name, attendee.email
                    )),
                    "{}: {}",
                    c.what,
                    c.reply.body
                );
                assert_eq!(lines.len(), 3, "{}: {}", c.what, c.reply.body);
                assert_eq!(lines[2], "", "{}", c.what);
            },
        },
        Row {
            target: Target::Feed,
            mutates: false,
            per_event: false,
            expect: FEED,
            check: |c| {
                assert_eq!(c.reply.status, 200, "{}: {:?}", c.what, c.reply);
                assert_eq!(c.reply.header("content-type"), Some(ICS), "{}", c.what);
                assert_eq!(c.reply.header("x-robots-tag"), Some("noindex"));
                let uids: Vec<String> = ics::events(&c.reply.body)
                    .iter()
                    .filter_map(|e| e.get("UID").map(str::to_owned))
                    .collect();
                assert_eq!(
                    uids.contains(&c.f.uid),
                    c.attendee(),
                    "{}: {uids:?}",
                    c.what
                );
            },
        },
    ]
}

/// Asserts that a download's `reply` is the refusal `expect` names.
fn assert_download_refused(reply: &Reply, expect: Expect, what: &str) {
    let (status, body) = match expect {
        Expect::Unauthorized => (401, "Sign in first."),
        Expect::Forbidden => (403, "You may not download this."),
        Expect::NotFound => (404, ""),
        other => panic!("{what}: no download answers {other:?}"),
    };
    assert_eq!(reply.status, status, "{what}: {reply:?}");
    assert_eq!(reply.body, body, "{what}");
    assert_eq!(reply.header("content-disposition"), None, "{what}");
}

/// Calls `target` as `caller` on `f`.
async fn call(hub: &Hub, target: Target, f: &Fix, caller: Caller) -> Reply {
    match target {
        Target::Function(endpoint, args) => hub.call(caller, endpoint, &args(f)).await,
        Target::Ics => hub.get(caller, &f.ics_path()).await,
        Target::Csv => hub.get(caller, &f.csv_path()).await,
        Target::Feed => {
            let path = match caller {
                // A secret no one was given.
                Visitor => format!("/calendar/{}.ics", "a".repeat(43)),
                _ => hub.feed_path(caller).await,
            };
            hub.server.fetch(&path, None).await
        }
    }
}

/// Every row × every caller in `place`. Before and after each call a
/// snapshot of the fixture is taken: a refused call must change nothing and
/// queue no email.
async fn run_matrix(hub: &Hub, place: Where) {
    let shared = hub.fixture(place).await;
    let mut cells = 0;
    for row in rows() {
        let expect = expected(&row, place);
        // Refused calls of a mutating function share one fixture: if one of
        // them changed it, its snapshot check fails right there.
        let refused_target = if row.mutates {
            Some(hub.fixture(place).await)
        } else {
            None
        };
        for (caller, expect) in CALLERS.into_iter().zip(expect) {
            let fresh;
            let f = match (&refused_target, expect) {
                (Some(_), Expect::Allowed) => {
                    fresh = hub.fixture(place).await;
                    &fresh
                }
                (Some(target), _) => target,
                (None, _) => &shared,
            };
            let what = format!(
                "{} as {caller:?} at the {place:?} event on {}",
                row.target.label(),
                hub.server.backend()
            );
            let before = hub.snapshot(f).await;
            let reply = call(hub, row.target, f, caller).await;
            let emails = hub.server.take_all_emails().await;
            let after = hub.snapshot(f).await;
            if expect == Expect::Allowed {
                assert_eq!(reply.status, 200, "{what}: {reply:?}");
                if !row.mutates {
                    assert_eq!(before, after, "{what}: a read changed something");
                    assert!(emails.is_empty(), "{what}: {emails:#?}");
                }
                (row.check)(&Ctx {
                    hub,
                    f,
                    caller,
                    reply: &reply,
                    before: &before,
                    after: &after,
                    emails: &emails,
                    what,
                });
            } else {
                match row.target {
                    Target::Function(..) => assert_refused(&reply, expect, &what),
                    _ => assert_download_refused(&reply, expect, &what),
                }
                assert_eq!(before, after, "{what}: a refused call changed something");
                assert!(emails.is_empty(), "{what}: {emails:#?}");
            }
            cells += 1;
        }
    }
    assert_eq!(cells, rows().len() * CALLERS.len());
}

#[tokio::test(flavor = "multi_thread")]
async fn every_events_call_admits_exactly_the_allowed_callers_for_a_program_event() {
    support::on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        run_matrix(&hub, Where::Program).await;
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_events_call_admits_exactly_the_allowed_callers_for_a_hub_event() {
    support::on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        run_matrix(&hub, Where::Hub).await;
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mentors_only_event_does_not_exist_for_a_mentee() {
    support::on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        run_matrix(&hub, Where::MentorsOnly).await;
        hub.server.stop().await;
    })
    .await;
}

#[test]
fn the_spaces_differ_where_they_should() {
    let row = |expect| Row {
        target: Target::Ics,
        mutates: false,
        per_event: true,
        expect,
        check: |_| {},
    };
    assert_eq!(
        expected(&row(SPACE), Where::Hub),
        [U401, OK, OK, OK, OK, OK, OK]
    );
    assert_eq!(
        expected(&row(MANAGERS), Where::Hub),
        [U401, F403, F403, F403, F403, F403, OK]
    );
    assert_eq!(
        expected(&row(SPACE), Where::MentorsOnly),
        [U401, F403, N404, OK, OK, F403, OK]
    );
    assert_eq!(expected(&row(MANAGERS), Where::MentorsOnly), MANAGERS);
    for row in rows() {
        for place in [Where::Program, Where::Hub, Where::MentorsOnly] {
            let expect = expected(&row, place);
            // Visitors are refused everywhere; the hub admin is let in.
            assert_ne!(expect[0], OK, "{}", row.target.label());
            assert_eq!(expect[6], OK, "{}", row.target.label());
        }
    }
}

#[test]
fn the_matrix_covers_every_events_server_function_and_download() {
    // Every `endpoint = "events/..."` in events/api/ has a row.
    let source = [
        include_str!("../../../app/src/events/api/mod.rs"),
        include_str!("../../../app/src/events/api/reading.rs"),
        include_str!("../../../app/src/events/api/member.rs"),
        include_str!("../../../app/src/events/api/admin.rs"),
    ]
    .concat();
    let api_files = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../app/src/events/api"
    ))
    .unwrap()
    .count();
    assert_eq!(
        api_files, 4,
        "a new file in events/api/ belongs in the list above"
    );
    let rows = rows();
    let covered: Vec<&str> = rows
        .iter()
        .filter_map(|row| match row.target {
            Target::Function(endpoint, _) => Some(endpoint),
            _ => None,
        })
        .collect();
    let mut functions = 0;
    for piece in source.split("endpoint = \"").skip(1) {
        let endpoint = piece.split('"').next().unwrap();
        assert!(covered.contains(&endpoint), "no matrix row for {endpoint}");
        functions += 1;
    }
    assert_eq!(functions, 11, "server functions in events/api/");
    for endpoint in &covered {
        assert!(
            source.contains(&format!("endpoint = \"{endpoint}\"")),
            "a row for no server function: {endpoint}"
        );
    }
    // Every events route the server wires has its row.
    let web = include_str!("../../src/web.rs");
    let handlers: Vec<&str> = web
        .split("app::events::downloads::")
        .skip(1)
        .map(|piece| piece.split(')').next().unwrap())
        .collect();
    let mut routes = 0;
    for handler in &handlers {
        let target = match *handler {
            "hub_event_ics" | "program_event_ics" => "calendar.ics",
            "hub_attendees_csv" | "program_attendees_csv" => "attendees.csv",
            "feed" => "/calendar/<secret>.ics",
            other => panic!("no matrix row for the events route {other}"),
        };
        assert!(rows.iter().any(|row| row.target.label() == target));
        routes += 1;
    }
    assert_eq!(
        routes, 5,
        "events routes in server/src/web.rs: {handlers:?}"
    );
}
