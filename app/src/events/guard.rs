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
    accounts::{session::require_member, store::UserRow},
    error::AppError,
    programs::{guard::ProgramCaller, store as programs, MembershipStatus, Program, ProgramAccess},
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
        let state = app_state()?;
        if space.is_empty() {
            let viewer = require_member().await?;
            let hub = state.hub_settings.read(&state.db).await?;
            Ok(Self::in_hub(&viewer.user, hub.hub_name))
        } else {
            let caller = ProgramCaller::by_slug(space).await?.member()?;
            Ok(Self::in_program(
                &caller.viewer.user,
                &caller.program,
                &caller.access,
            ))
        }
    }

    /// The same check for a plain route (a download), from the session
    /// the request's cookie names.
    pub async fn of_user(state: &AppState, user: &UserRow, space: &str) -> Result<Self, AppError> {
        if space.is_empty() {
            let hub = state.hub_settings.read(&state.db).await?;
            return Ok(Self::in_hub(user, hub.hub_name));
        }
        let program = programs::program_by_slug(&state.db, space).await?;
        let access = programs::access(&state.db, program.id, &user.current_user()).await?;
        if !access.can_view(&program) {
            return Err(AppError::NotFound);
        }
        if !access.can_open_member_tabs() {
            return Err(AppError::Forbidden);
        }
        Ok(Self::in_program(user, &program, &access))
    }

    fn in_hub(user: &UserRow, hub_name: String) -> Self {
        EventCaller {
            member: Member {
                user_id: user.id,
                role: None,
                manager: user.is_hub_admin,
            },
            space: Space {
                program_id: None,
                slug: String::new(),
                name: hub_name.clone(),
            },
            info: EventSpace {
                program_slug: None,
                name: hub_name,
                path: "/events".into(),
                can_manage: user.is_hub_admin,
                zone: user.time_zone.clone(),
            },
        }
    }

    fn in_program(user: &UserRow, program: &Program, access: &ProgramAccess) -> Self {
        let role = access
            .membership
            .as_ref()
            .filter(|m| m.status == MembershipStatus::Approved)
            .map(|m| m.role);
        let slug = program.settings.slug.clone();
        EventCaller {
            member: Member {
                user_id: user.id,
                role,
                manager: access.can_manage(),
            },
            space: Space {
                program_id: Some(program.id),
                slug: slug.clone(),
                name: program.settings.name.clone(),
            },
            info: EventSpace {
                program_slug: Some(slug.clone()),
                name: program.settings.name.clone(),
                path: format!("/programs/{slug}/events"),
                can_manage: access.can_manage(),
                zone: user.time_zone.clone(),
            },
        }
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
