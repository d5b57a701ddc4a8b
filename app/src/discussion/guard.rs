//! Who may do what in a discussion space (server only): every discussion
//! server function starts here. The hub's space is for every signed-in
//! member, moderated by the hub admins; a program's for its approved
//! members and admins, moderated by its admins (and the hub admins).

use super::{
    store::{self, Actor, Space},
    SpaceInfo,
};
use crate::{
    accounts::session::require_member, error::AppError, programs::guard::ProgramCaller,
    state::app_state,
};

/// The caller of a discussion server function in one space.
pub struct SpaceCaller {
    pub actor: Actor,
    pub space: Space,
    pub info: SpaceInfo,
}

impl SpaceCaller {
    /// `space` names it: empty for the hub's, a program's slug otherwise.
    pub async fn open(space: &str) -> Result<Self, AppError> {
        let state = app_state()?;
        let now = chrono::Utc::now().naive_utc();
        let (actor, program, name) = if space.is_empty() {
            let viewer = require_member().await?;
            let hub = state.hub_settings.read(&state.db).await?;
            (
                Actor {
                    user_id: viewer.user.id,
                    name: viewer.user.name.clone(),
                    moderator: viewer.user.is_hub_admin,
                    key: state.site.secret_key.clone(),
                },
                None,
                hub.hub_name,
            )
        } else {
            let caller = ProgramCaller::by_slug(space).await?.member()?;
            (
                Actor {
                    user_id: caller.viewer.user.id,
                    name: caller.viewer.user.name.clone(),
                    moderator: caller.access.can_manage(),
                    key: state.site.secret_key.clone(),
                },
                Some((caller.program.id, caller.program.settings.slug.clone())),
                caller.program.settings.name.clone(),
            )
        };
        let (space, info) = store::space_info(
            &state.db,
            program.as_ref().map(|(id, slug)| (*id, slug.as_str())),
            &name,
            Some(&actor),
            now,
        )
        .await?;
        Ok(SpaceCaller { actor, space, info })
    }

    /// Moderators only.
    pub fn moderator(self) -> Result<Self, AppError> {
        if self.actor.moderator {
            Ok(self)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The full address of one of the space's threads (for emails).
    pub fn thread_link(&self, thread_id: i64) -> Result<String, AppError> {
        let site = app_state()?.site.site_url.clone();
        Ok(format!(
            "{}{}",
            site.trim_end_matches('/'),
            self.info.thread_path(thread_id)
        ))
    }
}
