//! The admins' matching: settings, one-to-one matches and drafts, "Suggest
//! matches", the preview, publishing, capacity overrides.

use super::*;
use crate::mentors::{ManualMatchPage, MatchingPage, PublishOutcome};
use std::collections::BTreeMap;

#[server(prefix = "/api", endpoint = "mentors/matching")]
pub async fn get_matching_page(slug: String) -> Result<MatchingPage, AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_slug(&slug).await?.manager()?;
        crate::mentors::store::matching_page(&db()?, &caller.program, now()).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "mentors/manual_match")]
pub async fn get_manual_match(slug: String, mentee_id: i64) -> Result<ManualMatchPage, AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_slug(&slug).await?.manager()?;
        crate::mentors::store::manual_match_page(&db()?, &caller.program, mentee_id, now()).await
    })
    .await
}

/// The matching settings form. Question weights arrive as
/// `question_weights[q-<id>]`, the questions shown on mentor cards as
/// `cards[]` ids.
#[server(prefix = "/api", endpoint = "mentors/save_settings")]
pub async fn save_matching_settings(
    program_id: i64,
    max_capacity: String,
    max_pending_requests: String,
    request_expiry_days: String,
    #[server(default)] mentees_browse: Option<String>,
    weight_favorite: String,
    weight_expertise: String,
    weight_language: String,
    weight_time_zone: String,
    #[server(default)] question_weights: BTreeMap<String, String>,
    #[server(default)] cards: Vec<String>,
) -> Result<(), AppError> {
    let kept: Vec<(String, String)> = [
        ("max_capacity", &max_capacity),
        ("max_pending_requests", &max_pending_requests),
        ("request_expiry_days", &request_expiry_days),
        ("weight_favorite", &weight_favorite),
        ("weight_expertise", &weight_expertise),
        ("weight_language", &weight_language),
        ("weight_time_zone", &weight_time_zone),
    ]
    .into_iter()
    .map(|(field, value)| (field.to_owned(), value.clone()))
    .chain(
        question_weights
            .iter()
            .map(|(field, value)| (format!("weight-{field}"), value.clone())),
    )
    .collect();
    crate::error::serve(async {
        async {
            let caller = ProgramCaller::by_id(program_id).await?.manager()?;
            let mut errors = crate::error::FieldErrors::new();
            let mut read = |field: &str, value: &str| match value.trim().parse::<i32>() {
                Ok(number) => number,
                Err(_) => {
                    errors.add(field, "Enter a whole number.");
                    0
                }
            };
            let max_capacity = read("max_capacity", &max_capacity);
            let max_pending_requests = read("max_pending_requests", &max_pending_requests);
            let request_expiry_days = read("request_expiry_days", &request_expiry_days);
            let favorite = read("weight_favorite", &weight_favorite);
            let profile_expertise = read("weight_expertise", &weight_expertise);
            let language = read("weight_language", &weight_language);
            let time_zone = read("weight_time_zone", &weight_time_zone);
            let mut questions = Vec::new();
            for (field, value) in &question_weights {
                let Some(question_id) = crate::programs::question_id_from_field(field) else {
                    continue;
                };
                let weight = if value.trim().is_empty() {
                    0
                } else {
                    read(&format!("weight-{field}"), value)
                };
                if weight > 0 {
                    questions.push(crate::mentors::matching::QuestionWeight {
                        question_id,
                        weight,
                    });
                }
            }
            errors.into_result()?;
            let settings = crate::mentors::MatchingSettings {
                // Kept as they are: the program's Settings page edits them.
                mode: crate::programs::MatchingMode::AdminMatch,
                default_capacity: 1,
                max_capacity,
                max_pending_requests,
                request_expiry_days,
                mentees_browse: mentees_browse.is_some(),
                weights: crate::mentors::matching::MatchWeights {
                    favorite,
                    profile_expertise,
                    language,
                    time_zone,
                    questions,
                },
            };
            let cards: Vec<i64> = cards.iter().filter_map(|id| id.parse().ok()).collect();
            crate::mentors::store::save_matching_settings(
                &db()?,
                caller.id(),
                &settings,
                &cards,
                now(),
            )
            .await?;
            crate::reply::redirect(&format!("{}/admin/matching?saved=1", caller.program.path()));
            Ok(())
        }
        .await
        .map_err(|error: AppError| error.keeping(&kept))
    })
    .await
}

#[server(prefix = "/api", endpoint = "mentors/match_now")]
pub async fn match_now(program_id: i64, mentee_id: i64, mentor_id: i64) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.manager()?;
        crate::mentors::store::match_now(
            &db()?,
            caller.id(),
            mentee_id,
            mentor_id,
            caller.viewer.id(),
            &links(&caller)?,
            now(),
        )
        .await?;
        crate::reply::redirect(&format!(
            "{}/admin/matching?matched=1",
            caller.program.path()
        ));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "mentors/save_draft")]
pub async fn save_match_draft(
    program_id: i64,
    mentee_id: i64,
    mentor_id: i64,
) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.manager()?;
        crate::mentors::store::save_draft(
            &db()?,
            caller.id(),
            mentee_id,
            mentor_id,
            caller.viewer.id(),
            now(),
        )
        .await?;
        crate::reply::redirect(&format!(
            "{}/admin/matching?drafted=1#preview",
            caller.program.path()
        ));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "mentors/suggest")]
pub async fn suggest_matches(program_id: i64) -> Result<usize, AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.manager()?;
        let proposed =
            crate::mentors::store::suggest_matches(&db()?, caller.id(), caller.viewer.id(), now())
                .await?;
        crate::reply::redirect(&format!(
            "{}/admin/matching?suggested={proposed}#preview",
            caller.program.path()
        ));
        Ok(proposed)
    })
    .await
}

/// Removes one proposal (`mentee_id` 0: all of them).
#[server(prefix = "/api", endpoint = "mentors/remove_proposal")]
pub async fn remove_proposal(program_id: i64, mentee_id: i64) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.manager()?;
        crate::mentors::store::remove_proposal(
            &db()?,
            caller.id(),
            (mentee_id != 0).then_some(mentee_id),
        )
        .await?;
        crate::reply::redirect(&format!(
            "{}/admin/matching?removed=1#preview",
            caller.program.path()
        ));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "mentors/pin_proposal")]
pub async fn pin_proposal(program_id: i64, mentee_id: i64, pinned: bool) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.manager()?;
        crate::mentors::store::pin_proposal(&db()?, caller.id(), mentee_id, pinned).await?;
        crate::reply::redirect(&format!("{}/admin/matching#preview", caller.program.path()));
        Ok(())
    })
    .await
}

#[cfg(feature = "ssr")]
fn publish_purpose(program_id: i64) -> String {
    format!("published:{program_id}")
}

/// Publishes the proposals. What it did (with the skipped pairs) is kept
/// for the page after the redirect, for the admin who published.
#[server(prefix = "/api", endpoint = "mentors/publish")]
pub async fn publish_matches(program_id: i64) -> Result<PublishOutcome, AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.manager()?;
        let outcome = crate::mentors::store::publish_matches(
            &db()?,
            caller.id(),
            caller.viewer.id(),
            &links(&caller)?,
            now(),
        )
        .await?;
        let payload = serde_json::to_string(&outcome).map_err(AppError::internal)?;
        let key = crate::flash::put(
            &db()?,
            Some(caller.viewer.id()),
            &publish_purpose(caller.id()),
            &payload,
            now(),
        )
        .await?;
        crate::reply::redirect(&format!(
            "{}/admin/matching?published={key}",
            caller.program.path()
        ));
        Ok(outcome)
    })
    .await
}

/// What the last publish did, once, for the admin who published.
#[server(prefix = "/api", endpoint = "mentors/published")]
pub async fn take_publish_outcome(
    slug: String,
    key: String,
) -> Result<Option<PublishOutcome>, AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_slug(&slug).await?.manager()?;
        let payload = crate::flash::take(
            &db()?,
            Some(caller.viewer.id()),
            &publish_purpose(caller.id()),
            &key,
            now(),
        )
        .await?;
        Ok(payload.and_then(|p| serde_json::from_str(&p).ok()))
    })
    .await
}

/// An admin's capacity for one mentor (empty: none), with a note.
#[server(prefix = "/api", endpoint = "mentors/override_capacity")]
pub async fn override_capacity(
    program_id: i64,
    mentor_id: i64,
    #[server(default)] capacity: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.manager()?;
        let capacity = match capacity.trim() {
            "" => None,
            value => Some(number("capacity_override", value)?),
        };
        crate::mentors::store::override_capacity(&db()?, caller.id(), mentor_id, capacity, &note)
            .await
            .map_err(|e| e.keeping(&[("capacity_note", note.clone())]))?;
        crate::reply::redirect(&format!(
            "{}/admin/matching?capacity=1#mentors",
            caller.program.path()
        ));
        Ok(())
    })
    .await
}
