//! Who may do what with resources (server only): every resources server
//! function and download starts here. The hub's library is for every
//! signed-in member, managed by the hub admins; a program's for its
//! approved members and admins (a resource for mentors or mentees only,
//! for those and the admins), managed by its admins and the hub admins.

use super::Library;
use crate::{
    accounts::store::UserRow,
    error::AppError,
    programs::{guard::SpaceCaller, SpaceMember},
    state::{app_state, AppState},
};

/// The caller of a resources server function in one library.
pub struct ResourceCaller {
    pub user: UserRow,
    pub member: SpaceMember,
    pub program_id: Option<i64>,
    pub library: Library,
}

impl ResourceCaller {
    /// `space` names it: empty for the hub's library, a program's slug
    /// otherwise.
    pub async fn open(space: &str) -> Result<Self, AppError> {
        let caller = SpaceCaller::open(space).await?;
        Self::of_space(&app_state()?, caller).await
    }

    /// The same check for a plain route (a download), for the member the
    /// request's session names.
    pub async fn of_user(state: &AppState, user: &UserRow, space: &str) -> Result<Self, AppError> {
        let caller = SpaceCaller::of_user(state, user, space).await?;
        Self::of_space(state, caller).await
    }

    async fn of_space(state: &AppState, caller: SpaceCaller) -> Result<Self, AppError> {
        let program_id = caller.program_id();
        let library = match &caller.program {
            None => Library {
                program_slug: None,
                name: state.hub_settings.read(&state.db).await?.hub_name,
                path: "/resources".into(),
                can_manage: caller.member.manager,
            },
            Some((program, _)) => Library {
                program_slug: Some(program.settings.slug.clone()),
                name: program.settings.name.clone(),
                path: format!("/programs/{}/resources", program.settings.slug),
                can_manage: caller.member.manager,
            },
        };
        Ok(ResourceCaller {
            user: caller.user,
            member: caller.member,
            program_id,
            library,
        })
    }

    /// The library's managers only.
    pub fn manager(self) -> Result<Self, AppError> {
        if self.member.manager {
            Ok(self)
        } else {
            Err(AppError::Forbidden)
        }
    }
}
