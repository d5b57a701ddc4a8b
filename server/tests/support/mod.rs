//! Shared harness for the API tests: the real router on port 0 with a fresh
//! database per test, called over HTTP the way a browser would, plus the
//! account helpers (sign up, sign in, cookies, emails) and the check that no
//! response ever carries a password hash or a session token.
//!
//! Each test file compiles this module on its own and uses a part of it.
#![allow(dead_code)]

pub mod ics;

use app::{
    accounts::{security, store as accounts},
    db::testing::TestDb,
    email::store::{self as outbox, ClaimedEmail},
};
use reqwest::header::{HeaderMap, SET_COOKIE};
use server::config::Config;
use std::{
    collections::HashMap,
    net::SocketAddr,
    sync::{Arc, Mutex},
};
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};

/// The session cookie's name when the site is served over plain http.
pub const SESSION_COOKIE: &str = "mentorhub_session";

/// The test servers' secret key (seals anonymous authors).
pub const TEST_SECRET_KEY: &str =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

/// How long any request of a test may take before the test fails.
pub const REQUEST_TIMEOUT_SECONDS: u64 = 120;

/// The passwords of [`admin_and_member`]'s two accounts.
pub const ADMIN_PASSWORD: &str = "admin keeps the hub tidy";
pub const MEMBER_PASSWORD: &str = "member likes long walks";

/// The first account (so the hub admin), Ada, and an ordinary member, Mia,
/// both signed up over HTTP.
pub async fn admin_and_member(server: &TestServer) -> (Member, Member) {
    let admin = server
        .sign_up("Ada Admin", "ada@example.org", ADMIN_PASSWORD)
        .await;
    let member = server
        .sign_up("Mia Member", "mia@example.org", MEMBER_PASSWORD)
        .await;
    (admin, member)
}

/// The password of every account made with [`TestServer::add_members`].
pub const DIRECT_PASSWORD: &str = "direct member passphrase";

/// What a browser's JavaScript sends for a server-function call.
pub const JSON: &str = "application/json";
/// What a browser sends for a plain form post (no JavaScript).
pub const HTML: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

pub struct TestServer {
    pub base: String,
    pub client: reqwest::Client,
    pub db: TestDb,
    /// Every session token (and its stored hash) this test has seen; no
    /// response body may contain one.
    secrets: Arc<Mutex<Vec<String>>>,
    /// Emails taken out of the outbox but not yet asked for.
    mailbox: Mutex<Vec<ClaimedEmail>>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl TestServer {
    pub async fn start(db: TestDb) -> TestServer {
        Self::start_with(db, &[]).await
    }

    /// Starts with more configuration variables (`TRUSTED_PROXIES`...).
    pub async fn start_with(db: TestDb, extra: &[(&'static str, &str)]) -> TestServer {
        report_server_panics();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        let site_root = std::env::temp_dir().join("mentorhub-api-site");
        let mut vars: HashMap<&str, String> = HashMap::from([
            ("DATABASE_URL", db.url.clone()),
            ("SITE_ADDR", addr.to_string()),
            ("SITE_URL", format!("http://{addr}")),
            ("LEPTOS_SITE_ROOT", site_root.display().to_string()),
            ("MAX_BODY_BYTES", "65536".to_owned()),
            ("SECRET_KEY", TEST_SECRET_KEY.to_owned()),
            // Each server its own folder of uploads.
            (
                "STORAGE_URL",
                std::env::temp_dir()
                    .join(format!(
                        "mentorhub-api-uploads-{}",
                        uuid::Uuid::new_v4().simple()
                    ))
                    .display()
                    .to_string(),
            ),
        ]);
        vars.extend(
            extra
                .iter()
                .map(|(name, value)| (*name, (*value).to_owned())),
        );
        let config = Config::from_lookup(|name| vars.get(name).cloned()).unwrap();
        let state = server::state_with_db(&config, db.db.clone());
        let (shutdown, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            server::serve(listener, &config, state, async {
                let _ = stopped.await;
            })
            .await
        });
        TestServer {
            base: format!("http://{addr}"),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                // A request that stalls fails its test with the path, long
                // before CI's time limit (never a timing assertion: a
                // healthy request takes milliseconds).
                .timeout(std::time::Duration::from_secs(REQUEST_TIMEOUT_SECONDS))
                .build()
                .unwrap(),
            db,
            secrets: Arc::default(),
            mailbox: Mutex::default(),
            shutdown: Some(shutdown),
            task: Some(task),
        }
    }

    /// `SQLite` or `Postgres`, for assertion messages.
    pub fn backend(&self) -> String {
        format!("{:?}", self.db.backend())
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// Calls a server function the way the hydrated app does.
    pub fn call(&self, function: &str) -> reqwest::RequestBuilder {
        self.client
            .post(self.url(&format!("/api/{function}")))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", JSON)
    }

    /// Graceful shutdown must finish; a hung server fails the test.
    pub async fn stop(mut self) {
        let _ = self.shutdown.take().unwrap().send(());
        self.task.take().unwrap().await.unwrap().unwrap();
    }

    // -----------------------------------------------------------------
    // Calls that go through the secret check
    // -----------------------------------------------------------------

    /// Adds a session token (and the hash the database keeps of it) to the
    /// values no response body may contain.
    pub fn remember_token(&self, token: &str) {
        let mut secrets = self.secrets.lock().unwrap();
        secrets.push(token.to_owned());
        secrets.push(security::hash_token(token));
    }

    /// Sends `request`, remembers any session token it sets and fails the
    /// test if the body contains a password hash or a known session token.
    pub async fn send(&self, request: reqwest::RequestBuilder) -> Reply {
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.text().await.unwrap();
        let reply = Reply {
            status,
            headers,
            body,
            backend: self.backend(),
        };
        for token in reply.session_tokens_set() {
            self.remember_token(&token);
        }
        self.assert_no_secrets(&reply.body);
        reply
    }

    /// Fails if `body` contains an Argon2 hash or a session token seen so far.
    pub fn assert_no_secrets(&self, body: &str) {
        assert!(
            !body.contains("$argon2"),
            "a response carries a password hash: {body}"
        );
        for secret in self.secrets.lock().unwrap().iter() {
            assert!(
                !body.contains(secret.as_str()),
                "a response carries a session token or its hash ({secret}): {body}"
            );
        }
    }

    /// A server-function call from the hydrated app (`accept: application/json`),
    /// with the session cookie `cookie` (`name=value`) if given.
    pub async fn post(&self, function: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> Reply {
        self.post_as(function, cookie, form, JSON, None).await
    }

    /// A server-function call with a chosen `accept` header and `Referer`:
    /// [`HTML`] and a referer is what a browser without JavaScript sends.
    pub async fn post_as(
        &self,
        function: &str,
        cookie: Option<&str>,
        form: &[(&str, &str)],
        accept: &str,
        referer: Option<&str>,
    ) -> Reply {
        let mut request = self
            .client
            .post(self.url(&format!("/api/{function}")))
            .header("accept", accept)
            .header("origin", self.base.clone())
            .form(form);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        if let Some(referer) = referer {
            request = request.header("referer", self.url(referer));
        }
        self.send(request).await
    }

    /// A GET, with the session cookie if given.
    pub async fn fetch(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut request = self.client.get(self.url(path));
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        self.send(request).await
    }

    // -----------------------------------------------------------------
    // Accounts
    // -----------------------------------------------------------------

    /// Who the cookie belongs to, as `get_current_user` says (`Null` for nobody).
    pub async fn current_user(&self, cookie: Option<&str>) -> serde_json::Value {
        self.post("accounts/current_user", cookie, &[])
            .await
            .expect(200)
            .json()
    }

    /// Signs up over HTTP; the account must be created and signed in.
    pub async fn sign_up(&self, name: &str, email: &str, password: &str) -> Member {
        let reply = self
            .post(
                "accounts/sign_up",
                None,
                &[("name", name), ("email", email), ("password", password)],
            )
            .await;
        reply.expect(200);
        self.member_from(&reply, name, email, password).await
    }

    /// Signs in over HTTP (as a new browser) and returns the new session.
    pub async fn sign_in(&self, email: &str, password: &str) -> Member {
        self.sign_in_from(email, password, None).await
    }

    /// Signs in over HTTP from a browser that may already hold `cookie`.
    pub async fn sign_in_from(&self, email: &str, password: &str, cookie: Option<&str>) -> Member {
        let reply = self
            .post(
                "accounts/sign_in",
                cookie,
                &[("email", email), ("password", password)],
            )
            .await;
        reply.expect(200);
        let name = self.current_user_name(&reply).await;
        self.member_from(&reply, &name, email, password).await
    }

    async fn current_user_name(&self, reply: &Reply) -> String {
        let cookie = reply
            .session_cookie()
            .expect("sign-in sets a session cookie");
        self.current_user(Some(&cookie)).await["name"]
            .as_str()
            .expect("the new session is signed in")
            .to_owned()
    }

    async fn member_from(&self, reply: &Reply, name: &str, email: &str, password: &str) -> Member {
        let cookie = reply
            .session_cookie()
            .unwrap_or_else(|| panic!("no session cookie set: {reply:?}"));
        let user = self.current_user(Some(&cookie)).await;
        let stored = user["email"]
            .as_str()
            .expect("a signed-in member has an email");
        assert_eq!(stored.to_lowercase(), email.trim().to_lowercase(), "{user}");
        Member {
            id: user["id"].as_i64().expect("a signed-in member has an id"),
            name: name.to_owned(),
            email: stored.to_owned(),
            password: password.to_owned(),
            cookie,
        }
    }

    /// Creates accounts straight in the database (one password hash for all:
    /// [`DIRECT_PASSWORD`]), each with a session whose cookie is returned.
    /// Much faster than signing up over HTTP.
    pub async fn add_members(&self, people: &[(&str, &str)]) -> Vec<Member> {
        let hash = security::hash_password(DIRECT_PASSWORD.to_owned())
            .await
            .unwrap();
        let mut members = Vec::new();
        for (name, email) in people {
            let (token, token_hash) = security::new_token().unwrap();
            self.remember_token(&token);
            let seed = accounts::SessionSeed {
                token_hash,
                user_agent: "API test".to_owned(),
                ip_address: "127.0.0.1".to_owned(),
            };
            let user =
                accounts::sign_up(&self.db.db, name, email, &hash, &seed, true, outbox::now())
                    .await
                    .unwrap();
            members.push(Member {
                id: user.id,
                name: (*name).to_owned(),
                email: (*email).to_owned(),
                password: DIRECT_PASSWORD.to_owned(),
                cookie: format!("{SESSION_COOKIE}={token}"),
            });
        }
        members
    }

    /// Creates an open program (both roles, approval by an admin, no
    /// questions) over HTTP as `admin`; returns the program as JSON.
    pub async fn create_program(
        &self,
        admin: &Member,
        name: &str,
        slug: &str,
    ) -> serde_json::Value {
        let reply = self
            .post(
                "programs/save",
                admin.cookie(),
                &[
                    ("program_id", ""),
                    ("name", name),
                    ("slug", slug),
                    ("summary", "A program for tests."),
                    ("about_md", "About it."),
                    ("cover_color", ""),
                    ("status", "open"),
                    ("listed", "on"),
                    ("accepts_mentors", "on"),
                    ("accepts_mentees", "on"),
                    ("approval", "manual"),
                    ("matching_mode", "admin_match"),
                    ("default_mentor_capacity", "3"),
                ],
            )
            .await;
        reply.expect(200);
        reply.json()
    }

    pub async fn add_member(&self, name: &str, email: &str) -> Member {
        self.add_members(&[(name, email)]).await.remove(0)
    }

    /// Sets the hub's sign-up mode (`open` or `invitation`) as `admin`.
    pub async fn set_signup_mode(&self, admin: &Member, mode: &str) -> Reply {
        let defaults = app::hub::HubSettings::default();
        self.post(
            "admin/save_hub_settings",
            Some(&admin.cookie),
            &[
                ("hub_name", &defaults.hub_name),
                ("tagline", &defaults.tagline),
                ("accent_color", &defaults.accent_color),
                ("label_programs", &defaults.labels.programs),
                ("label_discussion", &defaults.labels.discussion),
                ("label_resources", &defaults.labels.resources),
                ("label_events", &defaults.labels.events),
                ("signup_mode", mode),
            ],
        )
        .await
    }

    // -----------------------------------------------------------------
    // Email
    // -----------------------------------------------------------------

    /// Takes the emails to `recipient` out of the outbox (they are claimed
    /// as a worker would; no worker runs in these tests).
    pub async fn take_emails_to(&self, recipient: &str) -> Vec<ClaimedEmail> {
        let claimed = outbox::claim_due(&self.db.db, outbox::now(), 1000)
            .await
            .unwrap();
        let mut mailbox = self.mailbox.lock().unwrap();
        mailbox.extend(claimed);
        let (mine, others): (Vec<_>, Vec<_>) = mailbox
            .drain(..)
            .partition(|email| email.recipient == recipient);
        *mailbox = others;
        mine
    }

    /// Takes every email out of the outbox, whoever it is to (with any set
    /// aside by [`TestServer::take_emails_to`]).
    pub async fn take_all_emails(&self) -> Vec<ClaimedEmail> {
        let claimed = outbox::claim_due(&self.db.db, outbox::now(), 1000)
            .await
            .unwrap();
        let mut all: Vec<ClaimedEmail> = self.mailbox.lock().unwrap().drain(..).collect();
        all.extend(claimed);
        all
    }

    /// The token of the one link to `path` (`/reset-password`...) emailed to
    /// `recipient` since the last look.
    pub async fn link_token(&self, recipient: &str, path: &str) -> String {
        let emails = self.take_emails_to(recipient).await;
        assert_eq!(
            emails.len(),
            1,
            "expected one email to {recipient}: {emails:#?}"
        );
        let email = &emails[0];
        let marker = format!("{}{path}?token=", self.base);
        for body in [&email.text_body, &email.html_body] {
            assert!(body.contains(&marker), "no {marker} link in {body}");
        }
        let start = email.text_body.find(&marker).unwrap() + marker.len();
        let token: String = email.text_body[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        assert_eq!(token.len(), 43, "a 256-bit token: {}", email.text_body);
        token
    }
}

/// A server function's arguments with owned values.
pub type Args = Vec<(String, String)>;

/// One argument of a server function.
pub fn kv(name: impl Into<String>, value: impl ToString) -> (String, String) {
    (name.into(), value.to_string())
}

#[track_caller]
pub fn as_i64(value: &serde_json::Value) -> i64 {
    value
        .as_i64()
        .unwrap_or_else(|| panic!("not an integer: {value}"))
}

/// The recipients of `emails`, sorted.
pub fn recipients(emails: &[ClaimedEmail]) -> Vec<String> {
    let mut to: Vec<String> = emails.iter().map(|e| e.recipient.clone()).collect();
    to.sort();
    to
}

/// A test hub whose fixed callers (visitor, member, admins…) are named by
/// an enum: calls as one of them, with the hydrated app's or a plain form
/// post's `Accept`.
pub trait Callers {
    type Caller: std::fmt::Debug + Copy;

    fn server(&self) -> &TestServer;

    /// The signed-in member behind `caller` (`None`: a visitor).
    fn who(&self, caller: Self::Caller) -> Option<&Member>;

    async fn call(&self, caller: Self::Caller, function: &str, args: &[(String, String)]) -> Reply {
        self.call_as(caller, function, args, JSON, None).await
    }

    async fn call_as(
        &self,
        caller: Self::Caller,
        function: &str,
        args: &[(String, String)],
        accept: &str,
        referer: Option<&str>,
    ) -> Reply {
        let cookie = self.who(caller).map(|member| member.cookie.as_str());
        let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        self.server()
            .post_as(function, cookie, &pairs, accept, referer)
            .await
    }

    /// A call that must succeed; its JSON answer.
    async fn ok(
        &self,
        caller: Self::Caller,
        function: &str,
        args: &[(String, String)],
    ) -> serde_json::Value {
        let reply = self.call(caller, function, args).await;
        assert_eq!(
            reply.status, 200,
            "{caller:?} calling {function} with {args:?}: {reply:?}"
        );
        reply.json()
    }
}

/// What an authorization matrix expects of one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// 200, and the answer and its effect are checked.
    Allowed,
    Unauthorized,
    Forbidden,
    NotFound,
    /// 409: allowed in the space but not for this thing.
    Conflict,
}

/// Asserts that a server function's `reply` is the refusal `expect`
/// names, with no redirect.
#[track_caller]
pub fn assert_refused(reply: &Reply, expect: Expect, what: &str) {
    let (status, error) = match expect {
        Expect::Unauthorized => (401, serde_json::json!("Unauthorized")),
        Expect::Forbidden => (403, serde_json::json!("Forbidden")),
        Expect::NotFound => (404, serde_json::json!("NotFound")),
        Expect::Conflict => (409, serde_json::Value::Null),
        Expect::Allowed => panic!("{what}: an allowed call is no refusal"),
    };
    assert_eq!(reply.status, status, "{what}: {reply:?}");
    if expect == Expect::Conflict {
        assert!(reply.json()["Conflict"].is_string(), "{what}: {reply:?}");
    } else {
        assert_eq!(reply.json(), error, "{what}");
    }
    assert_eq!(reply.location(), None, "{what}: {reply:?}");
}

/// `[(name, value)]` with owned values, as the borrowed pairs `post` takes.
pub fn form<'a>(pairs: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    pairs
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect()
}

/// A member of the hub and the session cookie of one of their browsers.
#[derive(Debug, Clone)]
pub struct Member {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub password: String,
    /// `mentorhub_session=<token>`, ready for a `Cookie` header.
    pub cookie: String,
}

impl Member {
    pub fn cookie(&self) -> Option<&str> {
        Some(&self.cookie)
    }

    pub fn id(&self) -> String {
        self.id.to_string()
    }
}

/// A response, read completely (and already checked for secrets).
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
    backend: String,
}

impl std::fmt::Debug for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "[{}] {} {:?} {}",
            self.backend, self.status, self.headers, self.body
        )
    }
}

impl Reply {
    #[track_caller]
    pub fn expect(&self, status: u16) -> &Reply {
        assert_eq!(self.status, status, "unexpected status: {self:?}");
        self
    }

    /// Asserts the status and the exact JSON body of an error.
    #[track_caller]
    pub fn expect_error(&self, status: u16, error: serde_json::Value) -> &Reply {
        self.expect(status);
        assert_eq!(self.json(), error, "{self:?}");
        self
    }

    /// 401 with the `Unauthorized` error.
    #[track_caller]
    pub fn expect_unauthorized(&self) -> &Reply {
        self.expect_error(401, serde_json::json!("Unauthorized"))
    }

    /// 403 with the `Forbidden` error.
    #[track_caller]
    pub fn expect_forbidden(&self) -> &Reply {
        self.expect_error(403, serde_json::json!("Forbidden"))
    }

    /// 404 with the `NotFound` error.
    #[track_caller]
    pub fn expect_not_found(&self) -> &Reply {
        self.expect_error(404, serde_json::json!("NotFound"))
    }

    /// 422 with a validation error whose message for `field` is `message`.
    #[track_caller]
    pub fn expect_invalid(&self, field: &str, message: &str) -> &Reply {
        self.expect(422);
        assert_eq!(
            self.field_message(field).as_deref(),
            Some(message),
            "{self:?}"
        );
        self
    }

    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {self:?}"))
    }

    /// The validation message for `field`, if this is a validation error.
    pub fn field_message(&self, field: &str) -> Option<String> {
        let value = serde_json::from_str::<serde_json::Value>(&self.body).ok()?;
        value["Validation"]["messages"][field]
            .as_str()
            .map(str::to_owned)
    }

    /// The values the validation error echoes back.
    pub fn submitted(&self) -> serde_json::Value {
        self.json()["Validation"]["submitted"].clone()
    }

    /// The `Set-Cookie` headers for the session cookie.
    pub fn session_set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .filter(|value| value.starts_with(&format!("{SESSION_COOKIE}=")))
            .map(str::to_owned)
            .collect()
    }

    /// Every non-empty session token a `Set-Cookie` header carries.
    pub fn session_tokens_set(&self) -> Vec<String> {
        self.session_set_cookies()
            .iter()
            .filter_map(|value| {
                let pair = value.split(';').next()?;
                let (_, token) = pair.split_once('=')?;
                (!token.is_empty()).then(|| token.to_owned())
            })
            .collect()
    }

    /// The session token the browser holds after this response: that of the
    /// last session `Set-Cookie` (browsers apply them in order), if it is
    /// not a clearing one.
    pub fn session_token(&self) -> Option<String> {
        let last = self.session_set_cookies().pop()?;
        let pair = last.split(';').next()?;
        let (_, token) = pair.split_once('=')?;
        (!token.is_empty() && !last.contains("Max-Age=0")).then(|| token.to_owned())
    }

    /// `mentorhub_session=<token>` for the cookie this response sets.
    pub fn session_cookie(&self) -> Option<String> {
        self.session_token()
            .map(|token| format!("{SESSION_COOKIE}={token}"))
    }

    /// Whether the browser holds no session cookie after this response
    /// (the last session `Set-Cookie` clears it).
    pub fn clears_session(&self) -> bool {
        self.session_set_cookies().pop().is_some_and(|last| {
            last.starts_with(&format!("{SESSION_COOKIE}=;")) && last.contains("Max-Age=0")
        })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    pub fn location(&self) -> Option<&str> {
        self.header("location")
    }
}

/// A panic in one of the server's tasks (a tokio worker) would otherwise
/// only reach the captured output of a test that then waits forever for
/// its answer: written straight to stderr, it shows in the run's log.
fn report_server_panics() {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let thread = std::thread::current();
            if thread.name().is_some_and(|name| name.starts_with("tokio")) {
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "PANIC in a server thread ({}): {info}",
                    thread.name().unwrap_or_default()
                );
            }
            default(info);
        }));
    });
}

/// Runs `test` against a server on a fresh SQLite database and one on a
/// fresh PostgreSQL database.
pub async fn on_both_backends<F, Fut>(test: F)
where
    F: Fn(TestServer) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    test(TestServer::start(TestDb::sqlite().await).await).await;
    if let Some(db) = TestDb::postgres().await {
        test(TestServer::start(db).await).await;
    }
}
