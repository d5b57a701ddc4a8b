//! Data Careers Mentoring, the first cohort: over, and archived once every
//! other program is seeded (an archived program takes no applications).

use super::{
    answers, apply, create, decide, open_program, question, questions, with_dates, Seeding,
};
use app::{
    error::AppError,
    programs::{Approval, Decision, MatchingMode, Program, ProgramSettings, QuestionKind, Role},
};
use chrono::{Duration, NaiveDateTime};

/// Returns the program, still open: `seed_if_empty` archives it last.
pub(super) async fn seed(seeding: &Seeding<'_>) -> Result<Program, AppError> {
    let Seeding {
        db,
        site_url,
        admin,
        ..
    } = *seeding;
    let ago = |days: i64| seeding.ago(days);
    let id = |key: &str| seeding.id(key);

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
            about_md: about(started, ended),
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
    Ok(data)
}

pub(super) fn about(start: NaiveDateTime, end: NaiveDateTime) -> String {
    with_dates(
        include_str!("texts/data-careers-first-cohort.md"),
        &[("start", start), ("end", end)],
    )
}
