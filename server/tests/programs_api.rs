//! API tests for programs: who may call each program server function (and
//! the members CSV), and what the functions do, over HTTP the way a browser
//! would. Each runs on SQLite and on PostgreSQL against the real router.
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
use support::{on_both_backends, Member, Reply, TestServer, HTML};

const TEXT_PROMPT: &str = "What do you want to learn?";
const MULTI_PROMPT: &str = "Which tracks?";
const TRACKS: &str = "Backend\nFrontend\nData";

const NOT_OPEN_YET: &str = "This program is not open yet.";
const ALREADY_APPLIED: &str = "You have already applied to this program.";
const ALREADY_MEMBER: &str = "You are already a member of this program.";
const CLOSED: &str = "This program is closed to new members.";
const DECLINED_FOR_GOOD: &str =
    "Your application was declined, and this program does not take new applications from you.";
const REQUIRED: &str = "Answer this question: it is required.";
const LINK_EXPIRED: &str =
    "This invitation link has expired. Ask the program's admins for a new one.";
const LINK_REVOKED: &str = "This invitation link was withdrawn by the program's admins.";
const LINK_USED_UP: &str = "This invitation link has been used as many times as it allows. Ask the program's admins for a new one.";
const INVITATION_ONLY: &str =
    "This hub is open by invitation only. Ask an admin for an invitation link.";

// ---------------------------------------------------------------------------
// Form arguments
// ---------------------------------------------------------------------------

/// Form fields as posted: names like `answers[q-7][]` are built at run time.
type Args = Vec<(String, String)>;

fn kv(name: impl Into<String>, value: impl ToString) -> (String, String) {
    (name.into(), value.to_string())
}

/// A program's settings as the settings form posts them (check boxes: "on"
/// when ticked, absent otherwise).
#[derive(Clone, Copy)]
struct Settings<'a> {
    id: Option<i64>,
    name: &'a str,
    slug: &'a str,
    status: &'a str,
    approval: &'a str,
    mentors: bool,
    mentees: bool,
    allow_reapply: bool,
}

impl<'a> Settings<'a> {
    /// Open, both roles, an admin approves each member, no re-applying.
    fn open(name: &'a str, slug: &'a str) -> Self {
        Settings {
            id: None,
            name,
            slug,
            status: "open",
            approval: "manual",
            mentors: true,
            mentees: true,
            allow_reapply: false,
        }
    }

    fn args(&self) -> Args {
        let mut args = vec![
            kv(
                "program_id",
                self.id.map(|id| id.to_string()).unwrap_or_default(),
            ),
            kv("name", self.name),
            kv("slug", self.slug),
            kv("summary", "A mentoring program for tests."),
            kv("about_md", "About *this* program."),
            kv("cover_color", ""),
            kv("status", self.status),
            kv("listed", "on"),
            kv("approval", self.approval),
            kv("matching_mode", "admin_match"),
            kv("default_mentor_capacity", "3"),
        ];
        for (field, ticked) in [
            ("accepts_mentors", self.mentors),
            ("accepts_mentees", self.mentees),
            ("allow_reapply", self.allow_reapply),
        ] {
            if ticked {
                args.push(kv(field, "on"));
            }
        }
        args
    }
}

fn question_args(
    program_id: i64,
    role: &str,
    kind: &str,
    prompt: &str,
    required: bool,
    options: &str,
) -> Args {
    let mut args = vec![
        kv("program_id", program_id),
        kv("role", role),
        kv("kind", kind),
        kv("prompt", prompt),
        kv("help_text", ""),
        kv("options", options),
    ];
    if required {
        args.push(kv("required", "on"));
    }
    args
}

/// A join form: every answer as `answers[q-<id>][]`, once per chosen value.
fn join_args(program_id: i64, role: &str, answers: &[(i64, &[&str])], token: Option<&str>) -> Args {
    let mut args = vec![kv("program_id", program_id), kv("role", role)];
    for (question, values) in answers {
        for value in *values {
            args.push(kv(format!("answers[q-{question}][]"), value));
        }
    }
    if let Some(token) = token {
        args.push(kv("invitation_token", token));
    }
    args
}

fn decide_args(program_id: i64, membership_ids: &[i64], decision: &str, message: &str) -> Args {
    let mut args = vec![
        kv("program_id", program_id),
        kv("decision", decision),
        kv("message", message),
    ];
    for id in membership_ids {
        args.push(kv("membership_ids[]", id));
    }
    args
}

fn invitation_args(program_id: i64, role: &str, auto_approve: bool, max_uses: &str) -> Args {
    let mut args = vec![
        kv("program_id", program_id),
        kv("role", role),
        kv("expires_on", ""),
        kv("max_uses", max_uses),
    ];
    if auto_approve {
        args.push(kv("auto_approve", "on"));
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

// ---------------------------------------------------------------------------
// The hub: one member in each position
// ---------------------------------------------------------------------------

/// Who calls. Program A is the program under test; B is another program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Visitor,
    /// Signed in, nothing to do with A.
    Member,
    /// Applied to A, waiting.
    Pending,
    /// An approved member of A.
    Approved,
    /// A program admin of B (not of A).
    OtherAdmin,
    /// A program admin of A.
    ProgramAdmin,
    HubAdmin,
}

use Caller::*;

const CALLERS: [Caller; 7] = [
    Visitor,
    Member,
    Pending,
    Approved,
    OtherAdmin,
    ProgramAdmin,
    HubAdmin,
];

struct Hub {
    server: TestServer,
    hub_admin: Member,
    program_admin: Member,
    other_admin: Member,
    pending: Member,
    approved: Member,
    member: Member,
    /// Program B, which `other_admin` manages.
    b_id: i64,
    made: AtomicUsize,
}

/// One program A with everything the callers need: two mentee questions
/// (a required short text, an optional multiple choice), `Pending`'s
/// application, `Approved`'s membership, `ProgramAdmin` named, and an
/// invitation link.
struct ProgramA {
    id: i64,
    name: String,
    slug: String,
    draft: bool,
    text_q: i64,
    multi_q: i64,
    pending_membership: i64,
    approved_membership: i64,
    invitation_id: i64,
    token: String,
}

impl ProgramA {
    fn path(&self) -> String {
        format!("/programs/{}", self.slug)
    }

    fn settings(&self) -> Settings<'_> {
        Settings {
            id: Some(self.id),
            status: if self.draft { "draft" } else { "open" },
            ..Settings::open(&self.name, &self.slug)
        }
    }
}

impl Hub {
    async fn new(server: TestServer) -> Hub {
        let mut people = server
            .add_members(&[
                ("Hana Hub", "hana@example.org"),
                ("Pia Program", "pia@example.org"),
                ("Otto Other", "otto@example.org"),
                ("Penny Pending", "penny@example.org"),
                ("Abe Approved", "abe@example.org"),
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
            approved: next(),
            member: next(),
            server,
            b_id: 0,
            made: AtomicUsize::new(0),
        };
        // The first account is the hub admin, and only that one.
        assert_eq!(
            hub.server.current_user(hub.hub_admin.cookie()).await["is_hub_admin"],
            true
        );
        assert_eq!(
            hub.server.current_user(hub.program_admin.cookie()).await["is_hub_admin"],
            false
        );
        let b = hub
            .ok(
                HubAdmin,
                "programs/save",
                &Settings::open("Program B", "program-b").args(),
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
            Approved => Some(&self.approved),
            OtherAdmin => Some(&self.other_admin),
            ProgramAdmin => Some(&self.program_admin),
            HubAdmin => Some(&self.hub_admin),
        }
    }

    fn id_of(&self, caller: Caller) -> i64 {
        self.who(caller).expect("a signed-in caller").id
    }

    async fn call(&self, caller: Caller, function: &str, args: &[(String, String)]) -> Reply {
        self.call_as(caller, function, args, support::JSON).await
    }

    async fn call_as(
        &self,
        caller: Caller,
        function: &str,
        args: &[(String, String)],
        accept: &str,
    ) -> Reply {
        let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let cookie = self.who(caller).map(|member| member.cookie.as_str());
        let referer = (accept == HTML).then_some("/programs");
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

    async fn csv(&self, caller: Caller, slug: &str) -> Reply {
        let cookie = self.who(caller).map(|member| member.cookie.as_str());
        self.server
            .fetch(&format!("/programs/{slug}/admin/members.csv"), cookie)
            .await
    }

    /// A fresh program A (see [`ProgramA`]); made a draft afterwards when
    /// `draft` (its members and applicants stay).
    async fn program_a(&self, draft: bool) -> ProgramA {
        let n = self.made.fetch_add(1, Ordering::SeqCst) + 1;
        let name = format!("Program A{n}");
        let slug = format!("a-{n}");
        let program = self
            .ok(
                HubAdmin,
                "programs/save",
                &Settings::open(&name, &slug).args(),
            )
            .await;
        let id = as_i64(&program["id"]);
        self.ok(
            HubAdmin,
            "programs/add_admin",
            &[kv("program_id", id), kv("email", &self.program_admin.email)],
        )
        .await;
        let text_q = self
            .ok(
                ProgramAdmin,
                "programs/save_question",
                &question_args(id, "mentee", "short_text", TEXT_PROMPT, true, ""),
            )
            .await;
        let multi_q = self
            .ok(
                ProgramAdmin,
                "programs/save_question",
                &question_args(id, "mentee", "multiple_choice", MULTI_PROMPT, false, TRACKS),
            )
            .await;
        let (text_q, multi_q) = (as_i64(&text_q["id"]), as_i64(&multi_q["id"]));
        let answers: [(i64, &[&str]); 2] = [(text_q, &["Rust"]), (multi_q, &["Backend", "Data"])];
        let mut memberships = Vec::new();
        for caller in [Pending, Approved] {
            let outcome = self
                .ok(
                    caller,
                    "programs/join",
                    &join_args(id, "mentee", &answers, None),
                )
                .await;
            assert_eq!(outcome["status"], "pending", "{outcome}");
            memberships.push(as_i64(&outcome["membership_id"]));
        }
        let approved = self
            .ok(
                HubAdmin,
                "programs/decide",
                &decide_args(id, &[memberships[1]], "approve", ""),
            )
            .await;
        assert_eq!(approved, json!([memberships[1]]));
        let link = self
            .ok(
                ProgramAdmin,
                "programs/create_invitation",
                &invitation_args(id, "mentee", false, ""),
            )
            .await;
        let a = ProgramA {
            id,
            name,
            slug,
            draft,
            text_q,
            multi_q,
            pending_membership: memberships[0],
            approved_membership: memberships[1],
            invitation_id: as_i64(&link["invitation"]["id"]),
            token: link["token"].as_str().unwrap().to_owned(),
        };
        if draft {
            self.ok(HubAdmin, "programs/save", &a.settings().args())
                .await;
        }
        self.server.take_all_emails().await;
        a
    }

    /// Everything about program A that a call could change, as its hub
    /// admin sees it: its directory tile (and that of the program the
    /// "create" row would make), settings, admins, questions, applications,
    /// members and links.
    async fn snapshot(&self, a: &ProgramA) -> Value {
        let id = [kv("program_id", a.id)];
        let slug = [kv("slug", &a.slug)];
        let (directory, managed, admins, questions, applications, members, invitations) = tokio::join!(
            self.ok(HubAdmin, "programs/directory", &[]),
            self.ok(HubAdmin, "programs/manage", &slug),
            self.ok(HubAdmin, "programs/admins", &id),
            self.ok(HubAdmin, "programs/questions", &id),
            self.ok(HubAdmin, "programs/applications", &id),
            self.ok(HubAdmin, "programs/members", &id),
            self.ok(HubAdmin, "programs/invitations", &id),
        );
        let created = format!("{}-new", a.slug);
        let tiles: Vec<&Value> = directory["tiles"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|tile| tile["slug"] == a.slug.as_str() || tile["slug"] == created.as_str())
            .collect();
        json!({
            "directory": tiles,
            "managed": managed,
            "admins": admins,
            "questions": questions,
            "applications": applications,
            "members": members,
            "invitations": invitations,
        })
    }

    /// The viewer's page of program `slug`.
    async fn page(&self, caller: Caller, slug: &str) -> Value {
        self.ok(caller, "programs/page", &[kv("slug", slug)]).await
    }
}

// ---------------------------------------------------------------------------
// The authorization matrix
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// 200, and the answer and its effect are checked.
    Allowed,
    /// Let through the guard, but there is nothing to do: 409 (withdrawing
    /// without a pending application, joining a draft...). Nothing changes.
    Conflict,
    Unauthorized,
    Forbidden,
    NotFound,
}

const OK: Expect = Expect::Allowed;
const C409: Expect = Expect::Conflict;
const U401: Expect = Expect::Unauthorized;
const F403: Expect = Expect::Forbidden;
const N404: Expect = Expect::NotFound;

// In the order of `CALLERS`: visitor, member, pending applicant, approved
// member, admin of another program, program admin, hub admin.
const ANYONE: [Expect; 7] = [OK; 7];
const SIGNED_IN: [Expect; 7] = [U401, OK, OK, OK, OK, OK, OK];
/// What a draft is to anyone but its admins: nothing.
const ITS_ADMINS: [Expect; 7] = [U401, N404, N404, N404, N404, OK, OK];
/// A public page's draft: not there for visitors either.
const ITS_ADMINS_EVEN_FOR_VISITORS: [Expect; 7] = [N404, N404, N404, N404, N404, OK, OK];
const MANAGERS: [Expect; 7] = [U401, F403, F403, F403, F403, OK, OK];
const MEMBERS_AND_MANAGERS: [Expect; 7] = [U401, F403, F403, OK, F403, OK, OK];
const HUB_ADMINS: [Expect; 7] = [U401, F403, F403, F403, F403, F403, OK];
const HUB_ADMINS_OF_DRAFT: [Expect; 7] = [U401, N404, N404, N404, N404, F403, OK];
/// Joining or leaving a draft: its admins get through the guard, and are
/// told it is not open / there is nothing to leave.
const NOBODY_IN_DRAFT: [Expect; 7] = [U401, N404, N404, N404, N404, C409, C409];

/// What an allowed call is checked against.
struct Ctx<'a> {
    hub: &'a Hub,
    a: &'a ProgramA,
    caller: Caller,
    reply: &'a Reply,
    before: &'a Value,
    after: &'a Value,
    emails: &'a [ClaimedEmail],
    /// The row's label (the tab, for the member tabs).
    label: &'static str,
    what: String,
}

impl Ctx<'_> {
    fn json(&self) -> Value {
        self.reply.json()
    }

    fn manager(&self) -> bool {
        matches!(self.caller, ProgramAdmin | HubAdmin)
    }

    /// The caller's own membership status in A (`null`: none).
    fn own_status(&self) -> Value {
        match self.caller {
            Pending => json!("pending"),
            Approved => json!("approved"),
            _ => Value::Null,
        }
    }

    /// Why the caller may not apply to A, if so.
    fn refusal(&self) -> Value {
        if self.a.draft {
            json!(NOT_OPEN_YET)
        } else {
            match self.caller {
                Pending => json!(ALREADY_APPLIED),
                Approved => json!(ALREADY_MEMBER),
                _ => Value::Null,
            }
        }
    }

    fn unchanged(&self) {
        assert_eq!(self.before, self.after, "{}: something changed", self.what);
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
}

enum Target {
    /// `/api/<endpoint>`, posted.
    Function(&'static str),
    /// `GET /programs/<slug>/admin/members.csv`.
    MembersCsv,
}

struct Row {
    target: Target,
    /// Tells rows of the same function apart in messages.
    label: &'static str,
    args: fn(&Hub, &ProgramA) -> Args,
    /// Whether an allowed call changes something (each allowed caller then
    /// gets a fresh program A).
    mutates: bool,
    open: [Expect; 7],
    draft: [Expect; 7],
    check: fn(&Ctx),
}

fn no_args(_: &Hub, _: &ProgramA) -> Args {
    Vec::new()
}

fn slug_args(_: &Hub, a: &ProgramA) -> Args {
    vec![kv("slug", &a.slug)]
}

fn id_args(_: &Hub, a: &ProgramA) -> Args {
    vec![kv("program_id", a.id)]
}

fn tab_row(tab: &'static str) -> Row {
    Row {
        target: Target::Function("programs/member_tab"),
        label: tab,
        args: match tab {
            "discussion" => |_, a| vec![kv("slug", &a.slug), kv("tab", "discussion")],
            "resources" => |_, a| vec![kv("slug", &a.slug), kv("tab", "resources")],
            "events" => |_, a| vec![kv("slug", &a.slug), kv("tab", "events")],
            _ => |_, a| vec![kv("slug", &a.slug), kv("tab", "mentors")],
        },
        mutates: false,
        open: MEMBERS_AND_MANAGERS,
        draft: ITS_ADMINS,
        check: |c| {
            let content = c.json();
            assert_eq!(content["program_name"], c.a.name.as_str(), "{}", c.what);
            assert_eq!(content["tab"], c.label, "{}", c.what);
        },
    }
}

fn rows() -> Vec<Row> {
    vec![
        // ----- Member side -------------------------------------------------
        Row {
            target: Target::Function("programs/directory"),
            label: "",
            args: no_args,
            mutates: false,
            // Visitors too: they find a program before they sign up.
            open: ANYONE,
            draft: ANYONE,
            check: |c| {
                let tiles = c.json()["tiles"].clone();
                let tile = tiles
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|tile| tile["slug"] == c.a.slug.as_str());
                // A draft shows only to those who manage it.
                let visible = !c.a.draft || c.manager();
                assert_eq!(tile.is_some(), visible, "{}: {tiles}", c.what);
                assert!(
                    pluck(&tiles, "slug").contains(&json!("program-b")),
                    "{}",
                    c.what
                );
                if let Some(tile) = tile {
                    assert_eq!(tile["can_manage"], c.manager(), "{}: {tile}", c.what);
                    assert_eq!(tile["mentee_count"], 1, "{}: {tile}", c.what);
                    let pending = if c.manager() { 1 } else { 0 };
                    assert_eq!(tile["pending_count"], pending, "{}: {tile}", c.what);
                    assert_eq!(
                        tile["my_membership"]["status"],
                        c.own_status(),
                        "{}: {tile}",
                        c.what
                    );
                }
            },
        },
        Row {
            target: Target::Function("programs/page"),
            label: "",
            args: slug_args,
            mutates: false,
            // The About page is public; a draft is not there at all.
            open: ANYONE,
            draft: ITS_ADMINS_EVEN_FOR_VISITORS,
            check: |c| {
                let page = c.json();
                assert_eq!(page["program"]["id"], c.a.id, "{}", c.what);
                assert_eq!(page["signed_in"], c.caller != Visitor, "{}", c.what);
                let access = &page["access"];
                assert_eq!(access["is_hub_admin"], c.caller == HubAdmin, "{}", c.what);
                assert_eq!(
                    access["is_program_admin"],
                    c.caller == ProgramAdmin,
                    "{}",
                    c.what
                );
                assert_eq!(access["membership"]["status"], c.own_status(), "{}", c.what);
                assert_eq!(page["mentee_count"], 1, "{}", c.what);
                assert_eq!(page["mentor_count"], 0, "{}", c.what);
                assert_eq!(page["join_refusal"], c.refusal(), "{}", c.what);
                let about = page["about_html"].as_str().unwrap();
                assert!(about.contains("<em>this</em>"), "{}: {about}", c.what);
            },
        },
        Row {
            target: Target::Function("programs/join_form"),
            label: "",
            args: |_, a| vec![kv("slug", &a.slug), kv("role", "mentee")],
            mutates: false,
            open: SIGNED_IN,
            draft: ITS_ADMINS,
            check: |c| {
                let form = c.json();
                assert_eq!(form["program_id"], c.a.id, "{}", c.what);
                assert_eq!(form["program_path"], c.a.path(), "{}", c.what);
                assert_eq!(form["roles"], json!(["mentor", "mentee"]), "{}", c.what);
                assert_eq!(form["role"], "mentee", "{}", c.what);
                assert_eq!(form["refusal"], c.refusal(), "{form}: {}", c.what);
                let expected: Vec<i64> = if c.refusal().is_null() {
                    vec![c.a.text_q, c.a.multi_q]
                } else {
                    Vec::new()
                };
                assert_eq!(ids(&form["questions"], "id"), expected, "{}", c.what);
                assert_eq!(form["invitation"], Value::Null, "{}", c.what);
            },
        },
        Row {
            target: Target::Function("programs/invitation"),
            label: "",
            args: |_, a| vec![kv("token", &a.token)],
            mutates: false,
            // Visitors too: they sign in or up from the page it opens.
            open: ANYONE,
            draft: ANYONE,
            check: |c| {
                let preview = c.json();
                let problem = if c.a.draft {
                    json!(NOT_OPEN_YET)
                } else {
                    Value::Null
                };
                assert_eq!(
                    preview,
                    json!({
                        "program_slug": c.a.slug,
                        "program_name": c.a.name,
                        "summary": "A mentoring program for tests.",
                        "role": "mentee",
                        "auto_approve": false,
                        "problem": problem,
                    }),
                    "{}",
                    c.what
                );
            },
        },
        tab_row("discussion"),
        tab_row("resources"),
        tab_row("events"),
        tab_row("mentors"),
        Row {
            target: Target::Function("programs/join"),
            label: "",
            args: |_, a| {
                let answers: [(i64, &[&str]); 2] =
                    [(a.text_q, &["Go"]), (a.multi_q, &["Data", "Frontend"])];
                join_args(a.id, "mentee", &answers, None)
            },
            mutates: true,
            open: SIGNED_IN,
            draft: NOBODY_IN_DRAFT,
            check: |c| {
                let outcome = c.json();
                match c.caller {
                    Pending | Approved => {
                        // Already in: the existing state, nothing changed.
                        let (id, status) = if c.caller == Pending {
                            (c.a.pending_membership, "pending")
                        } else {
                            (c.a.approved_membership, "approved")
                        };
                        assert_eq!(
                            outcome,
                            json!({"membership_id": id, "role": "mentee", "status": status, "already_applied": true}),
                            "{}",
                            c.what
                        );
                        c.unchanged();
                        c.redirected_to(&format!("{}?joined={status}", c.a.path()));
                    }
                    _ => {
                        assert_eq!(outcome["status"], "pending", "{}", c.what);
                        assert_eq!(outcome["already_applied"], false, "{}", c.what);
                        let me = c.hub.id_of(c.caller);
                        let applications = &c.after["applications"];
                        assert_eq!(
                            ids(applications, "user_id"),
                            vec![c.hub.pending.id, me],
                            "{}",
                            c.what
                        );
                        let mine = &applications[1];
                        assert_eq!(mine["membership_id"], outcome["membership_id"]);
                        assert_eq!(
                            pluck(&mine["answers"], "value"),
                            vec![json!("Go"), json!("Frontend\nData")],
                            "{}: {mine}",
                            c.what
                        );
                        c.redirected_to(&format!("{}?joined=pending", c.a.path()));
                    }
                }
            },
        },
        Row {
            target: Target::Function("programs/withdraw"),
            label: "",
            args: id_args,
            mutates: true,
            open: [U401, C409, OK, C409, C409, C409, C409],
            draft: NOBODY_IN_DRAFT,
            check: |c| {
                assert_eq!(c.json(), Value::Null, "{}", c.what);
                assert_eq!(
                    ids(&c.before["applications"], "user_id"),
                    vec![c.hub.pending.id]
                );
                assert_eq!(c.after["applications"], json!([]), "{}", c.what);
                c.redirected_to(&format!("{}?withdrawn=1", c.a.path()));
            },
        },
        Row {
            target: Target::Function("programs/leave"),
            label: "",
            args: id_args,
            mutates: true,
            open: [U401, C409, C409, OK, C409, C409, C409],
            draft: NOBODY_IN_DRAFT,
            check: |c| {
                assert_eq!(
                    ids(&c.before["members"], "user_id"),
                    vec![c.hub.approved.id]
                );
                assert_eq!(c.after["members"], json!([]), "{}", c.what);
                c.redirected_to(&format!("{}?left=1", c.a.path()));
            },
        },
        // ----- Admin side --------------------------------------------------
        Row {
            target: Target::Function("programs/manage"),
            label: "",
            args: slug_args,
            mutates: false,
            open: MANAGERS,
            draft: ITS_ADMINS,
            check: |c| {
                let managed = c.json();
                assert_eq!(managed["program"]["id"], c.a.id, "{}", c.what);
                assert_eq!(managed["pending_count"], 1, "{}", c.what);
                assert_eq!(managed["is_hub_admin"], c.caller == HubAdmin, "{}", c.what);
            },
        },
        Row {
            target: Target::Function("programs/save"),
            label: "create",
            args: |_, a| {
                let slug = format!("{}-new", a.slug);
                Settings::open("A new program", &slug).args()
            },
            mutates: true,
            // Creating is for hub admins, whatever program A is.
            open: HUB_ADMINS,
            draft: HUB_ADMINS,
            check: |c| {
                let slug = format!("{}-new", c.a.slug);
                let program = c.json();
                assert_eq!(program["settings"]["slug"], slug.as_str(), "{}", c.what);
                assert_eq!(program["created_by"], c.hub.hub_admin.id);
                let listed =
                    |snapshot: &Value| pluck(&snapshot["directory"], "slug").contains(&json!(slug));
                assert!(!listed(c.before) && listed(c.after), "{}", c.what);
                c.redirected_to(&format!("/programs/{slug}/admin/settings?created=1"));
            },
        },
        Row {
            target: Target::Function("programs/save"),
            label: "update",
            args: |_, a| {
                let name = format!("{} renamed", a.name);
                Settings {
                    name: &name,
                    ..a.settings()
                }
                .args()
            },
            mutates: true,
            open: MANAGERS,
            draft: ITS_ADMINS,
            check: |c| {
                let name = format!("{} renamed", c.a.name);
                assert_eq!(c.json()["settings"]["name"], name.as_str(), "{}", c.what);
                let settings = &c.after["managed"]["program"]["settings"];
                assert_eq!(settings["name"], name.as_str(), "{}", c.what);
                c.redirected_to(&format!("{}/admin/settings?saved=1", c.a.path()));
            },
        },
        Row {
            target: Target::Function("programs/admins"),
            label: "",
            args: id_args,
            mutates: false,
            open: MANAGERS,
            draft: ITS_ADMINS,
            check: |c| {
                let admins = c.json();
                assert_eq!(
                    admins,
                    json!([{"user_id": c.hub.program_admin.id, "name": "Pia Program", "email": "pia@example.org"}]),
                    "{}",
                    c.what
                );
            },
        },
        Row {
            target: Target::Function("programs/add_admin"),
            label: "",
            args: |hub, a| vec![kv("program_id", a.id), kv("email", &hub.member.email)],
            mutates: true,
            open: HUB_ADMINS,
            draft: HUB_ADMINS_OF_DRAFT,
            check: |c| {
                assert_eq!(
                    ids(&c.after["admins"], "user_id"),
                    vec![c.hub.member.id, c.hub.program_admin.id],
                    "{}",
                    c.what
                );
            },
        },
        Row {
            target: Target::Function("programs/remove_admin"),
            label: "",
            args: |hub, a| vec![kv("program_id", a.id), kv("user_id", hub.program_admin.id)],
            mutates: true,
            open: HUB_ADMINS,
            draft: HUB_ADMINS_OF_DRAFT,
            check: |c| {
                assert_eq!(c.after["admins"], json!([]), "{}", c.what);
            },
        },
        Row {
            target: Target::Function("programs/questions"),
            label: "",
            args: id_args,
            mutates: false,
            open: MANAGERS,
            draft: ITS_ADMINS,
            check: |c| {
                let questions = c.json();
                assert_eq!(
                    ids(&questions, "id"),
                    vec![c.a.text_q, c.a.multi_q],
                    "{}",
                    c.what
                );
                assert_eq!(
                    questions[1]["options"],
                    json!(["Backend", "Frontend", "Data"])
                );
                assert_eq!(questions[0]["required"], true);
            },
        },
        Row {
            target: Target::Function("programs/save_question"),
            label: "add",
            args: |_, a| question_args(a.id, "mentor", "long_text", "Your experience?", false, ""),
            mutates: true,
            open: MANAGERS,
            draft: ITS_ADMINS,
            check: |c| {
                let question = c.json();
                assert_eq!(question["prompt"], "Your experience?", "{}", c.what);
                assert_eq!(
                    ids(&c.after["questions"], "id"),
                    vec![as_i64(&question["id"]), c.a.text_q, c.a.multi_q],
                    "{}: mentor questions first",
                    c.what
                );
            },
        },
        Row {
            target: Target::Function("programs/save_question"),
            label: "edit",
            args: |_, a| {
                let mut args = question_args(a.id, "mentee", "short_text", "Goals?", true, "");
                args.push(kv("question_id", a.text_q));
                args
            },
            mutates: true,
            open: MANAGERS,
            draft: ITS_ADMINS,
            check: |c| {
                assert_eq!(c.json()["id"], c.a.text_q, "{}", c.what);
                assert_eq!(c.after["questions"][0]["prompt"], "Goals?", "{}", c.what);
                // Answers given keep the prompt they were given under.
                assert_eq!(
                    c.after["applications"][0]["answers"][0]["prompt"],
                    TEXT_PROMPT
                );
            },
        },
        Row {
            target: Target::Function("programs/delete_question"),
            label: "",
            args: |_, a| vec![kv("program_id", a.id), kv("question_id", a.text_q)],
            mutates: true,
            open: MANAGERS,
            draft: ITS_ADMINS,
            check: |c| {
                assert_eq!(
                    ids(&c.after["questions"], "id"),
                    vec![c.a.multi_q],
                    "{}",
                    c.what
                );
                // The answers already given are kept, marked deleted, last.
                let answers = &c.after["applications"][0]["answers"];
                assert_eq!(
                    pluck(answers, "question_id"),
                    vec![json!(c.a.multi_q), json!(c.a.text_q)]
                );
                assert_eq!(
                    pluck(answers, "question_deleted"),
                    vec![json!(false), json!(true)]
                );
            },
        },
        Row {
            target: Target::Function("programs/move_question"),
            label: "",
            args: |_, a| {
                vec![
                    kv("program_id", a.id),
                    kv("question_id", a.multi_q),
                    kv("direction", "up"),
                ]
            },
            mutates: true,
            open: MANAGERS,
            draft: ITS_ADMINS,
            check: |c| {
                assert_eq!(c.json(), true, "{}", c.what);
                assert_eq!(
                    ids(&c.after["questions"], "id"),
                    vec![c.a.multi_q, c.a.text_q],
                    "{}",
                    c.what
                );
            },
        },
        Row {
            target: Target::Function("programs/applications"),
            label: "",
            args: id_args,
            mutates: false,
            open: MANAGERS,
            draft: ITS_ADMINS,
            check: |c| {
                let applications = c.json();
                assert_eq!(
                    ids(&applications, "membership_id"),
                    vec![c.a.pending_membership],
                    "{}",
                    c.what
                );
                assert_eq!(applications[0]["user_id"], c.hub.pending.id);
                assert_eq!(applications[0]["status"], "pending");
                assert_eq!(
                    pluck(&applications[0]["answers"], "value"),
                    vec![json!("Rust"), json!("Backend\nData")]
                );
            },
        },
        Row {
            target: Target::Function("programs/decide"),
            label: "",
            args: |_, a| decide_args(a.id, &[a.pending_membership], "approve", ""),
            mutates: true,
            open: MANAGERS,
            draft: ITS_ADMINS,
            check: |c| {
                assert_eq!(c.json(), json!([c.a.pending_membership]), "{}", c.what);
                assert_eq!(c.after["applications"], json!([]), "{}", c.what);
                assert_eq!(
                    ids(&c.after["members"], "user_id"),
                    vec![c.hub.pending.id, c.hub.approved.id],
                    "{}",
                    c.what
                );
                let decider = c.hub.who(c.caller).unwrap().name.as_str();
                assert_eq!(c.after["members"][0]["decided_by_name"], decider);
                let to: Vec<&str> = c.emails.iter().map(|e| e.recipient.as_str()).collect();
                assert_eq!(to, vec!["penny@example.org"], "{}", c.what);
                assert!(
                    c.emails[0].subject.contains(&c.a.name),
                    "{}",
                    c.emails[0].subject
                );
            },
        },
        Row {
            target: Target::Function("programs/members"),
            label: "",
            args: id_args,
            mutates: false,
            open: MANAGERS,
            draft: ITS_ADMINS,
            check: |c| {
                let members = c.json();
                assert_eq!(
                    ids(&members, "membership_id"),
                    vec![c.a.approved_membership],
                    "{}",
                    c.what
                );
                assert_eq!(members[0]["email"], "abe@example.org");
                assert_eq!(members[0]["decided_by_name"], "Hana Hub");
            },
        },
        Row {
            target: Target::Function("programs/remove_member"),
            label: "",
            args: |_, a| {
                vec![
                    kv("program_id", a.id),
                    kv("membership_id", a.approved_membership),
                ]
            },
            mutates: true,
            open: MANAGERS,
            draft: ITS_ADMINS,
            check: |c| {
                assert_eq!(c.after["members"], json!([]), "{}", c.what);
                c.redirected_to(&format!("{}/admin/members?removed=1", c.a.path()));
            },
        },
        Row {
            target: Target::Function("programs/invitations"),
            label: "",
            args: id_args,
            mutates: false,
            open: MANAGERS,
            draft: ITS_ADMINS,
            check: |c| {
                let links = c.json();
                assert_eq!(ids(&links, "id"), vec![c.a.invitation_id], "{}", c.what);
                assert_eq!(links[0]["state"], "active");
                assert_eq!(links[0]["uses"], 0);
                // Only the hash is kept: the token is never shown again.
                assert!(!c.reply.body.contains(&c.a.token), "{}", c.what);
            },
        },
        Row {
            target: Target::Function("programs/create_invitation"),
            label: "",
            args: |_, a| invitation_args(a.id, "mentor", true, "5"),
            mutates: true,
            open: MANAGERS,
            draft: ITS_ADMINS,
            check: |c| {
                let created = c.json();
                let token = created["token"].as_str().unwrap();
                assert_eq!(token.len(), 43, "{}", c.what);
                let link = &created["invitation"];
                assert_eq!(link["role"], "mentor");
                assert_eq!(link["auto_approve"], true);
                assert_eq!(link["max_uses"], 5);
                assert_eq!(link["created_by"], c.hub.id_of(c.caller));
                assert_eq!(
                    ids(&c.after["invitations"], "id"),
                    vec![as_i64(&link["id"]), c.a.invitation_id],
                    "{}: newest first",
                    c.what
                );
                // The one-time token never travels in the URL: the page
                // reads it back from the server with the key.
                let location = c.reply.location().unwrap_or_default();
                let prefix = format!("{}/admin/invitations?created=", c.a.path());
                assert!(location.starts_with(&prefix), "{}: {location}", c.what);
                assert!(!location.contains(token), "{}: {location}", c.what);
            },
        },
        Row {
            target: Target::Function("programs/new_invitation_link"),
            label: "",
            // A key nobody was given: managers get nothing, others a refusal.
            args: |_, a| vec![kv("slug", &a.slug), kv("key", "not-a-key")],
            mutates: false,
            open: MANAGERS,
            draft: ITS_ADMINS,
            check: |c| assert_eq!(c.json(), Value::Null, "{}", c.what),
        },
        Row {
            target: Target::Function("programs/revoke_invitation"),
            label: "",
            args: |_, a| vec![kv("program_id", a.id), kv("invitation_id", a.invitation_id)],
            mutates: true,
            open: MANAGERS,
            draft: ITS_ADMINS,
            check: |c| {
                assert_eq!(c.before["invitations"][0]["state"], "active");
                assert_eq!(c.after["invitations"][0]["state"], "revoked", "{}", c.what);
            },
        },
        Row {
            target: Target::MembersCsv,
            label: "",
            args: no_args,
            mutates: false,
            open: MANAGERS,
            draft: ITS_ADMINS,
            check: |c| {
                let csv = &c.reply.body;
                assert!(
                    c.reply
                        .header("content-type")
                        .is_some_and(|t| t.starts_with("text/csv")),
                    "{}: {:?}",
                    c.what,
                    c.reply
                );
                let lines: Vec<&str> = csv.split("\r\n").collect();
                assert_eq!(
                    lines[0],
                    format!("Name,Email,Role,Joined (UTC),Applied (UTC),Through an invitation,Matched with,{TEXT_PROMPT},{MULTI_PROMPT}"),
                    "{}",
                    c.what
                );
                assert!(lines[1].starts_with("Abe Approved,abe@example.org,Mentee,"));
                assert!(
                    lines[1].ends_with(",no,,Rust,Backend; Data"),
                    "{}",
                    lines[1]
                );
                assert_eq!(lines[2], "", "{}: only approved members", c.what);
                assert_eq!(lines.len(), 3, "{}", c.what);
            },
        },
    ]
}

impl Row {
    fn name(&self) -> String {
        let target = match self.target {
            Target::Function(endpoint) => endpoint,
            Target::MembersCsv => "members.csv",
        };
        if self.label.is_empty() {
            target.to_owned()
        } else {
            format!("{target} ({})", self.label)
        }
    }
}

/// Asserts that `reply` is the refusal `expect` names.
fn assert_refused(row: &Row, reply: &Reply, expect: Expect, what: &str) {
    let status = match expect {
        Expect::Allowed => 200,
        Expect::Conflict => 409,
        Expect::Unauthorized => 401,
        Expect::Forbidden => 403,
        Expect::NotFound => 404,
    };
    assert_eq!(reply.status, status, "{what}: {reply:?}");
    match row.target {
        Target::MembersCsv => {
            let body = match expect {
                Expect::Unauthorized => "Sign in first.",
                Expect::Forbidden => "For this program's admins only.",
                _ => "",
            };
            assert_eq!(reply.body, body, "{what}");
        }
        Target::Function(_) => {
            let error = reply.json();
            match expect {
                Expect::Conflict => {
                    assert!(error["Conflict"].is_string(), "{what}: {error}")
                }
                Expect::Unauthorized => assert_eq!(error, "Unauthorized", "{what}"),
                Expect::Forbidden => assert_eq!(error, "Forbidden", "{what}"),
                Expect::NotFound => assert_eq!(error, "NotFound", "{what}"),
                Expect::Allowed => unreachable!(),
            }
            // A refused call is not sent anywhere.
            assert_eq!(reply.location(), None, "{what}: {reply:?}");
        }
    }
}

/// Every row × every caller, against programs A that are open or (`draft`)
/// drafts. Before and after each call a snapshot of A is taken: a refused
/// call must change nothing and queue no email.
async fn run_matrix(hub: &Hub, draft: bool) {
    let shared = hub.program_a(draft).await;
    let mut seen: HashMap<i64, Value> = HashMap::new();
    let mut cells = 0;
    for row in rows() {
        let expected = if draft { row.draft } else { row.open };
        // Refused calls of a mutating function share one program A: if one
        // of them changed it, its snapshot check fails right there.
        let refused_target = if row.mutates {
            Some(hub.program_a(draft).await)
        } else {
            None
        };
        for (caller, expect) in CALLERS.into_iter().zip(expected) {
            let fresh;
            let a = match (&refused_target, expect) {
                (Some(_), Expect::Allowed) => {
                    fresh = hub.program_a(draft).await;
                    &fresh
                }
                (Some(target), _) => target,
                (None, _) => &shared,
            };
            let what = format!(
                "{} as {caller:?}, {} A, on {}",
                row.name(),
                if draft { "draft" } else { "open" },
                hub.server.backend()
            );
            // A program A shared by several cells was last seen after the
            // previous call on it (and nothing else touches it).
            let before = match seen.remove(&a.id) {
                Some(snapshot) => snapshot,
                None => hub.snapshot(a).await,
            };
            let reply = match row.target {
                Target::Function(endpoint) => hub.call(caller, endpoint, &(row.args)(hub, a)).await,
                Target::MembersCsv => hub.csv(caller, &a.slug).await,
            };
            let emails = hub.server.take_all_emails().await;
            let after = hub.snapshot(a).await;
            seen.insert(a.id, after.clone());
            if expect == Expect::Allowed {
                assert_eq!(reply.status, 200, "{what}: {reply:?}");
                if !row.mutates {
                    assert_eq!(before, after, "{what}: a read changed something");
                }
                if row.target.is_not("programs/decide") {
                    assert!(emails.is_empty(), "{what}: {emails:#?}");
                }
                (row.check)(&Ctx {
                    hub,
                    a,
                    caller,
                    reply: &reply,
                    before: &before,
                    after: &after,
                    emails: &emails,
                    label: row.label,
                    what,
                });
            } else {
                assert_refused(&row, &reply, expect, &what);
                assert_eq!(before, after, "{what}: a refused call changed something");
                assert!(emails.is_empty(), "{what}: {emails:#?}");
            }
            cells += 1;
        }
    }
    assert_eq!(cells, rows().len() * CALLERS.len());
}

impl Target {
    fn is_not(&self, endpoint: &str) -> bool {
        !matches!(self, Target::Function(e) if *e == endpoint)
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_program_function_admits_exactly_the_allowed_callers() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        run_matrix(&hub, false).await;
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_draft_program_does_not_exist_for_anyone_but_its_admins() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        run_matrix(&hub, true).await;
        hub.server.stop().await;
    })
    .await;
}

#[test]
fn the_matrix_covers_every_program_server_function() {
    // Every `endpoint = "programs/..."` in programs/api/ has a row, and every tab.
    let source = [
        include_str!("../../app/src/programs/api/member.rs"),
        include_str!("../../app/src/programs/api/settings.rs"),
        include_str!("../../app/src/programs/api/questions.rs"),
        include_str!("../../app/src/programs/api/members.rs"),
        include_str!("../../app/src/programs/api/invitations.rs"),
    ]
    .concat();
    let api_files = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../app/src/programs/api"
    ))
    .unwrap()
    .count();
    assert_eq!(
        api_files, 6,
        "a new file in programs/api/ belongs in the list above"
    );
    let rows = rows();
    let covered: Vec<&str> = rows
        .iter()
        .filter_map(|row| match row.target {
            Target::Function(endpoint) => Some(endpoint),
            Target::MembersCsv => None,
        })
        .collect();
    let mut functions = 0;
    for piece in source.split("endpoint = \"").skip(1) {
        let endpoint = piece.split('"').next().unwrap();
        assert!(covered.contains(&endpoint), "no matrix row for {endpoint}");
        functions += 1;
    }
    assert_eq!(functions, 25, "server functions in programs/api/");
    assert!(rows
        .iter()
        .any(|row| matches!(row.target, Target::MembersCsv)));
    for tab in ["discussion", "resources", "events", "mentors"] {
        assert!(rows.iter().any(|row| row.label == tab), "{tab}");
    }
}

// ---------------------------------------------------------------------------
// Behaviour
// ---------------------------------------------------------------------------

/// A JSON object from computed keys.
fn object(pairs: &[(String, Value)]) -> Value {
    Value::Object(pairs.iter().cloned().collect())
}

fn tab_args(slug: &str) -> Args {
    vec![kv("slug", slug), kv("tab", "discussion")]
}

#[tokio::test(flavor = "multi_thread")]
async fn a_join_missing_a_required_answer_is_refused_and_keeps_what_was_given() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let a = hub.program_a(false).await;
        let applications = [kv("program_id", a.id)];
        // Two tracks chosen, the required question left out.
        let args = join_args(a.id, "mentee", &[(a.multi_q, &["Data", "Backend"])], None);

        let reply = hub.call(Member, "programs/join", &args).await;
        reply.expect_invalid(&format!("q-{}", a.text_q), REQUIRED);
        assert_eq!(
            reply.submitted(),
            object(&[(format!("q-{}", a.multi_q), json!("Data\nBackend"))]),
            "{reply:?}"
        );
        assert_eq!(reply.location(), None, "{reply:?}");
        // Nothing was stored.
        let page = hub.page(Member, &a.slug).await;
        assert_eq!(page["access"]["membership"], Value::Null, "{page}");
        let queue = hub
            .ok(HubAdmin, "programs/applications", &applications)
            .await;
        assert_eq!(ids(&queue, "user_id"), vec![hub.pending.id]);

        // The same from a browser without JavaScript: a redirect back to the
        // form (a browser shows anything but a 3xx as a raw error).
        let reply = hub.call_as(Member, "programs/join", &args, HTML).await;
        assert_eq!(reply.status, 302, "{reply:?}");
        let back = reply.location().unwrap_or_default();
        assert!(back.starts_with(&hub.server.url("/programs")), "{reply:?}");
        let page = hub.page(Member, &a.slug).await;
        assert_eq!(page["access"]["membership"], Value::Null, "{page}");
        let queue = hub
            .ok(HubAdmin, "programs/applications", &applications)
            .await;
        assert_eq!(ids(&queue, "user_id"), vec![hub.pending.id]);

        // A role the program does not take is refused under `role`.
        let only_mentees = Settings {
            mentors: false,
            ..a.settings()
        };
        hub.ok(ProgramAdmin, "programs/save", &only_mentees.args())
            .await;
        hub.call(
            Member,
            "programs/join",
            &join_args(a.id, "mentor", &[], None),
        )
        .await
        .expect_invalid("role", "This program does not take members in this role.");
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_join_stores_every_chosen_option_and_redirects_to_the_program() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let a = hub.program_a(false).await;
        let args = join_args(
            a.id,
            "mentee",
            &[
                (a.text_q, &["  Systems   programming "]),
                (a.multi_q, &["Data", "Backend"]),
            ],
            None,
        );

        // The hydrated app: 200, and where to go next.
        let reply = hub.call(Member, "programs/join", &args).await;
        reply.expect(200);
        assert_eq!(reply.json()["status"], "pending", "{reply:?}");
        assert_eq!(reply.json()["already_applied"], false, "{reply:?}");
        let joined = format!("/programs/{}?joined=pending", a.slug);
        assert_eq!(reply.location(), Some(joined.as_str()), "{reply:?}");

        // A browser without JavaScript follows the redirect.
        let reply = hub.call_as(OtherAdmin, "programs/join", &args, HTML).await;
        assert_eq!(reply.status, 302, "{reply:?}");
        assert_eq!(reply.location(), Some(joined.as_str()), "{reply:?}");

        // Both multiple-choice values arrived and are stored in the
        // question's order; the text answer is tidied.
        let queue = hub
            .ok(HubAdmin, "programs/applications", &[kv("program_id", a.id)])
            .await;
        assert_eq!(
            ids(&queue, "user_id"),
            vec![hub.pending.id, hub.member.id, hub.other_admin.id]
        );
        for application in &queue.as_array().unwrap()[1..] {
            assert_eq!(
                application["answers"],
                json!([
                    {"question_id": a.text_q, "prompt": TEXT_PROMPT, "kind": "short_text",
                     "value": "Systems programming", "question_deleted": false},
                    {"question_id": a.multi_q, "prompt": MULTI_PROMPT, "kind": "multiple_choice",
                     "value": "Backend\nData", "question_deleted": false},
                ]),
                "{application}"
            );
            assert_eq!(application["via_invitation"], false);
        }

        // The member's own data export carries the application and answers.
        let export = hub
            .server
            .fetch("/account/export", hub.member.cookie())
            .await;
        export.expect(200);
        let mine = export.json()["programs"].clone();
        let mine = mine
            .as_array()
            .unwrap()
            .iter()
            .find(|entry| entry["membership"]["status"] == "pending")
            .cloned()
            .unwrap_or_else(|| panic!("no pending application in {mine}"));
        assert_eq!(mine["membership"]["role"], "mentee", "{mine}");
        assert_eq!(
            mine["answers"],
            json!([
                {"question": TEXT_PROMPT, "answer": "Systems programming"},
                {"question": MULTI_PROMPT, "answer": "Backend\nData"},
            ]),
            "{mine}"
        );

        // A choice that is not on the list is refused.
        let args = join_args(
            a.id,
            "mentee",
            &[(a.text_q, &["Rust"]), (a.multi_q, &["Backend", "Cooking"])],
            None,
        );
        hub.call(Approved, "programs/leave", &[kv("program_id", a.id)])
            .await
            .expect(200);
        hub.call(Approved, "programs/join", &args)
            .await
            .expect_invalid(
                &format!("q-{}", a.multi_q),
                "\u{201c}Cooking\u{201d} is not one of the choices.",
            );
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_double_submission_makes_one_application() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let a = hub.program_a(false).await;
        let answers: [(i64, &[&str]); 1] = [(a.text_q, &["Rust"])];
        let args = join_args(a.id, "mentee", &answers, None);

        // One after the other (a retry).
        let first = hub.ok(Member, "programs/join", &args).await;
        let second = hub.ok(Member, "programs/join", &args).await;
        assert_eq!(first["already_applied"], false, "{first}");
        assert_eq!(
            second,
            json!({"membership_id": first["membership_id"], "role": "mentee",
                   "status": "pending", "already_applied": true})
        );

        // At the same time (a double click).
        let (one, two) = tokio::join!(
            hub.call(OtherAdmin, "programs/join", &args),
            hub.call(OtherAdmin, "programs/join", &args)
        );
        one.expect(200);
        two.expect(200);
        let (one, two) = (one.json(), two.json());
        assert_eq!(one["membership_id"], two["membership_id"], "{one} {two}");
        let mut fresh = [
            one["already_applied"].clone(),
            two["already_applied"].clone(),
        ];
        fresh.sort_by_key(|value| value.as_bool());
        assert_eq!(fresh, [json!(false), json!(true)], "{one} {two}");

        let queue = hub
            .ok(HubAdmin, "programs/applications", &[kv("program_id", a.id)])
            .await;
        assert_eq!(
            ids(&queue, "user_id"),
            vec![hub.pending.id, hub.member.id, hub.other_admin.id]
        );
        // One set of answers each.
        assert_eq!(queue[2]["answers"].as_array().unwrap().len(), 1, "{queue}");
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_admins_approving_at_once_send_one_email_and_let_the_member_in() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let a = hub.program_a(false).await;
        hub.call(Pending, "programs/member_tab", &tab_args(&a.slug))
            .await
            .expect_forbidden();

        let args = decide_args(a.id, &[a.pending_membership], "approve", "");
        let (one, two) = tokio::join!(
            hub.call(ProgramAdmin, "programs/decide", &args),
            hub.call(HubAdmin, "programs/decide", &args)
        );
        one.expect(200);
        two.expect(200);
        let mut decided = [one.json(), two.json()];
        decided.sort_by_key(|ids| ids.as_array().unwrap().len());
        assert_eq!(decided, [json!([]), json!([a.pending_membership])]);

        let emails = hub.server.take_all_emails().await;
        assert_eq!(emails.len(), 1, "{emails:#?}");
        assert_eq!(emails[0].recipient, "penny@example.org");
        assert!(emails[0].subject.contains(&a.name), "{}", emails[0].subject);
        let link = hub.server.url(&a.path());
        assert!(
            emails[0].text_body.contains(&link),
            "{}",
            emails[0].text_body
        );

        let tab = hub
            .ok(Pending, "programs/member_tab", &tab_args(&a.slug))
            .await;
        assert_eq!(tab, json!({"tab": "discussion", "program_name": a.name}));
        let page = hub.page(Pending, &a.slug).await;
        assert_eq!(page["access"]["membership"]["status"], "approved");
        assert!(
            page["access"]["membership"]["joined_at"].is_string(),
            "{page}"
        );
        assert_eq!(page["mentee_count"], 2);

        // Deciding again changes nothing and sends nothing.
        assert_eq!(hub.ok(HubAdmin, "programs/decide", &args).await, json!([]));
        assert!(hub.server.take_all_emails().await.is_empty());
        // Nothing chosen, or no such decision: refused under its field.
        hub.call(
            HubAdmin,
            "programs/decide",
            &decide_args(a.id, &[], "approve", ""),
        )
        .await
        .expect_invalid("membership_ids", "Select at least one application.");
        hub.call(
            HubAdmin,
            "programs/decide",
            &decide_args(a.id, &[a.pending_membership], "maybe", ""),
        )
        .await
        .expect_invalid("decision", "Choose approve or decline.");
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_declined_member_sees_the_message_and_reapplies_only_when_allowed() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let a = hub.program_a(false).await;
        let message = "We are full this round, sorry.";
        let decided = hub
            .ok(
                ProgramAdmin,
                "programs/decide",
                &decide_args(a.id, &[a.pending_membership], "decline", message),
            )
            .await;
        assert_eq!(decided, json!([a.pending_membership]));
        let emails = hub.server.take_emails_to("penny@example.org").await;
        assert_eq!(emails.len(), 1, "{emails:#?}");
        assert!(
            emails[0].text_body.contains(message),
            "{}",
            emails[0].text_body
        );

        let page = hub.page(Pending, &a.slug).await;
        let membership = &page["access"]["membership"];
        assert_eq!(membership["status"], "declined", "{page}");
        assert_eq!(membership["decision_message"], message, "{page}");
        assert_eq!(page["join_refusal"], DECLINED_FOR_GOOD, "{page}");
        let form = hub
            .ok(Pending, "programs/join_form", &[kv("slug", &a.slug)])
            .await;
        assert_eq!(form["refusal"], DECLINED_FOR_GOOD, "{form}");

        let args = join_args(a.id, "mentee", &[(a.text_q, &["Again"])], None);
        hub.call(Pending, "programs/join", &args)
            .await
            .expect_error(409, json!({ "Conflict": DECLINED_FOR_GOOD }));
        let page = hub.page(Pending, &a.slug).await;
        assert_eq!(page["access"]["membership"]["status"], "declined");

        // Once the program allows it, the same row is reused, the old
        // decision cleared.
        let reapply = Settings {
            allow_reapply: true,
            ..a.settings()
        };
        hub.ok(ProgramAdmin, "programs/save", &reapply.args()).await;
        let page = hub.page(Pending, &a.slug).await;
        assert_eq!(page["join_refusal"], Value::Null, "{page}");
        let outcome = hub.ok(Pending, "programs/join", &args).await;
        assert_eq!(
            outcome,
            json!({"membership_id": a.pending_membership, "role": "mentee",
                   "status": "pending", "already_applied": false})
        );
        let membership = hub.page(Pending, &a.slug).await["access"]["membership"].clone();
        assert_eq!(membership["status"], "pending", "{membership}");
        assert_eq!(membership["decision_message"], Value::Null, "{membership}");
        assert_eq!(membership["decided_at"], Value::Null, "{membership}");
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn members_withdraw_applications_and_leave_programs() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let a = hub.program_a(false).await;
        let id = [kv("program_id", a.id)];

        let reply = hub.call(Pending, "programs/withdraw", &id).await;
        reply.expect(200);
        let withdrawn = format!("{}?withdrawn=1", a.path());
        assert_eq!(reply.location(), Some(withdrawn.as_str()));
        let page = hub.page(Pending, &a.slug).await;
        assert_eq!(page["access"]["membership"]["status"], "withdrawn");
        assert_eq!(page["join_refusal"], Value::Null, "may apply again: {page}");
        assert_eq!(
            hub.ok(HubAdmin, "programs/applications", &id).await,
            json!([])
        );
        hub.call(Pending, "programs/withdraw", &id)
            .await
            .expect_error(
                409,
                json!({"Conflict": "There is no pending application to withdraw."}),
            );
        let answers: [(i64, &[&str]); 1] = [(a.text_q, &["Rust"])];
        let outcome = hub
            .ok(
                Pending,
                "programs/join",
                &join_args(a.id, "mentee", &answers, None),
            )
            .await;
        assert_eq!(outcome["status"], "pending");
        assert_eq!(outcome["membership_id"], a.pending_membership);

        let reply = hub.call(Approved, "programs/leave", &id).await;
        reply.expect(200);
        let left = format!("{}?left=1", a.path());
        assert_eq!(reply.location(), Some(left.as_str()));
        let page = hub.page(Approved, &a.slug).await;
        assert_eq!(page["access"]["membership"]["status"], "left");
        assert_eq!(page["mentee_count"], 0);
        hub.call(Approved, "programs/member_tab", &tab_args(&a.slug))
            .await
            .expect_forbidden();
        assert_eq!(hub.ok(HubAdmin, "programs/members", &id).await, json!([]));
        hub.call(Approved, "programs/leave", &id)
            .await
            .expect_error(
                409,
                json!({"Conflict": "You are not a member of this program."}),
            );

        // A member removed by an admin may come back only with a link.
        let members_again = hub
            .ok(
                HubAdmin,
                "programs/decide",
                &decide_args(a.id, &[a.pending_membership], "approve", ""),
            )
            .await;
        assert_eq!(members_again, json!([a.pending_membership]));
        hub.ok(
            ProgramAdmin,
            "programs/remove_member",
            &[
                kv("program_id", a.id),
                kv("membership_id", a.pending_membership),
            ],
        )
        .await;
        hub.call(Pending, "programs/member_tab", &tab_args(&a.slug))
            .await
            .expect_forbidden();
        let args = join_args(a.id, "mentee", &answers, None);
        let reply = hub.call(Pending, "programs/join", &args).await;
        reply.expect(409);
        assert!(
            reply.json()["Conflict"]
                .as_str()
                .unwrap()
                .starts_with("An admin removed you"),
            "{reply:?}"
        );
        let args = join_args(a.id, "mentee", &answers, Some(&a.token));
        assert_eq!(
            hub.ok(Pending, "programs/join", &args).await["status"],
            "pending"
        );
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_auto_approving_link_for_one_role_lets_its_holder_into_a_closed_program() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let closed = Settings {
            status: "closed",
            ..Settings::open("Closed Circle", "closed-circle")
        };
        let program = hub.ok(HubAdmin, "programs/save", &closed.args()).await;
        let id = as_i64(&program["id"]);
        let mentor_q = hub
            .ok(
                HubAdmin,
                "programs/save_question",
                &question_args(id, "mentor", "yes_no", "Mentored before?", true, ""),
            )
            .await;
        let mentor_q = as_i64(&mentor_q["id"]);
        let mentee_q = hub
            .ok(
                HubAdmin,
                "programs/save_question",
                &question_args(id, "mentee", "short_text", "Goals?", true, ""),
            )
            .await;
        let mentee_q = as_i64(&mentee_q["id"]);
        let link = hub
            .ok(
                HubAdmin,
                "programs/create_invitation",
                &invitation_args(id, "mentor", true, ""),
            )
            .await;
        let token = link["token"].as_str().unwrap().to_owned();
        let as_mentor = join_args(id, "mentor", &[(mentor_q, &["Yes"])], None);

        // Without the link: closed.
        let form = hub
            .ok(Member, "programs/join_form", &[kv("slug", "closed-circle")])
            .await;
        assert_eq!(form["refusal"], CLOSED, "{form}");
        assert_eq!(form["questions"], json!([]), "{form}");
        hub.call(Member, "programs/join", &as_mentor)
            .await
            .expect_error(409, json!({ "Conflict": CLOSED }));

        // With it: the link's role only (whatever role is asked for), that
        // role's questions, and its terms.
        let form = hub
            .ok(
                Member,
                "programs/join_form",
                &[
                    kv("slug", "closed-circle"),
                    kv("role", "mentee"),
                    kv("invitation", &token),
                ],
            )
            .await;
        assert_eq!(form["refusal"], Value::Null, "{form}");
        assert_eq!(form["roles"], json!(["mentor"]), "{form}");
        assert_eq!(form["role"], "mentor", "{form}");
        assert_eq!(ids(&form["questions"], "id"), vec![mentor_q], "{form}");
        assert_eq!(
            form["invitation"],
            json!({"token": token, "role": "mentor", "auto_approve": true})
        );
        let preview = hub
            .ok(Visitor, "programs/invitation", &[kv("token", &token)])
            .await;
        assert_eq!(preview["problem"], Value::Null, "{preview}");
        assert_eq!(preview["role"], "mentor", "{preview}");

        let as_mentee = join_args(id, "mentee", &[(mentee_q, &["Grow"])], Some(&token));
        hub.call(Member, "programs/join", &as_mentee)
            .await
            .expect_invalid("role", "This invitation is for joining as a mentor.");

        let with_link = join_args(id, "mentor", &[(mentor_q, &["Yes"])], Some(&token));
        let reply = hub.call(Member, "programs/join", &with_link).await;
        reply.expect(200);
        assert_eq!(
            reply.json(),
            json!({"membership_id": reply.json()["membership_id"], "role": "mentor",
                   "status": "approved", "already_applied": false})
        );
        assert_eq!(
            reply.location(),
            Some("/programs/closed-circle?joined=approved")
        );
        hub.ok(Member, "programs/member_tab", &tab_args("closed-circle"))
            .await;
        let members = hub
            .ok(HubAdmin, "programs/members", &[kv("program_id", id)])
            .await;
        assert_eq!(ids(&members, "user_id"), vec![hub.member.id]);
        assert_eq!(members[0]["via_invitation"], true);
        assert_eq!(members[0]["role"], "mentor");
        assert_eq!(members[0]["decided_by_name"], Value::Null);
        assert_eq!(pluck(&members[0]["answers"], "value"), vec![json!("yes")]);
        let links = hub
            .ok(HubAdmin, "programs/invitations", &[kv("program_id", id)])
            .await;
        assert_eq!(links[0]["uses"], 1, "{links}");
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_single_use_link_admits_exactly_one_of_several_members_at_once() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let a = hub.program_a(false).await;
        let link = hub
            .ok(
                ProgramAdmin,
                "programs/create_invitation",
                &invitation_args(a.id, "", true, "1"),
            )
            .await;
        let token = link["token"].as_str().unwrap().to_owned();
        let answers: [(i64, &[&str]); 1] = [(a.text_q, &["Rust"])];
        let args = join_args(a.id, "mentee", &answers, Some(&token));
        let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();

        // Six members (none of them in A yet) at once: more chances for
        // their transactions to overlap than two give.
        let more = hub
            .server
            .add_members(&[
                ("Rae Racer", "rae@example.org"),
                ("Sol Racer", "sol@example.org"),
            ])
            .await;
        let racers = [
            &hub.member,
            &hub.other_admin,
            &hub.program_admin,
            &hub.hub_admin,
            &more[0],
            &more[1],
        ];
        let join = |i: usize| hub.server.post("programs/join", racers[i].cookie(), &pairs);
        let replies = tokio::join!(join(0), join(1), join(2), join(3), join(4), join(5),);
        let replies = [
            replies.0, replies.1, replies.2, replies.3, replies.4, replies.5,
        ];
        let winners: Vec<usize> = (0..racers.len())
            .filter(|i| replies[*i].status == 200)
            .collect();
        assert_eq!(winners.len(), 1, "exactly one admitted: {replies:#?}");
        let winner = winners[0];
        assert_eq!(replies[winner].json()["status"], "approved");
        for (i, reply) in replies.iter().enumerate().filter(|(i, _)| *i != winner) {
            reply.expect_error(409, json!({ "Conflict": LINK_USED_UP }));
            // The loser's whole application rolled back.
            let page = hub
                .server
                .post("programs/page", racers[i].cookie(), &[("slug", &a.slug)])
                .await;
            page.expect(200);
            assert_eq!(page.json()["access"]["membership"], Value::Null, "{page:?}");
        }
        let members = hub
            .ok(HubAdmin, "programs/members", &[kv("program_id", a.id)])
            .await;
        assert_eq!(
            ids(&members, "user_id"),
            vec![hub.approved.id, racers[winner].id],
            "{members}"
        );

        let links = hub
            .ok(HubAdmin, "programs/invitations", &[kv("program_id", a.id)])
            .await;
        assert_eq!(links[0]["id"], link["invitation"]["id"]);
        assert_eq!(links[0]["uses"], 1, "{links}");
        assert_eq!(links[0]["state"], "used_up", "{links}");
        let preview = hub
            .ok(Visitor, "programs/invitation", &[kv("token", &token)])
            .await;
        assert_eq!(preview["problem"], LINK_USED_UP, "{preview}");
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn expired_and_revoked_links_say_why_and_admit_nobody() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let a = hub.program_a(false).await;
        // The API takes only future dates: make a link two days ago that
        // worked for one day.
        let then = chrono::Utc::now().naive_utc() - chrono::Duration::days(2);
        let expired = app::programs::store::create_invitation(
            &hub.server.db.db,
            a.id,
            &app::programs::InvitationDraft {
                role: None,
                auto_approve: true,
                expires_at: Some(then + chrono::Duration::days(1)),
                max_uses: None,
            },
            hub.hub_admin.id,
            then,
        )
        .await
        .unwrap();
        hub.ok(
            ProgramAdmin,
            "programs/revoke_invitation",
            &[kv("program_id", a.id), kv("invitation_id", a.invitation_id)],
        )
        .await;
        let answers: [(i64, &[&str]); 1] = [(a.text_q, &["Rust"])];

        for (token, problem) in [(&expired.token, LINK_EXPIRED), (&a.token, LINK_REVOKED)] {
            for caller in [Visitor, Member] {
                let preview = hub
                    .ok(caller, "programs/invitation", &[kv("token", token)])
                    .await;
                assert_eq!(preview["problem"], problem, "{preview}");
                assert_eq!(preview["program_slug"], a.slug.as_str());
            }
            let form = hub
                .ok(
                    Member,
                    "programs/join_form",
                    &[kv("slug", &a.slug), kv("invitation", token)],
                )
                .await;
            assert_eq!(form["refusal"], problem, "{form}");
            assert_eq!(form["questions"], json!([]), "{form}");
            hub.call(
                Member,
                "programs/join",
                &join_args(a.id, "mentee", &answers, Some(token)),
            )
            .await
            .expect_error(409, json!({ "Conflict": problem }));
            let page = hub.page(Member, &a.slug).await;
            assert_eq!(page["access"]["membership"], Value::Null, "{page}");
        }
        let links = hub
            .ok(HubAdmin, "programs/invitations", &[kv("program_id", a.id)])
            .await;
        let states: Vec<(i64, Value)> = links
            .as_array()
            .unwrap()
            .iter()
            .map(|link| (as_i64(&link["id"]), link["state"].clone()))
            .collect();
        assert!(
            states.contains(&(expired.invitation.id, json!("expired"))),
            "{links}"
        );
        assert!(
            states.contains(&(a.invitation_id, json!("revoked"))),
            "{links}"
        );

        // A token nobody made.
        hub.call(
            Visitor,
            "programs/invitation",
            &[kv("token", "no-such-token")],
        )
        .await
        .expect_not_found();
        hub.server.stop().await;
    })
    .await;
}

/// Nia signs up, with the invitation token if given.
async fn sign_up_with(server: &TestServer, invitation: Option<&str>) -> Reply {
    let mut fields = vec![
        ("name", "Nia Newcomer"),
        ("email", "nia@example.org"),
        ("password", "invited people pick passphrases"),
    ];
    if let Some(token) = invitation {
        fields.push(("invitation", token));
    }
    server.post("accounts/sign_up", None, &fields).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_working_link_lets_its_holder_sign_up_on_an_invitation_only_hub() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let a = hub.program_a(false).await;
        let revoked = hub
            .ok(
                ProgramAdmin,
                "programs/create_invitation",
                &invitation_args(a.id, "", false, ""),
            )
            .await;
        hub.ok(
            ProgramAdmin,
            "programs/revoke_invitation",
            &[
                kv("program_id", a.id),
                kv("invitation_id", &revoked["invitation"]["id"]),
            ],
        )
        .await;
        hub.server
            .set_signup_mode(&hub.hub_admin, "invitation")
            .await
            .expect(200);
        for token in [None, Some("no-such-token"), revoked["token"].as_str()] {
            let reply = sign_up_with(&hub.server, token).await;
            reply.expect_invalid("email", INVITATION_ONLY);
            assert_eq!(reply.session_token(), None, "{reply:?}");
        }

        let reply = sign_up_with(&hub.server, Some(&a.token)).await;
        reply.expect(200);
        let cookie = reply.session_cookie().expect("signed in");
        let user = hub.server.current_user(Some(&cookie)).await;
        assert_eq!(user["email"], "nia@example.org", "{user}");
        assert_eq!(user["is_hub_admin"], false, "{user}");
        // And the link then takes them into the program.
        let answers: [(i64, &[&str]); 1] = [(a.text_q, &["Everything"])];
        let args = join_args(a.id, "mentee", &answers, Some(&a.token));
        let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let joined = hub
            .server
            .post("programs/join", Some(&cookie), &pairs)
            .await;
        joined.expect(200);
        assert_eq!(joined.json()["status"], "pending", "{joined:?}");
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_members_csv_is_for_admins_and_carries_every_answer() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let a = hub.program_a(false).await;
        let answers: [(i64, &[&str]); 2] = [
            (a.text_q, &["=SUM(A1), mostly"]),
            (a.multi_q, &["Frontend", "Backend"]),
        ];
        let mo = hub
            .ok(Member, "programs/join", &join_args(a.id, "mentee", &answers, None))
            .await;
        hub.ok(
            ProgramAdmin,
            "programs/decide",
            &decide_args(a.id, &[as_i64(&mo["membership_id"])], "approve", ""),
        )
        .await;

        let reply = hub.csv(ProgramAdmin, &a.slug).await;
        reply.expect(200);
        assert_eq!(reply.header("content-type"), Some("text/csv; charset=utf-8"));
        let attachment = format!("attachment; filename=\"{}-members.csv\"", a.slug);
        assert_eq!(reply.header("content-disposition"), Some(attachment.as_str()));
        assert_eq!(reply.header("cache-control"), Some("private, no-store"));
        let lines: Vec<&str> = reply.body.split("\r\n").collect();
        assert_eq!(
            lines[0],
            format!("Name,Email,Role,Joined (UTC),Applied (UTC),Through an invitation,Matched with,{TEXT_PROMPT},{MULTI_PROMPT}")
        );
        assert!(lines[1].starts_with("Abe Approved,abe@example.org,Mentee,"), "{}", reply.body);
        assert!(lines[1].ends_with(",no,,Rust,Backend; Data"), "{}", reply.body);
        assert!(lines[2].starts_with("Mo Member,mo@example.org,Mentee,"), "{}", reply.body);
        // Quoted for the comma, defused for the spreadsheet; the choices in
        // the question's order.
        assert!(
            lines[2].ends_with(",no,,\"'=SUM(A1), mostly\",Backend; Frontend"),
            "{}",
            reply.body
        );
        assert_eq!(lines.len(), 4, "{}", reply.body);

        for (caller, status) in [(Visitor, 401), (Member, 403), (Approved, 403), (OtherAdmin, 403)] {
            let reply = hub.csv(caller, &a.slug).await;
            assert_eq!(reply.status, status, "{caller:?}: {reply:?}");
            assert!(!reply.body.contains("abe@example.org"), "{caller:?}: {reply:?}");
        }
        hub.csv(HubAdmin, "no-such-program").await.expect(404);
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn another_programs_admin_cannot_reach_this_programs_rows_through_their_own() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let a = hub.program_a(false).await;
        let b = hub.b_id;
        let before = hub.snapshot(&a).await;

        let mut edit = question_args(b, "mentee", "short_text", "Hijacked?", true, "");
        edit.push(kv("question_id", a.text_q));
        let not_found: Vec<(&str, Args)> = vec![
            ("programs/save_question", edit),
            (
                "programs/delete_question",
                vec![kv("program_id", b), kv("question_id", a.text_q)],
            ),
            (
                "programs/move_question",
                vec![
                    kv("program_id", b),
                    kv("question_id", a.multi_q),
                    kv("direction", "up"),
                ],
            ),
            (
                "programs/remove_member",
                vec![
                    kv("program_id", b),
                    kv("membership_id", a.approved_membership),
                ],
            ),
            (
                "programs/revoke_invitation",
                vec![kv("program_id", b), kv("invitation_id", a.invitation_id)],
            ),
            (
                "programs/join_form",
                vec![kv("slug", "program-b"), kv("invitation", &a.token)],
            ),
            ("programs/join", join_args(b, "mentee", &[], Some(&a.token))),
        ];
        for (function, args) in &not_found {
            let reply = hub.call(OtherAdmin, function, args).await;
            assert_eq!(reply.status, 404, "{function}: {reply:?}");
            reply.expect_not_found();
        }
        // Deciding skips what is not B's: nothing decided, nobody emailed.
        let decided = hub
            .ok(
                OtherAdmin,
                "programs/decide",
                &decide_args(b, &[a.pending_membership], "approve", ""),
            )
            .await;
        assert_eq!(decided, json!([]));
        assert!(hub.server.take_all_emails().await.is_empty());
        assert_eq!(hub.snapshot(&a).await, before);
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn programs_are_created_from_a_plain_form_post_by_hub_admins_only() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        // The form posts an empty program_id for a new program.
        let reply = hub
            .call_as(
                HubAdmin,
                "programs/save",
                &Settings::open("Plain Form", "plain-form").args(),
                HTML,
            )
            .await;
        assert_eq!(reply.status, 302, "{reply:?}");
        assert_eq!(
            reply.location(),
            Some("/programs/plain-form/admin/settings?created=1")
        );
        let page = hub.page(Member, "plain-form").await;
        assert_eq!(page["program"]["settings"]["name"], "Plain Form");

        // A member's post goes back to the form, and nothing is created.
        let reply = hub
            .call_as(
                Member,
                "programs/save",
                &Settings::open("Sneaky", "sneaky").args(),
                HTML,
            )
            .await;
        assert_eq!(reply.status, 302, "{reply:?}");
        let back = reply.location().unwrap_or_default();
        assert!(back.starts_with(&hub.server.url("/programs")), "{reply:?}");
        hub.call(HubAdmin, "programs/page", &[kv("slug", "sneaky")])
            .await
            .expect_not_found();

        // Who asks is checked before the form: a visitor's or a member's
        // broken form is refused as such, not explained field by field.
        let mut broken = Settings::open("", "NOT A SLUG").args();
        for (name, value) in broken.iter_mut() {
            if name == "status" {
                *value = "nonsense".into();
            }
        }
        hub.call(Visitor, "programs/save", &broken)
            .await
            .expect(401);
        hub.call(Member, "programs/save", &broken).await.expect(403);

        // A slug in use is refused under `slug`, with the form kept.
        let reply = hub
            .call(
                HubAdmin,
                "programs/save",
                &Settings::open("Plain Again", "plain-form").args(),
            )
            .await;
        reply.expect_invalid(
            "slug",
            "Another program already uses this address. Choose another.",
        );
        assert_eq!(reply.submitted()["name"], "Plain Again");
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_directory_pages_through_many_programs_with_and_without_javascript() {
    on_both_backends(|server| async move {
        let (admin, _) = support::admin_and_member(&server).await;
        // One page and two more.
        for n in 0..26 {
            server
                .create_program(&admin, &format!("Paged {n:02}"), &format!("paged-{n:02}"))
                .await;
        }
        // The server function (what the browser calls when it navigates).
        let second = server
            .post("programs/directory", None, &[("page", "2")])
            .await;
        second.expect(200);
        let second = second.json();
        assert_eq!(
            (second["total"].as_i64(), second["page"].as_i64()),
            (Some(26), Some(2))
        );
        let names: Vec<&str> = second["tiles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|tile| tile["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Paged 24", "Paged 25"], "{}", server.backend());

        // The page without JavaScript: the summary, 24 tiles and plain links.
        let first = server.fetch("/programs", None).await;
        first.expect(200);
        assert!(
            first.body.contains("26 programs · page 1 of 2"),
            "{}",
            first.body
        );
        assert_eq!(first.body.matches("class=\"tile\"").count(), 24);
        assert!(first
            .body
            .contains("href=\"/programs?page=2\" rel=\"next\""));
        assert!(!first.body.contains("rel=\"prev\""));
        let last = server.fetch("/programs?page=2", None).await;
        assert!(last.body.contains("Paged 25") && !last.body.contains("Paged 23"));
        assert!(last.body.contains("href=\"/programs?page=1\" rel=\"prev\""));
        assert!(!last.body.contains("rel=\"next\""));
        // Out of range or not a number: the nearest page, not an error.
        for path in ["/programs?page=9", "/programs?page=99999999999999999999"] {
            let page = server.fetch(path, None).await;
            page.expect(200);
            assert!(page.body.contains("page 2 of 2"), "{path}");
        }
        let garbage = server.fetch("/programs?page=abc", None).await;
        assert!(garbage.body.contains("page 1 of 2"));
        // A search keeps its words in the page links.
        let searched = server
            .fetch("/programs?q=paged", Some(admin.cookie().unwrap()))
            .await;
        assert!(
            searched
                .body
                .contains("href=\"/programs?page=2&amp;q=paged\" rel=\"next\""),
            "{}",
            searched.body
        );
    })
    .await;
}
