//! The Leadership Circle: closed, unlisted, joined by invitation, run by a
//! program admin.

use super::{
    answers, apply, create, decide, open_program, question, questions, set_status, with_dates,
    Seeding,
};
use app::{
    error::AppError,
    programs::{
        join_path, store as programs, Approval, Decision, InvitationDraft, MatchingMode,
        ProgramSettings, ProgramStatus, QuestionKind, Role,
    },
};
use chrono::{Duration, NaiveDateTime};

/// Returns the invitation link the server log shows.
pub(super) async fn seed(seeding: &Seeding<'_>) -> Result<String, AppError> {
    let Seeding {
        db,
        site_url,
        now,
        admin,
        ..
    } = *seeding;
    let ago = |days: i64| seeding.ago(days);
    let id = |key: &str| seeding.id(key);

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
            about_md: about(started, started + Duration::weeks(26)),
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
    Ok(invitation_url)
}

pub(super) fn about(start: NaiveDateTime, end: NaiveDateTime) -> String {
    with_dates(
        include_str!("texts/leadership-circle.md"),
        &[("start", start), ("end", end)],
    )
}
