//! Mentorship requests: the form to ask a mentor, the requests page, and
//! the answers.

use super::*;
use crate::mentors::{RequestForm, RequestsPage};

#[server(prefix = "/api", endpoint = "mentors/request_form")]
pub async fn get_request_form(slug: String, mentor_id: i64) -> Result<RequestForm, AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_slug(&slug).await?.member()?;
        require_role(&caller, crate::programs::Role::Mentee)?;
        let (tab, mentor) = crate::mentors::store::mentor_card(
            &db()?,
            &caller.program,
            &caller.access,
            &caller.viewer.user.current_user(),
            mentor_id,
            now(),
        )
        .await?;
        if tab.mode != crate::programs::MatchingMode::MenteeRequests {
            return Err(AppError::Forbidden);
        }
        let refusal = tab.me.request_refusal.clone().or_else(|| {
            if mentor.requested {
                Some(
                    "You have already asked this mentor; the request is waiting for an answer."
                        .into(),
                )
            } else if !mentor.places.has_room() {
                Some(format!("{} has no open places right now.", mentor.name))
            } else {
                None
            }
        });
        Ok(RequestForm {
            program_id: caller.id(),
            program_name: caller.program.settings.name.clone(),
            program_path: caller.program.path(),
            mentor_id,
            template: crate::mentors::request_template(&mentor.name, &caller.program.settings.name),
            mentor_name: mentor.name,
            mentor_headline: mentor.headline,
            places_label: mentor.places.label(),
            refusal,
        })
    })
    .await
}

#[server(prefix = "/api", endpoint = "mentors/send_request")]
pub async fn send_request(
    program_id: i64,
    mentor_id: i64,
    message: String,
) -> Result<i64, AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.member()?;
        require_role(&caller, crate::programs::Role::Mentee)?;
        let id = crate::mentors::store::send_request(
            &db()?,
            caller.id(),
            caller.viewer.id(),
            mentor_id,
            &message,
            &links(&caller)?,
            now(),
        )
        .await
        .map_err(|e| e.keeping(&[("message", message.clone())]))?;
        crate::reply::redirect(&format!("{}/requests?sent=1", caller.program.path()));
        Ok(id)
    })
    .await
}

#[server(prefix = "/api", endpoint = "mentors/requests")]
pub async fn get_requests(slug: String) -> Result<RequestsPage, AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_slug(&slug).await?.member()?;
        if super::member_role(&caller).is_none() {
            return Err(AppError::Forbidden);
        }
        let (sent, received) =
            crate::mentors::store::requests_of(&db()?, caller.id(), caller.viewer.id()).await?;
        Ok(RequestsPage {
            program_id: caller.id(),
            program_name: caller.program.settings.name.clone(),
            program_path: caller.program.path(),
            sent,
            received,
        })
    })
    .await
}

#[server(prefix = "/api", endpoint = "mentors/withdraw_request")]
pub async fn withdraw_request(program_id: i64, request_id: i64) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.member()?;
        require_role(&caller, crate::programs::Role::Mentee)?;
        crate::mentors::store::withdraw_request(
            &db()?,
            caller.id(),
            request_id,
            caller.viewer.id(),
            &links(&caller)?,
            now(),
        )
        .await?;
        crate::reply::redirect(&format!("{}/requests?withdrawn=1", caller.program.path()));
        Ok(())
    })
    .await
}

/// The mentor accepts (`decision = "accept"`) or declines a request.
#[server(prefix = "/api", endpoint = "mentors/answer_request")]
pub async fn answer_request(
    program_id: i64,
    request_id: i64,
    decision: String,
    #[server(default)] response: String,
) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.member()?;
        require_role(&caller, crate::programs::Role::Mentor)?;
        let accept = match decision.as_str() {
            "accept" => true,
            "decline" => false,
            _ => {
                return Err(AppError::validation(
                    "decision",
                    "Choose accept or decline.",
                ))
            }
        };
        crate::mentors::store::answer_request(
            &db()?,
            caller.id(),
            request_id,
            caller.viewer.id(),
            accept,
            &response,
            &links(&caller)?,
            now(),
        )
        .await
        .map_err(|e| e.keeping(&[("response", response.clone())]))?;
        crate::reply::redirect(&format!(
            "{}/requests?{}=1",
            caller.program.path(),
            if accept { "accepted" } else { "declined" }
        ));
        Ok(())
    })
    .await
}
