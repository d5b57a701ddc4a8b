//! Memberships: approved mentors and mentees spread over the programs that
//! are not drafts, and pending applications (in open, manually approved
//! programs) with answers to the program's questions for their role.
//!
//! `member00001` is approved in the first four programs that are not drafts
//! (administering none); `program-0001` gets the first ten applications, so
//! its admin `admin00001` has a queue to review. Nobody joins a program they
//! administer, and hub admins join nothing.

use super::{
    accounts::Layout,
    base_time, batch_row,
    programs::{self, QuestionRow},
    InsertBatches, Rng, ScaleOptions,
};
use app::programs::{Approval, MembershipStatus, ProgramStatus, QuestionKind, Role};
use app::{
    db::{
        schema::{application_answers, memberships},
        Db,
    },
    error::AppError,
    write_transaction,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = memberships, treat_none_as_null = true)]
pub(crate) struct MembershipRow {
    pub(crate) id: i64,
    pub(crate) program_id: i64,
    pub(crate) user_id: i64,
    pub(crate) role: Role,
    pub(crate) status: MembershipStatus,
    pub(crate) invitation_id: Option<i64>,
    pub(crate) applied_at: NaiveDateTime,
    pub(crate) decided_by: Option<i64>,
    pub(crate) decided_at: Option<NaiveDateTime>,
    pub(crate) decision_message: Option<String>,
    pub(crate) joined_at: Option<NaiveDateTime>,
    pub(crate) created_at: NaiveDateTime,
    pub(crate) updated_at: NaiveDateTime,
}
batch_row!(MembershipRow, memberships::table, 13);

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = application_answers)]
pub(crate) struct AnswerRow {
    pub(crate) id: i64,
    pub(crate) membership_id: i64,
    pub(crate) question_id: i64,
    pub(crate) prompt: String,
    pub(crate) value: String,
}
batch_row!(AnswerRow, application_answers::table, 5);

pub(crate) struct Rows {
    pub(crate) memberships: Vec<MembershipRow>,
    pub(crate) answers: Vec<AnswerRow>,
}

const SEED: u64 = 0x5ca1_e000_0000_0003;

/// How many approved memberships the first member gets.
const FIRST_MEMBER_PROGRAMS: usize = 4;
/// How many applications go to `program-0001`.
const FIRST_PROGRAM_APPLICATIONS: usize = 10;

const TOO_MANY: &str = "that many memberships and applications do not fit in these programs \
     and members (at most half of the pairs of a member and a program that takes them): ask \
     for fewer, or for more programs or members";

const SHORT_ANSWERS: &[&str] = &[
    "A clearer idea of my next career step.",
    "Feedback on my work from someone experienced.",
    "Confidence to lead a project on my own.",
    "A network in a field that is new to me.",
];

const LONG_ANSWERS: &[&str] = &[
    "I have worked for three years in a small team, mostly on the backend. I would like to \
     grow into a role where I design systems, not only build them.",
    "I am changing careers after ten years in teaching. I have finished a course and built \
     two projects, and I want advice on getting my first job.",
    "I lead a team of four and would like to hear how others run planning, reviews and \
     one-to-ones.",
    "I have mentored informally at work and would like to do it more deliberately, with \
     people outside my company.",
];

struct Builder<'a> {
    rng: Rng,
    programs: &'a programs::Rows,
    taken: HashSet<(i64, i64)>,
    rows: Rows,
    questions: HashMap<(i64, Role), Vec<&'a QuestionRow>>,
}

impl Builder<'_> {
    fn add(&mut self, program_id: i64, user_id: i64, pending: bool) {
        self.taken.insert((program_id, user_id));
        let id = self.rows.memberships.len() as i64 + 1;
        let role = if self.rng.chance(30) {
            Role::Mentor
        } else {
            Role::Mentee
        };
        let program = &self.programs.programs[program_id as usize - 1];
        let applied = if pending {
            base_time() - Duration::hours(self.rng.between(1, 24 * 20))
        } else {
            base_time() - Duration::hours(self.rng.between(24 * 30, 24 * 380))
        };
        let (decided_by, decided_at) = match (pending, program.approval) {
            (true, _) => (None, None),
            (false, Approval::Automatic) => (None, Some(applied)),
            (false, _) => (
                Some(self.programs.first_admin(program_id)),
                Some(applied + Duration::hours(self.rng.between(1, 24 * 5))),
            ),
        };
        self.rows.memberships.push(MembershipRow {
            id,
            program_id,
            user_id,
            role,
            status: if pending {
                MembershipStatus::Pending
            } else {
                MembershipStatus::Approved
            },
            invitation_id: None,
            applied_at: applied,
            decided_by,
            decided_at,
            decision_message: None,
            joined_at: decided_at,
            created_at: applied,
            updated_at: decided_at.unwrap_or(applied),
        });
        if pending {
            self.answer(id, program_id, role);
        }
    }

    fn answer(&mut self, membership_id: i64, program_id: i64, role: Role) {
        let Some(questions) = self.questions.get(&(program_id, role)) else {
            return;
        };
        for question in questions {
            if !question.required && !self.rng.chance(70) {
                continue;
            }
            let options: Vec<String> =
                serde_json::from_str(&question.options).expect("generated options are JSON");
            let value = match question.kind {
                QuestionKind::ShortText => (*self.rng.pick(SHORT_ANSWERS)).to_owned(),
                QuestionKind::LongText => (*self.rng.pick(LONG_ANSWERS)).to_owned(),
                QuestionKind::SingleChoice => self.rng.pick(&options).clone(),
                QuestionKind::MultipleChoice => {
                    let count = 1 + self.rng.below(2);
                    let chosen = self.rng.pick_some(&options, count);
                    chosen.into_iter().cloned().collect::<Vec<_>>().join("\n")
                }
                QuestionKind::YesNo => if self.rng.chance(50) { "yes" } else { "no" }.to_owned(),
                QuestionKind::Number => self.rng.between(0, 12).to_string(),
            };
            self.rows.answers.push(AnswerRow {
                id: self.rows.answers.len() as i64 + 1,
                membership_id,
                question_id: question.id,
                prompt: question.prompt.clone(),
                value,
            });
        }
    }

    /// Adds `count` memberships in random programs of `among`, each for a
    /// random member not yet in that program.
    /// Fails when the programs are too full to find a free pair.
    fn spread(
        &mut self,
        count: usize,
        among: &[i64],
        joiners: &[i64],
        pending: bool,
    ) -> Result<(), String> {
        for _ in 0..count {
            let free = (0..10_000).find_map(|_| {
                let pair = (*self.rng.pick(among), *self.rng.pick(joiners));
                (!self.taken.contains(&pair)).then_some(pair)
            });
            let Some((program_id, user_id)) = free else {
                return Err(TOO_MANY.into());
            };
            self.add(program_id, user_id, pending);
        }
        Ok(())
    }
}

pub(crate) fn generate(
    options: &ScaleOptions,
    layout: &Layout,
    programs: &programs::Rows,
) -> Result<Rows, String> {
    let joiners: Vec<i64> = layout.joiners().collect();
    let member = layout.first_member_id();
    let not_draft: Vec<i64> = programs
        .programs
        .iter()
        .filter(|program| program.status != ProgramStatus::Draft)
        .map(|program| program.id)
        .collect();
    let reviewed: Vec<i64> = programs
        .programs
        .iter()
        .filter(|program| {
            program.status == ProgramStatus::Open && program.approval == Approval::Manual
        })
        .map(|program| program.id)
        .collect();
    // Random picks must keep finding free pairs: at most half of them taken.
    let room = |programs: usize| programs * joiners.len() / 2;
    if options.memberships + options.applications > room(not_draft.len())
        || options.applications > room(reviewed.len())
    {
        return Err(TOO_MANY.into());
    }

    let mut questions: HashMap<(i64, Role), Vec<&QuestionRow>> = HashMap::new();
    for question in &programs.questions {
        questions
            .entry((question.program_id, question.role))
            .or_default()
            .push(question);
    }
    let mut builder = Builder {
        rng: Rng::new(SEED),
        programs,
        taken: programs
            .admins
            .iter()
            .map(|admin| (admin.program_id, admin.user_id))
            .collect(),
        rows: Rows {
            memberships: Vec::with_capacity(options.memberships + options.applications),
            answers: Vec::new(),
        },
        questions,
    };

    let first_member = options.memberships.min(FIRST_MEMBER_PROGRAMS);
    for program_id in not_draft.iter().take(first_member) {
        builder.add(*program_id, member, false);
    }
    builder.spread(
        options.memberships - first_member,
        &not_draft,
        &joiners,
        false,
    )?;
    let first_program = options
        .applications
        .min(FIRST_PROGRAM_APPLICATIONS)
        .min(joiners.len() / 2);
    builder.spread(first_program, &[1], &joiners, true)?;
    builder.spread(
        options.applications - first_program,
        &reviewed,
        &joiners,
        true,
    )?;
    Ok(builder.rows)
}

pub(crate) async fn insert(db: &Db, rows: Rows) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        conn.insert_batches(&rows.memberships).await?;
        conn.insert_batches(&rows.answers).await?;
        Ok(())
    })
}
