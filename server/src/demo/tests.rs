//! The demo seeding on both databases: what an empty hub gets, and that a
//! hub with an account gets nothing.

use super::*;
use app::{
    accounts::policy,
    db::{
        schema::{
            application_answers, event_registrations, events as event_rows, memberships,
            program_admins, program_invitations, programs as program_rows, registration_questions,
            sessions, user_tags,
        },
        testing::on_both_backends,
    },
    error::FieldErrors,
    programs::MatchingMode,
};
use std::collections::BTreeSet;

const SITE: &str = "http://127.0.0.1:3000";

/// Rows per table that seeding writes to.
#[derive(Debug, PartialEq, Eq)]
struct Counts {
    users: i64,
    sessions: i64,
    tags: i64,
    programs: i64,
    program_admins: i64,
    questions: i64,
    invitations: i64,
    memberships: i64,
    answers: i64,
    outbox: i64,
    events: i64,
    registrations: i64,
}

async fn counts(db: &Db) -> Counts {
    let counts: Result<Counts, AppError> = async {
        Ok(run_query!(db, |conn| {
            Ok::<_, AppError>(Counts {
                users: users::table.count().get_result(conn).await?,
                sessions: sessions::table.count().get_result(conn).await?,
                tags: user_tags::table.count().get_result(conn).await?,
                programs: program_rows::table.count().get_result(conn).await?,
                program_admins: program_admins::table.count().get_result(conn).await?,
                questions: registration_questions::table
                    .count()
                    .get_result(conn)
                    .await?,
                invitations: program_invitations::table.count().get_result(conn).await?,
                memberships: memberships::table.count().get_result(conn).await?,
                answers: application_answers::table.count().get_result(conn).await?,
                outbox: outbox::table.count().get_result(conn).await?,
                events: event_rows::table.count().get_result(conn).await?,
                registrations: event_registrations::table.count().get_result(conn).await?,
            })
        })?)
    }
    .await;
    counts.unwrap()
}

/// `(status, matching mode, approval, listed)` of every program.
async fn program_kinds(db: &Db) -> Vec<(String, String, String, bool)> {
    let rows: Result<_, AppError> = async {
        Ok(run_query!(db, |conn| {
            program_rows::table
                .order(program_rows::id)
                .select((
                    program_rows::status,
                    program_rows::matching_mode,
                    program_rows::approval,
                    program_rows::listed,
                ))
                .load(conn)
                .await
        })?)
    }
    .await;
    rows.unwrap()
}

/// `(status, decision message)` of every membership.
async fn membership_statuses(db: &Db) -> Vec<(String, Option<String>)> {
    let rows: Result<_, AppError> = async {
        Ok(run_query!(db, |conn| {
            memberships::table
                .select((memberships::status, memberships::decision_message))
                .load(conn)
                .await
        })?)
    }
    .await;
    rows.unwrap()
}

async fn all_emails(db: &Db) -> Vec<String> {
    let rows: Result<_, AppError> = async {
        Ok(run_query!(db, |conn| {
            users::table.select(users::email).load(conn).await
        })?)
    }
    .await;
    rows.unwrap()
}

#[test]
fn demo_passwords_are_random_and_pass_the_password_policy() {
    let admin = random_password().unwrap();
    let member = random_password().unwrap();
    assert_ne!(admin, member);
    assert_eq!(admin.len(), 23, "{admin}");
    let mut errors = FieldErrors::new();
    policy::check_password(&mut errors, "admin", &admin, ADMIN.name, ADMIN_EMAIL);
    for person in PEOPLE {
        policy::check_password(
            &mut errors,
            person.key,
            &member,
            person.name,
            &person.email(),
        );
    }
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn every_placeholder_of_the_texts_is_filled_in() {
    let now = app::email::store::now();
    let abouts = [
        data_careers::about(now, now),
        leadership_circle::about(now, now),
        rust_foundations::about(now),
        product_design::about(now),
        first_contributions::about(now),
    ];
    for about in &abouts {
        assert!(!about.contains(['{', '}']), "{about}");
        assert!(!about.ends_with('\n'));
    }
    for person in std::iter::once(&ADMIN).chain(PEOPLE) {
        let bio = text(person.bio);
        assert!(!bio.is_empty() && !bio.ends_with('\n'), "{}", person.key);
    }
}

async fn admin_id(db: &Db) -> i64 {
    accounts::find_by_email(db, ADMIN_EMAIL)
        .await
        .unwrap()
        .unwrap()
        .id
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_hub_is_seeded_once() {
    on_both_backends(|db| async move {
        let now = app::email::store::now();
        let demo = seed_if_empty(
            &db,
            SITE,
            &app::discussion::seal::SecretKey::from_bytes([5; 32]),
            &demo_files(),
            now,
        )
        .await
        .unwrap()
        .expect("an empty hub gets demo data");
        // The libraries: the hub's four resources in two sections, Rust
        // Foundations' three of which a mentor sees two.
        let admin = app::programs::SpaceMember {
            user_id: admin_id(&db).await,
            role: None,
            manager: true,
        };
        let hub_library = app::resources::store::library(&db, None, &admin)
            .await
            .unwrap();
        assert_eq!(
            (hub_library.items.len(), hub_library.sections.len()),
            (4, 2)
        );
        let rust = app::programs::store::program_by_slug(&db, "rust-foundations")
            .await
            .unwrap();
        let as_mentor = app::programs::SpaceMember {
            role: Some(app::programs::Role::Mentor),
            manager: false,
            ..admin.clone()
        };
        let rust_library = app::resources::store::library(&db, Some(rust.id), &as_mentor)
            .await
            .unwrap();
        let kinds: Vec<_> = rust_library.items.iter().map(|row| row.kind).collect();
        assert_eq!(kinds.len(), 2, "{kinds:?}");
        let seeded = counts(&db).await;
        assert_eq!(
            seeded,
            Counts {
                users: 13,
                // The sessions sign-up opens are all ended.
                sessions: 0,
                tags: 50,
                programs: 5,
                program_admins: 1,
                questions: 24,
                invitations: 1,
                memberships: 19,
                answers: 47,
                // Twelve decision emails and the hack day's cancellation
                // were queued and discarded.
                outbox: 0,
                events: 12,
                registrations: 44,
            },
            "{db:?}"
        );
        assert_eq!(demo.members, PEOPLE.len());
        assert_eq!(demo.programs, 5);

        // The hub's discussion: answered (accepted), unanswered, and an
        // anonymous question with answers; Rust Foundations has its own.
        {
            use app::discussion::{store, ThreadFilters};
            let key = app::discussion::seal::SecretKey::from_bytes([5; 32]);
            let viewer = store::Actor {
                user_id: admin_id(&db).await,
                name: "admin".into(),
                moderator: true,
                key,
            };
            let (_, hub) = store::space_info(&db, None, "Hub", Some(&viewer), now)
                .await
                .unwrap();
            let list = store::thread_list(&db, hub, &viewer, ThreadFilters::default())
                .await
                .unwrap();
            assert_eq!(list.total, 3, "{db:?}");
            assert!(list.threads.iter().any(|t| t.has_accepted), "{db:?}");
            assert!(list.threads.iter().any(|t| t.answers == 0), "{db:?}");
            let anonymous = list.threads.iter().find(|t| t.author.anonymous).unwrap();
            assert_eq!(anonymous.answers, 2, "{db:?}");
            assert_eq!(anonymous.author.name, "Anonymous member");
        }
        the_events_are_there(&db, now).await;
        assert!(all_emails(&db)
            .await
            .iter()
            .all(|email| email.ends_with("@demo.mentorhub.example")));

        // The admin and the member the log shows can sign in.
        let admin = accounts::find_by_email(&db, &demo.admin_email)
            .await
            .unwrap()
            .unwrap();
        assert!(admin.is_hub_admin && admin.deactivated_at.is_none());
        assert!(
            !demo.admin_password.contains("demo"),
            "not a published password"
        );
        assert!(security::verify_password(
            demo.admin_password.clone(),
            Some(admin.password_hash.clone())
        )
        .await
        .unwrap());
        let member = accounts::find_by_email(&db, &demo.member_email)
            .await
            .unwrap()
            .unwrap();
        assert!(!member.is_hub_admin);
        assert_eq!(member.name, demo.member_name);
        assert!(security::verify_password(
            demo.member_password.clone(),
            Some(member.password_hash)
        )
        .await
        .unwrap());
        let profile = accounts::load_profile(&db, member.id).await.unwrap();
        assert_eq!(profile.time_zone, "Asia/Kolkata");
        assert_eq!(profile.languages, ["English", "Tamil", "Hindi"]);
        assert_eq!(profile.expertise.len(), 4);
        assert!(profile.bio.contains("**As a mentor**"));

        let hub = hub::store::load(&db).await.unwrap();
        assert_eq!(hub.hub_name, "Open Mentoring Collective");

        // Programs in every state but one twice, all three matching
        // modes, both approvals, one unlisted.
        let kinds = program_kinds(&db).await;
        let statuses: BTreeSet<&str> = kinds.iter().map(|k| k.0.as_str()).collect();
        assert_eq!(
            statuses,
            BTreeSet::from(["archived", "closed", "draft", "open"]),
            "{kinds:?}"
        );
        let modes: BTreeSet<&str> = kinds.iter().map(|k| k.1.as_str()).collect();
        let all_modes: BTreeSet<&str> = MatchingMode::ALL.iter().map(|m| m.as_str()).collect();
        assert_eq!(modes, all_modes);
        let approvals: BTreeSet<&str> = kinds.iter().map(|k| k.2.as_str()).collect();
        assert_eq!(approvals, BTreeSet::from(["automatic", "manual"]));
        assert_eq!(kinds.iter().filter(|k| !k.3).count(), 1);

        let memberships = membership_statuses(&db).await;
        let with_status = |status: &str| {
            memberships
                .iter()
                .filter(|(s, _)| s == status)
                .collect::<Vec<_>>()
        };
        assert_eq!(with_status("approved").len(), 15, "{memberships:?}");
        assert_eq!(with_status("pending").len(), 3);
        assert_eq!(demo.pending_applications, 3);
        let declined = with_status("declined");
        assert_eq!(declined.len(), 1);
        assert!(declined[0].1.as_deref().unwrap().starts_with("Thank you"));

        // The logged invitation link opens the closed circle.
        let token = demo
            .invitation_url
            .strip_prefix(&format!("{SITE}/join/"))
            .expect("an invitation URL on the site");
        let link = programs::find_invitation(&db, token, now).await.unwrap();
        assert_eq!(link.program.settings.slug, "leadership-circle");
        assert_eq!(link.program.settings.status, ProgramStatus::Closed);
        assert_eq!(link.invitation.uses, 1);

        // Mentoring in every mode: a pair matched by hand and mentees
        // waiting for cohort matching where admins match; requests
        // accepted, declined and waiting where mentees ask; favorites
        // where mentees favorite.
        let rust = programs::program_by_slug(&db, "rust-foundations")
            .await
            .unwrap();
        let page = app::mentors::store::matching_page(&db, &rust, now)
            .await
            .unwrap();
        assert_eq!(page.mentorships.len(), 0, "{page:?}");
        assert!(page.unmatched.len() >= 2, "{page:?}");
        assert!(page.mentors.iter().any(|m| m.places.has_room()), "{page:?}");
        let design = programs::program_by_slug(&db, "women-in-product-design")
            .await
            .unwrap();
        let page = app::mentors::store::matching_page(&db, &design, now)
            .await
            .unwrap();
        assert_eq!(page.mentorships.len(), 1, "{page:?}");
        let requested: i64 = page.unmatched.iter().map(|m| m.requests_sent).sum();
        assert!(requested >= 1, "a request waits: {page:?}");
        let circle = programs::program_by_slug(&db, "leadership-circle")
            .await
            .unwrap();
        let page = app::mentors::store::matching_page(&db, &circle, now)
            .await
            .unwrap();
        assert!(
            page.unmatched.iter().any(|m| !m.favorites.is_empty()),
            "{page:?}"
        );
        assert_eq!(page.mentorships.len(), 1, "{page:?}");

        // A second start finds accounts and changes nothing.
        assert_eq!(
            seed_if_empty(
                &db,
                SITE,
                &app::discussion::seal::SecretKey::from_bytes([5; 32]),
                &demo_files(),
                now
            )
            .await
            .unwrap(),
            None
        );
        assert_eq!(counts(&db).await, seeded);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hub_with_an_account_is_left_alone() {
    on_both_backends(|db| async move {
        let now = app::email::store::now();
        let seed = accounts::SessionSeed {
            token_hash: "t".into(),
            user_agent: String::new(),
            ip_address: String::new(),
        };
        accounts::sign_up(
            &db,
            "Real Admin",
            "admin@example.org",
            "h",
            &seed,
            false,
            now,
        )
        .await
        .unwrap();
        let before = counts(&db).await;
        assert_eq!(
            seed_if_empty(
                &db,
                SITE,
                &app::discussion::seal::SecretKey::from_bytes([5; 32]),
                &demo_files(),
                now
            )
            .await
            .unwrap(),
            None
        );
        assert_eq!(counts(&db).await, before);
        assert_eq!(before.users, 1);
        assert_eq!(before.programs, 0);
        assert_eq!(hub::store::load(&db).await.unwrap(), HubSettings::default());
    })
    .await;
}

#[test]
fn the_circle_calls_are_first_tuesdays_around_now() {
    use chrono::Datelike;
    let mut now = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap()
        .and_hms_opt(23, 30, 0)
        .unwrap();
    for _ in 0..800 {
        let (last, next) = events::circle_calls(now);
        for day in [last, next] {
            assert_eq!(day.weekday(), chrono::Weekday::Tue, "{now}");
            assert!(day.day() <= 7, "{now}: {day}");
        }
        assert!(last <= now.date() - Duration::days(2), "{now}: {last}");
        assert!(last > now.date() - Duration::days(40), "{now}: {last}");
        assert!(next >= now.date() + Duration::days(2), "{now}: {next}");
        assert!(next < now.date() + Duration::days(40), "{now}: {next}");
        now += Duration::hours(13);
    }
}

fn email_of(key: &str) -> String {
    PEOPLE
        .iter()
        .find(|person| person.key == key)
        .expect("one of PEOPLE")
        .email()
}

/// The events: one of each kind the pages show, their counts what their
/// registrations say, and the members' lists (the pages' query) with what
/// each may see.
async fn the_events_are_there(db: &Db, now: NaiveDateTime) {
    use app::events::{
        store::{list_events, EventRow, Member, Space, When},
        Audience, EventFormat, EventState, RegistrationStatus as Status,
    };
    type Registration = (i64, Status, Option<i64>, NaiveDateTime, NaiveDateTime);
    let loaded: Result<_, AppError> = async {
        Ok(run_query!(db, |conn| {
            let rows: Vec<EventRow> = event_rows::table
                .order(event_rows::id)
                .select(EventRow::as_select())
                .load(conn)
                .await?;
            let registrations: Vec<Registration> = event_registrations::table
                .order(event_registrations::id)
                .select((
                    event_registrations::event_id,
                    event_registrations::status,
                    event_registrations::ticket,
                    event_registrations::created_at,
                    event_registrations::updated_at,
                ))
                .load(conn)
                .await?;
            Ok::<_, AppError>((rows, registrations))
        })?)
    }
    .await;
    let (rows, registrations) = loaded.unwrap();
    let of = |event: &EventRow| {
        registrations
            .iter()
            .filter(|r| r.0 == event.id)
            .map(|r| (r.1, r.2))
            .collect::<Vec<_>>()
    };
    for (event_id, status, _, registered, changed) in &registrations {
        let event = rows.iter().find(|e| e.id == *event_id).unwrap();
        // Registered before it started; checked in after it ended.
        assert!(event.created_at < *registered && *registered < event.starts_at);
        if matches!(status, Status::Attended | Status::NoShow) {
            assert!(
                event.ends_at < *changed && *changed < now,
                "{}",
                event.title
            );
        }
    }
    for event in &rows {
        let mine = of(event);
        let taken = mine.iter().filter(|r| r.0.takes_place()).count();
        let mut tickets: Vec<i64> = mine
            .iter()
            .filter(|r| r.0 == Status::Waitlisted)
            .map(|r| r.1.expect("a waitlisted row has a ticket"))
            .collect();
        tickets.sort_unstable();
        assert_eq!(event.taken as usize, taken, "{}", event.title);
        assert_eq!(event.waiting as usize, tickets.len(), "{}", event.title);
        assert_eq!(event.last_ticket, tickets.last().copied().unwrap_or(0));
        assert_eq!(tickets, (1..=tickets.len() as i64).collect::<Vec<_>>());
        assert!(event.capacity.is_none_or(|c| event.taken <= c));
        assert!(!event.description_html.is_empty() && event.created_at < event.starts_at);
    }
    let past = |e: &EventRow| e.ends_at <= now;
    let upcoming = |e: &EventRow| e.starts_at > now;
    let hub: Vec<&EventRow> = rows.iter().filter(|e| e.program_id.is_none()).collect();
    let program: Vec<&EventRow> = rows.iter().filter(|e| e.program_id.is_some()).collect();
    for space in [&hub, &program] {
        assert!(space.iter().any(|e| past(e)) && space.iter().any(|e| upcoming(e)));
        // A past event with its check-in done.
        assert!(space.iter().filter(|e| past(e)).any(|e| {
            let marks = of(e);
            marks.iter().any(|r| r.0 == Status::Attended)
                && marks.iter().any(|r| r.0 == Status::NoShow)
        }));
    }
    let full = rows
        .iter()
        .find(|e| e.is_full() && e.waiting > 0)
        .expect("a full event with a waitlist");
    assert!(full.keeps_waitlist && upcoming(full) && full.waiting == 2);
    assert!(rows.iter().any(|e| e.format == EventFormat::Online
        && e.online_link.starts_with("https://meet.example.org/")
        && e.address.is_empty()));
    assert!(rows.iter().any(|e| e.format == EventFormat::InPerson
        && !e.address.is_empty()
        && e.online_link.is_empty()));
    assert!(rows.iter().any(|e| e.format == EventFormat::Both));
    assert!(program.iter().any(|e| e.audience == Audience::Mentors));
    assert!(rows
        .iter()
        .any(|e| e.registration_opens_at.is_some_and(|at| at > now)));
    let cancelled: Vec<_> = rows
        .iter()
        .filter(|e| e.state == EventState::Cancelled)
        .collect();
    assert_eq!(cancelled.len(), 1);
    assert!(cancelled[0].cancelled_at.is_some_and(|at| at < now));
    let zones: BTreeSet<&str> = rows.iter().map(|e| e.time_zone.as_str()).collect();
    assert!(zones.len() >= 6, "{zones:?}");

    // The hub's lists for a member: the upcoming ones (the cancelled one
    // still shown), and the past one.
    let find = |key: &str| {
        let email = email_of(key);
        async move { accounts::find_by_email(db, &email).await.unwrap().unwrap() }
    };
    let hanna = find("hanna").await;
    let viewer = |user_id: i64, role: Option<Role>| Member {
        user_id,
        role,
        manager: false,
    };
    let hub_space = Space {
        program_id: None,
        slug: String::new(),
        name: "Open Mentoring Collective".into(),
    };
    let list = |space: &Space, member: &Member, when: When| {
        let (space, member) = (space.clone(), member.clone());
        async move {
            list_events(db, &space, &member, when, 1, 20, now)
                .await
                .unwrap()
        }
    };
    let (soon, total) = list(&hub_space, &viewer(hanna.id, None), When::Upcoming).await;
    assert_eq!(total, 5, "{soon:?}");
    let hers: Vec<Option<Status>> = soon.iter().map(|(_, status)| *status).collect();
    assert_eq!(
        hers.iter()
            .filter(|s| **s == Some(Status::Registered))
            .count(),
        2,
        "the hub hour and the portfolio evening: {hers:?}"
    );
    let (_, total) = list(&hub_space, &viewer(hanna.id, None), When::Past).await;
    assert_eq!(total, 1);

    // Rust Foundations: the kickoff on the day its About page gives; the
    // mentors' sync for mentors only.
    let rust = programs::program_by_slug(db, "rust-foundations")
        .await
        .unwrap();
    let rust_space = Space {
        program_id: Some(rust.id),
        slug: rust.settings.slug.clone(),
        name: rust.settings.name.clone(),
    };
    let (mentee_view, _) = list(
        &rust_space,
        &viewer(hanna.id, Some(Role::Mentee)),
        When::Upcoming,
    )
    .await;
    let priya = find("priya").await;
    let (mentor_view, _) = list(
        &rust_space,
        &viewer(priya.id, Some(Role::Mentor)),
        When::Upcoming,
    )
    .await;
    assert_eq!((mentee_view.len(), mentor_view.len()), (1, 2));
    let kickoff = &mentee_view[0].0;
    assert!(rust.settings.about_md.contains(&day(kickoff.starts_local)));
    assert_eq!(mentee_view[0].1, Some(Status::Registered));
}

/// A fresh folder for the demo's files.
fn demo_files() -> app::resources::storage::FileStore {
    let folder = std::env::temp_dir().join(format!(
        "mentorhub-demo-files-{}",
        uuid::Uuid::new_v4().simple()
    ));
    app::resources::storage::FileStore::open(Some(&folder.display().to_string()), &folder).unwrap()
}
