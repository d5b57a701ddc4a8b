//! Votes (and their races), the accepted answer, edits with their
//! revisions, deleting, and the emails an answer sends.

use super::*;
use crate::discussion::{
    store::{accept, delete_post, edit, revisions, set_emails, vote, PostEdit},
    DiscussionEmails, PostState,
};

async fn thread_score(db: &Db, space: &SpaceInfo, viewer: &Actor, thread: i64) -> i32 {
    thread_list(db, space.clone(), viewer, ThreadFilters::default())
        .await
        .unwrap()
        .threads
        .into_iter()
        .find(|t| t.id == thread)
        .unwrap_or_else(|| panic!("{db:?}: thread {thread} not listed"))
        .score
}

#[tokio::test(flavor = "multi_thread")]
async fn a_vote_toggles_counts_once_and_not_on_ones_own_post() {
    on_both_backends(|db| async move {
        let (_, ann) = someone(&db, "Ann").await;
        let (_, bob) = someone(&db, "Bob").await;
        let (_, cy) = someone(&db, "Cy").await;
        let space = hub(&db, &ann).await;
        let thread = asked(&db, &space, &ann, "How should I prepare?", 1).await;
        let q = question_post(&db, thread).await;
        let a = answered(&db, &space, thread, &bob, "Read the guide.", false, 2).await;

        assert_eq!(vote(&db, space.id, q, &bob, true, t(3)).await.unwrap(), 1);
        assert_eq!(vote(&db, space.id, q, &bob, true, t(4)).await.unwrap(), 1);
        assert_eq!(vote(&db, space.id, q, &cy, true, t(4)).await.unwrap(), 2);
        assert_eq!(thread_score(&db, &space, &ann, thread).await, 2, "{db:?}");
        assert_eq!(vote(&db, space.id, q, &bob, false, t(5)).await.unwrap(), 1);
        assert_eq!(vote(&db, space.id, q, &bob, false, t(6)).await.unwrap(), 1);
        assert_eq!(thread_score(&db, &space, &ann, thread).await, 1, "{db:?}");

        // An answer's votes are its own; the thread's score is the question's.
        assert_eq!(vote(&db, space.id, a, &ann, true, t(7)).await.unwrap(), 1);
        assert_eq!(vote(&db, space.id, a, &cy, true, t(7)).await.unwrap(), 2);
        assert_eq!(thread_score(&db, &space, &ann, thread).await, 1, "{db:?}");

        let own = vote(&db, space.id, q, &ann, true, t(8)).await;
        assert!(matches!(own, Err(AppError::Conflict(_))), "{db:?}: {own:?}");
        let own = vote(&db, space.id, a, &bob, true, t(8)).await;
        assert!(matches!(own, Err(AppError::Conflict(_))), "{db:?}: {own:?}");

        let shown = page(&db, &space, thread, &cy).await;
        assert_eq!(
            (shown.question.score, shown.question.voted),
            (1, true),
            "{db:?}"
        );
        assert_eq!((shown.answers[0].score, shown.answers[0].voted), (2, true));
        let shown = page(&db, &space, thread, &bob).await;
        assert!(!shown.question.voted && shown.question.can_vote, "{db:?}");
        assert!(!shown.answers[0].can_vote, "{db:?}: not on one's own");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_votes_count_once_per_member() {
    on_both_backends(|db| async move {
        let (_, ann) = someone(&db, "Ann").await;
        let (_, bob) = someone(&db, "Bob").await;
        let space = hub(&db, &ann).await;
        let thread = asked(&db, &space, &ann, "Does this race?", 1).await;
        let q = question_post(&db, thread).await;

        let (d, s, b) = (db.clone(), space.id, bob.clone());
        let scores = race(10, move |_| {
            let (db, bob) = (d.clone(), b.clone());
            async move { vote(&db, s, q, &bob, true, t(2)).await }
        })
        .await;
        for score in scores {
            assert_eq!(score.unwrap(), 1, "{db:?}");
        }
        assert_eq!(thread_score(&db, &space, &ann, thread).await, 1, "{db:?}");

        let mut voters = Vec::new();
        for i in 0..10 {
            voters.push(someone(&db, &format!("Voter{i}")).await.1);
        }
        let a = answered(&db, &space, thread, &bob, "Maybe it does.", false, 3).await;
        let (d, s) = (db.clone(), space.id);
        let results = race(10, move |i| {
            let (db, voter) = (d.clone(), voters[i].clone());
            async move {
                vote(&db, s, q, &voter, true, t(4)).await?;
                vote(&db, s, a, &voter, true, t(4)).await
            }
        })
        .await;
        let mut seen: Vec<i32> = results.into_iter().map(|r| r.unwrap()).collect();
        seen.sort_unstable();
        assert_eq!(seen, (1..=10).collect::<Vec<_>>(), "{db:?}");
        assert_eq!(thread_score(&db, &space, &ann, thread).await, 11, "{db:?}");
        let shown = page(&db, &space, thread, &ann).await;
        assert_eq!(shown.question.score, 11, "{db:?}");
        assert_eq!(shown.answers[0].score, 10, "{db:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_asker_or_a_moderator_accepts_and_it_shows_first() {
    on_both_backends(|db| async move {
        let (_, ann) = someone(&db, "Ann").await;
        let (_, bob) = someone(&db, "Bob").await;
        let (_, cy) = someone(&db, "Cy").await;
        let (mo_user, _) = someone(&db, "Mo").await;
        let mo = actor(&mo_user, true);
        let space = hub(&db, &ann).await;
        let thread = asked_anonymously(&db, &space, &ann, "Which answer is right?", 1).await;
        let first = answered(&db, &space, thread, &bob, "The first answer.", false, 2).await;
        let second = answered(&db, &space, thread, &cy, "The second answer.", false, 3).await;
        vote(&db, space.id, first, &cy, true, t(4)).await.unwrap();

        let ids = |p: &ThreadPage| p.answers.iter().map(|a| a.id).collect::<Vec<_>>();
        let shown = page(&db, &space, thread, &ann).await;
        assert_eq!(ids(&shown), [first, second], "{db:?}: by score");
        assert!(shown.answers.iter().all(|a| a.can_accept), "{db:?}");
        assert!(!page(&db, &space, thread, &bob).await.answers[0].can_accept);

        // The anonymous asker accepts the second answer: it comes first.
        accept(&db, space.id, thread, Some(second), &ann, LINK, t(5))
            .await
            .unwrap();
        let shown = page(&db, &space, thread, &bob).await;
        assert_eq!(ids(&shown), [second, first], "{db:?}");
        assert!(shown.answers[0].accepted && !shown.answers[1].accepted);

        let refused = accept(&db, space.id, thread, Some(first), &bob, LINK, t(6)).await;
        assert!(
            matches!(refused, Err(AppError::Forbidden)),
            "{db:?}: {refused:?}"
        );
        let refused = accept(&db, space.id, thread, None, &cy, LINK, t(6)).await;
        assert!(
            matches!(refused, Err(AppError::Forbidden)),
            "{db:?}: {refused:?}"
        );
        assert_eq!(ids(&page(&db, &space, thread, &bob).await), [second, first]);

        // A moderator changes it, the asker clears it.
        accept(&db, space.id, thread, Some(first), &mo, LINK, t(7))
            .await
            .unwrap();
        let shown = page(&db, &space, thread, &cy).await;
        assert_eq!(ids(&shown), [first, second], "{db:?}");
        assert!(shown.answers[0].accepted && !shown.answers[1].accepted);
        accept(&db, space.id, thread, None, &ann, LINK, t(8))
            .await
            .unwrap();
        let shown = page(&db, &space, thread, &cy).await;
        assert!(shown.answers.iter().all(|a| !a.accepted), "{db:?}");
        let listed = thread_list(&db, space.clone(), &cy, ThreadFilters::default())
            .await
            .unwrap();
        assert!(!listed.threads[0].has_accepted, "{db:?}");

        // The question itself is not an answer to accept.
        let q = question_post(&db, thread).await;
        let wrong = accept(&db, space.id, thread, Some(q), &ann, LINK, t(9)).await;
        assert!(
            matches!(wrong, Err(AppError::NotFound)),
            "{db:?}: {wrong:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_edit_keeps_the_old_text_as_a_revision() {
    on_both_backends(|db| async move {
        let (_, ann) = someone(&db, "Ann").await;
        let (_, bob) = someone(&db, "Bob").await;
        let (mo_user, _) = someone(&db, "Mo").await;
        let mo = actor(&mo_user, true);
        let space = hub(&db, &ann).await;
        let thread = asked(&db, &space, &ann, "The first title here", 1).await;
        let q = question_post(&db, thread).await;
        assert!(!page(&db, &space, thread, &bob).await.question.edited);

        let change = PostEdit {
            title: "The second title here".into(),
            body: "The second text.".into(),
        };
        assert_eq!(
            edit(&db, space.id, q, &ann, &change, t(2)).await.unwrap(),
            thread
        );
        let by_mod = PostEdit {
            title: "The third title here".into(),
            body: "The *third* text.".into(),
        };
        edit(&db, space.id, q, &mo, &by_mod, t(3)).await.unwrap();

        let refused = edit(&db, space.id, q, &bob, &change, t(4)).await;
        assert!(
            matches!(refused, Err(AppError::Forbidden)),
            "{db:?}: {refused:?}"
        );
        let refused = revisions(&db, space.id, q, &bob).await;
        assert!(
            matches!(refused, Err(AppError::Forbidden)),
            "{db:?}: {refused:?}"
        );

        let old: Vec<(String, String, bool)> = revisions(&db, space.id, q, &ann)
            .await
            .unwrap()
            .into_iter()
            .map(|r| (r.title, r.body_md, r.by_moderator))
            .collect();
        assert_eq!(
            old,
            [
                (
                    "The second title here".to_owned(),
                    "The second text.".to_owned(),
                    true
                ),
                (
                    "The first title here".to_owned(),
                    "Details of: The first title here".to_owned(),
                    false
                ),
            ],
            "{db:?}"
        );
        assert_eq!(revisions(&db, space.id, q, &mo).await.unwrap().len(), 2);

        let shown = page(&db, &space, thread, &bob).await;
        assert_eq!(shown.title, "The third title here", "{db:?}");
        assert!(shown.question.edited, "{db:?}");
        assert_eq!(shown.question.revisions, 2, "{db:?}");
        assert!(
            shown.question.body_html.contains("<em>third</em>"),
            "{db:?}"
        );
        assert_eq!(shown.question.body_md, None, "{db:?}: not Bob's to edit");
        assert_eq!(
            page(&db, &space, thread, &ann)
                .await
                .question
                .body_md
                .as_deref(),
            Some("The *third* text."),
            "{db:?}"
        );

        // The same text again is no new revision.
        edit(&db, space.id, q, &ann, &by_mod, t(5)).await.unwrap();
        assert_eq!(revisions(&db, space.id, q, &ann).await.unwrap().len(), 2);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_author_deletes_a_question_only_while_it_has_no_answers() {
    on_both_backends(|db| async move {
        let (_, ann) = someone(&db, "Ann").await;
        let (_, bob) = someone(&db, "Bob").await;
        let space = hub(&db, &ann).await;
        let kept = asked(&db, &space, &ann, "A question that gets answers", 1).await;
        let gone = asked(&db, &space, &ann, "A question that goes away", 2).await;
        let a = answered(&db, &space, kept, &bob, "An answer to it.", false, 3).await;

        let kept_q = question_post(&db, kept).await;
        let refused = delete_post(&db, space.id, kept_q, &bob).await;
        assert!(
            matches!(refused, Err(AppError::Forbidden)),
            "{db:?}: {refused:?}"
        );
        let refused = delete_post(&db, space.id, kept_q, &ann).await;
        assert!(
            matches!(refused, Err(AppError::Conflict(_))),
            "{db:?}: {refused:?}"
        );
        assert!(!page(&db, &space, kept, &ann).await.question.can_delete);

        let gone_q = question_post(&db, gone).await;
        assert!(page(&db, &space, gone, &ann).await.question.can_delete);
        assert_eq!(
            delete_post(&db, space.id, gone_q, &ann).await.unwrap(),
            gone
        );
        assert_eq!(
            list(&db, &space, &bob, ThreadFilters::default()).await,
            [kept],
            "{db:?}"
        );
        assert_eq!(
            list(&db, &space, &ann, scoped(ThreadScope::Mine)).await,
            [kept],
            "{db:?}"
        );
        let missing = thread_page(&db, space.clone(), gone, &bob).await;
        assert!(matches!(missing, Err(AppError::NotFound)), "{db:?}");

        // The answer's author deletes it; the question may go then.
        assert_eq!(delete_post(&db, space.id, a, &bob).await.unwrap(), kept);
        let shown = page(&db, &space, kept, &ann).await;
        assert!(shown.answers.is_empty(), "{db:?}");
        let listed = thread_list(&db, space.clone(), &ann, ThreadFilters::default())
            .await
            .unwrap();
        assert_eq!(listed.threads[0].answers, 0, "{db:?}");
        delete_post(&db, space.id, kept_q, &ann).await.unwrap();
        assert!(list(&db, &space, &bob, ThreadFilters::default())
            .await
            .is_empty());
        let mo = actor(&member(&db, "Mo").await, true);
        let seen = page(&db, &space, kept, &mo).await;
        assert_eq!(seen.question.state, PostState::Deleted, "{db:?}");
        assert!(seen.question.body_html.is_empty(), "{db:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_answer_emails_the_followers_and_the_anonymous_asker() {
    on_both_backends(|db| async move {
        let (_, ann) = someone(&db, "Ann").await;
        let (_, bob) = someone(&db, "Bob").await;
        let (_, cy) = someone(&db, "Cy").await;
        let (_, dee) = someone(&db, "Dee").await;
        let space = hub(&db, &ann).await;
        let thread = asked_anonymously(&db, &space, &ann, "Who hears of answers?", 1).await;
        crate::discussion::store::follow(&db, space.id, thread, &cy, true, t(2))
            .await
            .unwrap();
        assert!(emails(&db).await.is_empty(), "{db:?}");

        answered(&db, &space, thread, &bob, "Everyone who follows.", false, 3).await;
        let sent = emails(&db).await;
        let to: Vec<&str> = sent.iter().map(|(to, ..)| to.as_str()).collect();
        assert_eq!(to, ["ann@example.org", "cy@example.org"], "{db:?}");
        for (_, subject, unsubscribe) in &sent {
            assert_eq!(subject, "New answer: Who hears of answers?", "{db:?}");
            let link = unsubscribe.as_deref().expect("a List-Unsubscribe link");
            assert!(link.starts_with("https://hub.example.org/"), "{link}");
            assert!(link.contains("unsubscribe?user="), "{link}");
        }
        assert!(sent[0]
            .2
            .as_deref()
            .unwrap()
            .contains(&format!("user={}&", ann.user_id)));

        // The follower answering is not emailed about their own answer;
        // a member who turned the emails off hears nothing.
        set_emails(&db, ann.user_id, DiscussionEmails::Off)
            .await
            .unwrap();
        answered(&db, &space, thread, &cy, "An answer by Cy.", false, 4).await;
        assert_eq!(emails(&db).await.len(), 2, "{db:?}");
        crate::discussion::store::follow(&db, space.id, thread, &dee, true, t(5))
            .await
            .unwrap();
        answered(&db, &space, thread, &bob, "Another one by Bob.", false, 6).await;
        let to: Vec<String> = emails(&db).await.into_iter().map(|e| e.0).collect();
        assert_eq!(
            to,
            [
                "ann@example.org",
                "cy@example.org",
                "cy@example.org",
                "dee@example.org"
            ],
            "{db:?}"
        );
        set_emails(&db, cy.user_id, DiscussionEmails::Off)
            .await
            .unwrap();
        set_emails(&db, dee.user_id, DiscussionEmails::Off)
            .await
            .unwrap();
        answered(
            &db,
            &space,
            thread,
            &bob,
            "And a last one by Bob.",
            false,
            7,
        )
        .await;
        assert_eq!(emails(&db).await.len(), 4, "{db:?}");
    })
    .await;
}
