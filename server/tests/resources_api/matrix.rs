//! The authorization matrix: every resources server function, the
//! resource form's post and the file download × every caller, for a
//! program's resource, a hub resource and a program's mentees-only one.
//!
//! A fixture is a section holding two resources: the one the calls are
//! about (a PDF file) and its neighbour (a page), both for the fixture's
//! audience, made over HTTP by the hub admin. Before and after each call
//! the library, the resource and its form as the hub admin reads them, the
//! rows and the upload folder are compared: a refused call changes none of
//! them, an allowed call only what it should.

use super::*;
use support::{assert_refused, Expect};

const OK: Expect = Expect::Allowed;
const U401: Expect = Expect::Unauthorized;
const F403: Expect = Expect::Forbidden;

// In the order of `CALLERS`: visitor, outsider, mentee of B, mentee of A,
// mentor of A, admin of A, admin of B, hub admin. These are for program
// A's library; `expected` derives the others.
/// The program's approved members and its managers.
const READERS: [Expect; 8] = [U401, F403, F403, OK, OK, OK, F403, OK];
/// The program's admins and the hub admins.
const MANAGERS: [Expect; 8] = [U401, F403, F403, F403, F403, OK, F403, OK];

/// Which resource a fixture is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Where {
    /// Program A's, for everyone in it.
    Program,
    /// The hub's.
    Hub,
    /// Program A's, for its mentees only.
    MenteesOnly,
}

/// What `row` expects in `place`. The hub's library is every member's,
/// managed by the hub admins only: the outsider, the mentee of B and both
/// program admins are each what the mentee of A (a member who manages
/// nothing) is. A mentees-only resource refuses the mentor (its page and
/// its file; the library answers, without it).
fn expected(row: &Row, place: Where) -> [Expect; 8] {
    let mut expect = row.expect;
    match place {
        Where::Program => {}
        Where::Hub => {
            for i in [1, 2, 5, 6] {
                expect[i] = row.expect[3];
            }
        }
        Where::MenteesOnly => {
            if row.per_resource && expect[4] == OK {
                expect[4] = F403;
            }
        }
    }
    expect
}

/// One fixture.
#[derive(Debug, Clone)]
pub struct Fix {
    pub n: usize,
    pub place: Where,
    /// The `space` argument: program A's slug, or empty for the hub's.
    pub space: String,
    pub section: i64,
    /// The resource the calls are about: a PDF.
    pub item: i64,
    /// The page after it in its section.
    pub neighbour: i64,
    pub audience: &'static str,
}

impl Fix {
    pub fn path(&self) -> String {
        library_path(&self.space)
    }

    pub fn item_path(&self) -> String {
        format!("{}/{}", self.path(), self.item)
    }

    pub fn file_path(&self) -> String {
        format!("{}/file", self.item_path())
    }

    pub fn title(&self) -> String {
        format!("Guide number {}", self.n)
    }

    pub fn file_name(&self) -> String {
        format!("guide-{}.pdf", self.n)
    }

    pub fn section_title(&self) -> String {
        format!("Section {}", self.n)
    }

    fn args(&self) -> Args {
        item_args(&self.space, self.item)
    }

    fn section_args(&self) -> Args {
        vec![kv("space", &self.space), kv("id", self.section)]
    }
}

impl Hub {
    /// A fresh fixture in `place`.
    async fn fixture(&self, place: Where) -> Fix {
        let n = self.next();
        let (space, audience) = match place {
            Where::Program => (SLUG, "everyone"),
            Where::Hub => ("", "everyone"),
            Where::MenteesOnly => (SLUG, "mentees"),
        };
        let section = self.add_section(space, &format!("Section {n}")).await;
        let file = Upload::file(&format!("Guide number {n}"), &format!("guide-{n}.pdf"), PDF)
            .set("summary", format!("The guide of fixture {n}."))
            .set("section", section)
            .set("audience", audience);
        let item = self.saved(HubAdmin, space, &file).await;
        let page = Upload::page(&format!("Notes number {n}"), "Some notes.")
            .set("section", section)
            .set("audience", audience);
        let neighbour = self.saved(HubAdmin, space, &page).await;
        Fix {
            n,
            place,
            space: space.to_owned(),
            section,
            item,
            neighbour,
            audience,
        }
    }

    /// Everything about the fixture's library a resources call could
    /// change, as the hub admin (who sees everything) reads it.
    async fn snapshot(&self, f: &Fix) -> Value {
        let library = self.library(HubAdmin, &f.space).await;
        let item = self.call(HubAdmin, "resources/resource", &f.args()).await;
        let form = self.call(HubAdmin, "resources/form", &f.args()).await;
        let file = self.download(HubAdmin, &f.file_path()).await;
        json!({
            "library": library,
            "item": [item.status, item.json()],
            "form": [form.status, form.json()],
            "file": [file.status, String::from_utf8_lossy(&file.bytes)],
            "resources": self.resource_count().await,
            "orphans": self.orphans().await,
            "files": self.stored_files(),
        })
    }
}

#[derive(Clone, Copy)]
pub enum Target {
    /// A server function and its arguments.
    Function(&'static str, fn(&Fix) -> Args),
    /// `POST <library>/save` (named for the report) with this form.
    Save(&'static str, fn(&Fix) -> Upload),
    /// `GET <library>/<id>/file`.
    File,
}

impl Target {
    fn label(&self) -> &'static str {
        match self {
            Target::Function(endpoint, _) => endpoint,
            Target::Save(label, _) => label,
            Target::File => "<library>/<id>/file",
        }
    }
}

pub struct Row {
    target: Target,
    /// Whether an allowed call changes something (each allowed caller then
    /// gets a fresh fixture).
    mutates: bool,
    /// Reads the resource itself (whose audience the caller must be in).
    per_resource: bool,
    expect: [Expect; 8],
    check: fn(&Ctx),
}

pub struct Ctx<'a> {
    f: &'a Fix,
    caller: Caller,
    reply: &'a Reply,
    before: &'a Value,
    after: &'a Value,
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

    /// The fixture's resources are for them.
    fn audience(&self) -> bool {
        !(self.f.place == Where::MenteesOnly && self.caller == Mentor)
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

    fn returned_nothing(&self) {
        assert!(is_unit(&self.json()), "{}: {:?}", self.what, self.reply);
    }

    /// The fixture's section in `snapshot`'s library.
    fn section(&self, snapshot: &'a Value) -> Option<&'a Value> {
        section_of(&snapshot["library"], self.f.section)
    }

    fn section_ids(&self, snapshot: &Value) -> Vec<i64> {
        ids(&snapshot["library"]["sections"])
    }

    /// The resource's page in `snapshot` (as the hub admin read it).
    fn item(&self, snapshot: &'a Value) -> &'a Value {
        assert_eq!(snapshot["item"][0], 200, "{}: {snapshot}", self.what);
        &snapshot["item"][1]
    }

    fn count(&self, snapshot: &Value) -> i64 {
        as_i64(&snapshot["resources"])
    }

    /// Nothing but the library's order and sections changed: the same rows,
    /// files and resource (bar its section's title).
    fn same_content(&self) {
        for key in ["resources", "orphans", "files", "file"] {
            assert_eq!(self.before[key], self.after[key], "{}: {key}", self.what);
        }
    }
}

/// The hub admin's view of the fixture's resource, as `resources/resource`
/// gives it.
fn check_summary(c: &Ctx, item: &Value) {
    let f = c.f;
    assert_eq!(item["id"], f.item, "{}", c.what);
    assert_eq!(item["kind"], "file", "{}", c.what);
    assert_eq!(item["title"], f.title(), "{}", c.what);
    assert_eq!(
        item["summary"],
        format!("The guide of fixture {}.", f.n),
        "{}",
        c.what
    );
    assert_eq!(item["url"], "", "{}", c.what);
    assert_eq!(
        item["file"],
        json!({
            "name": f.file_name(),
            "label": "PDF",
            "size": format!("{} bytes", PDF.len()),
            "inline": true,
        }),
        "{}",
        c.what
    );
    assert_eq!(item["audience"], f.audience, "{}", c.what);
    assert_eq!(item["pinned"], false, "{}", c.what);
    assert_eq!(item["is_new"], false, "{}", c.what);
    assert!(item["updated"].is_string(), "{}", c.what);
}

fn check_library_facts(c: &Ctx, library: &Value) {
    let (slug, name) = match c.f.place {
        Where::Hub => (Value::Null, json!("Mentorhub")),
        _ => (json!(SLUG), json!("Program A")),
    };
    assert_eq!(
        library,
        &json!({
            "program_slug": slug,
            "name": name,
            "path": c.f.path(),
            "can_manage": c.manager(),
        }),
        "{}",
        c.what
    );
}

fn rows() -> Vec<Row> {
    vec![
        // ----- Reading -------------------------------------------------------
        Row {
            target: Target::Function("resources/library", |f| vec![kv("space", &f.space)]),
            mutates: false,
            per_resource: false,
            expect: READERS,
            check: |c| {
                let page = c.json();
                check_library_facts(c, &page["library"]);
                let listed = items(&page);
                let found = listed.iter().find(|item| item["id"] == c.f.item);
                let neighbour = listed.iter().any(|item| item["id"] == c.f.neighbour);
                let section = section_of(&page, c.f.section);
                let Some(item) = found else {
                    assert!(!c.audience(), "{}: not listed: {page}", c.what);
                    assert!(!neighbour, "{}: {page}", c.what);
                    // Nothing in it for them: the section is not shown.
                    assert_eq!(section, None, "{}: {page}", c.what);
                    return;
                };
                assert!(c.audience(), "{}: listed for the mentor: {page}", c.what);
                check_summary(c, item);
                let section = section.unwrap_or_else(|| panic!("{}: {page}", c.what));
                assert_eq!(section["title"], c.f.section_title(), "{}", c.what);
                assert_eq!(
                    ids(&section["items"]),
                    [c.f.item, c.f.neighbour],
                    "{}",
                    c.what
                );
                assert_eq!(page["new_count"], 0, "{}", c.what);
            },
        },
        Row {
            target: Target::Function("resources/resource", Fix::args),
            mutates: false,
            per_resource: true,
            expect: READERS,
            check: |c| {
                let page = c.json();
                check_library_facts(c, &page["library"]);
                check_summary(c, &page["item"]);
                assert_eq!(page["section"], c.f.section_title(), "{}", c.what);
                assert_eq!(page["body_html"], "", "{}", c.what);
            },
        },
        Row {
            target: Target::Function("resources/form", Fix::args),
            mutates: false,
            per_resource: false,
            expect: MANAGERS,
            check: |c| {
                let page = c.json();
                check_library_facts(c, &page["library"]);
                assert_eq!(page["id"], c.f.item, "{}", c.what);
                assert_eq!(
                    page["draft"],
                    json!({
                        "kind": "file",
                        "title": c.f.title(),
                        "summary": format!("The guide of fixture {}.", c.f.n),
                        "url": "",
                        "body": "",
                        "section": c.f.section.to_string(),
                        "audience": c.f.audience,
                        "pinned": null,
                    }),
                    "{}",
                    c.what
                );
                assert_eq!(page["file"]["name"], c.f.file_name(), "{}", c.what);
                let sections = page["sections"].as_array().unwrap();
                assert!(
                    sections.contains(&json!({"id": c.f.section, "title": c.f.section_title()})),
                    "{}: {page}",
                    c.what
                );
                assert_eq!(
                    page["max_bytes"],
                    app::resources::files::DEFAULT_UPLOAD_MAX_BYTES,
                    "{}",
                    c.what
                );
            },
        },
        // ----- The managers' -------------------------------------------------
        Row {
            target: Target::Function("resources/move", |f| {
                let mut args = f.args();
                args.push(kv("change", "down"));
                args
            }),
            mutates: true,
            per_resource: false,
            expect: MANAGERS,
            check: |c| {
                c.returned_nothing();
                c.redirected_to(&format!("{}#resource-{}", c.f.path(), c.f.item));
                let before = c.section(c.before).unwrap();
                let after = c.section(c.after).unwrap();
                assert_eq!(ids(&before["items"]), [c.f.item, c.f.neighbour]);
                assert_eq!(
                    ids(&after["items"]),
                    [c.f.neighbour, c.f.item],
                    "{}",
                    c.what
                );
                c.same_content();
            },
        },
        Row {
            target: Target::Function("resources/delete", Fix::args),
            mutates: true,
            per_resource: false,
            expect: MANAGERS,
            check: |c| {
                c.returned_nothing();
                c.redirected_to(&format!("{}?deleted=1", c.f.path()));
                assert_eq!(c.after["item"], json!([404, "NotFound"]), "{}", c.what);
                assert_eq!(c.after["form"], json!([404, "NotFound"]), "{}", c.what);
                assert_eq!(c.after["file"][0], 404, "{}", c.what);
                let after = c.section(c.after).unwrap();
                assert_eq!(ids(&after["items"]), [c.f.neighbour], "{}", c.what);
                assert_eq!(c.count(c.after), c.count(c.before) - 1, "{}", c.what);
                // Its file went from the store, and no orphan row stays.
                let before_files = c.before["files"].as_array().unwrap().len();
                let after_files = c.after["files"].as_array().unwrap().len();
                assert_eq!(after_files, before_files - 1, "{}", c.what);
                assert_eq!(c.after["orphans"], json!([]), "{}", c.what);
            },
        },
        Row {
            target: Target::Function("resources/add_section", |f| {
                vec![
                    kv("space", &f.space),
                    kv("title", format!("  Added   section {} ", f.n)),
                ]
            }),
            mutates: true,
            per_resource: false,
            expect: MANAGERS,
            check: |c| {
                let id = as_i64(&c.json());
                c.redirected_to(&format!("{}?section_added=1#section-{id}", c.f.path()));
                let sections = c.after["library"]["sections"].as_array().unwrap();
                assert_eq!(
                    sections.last(),
                    Some(&json!({
                        "id": id,
                        "title": format!("Added section {}", c.f.n),
                        "items": [],
                    })),
                    "{}",
                    c.what
                );
                let mut expected = c.section_ids(c.before);
                expected.push(id);
                assert_eq!(c.section_ids(c.after), expected, "{}", c.what);
                c.same_content();
            },
        },
        Row {
            target: Target::Function("resources/rename_section", |f| {
                let mut args = f.section_args();
                args.push(kv("title", format!("Renamed section {}", f.n)));
                args
            }),
            mutates: true,
            per_resource: false,
            expect: MANAGERS,
            check: |c| {
                c.returned_nothing();
                c.redirected_to(&format!("{}#section-{}", c.f.path(), c.f.section));
                let renamed = format!("Renamed section {}", c.f.n);
                let after = c.section(c.after).unwrap();
                assert_eq!(after["title"], renamed, "{}", c.what);
                assert_eq!(ids(&after["items"]), [c.f.item, c.f.neighbour]);
                assert_eq!(c.item(c.after)["section"], renamed, "{}", c.what);
                assert_eq!(c.section_ids(c.after), c.section_ids(c.before));
                c.same_content();
            },
        },
        Row {
            // The fixture's section is the last: up it goes.
            target: Target::Function("resources/move_section", |f| {
                let mut args = f.section_args();
                args.push(kv("change", "up"));
                args
            }),
            mutates: true,
            per_resource: false,
            expect: MANAGERS,
            check: |c| {
                c.returned_nothing();
                c.redirected_to(&format!("{}#section-{}", c.f.path(), c.f.section));
                let mut expected = c.section_ids(c.before);
                let at = expected.iter().position(|id| *id == c.f.section).unwrap();
                assert!(at > 0, "{}: the fixture's section is first", c.what);
                expected.swap(at - 1, at);
                assert_eq!(c.section_ids(c.after), expected, "{}", c.what);
                c.same_content();
            },
        },
        Row {
            target: Target::Function("resources/remove_section", Fix::section_args),
            mutates: true,
            per_resource: false,
            expect: MANAGERS,
            check: |c| {
                c.returned_nothing();
                c.redirected_to(&format!("{}?section_removed=1", c.f.path()));
                assert_eq!(c.section(c.after), None, "{}", c.what);
                // Its resources stay, outside any section, in their order,
                // after those already there.
                let loose = ids(&c.after["library"]["loose"]);
                let mut expected = ids(&c.before["library"]["loose"]);
                expected.extend([c.f.item, c.f.neighbour]);
                assert_eq!(loose, expected, "{}", c.what);
                assert_eq!(c.item(c.after)["section"], Value::Null, "{}", c.what);
                c.same_content();
            },
        },
        Row {
            // An edit of the title; the browser sends no file.
            target: Target::Save("save (edit)", |f| {
                Upload::new(f.item, "file", &format!("Edited guide {}", f.n))
                    .set("summary", format!("The guide of fixture {}.", f.n))
                    .set("section", f.section)
                    .set("audience", f.audience)
                    .no_file_chosen()
            }),
            mutates: true,
            per_resource: false,
            expect: MANAGERS,
            check: |c| {
                assert_eq!(
                    c.json(),
                    json!({"path": format!("{}?saved=1", c.f.item_path())}),
                    "{}",
                    c.what
                );
                let item = &c.item(c.after)["item"];
                assert_eq!(item["title"], format!("Edited guide {}", c.f.n));
                assert_eq!(item["file"], c.item(c.before)["item"]["file"]);
                let after = c.section(c.after).unwrap();
                assert_eq!(ids(&after["items"]), [c.f.item, c.f.neighbour]);
                c.same_content();
            },
        },
        Row {
            target: Target::Save("save (new link)", |f| {
                Upload::link(
                    &format!("Link number {}", f.n),
                    &format!("example.org/guide-{}", f.n),
                )
            }),
            mutates: true,
            per_resource: false,
            expect: MANAGERS,
            check: |c| {
                let id = saved_id(c.reply, &c.f.space);
                assert!(id > c.f.neighbour, "{}", c.what);
                assert_eq!(c.count(c.after), c.count(c.before) + 1, "{}", c.what);
                let loose = c.after["library"]["loose"].as_array().unwrap();
                let link = loose.last().unwrap();
                assert_eq!(link["id"], id, "{}", c.what);
                assert_eq!(link["kind"], "link", "{}", c.what);
                assert_eq!(
                    link["url"],
                    format!("https://example.org/guide-{}", c.f.n),
                    "{}",
                    c.what
                );
                assert_eq!(link["file"], Value::Null, "{}", c.what);
                assert_eq!(c.before["item"], c.after["item"], "{}", c.what);
                for key in ["orphans", "files", "file"] {
                    assert_eq!(c.before[key], c.after[key], "{}: {key}", c.what);
                }
            },
        },
        // ----- The download --------------------------------------------------
        Row {
            target: Target::File,
            mutates: false,
            per_resource: true,
            expect: READERS,
            check: |c| {
                assert_eq!(c.reply.status, 200, "{}: {:?}", c.what, c.reply);
                assert_eq!(c.reply.body.as_bytes(), PDF, "{}", c.what);
                let name = c.f.file_name();
                let headers = [
                    "content-type",
                    "content-disposition",
                    "x-content-type-options",
                    "content-security-policy",
                    "cache-control",
                    "content-length",
                ];
                assert_eq!(
                    headers.map(|header| c.reply.header(header)),
                    [
                        Some("application/pdf"),
                        Some(&*format!(
                            "inline; filename=\"{name}\"; filename*=UTF-8''{name}"
                        )),
                        Some("nosniff"),
                        Some("sandbox"),
                        Some("private, no-store"),
                        Some(&*PDF.len().to_string()),
                    ],
                    "{}: {:?}",
                    c.what,
                    c.reply
                );
            },
        },
    ]
}

/// Asserts that a download's `reply` is the refusal `expect` names.
fn assert_download_refused(reply: &Reply, expect: Expect, what: &str) {
    let (status, body) = match expect {
        Expect::Unauthorized => (401, "Sign in first."),
        Expect::Forbidden => (403, "This file is not for you."),
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
        Target::Save(_, form) => hub.save(caller, &f.space, &form(f)).await,
        Target::File => hub.get(caller, &f.file_path()).await,
    }
}

/// Every row × every caller in `place`.
async fn run_matrix(hub: &Hub, place: Where) {
    let shared = hub.fixture(place).await;
    let mut cells = 0;
    for row in rows() {
        let expect = expected(&row, place);
        // Refused calls of a mutating row share one fixture: if one of them
        // changed it, its snapshot check fails right there.
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
                "{} as {caller:?} at the {place:?} resource on {}",
                row.target.label(),
                hub.server.backend()
            );
            let before = hub.snapshot(f).await;
            let reply = call(hub, row.target, f, caller).await;
            let after = hub.snapshot(f).await;
            if expect == Expect::Allowed {
                assert_eq!(reply.status, 200, "{what}: {reply:?}");
                if !row.mutates {
                    assert_eq!(before, after, "{what}: a read changed something");
                }
                (row.check)(&Ctx {
                    f,
                    caller,
                    reply: &reply,
                    before: &before,
                    after: &after,
                    what,
                });
            } else {
                match row.target {
                    Target::File => assert_download_refused(&reply, expect, &what),
                    _ => assert_refused(&reply, expect, &what),
                }
                assert_eq!(before, after, "{what}: a refused call changed something");
            }
            cells += 1;
        }
    }
    assert_eq!(cells, rows().len() * CALLERS.len());
    hub.assert_store_clean(&format!("after the {place:?} matrix"))
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_resources_call_admits_exactly_the_allowed_callers_for_a_program_resource() {
    on_both_backends(&[], |hub| async move {
        run_matrix(&hub, Where::Program).await;
        hub.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_resources_call_admits_exactly_the_allowed_callers_for_a_hub_resource() {
    on_both_backends(&[], |hub| async move {
        run_matrix(&hub, Where::Hub).await;
        hub.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mentees_only_resource_is_refused_to_the_mentor_and_hidden_from_their_library() {
    on_both_backends(&[], |hub| async move {
        run_matrix(&hub, Where::MenteesOnly).await;
        hub.stop().await;
    })
    .await;
}

#[test]
fn the_libraries_differ_where_they_should() {
    let row = |expect, per_resource| Row {
        target: Target::File,
        mutates: false,
        per_resource,
        expect,
        check: |_| {},
    };
    assert_eq!(
        expected(&row(READERS, true), Where::Hub),
        [U401, OK, OK, OK, OK, OK, OK, OK]
    );
    assert_eq!(
        expected(&row(MANAGERS, false), Where::Hub),
        [U401, F403, F403, F403, F403, F403, F403, OK]
    );
    assert_eq!(
        expected(&row(READERS, true), Where::MenteesOnly),
        [U401, F403, F403, OK, F403, OK, F403, OK]
    );
    assert_eq!(expected(&row(READERS, false), Where::MenteesOnly), READERS);
    assert_eq!(
        expected(&row(MANAGERS, false), Where::MenteesOnly),
        MANAGERS
    );
    for row in rows() {
        for place in [Where::Program, Where::Hub, Where::MenteesOnly] {
            let expect = expected(&row, place);
            // Visitors are refused everywhere; the hub admin is let in.
            assert_eq!(expect[0], U401, "{}", row.target.label());
            assert_eq!(expect[7], OK, "{}", row.target.label());
        }
    }
}

#[test]
fn the_matrix_covers_every_resources_server_function_and_route() {
    // Every `endpoint = "resources/..."` in resources/api/ has a row.
    let source = [
        include_str!("../../../app/src/resources/api/mod.rs"),
        include_str!("../../../app/src/resources/api/reading.rs"),
        include_str!("../../../app/src/resources/api/manage.rs"),
    ]
    .concat();
    let api_files = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../app/src/resources/api"
    ))
    .unwrap()
    .count();
    assert_eq!(
        api_files, 3,
        "a new file in resources/api/ belongs in the list above"
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
    assert_eq!(functions, 9, "server functions in resources/api/");
    for endpoint in &covered {
        assert!(
            source.contains(&format!("endpoint = \"{endpoint}\"")),
            "a row for no server function: {endpoint}"
        );
    }
    // Every resources route the server wires has its row.
    let web = include_str!("../../src/web.rs");
    let handlers: Vec<&str> = web
        .split("app::resources::uploads::")
        .skip(1)
        .map(|piece| piece.split(')').next().unwrap())
        .collect();
    for handler in &handlers {
        let covered = match *handler {
            "hub_file" | "program_file" => rows.iter().any(|r| matches!(r.target, Target::File)),
            "hub_save" | "program_save" => {
                rows.iter().any(|r| matches!(r.target, Target::Save(..)))
            }
            other => panic!("no matrix row for the resources route {other}"),
        };
        assert!(covered, "{handler}");
    }
    assert_eq!(
        handlers.len(),
        4,
        "resources routes in server/src/web.rs: {handlers:?}"
    );
}
