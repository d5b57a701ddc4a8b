//! No page's database work grows with the data: the program directory, a
//! program's home page and the applications queue run the same number of
//! queries with 5 programs (applications) as with 200, on both databases.
//! The server counts each request's queries (`app::db::count`, on in test
//! builds) and reports them in `x-db-queries`.

mod support;

use support::{on_both_backends, Member, TestServer};

fn queries(reply: &support::Reply) -> usize {
    reply
        .header(app::db::count::QUERIES_HEADER)
        .unwrap_or_else(|| panic!("no query count: {reply:?}"))
        .parse()
        .unwrap()
}

fn checkouts(reply: &support::Reply) -> usize {
    reply
        .header(app::db::count::CHECKOUTS_HEADER)
        .unwrap_or_else(|| panic!("no checkout count: {reply:?}"))
        .parse()
        .unwrap()
}

/// The queries of `path` for `who`, the least of three requests: a
/// request may also refresh the hub settings or touch the session, each
/// now and then.
async fn least_of_three(server: &TestServer, path: String, who: &Member) -> usize {
    let mut least = usize::MAX;
    for _ in 0..3 {
        least = least.min(queries(&server.fetch(&path, who.cookie()).await));
    }
    least
}

/// `n` members named `<Label> <i>` with addresses `<label><i>@example.org`
/// (`i` zero-padded to `width`), signed up.
async fn numbered_members(server: &TestServer, label: &str, n: usize, width: usize) -> Vec<Member> {
    let people: Vec<(String, String)> = (0..n)
        .map(|i| {
            (
                format!("{label} {i:0width$}"),
                format!("{}{i:0width$}@example.org", label.to_lowercase()),
            )
        })
        .collect();
    let people: Vec<(&str, &str)> = people
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    server.add_members(&people).await
}

async fn create_program(server: &TestServer, admin: &Member, n: usize) -> (i64, String) {
    let slug = format!("program-{n:03}");
    let program = server
        .create_program(admin, &format!("Program {n:03}"), &slug)
        .await;
    (program["id"].as_i64().unwrap(), slug)
}

/// The queries of the three pages, as the member and as the admin.
async fn counts(server: &TestServer, admin: &Member, member: &Member, slug: &str) -> [usize; 4] {
    // Each page twice in a row, the fewer counted: the hub settings are
    // kept for a few seconds, and whichever request finds them expired
    // reads them again (at most one of two requests a moment apart).
    let least = |path: String, who: &Member| {
        let cookie = who.cookie().map(str::to_owned);
        async move {
            let first = queries(&server.fetch(&path, cookie.as_deref()).await);
            let second = queries(&server.fetch(&path, cookie.as_deref()).await);
            first.min(second)
        }
    };
    [
        least("/programs".into(), member).await,
        least("/programs".into(), admin).await,
        least(format!("/programs/{slug}"), member).await,
        least(format!("/programs/{slug}/admin/applications"), admin).await,
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_run_as_many_queries_for_200_programs_and_applications_as_for_5() {
    on_both_backends(|server| async move {
        let (admin, member) = support::admin_and_member(&server).await;
        let (first_id, first_slug) = create_program(&server, &admin, 0).await;
        for n in 1..5 {
            create_program(&server, &admin, n).await;
        }
        let applicants: Vec<(String, String)> = (0..200)
            .map(|n| (format!("Applicant {n:03}"), format!("applicant{n:03}@example.org")))
            .collect();
        let people: Vec<(&str, &str)> = applicants
            .iter()
            .map(|(name, email)| (name.as_str(), email.as_str()))
            .collect();
        let applicants = server.add_members(&people).await;
        let program_id = first_id.to_string();
        let join = [("program_id", program_id.as_str()), ("role", "mentee")];
        for who in &applicants[..5] {
            server.post("programs/join", who.cookie(), &join).await.expect(200);
        }
        // Once to warm up (a first request may do one-off work, such as
        // touching its session), then counted.
        counts(&server, &admin, &member, &first_slug).await;
        let small = counts(&server, &admin, &member, &first_slug).await;

        for n in 5..200 {
            create_program(&server, &admin, n).await;
        }
        for who in &applicants[5..] {
            server.post("programs/join", who.cookie(), &join).await.expect(200);
        }
        let large = counts(&server, &admin, &member, &first_slug).await;
        assert_eq!(
            small, large,
            "{}: queries of [directory as member, directory as admin, program home, applications queue]",
            server.backend()
        );
        // The counts are real: the queue with 200 applications did run.
        assert!(large.iter().all(|&n| n > 0), "{large:?}");
        let queue = server
            .post("programs/applications", admin.cookie(), &[("program_id", &first_id.to_string())])
            .await;
        assert_eq!(queue.json().as_array().map(Vec::len), Some(200), "{}", server.backend());
        println!("{}: queries per page {large:?}", server.backend());

        // One connection per server function: a call from the browser takes
        // one checkout however many queries it runs.
        for (function, args) in [
            ("programs/applications", vec![("program_id", first_id.to_string())]),
            ("programs/directory", vec![("search", String::new())]),
            ("programs/page", vec![("slug", first_slug.clone())]),
        ] {
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let reply = server.post(function, admin.cookie(), &args).await;
            reply.expect(200);
            assert!(queries(&reply) > 1, "{function}: {reply:?}");
            assert_eq!(checkouts(&reply), 1, "{function} on {}", server.backend());
        }
    })
    .await;
}

/// A page render asks several server functions, each of which starts with
/// the program guard; the render looks the program and the viewer's access
/// up once (`app::programs::guard::PageSnapshot`). Called on their own, as
/// the hydrated app calls them, each function reads them itself.
#[tokio::test(flavor = "multi_thread")]
async fn a_page_render_looks_the_program_and_the_viewers_access_up_once() {
    on_both_backends(|server| async move {
        let (admin, _member) = support::admin_and_member(&server).await;
        let (id, slug) = create_program(&server, &admin, 0).await;
        let id = id.to_string();
        let alone = |function: &'static str, args: Vec<(&'static str, String)>| {
            let server = &server;
            let cookie = admin.cookie().map(str::to_owned);
            async move {
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let reply = server.post(function, cookie.as_deref(), &args).await;
                reply.expect(200);
                queries(&reply)
            }
        };
        // The applications page renders with these two.
        let managed = alone("programs/manage", vec![("slug", slug.clone())]).await;
        let listed = alone("programs/applications", vec![("program_id", id.clone())]).await;
        let path = format!("/programs/{slug}/admin/applications");
        let first = queries(&server.fetch(&path, admin.cookie()).await);
        let second = queries(&server.fetch(&path, admin.cookie()).await);
        let page = first.min(second);
        // The second function's session lookup (one per request), program
        // row and the two access queries are not run again.
        assert_eq!(
            page,
            managed + listed - 4,
            "{}: page {page}, functions {managed} + {listed}",
            server.backend()
        );
    })
    .await;
}

/// `mentors` join the program as mentors, are approved, and `mentee`
/// marks each as a favorite.
async fn add_mentors(
    server: &TestServer,
    admin: &Member,
    mentee: &Member,
    program_id: i64,
    mentors: &[Member],
) {
    let id = program_id.to_string();
    for mentor in mentors {
        let reply = server
            .post(
                "programs/join",
                mentor.cookie(),
                &[("program_id", id.as_str()), ("role", "mentor")],
            )
            .await;
        let membership = reply.expect(200).json()["membership_id"]
            .as_i64()
            .unwrap()
            .to_string();
        server
            .post(
                "programs/decide",
                admin.cookie(),
                &[
                    ("program_id", id.as_str()),
                    ("membership_ids[]", membership.as_str()),
                    ("decision", "approve"),
                ],
            )
            .await
            .expect(200);
        let mentor_id = mentor.id();
        server
            .post(
                "mentors/favorite",
                mentee.cookie(),
                &[
                    ("program_id", id.as_str()),
                    ("mentor_id", mentor_id.as_str()),
                    ("on", "true"),
                ],
            )
            .await
            .expect(200);
    }
}

/// The Mentors tab and the matching page read a program's mentors whole,
/// in a fixed number of queries: the same for 5 mentors as for 60 (with
/// their favorites and mentorships), on both databases.
#[tokio::test(flavor = "multi_thread")]
async fn mentoring_pages_run_as_many_queries_for_60_mentors_as_for_5() {
    on_both_backends(|server| async move {
        let (admin, mentee) = support::admin_and_member(&server).await;
        let (program_id, slug) = create_program(&server, &admin, 0).await;
        let id = program_id.to_string();
        let join = |role: &'static str| [("program_id", id.clone()), ("role", role.to_owned())];
        let approve = |membership: i64| {
            vec![
                ("program_id", id.clone()),
                ("membership_ids[]", membership.to_string()),
                ("decision", "approve".to_owned()),
            ]
        };
        let joined = |reply: &support::Reply| reply.json()["membership_id"].as_i64().unwrap();
        let reply = server
            .post(
                "programs/join",
                mentee.cookie(),
                &support::form(&join("mentee")),
            )
            .await;
        let membership = joined(reply.expect(200));
        server
            .post(
                "programs/decide",
                admin.cookie(),
                &support::form(&approve(membership)),
            )
            .await
            .expect(200);

        let mentors = numbered_members(&server, "Mentor", 60, 3).await;
        add_mentors(&server, &admin, &mentee, program_id, &mentors[..5]).await;
        let pages = [
            (format!("/programs/{slug}/mentors?places=any"), &mentee),
            (format!("/programs/{slug}/admin/matching"), &admin),
        ];
        let mut small = Vec::new();
        for (path, who) in &pages {
            least_of_three(&server, path.clone(), who).await;
            small.push(least_of_three(&server, path.clone(), who).await);
        }
        add_mentors(&server, &admin, &mentee, program_id, &mentors[5..]).await;
        let mut large = Vec::new();
        for (path, who) in &pages {
            large.push(least_of_three(&server, path.clone(), who).await);
        }
        assert_eq!(
            small,
            large,
            "{}: [mentors tab, matching page]",
            server.backend()
        );
        assert!(large.iter().all(|&n| n > 3), "{large:?}");
        let tab = server
            .post(
                "mentors/tab",
                mentee.cookie(),
                &[("slug", slug.as_str()), ("places", "any")],
            )
            .await;
        assert_eq!(tab.json()["total"], 60, "{}", server.backend());
        assert_eq!(tab.json()["me"]["favorites"], 60, "{}", server.backend());
        assert_eq!(checkouts(&tab), 1, "{}", server.backend());
        println!("{}: mentoring queries per page {large:?}", server.backend());
    })
    .await;
}

/// Asks `count` questions in the hub's space, each answered once: five
/// questions per member of the first half of `people`, five answers per
/// member of the second (the posting limit is ten in ten minutes).
async fn ask_questions(
    server: &TestServer,
    people: &[Member],
    from: usize,
    count: usize,
) -> Vec<i64> {
    let mut threads = Vec::new();
    for n in from..from + count {
        let (asker, answerer) = (&people[n / 5], &people[people.len() / 2 + n / 5]);
        let reply = server
            .post(
                "discussion/ask",
                asker.cookie(),
                &[
                    ("space", ""),
                    ("title", &format!("Question number {n:03} about goals")),
                    ("body", "Some details."),
                    ("key", &format!("ask-{n}")),
                ],
            )
            .await;
        let thread = reply.expect(200).json().as_i64().unwrap();
        server
            .post(
                "discussion/answer",
                answerer.cookie(),
                &[
                    ("space", ""),
                    ("thread", &thread.to_string()),
                    ("answer", "An answer."),
                    ("key", &format!("answer-{n}")),
                ],
            )
            .await
            .expect(200);
        threads.push(thread);
    }
    threads
}

#[tokio::test(flavor = "multi_thread")]
async fn discussion_pages_run_as_many_queries_for_30_threads_as_for_2() {
    on_both_backends(|server| async move {
        let (_admin, reader) = support::admin_and_member(&server).await;
        let people = numbered_members(&server, "Poster", 12, 1).await;
        let first = ask_questions(&server, &people, 0, 2).await;
        let thread = format!("/discussion/{}", first[0]);
        let pages = [
            "/discussion".to_owned(),
            "/discussion?sort=active".to_owned(),
            "/discussion?sort=unanswered&scope=following".to_owned(),
            "/discussion?q=goals".to_owned(),
            thread.clone(),
        ];
        let count = |path: String| least_of_three(&server, path, &reader);
        let mut small = Vec::new();
        for path in &pages {
            small.push(count(path.clone()).await);
        }
        ask_questions(&server, &people, 2, 28).await;
        // The first thread gets more answers.
        for (n, member) in people[6..].iter().enumerate() {
            server
                .post(
                    "discussion/answer",
                    member.cookie(),
                    &[
                        ("space", ""),
                        ("thread", &first[0].to_string()),
                        ("answer", "Another answer."),
                        ("key", &format!("more-{n}")),
                    ],
                )
                .await
                .expect(200);
        }
        let mut large = Vec::new();
        for path in &pages {
            large.push(count(path.clone()).await);
        }
        assert_eq!(
            small,
            large,
            "{}: [list, active, unanswered following, search, thread]",
            server.backend()
        );
        let list = server
            .post("discussion/list", reader.cookie(), &[("space", "")])
            .await;
        assert_eq!(list.json()["total"], 30, "{}", server.backend());
        assert_eq!(checkouts(&list), 1, "{}", server.backend());
        let page = server
            .post(
                "discussion/thread",
                reader.cookie(),
                &[("space", ""), ("thread", &first[0].to_string())],
            )
            .await;
        assert_eq!(
            page.json()["answers"].as_array().map(Vec::len),
            Some(7),
            "{}",
            server.backend()
        );
        println!(
            "{}: discussion queries per page {large:?}",
            server.backend()
        );
    })
    .await;
}

/// Hub events `from..from + n` through the admin's form; their ids.
async fn plan_events(server: &TestServer, admin: &Member, from: usize, n: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    for i in from..from + n {
        let day = 1 + i % 28;
        let starts = format!("2030-03-{day:02}T18:00");
        let ends = format!("2030-03-{day:02}T20:00");
        let title = format!("Meetup {i}");
        let reply = server
            .post(
                "events/save",
                admin.cookie(),
                &[
                    ("space", ""),
                    ("event", "0"),
                    ("title", &title),
                    ("description", "Talks and **questions**."),
                    ("time_zone", "Europe/Berlin"),
                    ("starts", &starts),
                    ("ends", &ends),
                    ("format", "both"),
                    ("address", "Hall 1"),
                    ("online_link", "https://meet.example.org/x"),
                    ("capacity", "3"),
                    ("waitlist", "on"),
                ],
            )
            .await;
        reply.expect(200);
        ids.push(reply.json().as_i64().unwrap());
    }
    ids
}

/// `who` registers for the hub event `event`.
async fn register(server: &TestServer, who: &Member, event: i64) {
    let event = event.to_string();
    server
        .post(
            "events/register",
            who.cookie(),
            &[("space", ""), ("event", &event)],
        )
        .await
        .expect(200);
}

#[tokio::test(flavor = "multi_thread")]
async fn events_pages_run_as_many_queries_for_30_events_as_for_2() {
    on_both_backends(|server| async move {
        let (admin, member) = support::admin_and_member(&server).await;
        let people = numbered_members(&server, "Guest", 8, 1).await;
        let first = plan_events(&server, &admin, 0, 2).await;
        let event = first[0];
        register(&server, &member, event).await;
        let pages = [
            "/events".to_owned(),
            "/events?when=past".to_owned(),
            format!("/events/{event}"),
        ];
        let admin_page = format!("/events/{event}/attendees");
        let mut small = Vec::new();
        for path in &pages {
            small.push(least_of_three(&server, path.clone(), &member).await);
        }
        small.push(least_of_three(&server, admin_page.clone(), &admin).await);
        plan_events(&server, &admin, 2, 28).await;
        // Full, and a waitlist behind it.
        for guest in &people {
            register(&server, guest, event).await;
        }
        let mut large = Vec::new();
        for path in &pages {
            large.push(least_of_three(&server, path.clone(), &member).await);
        }
        large.push(least_of_three(&server, admin_page.clone(), &admin).await);
        assert_eq!(
            small,
            large,
            "{}: [list, past, event, attendees]",
            server.backend()
        );
        let list = server
            .post("events/list", member.cookie(), &[("space", "")])
            .await;
        assert_eq!(list.json()["total"], 30, "{}", server.backend());
        assert_eq!(checkouts(&list), 1, "{}", server.backend());
        let page = server
            .post(
                "events/attendees",
                admin.cookie(),
                &[("space", ""), ("event", &first[0].to_string())],
            )
            .await;
        let counts = &page.json()["counts"];
        assert_eq!(
            (counts["registered"].as_i64(), counts["waitlisted"].as_i64()),
            (Some(3), Some(6)),
            "{}: {counts}",
            server.backend()
        );
        println!("{}: events queries per page {large:?}", server.backend());
    })
    .await;
}

/// The member's home page: its blocks are limited in their queries, so
/// a member in twelve programs with eight events costs what a member in
/// two with one does, and so does their admin's page.
#[tokio::test(flavor = "multi_thread")]
async fn the_home_page_runs_as_many_queries_for_a_long_history_as_for_a_short_one() {
    on_both_backends(|server| async move {
        let (admin, member) = support::admin_and_member(&server).await;
        let events = plan_events(&server, &admin, 0, 8).await;
        let join = |n: usize| {
            let server = &server;
            let cookie = member.cookie().map(str::to_owned);
            let admin = admin.clone();
            async move {
                let (id, _) = create_program(server, &admin, n).await;
                let id = id.to_string();
                server
                    .post(
                        "programs/join",
                        cookie.as_deref(),
                        &[("program_id", &id), ("role", "mentee")],
                    )
                    .await
                    .expect(200);
            }
        };
        for n in 0..2 {
            join(n).await;
        }
        register(&server, &member, events[0]).await;
        let small = [
            least_of_three(&server, "/".into(), &member).await,
            least_of_three(&server, "/".into(), &admin).await,
        ];
        for n in 2..12 {
            join(n).await;
        }
        for event in &events[1..] {
            register(&server, &member, *event).await;
        }
        let large = [
            least_of_three(&server, "/".into(), &member).await,
            least_of_three(&server, "/".into(), &admin).await,
        ];
        assert_eq!(
            small,
            large,
            "{}: [member's home, admin's home]",
            server.backend()
        );
        // The data is there: the admin has twelve applications to decide
        // on, the member eight places.
        let home = server.post("home", member.cookie(), &[]).await;
        assert_eq!(
            home.json()["my_events"].as_array().map(Vec::len),
            Some(5),
            "{}",
            server.backend()
        );
        assert_eq!(home.json()["more_programs"], 7);
        assert_eq!(checkouts(&home), 1, "{}", server.backend());
        let home = server.post("home", admin.cookie(), &[]).await;
        assert_eq!(
            home.json()["decisions"].as_array().map(Vec::len),
            Some(5),
            "{}",
            server.backend()
        );
        println!("{}: home queries {large:?}", server.backend());
    })
    .await;
}

/// `n` pages in the hub's library, each in one of `sections`, through the
/// store (the form's multipart post is tested in `resources_api`).
async fn add_resources(
    server: &TestServer,
    admin: &Member,
    from: usize,
    n: usize,
    sections: &[i64],
) -> Vec<i64> {
    use app::resources::{rules::validate_resource, store, ResourceDraft};
    let db = &server.db.db;
    let now = chrono::Utc::now().naive_utc();
    let mut ids = Vec::new();
    for i in from..from + n {
        let draft = ResourceDraft {
            kind: "page".into(),
            title: format!("Guide number {i}"),
            body: format!("Notes on **topic {i}**."),
            section: sections
                .get(i % sections.len().max(1))
                .map(|id| id.to_string())
                .unwrap_or_default(),
            ..ResourceDraft::default()
        };
        let ids_of_sections = store::section_ids(db, None).await.unwrap();
        let valid = validate_resource(&draft, false, &ids_of_sections).unwrap();
        ids.push(
            store::create_resource(db, None, admin.id, &valid, None, now)
                .await
                .unwrap(),
        );
    }
    ids
}

/// The member's pages, then the admin's.
async fn measure(
    server: &TestServer,
    pages: &[String],
    admin_pages: &[String],
    admin: &Member,
    member: &Member,
) -> Vec<usize> {
    let mut counts = Vec::new();
    for path in pages {
        counts.push(least_of_three(server, path.clone(), member).await);
    }
    for path in admin_pages {
        counts.push(least_of_three(server, path.clone(), admin).await);
    }
    counts
}

#[tokio::test(flavor = "multi_thread")]
async fn resources_pages_run_as_many_queries_for_30_resources_as_for_2() {
    on_both_backends(|server| async move {
        use app::resources::store;
        let (admin, member) = support::admin_and_member(&server).await;
        let db = &server.db.db;
        let now = chrono::Utc::now().naive_utc();
        let first_section = store::add_section(db, None, "Basics", now).await.unwrap();
        let first = add_resources(&server, &admin, 0, 2, &[first_section]).await;
        let pages = ["/resources".to_owned(), format!("/resources/{}", first[0])];
        let admin_pages = [
            "/resources".to_owned(),
            format!("/resources/{}/edit", first[0]),
        ];
        let small = measure(&server, &pages, &admin_pages, &admin, &member).await;
        let mut sections = vec![first_section];
        for i in 0..4 {
            sections.push(
                store::add_section(db, None, &format!("Part {i}"), now)
                    .await
                    .unwrap(),
            );
        }
        add_resources(&server, &admin, 2, 28, &sections).await;
        let large = measure(&server, &pages, &admin_pages, &admin, &member).await;
        assert_eq!(
            small,
            large,
            "{}: [library, resource, admin's library, form]",
            server.backend()
        );
        let library = server
            .post("resources/library", member.cookie(), &[("space", "")])
            .await;
        let shown: usize = library.json()["sections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|section| section["items"].as_array().unwrap().len())
            .sum::<usize>()
            + library.json()["loose"].as_array().unwrap().len();
        assert_eq!(shown, 30, "{}", server.backend());
        assert_eq!(checkouts(&library), 1, "{}", server.backend());
        println!("{}: resources queries per page {large:?}", server.backend());
    })
    .await;
}
