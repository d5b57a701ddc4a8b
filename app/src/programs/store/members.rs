//! The admins' side of memberships: deciding applications, removing
//! members, the member lists (and one member's own, for their export).

use super::{rows::MembershipRow, shared::ProgramQueries, ACTIVE_STATUSES};
use crate::{
    db::{
        schema::{application_answers, memberships, programs, registration_questions, users},
        Db,
    },
    email::store::OutboxQueries,
    error::AppError,
    programs::{Decision, GivenAnswer, MemberRecord, MembershipStatus, MyMembership, QuestionKind},
    run_query, write_transaction,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::collections::BTreeMap;

/// An admin removes a member (or a pending applicant) from the program.
pub async fn remove_member(
    db: &Db,
    program_id: i64,
    membership_id: i64,
    removed_by: i64,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        let removed: Option<i64> = diesel::update(
            memberships::table
                .find(membership_id)
                .filter(memberships::program_id.eq(program_id))
                .filter(memberships::status.eq_any(ACTIVE_STATUSES)),
        )
        .set((
            memberships::status.eq(MembershipStatus::Removed),
            memberships::decided_by.eq(removed_by),
            memberships::decided_at.eq(now),
            memberships::decision_message.eq(None::<String>),
            memberships::updated_at.eq(now),
        ))
        .returning(memberships::user_id)
        .get_result(conn)
        .await
        .optional()?;
        let user_id = removed.ok_or(AppError::NotFound)?;
        conn.end_mentoring(program_id, user_id, now).await?;
        Ok(())
    })
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
                .filter(memberships::status.eq(MembershipStatus::Pending)),
        )
        .set((
            memberships::status.eq(status),
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
    let statuses = statuses.to_vec();
    type AnswerRow = (
        i64,
        i64,
        String,
        String,
        QuestionKind,
        i32,
        Option<NaiveDateTime>,
    );
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
                kind,
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
                role: row.role,
                status: row.status,
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

/// How many applications wait for a decision: the badge of the admin pages'
/// Applications tab (one count, served by the memberships' covering index).
pub async fn pending_count(db: &Db, program_id: i64) -> Result<i64, AppError> {
    let count = run_query!(db, |conn| {
        memberships::table
            .filter(memberships::program_id.eq(program_id))
            .filter(memberships::status.eq(MembershipStatus::Pending))
            .count()
            .get_result(conn)
            .await
    })?;
    Ok(count)
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

/// Each member's active mentorship partners in the program (a mentee's
/// mentor, a mentor's mentees), by user id, names sorted: the members
/// CSV's "Matched with" column. Two queries.
pub async fn mentorship_partners(
    db: &Db,
    program_id: i64,
) -> Result<BTreeMap<i64, Vec<String>>, AppError> {
    use crate::db::schema::mentorships;
    let (pairs, names) = run_query!(db, |conn| {
        let pairs: Vec<(i64, i64)> = mentorships::table
            .filter(mentorships::program_id.eq(program_id))
            .filter(mentorships::status.eq("active"))
            .select((mentorships::mentor_id, mentorships::mentee_id))
            .load(conn)
            .await?;
        let ids: Vec<i64> = pairs.iter().flat_map(|(a, b)| [*a, *b]).collect();
        let names: Vec<(i64, String)> = users::table
            .filter(users::id.eq_any(ids))
            .select((users::id, users::name))
            .load(conn)
            .await?;
        Ok::<_, AppError>((pairs, names))
    })?;
    let names: BTreeMap<i64, String> = names.into_iter().collect();
    let mut partners: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (mentor, mentee) in pairs {
        let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
        partners.entry(mentor).or_default().push(name(mentee));
        partners.entry(mentee).or_default().push(name(mentor));
    }
    for list in partners.values_mut() {
        list.sort();
    }
    Ok(partners)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programs::store::{fixtures::*, *};
    use crate::{
        db::testing::on_both_backends,
        programs::{Answers, Approval, ProgramSettings, Role},
    };
    use chrono::Duration;

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
            assert_eq!(pending_count(&db, manual.id).await.unwrap(), 1);
            assert_eq!(pending_count(&db, auto.id).await.unwrap(), 0);
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
            assert_eq!(pending_count(&db, manual.id).await.unwrap(), 0);
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
}
