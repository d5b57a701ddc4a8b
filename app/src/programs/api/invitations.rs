//! Server functions of a program's invitation links.

use super::*;

#[server(prefix = "/api", endpoint = "programs/invitations")]
pub async fn list_program_invitations(program_id: i64) -> Result<Vec<Invitation>, AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.manager()?;
        crate::programs::store::list_invitations(&db()?, caller.id(), now()).await
    })
    .await
}

/// Creates an invitation link. Its token is shown once: the redirect after
/// a plain form post carries it to the admin's page in `?new=`.
/// `expires_on` is a date (the link works until the end of that day, UTC)
/// or empty; `max_uses` a number or empty for no limit.
#[server(prefix = "/api", endpoint = "programs/create_invitation")]
pub async fn create_program_invitation(
    program_id: i64,
    #[server(default)] role: String,
    #[server(default)] auto_approve: Option<String>,
    #[server(default)] expires_on: String,
    #[server(default)] max_uses: String,
) -> Result<CreatedInvitation, AppError> {
    let kept = [
        ("role", role.clone()),
        (
            "auto_approve",
            if auto_approve.is_some() { "on" } else { "" }.to_owned(),
        ),
        ("expires_on", expires_on.clone()),
        ("max_uses", max_uses.clone()),
    ];
    crate::error::serve(async { async {
            let caller = ProgramCaller::by_id(program_id).await?.manager()?;
            let mut errors = crate::error::FieldErrors::new();
            let role = match role.trim() {
                "" => None,
                other => match Role::parse(other) {
                    Some(role) => Some(role),
                    None => {
                        errors.add("role", "Choose mentor, mentee or either.");
                        None
                    }
                },
            };
            let expires_at = match expires_on.trim() {
                "" => None,
                date => match chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") {
                    Ok(day) => day.and_hms_opt(23, 59, 59),
                    Err(_) => {
                        errors.add("expires_on", "Write a date like 2027-03-31, or leave it empty.");
                        None
                    }
                },
            };
            let max_uses = match max_uses.trim() {
                "" => None,
                number => match number.parse::<i32>() {
                    Ok(uses) => Some(uses),
                    Err(_) => {
                        errors.add(
                            "max_uses",
                            format!(
                                "Write a whole number from 1 to {}, or leave it empty for no limit.",
                                crate::programs::MAX_INVITATION_USES
                            ),
                        );
                        None
                    }
                },
            };
            let draft = crate::programs::InvitationDraft {
                role,
                auto_approve: auto_approve.is_some(),
                expires_at,
                max_uses,
            };
            if let Err(AppError::Validation(more)) = draft.validate(&caller.program, now()) {
                // The draft names the time `expires_at`; the form's field
                // (where the message belongs) is the day, `expires_on`.
                for (field, message) in more.messages {
                    let field = if field == "expires_at" {
                        "expires_on"
                    } else {
                        field.as_str()
                    };
                    errors.add(field, message);
                }
            }
            errors.into_result()?;
            let created = crate::programs::store::create_invitation(
                &db()?,
                caller.id(),
                &draft,
                caller.viewer.id(),
                now(),
            )
            .await?;
            // The token is a one-time secret: the page after the redirect
            // shows it from the server, never from the URL.
            let key = crate::flash::put(
                &db()?,
                Some(caller.viewer.id()),
                &new_invitation_purpose(caller.id()),
                &created.token,
                now(),
            )
            .await?;
            crate::reply::redirect(&format!(
                "{}/admin/invitations?created={key}",
                caller.program.path(),
            ));
            Ok(created)
        }
        .await
        .map_err(|error: AppError| error.keeping(&kept)) }).await
}

#[cfg(feature = "ssr")]
fn new_invitation_purpose(program_id: i64) -> String {
    format!("new_invitation:{program_id}")
}

/// The link just created by this admin (`?created=<key>` after the
/// redirect), once: its token is kept on the server for a few minutes and
/// read only by the admin who created it.
#[server(prefix = "/api", endpoint = "programs/new_invitation_link")]
pub async fn take_new_invitation_link(
    slug: String,
    key: String,
) -> Result<Option<String>, AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_slug(&slug).await?.manager()?;
        let token = crate::flash::take(
            &db()?,
            Some(caller.viewer.id()),
            &new_invitation_purpose(caller.id()),
            &key,
            now(),
        )
        .await?;
        Ok(token.map(|token| crate::programs::join_path(&token)))
    })
    .await
}

#[server(prefix = "/api", endpoint = "programs/revoke_invitation")]
pub async fn revoke_program_invitation(
    program_id: i64,
    invitation_id: i64,
) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.manager()?;
        crate::programs::store::revoke_invitation(&db()?, caller.id(), invitation_id, now())
            .await?;
        crate::reply::redirect(&format!(
            "{}/admin/invitations?revoked=1",
            caller.program.path()
        ));
        Ok(())
    })
    .await
}
