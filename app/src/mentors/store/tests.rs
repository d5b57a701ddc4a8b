//! The mentors store on both backends: favorites, requests and their
//! limits, the sweep, the races for a mentor's last place and between a
//! request and publishing, ending a mentorship, "Suggest matches", the
//! Mentors tab's query and the matching settings.
//!
//! Every test asserts exact rows, states and emails, so that a store that
//! writes twice, closes nothing or emails nobody fails.

use super::{
    answer_request, end_mentorship, match_now, matching_page, matching_settings, mentors_tab,
    program_mentorships, publish_matches, requests_of, save_draft, save_matching_settings,
    send_request, set_favorite, suggest_matches, sweep_requests, update_mentor_places,
    ProgramLinks,
};
use crate::{
    accounts::{
        store::{load_profile, save_profile},
        CurrentUser,
    },
    db::{
        schema::{favorites, mentorship_requests},
        testing::on_both_backends,
        Db,
    },
    error::AppError,
    mentors::{
        matching::{MatchWeights, QuestionWeight},
        EndReason, MatchQuestion, MatchingSettings, MentorFilters, MentorSort, MentorsTab,
        Mentorship, MentorshipOrigin, MentorshipStatus, PublishOutcome, RequestStatus,
        MENTORS_PER_PAGE,
    },
    programs::{
        answers_from_form,
        store::{access, add_question, fixtures::*, submit_application, update_program},
        Answers, ApplicationForm, Approval, MatchingMode, MembershipStatus, Program,
        ProgramSettings, QuestionKind, Role,
    },
    run_query,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

const MESSAGE: &str = "I would like to get better at SQL and Rust with your help.";

/// A program that approves everyone at once, in `mode`.
fn open_program(name: &str, slug: &str, mode: MatchingMode) -> ProgramSettings {
    ProgramSettings {
        approval: Approval::Automatic,
        matching_mode: mode,
        ..settings(name, slug)
    }
}

async fn join_with(
    db: &Db,
    p: &Program,
    user: &CurrentUser,
    form: &ApplicationForm,
    at: NaiveDateTime,
) {
    let outcome = submit_application(db, p.id, user.id, form, at)
        .await
        .unwrap();
    assert_eq!(outcome.status, MembershipStatus::Approved, "{db:?}");
}

/// A new member, approved in `p` as `role`.
async fn joined(db: &Db, p: &Program, name: &str, role: Role) -> CurrentUser {
    let user = member(db, name).await;
    join_with(db, p, &user, &apply(role, Answers::new()), t0()).await;
    user
}

fn links(p: &Program) -> ProgramLinks {
    ProgramLinks::new(SITE, &p.settings.name, &p.path())
}

fn any_places() -> MentorFilters {
    MentorFilters {
        open_only: false,
        ..MentorFilters::default()
    }
}

async fn tab_for(db: &Db, p: &Program, viewer: &CurrentUser, filters: MentorFilters) -> MentorsTab {
    let access = access(db, p.id, viewer).await.unwrap();
    mentors_tab(db, p, &access, viewer, filters, t0())
        .await
        .unwrap()
}

fn names(tab: &MentorsTab) -> Vec<String> {
    tab.cards.iter().map(|c| c.name.clone()).collect()
}

/// The subjects of the emails to `address`, oldest first.
async fn emails_to(db: &Db, address: &str) -> Vec<String> {
    outbox_rows(db)
        .await
        .into_iter()
        .filter(|(to, _, _)| to == address)
        .map(|(_, subject, _)| subject)
        .collect()
}

async fn email_count(db: &Db) -> usize {
    outbox_rows(db).await.len()
}

async fn favorite_rows(db: &Db, program_id: i64) -> i64 {
    let count: Result<i64, AppError> = async {
        Ok(run_query!(db, |conn| {
            favorites::table
                .filter(favorites::program_id.eq(program_id))
                .count()
                .get_result(conn)
                .await
        })?)
    }
    .await;
    count.unwrap()
}

async fn request_rows(db: &Db, program_id: i64) -> i64 {
    let count: Result<i64, AppError> = async {
        Ok(run_query!(db, |conn| {
            mentorship_requests::table
                .filter(mentorship_requests::program_id.eq(program_id))
                .count()
                .get_result(conn)
                .await
        })?)
    }
    .await;
    count.unwrap()
}

async fn active(db: &Db, p: &Program) -> Vec<Mentorship> {
    program_mentorships(db, p.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.status == MentorshipStatus::Active)
        .collect()
}

async fn active_of(db: &Db, p: &Program, mentee: &CurrentUser) -> Vec<Mentorship> {
    active(db, p)
        .await
        .into_iter()
        .filter(|m| m.mentee.user_id == mentee.id)
        .collect()
}

async fn status_of(db: &Db, p: &Program, mentee: &CurrentUser, request_id: i64) -> RequestStatus {
    let (sent, _) = requests_of(db, p.id, mentee.id).await.unwrap();
    sent.iter()
        .find(|r| r.id == request_id)
        .unwrap_or_else(|| panic!("{db:?}: request {request_id} not among {sent:?}"))
        .status
}

async fn ask(db: &Db, p: &Program, mentee: &CurrentUser, mentor: &CurrentUser) -> i64 {
    send_request(db, p.id, mentee.id, mentor.id, MESSAGE, &links(p), t0())
        .await
        .unwrap()
}

fn question_of(questions: &[MatchQuestion], id: i64) -> &MatchQuestion {
    questions.iter().find(|q| q.id == id).unwrap()
}

/// (mentee, mentor, pinned) of the current proposals, by mentee name.
async fn proposals(db: &Db, p: &Program) -> Vec<(i64, i64, bool)> {
    matching_page(db, p, t0())
        .await
        .unwrap()
        .proposals
        .into_iter()
        .map(|v| (v.mentee_id, v.mentor_id, v.pinned))
        .collect()
}

// 1. Favorites

#[tokio::test(flavor = "multi_thread")]
async fn a_favorite_is_one_row_whatever_the_clicks_and_only_for_mentors() {
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
        let max = joined(&db, &p, "Max", Role::Mentee).await;
        let other_mentee = joined(&db, &p, "Olga", Role::Mentee).await;
        let outsider = member(&db, "Outsider").await;

        for _ in 0..2 {
            set_favorite(&db, p.id, max.id, ada.id, true, now)
                .await
                .unwrap();
        }
        assert_eq!(favorite_rows(&db, p.id).await, 1, "{db:?}");
        let tab = tab_for(&db, &p, &max, any_places()).await;
        assert_eq!(tab.me.favorites, 1, "{db:?}");
        let card = tab.cards.iter().find(|c| c.user_id == ada.id).unwrap();
        assert!(card.favorite, "{db:?}");
        let only = tab_for(
            &db,
            &p,
            &max,
            MentorFilters {
                favorites_only: true,
                ..any_places()
            },
        )
        .await;
        assert_eq!(names(&only), ["Ada"], "{db:?}");

        for _ in 0..2 {
            set_favorite(&db, p.id, max.id, ada.id, false, now)
                .await
                .unwrap();
        }
        assert_eq!(favorite_rows(&db, p.id).await, 0, "{db:?}");
        let tab = tab_for(&db, &p, &max, any_places()).await;
        assert_eq!(tab.me.favorites, 0, "{db:?}");
        assert!(
            !tab.cards
                .iter()
                .find(|c| c.user_id == ada.id)
                .unwrap()
                .favorite
        );

        let (pid, mentee, mentor) = (p.id, max.id, ada.id);
        let results = race(8, |_| {
            let db = db.clone();
            async move { set_favorite(&db, pid, mentee, mentor, true, now).await }
        })
        .await;
        assert!(results.iter().all(|r| r.is_ok()), "{db:?}: {results:?}");
        assert_eq!(favorite_rows(&db, p.id).await, 1, "{db:?}");
        assert_eq!(
            tab_for(&db, &p, &max, any_places()).await.me.favorites,
            1,
            "{db:?}"
        );

        // Only the program's approved mentors can be favorites.
        for not_a_mentor in [other_mentee.id, outsider.id, admin.id] {
            let refused = set_favorite(&db, p.id, max.id, not_a_mentor, true, now).await;
            assert!(
                matches!(refused, Err(AppError::NotFound)),
                "{db:?}: {refused:?}"
            );
        }
        assert_eq!(favorite_rows(&db, p.id).await, 1, "{db:?}");
    })
    .await;
}

// 2. Requests and their limits

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

#[tokio::test(flavor = "multi_thread")]
async fn the_mentors_tab_filters_sorts_and_pages_the_mentors() {
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let p = program(
            &db,
            &admin,
            open_program("Spring", "spring", MatchingMode::AdminMatch),
        )
        .await;
        let mut mentors = Vec::new();
        for i in 1..=14 {
            let user = member(&db, &format!("Mentor {i:02}")).await;
            let joined_at = t0() + Duration::minutes(i);
            join_with(
                &db,
                &p,
                &user,
                &apply(Role::Mentor, Answers::new()),
                joined_at,
            )
            .await;
            mentors.push(user);
        }
        let mentor = |i: usize| &mentors[i - 1];
        let profile = |i: usize, headline: &str, expertise: &[&str], languages: &[&str]| {
            let db = db.clone();
            let id = mentor(i).id;
            let (headline, expertise, languages) = (
                headline.to_owned(),
                expertise.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                languages.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            );
            async move {
                let mut profile = load_profile(&db, id).await.unwrap();
                profile.headline = headline;
                profile.expertise = expertise;
                profile.languages = languages;
                save_profile(&db, &profile, t0()).await.unwrap();
            }
        };
        profile(3, "", &["Rust", "SQL"], &[]).await;
        profile(5, "", &["rust"], &["English"]).await;
        profile(4, "", &[], &["German", "English"]).await;
        profile(7, "Data engineer", &[], &[]).await;
        update_mentor_places(&db, p.id, mentor(2).id, Some(5), true)
            .await
            .unwrap();
        update_mentor_places(&db, p.id, mentor(1).id, Some(4), true)
            .await
            .unwrap();
        update_mentor_places(&db, p.id, mentor(6).id, Some(1), true)
            .await
            .unwrap();
        update_mentor_places(&db, p.id, mentor(14).id, None, false)
            .await
            .unwrap();
        let vera = joined(&db, &p, "Vera", Role::Mentee).await;
        set_favorite(&db, p.id, vera.id, mentor(8).id, true, t0())
            .await
            .unwrap();
        set_favorite(&db, p.id, vera.id, mentor(14).id, true, t0())
            .await
            .unwrap();
        let list = |ids: &[usize]| {
            ids.iter()
                .map(|i| format!("Mentor {i:02}"))
                .collect::<Vec<_>>()
        };

        // Open places only (the default): the paused mentor is left out;
        // a mentee's best match (her favorite) comes first.
        let tab = tab_for(&db, &p, &vera, MentorFilters::default()).await;
        assert!(!tab.browsing_hidden);
        assert_eq!(tab.total, 13, "{db:?}");
        assert_eq!(tab.per_page, MENTORS_PER_PAGE);
        assert_eq!(tab.page_count(), 2);
        assert_eq!(tab.cards.len(), 12, "{db:?}");
        assert_eq!(tab.cards[0].name, "Mentor 08", "{db:?}: {:?}", names(&tab));
        assert!(tab.cards[0].favorite);
        assert!(tab.cards[0].score.as_ref().unwrap().favorite > 0);
        assert_eq!(
            names(&tab)[1..],
            list(&[1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12]),
            "{db:?}"
        );
        let page2 = tab_for(
            &db,
            &p,
            &vera,
            MentorFilters {
                page: 2,
                ..MentorFilters::default()
            },
        )
        .await;
        assert_eq!((page2.page, page2.total), (2, 13), "{db:?}");
        assert_eq!(names(&page2), list(&[13]), "{db:?}");
        assert_eq!(tab.me.favorites, 2, "{db:?}");

        // Every place: 14, the second page has the last two; past the end is the last page.
        let all = tab_for(&db, &p, &admin, any_places()).await;
        assert_eq!(all.total, 14, "{db:?}");
        assert_eq!(
            names(&all),
            list(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
            "{db:?}"
        );
        let last = tab_for(
            &db,
            &p,
            &admin,
            MentorFilters {
                page: 2,
                ..any_places()
            },
        )
        .await;
        assert_eq!(names(&last), list(&[13, 14]), "{db:?}");
        assert_eq!(last.cards[1].places.label(), "Not taking mentees now");
        let past = tab_for(
            &db,
            &p,
            &admin,
            MentorFilters {
                page: 99,
                ..any_places()
            },
        )
        .await;
        assert_eq!((past.page, names(&past)), (2, list(&[13, 14])), "{db:?}");
        assert_eq!(past.filters.page, 2);

        // Filters.
        let with = |filters: MentorFilters| {
            let (db, p, admin) = (db.clone(), p.clone(), admin.clone());
            async move { tab_for(&db, &p, &admin, filters).await }
        };
        let expertise = with(MentorFilters {
            expertise: "RUST".into(),
            ..any_places()
        })
        .await;
        assert_eq!(
            (expertise.total, names(&expertise)),
            (2, list(&[3, 5])),
            "{db:?}"
        );
        assert_eq!(
            expertise.expertise_options,
            ["Rust", "SQL", "rust"],
            "{db:?}"
        );
        let language = with(MentorFilters {
            language: " german ".into(),
            ..any_places()
        })
        .await;
        assert_eq!(names(&language), list(&[4]), "{db:?}");
        let english = with(MentorFilters {
            language: "English".into(),
            ..any_places()
        })
        .await;
        assert_eq!(names(&english), list(&[4, 5]), "{db:?}");
        let headline = with(MentorFilters {
            search: "DATA".into(),
            ..any_places()
        })
        .await;
        assert_eq!(names(&headline), list(&[7]), "{db:?}");
        let tag = with(MentorFilters {
            search: "sql".into(),
            ..any_places()
        })
        .await;
        assert_eq!(names(&tag), list(&[3]), "{db:?}");
        let by_name = with(MentorFilters {
            search: "mentor 1".into(),
            ..any_places()
        })
        .await;
        assert_eq!(
            (by_name.total, names(&by_name)),
            (5, list(&[10, 11, 12, 13, 14])),
            "{db:?}"
        );
        let open_by_name = with(MentorFilters {
            search: "mentor 1".into(),
            ..MentorFilters::default()
        })
        .await;
        assert_eq!(names(&open_by_name), list(&[10, 11, 12, 13]), "{db:?}");
        let nothing = with(MentorFilters {
            search: "nobody".into(),
            ..any_places()
        })
        .await;
        assert_eq!(
            (nothing.total, nothing.cards.len(), nothing.page),
            (0, 0, 1),
            "{db:?}"
        );
        let favorites = tab_for(
            &db,
            &p,
            &vera,
            MentorFilters {
                favorites_only: true,
                ..MentorFilters::default()
            },
        )
        .await;
        assert_eq!(names(&favorites), list(&[8]), "{db:?}");
        let favorites = tab_for(
            &db,
            &p,
            &vera,
            MentorFilters {
                favorites_only: true,
                ..any_places()
            },
        )
        .await;
        assert_eq!(names(&favorites), list(&[8, 14]), "{db:?}");

        // Sorts.
        let most = with(MentorFilters {
            sort: MentorSort::MostPlaces,
            ..any_places()
        })
        .await;
        assert_eq!(
            names(&most),
            list(&[2, 1, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13]),
            "{db:?}"
        );
        let most2 = with(MentorFilters {
            sort: MentorSort::MostPlaces,
            page: 2,
            ..any_places()
        })
        .await;
        assert_eq!(names(&most2), list(&[6, 14]), "{db:?}");
        assert_eq!(most2.cards[0].places.label(), "1 of 1 place open");
        let newest = with(MentorFilters {
            sort: MentorSort::Newest,
            ..any_places()
        })
        .await;
        assert_eq!(
            names(&newest),
            list(&[14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3]),
            "{db:?}"
        );
        let newest2 = with(MentorFilters {
            sort: MentorSort::Newest,
            page: 2,
            ..any_places()
        })
        .await;
        assert_eq!(names(&newest2), list(&[2, 1]), "{db:?}");

        // Admins match (and mentees browsed so far); now they may not: the mentee sees no cards;
        // mentors and admins still do.
        let (mut settings, _) = matching_settings(&db, p.id).await.unwrap();
        settings.mentees_browse = false;
        save_matching_settings(&db, p.id, &settings, &[], t0())
            .await
            .unwrap();
        let hidden = tab_for(&db, &p, &vera, any_places()).await;
        assert!(hidden.browsing_hidden, "{db:?}");
        assert_eq!((hidden.total, hidden.cards.len()), (0, 0), "{db:?}");
        assert_eq!(hidden.mode, MatchingMode::AdminMatch);
        let as_mentor = tab_for(&db, &p, mentor(1), any_places()).await;
        assert!(!as_mentor.browsing_hidden);
        assert_eq!(as_mentor.total, 14, "{db:?}");
        assert_eq!(as_mentor.me.settings.as_ref().unwrap().places.capacity, 4);
        let as_admin = tab_for(&db, &p, &admin, any_places()).await;
        assert!(!as_admin.browsing_hidden && as_admin.can_manage);
        assert_eq!(as_admin.total, 14, "{db:?}");
        settings.mentees_browse = true;
        save_matching_settings(&db, p.id, &settings, &[], t0())
            .await
            .unwrap();
        let shown = tab_for(&db, &p, &vera, any_places()).await;
        assert!(!shown.browsing_hidden, "{db:?}");
        assert_eq!(shown.total, 14, "{db:?}");
    })
    .await;
}

// 11. The matching settings

#[tokio::test(flavor = "multi_thread")]
async fn matching_settings_round_trip_and_refuse_a_maximum_below_the_default() {
    on_both_backends(|db| async move {
        let now = t0();
        let admin = member(&db, "Admin").await;
        let p = program(
            &db,
            &admin,
            open_program("Spring", "spring", MatchingMode::AdminMatch),
        )
        .await;
        let field = add_question(
            &db,
            p.id,
            draft(Role::Mentor, QuestionKind::ShortText, "Your field?", false),
            now,
        )
        .await
        .unwrap();
        let private = add_question(
            &db,
            p.id,
            draft(Role::Mentor, QuestionKind::ShortText, "Private?", false),
            now,
        )
        .await
        .unwrap();
        let goal = add_question(
            &db,
            p.id,
            draft(Role::Mentee, QuestionKind::ShortText, "Your goal?", false),
            now,
        )
        .await
        .unwrap();
        let ada = member(&db, "Ada").await;
        let answers =
            answers_from_form([(field.field(), "Databases"), (private.field(), "Secret")]);
        join_with(&db, &p, &ada, &apply(Role::Mentor, answers), now).await;

        let (defaults, questions) = matching_settings(&db, p.id).await.unwrap();
        assert_eq!(
            defaults,
            MatchingSettings {
                mode: MatchingMode::AdminMatch,
                default_capacity: 3,
                max_capacity: 5,
                max_pending_requests: 3,
                request_expiry_days: 14,
                mentees_browse: true,
                weights: MatchWeights {
                    favorite: 30,
                    profile_expertise: 10,
                    language: 10,
                    time_zone: 12,
                    questions: Vec::new(),
                },
            },
            "{db:?}"
        );
        assert_eq!(questions.len(), 3);
        assert!(questions
            .iter()
            .all(|q| q.weight == 0 && !q.on_mentor_cards));

        let chosen = MatchingSettings {
            mode: MatchingMode::AdminMatch,
            default_capacity: 3,
            max_capacity: 4,
            max_pending_requests: 2,
            request_expiry_days: 10,
            mentees_browse: false,
            weights: MatchWeights {
                favorite: 50,
                profile_expertise: 7,
                language: 0,
                time_zone: 3,
                questions: vec![QuestionWeight {
                    question_id: goal.id,
                    weight: 15,
                }],
            },
        };
        // A mentee question is never shown on mentor cards.
        save_matching_settings(&db, p.id, &chosen, &[field.id, goal.id], now)
            .await
            .unwrap();
        let (saved, questions) = matching_settings(&db, p.id).await.unwrap();
        assert_eq!(saved, chosen, "{db:?}");
        let question = |id: i64| questions.iter().find(|q| q.id == id).unwrap();
        assert_eq!(
            (
                question(field.id).weight,
                question(field.id).on_mentor_cards
            ),
            (0, true),
            "{db:?}"
        );
        assert_eq!(
            (
                question(private.id).weight,
                question(private.id).on_mentor_cards
            ),
            (0, false),
            "{db:?}"
        );
        assert_eq!(
            (question(goal.id).weight, question(goal.id).on_mentor_cards),
            (15, false),
            "{db:?}"
        );
        let tab = tab_for(&db, &p, &admin, any_places()).await;
        assert_eq!(
            tab.cards[0].card_answers,
            [("Your field?".to_owned(), "Databases".to_owned())],
            "{db:?}"
        );
        assert_eq!(tab.cards[0].places.capacity, 3, "{db:?}");
        // Mentors choose up to the new maximum.
        let above = update_mentor_places(&db, p.id, ada.id, Some(5), true).await;
        assert!(above.unwrap_err().field("capacity").is_some(), "{db:?}");
        update_mentor_places(&db, p.id, ada.id, Some(4), true)
            .await
            .unwrap();

        // The mode and the default capacity are the program's settings (its
        // Settings page): what the matching settings carry for them is kept.
        let elsewhere = MatchingSettings {
            mode: MatchingMode::MenteeRequests,
            default_capacity: 2,
            ..chosen.clone()
        };
        save_matching_settings(&db, p.id, &elsewhere, &[field.id], now)
            .await
            .unwrap();
        assert_eq!(
            matching_settings(&db, p.id).await.unwrap().0,
            chosen,
            "{db:?}"
        );

        // A maximum below the program's default capacity (3) is refused,
        // next to the maximum; nothing changes.
        let below = MatchingSettings {
            max_capacity: 2,
            max_pending_requests: 5,
            ..chosen.clone()
        };
        match save_matching_settings(&db, p.id, &below, &[], now).await {
            Err(error @ AppError::Validation(_)) => {
                assert!(error.field("max_capacity").is_some(), "{db:?}: {error:?}");
            }
            other => panic!("{db:?}: {other:?}"),
        }
        let (kept, questions) = matching_settings(&db, p.id).await.unwrap();
        assert_eq!(kept, chosen, "{db:?}");
        assert!(question_of(&questions, field.id).on_mentor_cards, "{db:?}");

        // Saving again without cards or question weights clears them.
        let plain = MatchingSettings {
            weights: MatchWeights {
                questions: Vec::new(),
                ..chosen.weights.clone()
            },
            ..chosen.clone()
        };
        save_matching_settings(&db, p.id, &plain, &[], now)
            .await
            .unwrap();
        let (saved, questions) = matching_settings(&db, p.id).await.unwrap();
        assert_eq!(saved, plain, "{db:?}");
        assert!(
            questions
                .iter()
                .all(|q| q.weight == 0 && !q.on_mentor_cards),
            "{db:?}: {questions:?}"
        );
        let tab = tab_for(&db, &p, &admin, any_places()).await;
        assert!(tab.cards[0].card_answers.is_empty(), "{db:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_programs_default_capacity_may_not_exceed_the_maximum() {
    on_both_backends(|db| async move {
        let now = t0();
        let admin = member(&db, "Admin").await;
        let p = program(
            &db,
            &admin,
            open_program("Spring", "spring", MatchingMode::AdminMatch),
        )
        .await;
        let (settings, _) = matching_settings(&db, p.id).await.unwrap();
        assert_eq!((settings.default_capacity, settings.max_capacity), (3, 5));
        let raised = update_program(
            &db,
            p.id,
            ProgramSettings {
                default_mentor_capacity: 6,
                ..p.settings.clone()
            },
            now,
        )
        .await;
        match raised {
            Err(error @ AppError::Validation(_)) => {
                assert!(
                    error.field("default_mentor_capacity").is_some(),
                    "{db:?}: {error:?}"
                )
            }
            other => panic!("{db:?}: a default of 6 above a maximum of 5: {other:?}"),
        }
        assert_eq!(
            matching_settings(&db, p.id).await.unwrap().0,
            settings,
            "{db:?}"
        );
    })
    .await;
}
