//! First Open Source Contributions: still a draft, only admins see it.

use super::{create, open_program, question, questions, with_dates, Seeding};
use app::{
    error::AppError,
    programs::{Approval, MatchingMode, ProgramSettings, ProgramStatus, QuestionKind, Role},
};
use chrono::{Duration, NaiveDateTime};

pub(super) async fn seed(seeding: &Seeding<'_>) -> Result<(), AppError> {
    let Seeding { db, now, admin, .. } = *seeding;
    let ago = |days: i64| seeding.ago(days);

    let contributions = create(
        db,
        admin,
        ProgramSettings {
            name: "First Open Source Contributions".into(),
            slug: "first-contributions".into(),
            summary: "Make your first real contribution to an open-source project, with a \
                      maintainer at your side."
                .into(),
            about_md: about(now),
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
    Ok(())
}

pub(super) fn about(now: NaiveDateTime) -> String {
    with_dates(
        include_str!("texts/first-contributions.md"),
        &[
            ("open", now + Duration::days(45)),
            ("start", now + Duration::days(75)),
        ],
    )
}
