//! The Diesel rows of the programs tables and their conversion into the
//! wire types.

use crate::{
    db::schema::{memberships, program_invitations, programs, registration_questions},
    programs::{
        Approval, Invitation, InvitationState, MatchingMode, MembershipStatus, MyMembership,
        Program, ProgramSettings, ProgramStatus, Question, QuestionKind, Role,
    },
};
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = programs)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub(super) struct ProgramRow {
    pub(super) id: i64,
    pub(super) name: String,
    pub(super) slug: String,
    pub(super) summary: String,
    pub(super) about_md: String,
    pub(super) cover_color: String,
    pub(super) status: ProgramStatus,
    pub(super) listed: bool,
    pub(super) accepts_mentors: bool,
    pub(super) accepts_mentees: bool,
    pub(super) approval: Approval,
    pub(super) matching_mode: MatchingMode,
    pub(super) default_mentor_capacity: i32,
    pub(super) allow_reapply: bool,
    pub(super) created_by: i64,
    pub(super) created_at: NaiveDateTime,
    pub(super) updated_at: NaiveDateTime,
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
                status: row.status,
                listed: row.listed,
                accepts_mentors: row.accepts_mentors,
                accepts_mentees: row.accepts_mentees,
                approval: row.approval,
                matching_mode: row.matching_mode,
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
pub(super) struct ProgramValues<'a> {
    pub(super) name: &'a str,
    pub(super) slug: &'a str,
    pub(super) summary: &'a str,
    pub(super) about_md: &'a str,
    pub(super) cover_color: &'a str,
    pub(super) status: ProgramStatus,
    pub(super) listed: bool,
    pub(super) accepts_mentors: bool,
    pub(super) accepts_mentees: bool,
    pub(super) approval: Approval,
    pub(super) matching_mode: MatchingMode,
    pub(super) default_mentor_capacity: i32,
    pub(super) allow_reapply: bool,
}

impl<'a> From<&'a ProgramSettings> for ProgramValues<'a> {
    fn from(settings: &'a ProgramSettings) -> Self {
        ProgramValues {
            name: &settings.name,
            slug: &settings.slug,
            summary: &settings.summary,
            about_md: &settings.about_md,
            cover_color: &settings.cover_color,
            status: settings.status,
            listed: settings.listed,
            accepts_mentors: settings.accepts_mentors,
            accepts_mentees: settings.accepts_mentees,
            approval: settings.approval,
            matching_mode: settings.matching_mode,
            default_mentor_capacity: settings.default_mentor_capacity,
            allow_reapply: settings.allow_reapply,
        }
    }
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = registration_questions)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub(super) struct QuestionRow {
    pub(super) id: i64,
    pub(super) program_id: i64,
    pub(super) role: Role,
    pub(super) position: i32,
    pub(super) kind: QuestionKind,
    pub(super) prompt: String,
    pub(super) help_text: String,
    pub(super) required: bool,
    pub(super) options: String,
}

impl From<QuestionRow> for Question {
    fn from(row: QuestionRow) -> Self {
        Question {
            id: row.id,
            program_id: row.program_id,
            role: row.role,
            position: row.position,
            kind: row.kind,
            prompt: row.prompt,
            help_text: row.help_text,
            required: row.required,
            options: serde_json::from_str(&row.options).unwrap_or_default(),
        }
    }
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = memberships)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub(super) struct MembershipRow {
    pub(super) id: i64,
    pub(super) program_id: i64,
    pub(super) user_id: i64,
    pub(super) role: Role,
    pub(super) status: MembershipStatus,
    pub(super) invitation_id: Option<i64>,
    pub(super) applied_at: NaiveDateTime,
    pub(super) decided_by: Option<i64>,
    pub(super) decided_at: Option<NaiveDateTime>,
    pub(super) decision_message: Option<String>,
    pub(super) joined_at: Option<NaiveDateTime>,
}

impl MembershipRow {
    pub(super) fn mine(&self) -> MyMembership {
        MyMembership {
            id: self.id,
            role: self.role,
            status: self.status,
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
pub(super) struct ApplicationValues<'a> {
    pub(super) role: Role,
    pub(super) status: MembershipStatus,
    pub(super) invitation_id: Option<i64>,
    pub(super) applied_at: NaiveDateTime,
    pub(super) decided_by: Option<i64>,
    pub(super) decided_at: Option<NaiveDateTime>,
    pub(super) decision_message: Option<&'a str>,
    pub(super) joined_at: Option<NaiveDateTime>,
    pub(super) updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = program_invitations)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub(super) struct InvitationRow {
    pub(super) id: i64,
    pub(super) program_id: i64,
    pub(super) role: Option<Role>,
    pub(super) auto_approve: bool,
    pub(super) expires_at: Option<NaiveDateTime>,
    pub(super) max_uses: Option<i32>,
    pub(super) uses: i32,
    pub(super) revoked_at: Option<NaiveDateTime>,
    pub(super) created_by: i64,
    pub(super) created_at: NaiveDateTime,
}

impl InvitationRow {
    pub(super) fn state(&self, now: NaiveDateTime) -> InvitationState {
        InvitationState::of(
            self.revoked_at,
            self.expires_at,
            self.max_uses,
            self.uses,
            now,
        )
    }

    pub(super) fn into_invitation(self, now: NaiveDateTime) -> Invitation {
        let state = self.state(now);
        Invitation {
            id: self.id,
            program_id: self.program_id,
            role: self.role,
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

#[cfg(test)]
mod tests {
    use crate::{
        db::testing::{on_both_backends, store_unchecked},
        error::AppError,
        programs::{
            store::{fixtures::*, *},
            Answers, DirectoryQuery, InvitationDraft, QuestionKind, Role,
        },
    };

    fn unreadable<T: std::fmt::Debug>(result: Result<T, AppError>) -> bool {
        matches!(result, Err(AppError::Internal { .. }))
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn rows_whose_stored_text_is_no_variant_fail_to_load() {
        on_both_backends(|db| async move {
            let now = t0();
            let admin = member(&db, "Admin").await;
            let ada = member(&db, "Ada").await;
            let p = program(&db, &admin, settings("Spring", "spring")).await;
            add_question(
                &db,
                p.id,
                draft(Role::Mentee, QuestionKind::ShortText, "Why?", false),
                now,
            )
            .await
            .unwrap();
            submit_application(&db, p.id, ada.id, &apply(Role::Mentee, Answers::new()), now)
                .await
                .unwrap();
            let draft = InvitationDraft {
                role: Some(Role::Mentee),
                auto_approve: false,
                expires_at: None,
                max_uses: None,
            };
            create_invitation(&db, p.id, &draft, admin.id, now)
                .await
                .unwrap();

            store_unchecked(&db, "registration_questions", "kind", "essay").await;
            assert!(unreadable(list_questions(&db, p.id, None).await), "{db:?}");
            store_unchecked(&db, "memberships", "status", "on_hold").await;
            assert!(unreadable(list_memberships(&db, p.id, &[]).await));
            assert!(unreadable(membership_of(&db, p.id, ada.id).await));
            store_unchecked(&db, "program_invitations", "role", "observer").await;
            assert!(unreadable(list_invitations(&db, p.id, now).await));
            store_unchecked(&db, "programs", "status", "paused").await;
            assert!(unreadable(program_by_id(&db, p.id).await));
            assert!(unreadable(
                list_programs(&db, Some(&admin), &DirectoryQuery::default())
                    .await
                    .map(|directory| directory.tiles)
            ));
        })
        .await;
    }
}
