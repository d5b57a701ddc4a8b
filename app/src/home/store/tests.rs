//! The home page's queries on both databases: each block shows the
//! member's own rows and nobody else's, leaves out what they may no
//! longer see, and stops at its limit.

use super::*;
use crate::{
    accounts::CurrentUser,
    db::{
        schema::{
            discussion_follows, discussion_posts, discussion_spaces, discussion_threads,
            memberships,
        },
        testing::on_both_backends,
    },
    events::{
        rules::{validate_event, EventDraft},
        store::{cancel_registration, create_event, register, Mailer, Member, Space},
        RegistrationStatus,
    },
    home::BLOCK_ROWS,
    mentors::store::{answer_request, match_now, send_request, ProgramLinks},
    programs::{
        store::{add_program_admin, fixtures::*, leave_program, submit_application},
        Answers, Approval, MatchingMode, MembershipStatus, Program, ProgramSettings, Role,
    },
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

const HUB: &str = "Acme Mentoring";

fn now() -> NaiveDateTime {
    t0()
}

fn open(name: &str, slug: &str, mode: MatchingMode, approval: Approval) -> ProgramSettings {
    ProgramSettings {
        approval,
        matching_mode: mode,
        ..settings(name, slug)
    }
}

async fn applied(db: &Db, p: &Program, user: &CurrentUser, role: Role) -> MembershipStatus {
    submit_application(db, p.id, user.id, &apply(role, Answers::new()), now())
        .await
        .unwrap()
        .status
}

async fn who(db: &Db, user: &CurrentUser) -> Belonging {
    belonging(db, user.id, user.is_hub_admin).await.unwrap()
}

fn links(p: &Program) -> ProgramLinks {
    ProgramLinks::new("https://hub.example.org", &p.settings.name, &p.path())
}

#[tokio::test(flavor = "multi_thread")]
async fn programs_list_the_members_own_memberships_and_admin_roles() {
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let ada = member(&db, "Ada").await;
        let other = member(&db, "Other").await;
        let auto = program(
            &db,
            &admin,
            open(
                "Beta",
                "beta",
                MatchingMode::AdminMatch,
                Approval::Automatic,
            ),
        )
        .await;
        let manual = program(
            &db,
            &admin,
            open("Alpha", "alpha", MatchingMode::AdminMatch, Approval::Manual),
        )
        .await;
        let left = program(
            &db,
            &admin,
            open(
                "Gamma",
                "gamma",
                MatchingMode::AdminMatch,
                Approval::Automatic,
            ),
        )
        .await;
        let theirs = program(
            &db,
            &admin,
            open(
                "Delta",
                "delta",
                MatchingMode::AdminMatch,
                Approval::Automatic,
            ),
        )
        .await;
        assert_eq!(
            applied(&db, &auto, &ada, Role::Mentor).await,
            MembershipStatus::Approved
        );
        assert_eq!(
            applied(&db, &manual, &ada, Role::Mentee).await,
            MembershipStatus::Pending
        );
        applied(&db, &left, &ada, Role::Mentee).await;
        leave_program(&db, left.id, ada.id, now()).await.unwrap();
        applied(&db, &theirs, &other, Role::Mentee).await;
        add_program_admin(&db, theirs.id, ada.id, now())
            .await
            .unwrap();

        let (list, more) = my_programs(&db, ada.id).await.unwrap();
        let got: Vec<_> = list
            .iter()
            .map(|p| (p.name.as_str(), p.path.as_str(), p.membership, p.admin))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "Alpha",
                    "/programs/alpha",
                    Some((Role::Mentee, MembershipStatus::Pending)),
                    false
                ),
                (
                    "Beta",
                    "/programs/beta",
                    Some((Role::Mentor, MembershipStatus::Approved)),
                    false
                ),
                ("Delta", "/programs/delta", None, true),
            ],
            "{db:?}"
        );
        assert_eq!(more, 0);
        // Someone else's list holds only their own program.
        let (list, _) = my_programs(&db, other.id).await.unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].name, "Delta");

        // Past the block's rows, the rest are counted.
        for i in 0..BLOCK_ROWS {
            let p = program(
                &db,
                &admin,
                open(
                    &format!("Extra {i}"),
                    &format!("extra-{i}"),
                    MatchingMode::AdminMatch,
                    Approval::Automatic,
                ),
            )
            .await;
            applied(&db, &p, &ada, Role::Mentee).await;
        }
        let (list, more) = my_programs(&db, ada.id).await.unwrap();
        assert_eq!(list.len(), BLOCK_ROWS);
        assert_eq!(more, 3, "{db:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn decisions_count_pending_applications_and_unmatched_mentees_for_the_programs_admins() {
    on_both_backends(|db| async move {
        let hub_admin = member(&db, "Root").await;
        assert!(hub_admin.is_hub_admin);
        let lead = member(&db, "Lead").await;
        let matched = program(
            &db,
            &hub_admin,
            open(
                "Matched",
                "matched",
                MatchingMode::AdminMatch,
                Approval::Manual,
            ),
        )
        .await;
        let requests = program(
            &db,
            &hub_admin,
            open(
                "Requests",
                "requests",
                MatchingMode::MenteeRequests,
                Approval::Automatic,
            ),
        )
        .await;
        let elsewhere = program(
            &db,
            &hub_admin,
            open(
                "Elsewhere",
                "elsewhere",
                MatchingMode::AdminMatch,
                Approval::Manual,
            ),
        )
        .await;
        add_program_admin(&db, matched.id, lead.id, now())
            .await
            .unwrap();
        add_program_admin(&db, requests.id, lead.id, now())
            .await
            .unwrap();
        for name in ["P1", "P2"] {
            let m = member(&db, name).await;
            assert_eq!(
                applied(&db, &matched, &m, Role::Mentee).await,
                MembershipStatus::Pending
            );
        }
        for name in ["E1", "E2", "E3"] {
            let m = member(&db, name).await;
            applied(&db, &elsewhere, &m, Role::Mentee).await;
        }
        // Approved mentees: two without a mentor in the admin-matched
        // program after one is matched; the request program's mentee waits
        // for no admin.
        let (mentor, m1, m2, m3) = (
            member(&db, "Mentor").await,
            member(&db, "M1").await,
            member(&db, "M2").await,
            member(&db, "M3").await,
        );
        for (user, role) in [
            (&mentor, Role::Mentor),
            (&m1, Role::Mentee),
            (&m2, Role::Mentee),
            (&m3, Role::Mentee),
        ] {
            run_query!(&db, |conn| {
                diesel::insert_into(memberships::table)
                    .values((
                        memberships::program_id.eq(matched.id),
                        memberships::user_id.eq(user.id),
                        memberships::role.eq(role),
                        memberships::status.eq(MembershipStatus::Approved),
                        memberships::applied_at.eq(now()),
                        memberships::joined_at.eq(Some(now())),
                        memberships::created_at.eq(now()),
                        memberships::updated_at.eq(now()),
                        memberships::taking_mentees.eq(true),
                        memberships::capacity_note.eq(""),
                    ))
                    .execute(conn)
                    .await
            })
            .unwrap();
        }
        match_now(
            &db,
            matched.id,
            m1.id,
            mentor.id,
            lead.id,
            &links(&matched),
            now(),
        )
        .await
        .unwrap();
        applied(&db, &requests, &member(&db, "R1").await, Role::Mentee).await;

        let got = decisions(&db, &who(&db, &lead).await).await.unwrap();
        let got: Vec<_> = got
            .iter()
            .map(|d| {
                (
                    d.program_name.as_str(),
                    d.applications,
                    d.unmatched,
                    d.applications_path(),
                    d.matching_path(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![(
                "Matched",
                2,
                2,
                "/programs/matched/admin/applications".to_owned(),
                "/programs/matched/admin/matching".to_owned()
            )],
            "{db:?}"
        );

        // The hub admin sees the hub's pending applications, busiest first.
        let got = decisions(&db, &who(&db, &hub_admin).await).await.unwrap();
        let got: Vec<_> = got
            .iter()
            .map(|d| (d.program_name.as_str(), d.applications, d.unmatched))
            .collect();
        assert_eq!(got, vec![("Elsewhere", 3, 0), ("Matched", 2, 0)], "{db:?}");

        // A member who admins nothing has no decisions, and no query runs.
        let m = who(&db, &m2).await;
        assert!(decisions(&db, &m).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn mentoring_shows_both_sides_and_the_requests_waiting_for_the_mentor() {
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let p = program(
            &db,
            &admin,
            open(
                "Pairs",
                "pairs",
                MatchingMode::MenteeRequests,
                Approval::Automatic,
            ),
        )
        .await;
        let (ada, bea, max, eve) = (
            member(&db, "Ada").await,
            member(&db, "Bea").await,
            member(&db, "Max").await,
            member(&db, "Eve").await,
        );
        applied(&db, &p, &ada, Role::Mentor).await;
        applied(&db, &p, &bea, Role::Mentor).await;
        applied(&db, &p, &max, Role::Mentee).await;
        applied(&db, &p, &eve, Role::Mentee).await;
        let message = "I would like to get better at SQL and Rust with your help.";
        let to_ada = send_request(&db, p.id, max.id, ada.id, message, &links(&p), now())
            .await
            .unwrap();
        send_request(&db, p.id, eve.id, bea.id, message, &links(&p), now())
            .await
            .unwrap();
        send_request(&db, p.id, eve.id, ada.id, message, &links(&p), now())
            .await
            .unwrap();

        let zone = chrono_tz::UTC;
        let (partners, requests, total) = mentoring(&db, ada.id, zone).await.unwrap();
        assert!(partners.is_empty());
        let mut names: Vec<_> = requests
            .iter()
            .map(|r| (r.mentee_name.as_str(), r.path.as_str()))
            .collect();
        names.sort();
        assert_eq!(
            names,
            vec![
                ("Eve", "/programs/pairs/requests"),
                ("Max", "/programs/pairs/requests")
            ],
            "{db:?}"
        );
        assert_eq!(total, 2);
        // Bea's one request is not Ada's; a mentee answers no request.
        let (_, requests, total) = mentoring(&db, bea.id, zone).await.unwrap();
        assert_eq!((requests.len(), total), (1, 1));
        let (_, requests, total) = mentoring(&db, max.id, zone).await.unwrap();
        assert_eq!((requests.len(), total), (0, 0));

        // Ada accepts Max: each sees the other, and the request is gone.
        answer_request(
            &db,
            p.id,
            to_ada,
            ada.id,
            true,
            "Welcome!",
            &links(&p),
            now(),
        )
        .await
        .unwrap();
        let (partners, _, _) = mentoring(&db, max.id, zone).await.unwrap();
        let got: Vec<_> = partners
            .iter()
            .map(|p| (p.name.as_str(), p.is_mentor, p.path.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![("Ada", true, "/programs/pairs/mentors")],
            "{db:?}"
        );
        let (partners, requests, total) = mentoring(&db, ada.id, zone).await.unwrap();
        let got: Vec<_> = partners
            .iter()
            .map(|p| (p.name.as_str(), p.is_mentor))
            .collect();
        assert_eq!(got, vec![("Max", false)], "{db:?}");
        assert_eq!(
            requests
                .iter()
                .map(|r| r.mentee_name.as_str())
                .collect::<Vec<_>>(),
            vec!["Eve"]
        );
        assert_eq!(total, 1);
        // Eve is nobody's partner.
        assert!(mentoring(&db, eve.id, zone).await.unwrap().0.is_empty());
    })
    .await;
}

/// An event `days` ahead (negative: past), for `audience`.
fn event_draft(title: &str, days: i64, audience: &str) -> EventDraft {
    let day = (now() + Duration::days(days)).date();
    EventDraft {
        title: title.into(),
        description: "We meet and talk.".into(),
        time_zone: "Europe/Berlin".into(),
        starts: format!("{day}T18:00"),
        ends: format!("{day}T20:00"),
        format: "online".into(),
        online_link: "https://meet.example.org/room-42".into(),
        audience: audience.into(),
        ..EventDraft::default()
    }
}

async fn event(
    db: &Db,
    program: Option<i64>,
    by: &CurrentUser,
    title: &str,
    days: i64,
    audience: &str,
) -> i64 {
    // Past events are created "back then", when they were still to come.
    let at = now() + Duration::days(days.min(0) - 1);
    let valid = validate_event(
        &event_draft(title, days, audience),
        program.is_some(),
        true,
        at,
    )
    .unwrap();
    create_event(db, program, by.id, &valid, at).await.unwrap()
}

fn attendee(user: &CurrentUser, role: Option<Role>) -> Member {
    Member {
        user_id: user.id,
        role,
        manager: false,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn events_show_the_members_places_and_what_is_open_to_them() {
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let (ada, max) = (member(&db, "Ada").await, member(&db, "Max").await);
        let p = program(
            &db,
            &admin,
            open(
                "Talks",
                "talks",
                MatchingMode::AdminMatch,
                Approval::Automatic,
            ),
        )
        .await;
        let gone = program(
            &db,
            &admin,
            open(
                "Gone",
                "gone",
                MatchingMode::AdminMatch,
                Approval::Automatic,
            ),
        )
        .await;
        applied(&db, &p, &ada, Role::Mentee).await;
        applied(&db, &gone, &ada, Role::Mentee).await;

        let hub_soon = event(&db, None, &admin, "Hub meetup", 3, "everyone").await;
        let hub_later = event(&db, None, &admin, "Hub workshop", 10, "everyone").await;
        let past = event(&db, None, &admin, "Hub retro", -2, "everyone").await;
        let program_talk = event(&db, Some(p.id), &admin, "Program talk", 5, "everyone").await;
        let _mentors_only = event(&db, Some(p.id), &admin, "Mentor circle", 4, "mentors").await;
        let _mentees_only = event(&db, Some(p.id), &admin, "Mentee clinic", 6, "mentees").await;
        let left_event = event(&db, Some(gone.id), &admin, "Gone talk", 2, "everyone").await;
        let _cancelled = {
            let id = event(&db, None, &admin, "Dropped", 7, "everyone").await;
            register(&db, id, &attendee(&ada, None), now())
                .await
                .unwrap();
            let hub = Space {
                program_id: None,
                slug: String::new(),
                name: HUB.into(),
            };
            let mailer = Mailer {
                hub: HUB.into(),
                site_url: "https://hub.example.org".into(),
            };
            cancel_registration(&db, id, ada.id, false, &hub, &mailer, now())
                .await
                .unwrap();
            id
        };
        register(&db, hub_soon, &attendee(&ada, None), now())
            .await
            .unwrap();
        register(
            &db,
            program_talk,
            &attendee(&ada, Some(Role::Mentee)),
            now(),
        )
        .await
        .unwrap();
        register(&db, left_event, &attendee(&ada, Some(Role::Mentee)), now())
            .await
            .unwrap();
        register(
            &db,
            past,
            &attendee(&ada, None),
            now() - Duration::days(3) + Duration::hours(1),
        )
        .await
        .unwrap();
        leave_program(&db, gone.id, ada.id, now()).await.unwrap();

        let who_ada = who(&db, &ada).await;
        let (mine, next) = home_events(&db, &who_ada, HUB, "", now()).await.unwrap();
        let got: Vec<_> = mine
            .iter()
            .map(|e| (e.title.as_str(), e.space.as_str(), e.status))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Hub meetup", HUB, Some(RegistrationStatus::Registered)),
                (
                    "Program talk",
                    "Talks",
                    Some(RegistrationStatus::Registered)
                ),
            ],
            "{db:?}"
        );
        assert_eq!(mine[0].path, format!("/events/{hub_soon}"));
        assert_eq!(
            mine[1].path,
            format!("/programs/talks/events/{program_talk}")
        );
        // Open to a mentee of Talks, not registered: the mentees' clinic,
        // the cancelled-from "Dropped", the hub workshop (soonest first, three).
        let got: Vec<_> = next.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(
            got,
            vec!["Mentee clinic", "Dropped", "Hub workshop"],
            "{db:?}"
        );
        assert!(next.iter().all(|e| e.status.is_none()));
        assert_eq!(next[2].path, format!("/events/{hub_later}"));

        // Max belongs nowhere: the hub's events only, none of them his.
        let (mine, next) = home_events(&db, &who(&db, &max).await, HUB, "", now())
            .await
            .unwrap();
        assert!(mine.is_empty());
        let got: Vec<_> = next.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(got, vec!["Hub meetup", "Dropped", "Hub workshop"], "{db:?}");
    })
    .await;
}

/// A space for the hub (`None`) or a program, made the way the
/// discussion store makes it.
async fn space(db: &Db, program_id: Option<i64>) -> i64 {
    run_query!(db, |conn| {
        diesel::insert_into(discussion_spaces::table)
            .values((
                discussion_spaces::program_id.eq(program_id),
                discussion_spaces::allow_anonymous.eq(true),
                discussion_spaces::created_at.eq(now()),
            ))
            .returning(discussion_spaces::id)
            .get_result::<i64>(conn)
            .await
    })
    .unwrap()
}

async fn post(
    db: &Db,
    thread: i64,
    kind: &str,
    title: &str,
    author: Option<i64>,
    at: NaiveDateTime,
) {
    run_query!(db, |conn| {
        diesel::insert_into(discussion_posts::table)
            .values((
                discussion_posts::thread_id.eq(thread),
                discussion_posts::kind.eq(kind),
                discussion_posts::title.eq(title),
                discussion_posts::body_md.eq("Text"),
                discussion_posts::body_html.eq("<p>Text</p>"),
                discussion_posts::author_id.eq(author),
                discussion_posts::score.eq(0),
                discussion_posts::state.eq("shown"),
                discussion_posts::hidden.eq(false),
                discussion_posts::created_at.eq(at),
            ))
            .execute(conn)
            .await
    })
    .unwrap();
}

/// A thread asked by `asker` at `at`, followed by `followers` from `at`.
async fn thread(
    db: &Db,
    space: i64,
    title: &str,
    asker: i64,
    at: NaiveDateTime,
    followers: &[i64],
) -> i64 {
    let id = run_query!(db, |conn| {
        diesel::insert_into(discussion_threads::table)
            .values((
                discussion_threads::space_id.eq(space),
                discussion_threads::status.eq("open"),
                discussion_threads::listed.eq(true),
                discussion_threads::answer_count.eq(0),
                discussion_threads::score.eq(0),
                discussion_threads::created_at.eq(at),
                discussion_threads::last_activity_at.eq(at),
            ))
            .returning(discussion_threads::id)
            .get_result::<i64>(conn)
            .await
    })
    .unwrap();
    post(db, id, "question", title, Some(asker), at).await;
    for follower in followers {
        run_query!(db, |conn| {
            diesel::insert_into(discussion_follows::table)
                .values((
                    discussion_follows::thread_id.eq(id),
                    discussion_follows::user_id.eq(*follower),
                    discussion_follows::created_at.eq(at),
                ))
                .execute(conn)
                .await
        })
        .unwrap();
    }
    id
}

#[tokio::test(flavor = "multi_thread")]
async fn followed_threads_count_new_answers_from_others_where_the_member_still_belongs() {
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let (ada, bea) = (member(&db, "Ada").await, member(&db, "Bea").await);
        let p = program(
            &db,
            &admin,
            open(
                "Circle",
                "circle",
                MatchingMode::AdminMatch,
                Approval::Automatic,
            ),
        )
        .await;
        applied(&db, &p, &ada, Role::Mentee).await;
        let (hub, circle) = (space(&db, None).await, space(&db, Some(p.id)).await);
        let day = |n: i64| now() - Duration::days(n);

        let busy = thread(&db, hub, "How do I start?", ada.id, day(20), &[ada.id]).await;
        post(&db, busy, "answer", "", Some(bea.id), day(1)).await;
        post(&db, busy, "answer", "", None, day(2)).await; // anonymous
        post(&db, busy, "answer", "", Some(ada.id), day(1)).await; // her own
        post(&db, busy, "answer", "", Some(bea.id), day(30)).await; // too old
                                                                    // A followed thread without answers is no news.
        thread(&db, hub, "Nobody answers", ada.id, day(3), &[ada.id]).await;
        let in_program = thread(&db, circle, "Program question", bea.id, day(5), &[ada.id]).await;
        post(&db, in_program, "answer", "", Some(bea.id), day(3)).await;
        // Answers before she followed are not news.
        let late = thread(&db, hub, "Followed late", bea.id, day(10), &[]).await;
        post(&db, late, "answer", "", Some(bea.id), day(8)).await;
        run_query!(&db, |conn| {
            diesel::insert_into(discussion_follows::table)
                .values((
                    discussion_follows::thread_id.eq(late),
                    discussion_follows::user_id.eq(ada.id),
                    discussion_follows::created_at.eq(day(6)),
                ))
                .execute(conn)
                .await
        })
        .unwrap();
        // Bea's thread that Ada does not follow.
        let other = thread(&db, hub, "Not followed", bea.id, day(4), &[bea.id]).await;
        post(&db, other, "answer", "", Some(admin.id), day(1)).await;

        let zone = chrono_tz::UTC;
        let got = followed_threads(&db, &who(&db, &ada).await, HUB, zone, now())
            .await
            .unwrap();
        let rows: Vec<_> = got
            .iter()
            .map(|t| (t.title.as_str(), t.space.as_str(), t.new_answers))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("How do I start?", HUB, 2),
                ("Program question", "Circle", 1)
            ],
            "{db:?}"
        );
        assert_eq!(got[0].path, format!("/discussion/{busy}"));
        assert_eq!(
            got[1].path,
            format!("/programs/circle/discussion/{in_program}")
        );

        // Once she has left the program, its thread is not shown.
        leave_program(&db, p.id, ada.id, now()).await.unwrap();
        let got = followed_threads(&db, &who(&db, &ada).await, HUB, zone, now())
            .await
            .unwrap();
        assert_eq!(
            got.iter().map(|t| t.title.as_str()).collect::<Vec<_>>(),
            vec!["How do I start?"],
            "{db:?}"
        );
        // Bea's own thread got an answer from the admin.
        let got = followed_threads(&db, &who(&db, &bea).await, HUB, zone, now())
            .await
            .unwrap();
        assert_eq!(
            got.iter()
                .map(|t| (t.title.as_str(), t.new_answers))
                .collect::<Vec<_>>(),
            vec![("Not followed", 1)]
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn new_resources_are_the_members_audiences_since_they_last_opened_each_library() {
    use crate::resources::{
        rules::{validate_resource, ResourceDraft},
        store as resources,
    };
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let mentee = member(&db, "Mentee").await;
        let outsider = member(&db, "Outsider").await;
        let p = program(
            &db,
            &admin,
            open(
                "Rust",
                "rust",
                MatchingMode::MenteeRequests,
                Approval::Automatic,
            ),
        )
        .await;
        let other = program(
            &db,
            &admin,
            open(
                "Other",
                "other",
                MatchingMode::MenteeRequests,
                Approval::Automatic,
            ),
        )
        .await;
        assert_eq!(
            applied(&db, &p, &mentee, Role::Mentee).await,
            MembershipStatus::Approved
        );
        let add = |program_id: Option<i64>,
                   title: &'static str,
                   audience: &'static str,
                   at: NaiveDateTime| {
            let db = db.clone();
            let by = admin.id;
            async move {
                let draft = ResourceDraft {
                    kind: "page".into(),
                    title: title.into(),
                    body: "Text".into(),
                    audience: audience.into(),
                    ..ResourceDraft::default()
                };
                let valid = validate_resource(&draft, program_id.is_some(), &[]).unwrap();
                resources::create_resource(&db, program_id, by, &valid, None, at)
                    .await
                    .unwrap();
            }
        };
        let day = |n: i64| now() - Duration::days(n);
        add(None, "Hub guide", "everyone", day(2)).await;
        add(Some(p.id), "For everyone here", "everyone", day(1)).await;
        add(Some(p.id), "Mentor notes", "mentors", day(1)).await;
        add(Some(p.id), "Mentee start", "mentees", day(1)).await;
        add(Some(other.id), "Elsewhere", "everyone", day(1)).await;
        add(None, "Too old", "everyone", day(30)).await;
        let titles = |rows: Vec<crate::home::NewResource>| {
            let mut titles: Vec<String> = rows.into_iter().map(|row| row.title).collect();
            titles.sort();
            titles
        };
        let seen = new_resources(&db, &who(&db, &mentee).await, HUB, now())
            .await
            .unwrap();
        assert_eq!(
            titles(seen),
            ["For everyone here", "Hub guide", "Mentee start"]
        );
        let seen = new_resources(&db, &who(&db, &outsider).await, HUB, now())
            .await
            .unwrap();
        assert_eq!(titles(seen), ["Hub guide"]);
        // Opening the hub's library takes its resources off the list.
        resources::visit(&db, None, mentee.id, now()).await.unwrap();
        let seen = new_resources(&db, &who(&db, &mentee).await, HUB, now())
            .await
            .unwrap();
        assert_eq!(titles(seen), ["For everyone here", "Mentee start"]);
        let mut hub_admin = who(&db, &admin).await;
        assert!(hub_admin.hub_admin, "the first member is the hub's admin");
        hub_admin.managed.clear();
        let seen = new_resources(&db, &hub_admin, HUB, now()).await.unwrap();
        assert_eq!(
            seen.len(),
            BLOCK_ROWS,
            "the hub admin sees every library, five at most"
        );
    })
    .await;
}
