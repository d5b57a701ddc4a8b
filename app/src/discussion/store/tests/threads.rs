//! Asking, the lists (sorts, tags, scopes), idempotent forms, and what an
//! anonymous question shows of its author.

use super::*;
use crate::discussion::{
    rules::ANONYMOUS_NAME,
    seal,
    store::{accept, add_tag, comment, follow, vote, NewComment},
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};

#[tokio::test(flavor = "multi_thread")]
async fn the_lists_sort_filter_by_tag_and_scope() {
    on_both_backends(|db| async move {
        let (_, ann) = someone(&db, "Ann").await;
        let (_, bob) = someone(&db, "Bob").await;
        let (_, cy) = someone(&db, "Cy").await;
        let space = hub(&db, &ann).await;
        add_tag(&db, space.id, "Career").await.unwrap();
        add_tag(&db, space.id, "Rust").await.unwrap();

        let first = ask(
            &db,
            space.id,
            &ann,
            &question(
                "How do I change careers?",
                "I am a chemist.",
                &["career"],
                false,
            ),
            t(1),
        )
        .await
        .unwrap();
        let second = ask(
            &db,
            space.id,
            &bob,
            &question(
                "Which Rust book first?",
                "New to Rust.",
                &["Rust", "CAREER"],
                false,
            ),
            t(2),
        )
        .await
        .unwrap();
        let third = asked_anonymously(&db, &space, &ann, "A question I ask anonymously", 3).await;
        let fourth = asked(&db, &space, &cy, "Where do mentors meet?", 4).await;

        let newest = list(&db, &space, &cy, ThreadFilters::default()).await;
        assert_eq!(newest, [fourth, third, second, first], "{db:?}");

        // The first thread gets an answer (active, unanswered) and an
        // accepted answer (no accepted); the second a vote (votes).
        let a = answered(&db, &space, first, &bob, "Start with a course.", false, 10).await;
        accept(&db, space.id, first, Some(a), &ann, LINK, t(11))
            .await
            .unwrap();
        let q2 = question_post(&db, second).await;
        assert_eq!(vote(&db, space.id, q2, &cy, true, t(12)).await.unwrap(), 1);

        assert_eq!(
            list(&db, &space, &cy, sorted(ThreadSort::Active)).await,
            [first, fourth, third, second],
            "{db:?}"
        );
        assert_eq!(
            list(&db, &space, &cy, sorted(ThreadSort::Unanswered)).await,
            [fourth, third, second],
            "{db:?}"
        );
        assert_eq!(
            list(&db, &space, &cy, sorted(ThreadSort::NoAccepted)).await,
            [fourth, third, second],
            "{db:?}"
        );
        assert_eq!(
            list(&db, &space, &cy, sorted(ThreadSort::Votes)).await,
            [second, fourth, third, first],
            "{db:?}"
        );

        let listed = thread_list(&db, space.clone(), &cy, sorted(ThreadSort::Votes))
            .await
            .unwrap();
        assert_eq!(listed.total, 4, "{db:?}");
        assert_eq!(listed.threads[0].score, 1, "{db:?}");
        assert_eq!(listed.threads[0].tags, ["Career", "Rust"], "{db:?}");
        let answered_row = listed.threads.iter().find(|t| t.id == first).unwrap();
        assert_eq!(answered_row.answers, 1, "{db:?}");
        assert!(answered_row.has_accepted, "{db:?}");

        let career = ThreadFilters {
            tag: "career".into(),
            ..ThreadFilters::default()
        };
        assert_eq!(
            list(&db, &space, &cy, career).await,
            [second, first],
            "{db:?}"
        );
        let rust = ThreadFilters {
            tag: "Rust".into(),
            ..ThreadFilters::default()
        };
        assert_eq!(list(&db, &space, &cy, rust).await, [second], "{db:?}");

        // Ann's questions: the named one and the anonymous one.
        assert_eq!(
            list(&db, &space, &ann, scoped(ThreadScope::Mine)).await,
            [third, first],
            "{db:?}"
        );
        assert_eq!(
            list(&db, &space, &cy, scoped(ThreadScope::Mine)).await,
            [fourth],
            "{db:?}"
        );
        // Following: one's own questions (the anonymous one by its seal),
        // and those followed.
        follow(&db, space.id, second, &ann, true, t(20))
            .await
            .unwrap();
        assert_eq!(
            list(&db, &space, &ann, scoped(ThreadScope::Following)).await,
            [third, second, first],
            "{db:?}"
        );
        follow(&db, space.id, second, &ann, false, t(21))
            .await
            .unwrap();
        assert_eq!(
            list(&db, &space, &ann, scoped(ThreadScope::Following)).await,
            [third, first],
            "{db:?}"
        );
        assert_eq!(
            list(&db, &space, &bob, scoped(ThreadScope::Following)).await,
            [second],
            "{db:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_form_sent_twice_asks_once_and_tags_come_from_the_list() {
    on_both_backends(|db| async move {
        let (_, ann) = someone(&db, "Ann").await;
        let space = hub(&db, &ann).await;
        for tag in ["One", "Two", "Three", "Four", "Five", "Six"] {
            add_tag(&db, space.id, tag).await.unwrap();
        }
        let q = question("How do I find a mentor?", "Please help.", &["one"], false);
        let first = ask(&db, space.id, &ann, &q, t(1)).await.unwrap();
        let again = ask(&db, space.id, &ann, &q, t(2)).await.unwrap();
        assert_eq!(first, again, "{db:?}");
        assert_eq!(post_count(&db, first).await, 1, "{db:?}");
        // The same key from another member (a copied form) is their own
        // question, and tells them nothing of Ann's.
        let (_, bob) = someone(&db, "Bob").await;
        let bobs = ask(&db, space.id, &bob, &q, t(2)).await.unwrap();
        assert_ne!(bobs, first, "{db:?}");
        let stored: Vec<Option<String>> = crate::run_query!(&db, |conn| {
            use crate::db::schema::discussion_posts;
            use diesel::prelude::*;
            use diesel_async::RunQueryDsl;
            discussion_posts::table
                .select(discussion_posts::request_key)
                .load(conn)
                .await
        })
        .unwrap();
        assert!(
            stored.iter().flatten().all(|k| !k.contains(&q.key)),
            "{db:?}: {stored:?}"
        );
        crate::discussion::store::delete_post(&db, space.id, question_post(&db, bobs).await, &bob)
            .await
            .unwrap();
        assert_eq!(
            list(&db, &space, &ann, ThreadFilters::default()).await,
            [first]
        );

        let unknown = question("A question with a made-up tag", "Text.", &["Seven"], false);
        let error = ask(&db, space.id, &ann, &unknown, t(3)).await.unwrap_err();
        assert!(error.field("tags").is_some(), "{db:?}: {error:?}");

        let six = question(
            "A question with every tag there is",
            "Text.",
            &["One", "Two", "Three", "Four", "Five", "Six"],
            false,
        );
        let error = ask(&db, space.id, &ann, &six, t(4)).await.unwrap_err();
        assert!(error.field("tags").is_some(), "{db:?}: {error:?}");

        let five = question(
            "A question with five of the tags",
            "Text.",
            &["One", "Two", "Three", "Four", "five"],
            false,
        );
        let id = ask(&db, space.id, &ann, &five, t(5)).await.unwrap();
        let shown = page(&db, &space, id, &ann).await;
        assert_eq!(
            shown.tags,
            ["Five", "Four", "One", "Three", "Two"],
            "{db:?}"
        );

        let short = question("Help", "", &[], false);
        let error = ask(&db, space.id, &ann, &short, t(6)).await.unwrap_err();
        assert!(error.field("title").is_some(), "{db:?}: {error:?}");
        assert!(error.field("body").is_some(), "{db:?}: {error:?}");
        assert_eq!(
            list(&db, &space, &ann, ThreadFilters::default()).await,
            [id, first],
            "{db:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_anonymous_author_is_known_only_to_themself() {
    on_both_backends(|db| async move {
        let (ann_user, ann) = someone(&db, "Ann").await;
        let (_, bob) = someone(&db, "Bob").await;
        let (mod_user, _) = someone(&db, "Mo").await;
        let mo = actor(&mod_user, true);
        let space = hub(&db, &ann).await;
        let thread = asked_anonymously(&db, &space, &ann, "Is it fine to ask this?", 1).await;
        let a = answered(&db, &space, thread, &ann, "Answering myself.", true, 2).await;

        for viewer in [&bob, &mo] {
            let shown = page(&db, &space, thread, viewer).await;
            for author in [&shown.question.author, &shown.answers[0].author] {
                assert_eq!(author.name, ANONYMOUS_NAME, "{db:?}");
                assert_eq!(author.user_id, None, "{db:?}");
                assert!(author.anonymous, "{db:?}");
                assert!(!author.is_you, "{db:?}");
            }
            let listed = thread_list(&db, space.clone(), viewer, ThreadFilters::default())
                .await
                .unwrap();
            let author = &listed.threads[0].author;
            assert_eq!(
                (author.name.as_str(), author.user_id, author.is_you),
                (ANONYMOUS_NAME, None, false),
                "{db:?}"
            );
            let text = format!(
                "{:?}{:?}{:?}",
                shown.question, shown.answers, listed.threads
            );
            assert!(!text.contains("Ann"), "{db:?}: {text}");
        }
        let own = page(&db, &space, thread, &ann).await;
        assert!(own.question.author.is_you, "{db:?}");
        assert!(own.answers[0].author.is_you, "{db:?}");
        assert_eq!(own.question.author.user_id, None, "{db:?}");
        // Hers to edit; not to delete, now that it has an answer.
        assert!(own.question.can_edit && !own.question.can_delete, "{db:?}");
        assert!(own.answers[0].can_delete, "{db:?}");
        assert!(!page(&db, &space, thread, &bob).await.question.can_edit);
        assert!(!own.question.can_vote, "{db:?}");
        let listed = thread_list(&db, space.clone(), &ann, ThreadFilters::default())
            .await
            .unwrap();
        assert!(listed.threads[0].author.is_you, "{db:?}");

        for post in [question_post(&db, thread).await, a] {
            let (author_id, sealed) = author_columns_of(&db, post).await;
            assert_eq!(author_id, None, "{db:?}");
            let sealed = sealed.expect("a sealed author");
            // The seal holds Ann's id, readable with the key only.
            assert_eq!(
                seal::open(&key(), seal::Sealed::Post, &sealed),
                Some(ann_user.id),
                "{db:?}"
            );
            assert_eq!(
                seal::open(&SecretKey::from_bytes([8; 32]), seal::Sealed::Post, &sealed),
                None,
                "{db:?}"
            );
            let bytes = URL_SAFE_NO_PAD.decode(&sealed).unwrap();
            assert!(
                !bytes.windows(8).any(|w| w == ann_user.id.to_le_bytes()),
                "{db:?}: the id in clear in {sealed}"
            );
            assert_ne!(sealed, ann_user.id.to_string(), "{db:?}");
        }
        // A named post keeps its author column and no seal.
        let named = answered(&db, &space, thread, &bob, "A named answer.", false, 3).await;
        let (author_id, sealed) = author_columns_of(&db, named).await;
        assert_eq!((author_id, sealed), (Some(bob.user_id), None), "{db:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_form_sent_several_times_at_once_asks_and_answers_once() {
    on_both_backends(|db| async move {
        let (_, ann) = someone(&db, "Ann").await;
        let (_, bob) = someone(&db, "Bob").await;
        let space = hub(&db, &ann).await;
        let q = question("Sent twice by a double click", "Once only.", &[], false);
        let (d, s, by, form_q) = (db.clone(), space.id, ann.clone(), q.clone());
        let ids = race(5, move |_| {
            let (db, by, q) = (d.clone(), by.clone(), form_q.clone());
            async move { ask(&db, s, &by, &q, t(1)).await }
        })
        .await;
        let ids: Vec<i64> = ids
            .into_iter()
            .map(|r| r.unwrap_or_else(|e| panic!("{db:?}: {e:?}")))
            .collect();
        assert!(ids.iter().all(|id| *id == ids[0]), "{db:?}: {ids:?}");
        let thread = ids[0];
        assert_eq!(
            list(&db, &space, &ann, ThreadFilters::default()).await,
            [thread],
            "{db:?}"
        );
        assert_eq!(post_count(&db, thread).await, 1, "{db:?}");

        let new = NewAnswer {
            body: "Answered by a double click.".into(),
            anonymous: false,
            key: form(),
        };
        let (d, by) = (db.clone(), bob.clone());
        let ids = race(5, move |_| {
            let (db, by, new) = (d.clone(), by.clone(), new.clone());
            async move { answer(&db, s, thread, &by, &new, LINK, t(2)).await }
        })
        .await;
        let ids: Vec<i64> = ids
            .into_iter()
            .map(|r| r.unwrap_or_else(|e| panic!("{db:?}: {e:?}")))
            .collect();
        assert!(ids.iter().all(|id| *id == ids[0]), "{db:?}: {ids:?}");
        assert_eq!(post_count(&db, thread).await, 2, "{db:?}");
        let listed = thread_list(&db, space.clone(), &ann, ThreadFilters::default())
            .await
            .unwrap();
        assert_eq!(listed.threads[0].answers, 1, "{db:?}");
        assert_eq!(emails(&db).await.len(), 1, "{db:?}: one email to Ann");

        let note = NewComment {
            body: "A comment sent twice.".into(),
            anonymous: false,
            key: form(),
        };
        let (d, by, on) = (db.clone(), bob.clone(), ids[0]);
        let ids = race(5, move |_| {
            let (db, by, note) = (d.clone(), by.clone(), note.clone());
            async move { comment(&db, s, on, &by, &note, t(3)).await }
        })
        .await;
        let ids: Vec<i64> = ids
            .into_iter()
            .map(|r| r.unwrap_or_else(|e| panic!("{db:?}: {e:?}")))
            .collect();
        assert!(ids.iter().all(|id| *id == ids[0]), "{db:?}: {ids:?}");
        let shown = page(&db, &space, thread, &ann).await;
        let comments: Vec<(i64, &str)> = shown.answers[0]
            .comments
            .iter()
            .map(|c| (c.id, c.body.as_str()))
            .collect();
        assert_eq!(comments, [(ids[0], "A comment sent twice.")], "{db:?}");
    })
    .await;
}
