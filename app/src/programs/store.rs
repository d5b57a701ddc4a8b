//! Program queries (server only): programs and their admins, registration
//! questions, applications and memberships, invitation links. One body per
//! query for both backends; times are passed in so tests can move the clock.
//!
//! Races are settled by the database, never by a check followed by a write:
//!
//! - one application per program and member: the `(program_id, user_id)`
//!   unique constraint with `ON CONFLICT DO NOTHING`, and a re-application
//!   is an update conditional on the status it was read with;
//! - one decision per application: `UPDATE ... WHERE status = 'pending'`,
//!   and the email is queued only for the rows that update changed;
//! - an invitation's last use: `UPDATE ... SET uses = uses + 1 WHERE uses <
//!   max_uses` (and not revoked, not expired);
//! - question positions: a per-program lock (SQLite: the IMMEDIATE write
//!   transaction; PostgreSQL: a transaction-scoped advisory lock) and a
//!   unique index on the live positions as a backstop.

use super::{
    application_refusal, validate_answers, ApplicationForm, Approval, CreatedInvitation, Decision,
    DirectoryQuery, GivenAnswer, Invitation, InvitationDraft, InvitationLink, InvitationState,
    MatchingMode, MemberRecord, MembershipStatus, Move, MyMembership, Program, ProgramAccess,
    ProgramAdmin, ProgramSettings, ProgramStatus, ProgramTile, Question, QuestionDraft,
    QuestionKind, Role, SubmitOutcome, MAX_QUESTIONS,
};
use crate::{
    accounts::{
        security::{hash_token, new_token},
        store::SerializeWrites,
        CurrentUser,
    },
    db::{
        schema::{
            application_answers, hub_settings, memberships, program_admins, program_invitations,
            programs, registration_questions, users,
        },
        Db,
    },
    email::store::OutboxQueries,
    error::AppError,
    run_query, write_transaction,
};
use chrono::NaiveDateTime;
use diesel::{
    prelude::*,
    result::{DatabaseErrorKind, Error as DieselError},
};
use diesel_async::RunQueryDsl;
use std::collections::{BTreeMap, BTreeSet};

/// Advisory lock keys for one program's question list: this base plus the
/// program id ("mp" in the top bytes keeps them apart from other keys).
const PROGRAM_LOCK_BASE: i64 = 0x6d70_0000_0000_0000;

fn program_lock(program_id: i64) -> i64 {
    PROGRAM_LOCK_BASE + program_id
}

/// Live positions are below this; renumbering moves rows above it first so
/// that no intermediate state breaks the unique index on positions.
const POSITION_SHIFT: i32 = 1_000_000;

const PENDING: &str = "pending";
const APPROVED: &str = "approved";
const ACTIVE_STATUSES: [&str; 2] = [PENDING, APPROVED];

// ---------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = programs)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct ProgramRow {
    id: i64,
    name: String,
    slug: String,
    summary: String,
    about_md: String,
    cover_color: String,
    status: String,
    listed: bool,
    accepts_mentors: bool,
    accepts_mentees: bool,
    approval: String,
    matching_mode: String,
    default_mentor_capacity: i32,
    allow_reapply: bool,
    created_by: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl From<ProgramRow> for Program {
    fn from(row: ProgramRow) -> Self {
        Program {
            id: row.id,
            settings: ProgramSettings {
                name: row.name,
                slug: row.slug,
                summary: row.summary,
                about_md: row.about_md,
                cover_color: row.cover_color,
                // Unknown values (impossible under the CHECK constraints)
                // read as the most restrictive choice.
                status: ProgramStatus::parse(&row.status).unwrap_or(ProgramStatus::Draft),
                listed: row.listed,
                accepts_mentors: row.accepts_mentors,
                accepts_mentees: row.accepts_mentees,
                approval: Approval::parse(&row.approval).unwrap_or(Approval::Manual),
                matching_mode: MatchingMode::parse(&row.matching_mode)
                    .unwrap_or(MatchingMode::AdminMatch),
                default_mentor_capacity: row.default_mentor_capacity,
                allow_reapply: row.allow_reapply,
            },
            created_by: row.created_by,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// The columns an admin edits, for both insert and update.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = programs)]
struct ProgramValues<'a> {
    name: &'a str,
    slug: &'a str,
    summary: &'a str,
    about_md: &'a str,
    cover_color: &'a str,
    status: &'a str,
    listed: bool,
    accepts_mentors: bool,
    accepts_mentees: bool,
    approval: &'a str,
    matching_mode: &'a str,
    default_mentor_capacity: i32,
    allow_reapply: bool,
}

impl<'a> From<&'a ProgramSettings> for ProgramValues<'a> {
    fn from(settings: &'a ProgramSettings) -> Self {
        ProgramValues {
            name: &settings.name,
            slug: &settings.slug,
            summary: &settings.summary,
            about_md: &settings.about_md,
            cover_color: &settings.cover_color,
            status: settings.status.as_str(),
            listed: settings.listed,
            accepts_mentors: settings.accepts_mentors,
            accepts_mentees: settings.accepts_mentees,
            approval: settings.approval.as_str(),
            matching_mode: settings.matching_mode.as_str(),
            default_mentor_capacity: settings.default_mentor_capacity,
            allow_reapply: settings.allow_reapply,
        }
    }
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = registration_questions)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct QuestionRow {
    id: i64,
    program_id: i64,
    role: String,
    position: i32,
    kind: String,
    prompt: String,
    help_text: String,
    required: bool,
    options: String,
}

impl From<QuestionRow> for Question {
    fn from(row: QuestionRow) -> Self {
        Question {
            id: row.id,
            program_id: row.program_id,
            role: parse_role(&row.role),
            position: row.position,
            kind: QuestionKind::parse(&row.kind).unwrap_or(QuestionKind::LongText),
            prompt: row.prompt,
            help_text: row.help_text,
            required: row.required,
            options: serde_json::from_str(&row.options).unwrap_or_default(),
        }
    }
}

fn parse_role(role: &str) -> Role {
    Role::parse(role).unwrap_or(Role::Mentee)
}

fn parse_status(status: &str) -> MembershipStatus {
    MembershipStatus::parse(status).unwrap_or(MembershipStatus::Removed)
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = memberships)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct MembershipRow {
    id: i64,
    program_id: i64,
    user_id: i64,
    role: String,
    status: String,
    invitation_id: Option<i64>,
    applied_at: NaiveDateTime,
    decided_by: Option<i64>,
    decided_at: Option<NaiveDateTime>,
    decision_message: Option<String>,
    joined_at: Option<NaiveDateTime>,
}

impl MembershipRow {
    fn status(&self) -> MembershipStatus {
        parse_status(&self.status)
    }

    fn mine(&self) -> MyMembership {
        MyMembership {
            id: self.id,
            role: parse_role(&self.role),
            status: self.status(),
            applied_at: self.applied_at,
            joined_at: self.joined_at,
            decided_at: self.decided_at,
            decision_message: self.decision_message.clone(),
        }
    }
}

/// Everything an application (or re-application) writes into its row.
/// `None` means NULL here: an earlier decision is cleared.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = memberships)]
#[diesel(treat_none_as_null = true)]
struct ApplicationValues<'a> {
    role: &'a str,
    status: &'a str,
    invitation_id: Option<i64>,
    applied_at: NaiveDateTime,
    decided_by: Option<i64>,
    decided_at: Option<NaiveDateTime>,
    decision_message: Option<&'a str>,
    joined_at: Option<NaiveDateTime>,
    updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = program_invitations)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct InvitationRow {
    id: i64,
    program_id: i64,
    role: Option<String>,
    auto_approve: bool,
    expires_at: Option<NaiveDateTime>,
    max_uses: Option<i32>,
    uses: i32,
    revoked_at: Option<NaiveDateTime>,
    created_by: i64,
    created_at: NaiveDateTime,
}

impl InvitationRow {
    fn state(&self, now: NaiveDateTime) -> InvitationState {
        InvitationState::of(
            self.revoked_at,
            self.expires_at,
            self.max_uses,
            self.uses,
            now,
        )
    }

    fn into_invitation(self, now: NaiveDateTime) -> Invitation {
        let state = self.state(now);
        Invitation {
            id: self.id,
            program_id: self.program_id,
            role: self.role.as_deref().and_then(Role::parse),
            auto_approve: self.auto_approve,
            expires_at: self.expires_at,
            max_uses: self.max_uses,
            uses: self.uses,
            revoked_at: self.revoked_at,
            created_by: self.created_by,
            created_at: self.created_at,
            state,
        }
    }
}

// ---------------------------------------------------------------------------
// Helpers shared by several transactions
// ---------------------------------------------------------------------------

trait ProgramQueries {
    async fn load_program(&mut self, program_id: i64) -> QueryResult<Program>;
    async fn live_questions(
        &mut self,
        program_id: i64,
        role: Option<Role>,
    ) -> QueryResult<Vec<Question>>;
    /// Shifts the live questions after `position` up by one, closing the gap
    /// a question left there.
    async fn close_gap(&mut self, program_id: i64, role: Role, position: i32) -> QueryResult<()>;
    /// The position after the last live question of the role.
    async fn next_position(&mut self, program_id: i64, role: Role) -> QueryResult<i32>;
    async fn hub_name(&mut self) -> QueryResult<String>;
}

crate::impl_for_both_backends!(ProgramQueries {
    async fn load_program(&mut self, program_id: i64) -> QueryResult<Program> {
        programs::table
            .find(program_id)
            .select(ProgramRow::as_select())
            .first(self)
            .await
            .map(Program::from)
    }

    async fn live_questions(&mut self, program_id: i64, role: Option<Role>) -> QueryResult<Vec<Question>> {
        let mut query = registration_questions::table
            .filter(registration_questions::program_id.eq(program_id))
            .filter(registration_questions::deleted_at.is_null())
            .select(QuestionRow::as_select())
            // Mentors' questions first: 'mentor' sorts after 'mentee'.
            .order((registration_questions::role.desc(), registration_questions::position))
            .into_boxed();
        if let Some(role) = role {
            query = query.filter(registration_questions::role.eq(role.as_str()));
        }
        let rows: Vec<QuestionRow> = query.load(self).await?;
        Ok(rows.into_iter().map(Question::from).collect())
    }

    async fn close_gap(&mut self, program_id: i64, role: Role, position: i32) -> QueryResult<()> {
        let after = || {
            registration_questions::table
                .filter(registration_questions::program_id.eq(program_id))
                .filter(registration_questions::role.eq(role.as_str()))
                .filter(registration_questions::deleted_at.is_null())
        };
        // Two steps, so that no row ever lands on a position another row
        // still holds (the unique index is checked row by row).
        diesel::update(after().filter(registration_questions::position.gt(position)))
            .set(registration_questions::position.eq(registration_questions::position + POSITION_SHIFT))
            .execute(self)
            .await?;
        diesel::update(after().filter(registration_questions::position.gt(POSITION_SHIFT)))
            .set(registration_questions::position.eq(registration_questions::position - (POSITION_SHIFT + 1)))
            .execute(self)
            .await?;
        Ok(())
    }

    async fn next_position(&mut self, program_id: i64, role: Role) -> QueryResult<i32> {
        let last: Option<i32> = registration_questions::table
            .filter(registration_questions::program_id.eq(program_id))
            .filter(registration_questions::role.eq(role.as_str()))
            .filter(registration_questions::deleted_at.is_null())
            .select(diesel::dsl::max(registration_questions::position))
            .first(self)
            .await?;
        Ok(last.unwrap_or(0) + 1)
    }

    async fn hub_name(&mut self) -> QueryResult<String> {
        hub_settings::table
            .select(hub_settings::hub_name)
            .first(self)
            .await
    }
});

/// The slug is the programs table's only unique column besides the id.
fn slug_taken(error: DieselError) -> AppError {
    match error {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => AppError::validation(
            "slug",
            "Another program already uses this address. Choose another.",
        ),
        other => other.into(),
    }
}

fn escape_like(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

// ---------------------------------------------------------------------------
// Programs
// ---------------------------------------------------------------------------

/// Creates a program from validated settings. A slug already in use is a
/// validation error on `slug`.
pub async fn create_program(
    db: &Db,
    settings: ProgramSettings,
    created_by: i64,
    now: NaiveDateTime,
) -> Result<Program, AppError> {
    let settings = settings.normalized();
    settings.validate()?;
    write_transaction!(db, |conn| {
        let id: i64 = diesel::insert_into(programs::table)
            .values((
                ProgramValues::from(&settings),
                programs::created_by.eq(created_by),
                programs::created_at.eq(now),
                programs::updated_at.eq(now),
            ))
            .returning(programs::id)
            .get_result(conn)
            .await
            .map_err(slug_taken)?;
        Ok(conn.load_program(id).await?)
    })
}

/// Saves new settings for a program.
pub async fn update_program(
    db: &Db,
    program_id: i64,
    settings: ProgramSettings,
    now: NaiveDateTime,
) -> Result<Program, AppError> {
    let settings = settings.normalized();
    settings.validate()?;
    write_transaction!(db, |conn| {
        let updated = diesel::update(programs::table.find(program_id))
            .set((ProgramValues::from(&settings), programs::updated_at.eq(now)))
            .execute(conn)
            .await
            .map_err(slug_taken)?;
        if updated == 0 {
            return Err(AppError::NotFound);
        }
        Ok(conn.load_program(program_id).await?)
    })
}

pub async fn program_by_id(db: &Db, program_id: i64) -> Result<Program, AppError> {
    Ok(run_query!(db, |conn| conn.load_program(program_id).await)?)
}

/// The program at `/programs/<slug>` (any case), or `NotFound`. Whether the
/// viewer may see it is [`ProgramAccess::can_view`]'s question.
pub async fn program_by_slug(db: &Db, slug: &str) -> Result<Program, AppError> {
    let slug = slug.trim().to_ascii_lowercase();
    let row = run_query!(db, |conn| {
        programs::table
            .filter(programs::slug.eq(&slug))
            .select(ProgramRow::as_select())
            .first(conn)
            .await
    })?;
    Ok(row.into())
}

/// The directory: programs the viewer may see, by name, with member counts
/// by role and the viewer's own status. Hub admins see every program;
/// program admins see theirs; everyone else sees listed programs that are
/// not drafts, plus unlisted ones they are in (pending or approved). Four
/// queries however many programs there are.
pub async fn list_programs(
    db: &Db,
    viewer: Option<&CurrentUser>,
    query: &DirectoryQuery,
) -> Result<Vec<ProgramTile>, AppError> {
    // A visitor has programs of their own to show: none.
    if query.mine && viewer.is_none() {
        return Ok(Vec::new());
    }
    let is_hub_admin = viewer.is_some_and(|viewer| viewer.is_hub_admin);
    let uid = viewer.map(|viewer| viewer.id);
    let search = query.search.trim().to_lowercase();
    let pattern = format!("%{}%", escape_like(&search));
    let (rows, counts, mine, managed) = run_query!(db, |conn| {
        let mut programs_query = programs::table
            .select(ProgramRow::as_select())
            .order((programs::name, programs::id))
            .into_boxed();
        let visible = programs::status
            .ne(ProgramStatus::Draft.as_str())
            .and(programs::listed.eq(true));
        match uid {
            _ if is_hub_admin => {}
            None => programs_query = programs_query.filter(visible),
            Some(uid) => {
                programs_query = programs_query.filter(
                    programs::id
                        .eq_any(
                            program_admins::table
                                .filter(program_admins::user_id.eq(uid))
                                .select(program_admins::program_id),
                        )
                        .or(programs::status.ne(ProgramStatus::Draft.as_str()).and(
                            programs::listed.eq(true).or(programs::id.eq_any(
                                memberships::table
                                    .filter(memberships::user_id.eq(uid))
                                    .filter(memberships::status.eq_any(ACTIVE_STATUSES))
                                    .select(memberships::program_id),
                            )),
                        )),
                )
            }
        }
        if let (true, Some(uid)) = (query.mine, uid) {
            programs_query = programs_query.filter(
                programs::id
                    .eq_any(
                        program_admins::table
                            .filter(program_admins::user_id.eq(uid))
                            .select(program_admins::program_id),
                    )
                    .or(programs::id.eq_any(
                        memberships::table
                            .filter(memberships::user_id.eq(uid))
                            .filter(memberships::status.eq_any(ACTIVE_STATUSES))
                            .select(memberships::program_id),
                    )),
            );
        }
        if !search.is_empty() {
            programs_query = programs_query.filter(
                diesel::dsl::sql::<diesel::sql_types::Text>("lower(programs.name)")
                    .like(&pattern)
                    .escape('\\')
                    .or(
                        diesel::dsl::sql::<diesel::sql_types::Text>("lower(programs.summary)")
                            .like(&pattern)
                            .escape('\\'),
                    ),
            );
        }
        let rows: Vec<ProgramRow> = programs_query.load(conn).await?;
        let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
        let counts: Vec<(i64, String, String, i64)> = memberships::table
            .filter(memberships::program_id.eq_any(&ids))
            .filter(memberships::status.eq_any(ACTIVE_STATUSES))
            .group_by((
                memberships::program_id,
                memberships::role,
                memberships::status,
            ))
            .select((
                memberships::program_id,
                memberships::role,
                memberships::status,
                diesel::dsl::count_star(),
            ))
            .load(conn)
            .await?;
        let (mine, managed): (Vec<MembershipRow>, Vec<i64>) = match uid {
            None => (Vec::new(), Vec::new()),
            Some(uid) => (
                memberships::table
                    .filter(memberships::user_id.eq(uid))
                    .filter(memberships::program_id.eq_any(&ids))
                    .select(MembershipRow::as_select())
                    .load(conn)
                    .await?,
                program_admins::table
                    .filter(program_admins::user_id.eq(uid))
                    .filter(program_admins::program_id.eq_any(&ids))
                    .select(program_admins::program_id)
                    .load(conn)
                    .await?,
            ),
        };
        Ok::<_, AppError>((rows, counts, mine, managed))
    })?;

    let mut count_of: BTreeMap<(i64, Role, MembershipStatus), i64> = BTreeMap::new();
    for (program_id, role, status, count) in counts {
        count_of.insert(
            (program_id, parse_role(&role), parse_status(&status)),
            count,
        );
    }
    let mine: BTreeMap<i64, MyMembership> = mine
        .iter()
        .map(|row| (row.program_id, row.mine()))
        .collect();
    let managed: BTreeSet<i64> = managed.into_iter().collect();
    Ok(rows
        .into_iter()
        .map(|row| {
            let can_manage = is_hub_admin || managed.contains(&row.id);
            let count = |role, status| count_of.get(&(row.id, role, status)).copied().unwrap_or(0);
            ProgramTile {
                id: row.id,
                mentor_count: count(Role::Mentor, MembershipStatus::Approved),
                mentee_count: count(Role::Mentee, MembershipStatus::Approved),
                pending_count: if can_manage {
                    count(Role::Mentor, MembershipStatus::Pending)
                        + count(Role::Mentee, MembershipStatus::Pending)
                } else {
                    0
                },
                my_membership: mine.get(&row.id).cloned(),
                can_manage,
                status: ProgramStatus::parse(&row.status).unwrap_or(ProgramStatus::Draft),
                slug: row.slug,
                name: row.name,
                summary: row.summary,
                cover_color: row.cover_color,
                listed: row.listed,
                accepts_mentors: row.accepts_mentors,
                accepts_mentees: row.accepts_mentees,
            }
        })
        .collect())
}

/// Approved mentors and mentees of one program.
pub async fn member_counts(db: &Db, program_id: i64) -> Result<(i64, i64), AppError> {
    let counts: Vec<(String, i64)> = run_query!(db, |conn| {
        memberships::table
            .filter(memberships::program_id.eq(program_id))
            .filter(memberships::status.eq(MembershipStatus::Approved.as_str()))
            .group_by(memberships::role)
            .select((memberships::role, diesel::dsl::count_star()))
            .load(conn)
            .await
    })?;
    let count_of = |role: Role| {
        counts
            .iter()
            .find(|(stored, _)| stored == role.as_str())
            .map_or(0, |(_, count)| *count)
    };
    Ok((count_of(Role::Mentor), count_of(Role::Mentee)))
}

// ---------------------------------------------------------------------------
// Guards
// ---------------------------------------------------------------------------

/// What `viewer` may do in the program: the input of every program guard.
pub async fn access(
    db: &Db,
    program_id: i64,
    viewer: &CurrentUser,
) -> Result<ProgramAccess, AppError> {
    let uid = viewer.id;
    let (admin, membership) = run_query!(db, |conn| {
        let admin: i64 = program_admins::table
            .filter(program_admins::program_id.eq(program_id))
            .filter(program_admins::user_id.eq(uid))
            .count()
            .get_result(conn)
            .await?;
        let membership: Option<MembershipRow> = memberships::table
            .filter(memberships::program_id.eq(program_id))
            .filter(memberships::user_id.eq(uid))
            .select(MembershipRow::as_select())
            .first(conn)
            .await
            .optional()?;
        Ok::<_, AppError>((admin > 0, membership))
    })?;
    Ok(ProgramAccess {
        is_hub_admin: viewer.is_hub_admin,
        is_program_admin: admin,
        membership: membership.map(|row| row.mine()),
    })
}

/// Whether `user_id` is named an admin of this program (hub admins are
/// not, unless named: check `CurrentUser::is_hub_admin` too).
pub async fn is_program_admin(db: &Db, program_id: i64, user_id: i64) -> Result<bool, AppError> {
    let count: i64 = run_query!(db, |conn| {
        program_admins::table
            .filter(program_admins::program_id.eq(program_id))
            .filter(program_admins::user_id.eq(user_id))
            .count()
            .get_result(conn)
            .await
    })?;
    Ok(count > 0)
}

/// The member's application or membership in the program, any status.
pub async fn membership_of(
    db: &Db,
    program_id: i64,
    user_id: i64,
) -> Result<Option<MyMembership>, AppError> {
    let row: Option<MembershipRow> = run_query!(db, |conn| {
        memberships::table
            .filter(memberships::program_id.eq(program_id))
            .filter(memberships::user_id.eq(user_id))
            .select(MembershipRow::as_select())
            .first(conn)
            .await
            .optional()
    })?;
    Ok(row.map(|row| row.mine()))
}

// ---------------------------------------------------------------------------
// Program admins
// ---------------------------------------------------------------------------

/// Names an active member as an admin of the program (again is fine).
pub async fn add_program_admin(
    db: &Db,
    program_id: i64,
    user_id: i64,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        conn.load_program(program_id).await?;
        let active: Option<bool> = users::table
            .find(user_id)
            .select(users::deactivated_at.is_null())
            .first(conn)
            .await
            .optional()?;
        match active {
            None => return Err(AppError::NotFound),
            Some(false) => {
                return Err(AppError::Conflict(
                    "This account is deactivated; reactivate it first.".into(),
                ))
            }
            Some(true) => {}
        }
        diesel::insert_into(program_admins::table)
            .values((
                program_admins::program_id.eq(program_id),
                program_admins::user_id.eq(user_id),
                program_admins::created_at.eq(now),
            ))
            .on_conflict((program_admins::program_id, program_admins::user_id))
            .do_nothing()
            .execute(conn)
            .await?;
        Ok(())
    })
}

pub async fn remove_program_admin(db: &Db, program_id: i64, user_id: i64) -> Result<(), AppError> {
    let removed = run_query!(db, |conn| {
        diesel::delete(
            program_admins::table
                .filter(program_admins::program_id.eq(program_id))
                .filter(program_admins::user_id.eq(user_id)),
        )
        .execute(conn)
        .await
    })?;
    if removed == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The program's admins, by name.
pub async fn list_program_admins(db: &Db, program_id: i64) -> Result<Vec<ProgramAdmin>, AppError> {
    let rows: Vec<(i64, String, String)> = run_query!(db, |conn| {
        program_admins::table
            .inner_join(users::table)
            .filter(program_admins::program_id.eq(program_id))
            .order((users::name, users::id))
            .select((users::id, users::name, users::email))
            .load(conn)
            .await
    })?;
    Ok(rows
        .into_iter()
        .map(|(user_id, name, email)| ProgramAdmin {
            user_id,
            name,
            email,
        })
        .collect())
}

// ---------------------------------------------------------------------------
// Registration questions
// ---------------------------------------------------------------------------

/// The live questions of the program (of one role, or both: mentor's
/// first), in order.
pub async fn list_questions(
    db: &Db,
    program_id: i64,
    role: Option<Role>,
) -> Result<Vec<Question>, AppError> {
    Ok(run_query!(db, |conn| conn
        .live_questions(program_id, role)
        .await)?)
}

/// Adds a question at the end of its role's form.
pub async fn add_question(
    db: &Db,
    program_id: i64,
    draft: QuestionDraft,
    now: NaiveDateTime,
) -> Result<Question, AppError> {
    let draft = draft.normalized();
    draft.validate()?;
    let options = serde_json::to_string(&draft.options).map_err(AppError::internal)?;
    write_transaction!(db, |conn| {
        conn.serialize_writes(program_lock(program_id)).await?;
        conn.load_program(program_id).await?;
        let position = conn.next_position(program_id, draft.role).await?;
        if i64::from(position) > MAX_QUESTIONS {
            return Err(AppError::Conflict(format!(
                "A form can have at most {MAX_QUESTIONS} questions."
            )));
        }
        let row: QuestionRow = diesel::insert_into(registration_questions::table)
            .values((
                registration_questions::program_id.eq(program_id),
                registration_questions::role.eq(draft.role.as_str()),
                registration_questions::position.eq(position),
                registration_questions::kind.eq(draft.kind.as_str()),
                registration_questions::prompt.eq(&draft.prompt),
                registration_questions::help_text.eq(&draft.help_text),
                registration_questions::required.eq(draft.required),
                registration_questions::options.eq(&options),
                registration_questions::created_at.eq(now),
                registration_questions::updated_at.eq(now),
            ))
            .returning(QuestionRow::as_returning())
            .get_result(conn)
            .await?;
        Ok(row.into())
    })
}

/// Edits a question. Answers already given keep the prompt they were given
/// under. Moving it to the other role's form puts it at the end there.
pub async fn update_question(
    db: &Db,
    program_id: i64,
    question_id: i64,
    draft: QuestionDraft,
    now: NaiveDateTime,
) -> Result<Question, AppError> {
    let draft = draft.normalized();
    draft.validate()?;
    let options = serde_json::to_string(&draft.options).map_err(AppError::internal)?;
    write_transaction!(db, |conn| {
        conn.serialize_writes(program_lock(program_id)).await?;
        let current: QuestionRow = live_question(program_id, question_id)
            .select(QuestionRow::as_select())
            .first(conn)
            .await?;
        let old_role = parse_role(&current.role);
        let mut position = current.position;
        if old_role != draft.role {
            position = conn.next_position(program_id, draft.role).await?;
            if i64::from(position) > MAX_QUESTIONS {
                return Err(AppError::Conflict(format!(
                    "A form can have at most {MAX_QUESTIONS} questions."
                )));
            }
        }
        let row: QuestionRow = diesel::update(registration_questions::table.find(question_id))
            .set((
                registration_questions::role.eq(draft.role.as_str()),
                registration_questions::position.eq(position),
                registration_questions::kind.eq(draft.kind.as_str()),
                registration_questions::prompt.eq(&draft.prompt),
                registration_questions::help_text.eq(&draft.help_text),
                registration_questions::required.eq(draft.required),
                registration_questions::options.eq(&options),
                registration_questions::updated_at.eq(now),
            ))
            .returning(QuestionRow::as_returning())
            .get_result(conn)
            .await?;
        if old_role != draft.role {
            conn.close_gap(program_id, old_role, current.position)
                .await?;
        }
        Ok(row.into())
    })
}

/// The query for one live question of one program.
type LiveQuestion = diesel::dsl::Filter<
    diesel::dsl::Filter<
        diesel::dsl::Find<registration_questions::table, i64>,
        diesel::dsl::Eq<registration_questions::program_id, i64>,
    >,
    diesel::dsl::IsNull<registration_questions::deleted_at>,
>;

/// A live question of this program (`NotFound` for another program's).
fn live_question(program_id: i64, question_id: i64) -> LiveQuestion {
    registration_questions::table
        .find(question_id)
        .filter(registration_questions::program_id.eq(program_id))
        .filter(registration_questions::deleted_at.is_null())
}

/// Removes a question from the form. The row stays (marked deleted) so the
/// answers already given still show what was asked.
pub async fn delete_question(
    db: &Db,
    program_id: i64,
    question_id: i64,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        conn.serialize_writes(program_lock(program_id)).await?;
        let current: QuestionRow = live_question(program_id, question_id)
            .select(QuestionRow::as_select())
            .first(conn)
            .await?;
        diesel::update(registration_questions::table.find(question_id))
            .set((
                registration_questions::deleted_at.eq(now),
                registration_questions::updated_at.eq(now),
            ))
            .execute(conn)
            .await?;
        conn.close_gap(program_id, parse_role(&current.role), current.position)
            .await?;
        Ok(())
    })
}

/// Swaps a question with its neighbour above or below. `false` when it is
/// already first (up) or last (down).
pub async fn move_question(
    db: &Db,
    program_id: i64,
    question_id: i64,
    direction: Move,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    write_transaction!(db, |conn| {
        conn.serialize_writes(program_lock(program_id)).await?;
        let current: QuestionRow = live_question(program_id, question_id)
            .select(QuestionRow::as_select())
            .first(conn)
            .await?;
        let target = match direction {
            Move::Up => current.position - 1,
            Move::Down => current.position + 1,
        };
        let neighbour: Option<i64> = registration_questions::table
            .filter(registration_questions::program_id.eq(program_id))
            .filter(registration_questions::role.eq(&current.role))
            .filter(registration_questions::deleted_at.is_null())
            .filter(registration_questions::position.eq(target))
            .select(registration_questions::id)
            .first(conn)
            .await
            .optional()?;
        let Some(neighbour) = neighbour else {
            return Ok(false);
        };
        // Park the question outside the live range, move the neighbour into
        // its place, then take the neighbour's.
        for (id, position) in [
            (question_id, current.position + POSITION_SHIFT),
            (neighbour, current.position),
            (question_id, target),
        ] {
            diesel::update(registration_questions::table.find(id))
                .set((
                    registration_questions::position.eq(position),
                    registration_questions::updated_at.eq(now),
                ))
                .execute(conn)
                .await?;
        }
        Ok(true)
    })
}

// ---------------------------------------------------------------------------
// Applications and memberships
// ---------------------------------------------------------------------------

/// Submits an application to join the program as `form.role`, with answers
/// to that role's questions and, optionally, through an invitation link.
///
/// Approved at once when the program approves automatically or the link
/// auto-approves; pending otherwise. A member who already applied or is
/// already in gets the existing state back (`already_applied`), whatever
/// the answers, so a double submission makes one application. Refusals: a
/// closed, draft or archived program, a role the program (or the link) does
/// not take, missing or invalid answers (under `q-<id>`), a declined member
/// where re-applying is not allowed, an unusable link.
pub async fn submit_application(
    db: &Db,
    program_id: i64,
    user_id: i64,
    form: &ApplicationForm,
    now: NaiveDateTime,
) -> Result<SubmitOutcome, AppError> {
    let token_hash = form
        .invitation_token
        .as_deref()
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .map(hash_token);
    let role = form.role;
    write_transaction!(db, |conn| {
        let program = conn.load_program(program_id).await?;
        let invitation: Option<InvitationRow> = match &token_hash {
            None => None,
            Some(hash) => Some(
                program_invitations::table
                    .filter(program_invitations::token_hash.eq(hash))
                    .filter(program_invitations::program_id.eq(program_id))
                    .select(InvitationRow::as_select())
                    .first(conn)
                    .await?,
            ),
        };
        let existing: Option<MembershipRow> = memberships::table
            .filter(memberships::program_id.eq(program_id))
            .filter(memberships::user_id.eq(user_id))
            .select(MembershipRow::as_select())
            .first(conn)
            .await
            .optional()?;
        if let Some(row) = existing.as_ref().filter(|row| row.status().is_active()) {
            return Ok(already_applied(row));
        }
        if let Some(problem) = invitation.as_ref().and_then(|i| i.state(now).problem()) {
            return Err(AppError::Conflict(problem.into()));
        }
        let via_invitation = invitation.is_some();
        if let Some(refusal) = application_refusal(
            &program,
            existing.as_ref().map(MembershipRow::status),
            via_invitation,
        ) {
            return Err(AppError::Conflict(refusal.into()));
        }
        let preset = invitation
            .as_ref()
            .and_then(|i| i.role.as_deref().and_then(Role::parse));
        if preset.is_some_and(|preset| preset != role) || !program.accepts(role) {
            let message = match preset {
                Some(preset) => format!(
                    "This invitation is for joining as a {}.",
                    preset.label().to_lowercase()
                ),
                None => "This program does not take members in this role.".to_owned(),
            };
            return Err(AppError::validation("role", message));
        }
        let questions = conn.live_questions(program_id, Some(role)).await?;
        let values = validate_answers(&questions, &form.answers)?;

        let approved = program.settings.approval == Approval::Automatic
            || invitation.as_ref().is_some_and(|i| i.auto_approve);
        let status = if approved {
            MembershipStatus::Approved
        } else {
            MembershipStatus::Pending
        };
        let values_row = ApplicationValues {
            role: role.as_str(),
            status: status.as_str(),
            invitation_id: invitation.as_ref().map(|i| i.id),
            applied_at: now,
            decided_by: None,
            decided_at: approved.then_some(now),
            decision_message: None,
            joined_at: approved.then_some(now),
            updated_at: now,
        };
        let written: Option<i64> = match &existing {
            None => diesel::insert_into(memberships::table)
                .values((
                    values_row,
                    memberships::program_id.eq(program_id),
                    memberships::user_id.eq(user_id),
                    memberships::created_at.eq(now),
                ))
                .on_conflict((memberships::program_id, memberships::user_id))
                .do_nothing()
                .returning(memberships::id)
                .get_result(conn)
                .await
                .optional()?,
            // Conditional on the status we read: of two concurrent
            // re-applications only one changes the row.
            Some(row) => diesel::update(
                memberships::table
                    .find(row.id)
                    .filter(memberships::status.eq(&row.status)),
            )
            .set(values_row)
            .returning(memberships::id)
            .get_result(conn)
            .await
            .optional()?,
        };
        let Some(membership_id) = written else {
            // Another submission got there first (and has committed by now).
            let row: MembershipRow = memberships::table
                .filter(memberships::program_id.eq(program_id))
                .filter(memberships::user_id.eq(user_id))
                .select(MembershipRow::as_select())
                .first(conn)
                .await?;
            if row.status().is_active() {
                return Ok(already_applied(&row));
            }
            return Err(AppError::Conflict(
                "Your application changed while it was being sent. Reload the page and try again."
                    .into(),
            ));
        };

        diesel::delete(
            application_answers::table.filter(application_answers::membership_id.eq(membership_id)),
        )
        .execute(conn)
        .await?;
        let prompts: BTreeMap<i64, &str> = questions
            .iter()
            .map(|q| (q.id, q.prompt.as_str()))
            .collect();
        // One insert per answer: the SQLite connection wrapper has no
        // multi-row insert (a form has a handful of questions).
        for (question_id, value) in &values {
            diesel::insert_into(application_answers::table)
                .values((
                    application_answers::membership_id.eq(membership_id),
                    application_answers::question_id.eq(*question_id),
                    application_answers::prompt.eq(prompts.get(question_id).copied().unwrap_or("")),
                    application_answers::value.eq(value.as_str()),
                ))
                .execute(conn)
                .await?;
        }

        if let Some(invitation) = &invitation {
            // The last use goes to exactly one of two concurrent members:
            // the other's update finds `uses < max_uses` false and changes
            // nothing, and its whole application rolls back.
            let redeemed = diesel::update(
                program_invitations::table
                    .find(invitation.id)
                    .filter(program_invitations::revoked_at.is_null())
                    .filter(
                        program_invitations::expires_at
                            .is_null()
                            .or(program_invitations::expires_at.gt(now)),
                    )
                    .filter(
                        program_invitations::max_uses
                            .is_null()
                            .or(program_invitations::uses
                                .lt(program_invitations::max_uses.assume_not_null())),
                    ),
            )
            .set(program_invitations::uses.eq(program_invitations::uses + 1))
            .execute(conn)
            .await?;
            if redeemed == 0 {
                let now_state = program_invitations::table
                    .find(invitation.id)
                    .select(InvitationRow::as_select())
                    .first(conn)
                    .await?
                    .state(now);
                return Err(AppError::Conflict(
                    now_state
                        .problem()
                        .unwrap_or(
                            InvitationState::UsedUp
                                .problem()
                                .expect("used up is a problem"),
                        )
                        .into(),
                ));
            }
        }
        Ok(SubmitOutcome {
            membership_id,
            role,
            status,
            already_applied: false,
        })
    })
}

fn already_applied(row: &MembershipRow) -> SubmitOutcome {
    SubmitOutcome {
        membership_id: row.id,
        role: parse_role(&row.role),
        status: row.status(),
        already_applied: true,
    }
}

/// Takes back the member's pending application.
pub async fn withdraw_application(
    db: &Db,
    program_id: i64,
    user_id: i64,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    own_transition(
        db,
        program_id,
        user_id,
        MembershipStatus::Pending,
        MembershipStatus::Withdrawn,
        now,
        "There is no pending application to withdraw.",
    )
    .await
}

/// The member leaves a program they were approved in.
pub async fn leave_program(
    db: &Db,
    program_id: i64,
    user_id: i64,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    own_transition(
        db,
        program_id,
        user_id,
        MembershipStatus::Approved,
        MembershipStatus::Left,
        now,
        "You are not a member of this program.",
    )
    .await
}

async fn own_transition(
    db: &Db,
    program_id: i64,
    user_id: i64,
    from: MembershipStatus,
    to: MembershipStatus,
    now: NaiveDateTime,
    refusal: &str,
) -> Result<(), AppError> {
    let changed = run_query!(db, |conn| {
        diesel::update(
            memberships::table
                .filter(memberships::program_id.eq(program_id))
                .filter(memberships::user_id.eq(user_id))
                .filter(memberships::status.eq(from.as_str())),
        )
        .set((
            memberships::status.eq(to.as_str()),
            memberships::updated_at.eq(now),
        ))
        .execute(conn)
        .await
    })?;
    if changed == 0 {
        return Err(AppError::Conflict(refusal.into()));
    }
    Ok(())
}

/// An admin removes a member (or a pending applicant) from the program.
pub async fn remove_member(
    db: &Db,
    program_id: i64,
    membership_id: i64,
    removed_by: i64,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let changed = run_query!(db, |conn| {
        diesel::update(
            memberships::table
                .find(membership_id)
                .filter(memberships::program_id.eq(program_id))
                .filter(memberships::status.eq_any(ACTIVE_STATUSES)),
        )
        .set((
            memberships::status.eq(MembershipStatus::Removed.as_str()),
            memberships::decided_by.eq(removed_by),
            memberships::decided_at.eq(now),
            memberships::decision_message.eq(None::<String>),
            memberships::updated_at.eq(now),
        ))
        .execute(conn)
        .await
    })?;
    if changed == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Approves or declines pending applications of this program, recording
/// who and when, and queues one email per decided application in the same
/// transaction. Applications that are no longer pending (decided by
/// someone else meanwhile, withdrawn) or belong to another program are
/// skipped. Returns the ids actually decided. `site_url` builds the link
/// in the email.
pub async fn decide_applications(
    db: &Db,
    program_id: i64,
    membership_ids: &[i64],
    decision: &Decision,
    decided_by: i64,
    site_url: &str,
    now: NaiveDateTime,
) -> Result<Vec<i64>, AppError> {
    decision.validate()?;
    let message = decision.message();
    let approve = matches!(decision, Decision::Approve);
    let status = if approve {
        MembershipStatus::Approved
    } else {
        MembershipStatus::Declined
    };
    write_transaction!(db, |conn| {
        let program = conn.load_program(program_id).await?;
        // One statement, conditional on `pending`: when two admins decide at
        // once, each row is changed by exactly one of them.
        let decided: Vec<(i64, i64)> = diesel::update(
            memberships::table
                .filter(memberships::id.eq_any(membership_ids))
                .filter(memberships::program_id.eq(program_id))
                .filter(memberships::status.eq(PENDING)),
        )
        .set((
            memberships::status.eq(status.as_str()),
            memberships::decided_by.eq(decided_by),
            memberships::decided_at.eq(now),
            memberships::decision_message.eq(message),
            memberships::joined_at.eq(approve.then_some(now)),
            memberships::updated_at.eq(now),
        ))
        .returning((memberships::id, memberships::user_id))
        .get_results(conn)
        .await?;
        if decided.is_empty() {
            return Ok(Vec::new());
        }
        let recipients: Vec<(String, String)> = users::table
            .filter(users::id.eq_any(decided.iter().map(|(_, user)| *user).collect::<Vec<_>>()))
            .filter(users::deactivated_at.is_null())
            .order(users::id)
            .select((users::email, users::name))
            .load(conn)
            .await?;
        let hub_name = conn.hub_name().await?;
        let name = &program.settings.name;
        let link = format!("{}{}", site_url.trim_end_matches('/'), program.path());
        for (email, recipient) in &recipients {
            let mail = if approve {
                crate::email::templates::application_approved(
                    &hub_name, email, recipient, name, &link,
                )
            } else {
                crate::email::templates::application_declined(
                    &hub_name,
                    email,
                    recipient,
                    name,
                    message,
                    program.settings.allow_reapply,
                    &link,
                )
            };
            conn.enqueue(&mail).await?;
        }
        let mut ids: Vec<i64> = decided.into_iter().map(|(id, _)| id).collect();
        ids.sort_unstable();
        Ok(ids)
    })
}

/// The program's members and applicants with these statuses (all when
/// empty), oldest application first, each with their answers. Three
/// queries, however many members.
pub async fn list_memberships(
    db: &Db,
    program_id: i64,
    statuses: &[MembershipStatus],
) -> Result<Vec<MemberRecord>, AppError> {
    let statuses: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    type AnswerRow = (i64, i64, String, String, String, i32, Option<NaiveDateTime>);
    let (rows, answers, deciders) = run_query!(db, |conn| {
        let mut query = memberships::table
            .inner_join(users::table)
            .filter(memberships::program_id.eq(program_id))
            .order((memberships::applied_at, memberships::id))
            .select((
                MembershipRow::as_select(),
                users::name,
                users::email,
                users::headline,
            ))
            .into_boxed();
        if !statuses.is_empty() {
            query = query.filter(memberships::status.eq_any(statuses.clone()));
        }
        let rows: Vec<(MembershipRow, String, String, String)> = query.load(conn).await?;
        let ids: Vec<i64> = rows.iter().map(|(row, ..)| row.id).collect();
        let decider_ids: Vec<i64> = rows.iter().filter_map(|(row, ..)| row.decided_by).collect();
        let answers: Vec<AnswerRow> = application_answers::table
            .inner_join(registration_questions::table)
            .filter(application_answers::membership_id.eq_any(&ids))
            .order((
                application_answers::membership_id,
                registration_questions::position,
                registration_questions::id,
            ))
            .select((
                application_answers::membership_id,
                application_answers::question_id,
                application_answers::prompt,
                application_answers::value,
                registration_questions::kind,
                registration_questions::position,
                registration_questions::deleted_at,
            ))
            .load(conn)
            .await?;
        let deciders: Vec<(i64, String)> = users::table
            .filter(users::id.eq_any(&decider_ids))
            .select((users::id, users::name))
            .load(conn)
            .await?;
        Ok::<_, AppError>((rows, answers, deciders))
    })?;

    let deciders: BTreeMap<i64, String> = deciders.into_iter().collect();
    let mut answers_of: BTreeMap<i64, Vec<GivenAnswer>> = BTreeMap::new();
    for (membership_id, question_id, prompt, value, kind, _, deleted_at) in answers {
        answers_of
            .entry(membership_id)
            .or_default()
            .push(GivenAnswer {
                question_id,
                prompt,
                kind: QuestionKind::parse(&kind).unwrap_or(QuestionKind::LongText),
                value,
                question_deleted: deleted_at.is_some(),
            });
    }
    Ok(rows
        .into_iter()
        .map(|(row, name, email, headline)| {
            let mut answers = answers_of.remove(&row.id).unwrap_or_default();
            // Live questions in form order, then deleted ones (stable sort).
            answers.sort_by_key(|answer| answer.question_deleted);
            MemberRecord {
                membership_id: row.id,
                user_id: row.user_id,
                name,
                email,
                headline,
                role: parse_role(&row.role),
                status: row.status(),
                applied_at: row.applied_at,
                joined_at: row.joined_at,
                decided_at: row.decided_at,
                decided_by_name: row.decided_by.and_then(|id| deciders.get(&id).cloned()),
                decision_message: row.decision_message.clone(),
                via_invitation: row.invitation_id.is_some(),
                answers,
            }
        })
        .collect())
}

/// One member's applications and memberships in every program, with the
/// answers they gave: their part of "Download my data".
pub async fn memberships_of_member(
    db: &Db,
    user_id: i64,
) -> Result<Vec<(String, MyMembership, Vec<(String, String)>)>, AppError> {
    let (rows, answers) = run_query!(db, |conn| {
        let rows: Vec<(MembershipRow, String)> = memberships::table
            .inner_join(programs::table)
            .filter(memberships::user_id.eq(user_id))
            .order((memberships::applied_at, memberships::id))
            .select((MembershipRow::as_select(), programs::name))
            .load(conn)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|(row, _)| row.id).collect();
        let answers: Vec<(i64, String, String)> = application_answers::table
            .filter(application_answers::membership_id.eq_any(&ids))
            .order(application_answers::id)
            .select((
                application_answers::membership_id,
                application_answers::prompt,
                application_answers::value,
            ))
            .load(conn)
            .await?;
        Ok::<_, AppError>((rows, answers))
    })?;
    let mut answers_of: BTreeMap<i64, Vec<(String, String)>> = BTreeMap::new();
    for (membership_id, prompt, value) in answers {
        answers_of
            .entry(membership_id)
            .or_default()
            .push((prompt, value));
    }
    Ok(rows
        .into_iter()
        .map(|(row, program)| {
            let answers = answers_of.remove(&row.id).unwrap_or_default();
            (program, row.mine(), answers)
        })
        .collect())
}

// ---------------------------------------------------------------------------
// Invitation links
// ---------------------------------------------------------------------------

/// Creates a link; the returned token is shown once, only its hash is kept.
pub async fn create_invitation(
    db: &Db,
    program_id: i64,
    draft: &InvitationDraft,
    created_by: i64,
    now: NaiveDateTime,
) -> Result<CreatedInvitation, AppError> {
    let (token, token_hash) = new_token()?;
    let row = write_transaction!(db, |conn| {
        let program = conn.load_program(program_id).await?;
        draft.validate(&program, now)?;
        Ok(diesel::insert_into(program_invitations::table)
            .values((
                program_invitations::program_id.eq(program_id),
                program_invitations::token_hash.eq(&token_hash),
                program_invitations::role.eq(draft.role.map(Role::as_str)),
                program_invitations::auto_approve.eq(draft.auto_approve),
                program_invitations::expires_at.eq(draft.expires_at),
                program_invitations::max_uses.eq(draft.max_uses),
                program_invitations::uses.eq(0),
                program_invitations::created_by.eq(created_by),
                program_invitations::created_at.eq(now),
            ))
            .returning(InvitationRow::as_returning())
            .get_result(conn)
            .await?)
    })?;
    Ok(CreatedInvitation {
        invitation: row.into_invitation(now),
        token,
    })
}

/// The program's links, newest first, with their state as of `now`.
pub async fn list_invitations(
    db: &Db,
    program_id: i64,
    now: NaiveDateTime,
) -> Result<Vec<Invitation>, AppError> {
    let rows: Vec<InvitationRow> = run_query!(db, |conn| {
        program_invitations::table
            .filter(program_invitations::program_id.eq(program_id))
            .order((
                program_invitations::created_at.desc(),
                program_invitations::id.desc(),
            ))
            .select(InvitationRow::as_select())
            .load(conn)
            .await
    })?;
    Ok(rows
        .into_iter()
        .map(|row| row.into_invitation(now))
        .collect())
}

/// Stops a link from working (again is fine).
pub async fn revoke_invitation(
    db: &Db,
    program_id: i64,
    invitation_id: i64,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        let found: i64 = program_invitations::table
            .find(invitation_id)
            .filter(program_invitations::program_id.eq(program_id))
            .count()
            .get_result(conn)
            .await?;
        if found == 0 {
            return Err(AppError::NotFound);
        }
        diesel::update(
            program_invitations::table
                .find(invitation_id)
                .filter(program_invitations::revoked_at.is_null()),
        )
        .set(program_invitations::revoked_at.eq(now))
        .execute(conn)
        .await?;
        Ok(())
    })
}

/// What `/join/<token>` opens: the link (with its state: a link that is
/// expired, revoked or used up says so through
/// [`InvitationState::problem`]) and its program, listed or not. An
/// unknown token is `NotFound`.
pub async fn find_invitation(
    db: &Db,
    token: &str,
    now: NaiveDateTime,
) -> Result<InvitationLink, AppError> {
    let token_hash = hash_token(token.trim());
    let (row, program) = run_query!(db, |conn| {
        let row: InvitationRow = program_invitations::table
            .filter(program_invitations::token_hash.eq(&token_hash))
            .select(InvitationRow::as_select())
            .first(conn)
            .await?;
        let program = conn.load_program(row.program_id).await?;
        Ok::<_, AppError>((row, program))
    })?;
    Ok(InvitationLink {
        invitation: row.into_invitation(now),
        program,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        accounts::store::{sign_up, SessionSeed},
        db::{schema::outbox, testing::on_both_backends},
        programs::{answers_from_form, Answers},
    };
    use chrono::Duration;
    use std::sync::Arc;

    const SITE: &str = "https://hub.example.org";

    fn t0() -> NaiveDateTime {
        crate::email::store::now()
    }

    /// A member; the first one of a hub is its admin.
    async fn member(db: &Db, name: &str) -> CurrentUser {
        sign_up(
            db,
            name,
            &format!("{}@example.org", name.to_lowercase()),
            "hash",
            &SessionSeed {
                token_hash: format!("s-{name}"),
                user_agent: String::new(),
                ip_address: "127.0.0.1".into(),
            },
            false,
            t0(),
        )
        .await
        .unwrap()
    }

    fn settings(name: &str, slug: &str) -> ProgramSettings {
        ProgramSettings {
            name: name.into(),
            slug: slug.into(),
            summary: format!("About {name}"),
            status: ProgramStatus::Open,
            ..ProgramSettings::default()
        }
    }

    async fn program(db: &Db, by: &CurrentUser, settings: ProgramSettings) -> Program {
        create_program(db, settings, by.id, t0()).await.unwrap()
    }

    fn draft(role: Role, kind: QuestionKind, prompt: &str, required: bool) -> QuestionDraft {
        QuestionDraft {
            role,
            kind,
            prompt: prompt.into(),
            help_text: String::new(),
            required,
            options: if kind.has_options() {
                vec!["One".into(), "Two".into()]
            } else {
                Vec::new()
            },
        }
    }

    fn apply(role: Role, answers: Answers) -> ApplicationForm {
        ApplicationForm {
            role,
            answers,
            invitation_token: None,
        }
    }

    fn via(role: Role, token: &str) -> ApplicationForm {
        ApplicationForm {
            role,
            answers: Answers::new(),
            invitation_token: Some(token.into()),
        }
    }

    async fn outbox_rows(db: &Db) -> Vec<(String, String, String)> {
        let rows: Result<Vec<(String, String, String)>, AppError> = async {
            Ok(run_query!(db, |conn| {
                outbox::table
                    .order(outbox::id)
                    .select((outbox::recipient, outbox::subject, outbox::text_body))
                    .load(conn)
                    .await
            })?)
        }
        .await;
        rows.unwrap()
    }

    async fn membership_count(db: &Db, program_id: i64) -> i64 {
        let count: Result<i64, AppError> = async {
            Ok(run_query!(db, |conn| {
                memberships::table
                    .filter(memberships::program_id.eq(program_id))
                    .count()
                    .get_result(conn)
                    .await
            })?)
        }
        .await;
        count.unwrap()
    }

    fn names(tiles: &[ProgramTile]) -> Vec<&str> {
        tiles.iter().map(|tile| tile.name.as_str()).collect()
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn the_directory_shows_each_viewer_what_they_may_see_with_counts_and_status() {
        on_both_backends(|db| async move {
            let now = t0();
            let admin = member(&db, "Admin").await;
            let ada = member(&db, "Ada").await;
            let grace = member(&db, "Grace").await;
            let linus = member(&db, "Linus").await;
            let alpha = program(&db, &admin, settings("Alpha", "alpha")).await;
            let beta = program(
                &db,
                &admin,
                ProgramSettings {
                    status: ProgramStatus::Draft,
                    summary: "Robotics 100% hands-on".into(),
                    ..settings("Beta", "beta")
                },
            )
            .await;
            let gamma = program(
                &db,
                &admin,
                ProgramSettings {
                    listed: false,
                    ..settings("Gamma", "gamma")
                },
            )
            .await;
            program(
                &db,
                &admin,
                ProgramSettings {
                    status: ProgramStatus::Closed,
                    ..settings("Delta", "delta")
                },
            )
            .await;
            add_program_admin(&db, beta.id, grace.id, now)
                .await
                .unwrap();

            // Alpha: Ada mentee and Linus mentor approved, Grace pending.
            for (user, role) in [
                (&ada, Role::Mentee),
                (&linus, Role::Mentor),
                (&grace, Role::Mentee),
            ] {
                submit_application(&db, alpha.id, user.id, &apply(role, Answers::new()), now)
                    .await
                    .unwrap();
            }
            let pending = list_memberships(&db, alpha.id, &[MembershipStatus::Pending])
                .await
                .unwrap();
            let decide: Vec<i64> = pending
                .iter()
                .filter(|m| m.user_id != grace.id)
                .map(|m| m.membership_id)
                .collect();
            decide_applications(
                &db,
                alpha.id,
                &decide,
                &Decision::Approve,
                admin.id,
                SITE,
                now,
            )
            .await
            .unwrap();
            // Gamma is unlisted, but Ada is in it.
            submit_application(
                &db,
                gamma.id,
                ada.id,
                &apply(Role::Mentee, Answers::new()),
                now,
            )
            .await
            .unwrap();

            let all = DirectoryQuery::default();
            let for_ada = list_programs(&db, Some(&ada), &all).await.unwrap();
            assert_eq!(names(&for_ada), ["Alpha", "Delta", "Gamma"], "{db:?}");
            assert_eq!(
                names(&list_programs(&db, Some(&linus), &all).await.unwrap()),
                ["Alpha", "Delta"]
            );
            assert_eq!(
                names(&list_programs(&db, Some(&grace), &all).await.unwrap()),
                ["Alpha", "Beta", "Delta"],
                "a program admin sees their draft"
            );
            let for_admin = list_programs(&db, Some(&admin), &all).await.unwrap();
            assert_eq!(names(&for_admin), ["Alpha", "Beta", "Delta", "Gamma"]);

            let tile = &for_ada[0];
            assert_eq!((tile.mentor_count, tile.mentee_count), (1, 1));
            assert_eq!(tile.pending_count, 0, "only admins see pending counts");
            assert!(!tile.can_manage);
            let mine = tile.my_membership.as_ref().unwrap();
            assert_eq!(
                (mine.role, mine.status),
                (Role::Mentee, MembershipStatus::Approved)
            );
            assert_eq!(for_admin[0].pending_count, 1);
            assert!(for_admin[0].can_manage);
            assert!(for_admin[0].my_membership.is_none());
            let grace_alpha = &list_programs(&db, Some(&grace), &all).await.unwrap()[0];
            assert_eq!(
                grace_alpha.my_membership.as_ref().unwrap().status,
                MembershipStatus::Pending
            );
            assert!(list_programs(&db, Some(&grace), &all).await.unwrap()[1].can_manage);

            let search = |text: &str, mine: bool| DirectoryQuery {
                search: text.into(),
                mine,
            };
            assert_eq!(
                names(
                    &list_programs(&db, Some(&ada), &search("ALP", false))
                        .await
                        .unwrap()
                ),
                ["Alpha"]
            );
            assert_eq!(
                names(
                    &list_programs(&db, Some(&admin), &search("100%", false))
                        .await
                        .unwrap()
                ),
                ["Beta"],
                "the summary is searched too"
            );
            assert!(
                list_programs(&db, Some(&admin), &search("%", false))
                    .await
                    .unwrap()
                    .iter()
                    .all(|tile| tile.name == "Beta"),
                "LIKE wildcards are literal"
            );
            assert_eq!(
                names(
                    &list_programs(&db, Some(&ada), &search("", true))
                        .await
                        .unwrap()
                ),
                ["Alpha", "Gamma"]
            );
            assert_eq!(
                names(
                    &list_programs(&db, Some(&grace), &search("", true))
                        .await
                        .unwrap()
                ),
                ["Alpha", "Beta"]
            );
            assert!(list_programs(&db, Some(&linus), &search("gamma", false))
                .await
                .unwrap()
                .is_empty());

            // Visitors see the listed programs that are not drafts, and
            // nothing about anyone's membership.
            let for_visitor = list_programs(&db, None, &all).await.unwrap();
            assert_eq!(names(&for_visitor), ["Alpha", "Delta"]);
            assert!(for_visitor.iter().all(|tile| tile.my_membership.is_none()
                && !tile.can_manage
                && tile.pending_count == 0));
            assert_eq!(
                (for_visitor[0].mentor_count, for_visitor[0].mentee_count),
                (1, 1)
            );
            assert!(list_programs(&db, None, &search("", true))
                .await
                .unwrap()
                .is_empty());
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn slugs_are_unique_ignoring_case_and_settings_are_validated() {
        on_both_backends(|db| async move {
            let now = t0();
            let admin = member(&db, "Admin").await;
            let spring = program(&db, &admin, settings("Spring", "spring")).await;
            assert_eq!(spring.settings.slug, "spring");
            let taken = create_program(&db, settings("Other", " SPRING "), admin.id, now)
                .await
                .unwrap_err();
            assert!(
                taken.field("slug").unwrap().contains("already uses"),
                "{db:?}: {taken:?}"
            );
            let autumn = program(&db, &admin, settings("Autumn", "")).await;
            assert_eq!(autumn.settings.slug, "autumn", "derived from the name");
            let moved = update_program(&db, autumn.id, settings("Autumn", "spring"), now)
                .await
                .unwrap_err();
            assert!(moved.field("slug").is_some());
            let invalid = create_program(
                &db,
                ProgramSettings {
                    cover_color: "blue".into(),
                    ..settings("", "x")
                },
                admin.id,
                now,
            )
            .await
            .unwrap_err();
            assert!(invalid.field("name").is_some());
            assert!(invalid.field("slug").is_some());
            assert!(invalid.field("cover_color").is_some());

            let updated = update_program(
                &db,
                autumn.id,
                ProgramSettings {
                    matching_mode: MatchingMode::MenteeRequests,
                    approval: Approval::Automatic,
                    ..settings("Autumn 2027", "autumn-2027")
                },
                now,
            )
            .await
            .unwrap();
            assert_eq!(updated.settings.matching_mode, MatchingMode::MenteeRequests);
            let found = program_by_slug(&db, "Autumn-2027").await.unwrap();
            assert_eq!(found, updated);
            assert_eq!(found.settings.approval, Approval::Automatic);
            assert_eq!(
                program_by_slug(&db, "autumn").await.unwrap_err(),
                AppError::NotFound
            );
            assert_eq!(
                update_program(&db, 9_999, settings("X", "xx"), now)
                    .await
                    .unwrap_err(),
                AppError::NotFound
            );
        })
        .await;
    }

    async fn positions(db: &Db, program_id: i64, role: Role) -> Vec<(String, i32)> {
        list_questions(db, program_id, Some(role))
            .await
            .unwrap()
            .into_iter()
            .map(|q| (q.prompt, q.position))
            .collect()
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn questions_stay_in_dense_order_and_deleting_one_keeps_its_answers() {
        on_both_backends(|db| async move {
            let now = t0();
            let admin = member(&db, "Admin").await;
            let ada = member(&db, "Ada").await;
            let p = program(&db, &admin, settings("Spring", "spring")).await;
            let other = program(&db, &admin, settings("Other", "other")).await;
            let mut ids = Vec::new();
            for prompt in ["A", "B", "C", "D"] {
                let q = add_question(
                    &db,
                    p.id,
                    draft(Role::Mentee, QuestionKind::ShortText, prompt, false),
                    now,
                )
                .await
                .unwrap();
                ids.push(q.id);
            }
            add_question(
                &db,
                p.id,
                draft(Role::Mentor, QuestionKind::YesNo, "M", true),
                now,
            )
            .await
            .unwrap();
            let expect = |list: &[(&str, i32)]| {
                list.iter()
                    .map(|(p, i)| (p.to_string(), *i))
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                positions(&db, p.id, Role::Mentee).await,
                expect(&[("A", 1), ("B", 2), ("C", 3), ("D", 4)]),
                "{db:?}"
            );
            assert_eq!(
                positions(&db, p.id, Role::Mentor).await,
                expect(&[("M", 1)])
            );

            assert!(move_question(&db, p.id, ids[2], Move::Up, now)
                .await
                .unwrap());
            assert!(move_question(&db, p.id, ids[0], Move::Down, now)
                .await
                .unwrap());
            assert_eq!(
                positions(&db, p.id, Role::Mentee).await,
                expect(&[("C", 1), ("A", 2), ("B", 3), ("D", 4)])
            );
            assert!(!move_question(&db, p.id, ids[2], Move::Up, now)
                .await
                .unwrap());
            assert!(!move_question(&db, p.id, ids[3], Move::Down, now)
                .await
                .unwrap());
            assert_eq!(
                move_question(&db, other.id, ids[0], Move::Up, now)
                    .await
                    .unwrap_err(),
                AppError::NotFound,
                "another program's question"
            );

            // Ada answers A and B; then B is deleted and A reworded.
            let answers = answers_from_form([
                (format!("q-{}", ids[0]), "answer A"),
                (format!("q-{}", ids[1]), "answer B"),
            ]);
            submit_application(&db, p.id, ada.id, &apply(Role::Mentee, answers), now)
                .await
                .unwrap();
            delete_question(&db, p.id, ids[1], now).await.unwrap();
            assert_eq!(
                positions(&db, p.id, Role::Mentee).await,
                expect(&[("C", 1), ("A", 2), ("D", 3)])
            );
            assert_eq!(
                delete_question(&db, p.id, ids[1], now).await.unwrap_err(),
                AppError::NotFound,
                "already deleted"
            );
            update_question(
                &db,
                p.id,
                ids[0],
                draft(Role::Mentee, QuestionKind::ShortText, "A, reworded", true),
                now,
            )
            .await
            .unwrap();
            // Moving D to the mentor form closes its gap and appends it there.
            update_question(
                &db,
                p.id,
                ids[3],
                draft(Role::Mentor, QuestionKind::Number, "D", false),
                now,
            )
            .await
            .unwrap();
            assert_eq!(
                positions(&db, p.id, Role::Mentee).await,
                expect(&[("C", 1), ("A, reworded", 2)])
            );
            assert_eq!(
                positions(&db, p.id, Role::Mentor).await,
                expect(&[("M", 1), ("D", 2)])
            );
            // A new question fills the next position, not a deleted one's.
            add_question(
                &db,
                p.id,
                draft(Role::Mentee, QuestionKind::LongText, "E", false),
                now,
            )
            .await
            .unwrap();
            assert_eq!(
                positions(&db, p.id, Role::Mentee).await,
                expect(&[("C", 1), ("A, reworded", 2), ("E", 3)])
            );

            let members = list_memberships(&db, p.id, &[]).await.unwrap();
            let given: Vec<(&str, &str, bool)> = members[0]
                .answers
                .iter()
                .map(|a| (a.prompt.as_str(), a.value.as_str(), a.question_deleted))
                .collect();
            assert_eq!(
                given,
                [("A", "answer A", false), ("B", "answer B", true)],
                "answers keep the prompt as asked, deleted questions last"
            );
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn required_answers_are_enforced_and_nothing_is_written_when_refused() {
        on_both_backends(|db| async move {
            let now = t0();
            let admin = member(&db, "Admin").await;
            let ada = member(&db, "Ada").await;
            let p = program(
                &db,
                &admin,
                ProgramSettings {
                    accepts_mentors: false,
                    ..settings("Spring", "spring")
                },
            )
            .await;
            let goal = add_question(
                &db,
                p.id,
                draft(Role::Mentee, QuestionKind::LongText, "Your goal?", true),
                now,
            )
            .await
            .unwrap();
            let track = add_question(
                &db,
                p.id,
                draft(Role::Mentee, QuestionKind::MultipleChoice, "Tracks?", true),
                now,
            )
            .await
            .unwrap();
            let optional = add_question(
                &db,
                p.id,
                draft(Role::Mentee, QuestionKind::Number, "Years?", false),
                now,
            )
            .await
            .unwrap();

            let partial = answers_from_form([(goal.field(), "Learn Rust")]);
            let refused = submit_application(&db, p.id, ada.id, &apply(Role::Mentee, partial), now)
                .await
                .unwrap_err();
            assert!(
                refused.field(&track.field()).unwrap().contains("required"),
                "{db:?}"
            );
            assert_eq!(refused.field(&goal.field()), None);
            assert_eq!(refused.submitted(&goal.field()).unwrap(), "Learn Rust");
            assert_eq!(membership_count(&db, p.id).await, 0);

            let wrong_role =
                submit_application(&db, p.id, ada.id, &apply(Role::Mentor, Answers::new()), now)
                    .await
                    .unwrap_err();
            assert!(wrong_role.field("role").is_some());

            let full = answers_from_form([
                (goal.field(), " Learn Rust "),
                (track.field(), "Two"),
                (track.field(), "One"),
                (optional.field(), ""),
            ]);
            let outcome = submit_application(&db, p.id, ada.id, &apply(Role::Mentee, full), now)
                .await
                .unwrap();
            assert_eq!(outcome.status, MembershipStatus::Pending);
            assert!(!outcome.already_applied);
            let members = list_memberships(&db, p.id, &[MembershipStatus::Pending])
                .await
                .unwrap();
            let given: Vec<(&str, &str)> = members[0]
                .answers
                .iter()
                .map(|a| (a.prompt.as_str(), a.value.as_str()))
                .collect();
            assert_eq!(
                given,
                [("Your goal?", "Learn Rust"), ("Tracks?", "One\nTwo")]
            );
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn automatic_approval_admits_at_once_and_manual_waits_for_an_admin() {
        on_both_backends(|db| async move {
            let now = t0();
            let admin = member(&db, "Admin").await;
            let ada = member(&db, "Ada").await;
            let auto = program(
                &db,
                &admin,
                ProgramSettings {
                    approval: Approval::Automatic,
                    ..settings("Auto", "auto")
                },
            )
            .await;
            let manual = program(&db, &admin, settings("Manual", "manual")).await;

            let joined = submit_application(
                &db,
                auto.id,
                ada.id,
                &apply(Role::Mentor, Answers::new()),
                now,
            )
            .await
            .unwrap();
            assert_eq!(joined.status, MembershipStatus::Approved, "{db:?}");
            let access_auto = access(&db, auto.id, &ada).await.unwrap();
            assert!(access_auto.is_member() && access_auto.can_open_member_tabs());
            assert_eq!(access_auto.membership.unwrap().joined_at, Some(now));
            assert!(
                outbox_rows(&db).await.is_empty(),
                "no email for an automatic approval"
            );

            let waiting = submit_application(
                &db,
                manual.id,
                ada.id,
                &apply(Role::Mentee, Answers::new()),
                now,
            )
            .await
            .unwrap();
            assert_eq!(waiting.status, MembershipStatus::Pending);
            let access_manual = access(&db, manual.id, &ada).await.unwrap();
            assert!(!access_manual.can_open_member_tabs());
            // A second submission changes nothing.
            let again = submit_application(
                &db,
                manual.id,
                ada.id,
                &apply(Role::Mentor, Answers::new()),
                now,
            )
            .await
            .unwrap();
            assert!(again.already_applied);
            assert_eq!(
                (again.role, again.status),
                (Role::Mentee, MembershipStatus::Pending)
            );

            let later = now + Duration::minutes(5);
            let decided = decide_applications(
                &db,
                manual.id,
                &[waiting.membership_id],
                &Decision::Approve,
                admin.id,
                SITE,
                later,
            )
            .await
            .unwrap();
            assert_eq!(decided, [waiting.membership_id]);
            let record = &list_memberships(&db, manual.id, &[MembershipStatus::Approved])
                .await
                .unwrap()[0];
            assert_eq!(record.decided_by_name.as_deref(), Some("Admin"));
            assert_eq!(record.decided_at, Some(later));
            assert_eq!(record.joined_at, Some(later));
            assert!(access(&db, manual.id, &ada).await.unwrap().is_member());
            let mail = outbox_rows(&db).await;
            assert_eq!(mail.len(), 1);
            assert_eq!(mail[0].0, "ada@example.org");
            assert!(mail[0].1.contains("Manual"));
            assert!(mail[0]
                .2
                .contains("https://hub.example.org/programs/manual"));

            // Deciding again, or from another program, does nothing.
            let other = program(&db, &admin, settings("Other", "other")).await;
            assert!(decide_applications(
                &db,
                other.id,
                &[waiting.membership_id],
                &Decision::Approve,
                admin.id,
                SITE,
                later
            )
            .await
            .unwrap()
            .is_empty());
            assert!(decide_applications(
                &db,
                manual.id,
                &[waiting.membership_id],
                &Decision::Approve,
                admin.id,
                SITE,
                later
            )
            .await
            .unwrap()
            .is_empty());
            assert_eq!(outbox_rows(&db).await.len(), 1);
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_declined_member_reapplies_only_where_the_program_allows_it() {
        on_both_backends(|db| async move {
            let now = t0();
            let admin = member(&db, "Admin").await;
            let ada = member(&db, "Ada").await;
            let p = program(&db, &admin, settings("Spring", "spring")).await;
            let first =
                submit_application(&db, p.id, ada.id, &apply(Role::Mentee, Answers::new()), now)
                    .await
                    .unwrap();
            let too_long = Decision::Decline {
                message: "x".repeat(crate::programs::MAX_DECISION_MESSAGE + 1),
            };
            assert!(decide_applications(
                &db,
                p.id,
                &[first.membership_id],
                &too_long,
                admin.id,
                SITE,
                now
            )
            .await
            .unwrap_err()
            .field("message")
            .is_some());
            let decline = Decision::Decline {
                message: "  We are full this round.  ".into(),
            };
            decide_applications(
                &db,
                p.id,
                &[first.membership_id],
                &decline,
                admin.id,
                SITE,
                now,
            )
            .await
            .unwrap();
            let mine = membership_of(&db, p.id, ada.id).await.unwrap().unwrap();
            assert_eq!(mine.status, MembershipStatus::Declined, "{db:?}");
            assert_eq!(
                mine.decision_message.as_deref(),
                Some("We are full this round.")
            );
            let mail = outbox_rows(&db).await;
            assert_eq!(mail.len(), 1);
            assert!(mail[0].2.contains("We are full this round."));
            assert!(!mail[0].2.contains("apply again"));

            let refused =
                submit_application(&db, p.id, ada.id, &apply(Role::Mentee, Answers::new()), now)
                    .await
                    .unwrap_err();
            assert!(
                matches!(&refused, AppError::Conflict(m) if m.contains("declined")),
                "{refused:?}"
            );

            update_program(
                &db,
                p.id,
                ProgramSettings {
                    allow_reapply: true,
                    ..p.settings.clone()
                },
                now,
            )
            .await
            .unwrap();
            let later = now + Duration::days(1);
            let again = submit_application(
                &db,
                p.id,
                ada.id,
                &apply(Role::Mentor, Answers::new()),
                later,
            )
            .await
            .unwrap();
            assert_eq!(again.membership_id, first.membership_id, "the same row");
            assert!(!again.already_applied);
            let mine = membership_of(&db, p.id, ada.id).await.unwrap().unwrap();
            assert_eq!(
                (mine.role, mine.status),
                (Role::Mentor, MembershipStatus::Pending)
            );
            assert_eq!(mine.applied_at, later);
            assert_eq!(mine.decision_message, None, "the old decision is cleared");
            assert_eq!(mine.decided_at, None);
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn members_withdraw_leave_and_are_removed() {
        on_both_backends(|db| async move {
            let now = t0();
            let admin = member(&db, "Admin").await;
            let ada = member(&db, "Ada").await;
            let p = program(&db, &admin, settings("Spring", "spring")).await;
            assert!(matches!(
                withdraw_application(&db, p.id, ada.id, now).await,
                Err(AppError::Conflict(_))
            ));
            submit_application(&db, p.id, ada.id, &apply(Role::Mentee, Answers::new()), now)
                .await
                .unwrap();
            assert!(
                leave_program(&db, p.id, ada.id, now).await.is_err(),
                "not approved yet"
            );
            withdraw_application(&db, p.id, ada.id, now).await.unwrap();
            assert_eq!(
                membership_of(&db, p.id, ada.id)
                    .await
                    .unwrap()
                    .unwrap()
                    .status,
                MembershipStatus::Withdrawn,
                "{db:?}"
            );
            // Applying again after withdrawing is always allowed.
            let back =
                submit_application(&db, p.id, ada.id, &apply(Role::Mentee, Answers::new()), now)
                    .await
                    .unwrap();
            decide_applications(
                &db,
                p.id,
                &[back.membership_id],
                &Decision::Approve,
                admin.id,
                SITE,
                now,
            )
            .await
            .unwrap();
            leave_program(&db, p.id, ada.id, now).await.unwrap();
            assert!(!access(&db, p.id, &ada).await.unwrap().is_member());
            let back =
                submit_application(&db, p.id, ada.id, &apply(Role::Mentee, Answers::new()), now)
                    .await
                    .unwrap();
            decide_applications(
                &db,
                p.id,
                &[back.membership_id],
                &Decision::Approve,
                admin.id,
                SITE,
                now,
            )
            .await
            .unwrap();
            let other = program(&db, &admin, settings("Other", "other")).await;
            assert_eq!(
                remove_member(&db, other.id, back.membership_id, admin.id, now)
                    .await
                    .unwrap_err(),
                AppError::NotFound
            );
            remove_member(&db, p.id, back.membership_id, admin.id, now)
                .await
                .unwrap();
            assert_eq!(
                membership_of(&db, p.id, ada.id)
                    .await
                    .unwrap()
                    .unwrap()
                    .status,
                MembershipStatus::Removed
            );
            assert!(
                submit_application(&db, p.id, ada.id, &apply(Role::Mentee, Answers::new()), now)
                    .await
                    .is_err(),
                "a removed member needs an invitation"
            );
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn program_admins_are_named_and_removed() {
        on_both_backends(|db| async move {
            let now = t0();
            let admin = member(&db, "Admin").await;
            let ada = member(&db, "Ada").await;
            let grace = member(&db, "Grace").await;
            let p = program(&db, &admin, settings("Spring", "spring")).await;
            assert!(!is_program_admin(&db, p.id, ada.id).await.unwrap());
            add_program_admin(&db, p.id, ada.id, now).await.unwrap();
            add_program_admin(&db, p.id, ada.id, now).await.unwrap();
            add_program_admin(&db, p.id, grace.id, now).await.unwrap();
            assert!(is_program_admin(&db, p.id, ada.id).await.unwrap(), "{db:?}");
            let access_ada = access(&db, p.id, &ada).await.unwrap();
            assert!(access_ada.can_manage() && access_ada.can_open_member_tabs());
            assert!(!access_ada.is_member());
            let listed: Vec<String> = list_program_admins(&db, p.id)
                .await
                .unwrap()
                .into_iter()
                .map(|a| a.name)
                .collect();
            assert_eq!(listed, ["Ada", "Grace"]);
            remove_program_admin(&db, p.id, ada.id).await.unwrap();
            assert_eq!(
                remove_program_admin(&db, p.id, ada.id).await.unwrap_err(),
                AppError::NotFound
            );
            assert!(!access(&db, p.id, &ada).await.unwrap().can_manage());
            assert!(
                access(&db, p.id, &admin).await.unwrap().can_manage(),
                "hub admin"
            );
            assert_eq!(
                add_program_admin(&db, p.id, 9_999, now).await.unwrap_err(),
                AppError::NotFound
            );
            crate::accounts::store::set_active(&db, grace.id, false, now)
                .await
                .unwrap();
            assert!(matches!(
                add_program_admin(&db, p.id, grace.id, now).await,
                Err(AppError::Conflict(_))
            ));
        })
        .await;
    }

    /// Runs `count` copies of `attempt` at the same moment.
    async fn race<F, Fut, T>(count: usize, attempt: F) -> Vec<T>
    where
        F: Fn(usize) -> Fut,
        Fut: std::future::Future<Output = T> + Send + 'static,
        T: Send + 'static,
    {
        let barrier = Arc::new(tokio::sync::Barrier::new(count));
        let tasks: Vec<_> = (0..count)
            .map(|i| {
                let barrier = barrier.clone();
                let attempt = attempt(i);
                tokio::spawn(async move {
                    barrier.wait().await;
                    attempt.await
                })
            })
            .collect();
        let mut results = Vec::new();
        for task in tasks {
            results.push(task.await.unwrap());
        }
        results
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn concurrent_submissions_make_one_application() {
        on_both_backends(|db| async move {
            let now = t0();
            let admin = member(&db, "Admin").await;
            let ada = member(&db, "Ada").await;
            for (slug, approval) in [("manual", Approval::Manual), ("auto", Approval::Automatic)] {
                let p = program(
                    &db,
                    &admin,
                    ProgramSettings {
                        approval,
                        ..settings(slug, slug)
                    },
                )
                .await;
                let q = add_question(
                    &db,
                    p.id,
                    draft(Role::Mentee, QuestionKind::ShortText, "Why?", true),
                    now,
                )
                .await
                .unwrap();
                let form = apply(Role::Mentee, answers_from_form([(q.field(), "Because")]));
                let outcomes = race(4, |_| {
                    let (db, form) = (db.clone(), form.clone());
                    async move { submit_application(&db, p.id, ada.id, &form, now).await }
                })
                .await;
                let outcomes: Vec<SubmitOutcome> =
                    outcomes.into_iter().map(|o| o.unwrap()).collect();
                assert_eq!(
                    outcomes.iter().filter(|o| !o.already_applied).count(),
                    1,
                    "{db:?} {slug}: {outcomes:?}"
                );
                assert!(outcomes
                    .iter()
                    .all(|o| o.membership_id == outcomes[0].membership_id));
                assert_eq!(membership_count(&db, p.id).await, 1);
                let members = list_memberships(&db, p.id, &[]).await.unwrap();
                assert_eq!(members[0].answers.len(), 1);
            }
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn concurrent_approvals_make_one_decision_and_one_email() {
        on_both_backends(|db| async move {
            let now = t0();
            let admin = member(&db, "Admin").await;
            let grace = member(&db, "Grace").await;
            let ada = member(&db, "Ada").await;
            let p = program(&db, &admin, settings("Spring", "spring")).await;
            add_program_admin(&db, p.id, grace.id, now).await.unwrap();
            let applied =
                submit_application(&db, p.id, ada.id, &apply(Role::Mentee, Answers::new()), now)
                    .await
                    .unwrap();
            let deciders = [admin.id, grace.id, admin.id, grace.id];
            let results = race(4, |i| {
                let db = db.clone();
                let by = deciders[i];
                async move {
                    decide_applications(
                        &db,
                        p.id,
                        &[applied.membership_id],
                        &Decision::Approve,
                        by,
                        SITE,
                        now,
                    )
                    .await
                }
            })
            .await;
            let decided: Vec<i64> = results.into_iter().flat_map(|r| r.unwrap()).collect();
            assert_eq!(decided, [applied.membership_id], "{db:?}");
            let mail = outbox_rows(&db).await;
            assert_eq!(mail.len(), 1, "{mail:?}");
            assert_eq!(mail[0].0, "ada@example.org");
            let record = &list_memberships(&db, p.id, &[]).await.unwrap()[0];
            assert_eq!(record.status, MembershipStatus::Approved);
            assert!(matches!(
                record.decided_by_name.as_deref(),
                Some("Admin" | "Grace")
            ));
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn an_invitation_with_one_use_left_admits_exactly_one_of_two() {
        on_both_backends(|db| async move {
            let now = t0();
            let admin = member(&db, "Admin").await;
            let first = member(&db, "First").await;
            let ada = member(&db, "Ada").await;
            let grace = member(&db, "Grace").await;
            let p = program(
                &db,
                &admin,
                ProgramSettings {
                    listed: false,
                    ..settings("Spring", "spring")
                },
            )
            .await;
            let created = create_invitation(
                &db,
                p.id,
                &InvitationDraft {
                    role: None,
                    auto_approve: true,
                    expires_at: None,
                    max_uses: Some(2),
                },
                admin.id,
                now,
            )
            .await
            .unwrap();
            let token = created.token.clone();
            submit_application(&db, p.id, first.id, &via(Role::Mentee, &token), now)
                .await
                .unwrap();
            // The same member again uses nothing.
            let again = submit_application(&db, p.id, first.id, &via(Role::Mentee, &token), now)
                .await
                .unwrap();
            assert!(again.already_applied);
            assert_eq!(
                find_invitation(&db, &token, now)
                    .await
                    .unwrap()
                    .invitation
                    .uses,
                1
            );

            let racers = [ada.id, grace.id];
            let results =
                race(2, |i| {
                    let (db, token) = (db.clone(), token.clone());
                    let user = racers[i];
                    async move {
                        submit_application(&db, p.id, user, &via(Role::Mentor, &token), now).await
                    }
                })
                .await;
            assert_one_admitted(&results, &format!("{db:?}"));
            assert_eq!(
                membership_count(&db, p.id).await,
                2,
                "the loser's application rolled back"
            );
            let link = find_invitation(&db, &token, now).await.unwrap();
            assert_eq!(link.invitation.uses, 2);
            assert_eq!(link.invitation.state, InvitationState::UsedUp);
            assert_eq!(link.program.id, p.id);
            let listed = list_invitations(&db, p.id, now).await.unwrap();
            assert_eq!(listed.len(), 1);
            assert_eq!(listed[0].uses, 2);
            let admitted_count = list_memberships(&db, p.id, &[MembershipStatus::Approved])
                .await
                .unwrap()
                .into_iter()
                .filter(|m| m.via_invitation)
                .count();
            assert_eq!(admitted_count, 2);
        })
        .await;
    }

    fn assert_one_admitted(results: &[Result<SubmitOutcome, AppError>], context: &str) {
        let admitted = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(admitted, 1, "{context}: {results:?}");
        for refused in results.iter().filter_map(|r| r.as_ref().err()) {
            assert!(
                matches!(refused, AppError::Conflict(m) if m.contains("used as many times")),
                "{context}: {refused:?}"
            );
        }
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn single_use_links_admit_one_of_four_concurrent_members_every_time() {
        on_both_backends(|db| async move {
            let now = t0();
            let admin = member(&db, "Admin").await;
            let p = program(&db, &admin, settings("Spring", "spring")).await;
            for round in 0..5 {
                let link = create_invitation(
                    &db,
                    p.id,
                    &InvitationDraft {
                        role: Some(Role::Mentee),
                        auto_approve: false,
                        expires_at: Some(now + Duration::days(1)),
                        max_uses: Some(1),
                    },
                    admin.id,
                    now,
                )
                .await
                .unwrap();
                let mut users = Vec::new();
                for i in 0..4 {
                    users.push(member(&db, &format!("R{round}x{i}")).await.id);
                }
                let results = race(4, |i| {
                    let (db, token) = (db.clone(), link.token.clone());
                    let user = users[i];
                    async move {
                        submit_application(&db, p.id, user, &via(Role::Mentee, &token), now).await
                    }
                })
                .await;
                assert_one_admitted(&results, &format!("{db:?} round {round}"));
                assert_eq!(membership_count(&db, p.id).await, round + 1);
            }
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn expired_revoked_and_unknown_links_are_refused_with_the_reason() {
        on_both_backends(|db| async move {
            let now = t0();
            let admin = member(&db, "Admin").await;
            let ada = member(&db, "Ada").await;
            let grace = member(&db, "Grace").await;
            let p = program(
                &db,
                &admin,
                ProgramSettings {
                    status: ProgramStatus::Closed,
                    ..settings("Spring", "spring")
                },
            )
            .await;
            let new_link = |role: Option<Role>, expires_at: Option<NaiveDateTime>| {
                let db = db.clone();
                async move {
                    create_invitation(
                        &db,
                        p.id,
                        &InvitationDraft {
                            role,
                            auto_approve: false,
                            expires_at,
                            max_uses: None,
                        },
                        admin.id,
                        now,
                    )
                    .await
                    .unwrap()
                }
            };
            let past = create_invitation(
                &db,
                p.id,
                &InvitationDraft {
                    role: None,
                    auto_approve: false,
                    expires_at: Some(now - Duration::hours(1)),
                    max_uses: Some(0),
                },
                admin.id,
                now,
            )
            .await
            .unwrap_err();
            assert!(past.field("expires_at").is_some() && past.field("max_uses").is_some());

            let expiring = new_link(None, Some(now + Duration::hours(1))).await;
            let later = now + Duration::hours(2);
            let link = find_invitation(&db, &expiring.token, later).await.unwrap();
            assert_eq!(link.invitation.state, InvitationState::Expired, "{db:?}");
            let refused = submit_application(
                &db,
                p.id,
                ada.id,
                &via(Role::Mentee, &expiring.token),
                later,
            )
            .await
            .unwrap_err();
            assert!(
                matches!(&refused, AppError::Conflict(m) if m.contains("expired")),
                "{refused:?}"
            );

            let mentor_only = new_link(Some(Role::Mentor), None).await;
            revoke_invitation(&db, p.id, mentor_only.invitation.id, now)
                .await
                .unwrap();
            revoke_invitation(&db, p.id, mentor_only.invitation.id, now)
                .await
                .unwrap();
            let refused = submit_application(
                &db,
                p.id,
                ada.id,
                &via(Role::Mentor, &mentor_only.token),
                now,
            )
            .await
            .unwrap_err();
            assert!(
                matches!(&refused, AppError::Conflict(m) if m.contains("withdrawn")),
                "{refused:?}"
            );
            assert_eq!(
                find_invitation(&db, &mentor_only.token, now)
                    .await
                    .unwrap()
                    .invitation
                    .state,
                InvitationState::Revoked
            );
            assert_eq!(
                find_invitation(&db, "no-such-token", now)
                    .await
                    .unwrap_err(),
                AppError::NotFound
            );
            assert_eq!(
                submit_application(&db, p.id, ada.id, &via(Role::Mentee, "no-such-token"), now)
                    .await
                    .unwrap_err(),
                AppError::NotFound
            );
            let other = program(&db, &admin, settings("Other", "other")).await;
            assert_eq!(
                revoke_invitation(&db, other.id, expiring.invitation.id, now)
                    .await
                    .unwrap_err(),
                AppError::NotFound
            );

            // The program is closed: only a usable link lets a member in,
            // as the link's role, pending since it does not auto-approve.
            assert!(submit_application(
                &db,
                p.id,
                ada.id,
                &apply(Role::Mentee, Answers::new()),
                now
            )
            .await
            .is_err());
            let mentors = new_link(Some(Role::Mentor), None).await;
            let wrong =
                submit_application(&db, p.id, ada.id, &via(Role::Mentee, &mentors.token), now)
                    .await
                    .unwrap_err();
            assert!(wrong.field("role").unwrap().contains("mentor"));
            let joined =
                submit_application(&db, p.id, ada.id, &via(Role::Mentor, &mentors.token), now)
                    .await
                    .unwrap();
            assert_eq!(joined.status, MembershipStatus::Pending);
            // A link for another program does not open this one.
            let elsewhere = create_invitation(
                &db,
                other.id,
                &InvitationDraft {
                    role: None,
                    auto_approve: true,
                    expires_at: None,
                    max_uses: None,
                },
                admin.id,
                now,
            )
            .await
            .unwrap();
            assert_eq!(
                submit_application(
                    &db,
                    p.id,
                    grace.id,
                    &via(Role::Mentee, &elsewhere.token),
                    now
                )
                .await
                .unwrap_err(),
                AppError::NotFound
            );
            let states: Vec<InvitationState> = list_invitations(&db, p.id, later)
                .await
                .unwrap()
                .into_iter()
                .map(|i| i.state)
                .collect();
            assert_eq!(
                states,
                [
                    InvitationState::Active,
                    InvitationState::Revoked,
                    InvitationState::Expired
                ]
            );
        })
        .await;
    }
}
