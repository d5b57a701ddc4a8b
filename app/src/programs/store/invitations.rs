//! Invitation links: created, listed, revoked, and found by their token.

use super::{rows::InvitationRow, shared::ProgramQueries};
use crate::{
    accounts::security::{hash_token, new_token},
    db::{schema::program_invitations, Db},
    error::AppError,
    programs::{CreatedInvitation, Invitation, InvitationDraft, InvitationLink},
    run_query, write_transaction,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

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
                program_invitations::role.eq(draft.role),
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
/// [`InvitationState::problem`](crate::programs::InvitationState::problem))
/// and its program, listed or not. An unknown token is `NotFound`.
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
    use crate::programs::store::{fixtures::*, *};
    use crate::{
        db::testing::on_both_backends,
        programs::{
            Answers, InvitationState, MembershipStatus, ProgramSettings, ProgramStatus, Role,
            SubmitOutcome,
        },
    };
    use chrono::Duration;

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
