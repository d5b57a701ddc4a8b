//! An anonymous author is named to nobody: not in a reply, a page, a CSV
//! export or an email, whoever reads them (a member, the program's admin,
//! the hub admin); only the author is told the posts are theirs.

use super::*;

/// What must not appear anywhere but in what is the anonymous author's own.
fn leaks(hub: &Hub) -> Vec<String> {
    vec![
        ANON_NAME.to_owned(),
        "Zephyrine".to_owned(),
        "Quillfeather".to_owned(),
        ANON_EMAIL.to_owned(),
        "zq-unique".to_owned(),
        format!("\"user_id\":{}", hub.anon.id),
        format!("\"user_id\": {}", hub.anon.id),
        "author_id".to_owned(),
        "sealed".to_owned(),
    ]
}

fn assert_no_leak(hub: &Hub, what: &str, body: &str) {
    for leak in leaks(hub) {
        assert!(
            !body.contains(&leak),
            "{what} on {} shows {leak:?}: {body}",
            hub.server.backend()
        );
    }
}

const TITLE: &str = "How often should a mentee meet their mentor?";
const BODY: &str = "Weekly feels a lot; fortnightly cadence might be enough.";
const OWN_ANSWER: &str = "Replying to myself: monthly worked for a friend.";
const OWN_COMMENT: &str = "Thanks, that cadence sounds right.";

#[tokio::test(flavor = "multi_thread")]
async fn an_anonymous_author_is_named_to_nobody_but_themself() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let (_, slug) = hub.program().await;
        let space = kv("space", &slug);
        let key = |name: &str| kv("key", format!("leak-{name}"));

        let thread = as_i64(
            &hub.ok(
                Anon,
                "discussion/ask",
                &[
                    space.clone(),
                    kv("title", TITLE),
                    kv("body", BODY),
                    kv("anonymous", "on"),
                    key("ask"),
                ],
            )
            .await,
        );
        let on_thread = [space.clone(), kv("thread", thread)];
        for caller in [Reader, Author] {
            hub.ok(
                caller,
                "discussion/follow",
                &[&on_thread[..], &[kv("on", "true")]].concat(),
            )
            .await;
        }
        let reader_answer = as_i64(
            &hub.ok(
                Reader,
                "discussion/answer",
                &[
                    &on_thread[..],
                    &[kv("answer", "Every two weeks is common."), key("reader")],
                ]
                .concat(),
            )
            .await,
        );
        let own_answer = as_i64(
            &hub.ok(
                Anon,
                "discussion/answer",
                &[
                    &on_thread[..],
                    &[
                        kv("answer", OWN_ANSWER),
                        kv("anonymous", "on"),
                        key("own-answer"),
                    ],
                ]
                .concat(),
            )
            .await,
        );
        let own_comment = as_i64(
            &hub.ok(
                Anon,
                "discussion/comment",
                &[
                    &on_thread[..],
                    &[
                        kv("post", reader_answer),
                        kv("comment", OWN_COMMENT),
                        kv("anonymous", "on"),
                        key("own-comment"),
                    ],
                ]
                .concat(),
            )
            .await,
        );
        hub.ok(
            Author,
            "discussion/answer",
            &[
                &on_thread[..],
                &[kv("answer", "Monthly, with notes between."), key("author")],
            ]
            .concat(),
        )
        .await;
        let page = hub.thread(HubAdmin, &fix_of(&slug, thread)).await;
        let question = as_i64(&page["question"]["id"]);
        hub.ok(
            Anon,
            "discussion/edit",
            &[
                &on_thread[..],
                &[
                    kv("post", question),
                    kv("title", TITLE),
                    kv("body", format!("{BODY} Edited.")),
                ],
            ]
            .concat(),
        )
        .await;
        hub.ok(
            Anon,
            "discussion/accept",
            &[&on_thread[..], &[kv("post", reader_answer)]].concat(),
        )
        .await;
        for (caller, reason) in [(Reader, "Duplicate"), (Author, "Unclear")] {
            for post in [question, own_answer] {
                hub.ok(
                    caller,
                    "discussion/flag",
                    &[&on_thread[..], &[kv("post", post), kv("reason", reason)]].concat(),
                )
                .await;
            }
        }

        // The emails: those to others never name the author; the author
        // heard of the answers of others (through the seal).
        let emails = hub.server.take_all_emails().await;
        let to_anon = emails.iter().filter(|e| e.recipient == ANON_EMAIL).count();
        assert_eq!(to_anon, 2, "the two answers of others: {emails:#?}");
        let to_others: Vec<_> = emails
            .iter()
            .filter(|e| e.recipient != ANON_EMAIL)
            .collect();
        // The reader and the author follow: told of the anonymous answer,
        // of each other's answer, and of the accepted answer.
        assert_eq!(to_others.len(), 6, "{to_others:#?}");
        for email in &to_others {
            let whole = format!(
                "{} {} {} {}",
                email.subject, email.text_body, email.html_body, email.recipient
            );
            assert_no_leak(&hub, &format!("an email to {}", email.recipient), &whole);
            assert!(!whole.contains(&format!("user={}", hub.anon.id)), "{whole}");
        }

        // Everything a reader of the space can call or open.
        for reader in [Reader, ProgramAdmin, HubAdmin] {
            let mut bodies: Vec<(String, String)> = Vec::new();
            for scope in ["all", "mine", "following"] {
                for sort in ["newest", "active", "unanswered", "no_accepted", "votes"] {
                    let reply = hub
                        .call(
                            reader,
                            "discussion/list",
                            &[space.clone(), kv("scope", scope), kv("sort", sort)],
                        )
                        .await;
                    reply.expect(200);
                    let list = reply.json();
                    if scope == "mine" {
                        assert_eq!(list["total"], 0, "{reader:?}: {list}");
                    } else if scope == "all" && !matches!(sort, "unanswered" | "no_accepted") {
                        assert_eq!(list["total"], 1, "{reader:?} {sort}: {list}");
                    }
                    bodies.push((format!("list {scope} {sort}"), reply.body));
                }
            }
            let reply = hub.call(reader, "discussion/thread", &on_thread).await;
            reply.expect(200);
            let page = reply.json();
            assert_eq!(page["question"]["author"]["name"], "Anonymous member");
            assert_eq!(page["question"]["author"]["is_you"], false);
            bodies.push(("thread".into(), reply.body));
            for q in [
                "cadence",
                "fortnightly",
                "monthly",
                "Quillfeather",
                "Zephyrine",
            ] {
                let reply = hub
                    .call(reader, "discussion/search", &[space.clone(), kv("q", q)])
                    .await;
                reply.expect(200);
                if q.starts_with(['Q', 'Z']) {
                    assert_eq!(reply.json()["hits"], json!([]), "{reader:?} {q}");
                } else {
                    assert!(!reply.json()["hits"].as_array().unwrap().is_empty(), "{q}");
                }
                // The reply echoes the query itself: its hits must not.
                bodies.push((format!("search {q}"), reply.json()["hits"].to_string()));
            }
            for (name, args) in [
                ("moderation", vec![space.clone()]),
                ("revisions", vec![space.clone(), kv("post", question)]),
                ("revisions", vec![space.clone(), kv("post", own_answer)]),
                ("ask_page", vec![space.clone()]),
            ] {
                let reply = hub.call(reader, &format!("discussion/{name}"), &args).await;
                let expected = if reader == Reader && name != "ask_page" {
                    403
                } else {
                    200
                };
                reply.expect(expected);
                bodies.push((name.to_owned(), reply.body));
            }
            let cookie = hub.who(reader).unwrap().cookie();
            for path in [
                format!("/programs/{slug}/discussion"),
                format!("/programs/{slug}/discussion/{thread}"),
                "/discussion".to_owned(),
            ] {
                let page = hub.server.fetch(&path, cookie).await;
                bodies.push((path, page.body));
            }
            for (what, body) in &bodies {
                assert_no_leak(&hub, &format!("{what} as {reader:?}"), body);
            }
            // The pages that name the member (their profile, the program's
            // members) never tie them to what they wrote anonymously.
            let mut named = vec![format!("/members/{}", hub.anon.id)];
            if reader != Reader {
                named.push(format!("/programs/{slug}/admin/members.csv"));
            }
            for path in named {
                let page = hub.server.fetch(&path, cookie).await;
                page.expect(200);
                for text in [TITLE, "cadence", "monthly", "Anonymous member"] {
                    assert!(
                        !page.body.contains(text),
                        "{path} as {reader:?}: {}",
                        page.body
                    );
                }
            }
        }
        let csv = hub
            .server
            .fetch(
                &format!("/programs/{slug}/admin/members.csv"),
                hub.program_admin.cookie(),
            )
            .await;
        assert!(
            csv.body.contains(ANON_EMAIL),
            "the export is real: {}",
            csv.body
        );

        // The author is told which posts are theirs, and nobody else.
        let page = hub.thread(Anon, &fix_of(&slug, thread)).await;
        assert_eq!(page["question"]["author"]["is_you"], true, "{page}");
        assert_eq!(page["question"]["author"]["user_id"], Value::Null);
        assert_eq!(page["question"]["can_edit"], true);
        let answer = |id: i64| {
            page["answers"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["id"] == id)
                .unwrap()
                .clone()
        };
        assert_eq!(answer(own_answer)["author"]["is_you"], true);
        assert_eq!(answer(own_answer)["author"]["anonymous"], true);
        let comment = &answer(reader_answer)["comments"][0];
        assert_eq!(comment["id"], own_comment);
        assert_eq!(comment["author"]["is_you"], true);
        assert_eq!(comment["can_delete"], true);
        assert_eq!(answer(reader_answer)["author"]["is_you"], false);
        let mine = hub
            .ok(
                Anon,
                "discussion/list",
                &[space.clone(), kv("scope", "mine")],
            )
            .await;
        assert_eq!(mine["total"], 1, "{mine}");
        assert_eq!(mine["threads"][0]["author"]["is_you"], true);
        assert_no_leak(&hub, "the author's own thread", &page.to_string());

        // "Download my data": the author's holds what they wrote
        // anonymously, marked so; nobody else's holds it.
        let export = |who: Caller| {
            let hub = &hub;
            async move {
                let cookie = hub.who(who).unwrap().cookie().map(str::to_owned);
                let reply = hub.server.fetch("/account/export", cookie.as_deref()).await;
                reply.expect(200);
                serde_json::from_str::<Value>(&reply.body).unwrap()
            }
        };
        let own = export(Anon).await;
        let ids = |data: &Value, part: &str| -> Vec<Value> {
            data["discussion"][part]
                .as_array()
                .unwrap_or_else(|| panic!("no discussion.{part}: {data}"))
                .iter()
                .map(|item| item["id"].clone())
                .collect()
        };
        let question = page["question"]["id"].clone();
        assert!(ids(&own, "posts").contains(&question), "{own}");
        assert!(ids(&own, "posts").contains(&json!(own_answer)), "{own}");
        assert!(ids(&own, "comments").contains(&json!(own_comment)), "{own}");
        assert!(!ids(&own, "posts").contains(&json!(reader_answer)), "{own}");
        let posts = own["discussion"]["posts"].as_array().unwrap();
        assert!(posts.iter().all(|post| post["anonymous"] == true), "{own}");
        for reader in [Reader, Author, ProgramAdmin, HubAdmin] {
            let theirs = export(reader).await;
            assert!(
                !ids(&theirs, "posts").contains(&question),
                "{reader:?}: {theirs}"
            );
            assert!(
                !ids(&theirs, "posts").contains(&json!(own_answer)),
                "{reader:?}"
            );
            assert!(
                !ids(&theirs, "comments").contains(&json!(own_comment)),
                "{reader:?}"
            );
            assert_no_leak(
                &hub,
                &format!("the export of {reader:?}"),
                &theirs.to_string(),
            );
        }
        hub.server.stop().await;
    })
    .await;
}

/// Enough of a fixture to read a thread.
fn fix_of(slug: &str, thread: i64) -> Fix {
    Fix {
        n: 0,
        space: slug.to_owned(),
        space_id: 0,
        thread,
        question: 0,
        answer: 0,
        comment: 0,
        tag: String::new(),
        word: String::new(),
    }
}
