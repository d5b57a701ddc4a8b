//! Resources: the hub's library (8 sections, 200 resources, a few
//! pinned) and every program's (2 sections, 12 resources, some for its
//! mentors or its mentees only), links and pages (no files: a scale hub
//! has no file store behind it), added over the year before
//! [`base_time`]. Ids are given: hub resources are 1..=200, so `make
//! bench` opens `/resources/1`; `program-0001`'s first is 201.

use super::{base_time, batch_row, programs, InsertBatches, Rng};
use app::{
    db::{
        schema::{resource_sections, resources},
        Db,
    },
    error::AppError,
    programs::Audience,
    resources::ResourceKind,
    write_transaction,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

const SEED: u64 = 0x5ca1_e000_0000_0007;
pub(crate) const HUB_RESOURCES: usize = 200;
const HUB_SECTIONS: usize = 8;
const PROGRAM_RESOURCES: usize = 12;
const PROGRAM_SECTIONS: usize = 2;

#[derive(Debug, Clone, Insertable)]
#[cfg_attr(test, derive(PartialEq, Queryable, Selectable))]
#[diesel(table_name = resource_sections)]
pub(crate) struct SectionRow {
    pub(crate) id: i64,
    pub(crate) program_id: Option<i64>,
    pub(crate) title: String,
    pub(crate) position: i32,
    pub(crate) created_at: NaiveDateTime,
}
batch_row!(SectionRow, resource_sections::table, 5);

#[derive(Debug, Clone, Insertable)]
#[cfg_attr(test, derive(PartialEq, Queryable, Selectable))]
#[diesel(table_name = resources, treat_none_as_null = true)]
pub(crate) struct ResourceRow {
    pub(crate) id: i64,
    pub(crate) program_id: Option<i64>,
    pub(crate) section_id: Option<i64>,
    pub(crate) kind: ResourceKind,
    pub(crate) title: String,
    pub(crate) summary: String,
    pub(crate) url: String,
    pub(crate) body_md: String,
    pub(crate) body_html: String,
    pub(crate) audience: Audience,
    pub(crate) pinned: bool,
    pub(crate) position: i32,
    pub(crate) created_by: Option<i64>,
    pub(crate) created_at: NaiveDateTime,
    pub(crate) updated_at: NaiveDateTime,
}
batch_row!(ResourceRow, resources::table, 15);

pub(crate) struct Rows {
    pub(crate) sections: Vec<SectionRow>,
    pub(crate) resources: Vec<ResourceRow>,
}

const TOPICS: &[&str] = &[
    "first meetings",
    "setting goals",
    "giving feedback",
    "career changes",
    "code review",
    "public speaking",
    "time management",
    "negotiating a raise",
    "writing a portfolio",
    "leading a team",
];
const SECTION_TITLES: &[&str] = &[
    "Getting started",
    "For mentors",
    "For mentees",
    "Templates",
    "Reading list",
    "Recordings",
    "Tools",
    "Program rules",
];

struct Library<'a> {
    rng: &'a mut Rng,
    sections: &'a mut Vec<SectionRow>,
    resources: &'a mut Vec<ResourceRow>,
}

impl Library<'_> {
    fn fill(&mut self, program_id: Option<i64>, by: i64, sections: usize, count: usize) {
        let now = base_time();
        let first_section = self.sections.len() as i64 + 1;
        for position in 0..sections {
            self.sections.push(SectionRow {
                id: self.sections.len() as i64 + 1,
                program_id,
                title: SECTION_TITLES[position % SECTION_TITLES.len()].into(),
                position: position as i32,
                created_at: now - Duration::days(365),
            });
        }
        for n in 0..count {
            let rng = &mut *self.rng;
            let topic = *rng.pick(TOPICS);
            let kind = if rng.chance(50) {
                ResourceKind::Page
            } else {
                ResourceKind::Link
            };
            // A quarter outside any section; the rest spread over them.
            let section_id = (!rng.chance(25)).then(|| first_section + rng.below(sections) as i64);
            // Each library's first is everyone's (`make bench` opens it).
            let audience = match (program_id, rng.below(6)) {
                _ if n == 0 => Audience::Everyone,
                (Some(_), 0) => Audience::Mentors,
                (Some(_), 1) => Audience::Mentees,
                _ => Audience::Everyone,
            };
            let created = now - Duration::hours(rng.between(1, 365 * 24));
            let (url, body_md) = match kind {
                ResourceKind::Link => (
                    format!(
                        "https://guides.{}/{}/{n}",
                        super::DOMAIN,
                        topic.replace(' ', "-")
                    ),
                    String::new(),
                ),
                _ => (
                    String::new(),
                    format!(
                        "## About {topic}\n\nNotes on {topic} for the members of this library: \
                         what worked for others, questions to ask, and a checklist.\n\n\
                         - Prepare one question\n- Agree on a next step\n- Review it next time\n"
                    ),
                ),
            };
            let body_html = app::markdown::to_safe_html(&body_md);
            self.resources.push(ResourceRow {
                id: self.resources.len() as i64 + 1,
                program_id,
                section_id,
                kind,
                title: format!("Guide {n}: {topic}"),
                summary: format!("A short guide to {topic}."),
                url,
                body_md,
                body_html,
                audience,
                pinned: n < 2,
                position: n as i32,
                created_by: Some(by),
                created_at: created,
                updated_at: created,
            });
        }
    }
}

pub(crate) fn generate(programs: &programs::Rows) -> Rows {
    let mut rng = Rng::new(SEED);
    let (mut sections, mut resources) = (Vec::new(), Vec::new());
    let mut library = Library {
        rng: &mut rng,
        sections: &mut sections,
        resources: &mut resources,
    };
    library.fill(None, 1, HUB_SECTIONS, HUB_RESOURCES);
    for program in &programs.programs {
        let by = programs.first_admin(program.id);
        library.fill(Some(program.id), by, PROGRAM_SECTIONS, PROGRAM_RESOURCES);
    }
    Rows {
        sections,
        resources,
    }
}

pub(crate) async fn insert(db: &Db, rows: Rows) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        conn.insert_batches(&rows.sections).await?;
        conn.insert_batches(&rows.resources).await?;
        Ok(())
    })
}
