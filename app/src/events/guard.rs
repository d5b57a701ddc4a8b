//! Who may do what with events (server only): every events server
//! function and download starts here. The hub's events are for every
//! signed-in member, managed by the hub admins; a program's for its
//! approved members and admins (an event for mentors or mentees only, for
//! those and the admins), managed by its admins and the hub admins.

use super::{
    store::{Mailer, Member, Space},
    EventSpace,
};
use crate::{
    accounts::store::UserRow,
    error::AppError,
    programs::guard::SpaceCaller,
    state::{app_state, AppState},
};

/// The caller of an events server function in one space.
pub struct EventCaller {
    pub member: Member,
    pub space: Space,
    pub info: EventSpace,
}

impl EventCaller {
    /// `space` names it: empty for the hub's, a program's slug otherwise.
    pub async fn open(space: &str) -> Result<Self, AppError> {
        let caller = SpaceCaller::open(space).await?;
        Self::of_space(&app_state()?, caller).await
    }

    /// The same check for a plain route (a download), from the session
    /// the request's cookie names.
    pub async fn of_user(state: &AppState, user: &UserRow, space: &str) -> Result<Self, AppError> {
        let caller = SpaceCaller::of_user(state, user, space).await?;
        Self::of_space(state, caller).await
    }

    async fn of_space(state: &AppState, caller: SpaceCaller) -> Result<Self, AppError> {
        let SpaceCaller {
            user,
            member,
            program,
        } = caller;
        let (space, info) = match program {
            None => {
                let hub = state.hub_settings.read(&state.db).await?;
                let space = Space {
                    program_id: None,
                    slug: String::new(),
                    name: hub.hub_name.clone(),
                };
                let info = EventSpace {
                    program_slug: None,
                    name: hub.hub_name,
                    path: "/events".into(),
                    can_manage: member.manager,
                    zone: user.time_zone.clone(),
                };
                (space, info)
            }
            Some((program, _)) => {
                let slug = program.settings.slug.clone();
                let space = Space {
                    program_id: Some(program.id),
                    slug: slug.clone(),
                    name: program.settings.name.clone(),
                };
                let info = EventSpace {
                    program_slug: Some(slug.clone()),
                    name: program.settings.name,
                    path: format!("/programs/{slug}/events"),
                    can_manage: member.manager,
                    zone: user.time_zone.clone(),
                };
                (space, info)
            }
        };
        Ok(EventCaller {
            member,
            space,
            info,
        })
    }

    /// The space's managers only.
    pub fn manager(self) -> Result<Self, AppError> {
        if self.member.manager {
            Ok(self)
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// What the emails of a change need.
pub fn mailer(state: &AppState, hub_name: String) -> Mailer {
    Mailer {
        hub: hub_name,
        site_url: state.site.site_url.clone(),
    }
}
