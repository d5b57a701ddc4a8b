//! A member's side of a membership: applying (directly or through an
//! invitation link), withdrawing, leaving.

use super::{
    rows::{ApplicationValues, InvitationRow, MembershipRow},
    shared::ProgramQueries,
};
use crate::{
    accounts::security::hash_token,
    db::{
        schema::{application_answers, memberships, program_invitations},
        Db,
    },
    error::AppError,
    programs::{
        application_refusal, validate_answers, ApplicationForm, Approval, InvitationState,
        MembershipStatus, SubmitOutcome,
    },
    write_transaction,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::collections::BTreeMap;

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
        if let Some(row) = existing.as_ref().filter(|row| row.status.is_active()) {
            return Ok(already_applied(row));
        }
        if let Some(problem) = invitation.as_ref().and_then(|i| i.state(now).problem()) {
            return Err(AppError::Conflict(problem.into()));
        }
        let via_invitation = invitation.is_some();
        if let Some(refusal) = application_refusal(
            &program,
            existing.as_ref().map(|row| row.status),
            via_invitation,
        ) {
            return Err(AppError::Conflict(refusal.into()));
        }
        let preset = invitation.as_ref().and_then(|i| i.role);
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
            role,
            status,
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
                    .filter(memberships::status.eq(row.status)),
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
            if row.status.is_active() {
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
        role: row.role,
        status: row.status,
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
    write_transaction!(db, |conn| {
        let changed = diesel::update(
            memberships::table
                .filter(memberships::program_id.eq(program_id))
                .filter(memberships::user_id.eq(user_id))
                .filter(memberships::status.eq(from)),
        )
        .set((memberships::status.eq(to), memberships::updated_at.eq(now)))
        .execute(conn)
        .await?;
        if changed == 0 {
            return Err(AppError::Conflict(refusal.into()));
        }
        conn.end_mentoring(program_id, user_id, now).await?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programs::store::{fixtures::*, *};
    use crate::{
        db::testing::on_both_backends,
        programs::{answers_from_form, Answers, Decision, ProgramSettings, QuestionKind, Role},
    };
    use chrono::Duration;

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
}
