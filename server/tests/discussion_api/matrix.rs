//! The authorization matrix: every discussion server function × every
//! caller, in a program's space and in the hub's.

use super::*;

// ---------------------------------------------------------------------------
// The authorization matrix
// ---------------------------------------------------------------------------

const OK: Expect = Expect::Allowed;
const U401: Expect = Expect::Unauthorized;
const F403: Expect = Expect::Forbidden;
const C409: Expect = Expect::Conflict;

// In the order of `CALLERS`: visitor, member, reader, author, anonymous
// author, program admin, admin of another program, hub admin. These are
// for a program's space; `in_hub` derives the hub's.
const SPACE: [Expect; 8] = [U401, F403, OK, OK, OK, OK, F403, OK];
const MODERATORS: [Expect; 8] = [U401, F403, F403, F403, F403, OK, F403, OK];
/// The named answer's author and the moderators.
const ANSWER_AUTHOR_AND_MODERATORS: [Expect; 8] = [U401, F403, F403, OK, F403, OK, F403, OK];
/// The anonymous asker and the moderators.
const ASKER_AND_MODERATORS: [Expect; 8] = [U401, F403, F403, F403, OK, OK, F403, OK];
const ANSWER_AUTHOR: [Expect; 8] = [U401, F403, F403, OK, F403, F403, F403, F403];
/// Everyone in the space but the answer's author.
const NOT_THE_AUTHOR: [Expect; 8] = [U401, F403, OK, C409, OK, OK, F403, OK];

/// In the hub's space every member is in, and only hub admins moderate:
/// the member, the program admin and the other program's admin are each
/// what the reader (a member with no part in the thread) is.
fn in_hub(expect: [Expect; 8]) -> [Expect; 8] {
    let mut hub = expect;
    for i in [1, 5, 6] {
        hub[i] = expect[2];
    }
    hub
}

pub struct Ctx<'a> {
    hub: &'a Hub,
    f: &'a Fix,
    caller: Caller,
    place: Where,
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

    fn moderator(&self) -> bool {
        match self.place {
            Where::Program => matches!(self.caller, ProgramAdmin | HubAdmin),
            Where::Hub => self.caller == HubAdmin,
        }
    }

    /// The thread as the hub admin reads it after the call.
    fn thread(&self) -> &Value {
        &self.after["threads"]["HubAdmin"][1]
    }

    /// The thread as the caller reads it after the call.
    fn own_thread(&self, snapshot: &'static str) -> &Value {
        let which = if snapshot == "before" {
            self.before
        } else {
            self.after
        };
        &which["threads"][format!("{:?}", self.caller)][1]
    }

    fn answer(&self) -> &Value {
        self.thread()["answers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == self.f.answer)
            .unwrap_or_else(|| panic!("{}: no answer {}", self.what, self.f.answer))
    }

    fn flagged(&self, snapshot: &Value) -> Option<Value> {
        snapshot["moderation"]["flagged"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["post_id"] == self.f.answer)
            .cloned()
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

    /// The anonymous asker hears of it, unless they did it.
    fn asker_emailed(&self) {
        if self.caller == Anon {
            self.emailed(&[]);
        } else {
            self.emailed(&[&self.hub.anon]);
            let caller = self.hub.who(self.caller).unwrap();
            for email in self.emails {
                assert!(
                    !email.text_body.contains(&caller.name)
                        && !email.html_body.contains(&caller.name),
                    "{}: an email names who acted: {email:#?}",
                    self.what
                );
            }
        }
    }

    fn moderation_path(&self) -> String {
        if self.f.space.is_empty() {
            "/admin/discussion?saved=1".into()
        } else {
            format!("/programs/{}/admin/discussion?saved=1", self.f.space)
        }
    }
}

pub struct Row {
    endpoint: &'static str,
    args: fn(&Hub, &Fix, Caller) -> Args,
    /// Whether an allowed call changes something (each allowed caller then
    /// gets a fresh fixture).
    mutates: bool,
    expect: [Expect; 8],
    check: fn(&Ctx),
}

fn space_args(_: &Hub, f: &Fix, _: Caller) -> Args {
    vec![kv("space", &f.space)]
}

fn answer_args(_: &Hub, f: &Fix, _: Caller) -> Args {
    vec![
        kv("space", &f.space),
        kv("thread", f.thread),
        kv("post", f.answer),
    ]
}

fn rows() -> Vec<Row> {
    vec![
        // ----- Reading -----------------------------------------------------
        Row {
            endpoint: "discussion/list",
            args: |_, f, _| vec![kv("space", &f.space), kv("tag", &f.tag)],
            mutates: false,
            expect: SPACE,
            check: |c| {
                let list = c.json();
                assert_eq!(list["total"], 1, "{}: {list}", c.what);
                let thread = &list["threads"][0];
                assert_eq!(thread["id"], c.f.thread, "{}", c.what);
                assert_eq!(thread["tags"], json!([c.f.tag]), "{}", c.what);
                assert_eq!(thread["answers"], 1, "{}", c.what);
                let author = &thread["author"];
                assert_eq!(author["anonymous"], true, "{}", c.what);
                assert_eq!(author["user_id"], Value::Null, "{}", c.what);
                assert_eq!(author["name"], "Anonymous member", "{}", c.what);
                assert_eq!(author["is_you"], c.caller == Anon, "{}", c.what);
                assert_eq!(list["space"]["can_moderate"], c.moderator(), "{}", c.what);
                assert_eq!(list["space"]["path"], c.f.path(), "{}", c.what);
            },
        },
        Row {
            endpoint: "discussion/thread",
            args: |_, f, _| vec![kv("space", &f.space), kv("thread", f.thread)],
            mutates: false,
            expect: SPACE,
            check: |c| {
                let page = c.json();
                assert_eq!(page["id"], c.f.thread, "{}", c.what);
                assert_eq!(page["status"], "open", "{}", c.what);
                let question = &page["question"];
                assert_eq!(question["id"], c.f.question, "{}", c.what);
                assert_eq!(question["author"]["user_id"], Value::Null, "{}", c.what);
                assert_eq!(question["author"]["is_you"], c.caller == Anon, "{}", c.what);
                assert_eq!(
                    question["can_edit"],
                    c.caller == Anon || c.moderator(),
                    "{}",
                    c.what
                );
                let answer = &page["answers"][0];
                assert_eq!(answer["id"], c.f.answer, "{}", c.what);
                assert_eq!(answer["author"]["user_id"], c.hub.author.id, "{}", c.what);
                assert_eq!(answer["author"]["name"], "Arthur Author", "{}", c.what);
                assert_eq!(answer["author"]["is_you"], c.caller == Author, "{}", c.what);
                assert_eq!(answer["can_vote"], c.caller != Author, "{}", c.what);
                assert_eq!(answer["revisions"], 1, "{}", c.what);
                assert_eq!(answer["comments"][0]["id"], c.f.comment, "{}", c.what);
                assert_eq!(page["space"]["can_moderate"], c.moderator(), "{}", c.what);
                assert!(page["form_key"].as_str().unwrap().len() >= 32, "{}", c.what);
            },
        },
        Row {
            endpoint: "discussion/ask_page",
            args: space_args,
            mutates: false,
            expect: SPACE,
            check: |c| {
                let page = c.json();
                assert_eq!(page["space"]["path"], c.f.path(), "{}", c.what);
                assert_eq!(page["space"]["allow_anonymous"], true, "{}", c.what);
                assert!(page["form_key"].as_str().unwrap().len() >= 32, "{}", c.what);
            },
        },
        Row {
            endpoint: "discussion/search",
            args: |_, f, _| vec![kv("space", &f.space), kv("q", &f.word)],
            mutates: false,
            expect: SPACE,
            check: |c| {
                let results = c.json();
                assert_eq!(results["query"], c.f.word.as_str(), "{}", c.what);
                let hits = results["hits"].as_array().unwrap();
                assert_eq!(hits.len(), 1, "{}: {results}", c.what);
                assert_eq!(hits[0]["post_id"], c.f.answer, "{}", c.what);
                assert_eq!(hits[0]["thread_id"], c.f.thread, "{}", c.what);
                assert_eq!(hits[0]["kind"], "answer", "{}", c.what);
            },
        },
        Row {
            endpoint: "discussion/revisions",
            args: |_, f, _| vec![kv("space", &f.space), kv("post", f.answer)],
            mutates: false,
            expect: ANSWER_AUTHOR_AND_MODERATORS,
            check: |c| {
                let revisions = c.json();
                assert_eq!(revisions.as_array().unwrap().len(), 1, "{}", c.what);
                assert_eq!(revisions[0]["body_md"], "Start with goals.", "{}", c.what);
                assert_eq!(revisions[0]["by_moderator"], false, "{}", c.what);
            },
        },
        Row {
            // The anonymous asker's own question: theirs through the seal.
            endpoint: "discussion/revisions",
            args: |_, f, _| vec![kv("space", &f.space), kv("post", f.question)],
            mutates: false,
            expect: ASKER_AND_MODERATORS,
            check: |c| assert_eq!(c.json(), json!([]), "{}", c.what),
        },
        Row {
            endpoint: "discussion/moderation",
            args: space_args,
            mutates: false,
            expect: MODERATORS,
            check: |c| {
                let page = c.json();
                assert_eq!(page["space"]["can_moderate"], true, "{}", c.what);
                let flagged = page["flagged"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|p| p["post_id"] == c.f.answer)
                    .unwrap_or_else(|| panic!("{}: not flagged: {page}", c.what));
                assert_eq!(flagged["reasons"], json!(["Off topic?"]), "{}", c.what);
                assert_eq!(flagged["thread_id"], c.f.thread, "{}", c.what);
                assert_eq!(flagged["hidden"], false, "{}", c.what);
            },
        },
        // ----- Posting -----------------------------------------------------
        Row {
            endpoint: "discussion/ask",
            args: |_, f, caller| {
                vec![
                    kv("space", &f.space),
                    kv("title", "What should a mentee bring to a first meeting?"),
                    kv("body", "Notes, questions, anything else?"),
                    kv("tags[]", &f.tag),
                    kv("key", format!("matrix-ask-{}-{caller:?}", f.n)),
                ]
            },
            mutates: true,
            expect: SPACE,
            check: |c| {
                let thread = as_i64(&c.json());
                assert!(thread > c.f.thread, "{}", c.what);
                c.redirected_to(&format!("{}/{thread}", c.f.path()));
                c.emailed(&[]);
            },
        },
        Row {
            endpoint: "discussion/answer",
            args: |_, f, caller| {
                vec![
                    kv("space", &f.space),
                    kv("thread", f.thread),
                    kv("answer", "Ask them what they hope for."),
                    kv("key", format!("matrix-answer-{}-{caller:?}", f.n)),
                ]
            },
            mutates: true,
            expect: SPACE,
            check: |c| {
                let id = as_i64(&c.json());
                c.redirected_to(&format!("{}#post-{id}", c.f.thread_path()));
                let answers = c.thread()["answers"].as_array().unwrap();
                assert_eq!(answers.len(), 2, "{}", c.what);
                let new = answers.iter().find(|a| a["id"] == id).unwrap();
                let me = c.hub.who(c.caller).unwrap();
                assert_eq!(new["author"]["user_id"], me.id, "{}", c.what);
                assert_eq!(new["author"]["anonymous"], false, "{}", c.what);
                c.asker_emailed();
            },
        },
        Row {
            endpoint: "discussion/comment",
            args: |_, f, caller| {
                vec![
                    kv("space", &f.space),
                    kv("thread", f.thread),
                    kv("post", f.answer),
                    kv("comment", "Good point."),
                    kv("key", format!("matrix-comment-{}-{caller:?}", f.n)),
                ]
            },
            mutates: true,
            expect: SPACE,
            check: |c| {
                let id = as_i64(&c.json());
                c.redirected_to(&format!("{}#post-{}", c.f.thread_path(), c.f.answer));
                let comments = c.answer()["comments"].as_array().unwrap();
                assert_eq!(comments.len(), 2, "{}", c.what);
                assert_eq!(comments[1]["id"], id, "{}", c.what);
                assert_eq!(comments[1]["body"], "Good point.", "{}", c.what);
                c.emailed(&[]);
            },
        },
        Row {
            endpoint: "discussion/delete_comment",
            args: |_, f, _| {
                vec![
                    kv("space", &f.space),
                    kv("thread", f.thread),
                    kv("comment", f.comment),
                ]
            },
            mutates: true,
            expect: ANSWER_AUTHOR_AND_MODERATORS,
            check: |c| {
                c.redirected_to(&c.f.thread_path());
                let state = if c.caller == Author {
                    "deleted"
                } else {
                    "removed"
                };
                assert_eq!(c.answer()["comments"][0]["state"], state, "{}", c.what);
                assert_eq!(c.answer()["comments"][0]["body"], "", "{}", c.what);
                c.emailed(&[]);
            },
        },
        Row {
            endpoint: "discussion/vote",
            args: |h, f, c| {
                let mut args = answer_args(h, f, c);
                args.push(kv("on", "true"));
                args
            },
            mutates: true,
            expect: NOT_THE_AUTHOR,
            check: |c| {
                assert_eq!(c.json(), 1, "{}", c.what);
                c.redirected_to(&format!("{}#post-{}", c.f.thread_path(), c.f.answer));
                assert_eq!(c.answer()["score"], 1, "{}", c.what);
                let own = &c.own_thread("after")["answers"][0];
                assert_eq!(own["voted"], true, "{}", c.what);
                c.emailed(&[]);
            },
        },
        Row {
            endpoint: "discussion/accept",
            args: answer_args,
            mutates: true,
            expect: ASKER_AND_MODERATORS,
            check: |c| {
                c.redirected_to(&format!("{}#post-{}", c.f.thread_path(), c.f.answer));
                assert_eq!(c.answer()["accepted"], true, "{}", c.what);
                c.asker_emailed();
            },
        },
        Row {
            endpoint: "discussion/edit",
            args: |h, f, c| {
                let mut args = answer_args(h, f, c);
                args.push(kv("body", "Start with goals, a plan and a date."));
                args
            },
            mutates: true,
            expect: ANSWER_AUTHOR_AND_MODERATORS,
            check: |c| {
                c.redirected_to(&format!("{}#post-{}", c.f.thread_path(), c.f.answer));
                let answer = c.answer();
                assert_eq!(
                    answer["body_md"], "Start with goals, a plan and a date.",
                    "{}",
                    c.what
                );
                assert_eq!(answer["edited"], true, "{}", c.what);
                let revisions = c.after["answer_revisions"].as_array().unwrap();
                assert_eq!(revisions.len(), 2, "{}", c.what);
                let by_moderator = revisions.iter().any(|r| r["by_moderator"] == true);
                assert_eq!(by_moderator, c.caller != Author, "{}", c.what);
                c.emailed(&[]);
            },
        },
        Row {
            // The anonymous question: its author is known by the seal only.
            endpoint: "discussion/edit",
            args: |_, f, _| {
                vec![
                    kv("space", &f.space),
                    kv("thread", f.thread),
                    kv("post", f.question),
                    kv("title", "How do I plan a good first session?"),
                    kv("body", "I am new to mentoring."),
                ]
            },
            mutates: true,
            expect: ASKER_AND_MODERATORS,
            check: |c| {
                let page = c.thread();
                assert_eq!(
                    page["title"], "How do I plan a good first session?",
                    "{}",
                    c.what
                );
                assert_eq!(page["question"]["author"]["anonymous"], true, "{}", c.what);
                let revisions = c.after["question_revisions"].as_array().unwrap();
                assert_eq!(revisions.len(), 1, "{}", c.what);
                assert_eq!(revisions[0]["by_moderator"], c.caller != Anon, "{}", c.what);
                c.emailed(&[]);
            },
        },
        Row {
            endpoint: "discussion/delete",
            args: |_, f, _| vec![kv("space", &f.space), kv("post", f.answer)],
            mutates: true,
            expect: ANSWER_AUTHOR,
            check: |c| {
                c.redirected_to(&format!("{}?deleted=1", c.f.path()));
                assert_eq!(c.answer()["state"], "deleted", "{}", c.what);
                assert_eq!(
                    c.after["threads"]["Reader"][1]["answers"],
                    json!([]),
                    "{}",
                    c.what
                );
                c.emailed(&[]);
            },
        },
        Row {
            endpoint: "discussion/follow",
            args: |_, f, _| {
                vec![
                    kv("space", &f.space),
                    kv("thread", f.thread),
                    kv("on", "true"),
                ]
            },
            mutates: true,
            expect: SPACE,
            check: |c| {
                c.redirected_to(&c.f.thread_path());
                // The anonymous asker hears of answers through the seal:
                // shown as following from the start.
                let before = c.caller == Anon;
                assert_eq!(c.own_thread("before")["following"], before, "{}", c.what);
                assert_eq!(c.own_thread("after")["following"], true, "{}", c.what);
                c.emailed(&[]);
            },
        },
        Row {
            endpoint: "discussion/flag",
            args: |h, f, c| {
                let mut args = answer_args(h, f, c);
                args.push(kv("reason", "Spam"));
                args
            },
            mutates: true,
            expect: NOT_THE_AUTHOR,
            check: |c| {
                c.redirected_to(&format!(
                    "{}?flagged=1#post-{}",
                    c.f.thread_path(),
                    c.f.answer
                ));
                let flagged = c.flagged(c.after).unwrap();
                // The reader flagged it already: a member flags a post once.
                let reasons = if c.caller == Reader {
                    json!(["Off topic?"])
                } else {
                    json!(["Off topic?", "Spam"])
                };
                assert_eq!(flagged["reasons"], reasons, "{}", c.what);
                assert_eq!(
                    c.own_thread("after")["answers"][0]["flagged"],
                    true,
                    "{}",
                    c.what
                );
                c.emailed(&[]);
            },
        },
        // ----- Moderating --------------------------------------------------
        Row {
            endpoint: "discussion/dismiss",
            args: |_, f, _| vec![kv("space", &f.space), kv("post", f.answer)],
            mutates: true,
            expect: MODERATORS,
            check: |c| {
                c.redirected_to(&c.moderation_path());
                assert!(c.flagged(c.before).is_some(), "{}", c.what);
                assert_eq!(c.flagged(c.after), None, "{}", c.what);
                assert_eq!(c.answer()["state"], "shown", "{}", c.what);
                c.emailed(&[]);
            },
        },
        Row {
            endpoint: "discussion/remove",
            args: |_, f, _| vec![kv("space", &f.space), kv("post", f.answer)],
            mutates: true,
            expect: MODERATORS,
            check: |c| {
                c.redirected_to(&c.f.thread_path());
                assert_eq!(c.answer()["state"], "removed", "{}", c.what);
                assert_eq!(c.flagged(c.after), None, "{}", c.what);
                assert_eq!(
                    c.after["threads"]["Reader"][1]["answers"],
                    json!([]),
                    "{}",
                    c.what
                );
                c.emailed(&[]);
            },
        },
        Row {
            endpoint: "discussion/status",
            args: |_, f, _| {
                vec![
                    kv("space", &f.space),
                    kv("thread", f.thread),
                    kv("status", "closed"),
                ]
            },
            mutates: true,
            expect: MODERATORS,
            check: |c| {
                c.redirected_to(&c.f.thread_path());
                assert_eq!(c.thread()["status"], "closed", "{}", c.what);
                assert_eq!(
                    c.after["threads"]["Reader"][1]["can_answer"], false,
                    "{}",
                    c.what
                );
                c.emailed(&[]);
            },
        },
        Row {
            // No `allow_anonymous` box ticked: anonymous posts off.
            endpoint: "discussion/settings",
            args: space_args,
            mutates: true,
            expect: MODERATORS,
            check: |c| {
                c.redirected_to(&c.moderation_path());
                assert_eq!(c.thread()["space"]["allow_anonymous"], false, "{}", c.what);
                // Earlier anonymous posts stay anonymous.
                let question = &c.thread()["question"]["author"];
                assert_eq!(question["anonymous"], true, "{}", c.what);
                c.emailed(&[]);
            },
        },
        Row {
            endpoint: "discussion/tag_add",
            args: |_, f, _| vec![kv("space", &f.space), kv("tag", format!("Career {}", f.n))],
            mutates: true,
            expect: MODERATORS,
            check: |c| {
                c.redirected_to(&c.moderation_path());
                let tags = c.thread()["space"]["tags"].as_array().unwrap().clone();
                assert!(
                    tags.contains(&json!(format!("Career {}", c.f.n))),
                    "{}",
                    c.what
                );
                assert!(tags.contains(&json!(c.f.tag)), "{}", c.what);
                c.emailed(&[]);
            },
        },
        Row {
            endpoint: "discussion/tag_remove",
            args: |_, f, _| vec![kv("space", &f.space), kv("tag", &f.tag)],
            mutates: true,
            expect: MODERATORS,
            check: |c| {
                c.redirected_to(&c.moderation_path());
                let tags = c.thread()["space"]["tags"].as_array().unwrap().clone();
                assert!(!tags.contains(&json!(c.f.tag)), "{}: {tags:?}", c.what);
                let before = c.before["threads"]["HubAdmin"][1]["space"]["tags"].clone();
                assert!(before.as_array().unwrap().contains(&json!(c.f.tag)));
                c.emailed(&[]);
            },
        },
    ]
}

/// Every row × every caller in `place`. Before and after each call a
/// snapshot of the fixture is taken: a refused call must change nothing and
/// queue no email.
async fn run_matrix(hub: &Hub, place: Where) {
    let shared = hub.fixture(place).await;
    let mut cells = 0;
    for row in rows() {
        let expect = match place {
            Where::Program => row.expect,
            Where::Hub => in_hub(row.expect),
        };
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
                "{} as {caller:?} in the {place:?} space on {}",
                row.endpoint,
                hub.server.backend()
            );
            let before = hub.snapshot(f).await;
            let reply = hub
                .call(caller, row.endpoint, &(row.args)(hub, f, caller))
                .await;
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
                    place,
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
    for caller in CALLERS.into_iter().skip(1) {
        let member = hub.who(caller).unwrap();
        store::set_emails(hub.db(), member.id, DiscussionEmails::Immediately)
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_discussion_function_admits_exactly_the_allowed_callers_in_a_program() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        run_matrix(&hub, Where::Program).await;
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_discussion_function_admits_exactly_the_allowed_callers_in_the_hub() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        run_matrix(&hub, Where::Hub).await;
        hub.server.stop().await;
    })
    .await;
}

#[test]
fn the_hubs_space_differs_where_it_should() {
    // Visitors are refused everywhere; in the hub only hub admins moderate.
    for row in rows() {
        let hub = in_hub(row.expect);
        assert_eq!(hub[0], U401, "{}", row.endpoint);
        assert_eq!(row.expect[0], U401, "{}", row.endpoint);
    }
    assert_eq!(
        in_hub(MODERATORS),
        [U401, F403, F403, F403, F403, F403, F403, OK]
    );
    assert_eq!(in_hub(SPACE), [U401, OK, OK, OK, OK, OK, OK, OK]);
}

#[test]
fn the_matrix_covers_every_discussion_server_function() {
    // Every `endpoint = "discussion/..."` in discussion/api/ has a row.
    let source = [
        include_str!("../../../app/src/discussion/api/mod.rs"),
        include_str!("../../../app/src/discussion/api/reading.rs"),
        include_str!("../../../app/src/discussion/api/posts.rs"),
        include_str!("../../../app/src/discussion/api/moderation.rs"),
    ]
    .concat();
    let api_files = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../app/src/discussion/api"
    ))
    .unwrap()
    .count();
    assert_eq!(
        api_files, 4,
        "a new file in discussion/api/ belongs in the list above"
    );
    let rows = rows();
    let covered: Vec<&str> = rows.iter().map(|row| row.endpoint).collect();
    let mut functions = 0;
    for piece in source.split("endpoint = \"").skip(1) {
        let endpoint = piece.split('"').next().unwrap();
        assert!(covered.contains(&endpoint), "no matrix row for {endpoint}");
        functions += 1;
    }
    assert_eq!(functions, 22, "server functions in discussion/api/");
    for row in &rows {
        assert!(
            source.contains(&format!("endpoint = \"{}\"", row.endpoint)),
            "a row for no server function: {}",
            row.endpoint
        );
    }
}
