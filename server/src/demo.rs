//! Demo data for a hub's first start: a demo admin, a dozen members with
//! profiles, and five programs in different states with members, pending
//! applications and an invitation link, so a new user sees the product at
//! work instead of empty pages. `DEMO_DATA=off` turns it off.
//!
//! Everything goes through the same store functions the app uses, so the
//! data obeys the app's rules. It is only ever added to an empty hub: the
//! first account of a hub becomes its admin, and demo members must never
//! land next to real ones.

use app::{
    accounts::{security, store as accounts, Profile},
    db::{
        schema::{outbox, users},
        Db,
    },
    error::AppError,
    hub::{self, HubSettings},
    programs::{
        join_path, store as programs, Answers, ApplicationForm, Approval, Decision,
        InvitationDraft, MatchingMode, Program, ProgramSettings, ProgramStatus, Question,
        QuestionDraft, QuestionKind, Role,
    },
    run_query,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::collections::HashMap;

/// Reserved for documentation (RFC 2606): mail to it can never reach anyone.
pub const DEMO_DOMAIN: &str = "demo.mentorhub.example";
pub const ADMIN_EMAIL: &str = "admin@demo.mentorhub.example";
/// Demo passwords are made up at the first start, never published: a demo
/// hub that ends up reachable from the internet is not an open door. Every
/// demo member shares one (and one hash of it).
pub fn random_password() -> Result<String, AppError> {
    // 256 random bits, base64url; the first 20 characters (120 bits) in
    // groups of five, easy to read from a log.
    let (token, _) = security::new_token()?;
    let chars: Vec<char> = token.chars().take(20).collect();
    Ok(chars
        .chunks(5)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-"))
}
/// The member whose sign-in the server log shows: a mentor in two programs.
const SHOWN_MEMBER: &str = "priya";

/// What was seeded, for the server log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    pub admin_email: String,
    pub admin_password: String,
    pub member_name: String,
    pub member_email: String,
    pub member_password: String,
    pub members: usize,
    pub programs: usize,
    pub pending_applications: usize,
    /// The Leadership Circle's invitation link (the circle is closed to
    /// everyone without one).
    pub invitation_url: String,
}

/// Seeds the demo hub when there is no account yet; returns `None` (and
/// changes nothing) when there is one.
pub async fn seed_if_empty(
    db: &Db,
    site_url: &str,
    now: NaiveDateTime,
) -> Result<Option<DemoSummary>, AppError> {
    if user_count(db).await? > 0 {
        return Ok(None);
    }
    // Argon2 is slow on purpose: one hash for the admin, one shared by
    // every demo member.
    let admin_password = random_password()?;
    let member_password = random_password()?;
    let admin_hash = security::hash_password(admin_password.clone()).await?;
    let member_hash = security::hash_password(member_password.clone()).await?;
    let ago = |days: i64| now - Duration::days(days);

    let existed = accounts::create_or_promote_admin(
        db,
        ADMIN.name,
        ADMIN_EMAIL,
        Some(&admin_hash),
        ago(ADMIN.joined_days_ago),
    )
    .await?;
    if existed {
        // Another server process seeding the same database got here first.
        return Ok(None);
    }
    let admin = accounts::find_by_email(db, ADMIN_EMAIL)
        .await?
        .ok_or(AppError::NotFound)?
        .id;
    save_profile(db, admin, &ADMIN, now).await?;

    let current = hub::store::load(db).await?;
    hub::store::update(
        db,
        HubSettings {
            hub_name: "Open Mentoring Collective".into(),
            tagline: "Mentors and mentees from software, design and data, learning from each \
                      other across time zones."
                .into(),
            ..current
        },
    )
    .await?;

    let mut ids: HashMap<&'static str, i64> = HashMap::new();
    for person in PEOPLE {
        let joined = ago(person.joined_days_ago);
        // `sign_up` also signs the account in; that session is ended at once
        // (its token was never shown to anyone).
        let (_, token_hash) = security::new_token()?;
        let seed = accounts::SessionSeed {
            token_hash: token_hash.clone(),
            user_agent: String::new(),
            ip_address: String::new(),
        };
        let email = person.email();
        let user =
            accounts::sign_up(db, person.name, &email, &member_hash, &seed, true, joined).await?;
        accounts::end_session(db, &token_hash).await?;
        save_profile(db, user.id, person, joined).await?;
        ids.insert(person.key, user.id);
    }
    let id = |key: &str| ids[key];

    // --- Data Careers: the first cohort, over and archived. ----------------
    let started = ago(225);
    let ended = started + Duration::weeks(14);
    let data = create(
        db,
        admin,
        ProgramSettings {
            name: "Data Careers Mentoring \u{2014} First Cohort".into(),
            slug: "data-careers-first-cohort".into(),
            summary: "Our first cohort: people moving into data analysis from teaching, research \
                      and finance, each paired with a working analyst or data scientist."
                .into(),
            about_md: data_careers_about(started, ended),
            cover_color: "#8a5a12".into(),
            approval: Approval::Manual,
            matching_mode: MatchingMode::AdminMatch,
            default_mentor_capacity: 3,
            ..open_program()
        },
        ago(240),
    )
    .await?;
    let data_mentor = questions(
        db,
        &data,
        vec![question(
            Role::Mentor,
            QuestionKind::MultipleChoice,
            "Which skills can you mentor?",
            "",
            true,
            &[
                "SQL",
                "Python and pandas",
                "Statistics",
                "Dashboards and data storytelling",
                "Job search in data",
            ],
        )],
        ago(240),
    )
    .await?;
    let data_mentee = questions(
        db,
        &data,
        vec![
            question(
                Role::Mentee,
                QuestionKind::SingleChoice,
                "What is your background?",
                "",
                true,
                &[
                    "Teaching",
                    "Research or academia",
                    "Finance or accounting",
                    "Marketing or sales",
                    "Something else",
                ],
            ),
            question(
                Role::Mentee,
                QuestionKind::Number,
                "How many hours a week can you give to the program?",
                "Be realistic: most mentees manage four to six.",
                true,
                &[],
            ),
        ],
        ago(240),
    )
    .await?;
    let data_members = vec![
        apply(
            db,
            &data,
            id("lena"),
            Role::Mentor,
            answers(&[(
                &data_mentor[0],
                "SQL\nPython and pandas\nStatistics\nDashboards and data storytelling",
            )]),
            None,
            ago(233),
        )
        .await?,
        apply(
            db,
            &data,
            id("daniel"),
            Role::Mentee,
            answers(&[(&data_mentee[0], "Teaching"), (&data_mentee[1], "6")]),
            None,
            ago(232),
        )
        .await?,
        apply(
            db,
            &data,
            id("aisha"),
            Role::Mentee,
            answers(&[(&data_mentee[0], "Something else"), (&data_mentee[1], "4")]),
            None,
            ago(230),
        )
        .await?,
    ];
    decide(
        db,
        &data,
        &data_members,
        Decision::Approve,
        admin,
        site_url,
        ago(228),
    )
    .await?;

    // --- Leadership Circle: closed, unlisted, joined by invitation. --------
    let started = ago(60);
    let circle = create(
        db,
        admin,
        ProgramSettings {
            name: "Leadership Circle".into(),
            slug: "leadership-circle".into(),
            summary: "A small, invitation-only circle for engineers in their first year of \
                      leading people, with experienced managers as mentors."
                .into(),
            about_md: leadership_about(started, started + Duration::weeks(26)),
            cover_color: "#1d4e89".into(),
            listed: false,
            approval: Approval::Manual,
            matching_mode: MatchingMode::MenteeFavorites,
            default_mentor_capacity: 2,
            ..open_program()
        },
        ago(75),
    )
    .await?;
    programs::add_program_admin(db, circle.id, id("tomas"), ago(75)).await?;
    let circle_mentor = questions(
        db,
        &circle,
        vec![
            question(
                Role::Mentor,
                QuestionKind::Number,
                "How many years have you managed people?",
                "",
                true,
                &[],
            ),
            question(
                Role::Mentor,
                QuestionKind::LongText,
                "Which leadership mistake taught you the most?",
                "Optional, and only if you are happy for mentees to read it.",
                false,
                &[],
            ),
        ],
        ago(75),
    )
    .await?;
    let circle_mentee = questions(
        db,
        &circle,
        vec![
            question(
                Role::Mentee,
                QuestionKind::LongText,
                "Tell us about the team you lead, or are about to lead.",
                "Size, what it works on, and what feels hardest right now.",
                true,
                &[],
            ),
            question(
                Role::Mentee,
                QuestionKind::SingleChoice,
                "How many people report to you?",
                "",
                true,
                &[
                    "Nobody yet: I start soon",
                    "One to three",
                    "Four to eight",
                    "More than eight",
                ],
            ),
            question(
                Role::Mentee,
                QuestionKind::YesNo,
                "Has your manager agreed that you spend an hour every two weeks on this?",
                "",
                true,
                &[],
            ),
        ],
        ago(75),
    )
    .await?;
    let circle_members = vec![
        apply(
            db,
            &circle,
            id("tomas"),
            Role::Mentor,
            answers(&[
                (&circle_mentor[0], "5"),
                (
                    &circle_mentor[1],
                    "Trying to stay the best engineer on the team after I became its manager. \
                     Nobody needed that from me: they needed decisions, context and cover.",
                ),
            ]),
            None,
            ago(70),
        )
        .await?,
        apply(
            db,
            &circle,
            id("priya"),
            Role::Mentor,
            answers(&[(&circle_mentor[0], "3")]),
            None,
            ago(70),
        )
        .await?,
        apply(
            db,
            &circle,
            id("kenji"),
            Role::Mentee,
            answers(&[
                (
                    &circle_mentee[0],
                    "The on-call rotation: six SREs across Osaka and Singapore. I take it over \
                     next quarter, and two of them have more experience than I do.",
                ),
                (&circle_mentee[1], "Four to eight"),
                (&circle_mentee[2], "yes"),
            ]),
            None,
            ago(69),
        )
        .await?,
        apply(
            db,
            &circle,
            id("lena"),
            Role::Mentee,
            answers(&[
                (
                    &circle_mentee[0],
                    "Four data scientists and an analyst. I was promoted from within, so until \
                     recently they were my peers, and I still catch myself doing their reviews \
                     for them.",
                ),
                (&circle_mentee[1], "Four to eight"),
                (&circle_mentee[2], "yes"),
            ]),
            None,
            ago(68),
        )
        .await?,
    ];
    // The program admin, not the hub admin, runs this circle's queue.
    decide(
        db,
        &circle,
        &circle_members,
        Decision::Approve,
        id("tomas"),
        site_url,
        ago(66),
    )
    .await?;
    let circle = set_status(db, circle, ProgramStatus::Closed, ago(65)).await?;
    let invitation = programs::create_invitation(
        db,
        circle.id,
        &InvitationDraft {
            role: Some(Role::Mentee),
            auto_approve: false,
            expires_at: Some(now + Duration::days(30)),
            max_uses: Some(20),
        },
        id("tomas"),
        ago(10),
    )
    .await?;
    let invitation_url = format!(
        "{}{}",
        site_url.trim_end_matches('/'),
        join_path(&invitation.token)
    );
    apply(
        db,
        &circle,
        id("marcus"),
        Role::Mentee,
        answers(&[
            (
                &circle_mentee[0],
                "I was just asked to lead our QA guild: eight testers spread over four product \
                 teams, none of whom report to me. I need to lead without authority.",
            ),
            (&circle_mentee[1], "Nobody yet: I start soon"),
            (&circle_mentee[2], "yes"),
        ]),
        Some(&invitation.token),
        ago(3),
    )
    .await?;

    // --- Rust Foundations: open, reviewed by hand, with a queue. -----------
    let rust = create(
        db,
        admin,
        ProgramSettings {
            name: "Rust Foundations".into(),
            slug: "rust-foundations".into(),
            summary: "Twelve weeks of pairing with an experienced Rust developer: ownership, \
                      error handling, traits and a first async service, ending with a crate of \
                      your own."
                .into(),
            about_md: rust_about(now),
            cover_color: "#b7410e".into(),
            approval: Approval::Manual,
            matching_mode: MatchingMode::AdminMatch,
            default_mentor_capacity: 2,
            allow_reapply: true,
            ..open_program()
        },
        ago(30),
    )
    .await?;
    let rust_mentor = questions(
        db,
        &rust,
        vec![
            question(
                Role::Mentor,
                QuestionKind::Number,
                "How many years have you written Rust, at work or in open source?",
                "",
                true,
                &[],
            ),
            question(
                Role::Mentor,
                QuestionKind::MultipleChoice,
                "Which topics are you comfortable teaching?",
                "Choose as many as you like.",
                true,
                &[
                    "Ownership and borrowing",
                    "Error handling",
                    "Traits and generics",
                    "Async and tokio",
                    "Unsafe and FFI",
                    "Testing and tooling",
                ],
            ),
            question(
                Role::Mentor,
                QuestionKind::SingleChoice,
                "How often can you meet your mentees?",
                "",
                true,
                &["Every week", "Every two weeks"],
            ),
        ],
        ago(30),
    )
    .await?;
    let rust_mentee = questions(
        db,
        &rust,
        vec![
            question(
                Role::Mentee,
                QuestionKind::LongText,
                "What would you like to build or understand by the end of the cohort?",
                "A sentence or two is plenty. Concrete beats ambitious.",
                true,
                &[],
            ),
            question(
                Role::Mentee,
                QuestionKind::SingleChoice,
                "Which language do you know best today?",
                "",
                true,
                &[
                    "Python",
                    "JavaScript or TypeScript",
                    "Java or C#",
                    "C or C++",
                    "Go",
                    "Something else",
                ],
            ),
            question(
                Role::Mentee,
                QuestionKind::YesNo,
                "Can you join the kickoff call?",
                "It is recorded for anyone who cannot make it.",
                false,
                &[],
            ),
            question(
                Role::Mentee,
                QuestionKind::ShortText,
                "Where can we see some of your code? (optional)",
                "A repository, a gist, or leave it empty.",
                false,
                &[],
            ),
        ],
        ago(30),
    )
    .await?;
    let rust_mentor_form = |years: &str, topics: &str, pace: &str| {
        answers(&[
            (&rust_mentor[0], years),
            (&rust_mentor[1], topics),
            (&rust_mentor[2], pace),
        ])
    };
    let rust_mentee_form = |goal: &str, language: &str, kickoff: &str| {
        answers(&[
            (&rust_mentee[0], goal),
            (&rust_mentee[1], language),
            (&rust_mentee[2], kickoff),
        ])
    };
    let rust_approved = vec![
        apply(
            db,
            &rust,
            id("priya"),
            Role::Mentor,
            rust_mentor_form(
                "6",
                "Ownership and borrowing\nError handling\nAsync and tokio",
                "Every week",
            ),
            None,
            ago(25),
        )
        .await?,
        apply(
            db,
            &rust,
            id("kenji"),
            Role::Mentor,
            rust_mentor_form(
                "4",
                "Async and tokio\nTesting and tooling",
                "Every two weeks",
            ),
            None,
            ago(24),
        )
        .await?,
        apply(
            db,
            &rust,
            id("hanna"),
            Role::Mentee,
            rust_mentee_form(
                "Finish the Rust port of my university's timetable solver and publish it as a \
                 crate, with documentation and tests I am not embarrassed by.",
                "C or C++",
                "yes",
            ),
            None,
            ago(22),
        )
        .await?,
        apply(
            db,
            &rust,
            id("marcus"),
            Role::Mentee,
            rust_mentee_form(
                "A command-line tool that turns JUnit XML reports into a summary people \
                 actually read, with very good error messages, naturally.",
                "JavaScript or TypeScript",
                "yes",
            ),
            None,
            ago(20),
        )
        .await?,
    ];
    let declined = apply(
        db,
        &rust,
        id("daniel"),
        Role::Mentee,
        rust_mentee_form(
            "Understand how programming languages work, so that I get better at Python for \
             data analysis.",
            "Python",
            "yes",
        ),
        None,
        ago(18),
    )
    .await?;
    decide(
        db,
        &rust,
        &rust_approved,
        Decision::Approve,
        admin,
        site_url,
        ago(15),
    )
    .await?;
    decide(
        db,
        &rust,
        &[declined],
        Decision::Decline {
            message: "Thank you for applying, Daniel. This cohort assumes you already write code \
                      most weeks, and we think the next Data Careers cohort, which builds on the \
                      SQL and Python you know, would serve you better for now. You are welcome \
                      to apply to Rust Foundations again later."
                .into(),
        },
        admin,
        site_url,
        ago(15),
    )
    .await?;
    // Left pending: the queue an admin sees first.
    apply(
        db,
        &rust,
        id("lena"),
        Role::Mentor,
        rust_mentor_form(
            "2",
            "Traits and generics\nTesting and tooling",
            "Every two weeks",
        ),
        None,
        ago(6),
    )
    .await?;
    apply(
        db,
        &rust,
        id("noah"),
        Role::Mentee,
        answers(&[
            (
                &rust_mentee[0],
                "Replace our 600-line deployment shell script with a small Rust tool that has \
                 tests and a dry-run mode.",
            ),
            (&rust_mentee[1], "Something else"),
            (&rust_mentee[2], "no"),
            (
                &rust_mentee[3],
                "Mostly private, but happy to share a gist of the script",
            ),
        ]),
        None,
        ago(2),
    )
    .await?;

    // --- Women in Product Design: open, approved at once, mentee requests.
    let design = create(
        db,
        admin,
        ProgramSettings {
            name: "Women in Product Design".into(),
            slug: "women-in-product-design".into(),
            summary: "Women and non-binary designers paired with experienced product designers \
                      for portfolio reviews, interview practice and career conversations."
                .into(),
            about_md: design_about(now),
            cover_color: "#8e3b8e".into(),
            approval: Approval::Automatic,
            matching_mode: MatchingMode::MenteeRequests,
            default_mentor_capacity: 2,
            ..open_program()
        },
        ago(21),
    )
    .await?;
    let design_mentor = questions(
        db,
        &design,
        vec![
            question(
                Role::Mentor,
                QuestionKind::MultipleChoice,
                "Where can you help most?",
                "",
                true,
                &[
                    "Portfolio reviews",
                    "Interview practice",
                    "Design systems",
                    "Research methods",
                    "Moving into leadership",
                ],
            ),
            question(
                Role::Mentor,
                QuestionKind::ShortText,
                "Your current role, as you would like mentees to see it",
                "",
                false,
                &[],
            ),
        ],
        ago(21),
    )
    .await?;
    let design_mentee = questions(
        db,
        &design,
        vec![
            question(
                Role::Mentee,
                QuestionKind::SingleChoice,
                "Where are you in your design career?",
                "",
                true,
                &[
                    "Studying or self-taught",
                    "In my first design job",
                    "Two to five years in",
                    "Changing careers into design",
                ],
            ),
            question(
                Role::Mentee,
                QuestionKind::ShortText,
                "A link to your portfolio (optional)",
                "A work in progress is fine.",
                false,
                &[],
            ),
            question(
                Role::Mentee,
                QuestionKind::LongText,
                "What would you like to get out of the next four months?",
                "",
                true,
                &[],
            ),
        ],
        ago(21),
    )
    .await?;
    apply(
        db,
        &design,
        id("amara"),
        Role::Mentor,
        answers(&[
            (
                &design_mentor[0],
                "Portfolio reviews\nDesign systems\nMoving into leadership",
            ),
            (
                &design_mentor[1],
                "Principal product designer at a fintech in Lagos",
            ),
        ]),
        None,
        ago(20),
    )
    .await?;
    for (key, stage, goal, days) in [
        (
            "chloe",
            "In my first design job",
            "Present research more convincingly in critiques, and decide whether to \
             specialise in service design.",
            19,
        ),
        (
            "sofia",
            "Changing careers into design",
            "Understand the reasons behind the designs I build every day, and write my first \
             real case study.",
            14,
        ),
        (
            "aisha",
            "Studying or self-taught",
            "Find out whether accessibility-first design is a job I can get, and what to \
             learn first.",
            9,
        ),
    ] {
        apply(
            db,
            &design,
            id(key),
            Role::Mentee,
            answers(&[(&design_mentee[0], stage), (&design_mentee[2], goal)]),
            None,
            ago(days),
        )
        .await?;
    }

    // --- First Contributions: still a draft, only admins see it. -----------
    let contributions = create(
        db,
        admin,
        ProgramSettings {
            name: "First Open Source Contributions".into(),
            slug: "first-contributions".into(),
            summary: "Make your first real contribution to an open-source project, with a \
                      maintainer at your side."
                .into(),
            about_md: contributions_about(now),
            cover_color: "#0f7c86".into(),
            status: ProgramStatus::Draft,
            approval: Approval::Automatic,
            matching_mode: MatchingMode::MenteeFavorites,
            default_mentor_capacity: 2,
            ..open_program()
        },
        ago(4),
    )
    .await?;
    questions(
        db,
        &contributions,
        vec![
            question(
                Role::Mentor,
                QuestionKind::LongText,
                "Which projects do you maintain or contribute to regularly?",
                "",
                true,
                &[],
            ),
            question(
                Role::Mentor,
                QuestionKind::MultipleChoice,
                "Which kinds of contribution can you guide?",
                "",
                true,
                &["Code", "Documentation", "Tests", "Translations", "Design"],
            ),
            question(
                Role::Mentee,
                QuestionKind::SingleChoice,
                "How comfortable are you with git?",
                "",
                true,
                &[
                    "I have not used it yet",
                    "I can commit and push",
                    "I can rebase and resolve conflicts",
                ],
            ),
            question(
                Role::Mentee,
                QuestionKind::ShortText,
                "Is there a project you already use and would like to contribute to?",
                "",
                false,
                &[],
            ),
        ],
        ago(4),
    )
    .await?;

    // The archive comes last: an archived program takes no applications.
    set_status(db, data, ProgramStatus::Archived, ago(120)).await?;

    // Decisions queued approval and decline emails to the demo addresses:
    // nobody can receive them, so they never reach the outbox's worker
    // (which this process starts only after seeding).
    discard_demo_emails(db).await?;

    let shown = PEOPLE
        .iter()
        .find(|person| person.key == SHOWN_MEMBER)
        .expect("the shown member is one of PEOPLE");
    Ok(Some(DemoSummary {
        admin_email: ADMIN_EMAIL.into(),
        admin_password,
        member_name: shown.name.into(),
        member_email: shown.email(),
        member_password,
        members: PEOPLE.len(),
        programs: 5,
        pending_applications: 3,
        invitation_url,
    }))
}

async fn user_count(db: &Db) -> Result<i64, AppError> {
    Ok(run_query!(db, |conn| {
        users::table.count().get_result::<i64>(conn).await
    })?)
}

/// Removes the emails queued for demo addresses that no worker has taken.
async fn discard_demo_emails(db: &Db) -> Result<usize, AppError> {
    let pattern = format!("%@{DEMO_DOMAIN}");
    Ok(run_query!(db, |conn| {
        diesel::delete(
            outbox::table
                .filter(outbox::recipient.like(&pattern))
                .filter(outbox::status.eq("pending")),
        )
        .execute(conn)
        .await
    })?)
}

// ---------------------------------------------------------------------------
// Helpers over the store functions
// ---------------------------------------------------------------------------

/// The settings every demo program starts from: open and listed, for both
/// roles. Programs that end up closed or archived are moved there after
/// their members have applied.
fn open_program() -> ProgramSettings {
    ProgramSettings {
        status: ProgramStatus::Open,
        listed: true,
        accepts_mentors: true,
        accepts_mentees: true,
        ..ProgramSettings::default()
    }
}

async fn create(
    db: &Db,
    admin: i64,
    settings: ProgramSettings,
    at: NaiveDateTime,
) -> Result<Program, AppError> {
    programs::create_program(db, settings, admin, at).await
}

async fn set_status(
    db: &Db,
    program: Program,
    status: ProgramStatus,
    at: NaiveDateTime,
) -> Result<Program, AppError> {
    let settings = ProgramSettings {
        status,
        ..program.settings
    };
    programs::update_program(db, program.id, settings, at).await
}

fn question(
    role: Role,
    kind: QuestionKind,
    prompt: &str,
    help_text: &str,
    required: bool,
    options: &[&str],
) -> QuestionDraft {
    QuestionDraft {
        role,
        kind,
        prompt: prompt.into(),
        help_text: help_text.into(),
        required,
        options: options.iter().map(|option| (*option).to_owned()).collect(),
    }
}

async fn questions(
    db: &Db,
    program: &Program,
    drafts: Vec<QuestionDraft>,
    at: NaiveDateTime,
) -> Result<Vec<Question>, AppError> {
    let mut added = Vec::with_capacity(drafts.len());
    for draft in drafts {
        added.push(programs::add_question(db, program.id, draft, at).await?);
    }
    Ok(added)
}

/// Answers as the form posts them; several choices one per line.
fn answers(given: &[(&Question, &str)]) -> Answers {
    given
        .iter()
        .map(|(question, value)| (question.id, (*value).to_owned()))
        .collect()
}

/// Applies as the member would; returns the membership id.
async fn apply(
    db: &Db,
    program: &Program,
    user_id: i64,
    role: Role,
    answers: Answers,
    invitation_token: Option<&str>,
    at: NaiveDateTime,
) -> Result<i64, AppError> {
    let form = ApplicationForm {
        role,
        answers,
        invitation_token: invitation_token.map(str::to_owned),
    };
    Ok(
        programs::submit_application(db, program.id, user_id, &form, at)
            .await?
            .membership_id,
    )
}

async fn decide(
    db: &Db,
    program: &Program,
    membership_ids: &[i64],
    decision: Decision,
    decided_by: i64,
    site_url: &str,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    programs::decide_applications(
        db,
        program.id,
        membership_ids,
        &decision,
        decided_by,
        site_url,
        at,
    )
    .await?;
    Ok(())
}

async fn save_profile(
    db: &Db,
    user_id: i64,
    person: &Person,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    let profile = Profile {
        id: user_id,
        name: person.name.into(),
        headline: person.headline.into(),
        bio: person.bio.into(),
        location: person.location.into(),
        time_zone: person.time_zone.into(),
        languages: person.languages.iter().map(|l| (*l).to_owned()).collect(),
        expertise: person.expertise.iter().map(|t| (*t).to_owned()).collect(),
        website_url: String::new(),
        linkedin_url: String::new(),
        member_since: at,
    }
    // The same checks as the profile form, so demo profiles fit the pages.
    .validated()?;
    accounts::save_profile(db, &profile, at).await
}

// ---------------------------------------------------------------------------
// About texts, with dates relative to the first start
// ---------------------------------------------------------------------------

fn day(at: NaiveDateTime) -> String {
    at.format("%A %-d %B %Y").to_string()
}

fn rust_about(now: NaiveDateTime) -> String {
    let close = now + Duration::days(10);
    let kickoff = now + Duration::days(14);
    let middle = kickoff + Duration::weeks(6);
    let demo = kickoff + Duration::weeks(12);
    format!(
        "## What this cohort is about

Rust rewards patience early on. Over twelve weeks you pair with a mentor who
writes Rust for a living or in open source, and work through the parts that
trip most people up: ownership and borrowing, error handling with `Result`,
traits and generics, and a first async service with tokio.

By the end you will have published a small crate or command-line tool of
your own, reviewed line by line with your mentor.

## What we ask of you

**Mentees**

- one hour a week with your mentor, at a time you agree on together;
- two to four hours of your own practice a week: we suggest exercises, you
  choose the project;
- a short note in the program discussion every other week: what worked,
  where you are stuck.

**Mentors**

- one hour a week with each mentee, for the twelve weeks;
- reviewing one pull request a week per mentee;
- telling the organisers early if life gets in the way: we would rather
  re-match than leave anyone waiting.

## Dates

| Milestone | Date |
|---|---|
| Applications close | {close} |
| Kickoff call, everyone together | {kickoff}, 17:00 UTC |
| Mid-point check-in | {middle} |
| Demo afternoon | {demo} |

The organisers match mentors and mentees after applications close, by time
zone, goals and the topics each mentor offers.",
        close = day(close),
        kickoff = day(kickoff),
        middle = day(middle),
        demo = day(demo),
    )
}

fn design_about(now: NaiveDateTime) -> String {
    format!(
        "## Who this is for

Women and non-binary people working in product, UX or visual design, or
moving into it: students, career changers, and designers a few years in who
want a sounding board outside their company.

## How it works

This round runs on **mentee requests**: read the mentors' profiles, send a
request to the one whose experience fits what you want to work on, and they
accept when they have room. Applications are approved at once, so you can
start looking straight away.

Each pair meets **twice a month for four months**, for about 45 minutes.
Typical sessions:

- a portfolio review, one case study at a time;
- a mock interview or a design critique;
- planning a move: a promotion, a new team, a first design job.

Mentors take up to two mentees each.

## Dates

- Mentors accept requests until {accept_by}.
- Online meetup for the whole round: {meetup}.
- The round ends on {end}.",
        accept_by = day(now + Duration::days(7)),
        meetup = day(now + Duration::days(60)),
        end = day(now + Duration::days(120)),
    )
}

fn leadership_about(start: NaiveDateTime, end: NaiveDateTime) -> String {
    format!(
        "## Why a circle

The first year of leading a team is lonely: your old peers now report to
you, and your new peers are busy. The Leadership Circle pairs new leads with
managers who have been there, and brings everyone together once a month to
compare notes.

The circle is **closed to open applications** and stays small on purpose.
Its admins send invitation links to people their teams put forward.

## How matching works

Mentees mark **favourite mentors** after reading their profiles; the
program admins make the final pairs, weighing favourites, time zones and
experience.

## Commitments

- **Mentees**: an hour with your mentor every two weeks, and the monthly
  circle call (60 minutes, cameras optional).
- **Mentors**: the same, plus a short written check-in with the admins
  halfway through.
- **Everyone**: what is said in the circle stays in the circle.

## Dates

Started on {start}; runs for six months, until {end}. Circle calls are on
the first Tuesday of each month at 16:00 UTC.",
        start = day(start),
        end = day(end),
    )
}

fn data_careers_about(start: NaiveDateTime, end: NaiveDateTime) -> String {
    format!(
        "## About this cohort

Fourteen weeks for people moving into data work from another field. The
organisers paired each mentee with a working analyst or data scientist, and
every mentee worked through a portfolio project on a public data set.

**This cohort has ended.** Thank you to everyone who took part. Members can
still read its discussion and resources; a second cohort is being planned.

## What we covered

1. SQL you can trust: joins, window functions, checking your own results.
2. Python and pandas for cleaning messy data.
3. Enough statistics to know when a difference is real.
4. Presenting findings to people who will never open your notebook.

## Dates

Ran from {start} to {end}.",
        start = day(start),
        end = day(end),
    )
}

fn contributions_about(now: NaiveDateTime) -> String {
    format!(
        "*A draft: the organisers are still planning this program, and only admins
can see it.*

## The idea

Many people would like to contribute to open source but do not know where
to start, or had a first pull request ignored. Here, maintainers mentor
newcomers through one meaningful contribution each: choosing an issue,
agreeing on the approach, writing the change and getting it merged.

## Planned commitments

- **Mentees**: about three hours a week for eight weeks.
- **Mentors**: one call a week, and reviews within two working days.

## Planned dates

Applications would open on {open}; the program would run for eight weeks
from {start}.",
        open = day(now + Duration::days(45)),
        start = day(now + Duration::days(75)),
    )
}

// ---------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------

struct Person {
    /// Short name used while seeding; the email is `first.last@` the demo domain.
    key: &'static str,
    email_local: &'static str,
    name: &'static str,
    headline: &'static str,
    bio: &'static str,
    location: &'static str,
    time_zone: &'static str,
    languages: &'static [&'static str],
    expertise: &'static [&'static str],
    joined_days_ago: i64,
}

impl Person {
    fn email(&self) -> String {
        format!("{}@{DEMO_DOMAIN}", self.email_local)
    }
}

const ADMIN: Person = Person {
    key: "admin",
    email_local: "admin",
    name: "Demo Admin",
    headline: "Runs this demo hub",
    bio: "This account is the demo hub's admin. The members list, the hub settings and \
          every program are yours to look at and change.

On a real hub, start the server with `DEMO_DATA=off` and the first person to \
sign up becomes its admin.",
    location: "",
    time_zone: "UTC",
    languages: &["English"],
    expertise: &["Community building", "Program design"],
    joined_days_ago: 400,
};

const PEOPLE: &[Person] = &[
    Person {
        key: "priya",
        email_local: "priya.raman",
        name: "Priya Raman",
        headline: "Staff engineer, payments infrastructure \u{b7} Rust since 2017",
        bio: "I build the services that move money between banks, which mostly means \
              thinking hard about what happens when a network call fails halfway.

I started in C++ and moved to Rust when our team rewrote a settlement service \
that kept paging us at night. It has not paged us since.

**As a mentor** I like working on real code: bring a project and we review it \
together. Happy to talk about the move from senior to staff, too.",
        location: "Bengaluru, India",
        time_zone: "Asia/Kolkata",
        languages: &["English", "Tamil", "Hindi"],
        expertise: &[
            "Rust",
            "Distributed systems",
            "Code review",
            "Career growth",
        ],
        joined_days_ago: 370,
    },
    Person {
        key: "tomas",
        email_local: "tomas.herrera",
        name: "Tom\u{e1}s Herrera",
        headline: "Engineering manager for two platform teams",
        bio: "Eleven years as a backend developer, five as a manager. I still write code \
              on Fridays, mostly internal tools nobody asked for.

Things I can help with:

- your first months as a team lead or manager;
- giving feedback people can act on;
- running interviews that are fair to candidates.

I co-organise a monthly meetup for new managers in Madrid.",
        location: "Madrid, Spain",
        time_zone: "Europe/Madrid",
        languages: &["Spanish", "English", "Catalan"],
        expertise: &[
            "Engineering management",
            "Hiring",
            "Feedback",
            "Public speaking",
        ],
        joined_days_ago: 365,
    },
    Person {
        key: "lena",
        email_local: "lena.fischer",
        name: "Lena Fischer",
        headline: "Data science lead at a public-transport operator",
        bio: "I forecast how full the trains will be, and explain to planners why the \
              forecast is sometimes wrong. The second part is the harder one.

I came to data from a PhD in ecology and taught myself most of the engineering \
side. I like mentoring people from research, teaching or other fields who \
wonder whether their background counts. It does.

Lately I am learning to lead a team without becoming its bottleneck.",
        location: "Berlin, Germany",
        time_zone: "Europe/Berlin",
        languages: &["German", "English"],
        expertise: &[
            "Python",
            "Statistics",
            "Machine learning",
            "Data storytelling",
        ],
        joined_days_ago: 300,
    },
    Person {
        key: "kenji",
        email_local: "kenji.watanabe",
        name: "Kenji Watanabe",
        headline: "Site reliability engineer, soon leading the on-call rotation",
        bio: "I keep a logistics platform running: warehouses, trucks and a great many \
              message queues. My favourite incident is the one a boring alert prevented.

I write Rust for our internal tooling and enjoy teaching async to people who \
have been burned by it before.

I am new to leading people, so this year I am on both sides of mentoring.",
        location: "Osaka, Japan",
        time_zone: "Asia/Tokyo",
        languages: &["Japanese", "English"],
        expertise: &["Kubernetes", "Observability", "Incident response", "Rust"],
        joined_days_ago: 260,
    },
    Person {
        key: "daniel",
        email_local: "daniel.osei",
        name: "Daniel Osei",
        headline: "Maths teacher moving into data analysis",
        bio: "I have taught maths to teenagers for nine years. I love it, and I have also \
              spent more evenings than I would admit building spreadsheets that track how \
              my classes are doing.

That is how I found SQL. I am now working through a data analysis course and \
looking for people who made a similar move.

In return I offer patience and a good explanation of standard deviation.",
        location: "Accra, Ghana",
        time_zone: "Africa/Accra",
        languages: &["English", "Twi"],
        expertise: &["SQL", "Python", "Spreadsheets", "Teaching"],
        joined_days_ago: 250,
    },
    Person {
        key: "aisha",
        email_local: "aisha.rahman",
        name: "Aisha Rahman",
        headline: "Web developer returning after a career break",
        bio: "I built websites for small charities for seven years, then took four years \
              out to care for my family. The web moved on while I was away, so I am \
              catching up.

Accessibility was always my favourite part of the job, and I would like it to \
be the centre of the next one. Design or data? I am finding out which fits.",
        location: "Toronto, Canada",
        time_zone: "America/Toronto",
        languages: &["English", "Bengali"],
        expertise: &["HTML", "Accessibility", "JavaScript", "Returning to work"],
        joined_days_ago: 245,
    },
    Person {
        key: "amara",
        email_local: "amara.nwosu",
        name: "Amara Nwosu",
        headline: "Principal product designer \u{b7} design systems and accessibility",
        bio: "I lead design for a banking app used by millions of people, many on \
              low-end Android phones with patchy data. That taught me to design for \
              constraints first.

Before that I was a graphic designer for eight years, so I know what switching \
disciplines feels like.

I review portfolios honestly and kindly. Expect more *why this layout?* than \
*change this colour*.",
        location: "Lagos, Nigeria",
        time_zone: "Africa/Lagos",
        languages: &["English", "Yoruba", "Igbo"],
        expertise: &[
            "Product design",
            "Design systems",
            "Accessibility",
            "UX research",
        ],
        joined_days_ago: 240,
    },
    Person {
        key: "sofia",
        email_local: "sofia.marquez",
        name: "Sof\u{ed}a M\u{e1}rquez",
        headline: "Junior front-end developer, bootcamp graduate",
        bio: "After six years in hotel management I did a six-month bootcamp and landed \
              my first developer job at a small agency.

I am good at turning designs into pages that work on every screen. I want to \
understand the design decisions themselves, and to explain my work better in \
code reviews.

Outside work: salsa on Thursdays and far too many houseplants.",
        location: "Mexico City, Mexico",
        time_zone: "America/Mexico_City",
        languages: &["Spanish", "English"],
        expertise: &["JavaScript", "React", "CSS", "Responsive design"],
        joined_days_ago: 150,
    },
    Person {
        key: "chloe",
        email_local: "chloe.dubois",
        name: "Chlo\u{e9} Dubois",
        headline: "UX designer at a healthcare start-up",
        bio: "I moved into UX from architecture two years ago. Designing patient booking \
              flows turns out to need what designing buildings did: watching how people \
              actually move through them.

I am the only designer at my company, so I would love a mentor to sharpen my \
critiques and help me plan the next step.

I always sketch on paper first.",
        location: "Lyon, France",
        time_zone: "Europe/Paris",
        languages: &["French", "English", "Italian"],
        expertise: &["Figma", "User interviews", "Prototyping", "Service design"],
        joined_days_ago: 120,
    },
    Person {
        key: "hanna",
        email_local: "hanna.kowalska",
        name: "Hanna Kowalska",
        headline: "Computer science student and open-source contributor",
        bio: "Third-year computer science student. I came to Rust through competitive \
              programming and stayed for the compiler messages.

I have sent a handful of small pull requests to command-line tools I use every \
day, and I would like to take on something bigger: a feature, not a typo fix.

Looking for someone who reviews my code without softening everything.",
        location: "Krak\u{f3}w, Poland",
        time_zone: "Europe/Warsaw",
        languages: &["Polish", "English", "German"],
        expertise: &["Rust", "Algorithms", "Open source", "Linux"],
        joined_days_ago: 90,
    },
    Person {
        key: "marcus",
        email_local: "marcus.bell",
        name: "Marcus Bell",
        headline: "QA engineer growing into software development",
        bio: "Five years of testing other people's code have given me strong opinions \
              about error messages. Now I want to write the code too.

I maintain our end-to-end suite in TypeScript and recently started learning \
Rust for a side project: a small tool that turns test reports into summaries \
people read.

I was also just asked to lead our QA guild, which is exciting and slightly \
terrifying.",
        location: "Chicago, United States",
        time_zone: "America/Chicago",
        languages: &["English"],
        expertise: &[
            "Test automation",
            "TypeScript",
            "Quality engineering",
            "Career change",
        ],
        joined_days_ago: 60,
    },
    Person {
        key: "noah",
        email_local: "noah.lindqvist",
        name: "Noah Lindqvist",
        headline: "Junior operations engineer at an online shop",
        bio: "I look after the servers of a mid-sized online shop. Most of my day is \
              Terraform and shell scripts, and I would like to replace the scariest \
              scripts with something typed and tested.

Rust keeps coming up, so I want to learn it properly with someone who runs it \
in production.

I also keep a home lab, which is mostly an expensive way to block ads.",
        location: "Stockholm, Sweden",
        time_zone: "Europe/Stockholm",
        languages: &["Swedish", "English"],
        expertise: &["Linux", "Terraform", "Bash", "Networking"],
        joined_days_ago: 12,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use app::{
        accounts::policy,
        db::{
            schema::{
                application_answers, memberships, program_admins, program_invitations,
                programs as program_rows, registration_questions, sessions, user_tags,
            },
            testing::on_both_backends,
        },
        error::FieldErrors,
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

    #[tokio::test(flavor = "multi_thread")]
    async fn an_empty_hub_is_seeded_once() {
        on_both_backends(|db| async move {
            let now = app::email::store::now();
            let demo = seed_if_empty(&db, SITE, now)
                .await
                .unwrap()
                .expect("an empty hub gets demo data");
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
                    // Twelve decision emails were queued and discarded.
                    outbox: 0,
                },
                "{db:?}"
            );
            assert_eq!(demo.members, PEOPLE.len());
            assert_eq!(demo.programs, 5);
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

            // A second start finds accounts and changes nothing.
            assert_eq!(seed_if_empty(&db, SITE, now).await.unwrap(), None);
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
            assert_eq!(seed_if_empty(&db, SITE, now).await.unwrap(), None);
            assert_eq!(counts(&db).await, before);
            assert_eq!(before.users, 1);
            assert_eq!(before.programs, 0);
            assert_eq!(hub::store::load(&db).await.unwrap(), HubSettings::default());
        })
        .await;
    }
}
