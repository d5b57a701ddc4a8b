//! Accounts: a few hub admins, the program admins and the members, every
//! one with a filled profile and expertise tags.
//!
//! Ids are given out in that order: `1..=hub_admins` are
//! `hubadmin01@scale.example`…, then `admin00001@scale.example`… (each
//! administers programs, see `programs`), then `member00001@scale.example`…

use super::{base_time, batch_row, InsertBatches, Rng, ScaleOptions, DOMAIN};
use app::{
    db::{
        schema::{user_tags, users},
        Db,
    },
    error::AppError,
    write_transaction,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

/// Who gets which ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Layout {
    pub(crate) hub_admins: usize,
    pub(crate) program_admins: usize,
    /// Every account, admins included.
    pub(crate) members: usize,
}

impl Layout {
    pub(crate) fn new(options: &ScaleOptions) -> Layout {
        Layout {
            hub_admins: (options.members / 100).clamp(1, 3),
            // Each admins four programs on average (one or two admins each).
            program_admins: options.programs.div_ceil(4),
            members: options.members,
        }
    }

    /// Hub admins, program admins, and at least one plain member.
    pub(crate) fn least_members(&self) -> usize {
        self.hub_admins + self.program_admins + 1
    }

    pub(crate) fn program_admin_id(&self, index: usize) -> i64 {
        (self.hub_admins + 1 + index) as i64
    }

    pub(crate) fn first_member_id(&self) -> i64 {
        (self.hub_admins + self.program_admins + 1) as i64
    }

    /// The ids of everyone but the hub admins: who joins programs.
    pub(crate) fn joiners(&self) -> std::ops::RangeInclusive<i64> {
        self.program_admin_id(0)..=self.members as i64
    }

    fn local_part(&self, id: i64) -> String {
        let id = id as usize;
        if id <= self.hub_admins {
            format!("hubadmin{id:02}")
        } else if id <= self.hub_admins + self.program_admins {
            format!("admin{:05}", id - self.hub_admins)
        } else {
            format!("member{:05}", id - self.hub_admins - self.program_admins)
        }
    }
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = users, treat_none_as_null = true)]
pub(crate) struct UserRow {
    pub(crate) id: i64,
    pub(crate) email: String,
    pub(crate) email_key: String,
    pub(crate) name: String,
    pub(crate) password_hash: String,
    pub(crate) is_hub_admin: bool,
    pub(crate) deactivated_at: Option<NaiveDateTime>,
    pub(crate) headline: String,
    pub(crate) bio: String,
    pub(crate) location: String,
    pub(crate) time_zone: String,
    pub(crate) languages: String,
    pub(crate) website_url: String,
    pub(crate) linkedin_url: String,
    pub(crate) created_at: NaiveDateTime,
    pub(crate) updated_at: NaiveDateTime,
}
batch_row!(UserRow, users::table, 16);

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = user_tags)]
pub(crate) struct TagRow {
    pub(crate) user_id: i64,
    pub(crate) tag: String,
    pub(crate) tag_key: String,
}
batch_row!(TagRow, user_tags::table, 3);

pub(crate) struct Rows {
    pub(crate) layout: Layout,
    pub(crate) users: Vec<UserRow>,
    pub(crate) tags: Vec<TagRow>,
}

impl Rows {
    pub(crate) fn email_of(&self, id: i64) -> String {
        format!("{}@{DOMAIN}", self.layout.local_part(id))
    }
}

const SEED: u64 = 0x5ca1_e000_0000_0001;

const FIRST_NAMES: &[&str] = &[
    "Amara", "Ben", "Chen", "Dalia", "Emeka", "Farah", "Gabriel", "Hana", "Ivan", "Jonas", "Kavya",
    "Liam", "Mei", "Nadia", "Omar", "Paula", "Quentin", "Rosa", "Sami", "Tariq", "Uma", "Viktor",
    "Wen", "Ximena", "Yusuf", "Zoe", "Aiko", "Bruno", "Carmen", "Diego", "Elif", "Felix", "Grace",
    "Hugo", "Ines", "Jin", "Kofi", "Lena", "Mateo", "Noor",
];

const LAST_NAMES: &[&str] = &[
    "Abara",
    "Berg",
    "Costa",
    "Duarte",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quinn",
    "Rossi",
    "Singh",
    "Tanaka",
    "Usman",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zhang",
    "Almeida",
    "Banerjee",
    "Chopra",
    "Dubois",
    "Engel",
    "Ferreira",
    "Gomez",
    "Horvat",
    "Iyer",
    "Kim",
    "Lopez",
    "Mensah",
    "Novak",
    "Olsen",
];

const JOBS: &[&str] = &[
    "Software engineer",
    "Senior backend engineer",
    "Frontend developer",
    "Data analyst",
    "Data scientist",
    "Product designer",
    "UX researcher",
    "Engineering manager",
    "Site reliability engineer",
    "Product manager",
    "Security engineer",
    "Machine learning engineer",
    "Technical writer",
    "Career changer",
    "Computer science student",
];

const COMPANIES: &[&str] = &[
    "a fintech start-up",
    "a public broadcaster",
    "an online grocer",
    "a climate-data non-profit",
    "a games studio",
    "a hospital group",
    "a logistics company",
    "a university lab",
    "a design agency",
    "an open-source foundation",
    "a travel platform",
    "a city council",
];

/// (location, IANA time zone)
const PLACES: &[(&str, &str)] = &[
    ("Lisbon, Portugal", "Europe/Lisbon"),
    ("Berlin, Germany", "Europe/Berlin"),
    ("Lagos, Nigeria", "Africa/Lagos"),
    ("Nairobi, Kenya", "Africa/Nairobi"),
    ("Bengaluru, India", "Asia/Kolkata"),
    ("Tokyo, Japan", "Asia/Tokyo"),
    ("São Paulo, Brazil", "America/Sao_Paulo"),
    ("Mexico City, Mexico", "America/Mexico_City"),
    ("Toronto, Canada", "America/Toronto"),
    ("Seattle, USA", "America/Los_Angeles"),
    ("Melbourne, Australia", "Australia/Melbourne"),
    ("Istanbul, Türkiye", "Europe/Istanbul"),
    ("Stockholm, Sweden", "Europe/Stockholm"),
    ("Singapore", "Asia/Singapore"),
];

const LANGUAGES: &[&str] = &[
    "Spanish",
    "French",
    "German",
    "Portuguese",
    "Hindi",
    "Japanese",
    "Mandarin",
    "Arabic",
    "Swahili",
    "Turkish",
];

pub(crate) const EXPERTISE: &[&str] = &[
    "Rust",
    "Python",
    "TypeScript",
    "SQL",
    "Distributed systems",
    "Data visualisation",
    "Machine learning",
    "Accessibility",
    "Design systems",
    "User research",
    "Career growth",
    "Interviewing",
    "Public speaking",
    "Code review",
    "Cloud infrastructure",
    "Security",
    "Leadership",
    "Open source",
    "Testing",
    "Technical writing",
];

const BIO_OPENINGS: &[&str] = &[
    "I came to software from teaching, and I still like explaining things best.",
    "I have spent most of my career on small teams shipping products people rely on.",
    "I started programming late, through a bootcamp, and never looked back.",
    "I work where data, design and engineering meet.",
    "Most of my days are spent reviewing code and untangling legacy systems.",
];

const BIO_ASKS: &[&str] = &[
    "I am here to learn from people further along the road.",
    "I would like to give back some of the mentoring I was lucky to get.",
    "Ask me about **career changes**, **first jobs** and *imposter syndrome*.",
    "I am happy to pair on code, review a CV or just talk through a decision.",
    "I am looking for feedback on my portfolio and on how to grow into a senior role.",
];

/// Every account's row and tags; `password_hash` is shared by all.
pub(crate) fn generate(layout: &Layout, password_hash: &str) -> Rows {
    let mut rng = Rng::new(SEED);
    let now = base_time();
    let mut users = Vec::with_capacity(layout.members);
    let mut tags = Vec::new();
    for id in 1..=layout.members as i64 {
        let first = *rng.pick(FIRST_NAMES);
        let last = *rng.pick(LAST_NAMES);
        let job = *rng.pick(JOBS);
        let company = *rng.pick(COMPANIES);
        let (location, time_zone) = *rng.pick(PLACES);
        let mut languages = vec!["English"];
        if rng.chance(60) {
            languages.push(rng.pick(LANGUAGES));
        }
        let expertise = {
            let count = rng.below(3) + 2;
            rng.pick_some(EXPERTISE, count)
        };
        let joined = now - Duration::days(rng.between(30, 700)) - Duration::minutes(id);
        let email = format!("{}@{DOMAIN}", layout.local_part(id));
        let is_hub_admin = id as usize <= layout.hub_admins;
        let headline = if is_hub_admin {
            "Runs this hub".to_owned()
        } else {
            format!("{job} at {company}")
        };
        let bio = format!(
            "{} {} I know my way around {}.\n\n{}",
            rng.pick(BIO_OPENINGS),
            if rng.chance(50) {
                format!("These days I am a {} at {company}.", job.to_lowercase())
            } else {
                format!("I live in {location}.")
            },
            expertise
                .iter()
                .map(|tag| tag.to_lowercase())
                .collect::<Vec<_>>()
                .join(", "),
            rng.pick(BIO_ASKS),
        );
        for tag in &expertise {
            tags.push(TagRow {
                user_id: id,
                tag: (**tag).to_owned(),
                tag_key: tag.to_lowercase(),
            });
        }
        users.push(UserRow {
            id,
            email_key: app::accounts::policy::email_key(&email),
            email,
            name: format!("{first} {last}"),
            password_hash: password_hash.to_owned(),
            is_hub_admin,
            deactivated_at: None,
            headline,
            bio,
            location: location.to_owned(),
            time_zone: time_zone.to_owned(),
            languages: languages.join(", "),
            website_url: String::new(),
            linkedin_url: String::new(),
            created_at: joined,
            updated_at: joined,
        });
    }
    Rows {
        layout: *layout,
        users,
        tags,
    }
}

pub(crate) async fn insert(db: &Db, rows: Rows) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        conn.insert_batches(&rows.users).await?;
        conn.insert_batches(&rows.tags).await?;
        Ok(())
    })
}
