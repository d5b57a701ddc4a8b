//! API tests for the discussion domain: who may call each discussion server
//! function (an authorization matrix over every `endpoint = "discussion/..."`,
//! in a program's space and in the hub's), that an anonymous author is never
//! named to anyone but themself (replies, pages, emails), and the behaviour
//! of the forms (double submits, plain form posts, refusals, the posting
//! limit, posts of another space). Each runs on SQLite and on PostgreSQL
//! against the real router.
//!
//! The matrix's fixtures are written through the store (no posting limit):
//! an anonymous question by `Anon`, a named answer by `Author` (edited once)
//! with a comment by `Author`, a flag on that answer by `Reader`, a tag.

mod support;

#[path = "discussion_api/behaviour.rs"]
mod behaviour;
#[path = "discussion_api/leak.rs"]
mod leak;
#[path = "discussion_api/matrix.rs"]
mod matrix;

use app::{
    discussion::{
        seal::SecretKey,
        store::{self, Actor, NewAnswer, NewComment, NewQuestion, PostEdit},
        DiscussionEmails,
    },
    email::store::ClaimedEmail,
};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use support::{
    as_i64, assert_refused, kv, on_both_backends, recipients, Args, Callers, Expect, Member, Reply,
    TestServer,
};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// A word only fixture `n` holds (letters only, for both search engines).
fn unique_word(n: usize) -> String {
    let letters: String = n
        .to_string()
        .chars()
        .map(|d| (b'a' + d.to_digit(10).unwrap() as u8) as char)
        .collect();
    format!("quokka{letters}")
}

/// A JSON value without its fresh form keys (they differ on each read).
fn without_form_keys(mut value: Value) -> Value {
    if let Some(object) = value.as_object_mut() {
        object.remove("form_key");
    }
    value
}

// ---------------------------------------------------------------------------
// The hub: one member in each position
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    Visitor,
    /// Signed in, not in program A.
    Member,
    /// An approved member of A who wrote nothing of the fixture.
    Reader,
    /// An approved member of A, who wrote the fixture's (named) answer and
    /// its comment.
    Author,
    /// An approved member of A, who asked the fixture's question
    /// anonymously.
    Anon,
    /// A program admin of A.
    ProgramAdmin,
    /// A program admin of B (not of A).
    OtherAdmin,
    HubAdmin,
}

use Caller::*;

pub const CALLERS: [Caller; 8] = [
    Visitor,
    Member,
    Reader,
    Author,
    Anon,
    ProgramAdmin,
    OtherAdmin,
    HubAdmin,
];

/// Which space a fixture is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Where {
    Program,
    Hub,
}

/// One thread in a space, as the matrix needs it.
#[derive(Debug, Clone)]
pub struct Fix {
    pub n: usize,
    /// The `space` argument: a program's slug, or empty for the hub's.
    pub space: String,
    pub space_id: i64,
    pub thread: i64,
    /// The anonymous question's post.
    pub question: i64,
    /// The named answer.
    pub answer: i64,
    pub comment: i64,
    pub tag: String,
    pub word: String,
}

impl Fix {
    pub fn path(&self) -> String {
        if self.space.is_empty() {
            "/discussion".into()
        } else {
            format!("/programs/{}/discussion", self.space)
        }
    }

    pub fn thread_path(&self) -> String {
        format!("{}/{}", self.path(), self.thread)
    }
}

pub struct Hub {
    pub server: TestServer,
    pub hub_admin: Member,
    pub program_admin: Member,
    pub other_admin: Member,
    pub member: Member,
    pub reader: Member,
    pub author: Member,
    pub anon: Member,
    pub key: SecretKey,
    made: AtomicUsize,
}

pub const ANON_NAME: &str = "Zephyrine Quillfeather";
pub const ANON_EMAIL: &str = "zq-unique@example.org";

impl Callers for Hub {
    type Caller = Caller;

    fn server(&self) -> &TestServer {
        &self.server
    }

    fn who(&self, caller: Caller) -> Option<&Member> {
        match caller {
            Visitor => None,
            Member => Some(&self.member),
            Reader => Some(&self.reader),
            Author => Some(&self.author),
            Anon => Some(&self.anon),
            ProgramAdmin => Some(&self.program_admin),
            OtherAdmin => Some(&self.other_admin),
            HubAdmin => Some(&self.hub_admin),
        }
    }
}

impl Hub {
    pub async fn new(server: TestServer) -> Hub {
        let mut people = server
            .add_members(&[
                ("Hana Hub", "hana@example.org"),
                ("Pia Program", "pia@example.org"),
                ("Otto Other", "otto@example.org"),
                ("Mo Member", "mo@example.org"),
                ("Rita Reader", "rita@example.org"),
                ("Arthur Author", "arthur@example.org"),
                (ANON_NAME, ANON_EMAIL),
            ])
            .await
            .into_iter();
        let mut next = || people.next().unwrap();
        let hub = Hub {
            hub_admin: next(),
            program_admin: next(),
            other_admin: next(),
            member: next(),
            reader: next(),
            author: next(),
            anon: next(),
            server,
            key: SecretKey::from_hex(support::TEST_SECRET_KEY).unwrap(),
            made: AtomicUsize::new(0),
        };
        assert_eq!(
            hub.server.current_user(hub.hub_admin.cookie()).await["is_hub_admin"],
            true
        );
        let b = hub.new_program("Program B", "program-b").await;
        hub.ok(
            HubAdmin,
            "programs/add_admin",
            &[kv("program_id", b), kv("email", &hub.other_admin.email)],
        )
        .await;
        hub
    }

    pub fn db(&self) -> &app::db::Db {
        &self.server.db.db
    }

    /// The store's actor for `member` (never a moderator).
    pub fn actor(&self, member: &Member) -> Actor {
        Actor {
            user_id: member.id,
            name: member.name.clone(),
            moderator: false,
            key: self.key.clone(),
        }
    }

    /// A new open program (anyone may apply, an admin approves); its id.
    async fn new_program(&self, name: &str, slug: &str) -> i64 {
        let program = self
            .server
            .create_program(&self.hub_admin, name, slug)
            .await;
        as_i64(&program["id"])
    }

    /// A program with the program admin named and the reader, the author
    /// and the anonymous author approved; its id and slug.
    pub async fn program(&self) -> (i64, String) {
        let n = self.made.fetch_add(1, Ordering::SeqCst) + 1;
        let slug = format!("circle-{n}");
        let id = self.new_program(&format!("Circle {n}"), &slug).await;
        self.ok(
            HubAdmin,
            "programs/add_admin",
            &[kv("program_id", id), kv("email", &self.program_admin.email)],
        )
        .await;
        let mut decide = vec![
            kv("program_id", id),
            kv("decision", "approve"),
            kv("message", ""),
        ];
        for caller in [Reader, Author, Anon] {
            let outcome = self
                .ok(
                    caller,
                    "programs/join",
                    &[kv("program_id", id), kv("role", "mentee")],
                )
                .await;
            decide.push(kv("membership_ids[]", as_i64(&outcome["membership_id"])));
        }
        self.ok(HubAdmin, "programs/decide", &decide).await;
        self.server.take_all_emails().await;
        (id, slug)
    }

    /// A fresh thread (in a fresh program A, or in the hub's space).
    pub async fn fixture(&self, place: Where) -> Fix {
        let (program, slug) = match place {
            Where::Program => {
                let (id, slug) = self.program().await;
                (Some(id), slug)
            }
            Where::Hub => (None, String::new()),
        };
        let n = self.made.fetch_add(1, Ordering::SeqCst) + 1;
        let db = self.db();
        let (space, _) = store::space_info(
            db,
            program.map(|id| (id, slug.as_str())),
            "A space",
            None,
            now(),
        )
        .await
        .unwrap();
        // The hub's settings row may have turned anonymous posts off.
        store::set_allow_anonymous(db, space.id, true)
            .await
            .unwrap();
        let tag = format!("Planning {n}");
        store::add_tag(db, space.id, &tag).await.unwrap();
        let word = unique_word(n);
        let thread = store::ask(
            db,
            space.id,
            &self.actor(&self.anon),
            &NewQuestion {
                title: format!("How do I plan a first session, case {n}?"),
                body: "I am new to mentoring and would like a plan.".into(),
                tags: vec![tag.clone()],
                anonymous: true,
                key: format!("fixture-question-{n}"),
            },
            now(),
        )
        .await
        .unwrap();
        let author = self.actor(&self.author);
        let answer = store::answer(
            db,
            space.id,
            thread,
            &author,
            &NewAnswer {
                body: "Start with goals.".into(),
                anonymous: false,
                key: format!("fixture-answer-{n}"),
            },
            &self.server.url("/discussion"),
            now(),
        )
        .await
        .unwrap();
        store::edit(
            db,
            space.id,
            answer,
            &author,
            &PostEdit {
                title: String::new(),
                body: format!("Start with goals, then a plan ({word})."),
            },
            now(),
        )
        .await
        .unwrap();
        let comment = store::comment(
            db,
            space.id,
            answer,
            &author,
            &NewComment {
                body: "Also write them down.".into(),
                anonymous: false,
                key: format!("fixture-comment-{n}"),
            },
            now(),
        )
        .await
        .unwrap();
        store::flag(
            db,
            space.id,
            answer,
            &self.actor(&self.reader),
            "Off topic?",
            now(),
        )
        .await
        .unwrap();
        let mut fix = Fix {
            n,
            space: slug,
            space_id: space.id,
            thread,
            question: 0,
            answer,
            comment,
            tag,
            word,
        };
        let page = self.thread(HubAdmin, &fix).await;
        fix.question = as_i64(&page["question"]["id"]);
        self.server.take_all_emails().await;
        fix
    }

    pub async fn thread(&self, caller: Caller, f: &Fix) -> Value {
        self.ok(
            caller,
            "discussion/thread",
            &[kv("space", &f.space), kv("thread", f.thread)],
        )
        .await
    }

    /// Everything about a fixture a discussion call could change: the
    /// thread as each signed-in caller reads it (or their refusal), the
    /// moderators' queue, both posts' revisions, everyone's email choice.
    pub async fn snapshot(&self, f: &Fix) -> Value {
        let mut threads = serde_json::Map::new();
        for caller in CALLERS.into_iter().skip(1) {
            let reply = self
                .call(
                    caller,
                    "discussion/thread",
                    &[kv("space", &f.space), kv("thread", f.thread)],
                )
                .await;
            threads.insert(
                format!("{caller:?}"),
                json!([reply.status, without_form_keys(reply.json())]),
            );
        }
        let space = kv("space", &f.space);
        let moderation = self
            .ok(
                HubAdmin,
                "discussion/moderation",
                std::slice::from_ref(&space),
            )
            .await;
        let answer_revisions = self
            .ok(
                HubAdmin,
                "discussion/revisions",
                &[space.clone(), kv("post", f.answer)],
            )
            .await;
        let question_revisions = self
            .ok(
                HubAdmin,
                "discussion/revisions",
                &[space, kv("post", f.question)],
            )
            .await;
        let mut emails = serde_json::Map::new();
        for caller in CALLERS.into_iter().skip(1) {
            let member = self.who(caller).unwrap();
            let choice = store::emails_of(self.db(), member.id).await.unwrap();
            emails.insert(format!("{caller:?}"), json!(choice.as_str()));
        }
        json!({
            "threads": threads,
            "moderation": moderation,
            "answer_revisions": answer_revisions,
            "question_revisions": question_revisions,
            "emails": emails,
        })
    }
}
