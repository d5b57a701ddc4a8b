//! Server functions of a program's applications queue and member list.

use super::*;

/// Applications waiting for a decision, oldest first.
#[server(prefix = "/api", endpoint = "programs/applications")]
pub async fn list_applications(program_id: i64) -> Result<Vec<MemberRecord>, AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.manager()?;
        crate::programs::store::list_memberships(
            &db()?,
            caller.id(),
            &[crate::programs::MembershipStatus::Pending],
        )
        .await
    })
    .await
}

/// Approves or declines the chosen pending applications (one or many).
/// Returns the applications this call decided: one already decided by
/// someone else is left as it is.
#[server(prefix = "/api", endpoint = "programs/decide")]
pub async fn decide_applications(
    program_id: i64,
    #[server(default)] membership_ids: Vec<i64>,
    decision: String,
    #[server(default)] message: String,
) -> Result<Vec<i64>, AppError> {
    let kept_message = message.clone();
    // Which applications the refused post was about: the applications page
    // shows the message at that card, or at the bulk form.
    let kept_ids = membership_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    crate::error::serve(async {
        async {
            let caller = ProgramCaller::by_id(program_id).await?.manager()?;
            let decision = match decision.as_str() {
                "approve" => crate::programs::Decision::Approve,
                "decline" => crate::programs::Decision::Decline { message },
                _ => {
                    return Err(AppError::validation(
                        "decision",
                        "Choose approve or decline.",
                    ))
                }
            };
            decision.validate()?;
            if membership_ids.is_empty() {
                return Err(AppError::validation(
                    "membership_ids",
                    "Select at least one application.",
                ));
            }
            let state = crate::state::app_state()?;
            let decided = crate::programs::store::decide_applications(
                &state.db,
                caller.id(),
                &membership_ids,
                &decision,
                caller.viewer.id(),
                &state.site.site_url,
                now(),
            )
            .await?;
            state.email.wake();
            let flag = match decision {
                crate::programs::Decision::Approve => "approved",
                crate::programs::Decision::Decline { .. } => "declined",
            };
            crate::reply::redirect(&format!(
                "{}/admin/applications?{flag}={}",
                caller.program.path(),
                decided.len()
            ));
            Ok(decided)
        }
        .await
        .map_err(|error: AppError| {
            error.keeping(&[("message", &kept_message), ("membership_ids", &kept_ids)])
        })
    })
    .await
}

/// Approved members with their answers.
#[server(prefix = "/api", endpoint = "programs/members")]
pub async fn list_program_members(program_id: i64) -> Result<Vec<MemberRecord>, AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.manager()?;
        crate::programs::store::list_memberships(
            &db()?,
            caller.id(),
            &[crate::programs::MembershipStatus::Approved],
        )
        .await
    })
    .await
}

#[server(prefix = "/api", endpoint = "programs/remove_member")]
pub async fn remove_program_member(program_id: i64, membership_id: i64) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.manager()?;
        crate::programs::store::remove_member(
            &db()?,
            caller.id(),
            membership_id,
            caller.viewer.id(),
            now(),
        )
        .await?;
        crate::reply::redirect(&format!(
            "{}/admin/members?removed=1",
            caller.program.path()
        ));
        Ok(())
    })
    .await
}
