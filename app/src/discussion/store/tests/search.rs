//! Full-text search: the same hits on both databases, a title match first,
//! the last word as a prefix, typed syntax taken as words, and only what
//! everyone may read (never by an anonymous author's name).

use super::*;
use crate::discussion::{
    store::{delete_post, edit, flag, remove_post, search, PostEdit},
    PostKind, SearchHit,
};
use std::sync::{Arc, Mutex};

/// (title, kind) of each hit, best first.
type Hits = Vec<(String, PostKind)>;

fn titles(hits: &[SearchHit]) -> Hits {
    hits.iter().map(|h| (h.title.clone(), h.kind)).collect()
}

async fn found(db: &Db, space: &SpaceInfo, text: &str) -> Hits {
    titles(
        &search(db, space.id, text)
            .await
            .unwrap_or_else(|e| panic!("{db:?}: searching {text:?}: {e:?}")),
    )
}

fn q(title: &str) -> (String, PostKind) {
    (title.to_owned(), PostKind::Question)
}

fn a(title: &str) -> (String, PostKind) {
    (title.to_owned(), PostKind::Answer)
}

const TIPS: &str = "Salary negotiation tips";
const LANGUAGE: &str = "Choosing a first language";

#[tokio::test(flavor = "multi_thread")]
async fn search_finds_what_everyone_may_read_the_same_on_both_databases() {
    let runs: Arc<Mutex<Vec<Vec<Hits>>>> = Arc::default();
    let seen = runs.clone();
    on_both_backends(move |db| {
        let seen = seen.clone();
        async move {
            let (ann_user, ann) = someone(&db, "Ann").await;
            let (_, bob) = someone(&db, "Bob").await;
            let flaggers = [
                someone(&db, "Cy").await.1,
                someone(&db, "Dee").await.1,
                someone(&db, "Eve").await.1,
            ];
            let mo = actor(&member(&db, "Mo").await, true);
            let space = hub(&db, &ann).await;
            let (_, program) = program_space(&db, &ann_user, &ann).await;

            let ask_in = |space: SpaceInfo, by: Actor, title: &str, body: &str, anon: bool, at| {
                let (db, q) = (db.clone(), question(title, body, &[], anon));
                async move { ask(&db, space.id, &by, &q, t(at)).await.unwrap() }
            };
            let tips = ask_in(
                space.clone(),
                bob.clone(),
                TIPS,
                "How do I ask for more money?",
                false,
                1,
            )
            .await;
            let language = ask_in(
                space.clone(),
                bob.clone(),
                LANGUAGE,
                "Is a better salary a good reason to pick one?",
                false,
                2,
            )
            .await;
            answered(
                &db,
                &space,
                language,
                &ann,
                "Negotiation matters more than languages.",
                false,
                3,
            )
            .await;
            let bad = answered(&db, &space, tips, &ann, "Lie about your salary.", false, 4).await;
            ask_in(
                space.clone(),
                ann.clone(),
                "Anonymous thoughts on burnout",
                "I feel tired every evening.",
                true,
                5,
            )
            .await;
            let removed = ask_in(
                space.clone(),
                bob.clone(),
                "Salary of removed people",
                "Removed.",
                false,
                6,
            )
            .await;
            let hidden = ask_in(
                space.clone(),
                bob.clone(),
                "Salary of hidden people",
                "Hidden.",
                false,
                7,
            )
            .await;
            let deleted = ask_in(
                space.clone(),
                bob.clone(),
                "Salary of deleted people",
                "Deleted.",
                false,
                8,
            )
            .await;
            ask_in(
                program.clone(),
                bob.clone(),
                "Salary in the program space",
                "Elsewhere.",
                false,
                9,
            )
            .await;

            remove_post(
                &db,
                space.id,
                question_post(&db, removed).await,
                &mo,
                None,
                t(10),
            )
            .await
            .unwrap();
            remove_post(&db, space.id, bad, &mo, None, t(10))
                .await
                .unwrap();
            let hidden_q = question_post(&db, hidden).await;
            for f in &flaggers {
                flag(&db, space.id, hidden_q, f, "Spam", t(11))
                    .await
                    .unwrap();
            }
            delete_post(&db, space.id, question_post(&db, deleted).await, &bob)
                .await
                .unwrap();

            let mut results = Vec::new();
            // A title match first, then the body's.
            let salary = found(&db, &space, "salary").await;
            assert_eq!(salary, [q(TIPS), q(LANGUAGE)], "{db:?}");
            results.push(salary);
            // The last word is a prefix; every word must match one post.
            let prefix = found(&db, &space, "negot").await;
            assert_eq!(prefix, [q(TIPS), a(LANGUAGE)], "{db:?}");
            results.push(prefix);
            let both = found(&db, &space, "Salary NEGOT").await;
            assert_eq!(both, [q(TIPS)], "{db:?}");
            results.push(both);
            assert_eq!(
                found(&db, &space, "money salary").await,
                [q(TIPS)],
                "{db:?}"
            );
            // Typed syntax is words, not a query.
            for text in [
                "\"salary",
                "salary\"",
                "salary*",
                "*",
                "NEAR(salary",
                "salary NEAR(",
                "-salary",
                "salary:*",
                "'salary' & !",
                "(salary",
                "^salary",
                "salary AND",
                "NOT",
                "",
                "  ",
            ] {
                let hits = search(&db, space.id, text).await;
                assert!(hits.is_ok(), "{db:?}: {text:?}: {hits:?}");
                results.push(titles(&hits.unwrap()));
            }
            assert_eq!(
                found(&db, &space, "\"salary*").await,
                [q(TIPS), q(LANGUAGE)]
            );
            assert_eq!(
                found(&db, &space, "NEAR(salary").await,
                [],
                "{db:?}: near is a word"
            );
            // Removed, hidden, deleted and other spaces' posts stay out.
            for text in ["removed", "hidden", "deleted", "program", "lie"] {
                assert_eq!(found(&db, &space, text).await, [], "{db:?}: {text}");
            }
            assert_eq!(
                found(&db, &program, "salary").await,
                [q("Salary in the program space")],
                "{db:?}"
            );
            // An anonymous post by its text, never by its author's name.
            assert_eq!(
                found(&db, &space, "burnout").await,
                [q("Anonymous thoughts on burnout")],
                "{db:?}"
            );
            assert_eq!(found(&db, &space, "Ann").await, [], "{db:?}");
            assert_eq!(found(&db, &space, "Bob").await, [], "{db:?}");
            // An edit is searched by its new text.
            let tips_q = question_post(&db, tips).await;
            let change = PostEdit {
                title: TIPS.into(),
                body: "How do I ask for a xylophone?".into(),
            };
            edit(&db, space.id, tips_q, &bob, &change, t(12))
                .await
                .unwrap();
            assert_eq!(found(&db, &space, "xylophone").await, [q(TIPS)], "{db:?}");
            assert_eq!(found(&db, &space, "money").await, [], "{db:?}");
            let hit = &search(&db, space.id, "xylophone").await.unwrap()[0];
            assert_eq!(hit.thread_id, tips, "{db:?}");
            assert_eq!(hit.post_id, tips_q, "{db:?}");
            assert!(
                hit.excerpt
                    .iter()
                    .any(|(text, matched)| *matched && text.to_lowercase().contains("xylophone")),
                "{db:?}: {:?}",
                hit.excerpt
            );
            seen.lock().unwrap().push(results);
        }
    })
    .await;
    let runs = runs.lock().unwrap();
    if runs.len() == 2 {
        assert_eq!(runs[0], runs[1], "SQLite and PostgreSQL differ");
    }
}
