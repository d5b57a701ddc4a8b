//! Demo data for a hub's first start: a demo admin, a dozen members with
//! profiles, five programs in different states with members, pending
//! applications and an invitation link, discussions, and events (coming
//! and past, one full with a waitlist), so a new user sees the product at
//! work instead of empty pages. `DEMO_DATA=off` turns it off.
//!
//! Everything goes through the same store functions the app uses, so the
//! data obeys the app's rules. It is only ever added to an empty hub: the
//! first account of a hub becomes its admin, and demo members must never
//! land next to real ones.
//!
//! `seed_if_empty` is the entry point: the admin, the hub's settings and
//! `people`, then one module per program, in the order they were created,
//! then what spans the hub and its programs (`mentoring`, `discussion`,
//! `events`); the long texts are Markdown files in `texts/`.

mod data_careers;
mod discussion;
mod events;
mod first_contributions;
mod leadership_circle;
mod mentoring;
mod people;
mod product_design;
mod resources;
mod rust_foundations;

use app::{
    accounts::{security, store as accounts},
    db::{
        schema::{outbox, users},
        Db,
    },
    email::store::OutboxStatus,
    error::AppError,
    hub::{self, HubSettings},
    programs::{
        store as programs, Answers, ApplicationForm, Decision, Program, ProgramSettings,
        ProgramStatus, Question, QuestionDraft, QuestionKind, Role,
    },
    run_query,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use people::{save_profile, ADMIN, PEOPLE};
use std::collections::HashMap;

/// Reserved for documentation (RFC 2606): mail to it can never reach anyone.
pub const DEMO_DOMAIN: &str = "demo.mentorhub.example";
pub const ADMIN_EMAIL: &str = "admin@demo.mentorhub.example";
/// Demo passwords are made up at the first start, never published: a demo
/// hub that ends up reachable from the internet is not an open door. Every
/// demo member shares one (and one hash of it).
pub fn random_password() -> Result<String, AppError> {
    // 256 random bits, base64url; the first 20 characters (120 bits) in
    // groups of five, easy to read from a log.
    let (token, _) = security::new_token()?;
    let chars: Vec<char> = token.chars().take(20).collect();
    Ok(chars
        .chunks(5)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-"))
}
/// The member whose sign-in the server log shows: a mentor in two programs.
const SHOWN_MEMBER: &str = "priya";

/// What was seeded, for the server log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    pub admin_email: String,
    pub admin_password: String,
    pub member_name: String,
    pub member_email: String,
    pub member_password: String,
    pub members: usize,
    pub programs: usize,
    pub pending_applications: usize,
    /// The Leadership Circle's invitation link (the circle is closed to
    /// everyone without one).
    pub invitation_url: String,
}

/// What every program's seeding needs: where, when, and who is who.
struct Seeding<'a> {
    db: &'a Db,
    site_url: &'a str,
    now: NaiveDateTime,
    /// The demo admin's id.
    admin: i64,
    /// Member ids by their key in [`PEOPLE`].
    members: HashMap<&'static str, i64>,
}

impl Seeding<'_> {
    fn ago(&self, days: i64) -> NaiveDateTime {
        self.now - Duration::days(days)
    }

    fn id(&self, key: &str) -> i64 {
        self.members[key]
    }
}

/// Seeds the demo hub when there is no account yet; returns `None` (and
/// changes nothing) when there is one.
pub async fn seed_if_empty(
    db: &Db,
    site_url: &str,
    key: &app::discussion::seal::SecretKey,
    files: &app::resources::storage::FileStore,
    now: NaiveDateTime,
) -> Result<Option<DemoSummary>, AppError> {
    if user_count(db).await? > 0 {
        return Ok(None);
    }
    // Argon2 is slow on purpose: one hash for the admin, one shared by
    // every demo member.
    let admin_password = random_password()?;
    let member_password = random_password()?;
    let admin_hash = security::hash_password(admin_password.clone()).await?;
    let member_hash = security::hash_password(member_password.clone()).await?;
    let ago = |days: i64| now - Duration::days(days);

    let existed = accounts::create_or_promote_admin(
        db,
        ADMIN.name,
        ADMIN_EMAIL,
        Some(&admin_hash),
        ago(ADMIN.joined_days_ago),
    )
    .await?;
    if existed {
        // Another server process seeding the same database got here first.
        return Ok(None);
    }
    let admin = accounts::find_by_email(db, ADMIN_EMAIL)
        .await?
        .ok_or(AppError::NotFound)?
        .id;
    save_profile(db, admin, &ADMIN, now).await?;

    let current = hub::store::load(db).await?;
    hub::store::update(
        db,
        HubSettings {
            hub_name: "Open Mentoring Collective".into(),
            tagline: "Mentors and mentees from software, design and data, learning from each \
                      other across time zones."
                .into(),
            ..current
        },
    )
    .await?;

    let members = people::sign_up_all(db, &member_hash, now).await?;
    let seeding = Seeding {
        db,
        site_url,
        now,
        admin,
        members,
    };
    let data = data_careers::seed(&seeding).await?;
    let invitation_url = leadership_circle::seed(&seeding).await?;
    rust_foundations::seed(&seeding).await?;
    product_design::seed(&seeding).await?;
    first_contributions::seed(&seeding).await?;
    mentoring::seed(&seeding).await?;
    discussion::seed(&seeding, key).await?;
    events::seed(&seeding).await?;
    resources::seed(&seeding, files).await?;

    // The archive comes last: an archived program takes no applications.
    set_status(db, data, ProgramStatus::Archived, ago(120)).await?;

    // Decisions queued approval and decline emails to the demo addresses:
    // nobody can receive them, so they never reach the outbox's worker
    // (which this process starts only after seeding).
    discard_demo_emails(db).await?;

    let shown = PEOPLE
        .iter()
        .find(|person| person.key == SHOWN_MEMBER)
        .expect("the shown member is one of PEOPLE");
    Ok(Some(DemoSummary {
        admin_email: ADMIN_EMAIL.into(),
        admin_password,
        member_name: shown.name.into(),
        member_email: shown.email(),
        member_password,
        members: PEOPLE.len(),
        programs: 5,
        pending_applications: 3,
        invitation_url,
    }))
}

async fn user_count(db: &Db) -> Result<i64, AppError> {
    Ok(run_query!(db, |conn| {
        users::table.count().get_result::<i64>(conn).await
    })?)
}

/// Removes the emails queued for demo addresses that no worker has taken.
async fn discard_demo_emails(db: &Db) -> Result<usize, AppError> {
    let pattern = format!("%@{DEMO_DOMAIN}");
    Ok(run_query!(db, |conn| {
        diesel::delete(
            outbox::table
                .filter(outbox::recipient.like(&pattern))
                .filter(outbox::status.eq(OutboxStatus::Pending)),
        )
        .execute(conn)
        .await
    })?)
}

// ---------------------------------------------------------------------------
// Helpers over the store functions
// ---------------------------------------------------------------------------

/// The settings every demo program starts from: open and listed, for both
/// roles. Programs that end up closed or archived are moved there after
/// their members have applied.
fn open_program() -> ProgramSettings {
    ProgramSettings {
        status: ProgramStatus::Open,
        listed: true,
        accepts_mentors: true,
        accepts_mentees: true,
        ..ProgramSettings::default()
    }
}

async fn create(
    db: &Db,
    admin: i64,
    settings: ProgramSettings,
    at: NaiveDateTime,
) -> Result<Program, AppError> {
    programs::create_program(db, settings, admin, at).await
}

async fn set_status(
    db: &Db,
    program: Program,
    status: ProgramStatus,
    at: NaiveDateTime,
) -> Result<Program, AppError> {
    let settings = ProgramSettings {
        status,
        ..program.settings
    };
    programs::update_program(db, program.id, settings, at).await
}

fn question(
    role: Role,
    kind: QuestionKind,
    prompt: &str,
    help_text: &str,
    required: bool,
    options: &[&str],
) -> QuestionDraft {
    QuestionDraft {
        role,
        kind,
        prompt: prompt.into(),
        help_text: help_text.into(),
        required,
        options: options.iter().map(|option| (*option).to_owned()).collect(),
    }
}

async fn questions(
    db: &Db,
    program: &Program,
    drafts: Vec<QuestionDraft>,
    at: NaiveDateTime,
) -> Result<Vec<Question>, AppError> {
    let mut added = Vec::with_capacity(drafts.len());
    for draft in drafts {
        added.push(programs::add_question(db, program.id, draft, at).await?);
    }
    Ok(added)
}

/// Answers as the form posts them; several choices one per line.
fn answers(given: &[(&Question, &str)]) -> Answers {
    given
        .iter()
        .map(|(question, value)| (question.id, (*value).to_owned()))
        .collect()
}

/// Applies as the member would; returns the membership id.
async fn apply(
    db: &Db,
    program: &Program,
    user_id: i64,
    role: Role,
    answers: Answers,
    invitation_token: Option<&str>,
    at: NaiveDateTime,
) -> Result<i64, AppError> {
    let form = ApplicationForm {
        role,
        answers,
        invitation_token: invitation_token.map(str::to_owned),
    };
    Ok(
        programs::submit_application(db, program.id, user_id, &form, at)
            .await?
            .membership_id,
    )
}

async fn decide(
    db: &Db,
    program: &Program,
    membership_ids: &[i64],
    decision: Decision,
    decided_by: i64,
    site_url: &str,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    programs::decide_applications(
        db,
        program.id,
        membership_ids,
        &decision,
        decided_by,
        site_url,
        at,
    )
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Texts
// ---------------------------------------------------------------------------

/// A text from `texts/` as stored: without the file's last newline.
fn text(file: &'static str) -> &'static str {
    file.strip_suffix('\n').unwrap_or(file)
}

/// A text from `texts/` with each `{name}` placeholder replaced by the day
/// `dates` gives for it.
fn with_dates(file: &'static str, dates: &[(&str, NaiveDateTime)]) -> String {
    let mut filled = text(file).to_owned();
    for (name, at) in dates {
        filled = filled.replace(&format!("{{{name}}}"), &day(*at));
    }
    filled
}

fn day(at: NaiveDateTime) -> String {
    at.format("%A %-d %B %Y").to_string()
}

#[cfg(test)]
mod tests;
