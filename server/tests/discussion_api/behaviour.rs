//! The forms through the API: double submits, plain form posts, refusals
//! that keep what was typed, the posting limit, posts of another space,
//! a program's threads for its members only.

use super::*;
use support::HTML;

fn ask_args(space: &str, title: &str, key: &str) -> Args {
    vec![
        kv("space", space),
        kv("title", title),
        kv("body", "Some details about it."),
        kv("key", key),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn an_ask_form_sent_twice_makes_one_thread() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let (_, slug) = hub.program().await;
        let args = ask_args(&slug, "What is a good first goal?", "same-key");
        let first = as_i64(&hub.ok(Reader, "discussion/ask", &args).await);
        let second = as_i64(&hub.ok(Reader, "discussion/ask", &args).await);
        assert_eq!(first, second);
        let list = hub
            .ok(Reader, "discussion/list", &[kv("space", &slug)])
            .await;
        assert_eq!(list["total"], 1, "{list}");
        assert_eq!(list["threads"][0]["id"], first);
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_plain_ask_form_lands_on_the_new_thread() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let (_, slug) = hub.program().await;
        let form = format!("/programs/{slug}/discussion/ask");
        let reply = hub
            .call_as(
                Reader,
                "discussion/ask",
                &ask_args(&slug, "How do I end a mentorship well?", "plain-key"),
                HTML,
                Some(&form),
            )
            .await;
        assert!(matches!(reply.status, 302 | 303), "{reply:?}");
        let list = hub
            .ok(Reader, "discussion/list", &[kv("space", &slug)])
            .await;
        assert_eq!(list["total"], 1, "{list}");
        let thread = as_i64(&list["threads"][0]["id"]);
        let location = reply.location().unwrap_or_default();
        let expected = format!("/programs/{slug}/discussion/{thread}");
        assert!(
            location == expected || location == hub.server.url(&expected),
            "{location} is not {expected}"
        );
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_question_keeps_its_title_and_text() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let (_, slug) = hub.program().await;
        let mut args = ask_args(&slug, "Too short", "short-key");
        args[2] = kv("body", "What I typed at length.");
        let reply = hub.call(Reader, "discussion/ask", &args).await;
        reply.expect(422);
        assert!(
            reply
                .field_message("title")
                .unwrap()
                .contains("at least 10"),
            "{reply:?}"
        );
        assert_eq!(reply.submitted()["title"], "Too short", "{reply:?}");
        assert_eq!(
            reply.submitted()["body"],
            "What I typed at length.",
            "{reply:?}"
        );
        let list = hub
            .ok(Reader, "discussion/list", &[kv("space", &slug)])
            .await;
        assert_eq!(list["total"], 0, "{list}");
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_eleventh_post_in_ten_minutes_is_refused_with_a_clear_message() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let f = hub.fixture(Where::Hub).await;
        // Questions, answers and comments count together.
        for n in 0..10 {
            let reply = match n % 3 {
                0 => {
                    hub.call(
                        Reader,
                        "discussion/ask",
                        &ask_args(
                            "",
                            &format!("Question number {n} of mine"),
                            &format!("k{n}"),
                        ),
                    )
                    .await
                }
                1 => {
                    hub.call(
                        Reader,
                        "discussion/answer",
                        &[
                            kv("space", ""),
                            kv("thread", f.thread),
                            kv("answer", format!("Answer {n}")),
                            kv("key", format!("k{n}")),
                        ],
                    )
                    .await
                }
                _ => {
                    hub.call(
                        Reader,
                        "discussion/comment",
                        &[
                            kv("space", ""),
                            kv("thread", f.thread),
                            kv("post", f.answer),
                            kv("comment", format!("Comment {n}")),
                            kv("key", format!("k{n}")),
                        ],
                    )
                    .await
                }
            };
            assert_eq!(reply.status, 200, "post {n}: {reply:?}");
        }
        let before = hub.snapshot(&f).await;
        let reply = hub
            .call(
                Reader,
                "discussion/answer",
                &[
                    kv("space", ""),
                    kv("thread", f.thread),
                    kv("answer", "One too many."),
                    kv("key", "k-eleventh"),
                ],
            )
            .await;
        // A message on the answer field, and the answer kept for the form.
        reply.expect(422);
        let message = reply.field_message("answer").unwrap_or_default();
        assert!(
            message.contains("posted 10 times in 10 minutes") && message.contains("Try again in"),
            "{message}"
        );
        assert_eq!(reply.submitted()["answer"], "One too many.", "{reply:?}");
        assert_eq!(before, hub.snapshot(&f).await);
        // Another member still posts.
        let reply = hub
            .call(
                Author,
                "discussion/answer",
                &[
                    kv("space", ""),
                    kv("thread", f.thread),
                    kv("answer", "Still here."),
                    kv("key", "k-author"),
                ],
            )
            .await;
        reply.expect(200);
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_post_of_another_space_is_not_found_through_this_one() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let program = hub.fixture(Where::Program).await;
        let other = hub.fixture(Where::Program).await;
        let hubs = hub.fixture(Where::Hub).await;
        for (here, there) in [(&program, &hubs), (&hubs, &program), (&program, &other)] {
            let before = hub.snapshot(there).await;
            let space = kv("space", &here.space);
            let calls: Vec<(Caller, &str, Args)> = vec![
                (
                    Reader,
                    "discussion/vote",
                    vec![
                        space.clone(),
                        kv("thread", there.thread),
                        kv("post", there.answer),
                        kv("on", "true"),
                    ],
                ),
                (
                    Author,
                    "discussion/edit",
                    vec![
                        space.clone(),
                        kv("thread", there.thread),
                        kv("post", there.answer),
                        kv("body", "Hijacked text."),
                    ],
                ),
                (
                    HubAdmin,
                    "discussion/edit",
                    vec![
                        space.clone(),
                        kv("thread", there.thread),
                        kv("post", there.answer),
                        kv("body", "Hijacked text."),
                    ],
                ),
                (
                    Author,
                    "discussion/delete",
                    vec![space.clone(), kv("post", there.answer)],
                ),
                (
                    HubAdmin,
                    "discussion/remove",
                    vec![space.clone(), kv("post", there.answer)],
                ),
                (
                    HubAdmin,
                    "discussion/dismiss",
                    vec![space.clone(), kv("post", there.answer)],
                ),
                (
                    Author,
                    "discussion/delete_comment",
                    vec![
                        space.clone(),
                        kv("thread", there.thread),
                        kv("comment", there.comment),
                    ],
                ),
                (
                    Reader,
                    "discussion/flag",
                    vec![
                        space.clone(),
                        kv("thread", there.thread),
                        kv("post", there.answer),
                        kv("reason", "Spam"),
                    ],
                ),
                (
                    Anon,
                    "discussion/accept",
                    vec![
                        space.clone(),
                        kv("thread", there.thread),
                        kv("post", there.answer),
                    ],
                ),
                (
                    HubAdmin,
                    "discussion/status",
                    vec![
                        space.clone(),
                        kv("thread", there.thread),
                        kv("status", "locked"),
                    ],
                ),
                (
                    Reader,
                    "discussion/answer",
                    vec![
                        space.clone(),
                        kv("thread", there.thread),
                        kv("answer", "Crossing over."),
                        kv("key", format!("cross-{}-{}", here.n, there.n)),
                    ],
                ),
                (
                    Reader,
                    "discussion/comment",
                    vec![
                        space.clone(),
                        kv("thread", there.thread),
                        kv("post", there.answer),
                        kv("comment", "Crossing."),
                        kv("key", format!("crossc-{}-{}", here.n, there.n)),
                    ],
                ),
                (
                    Reader,
                    "discussion/follow",
                    vec![space.clone(), kv("thread", there.thread), kv("on", "true")],
                ),
                (
                    Reader,
                    "discussion/thread",
                    vec![space.clone(), kv("thread", there.thread)],
                ),
                (
                    HubAdmin,
                    "discussion/revisions",
                    vec![space.clone(), kv("post", there.answer)],
                ),
            ];
            for (caller, endpoint, args) in calls {
                let what = format!(
                    "{endpoint} as {caller:?} of {} through {:?} on {}",
                    there.space,
                    here.space,
                    hub.server.backend()
                );
                let reply = hub.call(caller, endpoint, &args).await;
                assert_refused(&reply, Expect::NotFound, &what);
            }
            assert_eq!(
                before,
                hub.snapshot(there).await,
                "{:?} through {:?}",
                there.space,
                here.space
            );
            assert!(hub.server.take_all_emails().await.is_empty());
        }
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_programs_threads_are_for_its_members_and_admins() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let f = hub.fixture(Where::Program).await;
        let args = [kv("space", &f.space), kv("thread", f.thread)];
        for caller in [Member, OtherAdmin] {
            let reply = hub.call(caller, "discussion/thread", &args).await;
            assert!(matches!(reply.status, 403 | 404), "{caller:?}: {reply:?}");
            assert!(!reply.body.contains("plan a first session"), "{reply:?}");
        }
        hub.call(Visitor, "discussion/thread", &args)
            .await
            .expect_unauthorized();
        for caller in [Reader, ProgramAdmin, HubAdmin] {
            hub.call(caller, "discussion/thread", &args)
                .await
                .expect(200);
        }
        // A slug that is no program.
        hub.call(
            Reader,
            "discussion/thread",
            &[kv("space", "no-such-program"), kv("thread", f.thread)],
        )
        .await
        .expect_not_found();
        hub.server.stop().await;
    })
    .await;
}
