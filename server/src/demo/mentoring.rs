//! Mentoring in the demo hub, after the programs: mentors' places,
//! favorites, requests in every state, active mentorships and matching
//! weights, so that each matching mode can be seen at once. It reads who
//! is in each program from the program itself, so it follows the programs'
//! own seeding.

use super::Seeding;
use app::{
    error::AppError,
    mentors::{
        matching::QuestionWeight,
        store::{self as mentors, ProgramLinks},
        MatchingSettings,
    },
    programs::{store as programs, Program},
};

async fn program(seeding: &Seeding<'_>, slug: &str) -> Result<Program, AppError> {
    programs::program_by_slug(seeding.db, slug).await
}

fn links(seeding: &Seeding<'_>, program: &Program) -> ProgramLinks {
    ProgramLinks::new(seeding.site_url, &program.settings.name, &program.path())
}

/// Every question with choices counts in the score (the topics questions).
async fn weigh_questions(
    seeding: &Seeding<'_>,
    program: &Program,
    places: i32,
) -> Result<(), AppError> {
    let (settings, questions) = mentors::matching_settings(seeding.db, program.id).await?;
    let all = programs::list_questions(seeding.db, program.id, None).await?;
    let weights = questions
        .iter()
        .filter(|q| {
            all.iter()
                .any(|full| full.id == q.id && full.kind.has_options())
        })
        .map(|q| QuestionWeight {
            question_id: q.id,
            weight: 8,
        })
        .collect();
    let cards: Vec<i64> = questions
        .iter()
        .filter(|q| q.role == app::programs::Role::Mentor)
        .filter(|q| {
            all.iter()
                .any(|full| full.id == q.id && full.kind.has_options())
        })
        .map(|q| q.id)
        .collect();
    let settings = MatchingSettings {
        max_capacity: places.max(settings.default_capacity),
        weights: app::mentors::matching::MatchWeights {
            questions: weights,
            ..settings.weights
        },
        ..settings
    };
    mentors::save_matching_settings(seeding.db, program.id, &settings, &cards, seeding.now).await
}

pub(super) async fn seed(seeding: &Seeding<'_>) -> Result<(), AppError> {
    let (db, now, admin) = (seeding.db, seeding.now, seeding.admin);

    // Rust Foundations (admins match): its mentees wait for "Suggest
    // matches".
    let rust = program(seeding, "rust-foundations").await?;
    weigh_questions(seeding, &rust, 4).await?;

    // Product Design Critique (mentees request): one accepted request (a
    // mentorship), one declined, one waiting; a mentor who paused.
    let design = program(seeding, "women-in-product-design").await?;
    weigh_questions(seeding, &design, 4).await?;
    let page = mentors::matching_page(db, &design, now).await?;
    let links_design = links(seeding, &design);
    let mentors_in = &page.mentors;
    let mentees_in = &page.unmatched;
    if let (Some(mentor), Some(mentee)) = (mentors_in.first(), mentees_in.first()) {
        let id = mentors::send_request(
            db,
            design.id,
            mentee.user_id,
            mentor.user_id,
            "I am moving from graphic design into product design and would love feedback on my first case study.",
            &links_design,
            now - chrono::Duration::days(5),
        )
        .await?;
        mentors::answer_request(
            db,
            design.id,
            id,
            mentor.user_id,
            true,
            "Happy to. Send me the case study before our first call.",
            &links_design,
            now - chrono::Duration::days(4),
        )
        .await?;
    }
    if let (Some(mentor), Some(mentee)) = (mentors_in.last(), mentees_in.get(1)) {
        let declined = mentors::send_request(
            db,
            design.id,
            mentee.user_id,
            mentor.user_id,
            "Could you mentor me on design systems? I maintain the component library at a small agency.",
            &links_design,
            now - chrono::Duration::days(3),
        )
        .await?;
        mentors::answer_request(
            db,
            design.id,
            declined,
            mentor.user_id,
            false,
            "My places are for research this round; try again in spring.",
            &links_design,
            now - chrono::Duration::days(2),
        )
        .await?;
    }
    if let (Some(mentor), Some(mentee)) = (mentors_in.first(), mentees_in.get(2)) {
        mentors::send_request(
            db,
            design.id,
            mentee.user_id,
            mentor.user_id,
            "I would like help presenting design decisions to engineers and product managers.",
            &links_design,
            now - chrono::Duration::days(1),
        )
        .await?;
    }

    // Leadership Circle and First Contributions (mentees favorite, admins
    // match): favorites to weigh, and in the circle a pair an admin
    // matched by hand.
    for slug in ["leadership-circle", "first-contributions"] {
        let Ok(p) = program(seeding, slug).await else {
            continue;
        };
        weigh_questions(seeding, &p, 4).await?;
        let page = mentors::matching_page(db, &p, now).await?;
        for (i, mentee) in page.unmatched.iter().enumerate() {
            if let Some(mentor) = page.mentors.get(i % page.mentors.len().max(1)) {
                mentors::set_favorite(db, p.id, mentee.user_id, mentor.user_id, true, now).await?;
            }
        }
        if slug == "leadership-circle" {
            if let (Some(mentor), Some(mentee)) = (page.mentors.first(), page.unmatched.last()) {
                mentors::match_now(
                    db,
                    p.id,
                    mentee.user_id,
                    mentor.user_id,
                    admin,
                    &links(seeding, &p),
                    now,
                )
                .await?;
            }
        }
    }
    Ok(())
}
