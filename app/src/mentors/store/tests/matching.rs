//! Admins' matching: matching by hand, publishing, ending, suggesting.

use super::*;

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_match_closes_the_mentees_requests_and_tells_their_mentors() {
    on_both_backends(|db| async move {
        let now = t0();
        let admin = member(&db, "Admin").await;
        let p = program(
            &db,
            &admin,
            open_program("Spring", "spring", MatchingMode::MenteeRequests),
        )
        .await;
        let ada = joined(&db, &p, "Ada", Role::Mentor).await;
        let bea = joined(&db, &p, "Bea", Role::Mentor).await;
        let cy = joined(&db, &p, "Cy", Role::Mentor).await;
        let max = joined(&db, &p, "Max", Role::Mentee).await;
        let mia = joined(&db, &p, "Mia", Role::Mentee).await;
        let to_bea = ask(&db, &p, &max, &bea).await;
        let mia_to_cy = ask(&db, &p, &mia, &cy).await;

        // One to one...
        match_now(&db, p.id, max.id, ada.id, admin.id, &links(&p), now)
            .await
            .unwrap();
        assert_eq!(
            status_of(&db, &p, &max, to_bea).await,
            RequestStatus::ClosedMatched,
            "{db:?}"
        );
        assert_eq!(
            emails_to(&db, "bea@example.org").await,
            [
                "Max asks you to be their mentor in Spring",
                "Max's request was withdrawn"
            ],
            "{db:?}"
        );

        // ...and published.
        save_draft(&db, p.id, mia.id, ada.id, admin.id, now)
            .await
            .unwrap();
        let outcome = publish_matches(&db, p.id, admin.id, &links(&p), now)
            .await
            .unwrap();
        assert_eq!(outcome.created, 1, "{db:?}");
        assert_eq!(
            status_of(&db, &p, &mia, mia_to_cy).await,
            RequestStatus::ClosedMatched,
            "{db:?}"
        );
        assert_eq!(
            emails_to(&db, "cy@example.org").await,
            [
                "Mia asks you to be their mentor in Spring",
                "Mia's request was withdrawn"
            ],
            "{db:?}"
        );
    })
    .await;
}

// 6. Publishing races with a request being accepted

#[tokio::test(flavor = "multi_thread")]
async fn publishing_and_accepting_at_once_give_the_mentee_one_mentor() {
    on_both_backends(|db| async move {
        let now = t0();
        let admin = member(&db, "Admin").await;
        let p = program(
            &db,
            &admin,
            open_program("Spring", "spring", MatchingMode::MenteeRequests),
        )
        .await;
        let ada = joined(&db, &p, "Ada", Role::Mentor).await;
        let bea = joined(&db, &p, "Bea", Role::Mentor).await;
        // Several rounds, so both orders are likely to happen.
        for round in ["Max", "Mia", "Moe"] {
            let mentee = joined(&db, &p, round, Role::Mentee).await;
            let request = ask(&db, &p, &mentee, &bea).await;
            save_draft(&db, p.id, mentee.id, ada.id, admin.id, now)
                .await
                .unwrap();

            let (pid, admin_id, mentor) = (p.id, admin.id, bea.id);
            let (name, path) = (p.settings.name.clone(), p.path());
            let mut results = race(2, |i| {
                let (db, name, path) = (db.clone(), name.clone(), path.clone());
                async move {
                    let links = ProgramLinks::new(SITE, &name, &path);
                    if i == 0 {
                        publish_matches(&db, pid, admin_id, &links, now)
                            .await
                            .map(Some)
                    } else {
                        answer_request(&db, pid, request, mentor, true, "", &links, now)
                            .await
                            .map(|()| None)
                    }
                }
            })
            .await;
            let accepted = results.pop().unwrap();
            let published: PublishOutcome = results.pop().unwrap().unwrap().unwrap();

            let mentorships = active_of(&db, &p, &mentee).await;
            assert_eq!(mentorships.len(), 1, "{db:?} {round}: {mentorships:?}");
            if mentorships[0].mentor.user_id == ada.id {
                assert_eq!(mentorships[0].origin, MentorshipOrigin::Cohort);
                assert_eq!(published.created, 1, "{db:?} {round}: {published:?}");
                assert!(
                    published.skipped.is_empty(),
                    "{db:?} {round}: {published:?}"
                );
                assert!(
                    matches!(accepted, Err(AppError::Conflict(_))),
                    "{db:?} {round}: {accepted:?}"
                );
                assert_eq!(
                    status_of(&db, &p, &mentee, request).await,
                    RequestStatus::ClosedMatched,
                    "{db:?} {round}"
                );
            } else {
                assert_eq!(mentorships[0].mentor.user_id, bea.id);
                assert_eq!(mentorships[0].origin, MentorshipOrigin::Request);
                assert!(accepted.is_ok(), "{db:?} {round}: {accepted:?}");
                assert_eq!(published.created, 0, "{db:?} {round}: {published:?}");
                assert_eq!(published.skipped.len(), 1, "{db:?} {round}: {published:?}");
                assert_eq!(published.skipped[0].0, round);
                assert_eq!(published.skipped[0].1, "Ada");
                assert_eq!(
                    status_of(&db, &p, &mentee, request).await,
                    RequestStatus::Accepted,
                    "{db:?} {round}"
                );
            }
            // Publishing used up the proposals either way.
            assert!(proposals(&db, &p).await.is_empty(), "{db:?} {round}");
        }
        assert_eq!(active(&db, &p).await.len(), 3, "{db:?}");
    })
    .await;
}

// 7. Publishing twice

#[tokio::test(flavor = "multi_thread")]
async fn publishing_twice_creates_and_emails_nothing_twice() {
    on_both_backends(|db| async move {
        let now = t0();
        let admin = member(&db, "Admin").await;
        let p = program(
            &db,
            &admin,
            open_program("Spring", "spring", MatchingMode::AdminMatch),
        )
        .await;
        joined(&db, &p, "Ada", Role::Mentor).await;
        joined(&db, &p, "Max", Role::Mentee).await;
        joined(&db, &p, "Mia", Role::Mentee).await;

        let before = email_count(&db).await;
        assert_eq!(
            suggest_matches(&db, p.id, admin.id, now).await.unwrap(),
            2,
            "{db:?}"
        );
        assert_eq!(proposals(&db, &p).await.len(), 2, "{db:?}");
        assert_eq!(
            email_count(&db).await,
            before,
            "{db:?}: nothing is emailed before publishing"
        );

        let first = publish_matches(&db, p.id, admin.id, &links(&p), now)
            .await
            .unwrap();
        assert_eq!(first.created, 2, "{db:?}: {first:?}");
        assert!(first.skipped.is_empty(), "{db:?}: {first:?}");
        let mentorships = active(&db, &p).await;
        assert_eq!(mentorships.len(), 2, "{db:?}");
        assert!(mentorships
            .iter()
            .all(|m| m.origin == MentorshipOrigin::Cohort));
        assert_eq!(
            email_count(&db).await,
            before + 3,
            "{db:?}: one email per person"
        );
        let matched = "You have been matched in Spring";
        assert_eq!(emails_to(&db, "ada@example.org").await, [matched], "{db:?}");
        assert_eq!(emails_to(&db, "max@example.org").await, [matched], "{db:?}");
        assert_eq!(emails_to(&db, "mia@example.org").await, [matched], "{db:?}");
        let rows = outbox_rows(&db).await;
        let (_, _, to_ada) = rows
            .iter()
            .find(|(to, _, _)| to == "ada@example.org")
            .unwrap();
        assert!(to_ada.contains("Max (max@example.org)"), "{db:?}: {to_ada}");
        assert!(to_ada.contains("Mia (mia@example.org)"), "{db:?}: {to_ada}");
        assert!(to_ada.contains("Your mentees"), "{db:?}: {to_ada}");

        let second = publish_matches(&db, p.id, admin.id, &links(&p), now)
            .await
            .unwrap();
        assert_eq!(second, PublishOutcome::default(), "{db:?}");
        assert_eq!(
            program_mentorships(&db, p.id).await.unwrap().len(),
            2,
            "{db:?}"
        );
        assert_eq!(email_count(&db).await, before + 3, "{db:?}");

        // Nobody is waiting: suggesting proposes nothing, publishing creates nothing.
        assert_eq!(
            suggest_matches(&db, p.id, admin.id, now).await.unwrap(),
            0,
            "{db:?}"
        );
        let third = publish_matches(&db, p.id, admin.id, &links(&p), now)
            .await
            .unwrap();
        assert_eq!(third.created, 0, "{db:?}");
        assert_eq!(
            program_mentorships(&db, p.id).await.unwrap().len(),
            2,
            "{db:?}"
        );
        assert_eq!(email_count(&db).await, before + 3, "{db:?}");
    })
    .await;
}

// 8. Ending a mentorship

#[tokio::test(flavor = "multi_thread")]
async fn ending_frees_the_place_once_and_not_a_good_fit_keeps_the_pair_apart() {
    on_both_backends(|db| async move {
        let now = t0();
        let admin = member(&db, "Admin").await;
        let p = program(
            &db,
            &admin,
            open_program("Spring", "spring", MatchingMode::AdminMatch),
        )
        .await;
        let ada = joined(&db, &p, "Ada", Role::Mentor).await;
        update_mentor_places(&db, p.id, ada.id, Some(1), true)
            .await
            .unwrap();
        let max = joined(&db, &p, "Max", Role::Mentee).await;
        let mia = joined(&db, &p, "Mia", Role::Mentee).await;
        let outsider = member(&db, "Outsider").await;
        let places = |tab: MentorsTab| {
            tab.cards
                .iter()
                .find(|c| c.name == "Ada")
                .map(|c| c.places.label())
                .unwrap()
        };
        assert_eq!(
            places(tab_for(&db, &p, &admin, any_places()).await),
            "1 of 1 place open",
            "{db:?}"
        );

        match_now(&db, p.id, max.id, ada.id, admin.id, &links(&p), now)
            .await
            .unwrap();
        let mentorship = active_of(&db, &p, &max).await.remove(0);
        assert_eq!(mentorship.origin, MentorshipOrigin::Admin);
        assert_eq!(
            places(tab_for(&db, &p, &admin, any_places()).await),
            "Full",
            "{db:?}"
        );
        assert!(
            tab_for(&db, &p, &mia, MentorFilters::default())
                .await
                .cards
                .is_empty(),
            "{db:?}"
        );
        // Full: no second mentee.
        let full = match_now(&db, p.id, mia.id, ada.id, admin.id, &links(&p), now).await;
        assert!(
            matches!(full, Err(AppError::Conflict(_))),
            "{db:?}: {full:?}"
        );

        for stranger in [&mia, &outsider] {
            let refused = end_mentorship(
                &db,
                p.id,
                mentorship.id,
                stranger.id,
                false,
                EndReason::Other,
                "",
                &links(&p),
                now,
            )
            .await;
            assert!(
                matches!(refused, Err(AppError::Forbidden)),
                "{db:?}: {refused:?}"
            );
        }
        assert_eq!(active(&db, &p).await.len(), 1, "{db:?}");

        let before = emails_to(&db, "ada@example.org").await.len();
        let later = now + Duration::days(30);
        end_mentorship(
            &db,
            p.id,
            mentorship.id,
            max.id,
            false,
            EndReason::Completed,
            "Thanks!",
            &links(&p),
            later,
        )
        .await
        .unwrap();
        assert_eq!(
            places(tab_for(&db, &p, &admin, any_places()).await),
            "1 of 1 place open",
            "{db:?}"
        );
        let ended = program_mentorships(&db, p.id).await.unwrap();
        assert_eq!(ended.len(), 1, "{db:?}");
        assert_eq!(ended[0].status, MentorshipStatus::Ended);
        assert_eq!(ended[0].end_reason, Some(EndReason::Completed));
        assert_eq!(ended[0].ended_at, Some(later));
        assert_eq!(ended[0].end_note, "Thanks!");
        let to_ada = emails_to(&db, "ada@example.org").await;
        assert_eq!(to_ada.len(), before + 1, "{db:?}: {to_ada:?}");
        assert_eq!(to_ada.last().unwrap(), "Your mentorship with Max has ended");
        assert!(
            !emails_to(&db, "max@example.org")
                .await
                .iter()
                .any(|s| s.contains("ended")),
            "{db:?}: the one who ended it is not emailed"
        );

        let twice = end_mentorship(
            &db,
            p.id,
            mentorship.id,
            ada.id,
            false,
            EndReason::Other,
            "",
            &links(&p),
            later,
        )
        .await;
        assert!(
            matches!(twice, Err(AppError::Conflict(_))),
            "{db:?}: {twice:?}"
        );
        assert_eq!(
            emails_to(&db, "ada@example.org").await.len(),
            before + 1,
            "{db:?}"
        );

        // Completed does not keep them apart; not a good fit does.
        match_now(&db, p.id, max.id, ada.id, admin.id, &links(&p), later)
            .await
            .unwrap();
        let again = active_of(&db, &p, &max).await.remove(0);
        end_mentorship(
            &db,
            p.id,
            again.id,
            admin.id,
            true,
            EndReason::NotAGoodFit,
            "",
            &links(&p),
            later,
        )
        .await
        .unwrap();
        assert!(active(&db, &p).await.is_empty(), "{db:?}");
        let refused = match_now(&db, p.id, max.id, ada.id, admin.id, &links(&p), later).await;
        assert!(
            matches!(refused, Err(AppError::Conflict(_))),
            "{db:?}: {refused:?}"
        );
        let draft = save_draft(&db, p.id, max.id, ada.id, admin.id, later).await;
        assert!(
            matches!(draft, Err(AppError::Conflict(_))),
            "{db:?}: {draft:?}"
        );
        // Ada's one place goes to Mia, never to Max.
        assert_eq!(
            suggest_matches(&db, p.id, admin.id, later).await.unwrap(),
            1,
            "{db:?}"
        );
        assert_eq!(
            proposals(&db, &p).await,
            [(mia.id, ada.id, false)],
            "{db:?}"
        );
        let bea = joined(&db, &p, "Bea", Role::Mentor).await;
        assert_eq!(
            suggest_matches(&db, p.id, admin.id, later).await.unwrap(),
            2,
            "{db:?}"
        );
        let proposed = proposals(&db, &p).await;
        assert_eq!(proposed.len(), 2, "{db:?}: {proposed:?}");
        assert!(
            proposed.contains(&(max.id, bea.id, false)),
            "{db:?}: {proposed:?}"
        );
        assert!(
            proposed.iter().any(|(mentee, _, _)| *mentee == mia.id),
            "{db:?}: {proposed:?}"
        );
    })
    .await;
}

// 9. "Suggest matches": pinned drafts and places

#[tokio::test(flavor = "multi_thread")]
async fn suggesting_keeps_pinned_drafts_and_gives_no_mentor_more_than_their_places() {
    on_both_backends(|db| async move {
        let now = t0();
        let admin = member(&db, "Admin").await;
        let p = program(
            &db,
            &admin,
            open_program("Spring", "spring", MatchingMode::MenteeFavorites),
        )
        .await;
        let ada = joined(&db, &p, "Ada", Role::Mentor).await;
        let bea = joined(&db, &p, "Bea", Role::Mentor).await;
        update_mentor_places(&db, p.id, ada.id, Some(1), true)
            .await
            .unwrap();
        update_mentor_places(&db, p.id, bea.id, Some(2), true)
            .await
            .unwrap();
        let mut mentees = Vec::new();
        for name in ["Max", "Mia", "Moe", "Mo"] {
            mentees.push(joined(&db, &p, name, Role::Mentee).await);
        }
        // Max would rather have Bea, but the admins pinned Ada for him.
        set_favorite(&db, p.id, mentees[0].id, bea.id, true, now)
            .await
            .unwrap();
        save_draft(&db, p.id, mentees[0].id, ada.id, admin.id, now)
            .await
            .unwrap();

        for _ in 0..2 {
            assert_eq!(
                suggest_matches(&db, p.id, admin.id, now).await.unwrap(),
                2,
                "{db:?}"
            );
            let proposed = proposals(&db, &p).await;
            assert_eq!(proposed.len(), 3, "{db:?}: {proposed:?}");
            assert!(
                proposed.contains(&(mentees[0].id, ada.id, true)),
                "{db:?}: {proposed:?}"
            );
            assert_eq!(
                proposed.iter().filter(|(_, m, _)| *m == ada.id).count(),
                1,
                "{db:?}"
            );
            assert_eq!(
                proposed.iter().filter(|(_, m, _)| *m == bea.id).count(),
                2,
                "{db:?}"
            );
            assert!(proposed
                .iter()
                .filter(|(_, m, _)| *m == bea.id)
                .all(|(_, _, pinned)| !pinned));
            let page = matching_page(&db, &p, now).await.unwrap();
            assert_eq!(page.left_out.len(), 1, "{db:?}: {:?}", page.left_out);
            assert!(page.proposals.iter().all(|v| v.problem.is_none()), "{db:?}");
            for (_, proposed, free) in &page.summary.places_used {
                assert!(*proposed <= i64::from(*free), "{db:?}: {:?}", page.summary);
            }
        }

        // A paused mentor gets nothing; Ada's place is held by the pin.
        update_mentor_places(&db, p.id, bea.id, Some(2), false)
            .await
            .unwrap();
        assert_eq!(
            suggest_matches(&db, p.id, admin.id, now).await.unwrap(),
            0,
            "{db:?}"
        );
        assert_eq!(
            proposals(&db, &p).await,
            [(mentees[0].id, ada.id, true)],
            "{db:?}"
        );

        let outcome = publish_matches(&db, p.id, admin.id, &links(&p), now)
            .await
            .unwrap();
        assert_eq!(outcome.created, 1, "{db:?}");
        assert_eq!(
            active_of(&db, &p, &mentees[0]).await[0].mentor.user_id,
            ada.id
        );
    })
    .await;
}

// 10. The Mentors tab
