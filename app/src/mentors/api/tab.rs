//! The Mentors tab: the cards, favorites, a mentor's places, ending a
//! mentorship.

use super::*;
use crate::mentors::MentorsTab;
#[cfg(feature = "ssr")]
use crate::mentors::{EndReason, MentorFilters, MentorSort};

#[server(prefix = "/api", endpoint = "mentors/tab")]
pub async fn get_mentors_tab(
    slug: String,
    #[server(default)] q: String,
    #[server(default)] expertise: String,
    #[server(default)] language: String,
    #[server(default)] within: String,
    #[server(default)] places: String,
    #[server(default)] favorites: String,
    #[server(default)] sort: String,
    #[server(default)] page: i64,
) -> Result<MentorsTab, AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_slug(&slug).await?.member()?;
        let one = |field: &str, value: &str| crate::text::search_text(field, value);
        let filters = MentorFilters {
            search: one("q", &q)?,
            expertise: one("expertise", &expertise)?,
            language: one("language", &language)?,
            within_hours: within.trim().parse::<i32>().ok().map(|h| h.clamp(0, 24)),
            open_only: places != "any",
            favorites_only: favorites == "1",
            sort: MentorSort::parse(&sort).unwrap_or_default(),
            page: page.max(1),
        };
        crate::mentors::store::mentors_tab(
            &db()?,
            &caller.program,
            &caller.access,
            &caller.viewer.user.current_user(),
            filters,
            now(),
        )
        .await
    })
    .await
}

/// Marks (`on = true`) or unmarks a mentor as a favorite of the calling
/// mentee. A plain form post comes back to the same place in the list.
#[server(prefix = "/api", endpoint = "mentors/favorite")]
pub async fn set_favorite(
    program_id: i64,
    mentor_id: i64,
    on: bool,
    #[server(default)] back: String,
) -> Result<(i64, bool), AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.member()?;
        require_role(&caller, crate::programs::Role::Mentee)?;
        crate::mentors::store::set_favorite(
            &db()?,
            caller.id(),
            caller.viewer.id(),
            mentor_id,
            on,
            now(),
        )
        .await?;
        let query = safe_query(&back)
            .map(|q| format!("?{q}"))
            .unwrap_or_default();
        crate::reply::redirect(&format!(
            "{}/mentors{query}#mentor-{mentor_id}",
            caller.program.path()
        ));
        Ok((mentor_id, on))
    })
    .await
}

/// A mentor's own capacity (empty: the program's default) and pause.
#[server(prefix = "/api", endpoint = "mentors/places")]
pub async fn update_my_places(
    program_id: i64,
    #[server(default)] capacity: String,
    #[server(default)] taking: Option<String>,
) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.member()?;
        require_role(&caller, crate::programs::Role::Mentor)?;
        let capacity = match capacity.trim() {
            "" => None,
            value => Some(number("capacity", value)?),
        };
        crate::mentors::store::update_mentor_places(
            &db()?,
            caller.id(),
            caller.viewer.id(),
            capacity,
            taking.is_some(),
        )
        .await
        .map_err(|e| {
            e.keeping(&[(
                "capacity",
                capacity.map(|c| c.to_string()).unwrap_or_default(),
            )])
        })?;
        crate::reply::redirect(&format!(
            "{}/mentors?places=any&saved=1",
            caller.program.path()
        ));
        Ok(())
    })
    .await
}

/// Ends a mentorship: its mentor or mentee, or an admin of the program.
#[server(prefix = "/api", endpoint = "mentors/end")]
pub async fn end_mentorship(
    program_id: i64,
    mentorship_id: i64,
    reason: String,
    #[server(default)] note: String,
    #[server(default)] from_admin: bool,
) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.member()?;
        let reason = EndReason::parse(&reason)
            .ok_or_else(|| AppError::validation("reason", "Choose why it ends."))?;
        crate::mentors::store::end_mentorship(
            &db()?,
            caller.id(),
            mentorship_id,
            caller.viewer.id(),
            caller.access.can_manage(),
            reason,
            &note,
            &links(&caller)?,
            now(),
        )
        .await
        .map_err(|e| e.keeping(&[("note", note.clone())]))?;
        let path = if from_admin && caller.access.can_manage() {
            format!("{}/admin/matching?ended=1", caller.program.path())
        } else {
            format!("{}/mentors?ended=1", caller.program.path())
        };
        crate::reply::redirect(&path);
        Ok(())
    })
    .await
}
