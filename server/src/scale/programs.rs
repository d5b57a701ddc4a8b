//! Programs (`program-0001`…), their admins and registration questions.
//!
//! Mostly open and listed, some closed, a few drafts and unlisted ones.
//! `program-0001` is always open, listed and manually approved, with
//! `admin00001` as its admin: the benchmark's program admin reviews its
//! pending applications. Program `n`'s first admin is program admin
//! `(n - 1) % program_admins`; half the programs have a second one.

use super::{accounts::Layout, base_time, batch_row, InsertBatches, Rng, ScaleOptions};
use app::programs::{Approval, MatchingMode, ProgramStatus, QuestionKind, Role};
use app::{
    db::{
        schema::{program_admins, programs, registration_questions},
        Db,
    },
    error::AppError,
    write_transaction,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = programs)]
pub(crate) struct ProgramRow {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) summary: String,
    pub(crate) about_md: String,
    pub(crate) cover_color: String,
    pub(crate) status: ProgramStatus,
    pub(crate) listed: bool,
    pub(crate) accepts_mentors: bool,
    pub(crate) accepts_mentees: bool,
    pub(crate) approval: Approval,
    pub(crate) matching_mode: MatchingMode,
    pub(crate) default_mentor_capacity: i32,
    pub(crate) allow_reapply: bool,
    pub(crate) created_by: i64,
    pub(crate) created_at: NaiveDateTime,
    pub(crate) updated_at: NaiveDateTime,
}
batch_row!(ProgramRow, programs::table, 17);

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = program_admins)]
pub(crate) struct AdminRow {
    pub(crate) program_id: i64,
    pub(crate) user_id: i64,
    pub(crate) created_at: NaiveDateTime,
}
batch_row!(AdminRow, program_admins::table, 3);

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = registration_questions, treat_none_as_null = true)]
pub(crate) struct QuestionRow {
    pub(crate) id: i64,
    pub(crate) program_id: i64,
    pub(crate) role: Role,
    pub(crate) position: i32,
    pub(crate) kind: QuestionKind,
    pub(crate) prompt: String,
    pub(crate) help_text: String,
    pub(crate) required: bool,
    pub(crate) options: String,
    pub(crate) deleted_at: Option<NaiveDateTime>,
    pub(crate) created_at: NaiveDateTime,
    pub(crate) updated_at: NaiveDateTime,
}
batch_row!(QuestionRow, registration_questions::table, 12);

pub(crate) struct Rows {
    pub(crate) programs: Vec<ProgramRow>,
    pub(crate) admins: Vec<AdminRow>,
    pub(crate) questions: Vec<QuestionRow>,
}

impl Rows {
    /// The first admin of a program (by id): who decided its approvals.
    pub(crate) fn first_admin(&self, program_id: i64) -> i64 {
        self.admins
            .iter()
            .find(|admin| admin.program_id == program_id)
            .map(|admin| admin.user_id)
            .expect("every program has an admin")
    }
}

const SEED: u64 = 0x5ca1_e000_0000_0002;

const TOPICS: &[&str] = &[
    "Rust",
    "Data Careers",
    "Product Design",
    "Frontend",
    "Cloud Infrastructure",
    "Security",
    "Machine Learning",
    "Open Source",
    "Engineering Leadership",
    "Career Change",
    "Mobile",
    "DevOps",
    "Technical Writing",
    "UX Research",
    "Databases",
    "Game Development",
    "Accessibility",
    "Women in Tech",
];

const FORMATS: &[&str] = &[
    "Foundations",
    "Circle",
    "Mentoring",
    "Cohort",
    "Fellowship",
    "Bootcamp",
];

const COLORS: &[&str] = &[
    "#4f46e5", "#0d9488", "#b45309", "#be123c", "#15803d", "#7c3aed", "#0369a1", "#a21caf",
];

const MATCHING: &[MatchingMode] = MatchingMode::ALL;

/// A registration question's template: kind, prompt, help, required, options.
type Template = (
    QuestionKind,
    &'static str,
    &'static str,
    bool,
    &'static [&'static str],
);

pub(crate) const MENTEE_QUESTIONS: &[Template] = &[
    (
        QuestionKind::ShortText,
        "What do you want to get out of this program?",
        "One sentence is enough.",
        true,
        &[],
    ),
    (
        QuestionKind::LongText,
        "Tell us about your background.",
        "Where you are now and where you would like to be in a year.",
        true,
        &[],
    ),
    (
        QuestionKind::SingleChoice,
        "How much time can you give each week?",
        "",
        true,
        &["1 hour", "2 to 3 hours", "4 hours or more"],
    ),
    (
        QuestionKind::MultipleChoice,
        "Which topics interest you most?",
        "Choose as many as you like.",
        false,
        &[
            "Career growth",
            "Technical skills",
            "Leadership",
            "Interviewing",
        ],
    ),
    (
        QuestionKind::YesNo,
        "Have you been mentored before?",
        "",
        false,
        &[],
    ),
    (
        QuestionKind::Number,
        "Years of experience in the field",
        "0 is a fine answer.",
        false,
        &[],
    ),
];

pub(crate) const MENTOR_QUESTIONS: &[Template] = &[
    (
        QuestionKind::LongText,
        "What would you like to share with mentees?",
        "",
        true,
        &[],
    ),
    (
        QuestionKind::Number,
        "How many mentees can you take?",
        "",
        true,
        &[],
    ),
    (
        QuestionKind::SingleChoice,
        "How would you like to meet?",
        "",
        false,
        &["Video call", "Chat", "In person"],
    ),
    (
        QuestionKind::YesNo,
        "Have you mentored before?",
        "",
        false,
        &[],
    ),
];

/// Every program with its admins and questions.
pub(crate) fn generate(options: &ScaleOptions, layout: &Layout) -> Rows {
    let mut rng = Rng::new(SEED);
    let now = base_time();
    let mut rows = Rows {
        programs: Vec::with_capacity(options.programs),
        admins: Vec::with_capacity(options.programs * 2),
        questions: Vec::new(),
    };
    for index in 0..options.programs {
        let id = index as i64 + 1;
        let topic = *rng.pick(TOPICS);
        let format = *rng.pick(FORMATS);
        let first = index == 0;
        let status = match rng.below(100) {
            _ if first => ProgramStatus::Open,
            0..=79 => ProgramStatus::Open,
            80..=91 => ProgramStatus::Closed,
            _ => ProgramStatus::Draft,
        };
        let listed = first || rng.chance(92);
        let approval = if first || rng.chance(75) {
            Approval::Manual
        } else {
            Approval::Automatic
        };
        let created = now - Duration::days(rng.between(400, 720)) + Duration::minutes(id);
        let admin = layout.program_admin_id(index % layout.program_admins);
        rows.admins.push(AdminRow {
            program_id: id,
            user_id: admin,
            created_at: created,
        });
        if layout.program_admins > 1 && rng.chance(50) {
            let offset = 1 + rng.below(layout.program_admins - 1);
            rows.admins.push(AdminRow {
                program_id: id,
                user_id: layout.program_admin_id((index + offset) % layout.program_admins),
                created_at: created + Duration::days(3),
            });
        }
        for (role, templates, least) in [
            (Role::Mentor, MENTOR_QUESTIONS, 2),
            (Role::Mentee, MENTEE_QUESTIONS, 3),
        ] {
            let count = least + rng.below(templates.len() - least + 1);
            for (position, (kind, prompt, help, required, choices)) in
                templates.iter().take(count).enumerate()
            {
                rows.questions.push(QuestionRow {
                    id: rows.questions.len() as i64 + 1,
                    program_id: id,
                    role,
                    position: position as i32 + 1,
                    kind: *kind,
                    prompt: (*prompt).into(),
                    help_text: (*help).into(),
                    required: *required,
                    options: serde_json::to_string(choices).expect("strings serialize"),
                    deleted_at: None,
                    created_at: created,
                    updated_at: created,
                });
            }
        }
        rows.programs.push(ProgramRow {
            id,
            name: format!("{topic} {format} {id:04}"),
            slug: format!("program-{id:04}"),
            summary: format!(
                "A {} {} program pairing experienced mentors with people growing in {}.",
                rng.pick(&["six-week", "three-month", "half-year", "year-long"]),
                topic.to_lowercase(),
                topic.to_lowercase()
            ),
            about_md: about(topic, format, &mut rng),
            cover_color: (*rng.pick(COLORS)).into(),
            status,
            listed,
            accepts_mentors: true,
            accepts_mentees: true,
            approval,
            matching_mode: *rng.pick(MATCHING),
            default_mentor_capacity: rng.between(1, 4) as i32,
            allow_reapply: rng.chance(70),
            created_by: admin,
            created_at: created,
            updated_at: created + Duration::days(rng.between(0, 30)),
        });
    }
    rows
}

fn about(topic: &str, format: &str, rng: &mut Rng) -> String {
    let weeks = rng.between(6, 26);
    let hours = rng.between(1, 3);
    format!(
        "## About the {topic} {format}\n\n\
         This program brings together people who work in **{topic}** and people who want to. \
         Each mentee is paired with a mentor for {weeks} weeks.\n\n\
         ### What mentors commit to\n\n\
         - a {hours}-hour call every two weeks\n\
         - written feedback on one piece of work\n\
         - pointing their mentee to people and resources\n\n\
         ### What mentees commit to\n\n\
         - a goal for the program, written down in the first week\n\
         - preparing each call\n\
         - sharing what they learned with the group at the end\n\n\
         Questions? Write to the program admins from the program's page."
    )
}

pub(crate) async fn insert(db: &Db, rows: Rows) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        conn.insert_batches(&rows.programs).await?;
        conn.insert_batches(&rows.admins).await?;
        conn.insert_batches(&rows.questions).await?;
        Ok(())
    })
}
