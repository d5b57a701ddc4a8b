//! Demo data for a hub's first start: a demo admin, a dozen members with
//! profiles, and five programs in different states with members, pending
//! applications and an invitation link, so a new user sees the product at
//! work instead of empty pages. `DEMO_DATA=off` turns it off.
//!
//! Everything goes through the same store functions the app uses, so the
//! data obeys the app's rules. It is only ever added to an empty hub: the
//! first account of a hub becomes its admin, and demo members must never
//! land next to real ones.
//!
//! `seed_if_empty` is the entry point: the admin, the hub's settings and
//! `people`, then one module per program, in the order they were created;
//! the long texts are Markdown files in `texts/`.

mod data_careers;
mod discussion;
mod first_contributions;
mod leadership_circle;
mod mentoring;
mod people;
mod product_design;
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
mod tests {
    use super::*;
    use app::{
        accounts::policy,
        db::{
            schema::{
                application_answers, memberships, program_admins, program_invitations,
                programs as program_rows, registration_questions, sessions, user_tags,
            },
            testing::on_both_backends,
        },
        error::FieldErrors,
        programs::MatchingMode,
    };
    use std::collections::BTreeSet;

    const SITE: &str = "http://127.0.0.1:3000";

    /// Rows per table that seeding writes to.
    #[derive(Debug, PartialEq, Eq)]
    struct Counts {
        users: i64,
        sessions: i64,
        tags: i64,
        programs: i64,
        program_admins: i64,
        questions: i64,
        invitations: i64,
        memberships: i64,
        answers: i64,
        outbox: i64,
    }

    async fn counts(db: &Db) -> Counts {
        let counts: Result<Counts, AppError> = async {
            Ok(run_query!(db, |conn| {
                Ok::<_, AppError>(Counts {
                    users: users::table.count().get_result(conn).await?,
                    sessions: sessions::table.count().get_result(conn).await?,
                    tags: user_tags::table.count().get_result(conn).await?,
                    programs: program_rows::table.count().get_result(conn).await?,
                    program_admins: program_admins::table.count().get_result(conn).await?,
                    questions: registration_questions::table
                        .count()
                        .get_result(conn)
                        .await?,
                    invitations: program_invitations::table.count().get_result(conn).await?,
                    memberships: memberships::table.count().get_result(conn).await?,
                    answers: application_answers::table.count().get_result(conn).await?,
                    outbox: outbox::table.count().get_result(conn).await?,
                })
            })?)
        }
        .await;
        counts.unwrap()
    }

    /// `(status, matching mode, approval, listed)` of every program.
    async fn program_kinds(db: &Db) -> Vec<(String, String, String, bool)> {
        let rows: Result<_, AppError> = async {
            Ok(run_query!(db, |conn| {
                program_rows::table
                    .order(program_rows::id)
                    .select((
                        program_rows::status,
                        program_rows::matching_mode,
                        program_rows::approval,
                        program_rows::listed,
                    ))
                    .load(conn)
                    .await
            })?)
        }
        .await;
        rows.unwrap()
    }

    /// `(status, decision message)` of every membership.
    async fn membership_statuses(db: &Db) -> Vec<(String, Option<String>)> {
        let rows: Result<_, AppError> = async {
            Ok(run_query!(db, |conn| {
                memberships::table
                    .select((memberships::status, memberships::decision_message))
                    .load(conn)
                    .await
            })?)
        }
        .await;
        rows.unwrap()
    }

    async fn all_emails(db: &Db) -> Vec<String> {
        let rows: Result<_, AppError> = async {
            Ok(run_query!(db, |conn| {
                users::table.select(users::email).load(conn).await
            })?)
        }
        .await;
        rows.unwrap()
    }

    #[test]
    fn demo_passwords_are_random_and_pass_the_password_policy() {
        let admin = random_password().unwrap();
        let member = random_password().unwrap();
        assert_ne!(admin, member);
        assert_eq!(admin.len(), 23, "{admin}");
        let mut errors = FieldErrors::new();
        policy::check_password(&mut errors, "admin", &admin, ADMIN.name, ADMIN_EMAIL);
        for person in PEOPLE {
            policy::check_password(
                &mut errors,
                person.key,
                &member,
                person.name,
                &person.email(),
            );
        }
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn every_placeholder_of_the_texts_is_filled_in() {
        let now = app::email::store::now();
        let abouts = [
            data_careers::about(now, now),
            leadership_circle::about(now, now),
            rust_foundations::about(now),
            product_design::about(now),
            first_contributions::about(now),
        ];
        for about in &abouts {
            assert!(!about.contains(['{', '}']), "{about}");
            assert!(!about.ends_with('\n'));
        }
        for person in std::iter::once(&ADMIN).chain(PEOPLE) {
            let bio = text(person.bio);
            assert!(!bio.is_empty() && !bio.ends_with('\n'), "{}", person.key);
        }
    }

    async fn admin_id(db: &Db) -> i64 {
        accounts::find_by_email(db, ADMIN_EMAIL)
            .await
            .unwrap()
            .unwrap()
            .id
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn an_empty_hub_is_seeded_once() {
        on_both_backends(|db| async move {
            let now = app::email::store::now();
            let demo = seed_if_empty(
                &db,
                SITE,
                &app::discussion::seal::SecretKey::from_bytes([5; 32]),
                now,
            )
            .await
            .unwrap()
            .expect("an empty hub gets demo data");
            let seeded = counts(&db).await;
            assert_eq!(
                seeded,
                Counts {
                    users: 13,
                    // The sessions sign-up opens are all ended.
                    sessions: 0,
                    tags: 50,
                    programs: 5,
                    program_admins: 1,
                    questions: 24,
                    invitations: 1,
                    memberships: 19,
                    answers: 47,
                    // Twelve decision emails were queued and discarded.
                    outbox: 0,
                },
                "{db:?}"
            );
            assert_eq!(demo.members, PEOPLE.len());
            assert_eq!(demo.programs, 5);

            // The hub's discussion: answered (accepted), unanswered, and an
            // anonymous question with answers; Rust Foundations has its own.
            {
                use app::discussion::{store, ThreadFilters};
                let key = app::discussion::seal::SecretKey::from_bytes([5; 32]);
                let viewer = store::Actor {
                    user_id: admin_id(&db).await,
                    name: "admin".into(),
                    moderator: true,
                    key,
                };
                let (_, hub) = store::space_info(&db, None, "Hub", Some(&viewer), now)
                    .await
                    .unwrap();
                let list = store::thread_list(&db, hub, &viewer, ThreadFilters::default())
                    .await
                    .unwrap();
                assert_eq!(list.total, 3, "{db:?}");
                assert!(list.threads.iter().any(|t| t.has_accepted), "{db:?}");
                assert!(list.threads.iter().any(|t| t.answers == 0), "{db:?}");
                let anonymous = list.threads.iter().find(|t| t.author.anonymous).unwrap();
                assert_eq!(anonymous.answers, 2, "{db:?}");
                assert_eq!(anonymous.author.name, "Anonymous member");
            }
            assert!(all_emails(&db)
                .await
                .iter()
                .all(|email| email.ends_with("@demo.mentorhub.example")));

            // The admin and the member the log shows can sign in.
            let admin = accounts::find_by_email(&db, &demo.admin_email)
                .await
                .unwrap()
                .unwrap();
            assert!(admin.is_hub_admin && admin.deactivated_at.is_none());
            assert!(
                !demo.admin_password.contains("demo"),
                "not a published password"
            );
            assert!(security::verify_password(
                demo.admin_password.clone(),
                Some(admin.password_hash.clone())
            )
            .await
            .unwrap());
            let member = accounts::find_by_email(&db, &demo.member_email)
                .await
                .unwrap()
                .unwrap();
            assert!(!member.is_hub_admin);
            assert_eq!(member.name, demo.member_name);
            assert!(security::verify_password(
                demo.member_password.clone(),
                Some(member.password_hash)
            )
            .await
            .unwrap());
            let profile = accounts::load_profile(&db, member.id).await.unwrap();
            assert_eq!(profile.time_zone, "Asia/Kolkata");
            assert_eq!(profile.languages, ["English", "Tamil", "Hindi"]);
            assert_eq!(profile.expertise.len(), 4);
            assert!(profile.bio.contains("**As a mentor**"));

            let hub = hub::store::load(&db).await.unwrap();
            assert_eq!(hub.hub_name, "Open Mentoring Collective");

            // Programs in every state but one twice, all three matching
            // modes, both approvals, one unlisted.
            let kinds = program_kinds(&db).await;
            let statuses: BTreeSet<&str> = kinds.iter().map(|k| k.0.as_str()).collect();
            assert_eq!(
                statuses,
                BTreeSet::from(["archived", "closed", "draft", "open"]),
                "{kinds:?}"
            );
            let modes: BTreeSet<&str> = kinds.iter().map(|k| k.1.as_str()).collect();
            let all_modes: BTreeSet<&str> = MatchingMode::ALL.iter().map(|m| m.as_str()).collect();
            assert_eq!(modes, all_modes);
            let approvals: BTreeSet<&str> = kinds.iter().map(|k| k.2.as_str()).collect();
            assert_eq!(approvals, BTreeSet::from(["automatic", "manual"]));
            assert_eq!(kinds.iter().filter(|k| !k.3).count(), 1);

            let memberships = membership_statuses(&db).await;
            let with_status = |status: &str| {
                memberships
                    .iter()
                    .filter(|(s, _)| s == status)
                    .collect::<Vec<_>>()
            };
            assert_eq!(with_status("approved").len(), 15, "{memberships:?}");
            assert_eq!(with_status("pending").len(), 3);
            assert_eq!(demo.pending_applications, 3);
            let declined = with_status("declined");
            assert_eq!(declined.len(), 1);
            assert!(declined[0].1.as_deref().unwrap().starts_with("Thank you"));

            // The logged invitation link opens the closed circle.
            let token = demo
                .invitation_url
                .strip_prefix(&format!("{SITE}/join/"))
                .expect("an invitation URL on the site");
            let link = programs::find_invitation(&db, token, now).await.unwrap();
            assert_eq!(link.program.settings.slug, "leadership-circle");
            assert_eq!(link.program.settings.status, ProgramStatus::Closed);
            assert_eq!(link.invitation.uses, 1);

            // Mentoring in every mode: a pair matched by hand and mentees
            // waiting for cohort matching where admins match; requests
            // accepted, declined and waiting where mentees ask; favorites
            // where mentees favorite.
            let rust = programs::program_by_slug(&db, "rust-foundations")
                .await
                .unwrap();
            let page = app::mentors::store::matching_page(&db, &rust, now)
                .await
                .unwrap();
            assert_eq!(page.mentorships.len(), 0, "{page:?}");
            assert!(page.unmatched.len() >= 2, "{page:?}");
            assert!(page.mentors.iter().any(|m| m.places.has_room()), "{page:?}");
            let design = programs::program_by_slug(&db, "women-in-product-design")
                .await
                .unwrap();
            let page = app::mentors::store::matching_page(&db, &design, now)
                .await
                .unwrap();
            assert_eq!(page.mentorships.len(), 1, "{page:?}");
            let requested: i64 = page.unmatched.iter().map(|m| m.requests_sent).sum();
            assert!(requested >= 1, "a request waits: {page:?}");
            let circle = programs::program_by_slug(&db, "leadership-circle")
                .await
                .unwrap();
            let page = app::mentors::store::matching_page(&db, &circle, now)
                .await
                .unwrap();
            assert!(
                page.unmatched.iter().any(|m| !m.favorites.is_empty()),
                "{page:?}"
            );
            assert_eq!(page.mentorships.len(), 1, "{page:?}");

            // A second start finds accounts and changes nothing.
            assert_eq!(
                seed_if_empty(
                    &db,
                    SITE,
                    &app::discussion::seal::SecretKey::from_bytes([5; 32]),
                    now
                )
                .await
                .unwrap(),
                None
            );
            assert_eq!(counts(&db).await, seeded);
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_hub_with_an_account_is_left_alone() {
        on_both_backends(|db| async move {
            let now = app::email::store::now();
            let seed = accounts::SessionSeed {
                token_hash: "t".into(),
                user_agent: String::new(),
                ip_address: String::new(),
            };
            accounts::sign_up(
                &db,
                "Real Admin",
                "admin@example.org",
                "h",
                &seed,
                false,
                now,
            )
            .await
            .unwrap();
            let before = counts(&db).await;
            assert_eq!(
                seed_if_empty(
                    &db,
                    SITE,
                    &app::discussion::seal::SecretKey::from_bytes([5; 32]),
                    now
                )
                .await
                .unwrap(),
                None
            );
            assert_eq!(counts(&db).await, before);
            assert_eq!(before.users, 1);
            assert_eq!(before.programs, 0);
            assert_eq!(hub::store::load(&db).await.unwrap(), HubSettings::default());
        })
        .await;
    }
}
