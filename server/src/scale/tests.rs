use super::*;
use app::{
    accounts::store as accounts,
    db::{
        schema::{
            application_answers, memberships, program_admins, registration_questions, user_tags,
        },
        testing::TestDb,
    },
    discussion::{
        seal::SecretKey, store as discussion_store, PostKind, ThreadFilters, ThreadScope,
        ThreadSort,
    },
    programs::{
        store as programs_store, Answers, ApplicationForm, DirectoryQuery, MembershipStatus,
        ProgramSettings, QuestionKind, Role,
    },
};
use std::collections::{BTreeMap, BTreeSet};

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

/// The stored discussion rows, in the plan's order (the migration's hub
/// space left out).
async fn stored_discussion(db: &Db) -> discussion::Rows {
    use app::db::schema::*;
    use discussion::*;
    run_query!(db, |conn| {
        Ok::<_, AppError>(Rows {
            spaces: discussion_spaces::table
                .filter(discussion_spaces::id.ne(HUB_SPACE))
                .order(discussion_spaces::id)
                .select(SpaceRow::as_select())
                .load(conn)
                .await?,
            tags: discussion_tags::table
                .order(discussion_tags::id)
                .select(TagRow::as_select())
                .load(conn)
                .await?,
            threads: discussion_threads::table
                .order(discussion_threads::id)
                .select(ThreadRow::as_select())
                .load(conn)
                .await?,
            posts: discussion_posts::table
                .order(discussion_posts::id)
                .select(PostRow::as_select())
                .load(conn)
                .await?,
            thread_tags: discussion_thread_tags::table
                .order((
                    discussion_thread_tags::thread_id,
                    discussion_thread_tags::tag_id,
                ))
                .select(ThreadTagRow::as_select())
                .load(conn)
                .await?,
            votes: discussion_votes::table
                .order((discussion_votes::post_id, discussion_votes::user_id))
                .select(VoteRow::as_select())
                .load(conn)
                .await?,
            comments: discussion_comments::table
                .order(discussion_comments::id)
                .select(CommentRow::as_select())
                .load(conn)
                .await?,
            follows: discussion_follows::table
                .order((discussion_follows::thread_id, discussion_follows::user_id))
                .select(FollowRow::as_select())
                .load(conn)
                .await?,
        })
    })
    .unwrap()
}

/// The seeded discussion rows are the planned ones, table by table.
async fn assert_discussion_is_the_plan(db: &Db, planned: &discussion::Rows) {
    let stored = stored_discussion(db).await;
    let mut votes = planned.votes.clone();
    votes.sort_by_key(|v| (v.post_id, v.user_id));
    let backend = db.backend();
    assert!(stored.spaces == planned.spaces, "{backend}: spaces");
    assert!(stored.tags == planned.tags, "{backend}: tags");
    assert!(stored.threads == planned.threads, "{backend}: threads");
    assert!(stored.posts == planned.posts, "{backend}: posts");
    assert!(stored.thread_tags == planned.thread_tags, "{backend}: tags");
    assert!(stored.votes == votes, "{backend}: votes");
    assert!(stored.comments == planned.comments, "{backend}: comments");
    assert!(stored.follows == planned.follows, "{backend}: follows");
}

fn actor_of(user: &app::accounts::CurrentUser) -> discussion_store::Actor {
    discussion_store::Actor {
        user_id: user.id,
        name: user.name.clone(),
        moderator: false,
        key: SecretKey::from_bytes([7; 32]),
    }
}

/// The member's view of the seeded discussions: the hub's lists, the
/// thread `make bench` opens, search in the hub's space and in
/// program-0001's (which the app finds, not makes again).
async fn the_discussion_works(
    db: &Db,
    member: &app::accounts::CurrentUser,
    rows: &discussion::Rows,
) {
    let actor = actor_of(member);
    let (space, hub) = discussion_store::space_info(db, None, "Hub", Some(&actor), base_time())
        .await
        .unwrap();
    assert_eq!(space.id, discussion::HUB_SPACE);
    assert_eq!(hub.tags.len(), discussion::TAGS.len());
    let hub_threads: Vec<&discussion::ThreadRow> = rows
        .threads
        .iter()
        .filter(|t| t.space_id == discussion::HUB_SPACE)
        .collect();
    let list =
        |filters: ThreadFilters| discussion_store::thread_list(db, hub.clone(), &actor, filters);
    let newest = list(ThreadFilters::default()).await.unwrap();
    assert_eq!(newest.total, hub_threads.len() as i64);
    assert_eq!(newest.threads.len() as i64, newest.total.min(20));
    let latest = hub_threads.iter().map(|t| t.created_at).max().unwrap();
    assert_eq!(newest.threads[0].created_at, latest);
    assert!(newest
        .threads
        .iter()
        .all(|t| !t.tags.is_empty() && t.tags.len() <= 2));
    for (sort, expected) in [
        (
            ThreadSort::Unanswered,
            hub_threads.iter().filter(|t| t.answer_count == 0).count(),
        ),
        (
            ThreadSort::NoAccepted,
            hub_threads
                .iter()
                .filter(|t| t.accepted_post_id.is_none())
                .count(),
        ),
        (ThreadSort::Votes, hub_threads.len()),
    ] {
        let sorted = list(ThreadFilters {
            sort,
            ..Default::default()
        })
        .await
        .unwrap();
        assert_eq!(sorted.total, expected as i64, "{sort:?}");
    }
    let mine = list(ThreadFilters {
        scope: ThreadScope::Following,
        ..Default::default()
    })
    .await
    .unwrap();
    let asked = rows
        .follows
        .iter()
        .filter(|f| f.user_id == member.id && hub_threads.iter().any(|t| t.id == f.thread_id))
        .count();
    assert_eq!(mine.total, asked as i64);
    // /discussion/1
    let first = &rows.threads[0];
    assert_eq!(first.space_id, discussion::HUB_SPACE);
    let page = discussion_store::thread_page(db, hub.clone(), 1, &actor)
        .await
        .unwrap();
    assert_eq!(page.answers.len(), first.answer_count as usize);
    assert_eq!(page.question.score, first.score);
    assert_eq!(
        page.answers.iter().find(|a| a.accepted).map(|a| a.id),
        first.accepted_post_id
    );
    // Search (the bench's word, and a question by its title).
    let hits = discussion_store::search(db, discussion::HUB_SPACE, "goals").await;
    assert!(!hits.unwrap().is_empty(), "{}", db.backend());
    let program = Some((1, "program-0001"));
    let space = discussion_store::space_info(db, program, "P1", None, base_time()).await;
    let space = space.unwrap().0;
    assert_eq!(space.id, discussion::program_space(1));
    let question = rows
        .posts
        .iter()
        .find(|p| {
            p.kind == PostKind::Question
                && rows.threads[p.thread_id as usize - 1].space_id == space.id
        })
        .expect("program-0001 has questions");
    let hits = discussion_store::search(db, space.id, &question.title).await;
    let hits = hits.unwrap();
    assert!(
        hits.iter().any(|hit| hit.post_id == question.id),
        "{}: {:?} in {hits:?}",
        db.backend(),
        question.title
    );
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

/// The discussion rows of the default hub hold what the app would have
/// written: one question per thread, the thread's counters, votes by
/// others, times in order, members of the space only.
#[test]
fn discussion_rows_are_what_the_app_would_have_written() {
    let plan = plan(&ScaleOptions::default(), "h").unwrap();
    let rows = &plan.discussion;
    let programs_n = plan.programs.programs.len();
    let mut approved: BTreeMap<i64, BTreeMap<i64, NaiveDateTime>> = BTreeMap::new();
    for m in &plan.memberships.memberships {
        if m.status == MembershipStatus::Approved {
            approved
                .entry(discussion::program_space(m.program_id))
                .or_default()
                .insert(m.user_id, m.joined_at.unwrap());
        }
    }
    // May `user` act in `space` at `at`?
    let member_at = |space: i64, user: i64, at: NaiveDateTime| {
        let since = if space == discussion::HUB_SPACE {
            plan.accounts
                .users
                .get(user as usize - 1)
                .map(|u| &u.created_at)
        } else {
            approved.get(&space).and_then(|people| people.get(&user))
        };
        since.is_some_and(|since| *since <= at) && at <= base_time()
    };
    assert_eq!(rows.spaces.len(), programs_n);
    assert_eq!(rows.tags.len(), (programs_n + 1) * discussion::TAGS.len());
    assert!(rows
        .tags
        .iter()
        .all(|t| t.tag_key == app::discussion::rules::tag_key(&t.name)));
    let per_space = |space: i64| rows.threads.iter().filter(|t| t.space_id == space).count();
    assert_eq!(per_space(discussion::HUB_SPACE), 3_000);
    for space in &rows.spaces {
        let expected = 5 * usize::from(approved.contains_key(&space.id));
        assert_eq!(per_space(space.id), expected, "{space:?}");
    }
    let (mut votes, mut comments) = (BTreeMap::<_, Vec<_>>::new(), BTreeMap::<_, Vec<_>>::new());
    rows.votes
        .iter()
        .for_each(|v| votes.entry(v.post_id).or_default().push(v));
    rows.comments
        .iter()
        .for_each(|c| comments.entry(c.post_id).or_default().push(c.created_at));
    let mut posts: BTreeMap<i64, Vec<&discussion::PostRow>> = BTreeMap::new();
    let mut html = BTreeMap::new();
    for (index, post) in rows.posts.iter().enumerate() {
        assert_eq!(post.id, index as i64 + 1);
        posts.entry(post.thread_id).or_default().push(post);
        html.insert(post.body_md.as_str(), post.body_html.as_str());
        let space = rows.threads[post.thread_id as usize - 1].space_id;
        let author = post.author_id.unwrap();
        assert!(member_at(space, author, post.created_at), "{post:?}");
        let on_post = votes.get(&post.id).map_or(&[][..], Vec::as_slice);
        assert_eq!(post.score as usize, on_post.len());
        assert!(on_post.len() <= 5);
        let voters: BTreeSet<i64> = on_post.iter().map(|v| v.user_id).collect();
        assert_eq!(voters.len(), on_post.len());
        assert!(!voters.contains(&author), "nobody votes on their own post");
        assert!(on_post
            .iter()
            .all(|v| v.created_at >= post.created_at && member_at(space, v.user_id, v.created_at)));
        assert!(post.sealed_author.is_none() && post.request_key.is_none() && !post.hidden);
        assert_eq!(post.state, app::discussion::PostState::Shown);
    }
    // The app's own rendering of every text.
    for (markdown, stored) in html {
        assert_eq!(
            stored,
            app::markdown::to_safe_html(markdown),
            "{markdown:?}"
        );
    }
    let (mut answered, mut accepted) = (0, 0);
    for (index, thread) in rows.threads.iter().enumerate() {
        assert_eq!(thread.id, index as i64 + 1);
        let posts = &posts[&thread.id];
        let (questions, answers): (Vec<&discussion::PostRow>, Vec<_>) =
            posts.iter().partition(|p| p.kind == PostKind::Question);
        assert_eq!(questions.len(), 1, "{thread:?}");
        let question = questions[0];
        assert!((10..=150).contains(&question.title.chars().count()));
        assert!(answers.iter().all(|a| a.title.is_empty()));
        assert!(answers.len() <= 4);
        let authors: BTreeSet<i64> = answers.iter().map(|a| a.author_id.unwrap()).collect();
        assert_eq!(authors.len(), answers.len(), "one answer each");
        assert!(!authors.contains(&question.author_id.unwrap()));
        assert!(answers.iter().all(|a| a.created_at > question.created_at));
        assert_eq!(thread.answer_count as usize, answers.len());
        assert_eq!(thread.score, question.score);
        assert_eq!(thread.created_at, question.created_at);
        assert!(thread.listed && thread.status == app::discussion::ThreadStatus::Open);
        let latest = posts
            .iter()
            .flat_map(|p| {
                std::iter::once(p.created_at)
                    .chain(comments.get(&p.id).into_iter().flatten().copied())
            })
            .max()
            .unwrap();
        assert_eq!(thread.last_activity_at, latest, "{thread:?}");
        if !answers.is_empty() {
            answered += 1;
        }
        if let Some(post) = thread.accepted_post_id {
            accepted += 1;
            assert!(answers.iter().any(|a| a.id == post), "{thread:?}");
        }
    }
    assert!(
        (35..=65).contains(&(accepted * 100 / answered)),
        "{accepted} of {answered}"
    );
    // Tags of the thread's space, one or two; the asker follows.
    let mut tags_of: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for row in &rows.thread_tags {
        tags_of.entry(row.thread_id).or_default().push(row.tag_id);
    }
    for thread in &rows.threads {
        let tags = &tags_of[&thread.id];
        assert!((1..=2).contains(&tags.len()));
        assert!(tags
            .iter()
            .all(|tag| rows.tags[*tag as usize - 1].space_id == thread.space_id));
    }
    assert_eq!(rows.follows.len(), rows.threads.len());
    for follow in &rows.follows {
        let question = posts[&follow.thread_id][0];
        assert_eq!(Some(follow.user_id), question.author_id);
        assert_eq!(follow.created_at, question.created_at);
    }
    for comment in &rows.comments {
        let post = &rows.posts[comment.post_id as usize - 1];
        let space = rows.threads[post.thread_id as usize - 1].space_id;
        assert!(comment.created_at >= post.created_at);
        assert!(member_at(
            space,
            comment.author_id.unwrap(),
            comment.created_at
        ));
    }
    assert!(!rows.comments.is_empty());
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
        assert_discussion_is_the_plan(db, &discussion_rows).await;
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
        the_discussion_works(db, &viewer, &discussion_rows).await;
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
    }
}
