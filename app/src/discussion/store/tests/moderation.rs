//! Flags hide a post, moderators dismiss them or remove the post, and a
//! suspension keeps an (anonymous) author from posting in that space.

use super::*;
use crate::discussion::{
    rules::ANONYMOUS_NAME,
    store::{
        accept, comment, dismiss_flags, edit, flag, flag_queue, remove_post, set_thread_status,
        suspension_days, vote, NewComment, PostEdit,
    },
    PostState, ThreadStatus,
};

#[tokio::test(flavor = "multi_thread")]
async fn three_flags_hide_a_post_until_a_moderator_dismisses_them() {
    on_both_backends(|db| async move {
        let (_, ann) = someone(&db, "Ann").await;
        let mut flaggers = Vec::new();
        for name in ["Bob", "Cy", "Dee"] {
            flaggers.push(someone(&db, name).await.1);
        }
        let (_, eve) = someone(&db, "Eve").await;
        let mo = actor(&member(&db, "Mo").await, true);
        let space = hub(&db, &ann).await;
        let thread = asked(&db, &space, &ann, "A question some dislike", 1).await;
        let other = asked(&db, &space, &eve, "A question nobody minds", 2).await;
        let q = question_post(&db, thread).await;

        let own = flag(&db, space.id, q, &ann, "Mine", t(3)).await;
        assert!(matches!(own, Err(AppError::Conflict(_))), "{db:?}: {own:?}");
        let empty = flag(&db, space.id, q, &eve, "   ", t(3)).await;
        assert!(empty.unwrap_err().field("reason").is_some(), "{db:?}");

        // Two members, one of them twice: two flags, still shown.
        flag(&db, space.id, q, &flaggers[0], "Spam", t(3))
            .await
            .unwrap();
        flag(&db, space.id, q, &flaggers[0], "Spam again", t(4))
            .await
            .unwrap();
        flag(&db, space.id, q, &flaggers[1], "Rude", t(5))
            .await
            .unwrap();
        assert_eq!(
            list(&db, &space, &eve, ThreadFilters::default()).await,
            [other, thread],
            "{db:?}"
        );
        let shown = page(&db, &space, thread, &flaggers[0]).await;
        assert!(shown.question.flagged && !shown.question.hidden, "{db:?}");
        let queue = flag_queue(&db, space.id, &mo).await.unwrap();
        assert_eq!(queue.len(), 1, "{db:?}");
        assert_eq!(queue[0].reasons, ["Spam", "Rude"], "{db:?}");
        assert_eq!(queue[0].title, "A question some dislike", "{db:?}");
        assert!(matches!(
            flag_queue(&db, space.id, &eve).await,
            Err(AppError::Forbidden)
        ));

        // The third member hides it.
        flag(&db, space.id, q, &flaggers[2], "Off topic", t(6))
            .await
            .unwrap();
        assert_eq!(
            list(&db, &space, &eve, ThreadFilters::default()).await,
            [other],
            "{db:?}"
        );
        for viewer in [&eve, &flaggers[0]] {
            let hidden = thread_page(&db, space.clone(), thread, viewer).await;
            assert!(
                matches!(hidden, Err(AppError::NotFound)),
                "{db:?}: {hidden:?}"
            );
        }
        let to_author = page(&db, &space, thread, &ann).await;
        assert!(to_author.question.hidden, "{db:?}");
        assert!(!to_author.question.body_html.is_empty(), "{db:?}");
        let to_mod = page(&db, &space, thread, &mo).await;
        assert!(to_mod.question.hidden, "{db:?}");
        assert!(to_mod.question.body_html.contains("Details of"), "{db:?}");
        // The author still finds it among their questions.
        assert_eq!(
            list(&db, &space, &ann, scoped(ThreadScope::Mine)).await,
            [thread],
            "{db:?}"
        );
        let queue = flag_queue(&db, space.id, &mo).await.unwrap();
        assert_eq!((queue.len(), queue[0].reasons.len()), (1, 3), "{db:?}");
        assert!(queue[0].hidden, "{db:?}");

        dismiss_flags(&db, space.id, q, &mo, t(7)).await.unwrap();
        assert_eq!(
            list(&db, &space, &eve, ThreadFilters::default()).await,
            [other, thread],
            "{db:?}"
        );
        let shown = page(&db, &space, thread, &eve).await;
        assert!(!shown.question.hidden, "{db:?}");
        assert!(flag_queue(&db, space.id, &mo).await.unwrap().is_empty());
        assert!(matches!(
            dismiss_flags(&db, space.id, q, &eve, t(8)).await,
            Err(AppError::Forbidden)
        ));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hidden_answer_is_blank_to_others_and_uncounted() {
    on_both_backends(|db| async move {
        let (_, ann) = someone(&db, "Ann").await;
        let (_, bob) = someone(&db, "Bob").await;
        let mut flaggers = Vec::new();
        for name in ["Cy", "Dee", "Eve"] {
            flaggers.push(someone(&db, name).await.1);
        }
        let space = hub(&db, &ann).await;
        let thread = asked(&db, &space, &ann, "A question with a bad answer", 1).await;
        let a = answered(&db, &space, thread, &bob, "A rude answer.", false, 2).await;
        for (i, f) in flaggers.iter().enumerate() {
            flag(&db, space.id, a, f, "Rude", t(3 + i as i64))
                .await
                .unwrap();
        }
        let listed = thread_list(&db, space.clone(), &ann, sorted(ThreadSort::Unanswered))
            .await
            .unwrap();
        assert_eq!(
            listed.threads.len(),
            1,
            "{db:?}: a hidden answer is no answer"
        );
        assert_eq!(listed.threads[0].answers, 0, "{db:?}");
        let shown = page(&db, &space, thread, &ann).await;
        assert!(shown.answers[0].hidden, "{db:?}");
        assert!(shown.answers[0].body_html.is_empty(), "{db:?}");
        assert!(!shown.answers[0].can_vote, "{db:?}");
        let own = page(&db, &space, thread, &bob).await;
        assert!(own.answers[0].body_html.contains("rude"), "{db:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hidden_post_cannot_be_voted_commented_accepted_or_flagged_by_others() {
    on_both_backends(|db| async move {
        let (_, ann) = someone(&db, "Ann").await;
        let (_, bob) = someone(&db, "Bob").await;
        let mut flaggers = Vec::new();
        for name in ["Cy", "Dee", "Eve"] {
            flaggers.push(someone(&db, name).await.1);
        }
        let (_, fay) = someone(&db, "Fay").await;
        let mo = actor(&member(&db, "Mo").await, true);
        let space = hub(&db, &ann).await;
        let thread = asked(&db, &space, &ann, "A question with a hidden answer", 1).await;
        let a = answered(&db, &space, thread, &bob, "A rude answer.", false, 2).await;
        for (i, f) in flaggers.iter().enumerate() {
            flag(&db, space.id, a, f, "Rude", t(3 + i as i64))
                .await
                .unwrap();
        }
        let note = |text: &str| NewComment {
            body: text.into(),
            anonymous: false,
            key: form(),
        };
        // What the page does not show, the server does not take either.
        for who in [&ann, &fay] {
            let voted = vote(&db, space.id, a, who, true, t(7)).await;
            assert!(
                matches!(voted, Err(AppError::NotFound)),
                "{db:?}: {voted:?}"
            );
            let said = comment(&db, space.id, a, who, &note("Seen it"), t(7)).await;
            assert!(matches!(said, Err(AppError::NotFound)), "{db:?}: {said:?}");
        }
        let flagged = flag(&db, space.id, a, &fay, "Rude", t(7)).await;
        assert!(
            matches!(flagged, Err(AppError::NotFound)),
            "{db:?}: {flagged:?}"
        );
        let accepted = accept(&db, space.id, thread, Some(a), &ann, LINK, t(7)).await;
        assert!(
            matches!(accepted, Err(AppError::NotFound)),
            "{db:?}: {accepted:?}"
        );
        assert_eq!(
            page(&db, &space, thread, &mo).await.answers[0].score,
            0,
            "{db:?}"
        );
        // Its author and the moderators still can.
        comment(&db, space.id, a, &bob, &note("I stand by it"), t(8))
            .await
            .unwrap();
        assert_eq!(
            vote(&db, space.id, a, &mo, true, t(8)).await.unwrap(),
            1,
            "{db:?}"
        );
        accept(&db, space.id, thread, Some(a), &mo, LINK, t(9))
            .await
            .unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn removing_with_a_suspension_stops_the_anonymous_author_in_that_space_only() {
    on_both_backends(|db| async move {
        let (ann_user, ann) = someone(&db, "Ann").await;
        let (_, bob) = someone(&db, "Bob").await;
        let (_, cy) = someone(&db, "Cy").await;
        let mo = actor(&member(&db, "Mo").await, true);
        let space = hub(&db, &ann).await;
        let (_, elsewhere) = program_space(&db, &ann_user, &ann).await;
        assert_ne!(space.id, elsewhere.id);

        let thread = asked_anonymously(&db, &space, &ann, "A question that breaks rules", 1).await;
        let keep = asked(&db, &space, &bob, "A question that stays up", 2).await;
        let q = question_post(&db, thread).await;
        flag(&db, space.id, q, &bob, "Insulting", t(3))
            .await
            .unwrap();
        flag(&db, space.id, q, &cy, "Insulting", t(3))
            .await
            .unwrap();
        let queue = flag_queue(&db, space.id, &mo).await.unwrap();
        assert_eq!(queue[0].author.name, ANONYMOUS_NAME, "{db:?}");
        assert_eq!(queue[0].author.user_id, None, "{db:?}");

        let refused = remove_post(&db, space.id, q, &bob, None, t(4)).await;
        assert!(
            matches!(refused, Err(AppError::Forbidden)),
            "{db:?}: {refused:?}"
        );
        let week = suspension_days(7).unwrap();
        assert!(suspension_days(0).is_err() && suspension_days(366).is_err());
        assert_eq!(
            remove_post(&db, space.id, q, &mo, Some(week), t(4))
                .await
                .unwrap(),
            thread
        );
        assert!(
            flag_queue(&db, space.id, &mo).await.unwrap().is_empty(),
            "{db:?}"
        );
        assert_eq!(
            list(&db, &space, &cy, ThreadFilters::default()).await,
            [keep],
            "{db:?}"
        );
        let gone = thread_page(&db, space.clone(), thread, &ann).await;
        assert!(matches!(gone, Err(AppError::NotFound)), "{db:?}: {gone:?}");
        let seen = page(&db, &space, thread, &mo).await;
        assert_eq!(seen.question.state, PostState::Removed, "{db:?}");
        assert!(matches!(
            vote(&db, space.id, q, &bob, true, t(5)).await,
            Err(AppError::NotFound)
        ));

        // Ann may not post in the hub's space for a week, anonymously or not.
        let again = ask(
            &db,
            space.id,
            &ann,
            &question("Another try at the rules", "Text.", &[], true),
            t(5),
        )
        .await;
        assert!(
            matches!(again, Err(AppError::Conflict(_))),
            "{db:?}: {again:?}"
        );
        let answer_try = NewAnswer {
            body: "An answer while suspended.".into(),
            anonymous: false,
            key: form(),
        };
        let again = answer(&db, space.id, keep, &ann, &answer_try, LINK, t(5)).await;
        assert!(
            matches!(again, Err(AppError::Conflict(_))),
            "{db:?}: {again:?}"
        );
        let (_, for_ann) = space_info(&db, None, "Hub", Some(&ann), t(5))
            .await
            .unwrap();
        assert_eq!(for_ann.suspended_until, Some(t(4) + week), "{db:?}");
        let shown = page(&db, &for_ann, keep, &ann).await;
        assert!(!shown.can_answer && !shown.can_comment, "{db:?}");
        let (_, for_bob) = space_info(&db, None, "Hub", Some(&bob), t(5))
            .await
            .unwrap();
        assert_eq!(for_bob.suspended_until, None, "{db:?}");
        assert!(page(&db, &for_bob, keep, &bob).await.can_answer, "{db:?}");

        // Others still post there; Ann still posts in the program's space,
        // and in the hub's again once the week is over.
        let by_bob = asked(&db, &space, &bob, "Bob is not suspended", 6).await;
        let in_program =
            asked_anonymously(&db, &elsewhere, &ann, "Ann asks in the program", 7).await;
        assert_eq!(
            list(&db, &elsewhere, &ann, ThreadFilters::default()).await,
            [in_program],
            "{db:?}"
        );
        let later = ask(
            &db,
            space.id,
            &ann,
            &question("A week later, a question", "Text.", &[], false),
            t(4) + week + Duration::minutes(1),
        )
        .await
        .unwrap();
        assert_eq!(
            list(&db, &space, &cy, ThreadFilters::default()).await,
            [later, by_bob, keep],
            "{db:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_moderator_still_sees_a_hidden_question_once_removed() {
    on_both_backends(|db| async move {
        let (_, ann) = someone(&db, "Ann").await;
        let mut flaggers = Vec::new();
        for name in ["Bob", "Cy", "Dee"] {
            flaggers.push(someone(&db, name).await.1);
        }
        let mo = actor(&member(&db, "Mo").await, true);
        let space = hub(&db, &ann).await;
        let thread = asked(&db, &space, &ann, "A question flagged and removed", 1).await;
        let q = question_post(&db, thread).await;
        for f in &flaggers {
            flag(&db, space.id, q, f, "Spam", t(2)).await.unwrap();
        }
        remove_post(&db, space.id, q, &mo, None, t(3))
            .await
            .unwrap();
        let seen = page(&db, &space, thread, &mo).await;
        assert_eq!(seen.question.state, PostState::Removed, "{db:?}");
        assert!(seen.question.body_html.is_empty(), "{db:?}");
        for viewer in [&ann, &flaggers[0]] {
            let gone = thread_page(&db, space.clone(), thread, viewer).await;
            assert!(matches!(gone, Err(AppError::NotFound)), "{db:?}: {gone:?}");
        }
        assert!(list(&db, &space, &ann, scoped(ThreadScope::Mine))
            .await
            .is_empty());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn closed_and_locked_threads_and_posts_of_another_space() {
    on_both_backends(|db| async move {
        let (ann_user, ann) = someone(&db, "Ann").await;
        let (_, bob) = someone(&db, "Bob").await;
        let mo = actor(&member(&db, "Mo").await, true);
        let space = hub(&db, &ann).await;
        let (_, program) = program_space(&db, &ann_user, &ann).await;
        let thread = asked(&db, &space, &ann, "A thread that gets closed", 1).await;
        let q = question_post(&db, thread).await;
        let a = answered(&db, &space, thread, &bob, "An early answer.", false, 2).await;

        // Nothing of the hub's space is found through the program's.
        assert!(matches!(
            vote(&db, program.id, q, &bob, true, t(3)).await,
            Err(AppError::NotFound)
        ));
        let wrong = thread_page(&db, program.clone(), thread, &ann).await;
        assert!(
            matches!(wrong, Err(AppError::NotFound)),
            "{db:?}: {wrong:?}"
        );
        let wrong = remove_post(&db, program.id, a, &mo, None, t(3)).await;
        assert!(
            matches!(wrong, Err(AppError::NotFound)),
            "{db:?}: {wrong:?}"
        );

        let refused = set_thread_status(&db, space.id, thread, &bob, ThreadStatus::Closed).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{db:?}");
        set_thread_status(&db, space.id, thread, &mo, ThreadStatus::Closed)
            .await
            .unwrap();
        let late = NewAnswer {
            body: "A late answer.".into(),
            anonymous: false,
            key: form(),
        };
        let closed = answer(&db, space.id, thread, &bob, &late, LINK, t(4)).await;
        assert!(
            matches!(closed, Err(AppError::Conflict(_))),
            "{db:?}: {closed:?}"
        );
        assert_eq!(vote(&db, space.id, a, &ann, true, t(4)).await.unwrap(), 1);
        let shown = page(&db, &space, thread, &ann).await;
        assert!(!shown.can_answer && shown.can_comment, "{db:?}");

        set_thread_status(&db, space.id, thread, &mo, ThreadStatus::Locked)
            .await
            .unwrap();
        let locked = vote(&db, space.id, a, &ann, false, t(5)).await;
        assert!(
            matches!(locked, Err(AppError::Conflict(_))),
            "{db:?}: {locked:?}"
        );
        let locked = accept(&db, space.id, thread, Some(a), &ann, LINK, t(5)).await;
        assert!(
            matches!(locked, Err(AppError::Conflict(_))),
            "{db:?}: {locked:?}"
        );
        let change = PostEdit {
            title: "A thread that got locked".into(),
            body: "Changed.".into(),
        };
        let locked = edit(&db, space.id, q, &ann, &change, t(5)).await;
        assert!(
            matches!(locked, Err(AppError::Conflict(_))),
            "{db:?}: {locked:?}"
        );
        let shown = page(&db, &space, thread, &ann).await;
        assert!(!shown.can_answer && !shown.can_comment, "{db:?}");
        assert!(!shown.answers[0].can_vote && !shown.answers[0].can_accept);
        assert_eq!(shown.answers[0].score, 1, "{db:?}");
        assert_eq!(shown.status, ThreadStatus::Locked, "{db:?}");
    })
    .await;
}
