//! API tests for the resources domain: who may call each resources server
//! function and its two plain routes (an authorization matrix over every
//! `endpoint = "resources/..."`, the multipart save and the file download,
//! for a program's resource, a hub resource and a program's mentees-only
//! resource), the uploads (types, sizes, names, replacement, nothing left
//! behind after a refusal), links and pages (no script gets through), the
//! marks of what is new and the plain (no JavaScript) form posts. Each runs
//! on SQLite and on PostgreSQL against the real router.
//!
//! Every server here keeps its uploads in a folder of its own, so that a
//! test can look at what was stored (`Hub::stored_files`).

mod support;

#[path = "resources_api/behaviour.rs"]
mod behaviour;
#[path = "resources_api/matrix.rs"]
mod matrix;
#[path = "resources_api/uploads.rs"]
mod uploads;

use app::db::{
    schema::{resource_orphans, resources},
    testing::TestDb,
};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use reqwest::header::HeaderMap;
use serde_json::{json, Value};
use std::{
    path::{Path, PathBuf},
    sync::atomic::{AtomicUsize, Ordering},
};
use support::{as_i64, kv, Args, Callers, Member, Reply, TestServer, JSON};

// ---------------------------------------------------------------------------
// The hub: one member in each position
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    Visitor,
    /// Signed in, in no program.
    Outsider,
    /// An approved mentee of program B only.
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

pub const CALLERS: [Caller; 8] = [
    Visitor,
    Outsider,
    Member,
    Mentee,
    Mentor,
    ProgramAdmin,
    OtherAdmin,
    HubAdmin,
];

/// Program A's slug: the `space` of its library.
pub const SLUG: &str = "program-a";
/// Program B's.
pub const SLUG_B: &str = "program-b";

/// A small PDF, ASCII only (so that a download read as text is the same).
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n";

/// A PDF of `size` bytes: its header, then every byte value in turn.
pub fn pdf_of(size: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut next: u8 = 0;
    while bytes.len() < size {
        bytes.push(next);
        next = next.wrapping_add(1);
    }
    bytes.truncate(size);
    bytes
}

/// The library of `space`: `/resources` or `/programs/<slug>/resources`.
pub fn library_path(space: &str) -> String {
    if space.is_empty() {
        "/resources".into()
    } else {
        format!("/programs/{space}/resources")
    }
}

/// Every resource a library page lists: those outside any section, then
/// each section's.
pub fn items(page: &Value) -> Vec<Value> {
    let mut all: Vec<Value> = page["loose"].as_array().cloned().unwrap_or_default();
    for section in page["sections"].as_array().into_iter().flatten() {
        all.extend(section["items"].as_array().cloned().unwrap_or_default());
    }
    all
}

/// The ids of `items`.
pub fn ids(items: &Value) -> Vec<i64> {
    items
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {items}"))
        .iter()
        .map(|item| as_i64(&item["id"]))
        .collect()
}

/// The section `id` of a library page, if listed.
pub fn section_of(page: &Value, id: i64) -> Option<&Value> {
    page["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|section| section["id"] == id)
}

// ---------------------------------------------------------------------------
// The resource form as a multipart body
// ---------------------------------------------------------------------------

/// The fixed boundary of every multipart body sent here.
const BOUNDARY: &str = "----mentorhub-test-boundary-7MA4YWxkTrZu0gW";

/// The file field of the form.
#[derive(Debug, Clone)]
pub struct FilePart {
    /// The name the browser sends (`filename=`), before any cleaning.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The resource form, as `POST …/resources/save` takes it: the text fields
/// in the form's order, the file last.
#[derive(Debug, Clone)]
pub struct Upload {
    pub fields: Vec<(&'static str, String)>,
    pub file: Option<FilePart>,
    /// Text fields sent after the file (the page never does).
    pub after_file: Vec<(&'static str, String)>,
}

impl Upload {
    /// A form for `kind` (link, page, file) titled `title`; `id` 0 is new.
    pub fn new(id: i64, kind: &str, title: &str) -> Upload {
        Upload {
            fields: vec![
                ("id", id.to_string()),
                ("kind", kind.to_owned()),
                ("title", title.to_owned()),
                ("summary", String::new()),
                ("url", String::new()),
                ("body", String::new()),
                ("section", String::new()),
                ("audience", "everyone".to_owned()),
            ],
            file: None,
            after_file: Vec::new(),
        }
    }

    pub fn link(title: &str, url: &str) -> Upload {
        Upload::new(0, "link", title).set("url", url)
    }

    pub fn page(title: &str, body: &str) -> Upload {
        Upload::new(0, "page", title).set("body", body)
    }

    /// A new file resource with its file.
    pub fn file(title: &str, name: &str, bytes: &[u8]) -> Upload {
        Upload::new(0, "file", title).with_file(name, bytes)
    }

    /// Sets a text field (added if the form has none of that name).
    pub fn set(mut self, name: &'static str, value: impl ToString) -> Upload {
        let value = value.to_string();
        match self.fields.iter_mut().find(|(n, _)| *n == name) {
            Some(field) => field.1 = value,
            None => self.fields.push((name, value)),
        }
        self
    }

    pub fn with_file(mut self, name: &str, bytes: &[u8]) -> Upload {
        self.file = Some(FilePart {
            name: name.to_owned(),
            bytes: bytes.to_vec(),
        });
        self
    }

    /// The file field as a browser sends it when no file was chosen.
    pub fn no_file_chosen(self) -> Upload {
        self.with_file("", b"")
    }

    pub fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, value)| value.as_str())
    }

    pub fn content_type() -> String {
        format!("multipart/form-data; boundary={BOUNDARY}")
    }

    /// The multipart body. A `"` in the file's name is sent escaped (`\"`),
    /// as the quoted string of a `Content-Disposition` takes it.
    pub fn body(&self) -> Vec<u8> {
        let text = |body: &mut Vec<u8>, name: &str, value: &str| {
            body.extend_from_slice(
                format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n")
                    .as_bytes(),
            );
            body.extend_from_slice(value.as_bytes());
            body.extend_from_slice(b"\r\n");
        };
        let mut body = Vec::new();
        for (name, value) in &self.fields {
            text(&mut body, name, value);
        }
        if let Some(file) = &self.file {
            let quoted = file.name.replace('"', "\\\"");
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; \
                     filename=\"{quoted}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(&file.bytes);
            body.extend_from_slice(b"\r\n");
        }
        for (name, value) in &self.after_file {
            text(&mut body, name, value);
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        body
    }
}

/// A download, its body as bytes.
pub struct Download {
    pub status: u16,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {:?} {}",
            self.status,
            self.headers,
            String::from_utf8_lossy(&self.bytes[..self.bytes.len().min(200)])
        )
    }
}

impl Download {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }
}

// ---------------------------------------------------------------------------
// The hub
// ---------------------------------------------------------------------------

pub struct Hub {
    pub server: TestServer,
    /// The folder this server keeps its uploads in.
    pub uploads: PathBuf,
    people: Vec<(Caller, Member)>,
    /// Program A's and program B's ids.
    pub program: i64,
    pub program_b: i64,
    made: AtomicUsize,
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
            .map(|(_, member)| member)
    }
}

/// Runs `test` on a hub on a fresh SQLite database and on one on a fresh
/// PostgreSQL database; `extra` are more configuration variables
/// (`UPLOAD_MAX_BYTES`…).
pub async fn on_both_backends<F, Fut>(extra: &[(&'static str, &str)], test: F)
where
    F: Fn(Hub) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    test(Hub::start(TestDb::sqlite().await, extra).await).await;
    if let Some(db) = TestDb::postgres().await {
        test(Hub::start(db, extra).await).await;
    }
}

impl Hub {
    /// A server on `db` with an upload folder of its own, and the hub:
    /// program A (its admin named, a mentee and a mentor approved) and
    /// program B (its admin named, a mentee approved).
    pub async fn start(db: TestDb, extra: &[(&'static str, &str)]) -> Hub {
        let uploads = std::env::temp_dir().join(format!(
            "mentorhub-resources-api-{}",
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::create_dir_all(&uploads).unwrap();
        let folder = uploads.display().to_string();
        let mut vars: Vec<(&'static str, &str)> = vec![("STORAGE_URL", folder.as_str())];
        vars.extend_from_slice(extra);
        let server = TestServer::start_with(db, &vars).await;
        let members = server
            .add_members(&[
                ("Hana Hub", "hana@example.org"),
                ("Pia Program", "pia@example.org"),
                ("Otto Other", "otto@example.org"),
                ("Olga Outsider", "olga@example.org"),
                ("Bea Bee", "bea@example.org"),
                ("Mina Mentee", "mina@example.org"),
                ("Max Mentor", "max@example.org"),
            ])
            .await;
        let callers = [
            HubAdmin,
            ProgramAdmin,
            OtherAdmin,
            Outsider,
            Member,
            Mentee,
            Mentor,
        ];
        let mut hub = Hub {
            people: callers.into_iter().zip(members).collect(),
            server,
            uploads,
            program: 0,
            program_b: 0,
            made: AtomicUsize::new(0),
        };
        assert_eq!(
            hub.server.current_user(hub.cookie(HubAdmin)).await["is_hub_admin"],
            true
        );
        hub.program = hub.new_program("Program A", SLUG, ProgramAdmin).await;
        hub.program_b = hub.new_program("Program B", SLUG_B, OtherAdmin).await;
        hub.approve(hub.program, &[(Mentee, "mentee"), (Mentor, "mentor")])
            .await;
        hub.approve(hub.program_b, &[(Member, "mentee")]).await;
        hub.server.take_all_emails().await;
        hub
    }

    async fn new_program(&self, name: &str, slug: &str, admin: Caller) -> i64 {
        let hub_admin = self.who(HubAdmin).unwrap();
        let program = self.server.create_program(hub_admin, name, slug).await;
        let id = as_i64(&program["id"]);
        let email = self.who(admin).unwrap().email.clone();
        self.ok(
            HubAdmin,
            "programs/add_admin",
            &[kv("program_id", id), kv("email", email)],
        )
        .await;
        id
    }

    /// `callers` join `program` in their roles; the hub admin approves them.
    async fn approve(&self, program: i64, callers: &[(Caller, &str)]) {
        let mut decide = vec![
            kv("program_id", program),
            kv("decision", "approve"),
            kv("message", ""),
        ];
        for (caller, role) in callers {
            let outcome = self.join(*caller, program, role).await;
            decide.push(kv("membership_ids[]", as_i64(&outcome["membership_id"])));
        }
        self.ok(HubAdmin, "programs/decide", &decide).await;
    }

    /// `caller` applies to `program` (approval is manual).
    pub async fn join(&self, caller: Caller, program: i64, role: &str) -> Value {
        self.ok(
            caller,
            "programs/join",
            &[kv("program_id", program), kv("role", role)],
        )
        .await
    }

    /// Stops the server and removes its upload folder.
    pub async fn stop(self) {
        self.server.stop().await;
        let _ = std::fs::remove_dir_all(&self.uploads);
    }

    pub fn db(&self) -> &app::db::Db {
        &self.server.db.db
    }

    pub fn cookie(&self, caller: Caller) -> Option<&str> {
        self.who(caller).map(|member| member.cookie.as_str())
    }

    /// A GET with `caller`'s cookie.
    pub async fn get(&self, caller: Caller, path: &str) -> Reply {
        self.server.fetch(path, self.cookie(caller)).await
    }

    /// A GET with `caller`'s cookie, its body as bytes.
    pub async fn download(&self, caller: Caller, path: &str) -> Download {
        let mut request = self.server.client.get(self.server.url(path));
        if let Some(cookie) = self.cookie(caller) {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.unwrap();
        Download {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            bytes: response.bytes().await.unwrap().to_vec(),
        }
    }

    /// The resource form's post to `space`'s library, unsent.
    pub fn save_request(
        &self,
        caller: Caller,
        space: &str,
        upload: &Upload,
        accept: &str,
    ) -> reqwest::RequestBuilder {
        let mut request = self
            .server
            .client
            .post(self.server.url(&format!("{}/save", library_path(space))))
            .header("content-type", Upload::content_type())
            .header("accept", accept)
            .body(upload.body());
        if let Some(cookie) = self.cookie(caller) {
            request = request.header("cookie", cookie);
        }
        request
    }

    /// The resource form posted by the hydrated app.
    pub async fn save(&self, caller: Caller, space: &str, upload: &Upload) -> Reply {
        self.save_as(caller, space, upload, JSON, None).await
    }

    /// The resource form posted with `accept` (and a `Referer`: [`support::HTML`]
    /// with a referer is a browser without JavaScript).
    pub async fn save_as(
        &self,
        caller: Caller,
        space: &str,
        upload: &Upload,
        accept: &str,
        referer: Option<&str>,
    ) -> Reply {
        let mut request = self
            .save_request(caller, space, upload, accept)
            .header("origin", self.server.base.clone());
        if let Some(referer) = referer {
            request = request.header("referer", self.server.url(referer));
        }
        self.server.send(request).await
    }

    /// A save that must succeed: the resource's id.
    pub async fn saved(&self, caller: Caller, space: &str, upload: &Upload) -> i64 {
        let reply = self.save(caller, space, upload).await;
        assert_eq!(
            reply.status, 200,
            "{caller:?} saving {:?} in {space:?}: {reply:?}",
            upload.fields
        );
        saved_id(&reply, space)
    }

    /// A library as `caller` reads it (and their visit recorded).
    pub async fn library(&self, caller: Caller, space: &str) -> Value {
        self.ok(caller, "resources/library", &[kv("space", space)])
            .await
    }

    /// One resource's page as `caller` reads it.
    pub async fn resource(&self, caller: Caller, space: &str, id: i64) -> Value {
        self.ok(
            caller,
            "resources/resource",
            &[kv("space", space), kv("id", id)],
        )
        .await
    }

    /// Adds a section as the hub admin; its id.
    pub async fn add_section(&self, space: &str, title: &str) -> i64 {
        as_i64(
            &self
                .ok(
                    HubAdmin,
                    "resources/add_section",
                    &[kv("space", space), kv("title", title)],
                )
                .await,
        )
    }

    // -----------------------------------------------------------------
    // What is stored
    // -----------------------------------------------------------------

    /// How many resources the database holds, in every library.
    pub async fn resource_count(&self) -> i64 {
        app::run_query!(self.db(), |conn| {
            resources::table.count().get_result::<i64>(conn).await
        })
        .unwrap()
    }

    /// The file keys the database holds as orphans (due to be deleted).
    pub async fn orphans(&self) -> Vec<String> {
        app::run_query!(self.db(), |conn| {
            resource_orphans::table
                .select(resource_orphans::file_key)
                .order(resource_orphans::file_key)
                .load::<String>(conn)
                .await
        })
        .unwrap()
    }

    /// The keys of the resources' files, as the database holds them.
    pub async fn file_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = app::run_query!(self.db(), |conn| {
            resources::table
                .filter(resources::file_key.is_not_null())
                .select(resources::file_key.assume_not_null())
                .load::<String>(conn)
                .await
        })
        .unwrap();
        keys.sort();
        keys
    }

    /// Every file in the upload folder (its path inside it), sorted.
    pub fn stored_files(&self) -> Vec<String> {
        fn walk(root: &Path, folder: &Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(root, &path, found);
                } else {
                    let inside = path.strip_prefix(root).unwrap();
                    found.push(inside.display().to_string());
                }
            }
        }
        let mut found = Vec::new();
        walk(&self.uploads, &self.uploads, &mut found);
        found.sort();
        found
    }

    /// The store holds exactly the resources' files, and no orphan is
    /// left.
    pub async fn assert_store_clean(&self, what: &str) {
        assert_eq!(
            self.stored_files(),
            self.file_keys().await,
            "{what}: the upload folder holds other files than the resources' ({})",
            self.server.backend()
        );
        assert_eq!(
            self.orphans().await,
            Vec::<String>::new(),
            "{what}: orphan rows are left ({})",
            self.server.backend()
        );
    }

    /// A refused save kept nothing: no resource row more than `resources`,
    /// no orphan row, no file beyond the resources'.
    pub async fn assert_nothing_kept(&self, resources: i64, what: &str) {
        assert_eq!(
            self.resource_count().await,
            resources,
            "{what}: a resource was saved ({})",
            self.server.backend()
        );
        self.assert_store_clean(what).await;
    }

    /// The next number for a fixture's names.
    pub fn next(&self) -> usize {
        self.made.fetch_add(1, Ordering::SeqCst) + 1
    }
}

/// The id in a successful save's answer, `{"path": "<library>/<id>?saved=1"}`.
#[track_caller]
pub fn saved_id(reply: &Reply, space: &str) -> i64 {
    let body = reply.json();
    let path = body["path"]
        .as_str()
        .unwrap_or_else(|| panic!("no path in {reply:?}"));
    let prefix = format!("{}/", library_path(space));
    let id = path
        .strip_prefix(&prefix)
        .and_then(|rest| rest.strip_suffix("?saved=1"))
        .unwrap_or_else(|| panic!("{path} is not {prefix}<id>?saved=1"));
    id.parse()
        .unwrap_or_else(|_| panic!("no id in the saved path {path}"))
}

/// The `Args` of a call about resource `id` in `space`.
pub fn item_args(space: &str, id: i64) -> Args {
    vec![kv("space", space), kv("id", id)]
}

/// Whether `value` is the JSON of a call that returned nothing.
pub fn is_unit(value: &Value) -> bool {
    *value == Value::Null || *value == json!({})
}
