//! API tests for the mentors domain: who may call each mentors server
//! function (an authorization matrix over every `endpoint = "mentors/..."`),
//! what the allowed calls do, the plain-form (no JavaScript) paths, the
//! emails, and cohort matching. Each runs on SQLite and on PostgreSQL
//! against the real router.
//!
//! Every response goes through `TestServer::send`, which fails the test if a
//! body contains a password hash or a session token (or its hash).

mod support;

use app::email::store::ClaimedEmail;
use serde_json::{json, Value};
use std::{
    collections::HashMap,
    sync::atomic::{AtomicUsize, Ordering},
};
use support::{on_both_backends, Member, Reply, TestServer, HTML, JSON};

/// A request message long enough to be sent.
const MESSAGE: &str = "I would like to get better at SQL and data modelling with you.";
const TOO_SHORT: &str =
    "Tell the mentor a little about what you hope to work on (at least 20 characters).";
const REQUESTS: &str = "mentee_requests";
const ADMINS_MATCH: &str = "admin_match";

// ---------------------------------------------------------------------------
// Form arguments
// ---------------------------------------------------------------------------

type Args = Vec<(String, String)>;

fn kv(name: impl Into<String>, value: impl ToString) -> (String, String) {
    (name.into(), value.to_string())
}

/// A program's settings form: open or draft, both roles, an admin approves
/// each member, three places per mentor by default.
fn program_args(id: Option<i64>, name: &str, slug: &str, status: &str, mode: &str) -> Args {
    vec![
        kv(
            "program_id",
            id.map(|id| id.to_string()).unwrap_or_default(),
        ),
        kv("name", name),
        kv("slug", slug),
        kv("summary", "A mentoring program for tests."),
        kv("about_md", "About it."),
        kv("cover_color", ""),
        kv("status", status),
        kv("listed", "on"),
        kv("approval", "manual"),
        kv("matching_mode", mode),
        kv("default_mentor_capacity", "3"),
        kv("accepts_mentors", "on"),
        kv("accepts_mentees", "on"),
    ]
}

fn decide_args(program_id: i64, membership_ids: &[i64]) -> Args {
    let mut args = vec![
        kv("program_id", program_id),
        kv("decision", "approve"),
        kv("message", ""),
    ];
    for id in membership_ids {
        args.push(kv("membership_ids[]", id));
    }
    args
}

fn as_i64(value: &Value) -> i64 {
    value
        .as_i64()
        .unwrap_or_else(|| panic!("not an integer: {value}"))
}

/// `field` of each element of a JSON array.
fn pluck(list: &Value, field: &str) -> Vec<Value> {
    list.as_array()
        .unwrap_or_else(|| panic!("not an array: {list}"))
        .iter()
        .map(|item| item[field].clone())
        .collect()
}

fn ids(list: &Value, field: &str) -> Vec<i64> {
    pluck(list, field).iter().map(as_i64).collect()
}

/// The element of a JSON array whose `field` is `value`.
fn find<'a>(list: &'a Value, field: &str, value: i64) -> &'a Value {
    list.as_array()
        .unwrap_or_else(|| panic!("not an array: {list}"))
        .iter()
        .find(|item| item[field] == value)
        .unwrap_or_else(|| panic!("no {field} = {value} in {list}"))
}

fn len(list: &Value) -> usize {
    list.as_array()
        .unwrap_or_else(|| panic!("not an array: {list}"))
        .len()
}

/// The recipients of `emails`, sorted.
fn recipients(emails: &[ClaimedEmail]) -> Vec<String> {
    let mut to: Vec<String> = emails.iter().map(|e| e.recipient.clone()).collect();
    to.sort();
    to
}

// ---------------------------------------------------------------------------
// The hub: one member in each position
// ---------------------------------------------------------------------------

/// Who calls. Program A is the program under test; B is another program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Visitor,
    /// Signed in, nothing to do with A.
    Member,
    /// Applied to A as a mentee, waiting.
    Pending,
    /// An approved mentee of A.
    Mentee,
    /// An approved mentor of A.
    Mentor,
    /// A program admin of B (not of A).
    OtherAdmin,
    /// A program admin of A.
    ProgramAdmin,
    HubAdmin,
}

use Caller::*;

const CALLERS: [Caller; 8] = [
    Visitor,
    Member,
    Pending,
    Mentee,
    Mentor,
    OtherAdmin,
    ProgramAdmin,
    HubAdmin,
];

/// What program A holds besides its members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Setup {
    /// Nothing yet.
    Plain,
    /// The mentee's pending request to the mentor.
    Request,
    /// The mentee and the mentor in an active mentorship (the request accepted).
    Mentorship,
    /// "Suggest matches" proposed the mentee with the mentor (not pinned).
    Proposal,
    /// The proposal published by the program admin, whose outcome waits
    /// under `publish_key`.
    Published,
}

/// One program A: `Pending` applied as a mentee, `Mentee` and `Mentor`
/// approved, `ProgramAdmin` named, in "mentees request" mode unless made
/// otherwise.
struct Prog {
    id: i64,
    name: String,
    slug: String,
    request_id: i64,
    mentorship_id: i64,
    publish_key: String,
}

impl Prog {
    fn path(&self) -> String {
        format!("/programs/{}", self.slug)
    }
}

struct Hub {
    server: TestServer,
    hub_admin: Member,
    program_admin: Member,
    other_admin: Member,
    pending: Member,
    mentee: Member,
    mentor: Member,
    member: Member,
    /// Program B, which `other_admin` manages.
    b_id: i64,
    made: AtomicUsize,
}

impl Hub {
    async fn new(server: TestServer) -> Hub {
        let mut people = server
            .add_members(&[
                ("Hana Hub", "hana@example.org"),
                ("Pia Program", "pia@example.org"),
                ("Otto Other", "otto@example.org"),
                ("Penny Pending", "penny@example.org"),
                ("Mia Mentee", "mia@example.org"),
                ("Max Mentor", "max@example.org"),
                ("Mo Member", "mo@example.org"),
            ])
            .await
            .into_iter();
        let mut next = || people.next().unwrap();
        let hub = Hub {
            hub_admin: next(),
            program_admin: next(),
            other_admin: next(),
            pending: next(),
            mentee: next(),
            mentor: next(),
            member: next(),
            server,
            b_id: 0,
            made: AtomicUsize::new(0),
        };
        assert_eq!(
            hub.server.current_user(hub.hub_admin.cookie()).await["is_hub_admin"],
            true
        );
        let b = hub
            .ok(
                HubAdmin,
                "programs/save",
                &program_args(None, "Program B", "program-b", "open", REQUESTS),
            )
            .await;
        let b_id = as_i64(&b["id"]);
        hub.ok(
            HubAdmin,
            "programs/add_admin",
            &[kv("program_id", b_id), kv("email", &hub.other_admin.email)],
        )
        .await;
        Hub { b_id, ..hub }
    }

    fn who(&self, caller: Caller) -> Option<&Member> {
        match caller {
            Visitor => None,
            Member => Some(&self.member),
            Pending => Some(&self.pending),
            Mentee => Some(&self.mentee),
            Mentor => Some(&self.mentor),
            OtherAdmin => Some(&self.other_admin),
            ProgramAdmin => Some(&self.program_admin),
            HubAdmin => Some(&self.hub_admin),
        }
    }

    async fn call(&self, caller: Caller, function: &str, args: &[(String, String)]) -> Reply {
        self.call_as(caller, function, args, JSON, None).await
    }

    async fn call_as(
        &self,
        caller: Caller,
        function: &str,
        args: &[(String, String)],
        accept: &str,
        referer: Option<&str>,
    ) -> Reply {
        let cookie = self.who(caller).map(|member| member.cookie.as_str());
        self.call_with(cookie, function, args, accept, referer)
            .await
    }

    async fn call_with(
        &self,
        cookie: Option<&str>,
        function: &str,
        args: &[(String, String)],
        accept: &str,
        referer: Option<&str>,
    ) -> Reply {
        let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        self.server
            .post_as(function, cookie, &pairs, accept, referer)
            .await
    }

    /// A call that must succeed; its JSON answer.
    async fn ok(&self, caller: Caller, function: &str, args: &[(String, String)]) -> Value {
        let reply = self.call(caller, function, args).await;
        assert_eq!(
            reply.status, 200,
            "{caller:?} calling {function} with {args:?}: {reply:?}"
        );
        reply.json()
    }

    /// The same for a member who is none of the fixed callers.
    async fn ok_as(&self, member: &Member, function: &str, args: &[(String, String)]) -> Value {
        let reply = self
            .call_with(member.cookie(), function, args, JSON, None)
            .await;
        assert_eq!(
            reply.status, 200,
            "{} calling {function} with {args:?}: {reply:?}",
            member.name
        );
        reply.json()
    }

    /// `member` applies to `program_id` in `role`; returns the membership id.
    async fn apply(&self, member: &Member, program_id: i64, role: &str) -> i64 {
        let outcome = self
            .ok_as(
                member,
                "programs/join",
                &[kv("program_id", program_id), kv("role", role)],
            )
            .await;
        assert_eq!(outcome["status"], "pending", "{outcome}");
        as_i64(&outcome["membership_id"])
    }

    /// `member` applies in `role` and the hub admin approves them.
    async fn admit(&self, member: &Member, program_id: i64, role: &str) {
        let membership = self.apply(member, program_id, role).await;
        self.ok(
            HubAdmin,
            "programs/decide",
            &decide_args(program_id, &[membership]),
        )
        .await;
    }

    /// A new program in `mode` with the program admin named, and no members.
    async fn bare_program(&self, mode: &str) -> Prog {
        let n = self.made.fetch_add(1, Ordering::SeqCst) + 1;
        let name = format!("Mentoring A{n}");
        let slug = format!("mentoring-{n}");
        let program = self
            .ok(
                HubAdmin,
                "programs/save",
                &program_args(None, &name, &slug, "open", mode),
            )
            .await;
        let id = as_i64(&program["id"]);
        self.ok(
            HubAdmin,
            "programs/add_admin",
            &[kv("program_id", id), kv("email", &self.program_admin.email)],
        )
        .await;
        Prog {
            id,
            name,
            slug,
            request_id: 0,
            mentorship_id: 0,
            publish_key: String::new(),
        }
    }

    /// A fresh program A in "mentees request" mode, with `setup`.
    async fn program(&self, setup: Setup) -> Prog {
        self.program_with(setup, REQUESTS, false).await
    }

    async fn program_with(&self, setup: Setup, mode: &str, draft: bool) -> Prog {
        let mut p = self.bare_program(mode).await;
        self.apply(&self.pending, p.id, "mentee").await;
        let mentee = self.apply(&self.mentee, p.id, "mentee").await;
        let mentor = self.apply(&self.mentor, p.id, "mentor").await;
        self.ok(
            HubAdmin,
            "programs/decide",
            &decide_args(p.id, &[mentee, mentor]),
        )
        .await;
        if matches!(setup, Setup::Request | Setup::Mentorship) {
            p.request_id = as_i64(
                &self
                    .ok(
                        Mentee,
                        "mentors/send_request",
                        &[
                            kv("program_id", p.id),
                            kv("mentor_id", self.mentor.id),
                            kv("message", MESSAGE),
                        ],
                    )
                    .await,
            );
        }
        if setup == Setup::Mentorship {
            self.ok(
                Mentor,
                "mentors/answer_request",
                &[
                    kv("program_id", p.id),
                    kv("request_id", p.request_id),
                    kv("decision", "accept"),
                    kv("response", ""),
                ],
            )
            .await;
            let page = self.matching(&p).await;
            p.mentorship_id = as_i64(&page["mentorships"][0]["id"]);
        }
        if matches!(setup, Setup::Proposal | Setup::Published) {
            let proposed = self
                .ok(ProgramAdmin, "mentors/suggest", &[kv("program_id", p.id)])
                .await;
            assert_eq!(proposed, 1);
        }
        if setup == Setup::Published {
            let reply = self
                .call(ProgramAdmin, "mentors/publish", &[kv("program_id", p.id)])
                .await;
            reply.expect(200);
            p.publish_key = publish_key(&reply);
        }
        if draft {
            self.ok(
                HubAdmin,
                "programs/save",
                &program_args(Some(p.id), &p.name, &p.slug, "draft", mode),
            )
            .await;
        }
        self.server.take_all_emails().await;
        p
    }

    /// The matching page as the hub admin sees it.
    async fn matching(&self, p: &Prog) -> Value {
        self.ok(HubAdmin, "mentors/matching", &[kv("slug", &p.slug)])
            .await
    }

    /// The Mentors tab (every mentor, full or not) as `caller` sees it.
    async fn tab(&self, caller: Caller, p: &Prog) -> Value {
        self.ok(
            caller,
            "mentors/tab",
            &[kv("slug", &p.slug), kv("places", "any")],
        )
        .await
    }

    async fn requests(&self, caller: Caller, p: &Prog) -> Value {
        self.ok(caller, "mentors/requests", &[kv("slug", &p.slug)])
            .await
    }

    /// Everything about program A that a mentors call could change: the
    /// matching page (settings, unmatched mentees and their favorites,
    /// mentors and their places, proposals, mentorships), the mentee's and
    /// the mentor's tabs and requests.
    async fn snapshot(&self, p: &Prog) -> Value {
        let (matching, mentee_tab, mentor_tab, mentee_requests, mentor_requests) = tokio::join!(
            self.matching(p),
            self.tab(Mentee, p),
            self.tab(Mentor, p),
            self.requests(Mentee, p),
            self.requests(Mentor, p),
        );
        json!({
            "matching": matching,
            "mentee_tab": mentee_tab,
            "mentor_tab": mentor_tab,
            "mentee_requests": mentee_requests,
            "mentor_requests": mentor_requests,
        })
    }
}

/// The key of the outcome a publish redirects to (`?published=<key>`).
fn publish_key(reply: &Reply) -> String {
    let location = reply
        .location()
        .unwrap_or_else(|| panic!("publishing redirects: {reply:?}"));
    location
        .split_once("?published=")
        .unwrap_or_else(|| panic!("no published key in {location}"))
        .1
        .to_owned()
}

// ---------------------------------------------------------------------------
// The authorization matrix
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// 200, and the answer and its effect are checked.
    Allowed,
    Unauthorized,
    Forbidden,
    NotFound,
}

const OK: Expect = Expect::Allowed;
const U401: Expect = Expect::Unauthorized;
const F403: Expect = Expect::Forbidden;
const N404: Expect = Expect::NotFound;

// In the order of `CALLERS`: visitor, member, pending applicant, mentee,
// mentor, admin of another program, program admin, hub admin.
const MEMBERS_AND_MANAGERS: [Expect; 8] = [U401, F403, F403, OK, OK, F403, OK, OK];
const MENTEES: [Expect; 8] = [U401, F403, F403, OK, F403, F403, F403, F403];
const MENTORS: [Expect; 8] = [U401, F403, F403, F403, OK, F403, F403, F403];
const MENTEES_AND_MENTORS: [Expect; 8] = [U401, F403, F403, OK, OK, F403, F403, F403];
const MANAGERS: [Expect; 8] = [U401, F403, F403, F403, F403, F403, OK, OK];
/// What a draft is to anyone but its admins: nothing.
const ITS_ADMINS: [Expect; 8] = [U401, N404, N404, N404, N404, N404, OK, OK];

/// What an allowed call is checked against.
struct Ctx<'a> {
    hub: &'a Hub,
    p: &'a Prog,
    caller: Caller,
    reply: &'a Reply,
    before: &'a Value,
    after: &'a Value,
    emails: &'a [ClaimedEmail],
    what: String,
}

impl Ctx<'_> {
    fn json(&self) -> Value {
        self.reply.json()
    }

    fn manager(&self) -> bool {
        matches!(self.caller, ProgramAdmin | HubAdmin)
    }

    fn mentee(&self) -> i64 {
        self.hub.mentee.id
    }

    fn mentor(&self) -> i64 {
        self.hub.mentor.id
    }

    /// The redirect after the call, under the program's path.
    fn redirected_to(&self, rest: &str) {
        assert_eq!(
            self.reply.location(),
            Some(format!("{}{rest}", self.p.path()).as_str()),
            "{}: {:?}",
            self.what,
            self.reply
        );
    }

    /// The emails the call queued went to exactly `to`, one each.
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

    fn matching(&self) -> &Value {
        &self.after["matching"]
    }
}

struct Row {
    endpoint: &'static str,
    setup: Setup,
    args: fn(&Hub, &Prog) -> Args,
    /// Whether an allowed call changes something (each allowed caller then
    /// gets a fresh program A).
    mutates: bool,
    expect: [Expect; 8],
    check: fn(&Ctx),
}

fn slug_args(_: &Hub, p: &Prog) -> Args {
    vec![kv("slug", &p.slug)]
}

fn id_args(_: &Hub, p: &Prog) -> Args {
    vec![kv("program_id", p.id)]
}

fn rows() -> Vec<Row> {
    vec![
        // ----- The Mentors tab ---------------------------------------------
        Row {
            endpoint: "mentors/tab",
            setup: Setup::Plain,
            args: slug_args,
            mutates: false,
            expect: MEMBERS_AND_MANAGERS,
            check: |c| {
                let tab = c.json();
                assert_eq!(tab["program_id"], c.p.id, "{}", c.what);
                assert_eq!(tab["program_name"], c.p.name.as_str(), "{}", c.what);
                assert_eq!(tab["mode"], REQUESTS, "{}", c.what);
                assert_eq!(tab["can_manage"], c.manager(), "{}", c.what);
                let role = match c.caller {
                    Mentee => json!("mentee"),
                    Mentor => json!("mentor"),
                    _ => Value::Null,
                };
                assert_eq!(tab["me"]["role"], role, "{}", c.what);
                assert_eq!(ids(&tab["cards"], "user_id"), [c.mentor()], "{}", c.what);
                let card = &tab["cards"][0];
                assert_eq!(card["name"], "Max Mentor", "{}", c.what);
                assert_eq!(card["favorite"], false, "{}", c.what);
                // A score is for mentees; a mentor's own settings for mentors.
                assert_eq!(card["score"].is_object(), c.caller == Mentee, "{}", c.what);
                let settings = &tab["me"]["settings"];
                assert_eq!(settings.is_object(), c.caller == Mentor, "{}", c.what);
                if c.caller == Mentor {
                    assert_eq!(settings["own_capacity"], Value::Null, "{}", c.what);
                    assert_eq!(settings["default_capacity"], 3, "{}", c.what);
                }
            },
        },
        Row {
            endpoint: "mentors/favorite",
            setup: Setup::Plain,
            args: |hub, p| {
                vec![
                    kv("program_id", p.id),
                    kv("mentor_id", hub.mentor.id),
                    kv("on", "true"),
                    kv("back", ""),
                ]
            },
            mutates: true,
            expect: MENTEES,
            check: |c| {
                assert_eq!(c.json(), json!([c.mentor(), true]), "{}", c.what);
                c.redirected_to(&format!("/mentors#mentor-{}", c.mentor()));
                let tab = &c.after["mentee_tab"];
                assert_eq!(tab["cards"][0]["favorite"], true, "{}", c.what);
                assert_eq!(tab["me"]["favorites"], 1, "{}", c.what);
                assert_eq!(c.before["mentee_tab"]["me"]["favorites"], 0, "{}", c.what);
                let unmatched = find(&c.matching()["unmatched"], "user_id", c.mentee());
                assert_eq!(unmatched["favorites"], json!(["Max Mentor"]), "{}", c.what);
                c.emailed(&[]);
            },
        },
        Row {
            endpoint: "mentors/places",
            setup: Setup::Plain,
            // No `taking` box ticked: not taking mentees now.
            args: |_, p| vec![kv("program_id", p.id), kv("capacity", "2")],
            mutates: true,
            expect: MENTORS,
            check: |c| {
                c.redirected_to("/mentors?places=any&saved=1");
                let places = json!({ "capacity": 2, "used": 0, "paused": true });
                let settings = &c.after["mentor_tab"]["me"]["settings"];
                assert_eq!(settings["own_capacity"], 2, "{}", c.what);
                assert_eq!(settings["places"], places, "{}", c.what);
                let mentor = find(&c.matching()["mentors"], "user_id", c.mentor());
                assert_eq!(mentor["places"], places, "{}", c.what);
                c.emailed(&[]);
            },
        },
        Row {
            endpoint: "mentors/end",
            setup: Setup::Mentorship,
            args: |_, p| {
                vec![
                    kv("program_id", p.id),
                    kv("mentorship_id", p.mentorship_id),
                    kv("reason", "completed"),
                    kv("note", "It went well."),
                    kv("from_admin", "true"),
                ]
            },
            mutates: true,
            expect: MEMBERS_AND_MANAGERS,
            check: |c| {
                let before = &c.before["matching"]["mentorships"][0];
                assert_eq!(before["status"], "active", "{}", c.what);
                let ended = find(&c.matching()["mentorships"], "id", c.p.mentorship_id);
                assert_eq!(ended["status"], "ended", "{}", c.what);
                assert_eq!(ended["end_reason"], "completed", "{}", c.what);
                assert_eq!(ended["end_note"], "It went well.", "{}", c.what);
                assert_eq!(
                    len(&c.after["mentee_tab"]["me"]["mentorships"]),
                    0,
                    "{}",
                    c.what
                );
                // The other side is told; both, when an admin ends it.
                match c.caller {
                    Mentee => c.emailed(&[&c.hub.mentor]),
                    Mentor => c.emailed(&[&c.hub.mentee]),
                    _ => c.emailed(&[&c.hub.mentor, &c.hub.mentee]),
                }
                if c.manager() {
                    c.redirected_to("/admin/matching?ended=1");
                } else {
                    c.redirected_to("/mentors?ended=1");
                }
            },
        },
        // ----- Requests ----------------------------------------------------
        Row {
            endpoint: "mentors/request_form",
            setup: Setup::Plain,
            args: |hub, p| vec![kv("slug", &p.slug), kv("mentor_id", hub.mentor.id)],
            mutates: false,
            expect: MENTEES,
            check: |c| {
                let form = c.json();
                assert_eq!(form["program_id"], c.p.id, "{}", c.what);
                assert_eq!(form["mentor_id"], c.mentor(), "{}", c.what);
                assert_eq!(form["mentor_name"], "Max Mentor", "{}", c.what);
                assert_eq!(form["places_label"], "3 of 3 places open", "{}", c.what);
                assert_eq!(form["refusal"], Value::Null, "{}", c.what);
                let template = form["template"].as_str().unwrap();
                assert!(template.starts_with("Hello Max Mentor,"), "{}", c.what);
            },
        },
        Row {
            endpoint: "mentors/send_request",
            setup: Setup::Plain,
            args: |hub, p| {
                vec![
                    kv("program_id", p.id),
                    kv("mentor_id", hub.mentor.id),
                    kv("message", MESSAGE),
                ]
            },
            mutates: true,
            expect: MENTEES,
            check: |c| {
                let id = as_i64(&c.json());
                c.redirected_to("/requests?sent=1");
                let received = &c.after["mentor_requests"]["received"];
                assert_eq!(ids(received, "id"), [id], "{}", c.what);
                assert_eq!(received[0]["status"], "pending", "{}", c.what);
                assert_eq!(received[0]["message"], MESSAGE, "{}", c.what);
                assert_eq!(received[0]["mentee"]["user_id"], c.mentee(), "{}", c.what);
                let tab = &c.after["mentee_tab"];
                assert_eq!(tab["cards"][0]["requested"], true, "{}", c.what);
                assert_eq!(tab["me"]["pending_sent"], 1, "{}", c.what);
                c.emailed(&[&c.hub.mentor]);
                assert!(c.emails[0].text_body.contains(MESSAGE), "{}", c.what);
            },
        },
        Row {
            endpoint: "mentors/requests",
            setup: Setup::Request,
            args: slug_args,
            mutates: false,
            // An admin who is neither mentee nor mentor has no requests.
            expect: MENTEES_AND_MENTORS,
            check: |c| {
                let page = c.json();
                assert_eq!(page["program_id"], c.p.id, "{}", c.what);
                let (sent, received) = if c.caller == Mentee {
                    (vec![c.p.request_id], vec![])
                } else {
                    (vec![], vec![c.p.request_id])
                };
                assert_eq!(ids(&page["sent"], "id"), sent, "{}", c.what);
                assert_eq!(ids(&page["received"], "id"), received, "{}", c.what);
            },
        },
        Row {
            endpoint: "mentors/withdraw_request",
            setup: Setup::Request,
            args: |_, p| vec![kv("program_id", p.id), kv("request_id", p.request_id)],
            mutates: true,
            expect: MENTEES,
            check: |c| {
                c.redirected_to("/requests?withdrawn=1");
                let received = &c.after["mentor_requests"]["received"];
                assert_eq!(received[0]["id"], c.p.request_id, "{}", c.what);
                assert_eq!(received[0]["status"], "withdrawn", "{}", c.what);
                c.emailed(&[&c.hub.mentor]);
            },
        },
        Row {
            endpoint: "mentors/answer_request",
            setup: Setup::Request,
            args: |_, p| {
                vec![
                    kv("program_id", p.id),
                    kv("request_id", p.request_id),
                    kv("decision", "accept"),
                    kv("response", "Glad to."),
                ]
            },
            mutates: true,
            expect: MENTORS,
            check: |c| {
                c.redirected_to("/requests?accepted=1");
                let mentorships = &c.matching()["mentorships"];
                assert_eq!(len(mentorships), 1, "{}", c.what);
                let m = &mentorships[0];
                assert_eq!(m["status"], "active", "{}", c.what);
                assert_eq!(m["origin"], "request", "{}", c.what);
                assert_eq!(m["mentee"]["user_id"], c.mentee(), "{}", c.what);
                assert_eq!(m["mentor"]["user_id"], c.mentor(), "{}", c.what);
                let sent = &c.after["mentee_requests"]["sent"][0];
                assert_eq!(sent["status"], "accepted", "{}", c.what);
                assert_eq!(sent["response"], "Glad to.", "{}", c.what);
                c.emailed(&[&c.hub.mentee]);
                assert!(
                    c.emails[0].text_body.contains(&c.hub.mentor.email),
                    "{}",
                    c.what
                );
            },
        },
        // ----- The admins' matching ----------------------------------------
        Row {
            endpoint: "mentors/matching",
            setup: Setup::Plain,
            args: slug_args,
            mutates: false,
            expect: MANAGERS,
            check: |c| {
                let page = c.json();
                assert_eq!(page["program_id"], c.p.id, "{}", c.what);
                assert_eq!(page["settings"]["mode"], REQUESTS, "{}", c.what);
                // Approved mentees only: not the pending applicant.
                assert_eq!(
                    ids(&page["unmatched"], "user_id"),
                    [c.mentee()],
                    "{}",
                    c.what
                );
                assert_eq!(ids(&page["mentors"], "user_id"), [c.mentor()], "{}", c.what);
                assert_eq!(page["proposals"], json!([]), "{}", c.what);
                assert_eq!(page["mentorships"], json!([]), "{}", c.what);
            },
        },
        Row {
            endpoint: "mentors/manual_match",
            setup: Setup::Plain,
            args: |hub, p| vec![kv("slug", &p.slug), kv("mentee_id", hub.mentee.id)],
            mutates: false,
            expect: MANAGERS,
            check: |c| {
                let page = c.json();
                assert_eq!(page["program_id"], c.p.id, "{}", c.what);
                assert_eq!(page["mentee"]["user_id"], c.mentee(), "{}", c.what);
                assert_eq!(ids(&page["ranked"], "user_id"), [c.mentor()], "{}", c.what);
                assert_eq!(page["current_mentor"], Value::Null, "{}", c.what);
                assert_eq!(page["draft_mentor"], Value::Null, "{}", c.what);
            },
        },
        Row {
            endpoint: "mentors/save_settings",
            setup: Setup::Plain,
            args: |_, p| {
                vec![
                    kv("program_id", p.id),
                    kv("max_capacity", "8"),
                    kv("max_pending_requests", "2"),
                    kv("request_expiry_days", "21"),
                    // `mentees_browse` unticked.
                    kv("weight_favorite", "5"),
                    kv("weight_expertise", "6"),
                    kv("weight_language", "7"),
                    kv("weight_time_zone", "8"),
                ]
            },
            mutates: true,
            expect: MANAGERS,
            check: |c| {
                c.redirected_to("/admin/matching?saved=1");
                // The mode and the default capacity stay the program's.
                assert_eq!(
                    c.matching()["settings"],
                    json!({
                        "mode": REQUESTS,
                        "default_capacity": 3,
                        "max_capacity": 8,
                        "max_pending_requests": 2,
                        "request_expiry_days": 21,
                        "mentees_browse": false,
                        "weights": {
                            "favorite": 5,
                            "profile_expertise": 6,
                            "language": 7,
                            "time_zone": 8,
                            "questions": [],
                        },
                    }),
                    "{}",
                    c.what
                );
                assert_eq!(c.after["mentee_tab"]["mode"], REQUESTS, "{}", c.what);
                c.emailed(&[]);
            },
        },
        Row {
            endpoint: "mentors/match_now",
            setup: Setup::Plain,
            args: |hub, p| {
                vec![
                    kv("program_id", p.id),
                    kv("mentee_id", hub.mentee.id),
                    kv("mentor_id", hub.mentor.id),
                ]
            },
            mutates: true,
            expect: MANAGERS,
            check: |c| {
                c.redirected_to("/admin/matching?matched=1");
                let mentorships = &c.matching()["mentorships"];
                assert_eq!(len(mentorships), 1, "{}", c.what);
                assert_eq!(mentorships[0]["origin"], "admin", "{}", c.what);
                assert_eq!(mentorships[0]["status"], "active", "{}", c.what);
                assert_eq!(
                    mentorships[0]["mentee"]["user_id"],
                    c.mentee(),
                    "{}",
                    c.what
                );
                assert_eq!(c.matching()["unmatched"], json!([]), "{}", c.what);
                assert_eq!(
                    len(&c.after["mentee_tab"]["me"]["mentorships"]),
                    1,
                    "{}",
                    c.what
                );
                c.emailed(&[&c.hub.mentee, &c.hub.mentor]);
            },
        },
        Row {
            endpoint: "mentors/save_draft",
            setup: Setup::Plain,
            args: |hub, p| {
                vec![
                    kv("program_id", p.id),
                    kv("mentee_id", hub.mentee.id),
                    kv("mentor_id", hub.mentor.id),
                ]
            },
            mutates: true,
            expect: MANAGERS,
            check: |c| {
                c.redirected_to("/admin/matching?drafted=1#preview");
                let proposals = &c.matching()["proposals"];
                assert_eq!(ids(proposals, "mentee_id"), [c.mentee()], "{}", c.what);
                assert_eq!(proposals[0]["mentor_id"], c.mentor(), "{}", c.what);
                assert_eq!(proposals[0]["pinned"], true, "{}", c.what);
                // A draft is no mentorship, and nobody is told.
                assert_eq!(c.matching()["mentorships"], json!([]), "{}", c.what);
                c.emailed(&[]);
            },
        },
        Row {
            endpoint: "mentors/suggest",
            setup: Setup::Plain,
            args: id_args,
            mutates: true,
            expect: MANAGERS,
            check: |c| {
                assert_eq!(c.json(), 1, "{}", c.what);
                c.redirected_to("/admin/matching?suggested=1#preview");
                let proposals = &c.matching()["proposals"];
                assert_eq!(ids(proposals, "mentee_id"), [c.mentee()], "{}", c.what);
                assert_eq!(proposals[0]["mentor_id"], c.mentor(), "{}", c.what);
                assert_eq!(proposals[0]["pinned"], false, "{}", c.what);
                assert!(proposals[0]["parts"].is_object(), "{}", c.what);
                assert_eq!(c.matching()["mentorships"], json!([]), "{}", c.what);
                c.emailed(&[]);
            },
        },
        Row {
            endpoint: "mentors/remove_proposal",
            setup: Setup::Proposal,
            args: |hub, p| vec![kv("program_id", p.id), kv("mentee_id", hub.mentee.id)],
            mutates: true,
            expect: MANAGERS,
            check: |c| {
                c.redirected_to("/admin/matching?removed=1#preview");
                assert_eq!(len(&c.before["matching"]["proposals"]), 1, "{}", c.what);
                assert_eq!(c.matching()["proposals"], json!([]), "{}", c.what);
                c.emailed(&[]);
            },
        },
        Row {
            endpoint: "mentors/pin_proposal",
            setup: Setup::Proposal,
            args: |hub, p| {
                vec![
                    kv("program_id", p.id),
                    kv("mentee_id", hub.mentee.id),
                    kv("pinned", "true"),
                ]
            },
            mutates: true,
            expect: MANAGERS,
            check: |c| {
                c.redirected_to("/admin/matching#preview");
                let before = &c.before["matching"]["proposals"][0];
                assert_eq!(before["pinned"], false, "{}", c.what);
                let after = &c.matching()["proposals"][0];
                assert_eq!(after["pinned"], true, "{}", c.what);
                assert_eq!(after["mentor_id"], c.mentor(), "{}", c.what);
                c.emailed(&[]);
            },
        },
        Row {
            endpoint: "mentors/publish",
            setup: Setup::Proposal,
            args: id_args,
            mutates: true,
            expect: MANAGERS,
            check: |c| {
                assert_eq!(
                    c.json(),
                    json!({ "created": 1, "skipped": [] }),
                    "{}",
                    c.what
                );
                let location = c.reply.location().unwrap_or_default();
                let start = format!("{}/admin/matching?published=", c.p.path());
                assert!(location.starts_with(&start), "{}: {location}", c.what);
                let mentorships = &c.matching()["mentorships"];
                assert_eq!(len(mentorships), 1, "{}", c.what);
                assert_eq!(mentorships[0]["origin"], "cohort", "{}", c.what);
                assert_eq!(c.matching()["proposals"], json!([]), "{}", c.what);
                c.emailed(&[&c.hub.mentee, &c.hub.mentor]);
            },
        },
        Row {
            endpoint: "mentors/published",
            setup: Setup::Published,
            args: |_, p| vec![kv("slug", &p.slug), kv("key", &p.publish_key)],
            // Reading the outcome takes it: each admin gets a fresh one.
            mutates: true,
            expect: MANAGERS,
            check: |c| {
                // The outcome is for the admin who published (the program
                // admin), not for another admin who has the link.
                let expected = if c.caller == ProgramAdmin {
                    json!({ "created": 1, "skipped": [] })
                } else {
                    Value::Null
                };
                assert_eq!(c.json(), expected, "{}", c.what);
                assert_eq!(c.before, c.after, "{}", c.what);
                c.emailed(&[]);
            },
        },
        Row {
            endpoint: "mentors/override_capacity",
            setup: Setup::Plain,
            args: |hub, p| {
                vec![
                    kv("program_id", p.id),
                    kv("mentor_id", hub.mentor.id),
                    kv("capacity", "5"),
                    kv("note", "Agreed with Max."),
                ]
            },
            mutates: true,
            expect: MANAGERS,
            check: |c| {
                c.redirected_to("/admin/matching?capacity=1#mentors");
                let mentor = find(&c.matching()["mentors"], "user_id", c.mentor());
                assert_eq!(mentor["capacity_override"], 5, "{}", c.what);
                assert_eq!(mentor["capacity_note"], "Agreed with Max.", "{}", c.what);
                assert_eq!(mentor["places"]["capacity"], 5, "{}", c.what);
                let settings = &c.after["mentor_tab"]["me"]["settings"];
                assert_eq!(settings["capacity_override"], 5, "{}", c.what);
                c.emailed(&[]);
            },
        },
    ]
}

/// Asserts that `reply` is the refusal `expect` names, sent nowhere.
fn assert_refused(reply: &Reply, expect: Expect, what: &str) {
    let (status, error) = match expect {
        Expect::Unauthorized => (401, "Unauthorized"),
        Expect::Forbidden => (403, "Forbidden"),
        Expect::NotFound => (404, "NotFound"),
        Expect::Allowed => unreachable!(),
    };
    assert_eq!(reply.status, status, "{what}: {reply:?}");
    assert_eq!(reply.json(), error, "{what}");
    assert_eq!(reply.location(), None, "{what}: {reply:?}");
}

/// Every row × every caller against open programs A. Before and after each
/// call a snapshot of A is taken: a refused call must change nothing and
/// queue no email.
async fn run_matrix(hub: &Hub) {
    let shared: HashMap<Setup, Prog> = HashMap::from([
        (Setup::Plain, hub.program(Setup::Plain).await),
        (Setup::Request, hub.program(Setup::Request).await),
    ]);
    let mut seen: HashMap<i64, Value> = HashMap::new();
    let mut cells = 0;
    for row in rows() {
        assert!(
            row.mutates || shared.contains_key(&row.setup),
            "{}: a read needs a shared program",
            row.endpoint
        );
        // Refused calls of a mutating function share one program A: if one
        // of them changed it, its snapshot check fails right there.
        let refused_target = if row.mutates {
            Some(hub.program(row.setup).await)
        } else {
            None
        };
        for (caller, expect) in CALLERS.into_iter().zip(row.expect) {
            let fresh;
            let p = match (&refused_target, expect) {
                (Some(_), Expect::Allowed) => {
                    fresh = hub.program(row.setup).await;
                    &fresh
                }
                (Some(target), _) => target,
                (None, _) => &shared[&row.setup],
            };
            let what = format!("{} as {caller:?} on {}", row.endpoint, hub.server.backend());
            let before = match seen.remove(&p.id) {
                Some(snapshot) => snapshot,
                None => hub.snapshot(p).await,
            };
            let reply = hub.call(caller, row.endpoint, &(row.args)(hub, p)).await;
            let emails = hub.server.take_all_emails().await;
            let after = hub.snapshot(p).await;
            seen.insert(p.id, after.clone());
            if expect == Expect::Allowed {
                assert_eq!(reply.status, 200, "{what}: {reply:?}");
                if !row.mutates {
                    assert_eq!(before, after, "{what}: a read changed something");
                    assert!(emails.is_empty(), "{what}: {emails:#?}");
                }
                (row.check)(&Ctx {
                    hub,
                    p,
                    caller,
                    reply: &reply,
                    before: &before,
                    after: &after,
                    emails: &emails,
                    what,
                });
            } else {
                assert_refused(&reply, expect, &what);
                assert_eq!(before, after, "{what}: a refused call changed something");
                assert!(emails.is_empty(), "{what}: {emails:#?}");
            }
            cells += 1;
        }
    }
    assert_eq!(cells, rows().len() * CALLERS.len());
}

#[tokio::test(flavor = "multi_thread")]
async fn every_mentors_function_admits_exactly_the_allowed_callers() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        run_matrix(&hub).await;
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_draft_programs_mentors_tab_is_there_for_its_admins_only() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let p = hub.program_with(Setup::Plain, REQUESTS, true).await;
        for (caller, expect) in CALLERS.into_iter().zip(ITS_ADMINS) {
            let what = format!(
                "mentors/tab of a draft as {caller:?} on {}",
                hub.server.backend()
            );
            let reply = hub.call(caller, "mentors/tab", &slug_args(&hub, &p)).await;
            if expect == Expect::Allowed {
                assert_eq!(reply.status, 200, "{what}: {reply:?}");
                let tab = reply.json();
                assert_eq!(tab["program_id"], p.id, "{what}");
                assert_eq!(tab["can_manage"], true, "{what}");
            } else {
                assert_refused(&reply, expect, &what);
            }
        }
        hub.server.stop().await;
    })
    .await;
}

#[test]
fn the_matrix_covers_every_mentors_server_function() {
    // Every `endpoint = "mentors/..."` in mentors/api/ has a row.
    let source = [
        include_str!("../../app/src/mentors/api/mod.rs"),
        include_str!("../../app/src/mentors/api/tab.rs"),
        include_str!("../../app/src/mentors/api/requests.rs"),
        include_str!("../../app/src/mentors/api/admin.rs"),
    ]
    .concat();
    let api_files = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../app/src/mentors/api"
    ))
    .unwrap()
    .count();
    assert_eq!(
        api_files, 4,
        "a new file in mentors/api/ belongs in the list above"
    );
    let rows = rows();
    let covered: Vec<&str> = rows.iter().map(|row| row.endpoint).collect();
    let mut functions = 0;
    for piece in source.split("endpoint = \"").skip(1) {
        let endpoint = piece.split('"').next().unwrap();
        assert!(covered.contains(&endpoint), "no matrix row for {endpoint}");
        functions += 1;
    }
    assert_eq!(functions, 20, "server functions in mentors/api/");
    for row in &rows {
        assert!(
            source.contains(&format!("endpoint = \"{}\"", row.endpoint)),
            "a row for no server function: {}",
            row.endpoint
        );
    }
}

// ---------------------------------------------------------------------------
// Plain form posts (no JavaScript)
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn a_plain_favorite_post_comes_back_to_the_card_and_never_elsewhere() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let p = hub.program(Setup::Plain).await;
        let mentors = format!("{}/mentors", p.path());
        let card = format!("#mentor-{}", hub.mentor.id);
        let plain = format!("{mentors}{card}");
        let cases = [
            // The tab's own filters come back as they were.
            (
                "q=rust&sort=places&page=2",
                format!("{mentors}?q=rust&sort=places&page=2{card}"),
            ),
            ("", plain.clone()),
            // Encoded, a line break is harmless text in the query.
            (
                "q=%0D%0ASet-Cookie%3A+x",
                format!("{mentors}?q=%0D%0ASet-Cookie%3A+x{card}"),
            ),
            // Anything else is dropped, never reflected.
            ("//evil.example/x", plain.clone()),
            ("https://evil.example/", plain.clone()),
            ("a\r\nSet-Cookie: x=1", plain.clone()),
            ("q=a#top", plain.clone()),
            ("@evil.example", plain.clone()),
            ("..\\..\\admin", plain.clone()),
            ("q=a\"><script>", plain.clone()),
        ];
        for (n, (back, location)) in cases.iter().enumerate() {
            let on = n % 2 == 0;
            let what = format!("back = {back:?} on {}", hub.server.backend());
            let reply = hub
                .call_as(
                    Mentee,
                    "mentors/favorite",
                    &[
                        kv("program_id", p.id),
                        kv("mentor_id", hub.mentor.id),
                        kv("on", on),
                        kv("back", back),
                    ],
                    HTML,
                    Some(&mentors),
                )
                .await;
            assert_eq!(reply.status, 302, "{what}: {reply:?}");
            assert_eq!(reply.location(), Some(location.as_str()), "{what}");
            assert!(
                reply
                    .headers
                    .get_all("set-cookie")
                    .iter()
                    .all(|cookie| !cookie.to_str().unwrap_or_default().starts_with("x=")),
                "{what}: {reply:?}"
            );
            let tab = hub.tab(Mentee, &p).await;
            assert_eq!(tab["cards"][0]["favorite"], on, "{what}");
        }

        // A refused plain post goes back to the page it came from (with the
        // refusal kept server-side), not to its `back`.
        let reply = hub
            .call_as(
                Mentor,
                "mentors/favorite",
                &[
                    kv("program_id", p.id),
                    kv("mentor_id", hub.mentor.id),
                    kv("on", true),
                    kv("back", "q=x"),
                ],
                HTML,
                Some(&mentors),
            )
            .await;
        assert_eq!(reply.status, 302, "{reply:?}");
        let location = reply.location().unwrap_or_default();
        assert!(
            location.starts_with(&hub.server.url(&format!("{mentors}?__flash="))),
            "{location}"
        );
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_too_short_request_from_a_plain_form_comes_back_with_its_message_and_text() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let p = hub.program(Setup::Plain).await;
        let form = format!("{}/mentors/{}/request", p.path(), hub.mentor.id);
        let page = hub.server.fetch(&form, hub.mentee.cookie()).await;
        page.expect(200);
        assert!(
            page.body.contains("Ask Max Mentor to be your mentor"),
            "{}",
            page.body
        );
        let typed = "Teach me SQL please";
        assert!(typed.len() < 20);
        let args = [
            kv("program_id", p.id),
            kv("mentor_id", hub.mentor.id),
            kv("message", typed),
        ];

        // With JavaScript: 422 under `message`, the text echoed.
        let reply = hub.call(Mentee, "mentors/send_request", &args).await;
        reply.expect_invalid("message", TOO_SHORT);
        assert_eq!(reply.submitted()["message"], typed, "{reply:?}");
        assert_eq!(reply.location(), None, "{reply:?}");

        // Without: back to the form, the text out of the URL.
        let reply = hub
            .call_as(Mentee, "mentors/send_request", &args, HTML, Some(&form))
            .await;
        assert_eq!(reply.status, 302, "{reply:?}");
        let location = reply.location().unwrap_or_default().to_owned();
        assert!(
            location.starts_with(&hub.server.url(&format!("{form}?__flash="))),
            "{location}"
        );
        assert!(!location.contains("SQL"), "{location}");
        let back = location.trim_start_matches(&hub.server.base).to_owned();
        let page = hub.server.fetch(&back, hub.mentee.cookie()).await;
        page.expect(200);
        assert!(page.body.contains(TOO_SHORT), "{}", hub.server.backend());
        assert!(page.body.contains(typed), "{}", hub.server.backend());

        // Nothing was sent.
        let received = hub.requests(Mentor, &p).await["received"].clone();
        assert_eq!(received, json!([]));
        assert!(hub.server.take_all_emails().await.is_empty());
        hub.server.stop().await;
    })
    .await;
}

// ---------------------------------------------------------------------------
// Emails
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn accepting_a_request_tells_the_mentee_how_to_reach_the_mentor() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let p = hub.program(Setup::Request).await;
        hub.ok(
            Mentor,
            "mentors/answer_request",
            &[
                kv("program_id", p.id),
                kv("request_id", p.request_id),
                kv("decision", "accept"),
                kv("response", "Let us meet on Mondays."),
            ],
        )
        .await;
        let emails = hub.server.take_all_emails().await;
        assert_eq!(
            recipients(&emails),
            std::slice::from_ref(&hub.mentee.email),
            "{emails:#?}"
        );
        let email = &emails[0];
        assert_eq!(email.subject, "Max Mentor is now your mentor");
        for body in [&email.text_body, &email.html_body] {
            assert!(body.contains(&hub.mentor.email), "{body}");
            assert!(body.contains("Let us meet on Mondays."), "{body}");
        }
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mentees_markup_is_escaped_in_the_request_email() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let p = hub.program(Setup::Plain).await;
        let eve = hub
            .server
            .add_member("Eve <script>alert(1)</script>", "eve@example.org")
            .await;
        hub.admit(&eve, p.id, "mentee").await;
        hub.server.take_all_emails().await;
        let message = "Help me with <b>SQL</b> and <img src=x onerror=alert(2)> please.";
        hub.ok_as(
            &eve,
            "mentors/send_request",
            &[
                kv("program_id", p.id),
                kv("mentor_id", hub.mentor.id),
                kv("message", message),
            ],
        )
        .await;
        let emails = hub.server.take_all_emails().await;
        assert_eq!(
            recipients(&emails),
            std::slice::from_ref(&hub.mentor.email),
            "{emails:#?}"
        );
        let email = &emails[0];
        let html = &email.html_body;
        for raw in ["<script", "<b>", "<img"] {
            assert!(!html.contains(raw), "{raw} in {html}");
        }
        assert!(
            html.contains("Eve &lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(
            html.contains("&lt;img src=x onerror=alert(2)&gt;"),
            "{html}"
        );
        // The text body is plain text: the name as written.
        assert!(email.text_body.contains("Eve <script>alert(1)</script>"));
        assert!(!email.subject.contains('\n'));
        hub.server.stop().await;
    })
    .await;
}

// ---------------------------------------------------------------------------
// Cohort matching
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn a_suggested_cohort_is_published_once_with_one_email_per_person() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let p = hub.bare_program(ADMINS_MATCH).await;
        let people = hub
            .server
            .add_members(&[
                ("Ava Mentor", "ava@example.org"),
                ("Ben Mentor", "ben@example.org"),
                ("Cleo Mentee", "cleo@example.org"),
                ("Dan Mentee", "dan@example.org"),
                ("Eli Mentee", "eli@example.org"),
            ])
            .await;
        let [ava, ben, cleo, dan, eli] = <[Member; 5]>::try_from(people).unwrap();
        for mentor in [&ava, &ben] {
            hub.admit(mentor, p.id, "mentor").await;
        }
        for mentee in [&cleo, &dan, &eli] {
            hub.admit(mentee, p.id, "mentee").await;
        }
        for (mentee, mentor) in [(&cleo, &ava), (&dan, &ben)] {
            hub.ok_as(
                mentee,
                "mentors/favorite",
                &[
                    kv("program_id", p.id),
                    kv("mentor_id", mentor.id),
                    kv("on", true),
                ],
            )
            .await;
        }
        hub.server.take_all_emails().await;

        // Suggest: a proposal per mentee, with the parts of its score.
        let proposed = hub
            .ok(ProgramAdmin, "mentors/suggest", &id_args(&hub, &p))
            .await;
        assert_eq!(proposed, 3);
        assert!(hub.server.take_all_emails().await.is_empty());
        let page = hub
            .ok(ProgramAdmin, "mentors/matching", &slug_args(&hub, &p))
            .await;
        let proposals = &page["proposals"];
        assert_eq!(len(proposals), 3, "{page}");
        for proposal in proposals.as_array().unwrap() {
            let parts = &proposal["parts"];
            for part in ["favorite", "topics", "language", "time_zone"] {
                assert!(parts[part].is_i64(), "{part}: {proposal}");
            }
            assert!(parts["shared_topics"].is_array(), "{proposal}");
            assert_eq!(proposal["problem"], Value::Null, "{proposal}");
        }
        for (mentee, mentor) in [(&cleo, &ava), (&dan, &ben)] {
            let proposal = find(proposals, "mentee_id", mentee.id);
            assert_eq!(proposal["mentor_id"], mentor.id, "{proposal}");
            assert_eq!(proposal["parts"]["favorite"], 30, "{proposal}");
            assert!(proposal["runner_up"].is_array(), "{proposal}");
        }
        assert_eq!(page["summary"]["mentees_waiting"], 3, "{page}");
        assert_eq!(page["summary"]["proposed"], 3, "{page}");
        assert_eq!(page["mentorships"], json!([]), "{page}");

        // Publish: the mentorships, one email per person.
        let reply = hub
            .call(ProgramAdmin, "mentors/publish", &id_args(&hub, &p))
            .await;
        reply.expect(200);
        assert_eq!(reply.json(), json!({ "created": 3, "skipped": [] }));
        let key = publish_key(&reply);
        let emails = hub.server.take_all_emails().await;
        let mut everyone: Vec<String> = [&ava, &ben, &cleo, &dan, &eli]
            .iter()
            .map(|m| m.email.clone())
            .collect();
        everyone.sort();
        assert_eq!(recipients(&emails), everyone, "{emails:#?}");
        let page = hub
            .ok(ProgramAdmin, "mentors/matching", &slug_args(&hub, &p))
            .await;
        let mentorships = &page["mentorships"];
        assert_eq!(len(mentorships), 3, "{page}");
        for m in mentorships.as_array().unwrap() {
            assert_eq!(m["origin"], "cohort", "{m}");
            assert_eq!(m["status"], "active", "{m}");
            // Each person's email names the other side and how to reach them.
            let mentee_email = emails
                .iter()
                .find(|e| e.recipient == m["mentee"]["email"])
                .unwrap();
            let mentor_email = m["mentor"]["email"].as_str().unwrap();
            assert!(
                mentee_email.text_body.contains(mentor_email),
                "{mentee_email:#?}"
            );
            let to_mentor = emails.iter().find(|e| e.recipient == mentor_email).unwrap();
            let mentee_name = m["mentee"]["name"].as_str().unwrap();
            assert!(to_mentor.text_body.contains(mentee_name), "{to_mentor:#?}");
        }
        assert_eq!(page["proposals"], json!([]), "{page}");
        assert_eq!(page["unmatched"], json!([]), "{page}");

        // What it did is shown once, to the admin who published.
        let slug_key = [kv("slug", &p.slug), kv("key", &key)];
        assert_eq!(
            hub.ok(HubAdmin, "mentors/published", &slug_key).await,
            Value::Null
        );
        assert_eq!(
            hub.ok(ProgramAdmin, "mentors/published", &slug_key).await,
            json!({ "created": 3, "skipped": [] })
        );
        assert_eq!(
            hub.ok(ProgramAdmin, "mentors/published", &slug_key).await,
            Value::Null
        );

        // Publishing again creates nothing and tells nobody.
        assert_eq!(
            hub.ok(ProgramAdmin, "mentors/publish", &id_args(&hub, &p))
                .await,
            json!({ "created": 0, "skipped": [] })
        );
        assert!(hub.server.take_all_emails().await.is_empty());
        assert_eq!(
            hub.ok(ProgramAdmin, "mentors/suggest", &id_args(&hub, &p))
                .await,
            0
        );
        let again = hub
            .ok(ProgramAdmin, "mentors/matching", &slug_args(&hub, &p))
            .await;
        assert_eq!(again["mentorships"], page["mentorships"]);
        hub.server.stop().await;
    })
    .await;
}

// ---------------------------------------------------------------------------
// Whose rows a caller reaches
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn only_its_two_people_or_its_programs_admins_end_a_mentorship() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let p = hub.program(Setup::Mentorship).await;
        let people = hub
            .server
            .add_members(&[
                ("Nia Mentee", "nia@example.org"),
                ("Ned Mentor", "ned@example.org"),
            ])
            .await;
        let (nia, ned) = (&people[0], &people[1]);
        hub.admit(nia, p.id, "mentee").await;
        hub.admit(ned, p.id, "mentor").await;
        hub.server.take_all_emails().await;
        let end = |program_id: i64| {
            vec![
                kv("program_id", program_id),
                kv("mentorship_id", p.mentorship_id),
                kv("reason", "other"),
                kv("note", ""),
            ]
        };
        let before = hub.snapshot(&p).await;
        // Another mentee and another mentor of the same program.
        for other in [nia, ned] {
            let reply = hub
                .call_with(other.cookie(), "mentors/end", &end(p.id), JSON, None)
                .await;
            reply.expect_forbidden();
        }
        // Program B's admin, through their own program.
        hub.call(OtherAdmin, "mentors/end", &end(hub.b_id))
            .await
            .expect_not_found();
        assert_eq!(hub.snapshot(&p).await, before);
        assert!(hub.server.take_all_emails().await.is_empty());

        // Its mentee ends it; ending it again is a conflict.
        hub.ok(Mentee, "mentors/end", &end(p.id)).await;
        let reply = hub.call(Mentor, "mentors/end", &end(p.id)).await;
        reply.expect(409);
        assert_eq!(
            reply.json(),
            json!({ "Conflict": "This mentorship has already ended." })
        );
        let emails = hub.server.take_all_emails().await;
        assert_eq!(recipients(&emails), std::slice::from_ref(&hub.mentor.email));
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_request_is_answered_by_its_mentor_and_withdrawn_by_its_mentee_only() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let p = hub.program(Setup::Request).await;
        let people = hub
            .server
            .add_members(&[
                ("Nia Mentee", "nia@example.org"),
                ("Ned Mentor", "ned@example.org"),
            ])
            .await;
        let (nia, ned) = (&people[0], &people[1]);
        hub.admit(nia, p.id, "mentee").await;
        hub.admit(ned, p.id, "mentor").await;
        hub.server.take_all_emails().await;
        let before = hub.snapshot(&p).await;
        let answer = [
            kv("program_id", p.id),
            kv("request_id", p.request_id),
            kv("decision", "accept"),
            kv("response", ""),
        ];
        hub.call_with(ned.cookie(), "mentors/answer_request", &answer, JSON, None)
            .await
            .expect_not_found();
        let withdraw = [kv("program_id", p.id), kv("request_id", p.request_id)];
        hub.call_with(
            nia.cookie(),
            "mentors/withdraw_request",
            &withdraw,
            JSON,
            None,
        )
        .await
        .expect_not_found();
        // Nor through program B, whose mentee and mentor they are not.
        hub.admit(&hub.mentor, hub.b_id, "mentor").await;
        let through_b = [
            kv("program_id", hub.b_id),
            kv("request_id", p.request_id),
            kv("decision", "accept"),
            kv("response", ""),
        ];
        hub.call(Mentor, "mentors/answer_request", &through_b)
            .await
            .expect_not_found();
        hub.server.take_all_emails().await;
        assert_eq!(hub.snapshot(&p).await, before);

        // A decision that is neither is refused under its field.
        let mut maybe = answer.to_vec();
        maybe[2] = kv("decision", "maybe");
        hub.call(Mentor, "mentors/answer_request", &maybe)
            .await
            .expect_invalid("decision", "Choose accept or decline.");
        assert_eq!(hub.snapshot(&p).await, before);
        assert!(hub.server.take_all_emails().await.is_empty());
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn another_programs_admin_cannot_match_this_programs_members_through_their_own() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let p = hub.program(Setup::Plain).await;
        let before = hub.snapshot(&p).await;
        let b = hub.b_id;
        let pair = |program_id: i64| {
            vec![
                kv("program_id", program_id),
                kv("mentee_id", hub.mentee.id),
                kv("mentor_id", hub.mentor.id),
            ]
        };
        for function in ["mentors/match_now", "mentors/save_draft"] {
            hub.call(OtherAdmin, function, &pair(b))
                .await
                .expect_not_found();
        }
        hub.call(
            OtherAdmin,
            "mentors/override_capacity",
            &[
                kv("program_id", b),
                kv("mentor_id", hub.mentor.id),
                kv("capacity", "9"),
                kv("note", ""),
            ],
        )
        .await
        .expect_not_found();
        hub.call(
            OtherAdmin,
            "mentors/manual_match",
            &[kv("slug", "program-b"), kv("mentee_id", hub.mentee.id)],
        )
        .await
        .expect_not_found();
        assert_eq!(hub.snapshot(&p).await, before);
        assert!(hub.server.take_all_emails().await.is_empty());
        hub.server.stop().await;
    })
    .await;
}

// ---------------------------------------------------------------------------
// Modes and validation
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn mentees_do_not_send_requests_where_admins_match() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let p = hub.program_with(Setup::Plain, ADMINS_MATCH, false).await;
        let before = hub.snapshot(&p).await;
        hub.call(
            Mentee,
            "mentors/request_form",
            &[kv("slug", &p.slug), kv("mentor_id", hub.mentor.id)],
        )
        .await
        .expect_forbidden();
        hub.call(
            Mentee,
            "mentors/send_request",
            &[
                kv("program_id", p.id),
                kv("mentor_id", hub.mentor.id),
                kv("message", MESSAGE),
            ],
        )
        .await
        .expect_forbidden();
        assert_eq!(hub.snapshot(&p).await, before);
        assert!(hub.server.take_all_emails().await.is_empty());
        // Favorites are what mentees do there.
        hub.ok(
            Mentee,
            "mentors/favorite",
            &[
                kv("program_id", p.id),
                kv("mentor_id", hub.mentor.id),
                kv("on", true),
            ],
        )
        .await;
        let tab = hub.tab(Mentee, &p).await;
        assert_eq!(tab["cards"][0]["favorite"], true);
        // A favorite is for a mentor of the program only.
        hub.call(
            Mentee,
            "mentors/favorite",
            &[
                kv("program_id", p.id),
                kv("mentor_id", hub.member.id),
                kv("on", true),
            ],
        )
        .await
        .expect_not_found();
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn numbers_out_of_range_are_refused_next_to_their_field_and_kept() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let p = hub.program(Setup::Plain).await;
        let before = hub.snapshot(&p).await;
        let places = |capacity: &str| vec![kv("program_id", p.id), kv("capacity", capacity)];
        hub.call(Mentor, "mentors/places", &places("0"))
            .await
            .expect_invalid("capacity", "Choose from 1 to 5 mentees.");
        let reply = hub.call(Mentor, "mentors/places", &places("lots")).await;
        reply.expect_invalid("capacity", "Enter a whole number.");
        hub.call(
            ProgramAdmin,
            "mentors/override_capacity",
            &[
                kv("program_id", p.id),
                kv("mentor_id", hub.mentor.id),
                kv("capacity", "21"),
                kv("note", "Too many"),
            ],
        )
        .await
        .expect_invalid("capacity_override", "Choose from 0 to 20 mentees.");
        let reply = hub
            .call(
                ProgramAdmin,
                "mentors/save_settings",
                &[
                    kv("program_id", p.id),
                    kv("max_capacity", "2"),
                    kv("max_pending_requests", "3"),
                    kv("request_expiry_days", "lots"),
                    kv("weight_favorite", "30"),
                    kv("weight_expertise", "10"),
                    kv("weight_language", "10"),
                    kv("weight_time_zone", "101"),
                ],
            )
            .await;
        reply.expect_invalid("request_expiry_days", "Enter a whole number.");
        assert_eq!(
            reply.submitted()["request_expiry_days"],
            "lots",
            "{reply:?}"
        );
        assert_eq!(reply.submitted()["weight_time_zone"], "101", "{reply:?}");
        // Below the program's default capacity (3).
        let reply = hub
            .call(
                ProgramAdmin,
                "mentors/save_settings",
                &[
                    kv("program_id", p.id),
                    kv("max_capacity", "2"),
                    kv("max_pending_requests", "3"),
                    kv("request_expiry_days", "14"),
                    kv("weight_favorite", "30"),
                    kv("weight_expertise", "10"),
                    kv("weight_language", "10"),
                    kv("weight_time_zone", "101"),
                ],
            )
            .await;
        reply.expect_invalid("max_capacity", "Enter a whole number from 3 to 20.");
        assert_eq!(
            reply.field_message("weight_time_zone").as_deref(),
            Some("Enter a whole number from 0 to 100.")
        );
        assert_eq!(reply.submitted()["max_capacity"], "2", "{reply:?}");
        assert_eq!(hub.snapshot(&p).await, before);
        hub.server.stop().await;
    })
    .await;
}

// ---------------------------------------------------------------------------
// More behaviour
// ---------------------------------------------------------------------------

fn question_args(program_id: i64, role: &str, prompt: &str) -> Args {
    vec![
        kv("program_id", program_id),
        kv("role", role),
        kv("kind", "short_text"),
        kv("prompt", prompt),
        kv("help_text", ""),
        kv("options", ""),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn question_weights_and_mentor_cards_are_saved_from_the_settings_form() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let p = hub.bare_program(REQUESTS).await;
        let mentor_q = as_i64(
            &hub.ok(
                ProgramAdmin,
                "programs/save_question",
                &question_args(p.id, "mentor", "What do you mentor?"),
            )
            .await["id"],
        );
        let mentee_q = as_i64(
            &hub.ok(
                ProgramAdmin,
                "programs/save_question",
                &question_args(p.id, "mentee", "What do you want to learn?"),
            )
            .await["id"],
        );
        for (member, role, question, answer) in [
            (&hub.mentor, "mentor", mentor_q, "SQL, Rust"),
            (&hub.mentee, "mentee", mentee_q, "rust; gardening"),
        ] {
            let outcome = hub
                .ok_as(
                    member,
                    "programs/join",
                    &[
                        kv("program_id", p.id),
                        kv("role", role),
                        kv(format!("answers[q-{question}][]"), answer),
                    ],
                )
                .await;
            hub.ok(
                HubAdmin,
                "programs/decide",
                &decide_args(p.id, &[as_i64(&outcome["membership_id"])]),
            )
            .await;
        }
        hub.ok(
            ProgramAdmin,
            "mentors/save_settings",
            &[
                kv("program_id", p.id),
                kv("max_capacity", "5"),
                kv("max_pending_requests", "3"),
                kv("request_expiry_days", "14"),
                kv("mentees_browse", "on"),
                kv("weight_favorite", "30"),
                kv("weight_expertise", "10"),
                kv("weight_language", "10"),
                kv("weight_time_zone", "12"),
                kv(format!("question_weights[q-{mentee_q}]"), "20"),
                kv(format!("question_weights[q-{mentor_q}]"), "1"),
                // A mentee's question is never shown on mentor cards.
                kv("cards[]", mentor_q),
                kv("cards[]", mentee_q),
            ],
        )
        .await;
        let page = hub.matching(&p).await;
        let questions = &page["questions"];
        let mentors_q = find(questions, "id", mentor_q);
        assert_eq!(
            (
                mentors_q["weight"].clone(),
                mentors_q["on_mentor_cards"].clone()
            ),
            (json!(1), json!(true)),
            "{page}"
        );
        let mentees_q = find(questions, "id", mentee_q);
        assert_eq!(
            (
                mentees_q["weight"].clone(),
                mentees_q["on_mentor_cards"].clone()
            ),
            (json!(20), json!(false)),
            "{page}"
        );
        let mut weights = page["settings"]["weights"]["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| (as_i64(&q["question_id"]), as_i64(&q["weight"])))
            .collect::<Vec<_>>();
        weights.sort();
        let mut expected = vec![(mentor_q, 1), (mentee_q, 20)];
        expected.sort();
        assert_eq!(weights, expected, "{page}");

        // The mentee's card: the mentor's answer shown, and "rust" scored
        // against the mentor's answer, in the mentor's spelling.
        let tab = hub.tab(Mentee, &p).await;
        let card = &tab["cards"][0];
        assert_eq!(
            card["card_answers"],
            json!([["What do you mentor?", "SQL, Rust"]]),
            "{card}"
        );
        assert_eq!(card["score"]["topics"], 20, "{card}");
        assert_eq!(card["score"]["shared_topics"], json!(["Rust"]), "{card}");

        // Saving without them clears both.
        hub.ok(
            ProgramAdmin,
            "mentors/save_settings",
            &[
                kv("program_id", p.id),
                kv("max_capacity", "5"),
                kv("max_pending_requests", "3"),
                kv("request_expiry_days", "14"),
                kv("weight_favorite", "30"),
                kv("weight_expertise", "10"),
                kv("weight_language", "10"),
                kv("weight_time_zone", "12"),
                kv(format!("question_weights[q-{mentee_q}]"), ""),
            ],
        )
        .await;
        let page = hub.matching(&p).await;
        assert_eq!(
            page["settings"]["weights"]["questions"],
            json!([]),
            "{page}"
        );
        assert_eq!(
            pluck(&page["questions"], "on_mentor_cards"),
            [json!(false), json!(false)]
        );
        let tab = hub.tab(Mentee, &p).await;
        assert_eq!(tab["cards"][0]["card_answers"], json!([]));
        assert_eq!(tab["cards"][0]["score"]["topics"], 0);
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_who_is_also_a_mentee_or_a_mentor_acts_in_that_role() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let p = hub.bare_program(REQUESTS).await;
        hub.admit(&hub.program_admin, p.id, "mentee").await;
        hub.admit(&hub.hub_admin, p.id, "mentor").await;
        hub.server.take_all_emails().await;

        let tab = hub.tab(ProgramAdmin, &p).await;
        assert_eq!(tab["me"]["role"], "mentee", "{tab}");
        assert_eq!(tab["can_manage"], true, "{tab}");
        hub.ok(
            ProgramAdmin,
            "mentors/favorite",
            &[
                kv("program_id", p.id),
                kv("mentor_id", hub.hub_admin.id),
                kv("on", true),
            ],
        )
        .await;
        let request = hub
            .ok(
                ProgramAdmin,
                "mentors/send_request",
                &[
                    kv("program_id", p.id),
                    kv("mentor_id", hub.hub_admin.id),
                    kv("message", MESSAGE),
                ],
            )
            .await;
        hub.ok(
            HubAdmin,
            "mentors/places",
            &[
                kv("program_id", p.id),
                kv("capacity", "4"),
                kv("taking", "on"),
            ],
        )
        .await;
        let received = hub.requests(HubAdmin, &p).await;
        assert_eq!(ids(&received["received"], "id"), [as_i64(&request)]);
        hub.ok(
            HubAdmin,
            "mentors/answer_request",
            &[
                kv("program_id", p.id),
                kv("request_id", request),
                kv("decision", "accept"),
                kv("response", ""),
            ],
        )
        .await;
        // Still not the other role: a mentee does not set places, a mentor
        // does not favorite.
        hub.call(
            ProgramAdmin,
            "mentors/places",
            &[kv("program_id", p.id), kv("capacity", "2")],
        )
        .await
        .expect_forbidden();
        hub.call(
            HubAdmin,
            "mentors/favorite",
            &[
                kv("program_id", p.id),
                kv("mentor_id", hub.hub_admin.id),
                kv("on", true),
            ],
        )
        .await
        .expect_forbidden();
        let page = hub.matching(&p).await;
        let m = &page["mentorships"][0];
        assert_eq!(m["mentee"]["user_id"], hub.program_admin.id, "{page}");
        assert_eq!(m["mentor"]["user_id"], hub.hub_admin.id, "{page}");
        assert_eq!(
            find(&page["mentors"], "user_id", hub.hub_admin.id)["places"],
            json!({ "capacity": 4, "used": 1, "paused": false })
        );
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mentee_is_told_why_no_request_can_be_sent_now() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let p = hub.program(Setup::Request).await;
        let nia = hub.server.add_member("Nia Mentee", "nia@example.org").await;
        hub.admit(&nia, p.id, "mentee").await;
        hub.server.take_all_emails().await;
        let form_args = [kv("slug", &p.slug), kv("mentor_id", hub.mentor.id)];
        let send = |message: &str| {
            vec![
                kv("program_id", p.id),
                kv("mentor_id", hub.mentor.id),
                kv("message", message),
            ]
        };

        // Asked already: the form says so, and sending again is the same
        // request (a retry), emailed once.
        let form = hub.ok(Mentee, "mentors/request_form", &form_args).await;
        assert_eq!(
            form["refusal"],
            "You have already asked this mentor; the request is waiting for an answer."
        );
        let again = hub.ok(Mentee, "mentors/send_request", &send(MESSAGE)).await;
        assert_eq!(as_i64(&again), p.request_id);
        assert!(hub.server.take_all_emails().await.is_empty());

        // A paused mentor takes no new requests...
        hub.ok(
            Mentor,
            "mentors/places",
            &[kv("program_id", p.id), kv("capacity", "")],
        )
        .await;
        let form = hub.ok_as(&nia, "mentors/request_form", &form_args).await;
        assert_eq!(form["refusal"], "Max Mentor has no open places right now.");
        assert_eq!(form["places_label"], "Not taking mentees now");
        let reply = hub
            .call_with(
                nia.cookie(),
                "mentors/send_request",
                &send(MESSAGE),
                JSON,
                None,
            )
            .await;
        reply.expect_error(
            409,
            json!({ "Conflict": "Max Mentor has no open places right now." }),
        );
        // ...but may still accept one they had.
        hub.ok(
            Mentor,
            "mentors/answer_request",
            &[
                kv("program_id", p.id),
                kv("request_id", p.request_id),
                kv("decision", "accept"),
                kv("response", ""),
            ],
        )
        .await;

        // A mentee with a mentor asks nobody else.
        let ned = hub.server.add_member("Ned Mentor", "ned@example.org").await;
        hub.admit(&ned, p.id, "mentor").await;
        let form = hub
            .ok(
                Mentee,
                "mentors/request_form",
                &[kv("slug", &p.slug), kv("mentor_id", ned.id)],
            )
            .await;
        assert_eq!(
            form["refusal"],
            "You already have a mentor in this program."
        );
        let reply = hub
            .call(
                Mentee,
                "mentors/send_request",
                &[
                    kv("program_id", p.id),
                    kv("mentor_id", ned.id),
                    kv("message", MESSAGE),
                ],
            )
            .await;
        reply.expect_error(
            409,
            json!({ "Conflict": "You already have a mentor in this program." }),
        );
        // Nor is anyone but a mentor of the program asked.
        hub.call(
            Mentee,
            "mentors/request_form",
            &[kv("slug", &p.slug), kv("mentor_id", nia.id)],
        )
        .await
        .expect_not_found();
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn plain_form_answers_and_endings_go_to_their_pages() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let p = hub.program(Setup::Request).await;
        let requests = format!("{}/requests", p.path());
        let reply = hub
            .call_as(
                Mentor,
                "mentors/answer_request",
                &[
                    kv("program_id", p.id),
                    kv("request_id", p.request_id),
                    kv("decision", "decline"),
                    kv("response", "My places are for beginners."),
                ],
                HTML,
                Some(&requests),
            )
            .await;
        assert_eq!(reply.status, 302, "{reply:?}");
        assert_eq!(
            reply.location(),
            Some(format!("{requests}?declined=1").as_str())
        );
        let emails = hub.server.take_all_emails().await;
        assert_eq!(recipients(&emails), std::slice::from_ref(&hub.mentee.email));
        assert_eq!(emails[0].subject, "Your request to Max Mentor");
        assert!(emails[0].text_body.contains("My places are for beginners."));
        let sent = hub.requests(Mentee, &p).await["sent"][0].clone();
        assert_eq!(sent["status"], "declined");

        // An admin ends a mentorship from the matching page.
        let p = hub.program(Setup::Mentorship).await;
        let reply = hub
            .call_as(
                ProgramAdmin,
                "mentors/end",
                &[
                    kv("program_id", p.id),
                    kv("mentorship_id", p.mentorship_id),
                    kv("reason", "not_a_good_fit"),
                    kv("note", ""),
                    kv("from_admin", "true"),
                ],
                HTML,
                Some(&format!("{}/admin/matching", p.path())),
            )
            .await;
        assert_eq!(reply.status, 302, "{reply:?}");
        assert_eq!(
            reply.location(),
            Some(format!("{}/admin/matching?ended=1", p.path()).as_str())
        );
        // Not a good fit: the pair is not matched again.
        hub.call(
            ProgramAdmin,
            "mentors/match_now",
            &[
                kv("program_id", p.id),
                kv("mentee_id", hub.mentee.id),
                kv("mentor_id", hub.mentor.id),
            ],
        )
        .await
        .expect_error(
            409,
            json!({ "Conflict": "This pair ended before as not a good fit." }),
        );
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mentor_who_leaves_is_no_longer_counted_among_a_mentees_favorites() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let p = hub.program_with(Setup::Plain, ADMINS_MATCH, false).await;
        hub.ok(
            Mentee,
            "mentors/favorite",
            &[
                kv("program_id", p.id),
                kv("mentor_id", hub.mentor.id),
                kv("on", true),
            ],
        )
        .await;
        assert_eq!(hub.tab(Mentee, &p).await["me"]["favorites"], 1);
        hub.ok(Mentor, "programs/leave", &[kv("program_id", p.id)])
            .await;
        let tab = hub.tab(Mentee, &p).await;
        assert_eq!(tab["cards"], json!([]), "{tab}");
        let page = hub.matching(&p).await;
        assert_eq!(page["unmatched"][0]["favorites"], json!([]), "{page}");
        // The tab's "1 favorite marked." would name a mentor who is gone.
        assert_eq!(tab["me"]["favorites"], 0, "{tab}");
        hub.server.stop().await;
    })
    .await;
}
