//! Requests: limits, the sweep, accepts racing for a place, what accepting closes.

use super::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_mentee_has_at_most_three_pending_requests_and_a_retry_is_the_same_request() {
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let p = program(
            &db,
            &admin,
            open_program("Spring", "spring", MatchingMode::MenteeRequests),
        )
        .await;
        let mentors = [
            joined(&db, &p, "Ada", Role::Mentor).await,
            joined(&db, &p, "Bea", Role::Mentor).await,
            joined(&db, &p, "Cy", Role::Mentor).await,
            joined(&db, &p, "Dan", Role::Mentor).await,
        ];
        let max = joined(&db, &p, "Max", Role::Mentee).await;

        let first = ask(&db, &p, &max, &mentors[0]).await;
        let again = ask(&db, &p, &max, &mentors[0]).await;
        assert_eq!(first, again, "{db:?}");
        assert_eq!(request_rows(&db, p.id).await, 1, "{db:?}");
        assert_eq!(
            emails_to(&db, "ada@example.org").await,
            ["Max asks you to be their mentor in Spring"],
            "{db:?}: one request, one email to its mentor"
        );

        ask(&db, &p, &max, &mentors[1]).await;
        ask(&db, &p, &max, &mentors[2]).await;
        let tab = tab_for(&db, &p, &max, MentorFilters::default()).await;
        assert_eq!(tab.me.pending_sent, 3, "{db:?}");
        assert!(tab.me.request_refusal.is_some(), "{db:?}");
        let fourth =
            send_request(&db, p.id, max.id, mentors[3].id, MESSAGE, &links(&p), t0()).await;
        assert!(
            matches!(fourth, Err(AppError::Conflict(_))),
            "{db:?}: {fourth:?}"
        );
        assert_eq!(request_rows(&db, p.id).await, 3, "{db:?}");
        assert!(emails_to(&db, "dan@example.org").await.is_empty(), "{db:?}");
        let (sent, received) = requests_of(&db, p.id, max.id).await.unwrap();
        assert_eq!(sent.len(), 3, "{db:?}");
        assert!(received.is_empty());
        assert!(sent.iter().all(|r| r.status == RequestStatus::Pending));
        let (_, for_ada) = requests_of(&db, p.id, mentors[0].id).await.unwrap();
        assert_eq!(for_ada.len(), 1, "{db:?}");
        assert_eq!(for_ada[0].message, MESSAGE);
        assert_eq!(
            for_ada[0].expires_at - for_ada[0].created_at,
            Duration::days(14),
            "{db:?}"
        );

        // A message too short to say anything.
        let eve = joined(&db, &p, "Eve", Role::Mentee).await;
        let short = send_request(
            &db,
            p.id,
            eve.id,
            mentors[0].id,
            "  Hi!  ",
            &links(&p),
            t0(),
        )
        .await;
        match short {
            Err(error @ AppError::Validation(_)) => {
                assert!(error.field("message").is_some(), "{db:?}: {error:?}")
            }
            other => panic!("{db:?}: {other:?}"),
        }

        // Concurrent identical requests make one.
        let (pid, mentee, mentor) = (p.id, eve.id, mentors[3].id);
        let (name, path) = (p.settings.name.clone(), p.path());
        let ids = race(4, |_| {
            let (db, name, path) = (db.clone(), name.clone(), path.clone());
            async move {
                let links = ProgramLinks::new(SITE, &name, &path);
                send_request(&db, pid, mentee, mentor, MESSAGE, &links, t0()).await
            }
        })
        .await;
        let ids: Vec<i64> = ids.into_iter().map(|r| r.unwrap()).collect();
        assert!(ids.iter().all(|id| *id == ids[0]), "{db:?}: {ids:?}");
        assert_eq!(request_rows(&db, p.id).await, 4, "{db:?}");
        assert_eq!(emails_to(&db, "dan@example.org").await.len(), 1, "{db:?}");

        // Admins match in this program: no requests at all.
        let q = program(
            &db,
            &admin,
            open_program("Autumn", "autumn", MatchingMode::AdminMatch),
        )
        .await;
        let zoe = joined(&db, &q, "Zoe", Role::Mentor).await;
        let kim = joined(&db, &q, "Kim", Role::Mentee).await;
        let refused = send_request(&db, q.id, kim.id, zoe.id, MESSAGE, &links(&q), t0()).await;
        assert!(
            matches!(refused, Err(AppError::Forbidden)),
            "{db:?}: {refused:?}"
        );
        assert_eq!(request_rows(&db, q.id).await, 0, "{db:?}");
    })
    .await;
}

// 3. Expiry and reminder

#[tokio::test(flavor = "multi_thread")]
async fn the_sweep_reminds_the_mentor_once_and_then_expires_the_request() {
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
        let max = joined(&db, &p, "Max", Role::Mentee).await;
        let request = ask(&db, &p, &max, &ada).await;

        assert_eq!(
            sweep_requests(&db, SITE, now + Duration::days(6))
                .await
                .unwrap(),
            (0, 0),
            "{db:?}"
        );
        assert_eq!(
            sweep_requests(&db, SITE, now + Duration::days(8))
                .await
                .unwrap(),
            (0, 1),
            "{db:?}"
        );
        assert_eq!(
            sweep_requests(&db, SITE, now + Duration::days(9))
                .await
                .unwrap(),
            (0, 0),
            "{db:?}"
        );
        assert_eq!(
            emails_to(&db, "ada@example.org").await,
            [
                "Max asks you to be their mentor in Spring",
                "Max is still waiting for your answer"
            ],
            "{db:?}"
        );
        assert_eq!(
            status_of(&db, &p, &max, request).await,
            RequestStatus::Pending,
            "{db:?}"
        );
        assert!(emails_to(&db, "max@example.org").await.is_empty(), "{db:?}");

        assert_eq!(
            sweep_requests(&db, SITE, now + Duration::days(15))
                .await
                .unwrap(),
            (1, 0),
            "{db:?}"
        );
        assert_eq!(
            status_of(&db, &p, &max, request).await,
            RequestStatus::Expired,
            "{db:?}"
        );
        assert_eq!(
            emails_to(&db, "max@example.org").await,
            ["Your request to Ada expired"],
            "{db:?}"
        );
        let rows = outbox_rows(&db).await;
        let (_, _, body) = rows
            .iter()
            .find(|(to, _, _)| to == "max@example.org")
            .unwrap();
        assert!(
            body.contains(&format!("{SITE}/programs/spring/mentors")),
            "{db:?}: {body}"
        );
        assert_eq!(
            sweep_requests(&db, SITE, now + Duration::days(16))
                .await
                .unwrap(),
            (0, 0),
            "{db:?}"
        );
        assert_eq!(emails_to(&db, "ada@example.org").await.len(), 2, "{db:?}");

        // Expired, the pair may be asked again: a new pending request.
        let again = ask(&db, &p, &max, &ada).await;
        assert_ne!(again, request);
        assert_eq!(
            status_of(&db, &p, &max, again).await,
            RequestStatus::Pending,
            "{db:?}"
        );
    })
    .await;
}

// 4. Accepting: the last place, and one request accepted twice

#[tokio::test(flavor = "multi_thread")]
async fn two_accepts_for_the_last_place_make_one_mentorship() {
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
        update_mentor_places(&db, p.id, ada.id, Some(1), true)
            .await
            .unwrap();
        let max = joined(&db, &p, "Max", Role::Mentee).await;
        let mia = joined(&db, &p, "Mia", Role::Mentee).await;
        let requests = [
            ask(&db, &p, &max, &ada).await,
            ask(&db, &p, &mia, &ada).await,
        ];

        let (pid, mentor) = (p.id, ada.id);
        let (name, path) = (p.settings.name.clone(), p.path());
        let results = race(2, |i| {
            let (db, name, path) = (db.clone(), name.clone(), path.clone());
            let request = requests[i];
            async move {
                let links = ProgramLinks::new(SITE, &name, &path);
                answer_request(&db, pid, request, mentor, true, "Welcome!", &links, now).await
            }
        })
        .await;
        assert_eq!(
            results.iter().filter(|r| r.is_ok()).count(),
            1,
            "{db:?}: {results:?}"
        );
        let winner = results.iter().position(|r| r.is_ok()).unwrap();
        let loser = 1 - winner;
        assert!(
            matches!(results[loser], Err(AppError::Conflict(_))),
            "{db:?}: {results:?}"
        );

        let mentees = [&max, &mia];
        let mentorships = active(&db, &p).await;
        assert_eq!(mentorships.len(), 1, "{db:?}: {mentorships:?}");
        assert_eq!(mentorships[0].mentor.user_id, ada.id);
        assert_eq!(mentorships[0].mentee.user_id, mentees[winner].id);
        assert_eq!(mentorships[0].origin, MentorshipOrigin::Request);
        assert_eq!(
            status_of(&db, &p, mentees[winner], requests[winner]).await,
            RequestStatus::Accepted,
            "{db:?}"
        );
        assert_eq!(
            status_of(&db, &p, mentees[loser], requests[loser]).await,
            RequestStatus::ClosedFull,
            "{db:?}"
        );
        assert_eq!(
            emails_to(&db, &mentees[winner].email).await,
            ["Ada is now your mentor"],
            "{db:?}"
        );
        assert_eq!(
            emails_to(&db, &mentees[loser].email).await,
            ["Ada has no places left"],
            "{db:?}"
        );
        let card = tab_for(&db, &p, &admin, any_places()).await.cards;
        assert_eq!(card[0].places.label(), "Full", "{db:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn one_request_accepted_twice_at_once_makes_one_mentorship() {
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
        let max = joined(&db, &p, "Max", Role::Mentee).await;
        let request = ask(&db, &p, &max, &ada).await;

        let (pid, mentor) = (p.id, ada.id);
        let (name, path) = (p.settings.name.clone(), p.path());
        let results = race(2, |_| {
            let (db, name, path) = (db.clone(), name.clone(), path.clone());
            async move {
                let links = ProgramLinks::new(SITE, &name, &path);
                answer_request(&db, pid, request, mentor, true, "", &links, now).await
            }
        })
        .await;
        assert_eq!(
            results.iter().filter(|r| r.is_ok()).count(),
            1,
            "{db:?}: {results:?}"
        );
        assert!(
            results
                .iter()
                .any(|r| matches!(r, Err(AppError::Conflict(_)))),
            "{db:?}: {results:?}"
        );
        assert_eq!(
            program_mentorships(&db, p.id).await.unwrap().len(),
            1,
            "{db:?}"
        );
        assert_eq!(
            status_of(&db, &p, &max, request).await,
            RequestStatus::Accepted,
            "{db:?}"
        );
        assert_eq!(
            emails_to(&db, "max@example.org").await,
            ["Ada is now your mentor"],
            "{db:?}"
        );
        // Ada had 3 places: the one used leaves 2.
        let tab = tab_for(&db, &p, &ada, any_places()).await;
        assert_eq!(tab.me.settings.as_ref().unwrap().places.free(), 2, "{db:?}");
        assert_eq!(tab.me.mentorships.len(), 1, "{db:?}");
    })
    .await;
}

// 5. A match closes the mentee's other requests

#[tokio::test(flavor = "multi_thread")]
async fn an_accepted_request_closes_the_mentees_other_requests_and_tells_their_mentors() {
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
        let to_ada = ask(&db, &p, &max, &ada).await;
        let to_bea = ask(&db, &p, &max, &bea).await;
        let to_cy = ask(&db, &p, &max, &cy).await;
        // Another mentee's request to Bea stays as it is.
        let mia_to_bea = ask(&db, &p, &mia, &bea).await;

        answer_request(&db, p.id, to_ada, ada.id, true, "", &links(&p), now)
            .await
            .unwrap();

        assert_eq!(
            status_of(&db, &p, &max, to_ada).await,
            RequestStatus::Accepted,
            "{db:?}"
        );
        assert_eq!(
            status_of(&db, &p, &max, to_bea).await,
            RequestStatus::ClosedMatched,
            "{db:?}"
        );
        assert_eq!(
            status_of(&db, &p, &max, to_cy).await,
            RequestStatus::ClosedMatched,
            "{db:?}"
        );
        assert_eq!(
            status_of(&db, &p, &mia, mia_to_bea).await,
            RequestStatus::Pending,
            "{db:?}"
        );
        for mentor in ["bea@example.org", "cy@example.org"] {
            let subjects = emails_to(&db, mentor).await;
            assert_eq!(
                subjects
                    .iter()
                    .filter(|s| *s == "Max's request was withdrawn")
                    .count(),
                1,
                "{db:?} {mentor}: {subjects:?}"
            );
        }
        let rows = outbox_rows(&db).await;
        let (_, _, body) = rows
            .iter()
            .find(|(to, subject, _)| to == "cy@example.org" && subject.contains("withdrawn"))
            .unwrap();
        assert!(
            body.contains("matched with another mentor"),
            "{db:?}: {body}"
        );
        // Ada was not told her own request was withdrawn.
        assert!(
            !emails_to(&db, "ada@example.org")
                .await
                .iter()
                .any(|s| s.contains("withdrawn")),
            "{db:?}"
        );
        assert_eq!(active_of(&db, &p, &max).await.len(), 1, "{db:?}");
        // With a mentor, Max may not ask anyone else.
        let more = send_request(&db, p.id, max.id, bea.id, MESSAGE, &links(&p), now).await;
        assert!(
            matches!(more, Err(AppError::Conflict(_))),
            "{db:?}: {more:?}"
        );
    })
    .await;
}
