//! Women in Product Design: open, approved at once, mentee requests.

use super::{answers, apply, create, open_program, question, questions, with_dates, Seeding};
use app::{
    error::AppError,
    programs::{Approval, MatchingMode, ProgramSettings, QuestionKind, Role},
};
use chrono::{Duration, NaiveDateTime};

pub(super) async fn seed(seeding: &Seeding<'_>) -> Result<(), AppError> {
    let Seeding { db, now, admin, .. } = *seeding;
    let ago = |days: i64| seeding.ago(days);
    let id = |key: &str| seeding.id(key);

    let design = create(
        db,
        admin,
        ProgramSettings {
            name: "Women in Product Design".into(),
            slug: "women-in-product-design".into(),
            summary: "Women and non-binary designers paired with experienced product designers \
                      for portfolio reviews, interview practice and career conversations."
                .into(),
            about_md: about(now),
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
    Ok(())
}

pub(super) fn about(now: NaiveDateTime) -> String {
    with_dates(
        include_str!("texts/women-in-product-design.md"),
        &[
            ("accept_by", now + Duration::days(7)),
            ("meetup", now + Duration::days(60)),
            ("end", now + Duration::days(120)),
        ],
    )
}
