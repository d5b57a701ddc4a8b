//! Rust Foundations: open, reviewed by hand, with a declined applicant and
//! a queue of pending applications.

use super::{
    answers, apply, create, decide, open_program, question, questions, with_dates, Seeding,
};
use app::{
    error::AppError,
    programs::{Approval, Decision, MatchingMode, ProgramSettings, QuestionKind, Role},
};
use chrono::{Duration, NaiveDateTime};

pub(super) async fn seed(seeding: &Seeding<'_>) -> Result<(), AppError> {
    let Seeding {
        db,
        site_url,
        now,
        admin,
        ..
    } = *seeding;
    let ago = |days: i64| seeding.ago(days);
    let id = |key: &str| seeding.id(key);

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
            about_md: about(now),
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
    Ok(())
}

pub(super) fn about(now: NaiveDateTime) -> String {
    let close = now + Duration::days(10);
    let kickoff = now + Duration::days(14);
    let middle = kickoff + Duration::weeks(6);
    let demo = kickoff + Duration::weeks(12);
    with_dates(
        include_str!("texts/rust-foundations.md"),
        &[
            ("close", close),
            ("kickoff", kickoff),
            ("middle", middle),
            ("demo", demo),
        ],
    )
}
