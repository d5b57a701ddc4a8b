//! `server seed-scale` on both backends: the flags, the rows of each
//! group (one file per group), the same rows on SQLite and PostgreSQL, and
//! the app's own queries and inserts on them.

mod discussion_tests;
mod event_tests;

use super::*;
use app::{
    accounts::store as accounts,
    db::{
        schema::{
            application_answers, memberships, program_admins, registration_questions, user_tags,
        },
        testing::TestDb,
    },
    discussion::{seal::SecretKey, store as discussion_store},
    programs::{
        store as programs_store, Answers, ApplicationForm, DirectoryQuery, MembershipStatus,
        ProgramSettings, QuestionKind, Role,
    },
};

const SMALL: ScaleOptions = ScaleOptions {
    programs: 20,
    members: 100,
    memberships: 300,
    applications: 50,
};

fn args(line: &str) -> Vec<String> {
    line.split_whitespace().map(str::to_owned).collect()
}

fn password() -> String {
    std::env::var("SCALE_PASSWORD").unwrap_or_else(|_| DEFAULT_PASSWORD.into())
}

/// A fresh SQLite database, a second one, and PostgreSQL when reachable.
async fn databases() -> Vec<TestDb> {
    [
        Some(TestDb::sqlite().await),
        Some(TestDb::sqlite().await),
        TestDb::postgres().await,
    ]
    .into_iter()
    .flatten()
    .collect()
}

async fn count(db: &Db) -> [i64; 7] {
    run_query!(db, |conn| {
        Ok::<_, AppError>([
            users::table.count().get_result(conn).await?,
            user_tags::table.count().get_result(conn).await?,
            programs_table::table.count().get_result(conn).await?,
            program_admins::table.count().get_result(conn).await?,
            registration_questions::table
                .count()
                .get_result(conn)
                .await?,
            memberships::table.count().get_result(conn).await?,
            application_answers::table.count().get_result(conn).await?,
        ])
    })
    .unwrap()
}

/// The stored rows of the main tables as text (the password hash left
/// out: Argon2 salts it).
async fn digest(db: &Db) -> String {
    type User = (i64, String, String, bool, String, String, String, String);
    type Program = (i64, String, String, String, String, bool, String, i64);
    type Membership = (i64, i64, i64, String, String, Option<i64>, NaiveDateTime);
    run_query!(db, |conn| {
        let users: Vec<User> = users::table
            .order(users::id)
            .select((
                users::id,
                users::email,
                users::name,
                users::is_hub_admin,
                users::headline,
                users::bio,
                users::languages,
                users::time_zone,
            ))
            .load(conn)
            .await?;
        let tags: Vec<(i64, String)> = user_tags::table
            .order((user_tags::user_id, user_tags::tag_key))
            .select((user_tags::user_id, user_tags::tag))
            .load(conn)
            .await?;
        let programs: Vec<Program> = programs_table::table
            .order(programs_table::id)
            .select((
                programs_table::id,
                programs_table::name,
                programs_table::slug,
                programs_table::about_md,
                programs_table::status,
                programs_table::listed,
                programs_table::approval,
                programs_table::created_by,
            ))
            .load(conn)
            .await?;
        let admins: Vec<(i64, i64)> = program_admins::table
            .order((program_admins::program_id, program_admins::user_id))
            .select((program_admins::program_id, program_admins::user_id))
            .load(conn)
            .await?;
        let questions: Vec<(i64, i64, String, i32, String, String)> =
            registration_questions::table
                .order(registration_questions::id)
                .select((
                    registration_questions::id,
                    registration_questions::program_id,
                    registration_questions::role,
                    registration_questions::position,
                    registration_questions::kind,
                    registration_questions::options,
                ))
                .load(conn)
                .await?;
        let memberships: Vec<Membership> = memberships::table
            .order(memberships::id)
            .select((
                memberships::id,
                memberships::program_id,
                memberships::user_id,
                memberships::role,
                memberships::status,
                memberships::decided_by,
                memberships::applied_at,
            ))
            .load(conn)
            .await?;
        let answers: Vec<(i64, i64, i64, String)> = application_answers::table
            .order(application_answers::id)
            .select((
                application_answers::id,
                application_answers::membership_id,
                application_answers::question_id,
                application_answers::value,
            ))
            .load(conn)
            .await?;
        Ok::<_, AppError>(format!(
            "{users:?}\n{tags:?}\n{programs:?}\n{admins:?}\n{questions:?}\n{memberships:?}\n{answers:?}"
        ))
    })
    .unwrap()
}

fn actor_of(user: &app::accounts::CurrentUser) -> discussion_store::Actor {
    discussion_store::Actor {
        user_id: user.id,
        name: user.name.clone(),
        moderator: false,
        key: SecretKey::from_bytes([7; 32]),
    }
}

#[test]
fn parses_flags_and_explains_bad_ones() {
    assert_eq!(ScaleOptions::parse(&[]).unwrap(), ScaleOptions::default());
    assert_eq!(
        ScaleOptions::parse(&args(
            "--programs=20 --members 100 --memberships 300 --applications 50"
        ))
        .unwrap(),
        SMALL
    );
    for (line, expected) in [
        ("--program 3", "unknown argument `--program`"),
        ("--members", "--members needs a number"),
        ("--members ten", "not `ten`"),
        ("--memberships -3", "not `-3`"),
        ("--programs 0", "--programs must be at least 1"),
        (
            "--programs 100 --members 20",
            "--members must be at least 27",
        ),
    ] {
        let message = ScaleOptions::parse(&args(line)).unwrap_err();
        assert!(message.contains(expected), "{line}: {message}");
        assert!(message.contains(USAGE), "{line}: {message}");
    }
}

#[test]
fn refuses_more_memberships_than_fit() {
    let options = ScaleOptions {
        programs: 2,
        members: 10,
        memberships: 50,
        applications: 0,
    };
    assert!(plan(&options, "h").is_err());
    // Every program and member pair of a tiny hub is still fine at half.
    let options = ScaleOptions {
        programs: 1,
        members: 3,
        memberships: 1,
        applications: 0,
    };
    assert!(plan(&options, "h").is_ok());
}

#[tokio::test(flavor = "multi_thread")]
async fn seeds_the_same_rows_on_both_backends_and_the_app_works_on_them() {
    let databases = databases().await;
    let mut digests = Vec::new();
    for test_db in &databases {
        let db = &test_db.db;
        let summary = seed(db, &SMALL).await.unwrap();
        let [users_n, tags, programs_n, admins, questions, memberships_n, answers] =
            count(db).await;
        assert_eq!(users_n, 100);
        assert!(tags >= 200, "two to four tags each: {tags}");
        assert_eq!(programs_n, 20);
        assert!((20..=40).contains(&admins), "{admins}");
        assert_eq!(questions as usize, summary.questions);
        assert_eq!(memberships_n, 350);
        assert_eq!(answers as usize, summary.answers);
        assert!(answers >= 50 * 2, "every application answers: {answers}");
        assert_eq!(summary.hub_admins, 1);
        assert_eq!(summary.program_admins, 5);
        assert_eq!(summary.member_email, "member00001@scale.example");
        assert_eq!(summary.program_admin_email, "admin00001@scale.example");
        assert_eq!(summary.hub_admin_email, "hubadmin01@scale.example");
        assert!(summary.member_programs >= 4, "{}", summary.member_programs);
        assert!(summary.program_admin_pending >= 10);
        digests.push(digest(db).await);
        // The discussion rows, as planned (so the same on both backends).
        let discussion_rows = plan(&SMALL, "h").unwrap().discussion;
        discussion_tests::assert_discussion_is_the_plan(db, &discussion_rows).await;
        assert_eq!(summary.hub_threads, 30);
        assert_eq!(summary.discussion_threads, discussion_rows.threads.len());
        assert_eq!(summary.discussion_posts, discussion_rows.posts.len());

        // Mentoring rows, within every mentor's places, and a tab that
        // reads them.
        let (mentorships_n, favorites_n, over): (i64, i64, i64) = run_query!(db, |conn| {
            use app::db::schema::{favorites, mentorships};
            let m: i64 = mentorships::table.count().get_result(conn).await?;
            let f: i64 = favorites::table.count().get_result(conn).await?;
            let per_mentor: Vec<(i64, i64, i64)> = mentorships::table
                .group_by((mentorships::program_id, mentorships::mentor_id))
                .select((
                    mentorships::program_id,
                    mentorships::mentor_id,
                    diesel::dsl::count_star(),
                ))
                .load(conn)
                .await?;
            let over = per_mentor.iter().filter(|(_, _, n)| *n > 4).count() as i64;
            Ok::<_, AppError>((m, f, over))
        })
        .unwrap();
        assert!(
            mentorships_n > 0 && favorites_n > 0,
            "{mentorships_n} {favorites_n}"
        );
        assert_eq!(over, 0, "no mentor over the largest default capacity");

        // The member signs in with the shared password.
        let member = accounts::find_by_email(db, &summary.member_email)
            .await
            .unwrap()
            .unwrap();
        assert!(!member.is_hub_admin);
        assert!(
            security::verify_password(password(), Some(member.password_hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !security::verify_password("wrong".into(), Some(member.password_hash.clone()))
                .await
                .unwrap()
        );
        // The app's own queries: the member's programs, the directory, the
        // program admin's queue.
        let viewer = member.current_user();
        let mine = programs_store::list_programs(
            db,
            Some(&viewer),
            &DirectoryQuery {
                mine: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(mine.total >= summary.member_programs as i64);
        let directory = programs_store::list_programs(db, None, &DirectoryQuery::default())
            .await
            .unwrap();
        assert!(directory.total >= 10, "{}", directory.total);
        assert_eq!(
            directory.tiles.len() as i64,
            directory.total.min(programs_store::PROGRAMS_PER_PAGE),
            "the first page is full"
        );
        let admin = accounts::find_by_email(db, &summary.program_admin_email)
            .await
            .unwrap()
            .unwrap();
        assert!(programs_store::is_program_admin(db, 1, admin.id)
            .await
            .unwrap());
        let pending = programs_store::list_memberships(db, 1, &[MembershipStatus::Pending])
            .await
            .unwrap();
        assert_eq!(pending.len(), summary.program_admin_pending);
        assert!(pending.iter().all(|record| !record.answers.is_empty()));
        discussion_tests::the_discussion_works(db, &viewer, &discussion_rows).await;

        // Events, as planned, and the pages' queries on them.
        let planned = plan(&SMALL, "h").unwrap();
        event_tests::assert_events_are_the_plan(db, &planned.events).await;
        assert_eq!(summary.hub_events, events::HUB_EVENTS);
        assert_eq!(summary.events, planned.events.events.len());
        assert_eq!(
            summary.event_registrations,
            planned.events.registrations.len()
        );
        assert_eq!(summary.first_program_event, 301);
        event_tests::the_events_work(db, &viewer, &planned).await;

        // Resources, as planned, and the libraries on them.
        assert_eq!(summary.hub_resources, resources::HUB_RESOURCES);
        assert_eq!(summary.resources, planned.resources.resources.len());
        let stored: Vec<resources::ResourceRow> = run_query!(db, |conn| {
            app::db::schema::resources::table
                .order(app::db::schema::resources::id)
                .select(resources::ResourceRow::as_select())
                .load(conn)
                .await
        })
        .unwrap();
        assert_eq!(stored, planned.resources.resources);
        let as_member = app::programs::SpaceMember {
            user_id: viewer.id,
            role: None,
            manager: false,
        };
        let hub = app::resources::store::library(db, None, &as_member)
            .await
            .unwrap();
        assert_eq!(hub.items.len(), resources::HUB_RESOURCES);
        assert_eq!(hub.sections.len(), 8);
        let as_mentee = app::programs::SpaceMember {
            role: Some(Role::Mentee),
            ..as_member
        };
        let program = app::resources::store::library(db, Some(1), &as_mentee)
            .await
            .unwrap();
        assert!(program
            .items
            .iter()
            .all(|row| row.audience != app::programs::Audience::Mentors));
        assert!(!program.items.is_empty());
    }
    for (test_db, other) in databases.iter().zip(&digests).skip(1) {
        assert!(
            *other == digests[0],
            "{} differs from the first SQLite database",
            test_db.db.backend()
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn refuses_a_database_with_accounts_and_writes_nothing() {
    for test_db in [Some(TestDb::sqlite().await), TestDb::postgres().await]
        .into_iter()
        .flatten()
    {
        let db = &test_db.db;
        let seed_session = accounts::SessionSeed {
            token_hash: "t".into(),
            user_agent: String::new(),
            ip_address: String::new(),
        };
        accounts::sign_up(
            db,
            "Real",
            "real@example.org",
            "h",
            &seed_session,
            false,
            base_time(),
        )
        .await
        .unwrap();
        let before = count(db).await;
        let message = seed(db, &SMALL).await.unwrap_err();
        assert!(message.contains("already has 1 accounts"), "{message}");
        assert_eq!(count(db).await, before);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_app_inserts_after_seeding_without_duplicate_ids() {
    for test_db in [Some(TestDb::sqlite().await), TestDb::postgres().await]
        .into_iter()
        .flatten()
    {
        let db = &test_db.db;
        seed(db, &SMALL).await.unwrap();
        let now = chrono::Utc::now().naive_utc();
        let seed_session = accounts::SessionSeed {
            token_hash: "new-session".into(),
            user_agent: String::new(),
            ip_address: String::new(),
        };
        let user = accounts::sign_up(db, "New", "new@example.org", "h", &seed_session, true, now)
            .await
            .unwrap();
        assert_eq!(user.id, 101, "{}", db.backend());
        let program = programs_store::create_program(
            db,
            ProgramSettings {
                name: "A new program".into(),
                slug: "a-new-program".into(),
                summary: "Made after seeding.".into(),
                ..Default::default()
            },
            user.id,
            now,
        )
        .await
        .unwrap();
        assert_eq!(program.id, 21, "{}", db.backend());
        // A new application and its answers, in program-0001.
        let questions = programs_store::list_questions(db, 1, Some(Role::Mentee))
            .await
            .unwrap();
        let mut answers = Answers::new();
        for question in &questions {
            // (not `.first()`: diesel's query methods are in scope)
            let value = <[String]>::first(&question.options)
                .cloned()
                .unwrap_or_else(|| match question.kind {
                    QuestionKind::YesNo => "yes".into(),
                    QuestionKind::Number => "3".into(),
                    _ => "An answer.".into(),
                });
            answers.insert(question.id, value);
        }
        let outcome = programs_store::submit_application(
            db,
            1,
            user.id,
            &ApplicationForm {
                role: Role::Mentee,
                answers,
                invitation_token: None,
            },
            now,
        )
        .await
        .unwrap();
        assert_eq!(outcome.membership_id, 351, "{}", db.backend());
        assert_eq!(outcome.status, MembershipStatus::Pending);
        // Discussion: the new program's space, a question, an answer and a
        // comment take the next ids.
        let planned = plan(&SMALL, "h").unwrap().discussion;
        let actor = actor_of(&user);
        let (space, _) =
            discussion_store::space_info(db, Some((21, "a-new-program")), "New", Some(&actor), now)
                .await
                .unwrap();
        assert_eq!(space.id, 22, "{}", db.backend());
        let question = discussion_store::NewQuestion {
            title: "A question after seeding".into(),
            body: "Does it take the next id?".into(),
            tags: vec!["Goals".into()],
            anonymous: false,
            key: "after-seeding".into(),
        };
        let thread = discussion_store::ask(db, discussion::HUB_SPACE, &actor, &question, now)
            .await
            .unwrap();
        assert_eq!(
            thread as usize,
            planned.threads.len() + 1,
            "{}",
            db.backend()
        );
        let other = accounts::find_by_email(db, "member00001@scale.example")
            .await
            .unwrap()
            .unwrap()
            .current_user();
        let answer = discussion_store::NewAnswer {
            body: "It does.".into(),
            anonymous: false,
            key: "answer-after-seeding".into(),
        };
        let answer = discussion_store::answer(
            db,
            discussion::HUB_SPACE,
            thread,
            &actor_of(&other),
            &answer,
            "https://hub.example.org/discussion",
            now,
        )
        .await
        .unwrap();
        assert_eq!(answer as usize, planned.posts.len() + 2, "{}", db.backend());
        let comment = discussion_store::NewComment {
            body: "Thanks.".into(),
            anonymous: false,
            key: "comment-after-seeding".into(),
        };
        let comment =
            discussion_store::comment(db, discussion::HUB_SPACE, answer, &actor, &comment, now)
                .await
                .unwrap();
        assert_eq!(
            comment as usize,
            planned.comments.len() + 1,
            "{}",
            db.backend()
        );
        let planned = plan(&SMALL, "h").unwrap().events;
        event_tests::the_app_registers_after_seeding(db, &user, &planned).await;
    }
}
