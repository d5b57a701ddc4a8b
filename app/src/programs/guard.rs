//! Who may do what in one program (server only): every program server
//! function starts here, whatever the page in front of it shows.

use std::sync::{Arc, Mutex};

use http::request::Parts;

use super::{store, Program, ProgramAccess};
use crate::{
    accounts::session::{require_member, viewer, Viewer},
    error::AppError,
    state::app_state,
};

/// The signed-in caller of a program server function, the program and
/// what the caller may do in it.
pub struct ProgramCaller {
    pub viewer: Viewer,
    pub program: Program,
    pub access: ProgramAccess,
}

impl ProgramCaller {
    /// Any signed-in member who may see the program (drafts only for
    /// its admins: to anyone else a draft does not exist).
    pub async fn by_slug(slug: &str) -> Result<Self, AppError> {
        let viewer = require_member().await?;
        if let Some((program, access)) = PageSnapshot::find(|program| program.settings.slug == slug)
        {
            return Self::checked(viewer, program, access);
        }
        let program = store::program_by_slug(&app_state()?.db, slug).await?;
        Self::for_program(viewer, program).await
    }

    pub async fn by_id(program_id: i64) -> Result<Self, AppError> {
        let viewer = require_member().await?;
        if let Some((program, access)) = PageSnapshot::find(|program| program.id == program_id) {
            return Self::checked(viewer, program, access);
        }
        let program = store::program_by_id(&app_state()?.db, program_id).await?;
        Self::for_program(viewer, program).await
    }

    /// A program's public page: anyone, signed in or not, may look at a
    /// program that is not a draft. Returns the access of a signed-in
    /// viewer, or a visitor's (none).
    pub async fn visit(slug: &str) -> Result<(Program, ProgramAccess, bool), AppError> {
        match viewer().await? {
            Some(_) => {
                let caller = Self::by_slug(slug).await?;
                Ok((caller.program, caller.access, true))
            }
            None => {
                let program = store::program_by_slug(&app_state()?.db, slug).await?;
                let access = ProgramAccess::default();
                if !access.can_view(&program) {
                    return Err(AppError::NotFound);
                }
                Ok((program, access, false))
            }
        }
    }

    async fn for_program(viewer: Viewer, program: Program) -> Result<Self, AppError> {
        let access =
            store::access(&app_state()?.db, program.id, &viewer.user.current_user()).await?;
        PageSnapshot::keep(&program, &access);
        Self::checked(viewer, program, access)
    }

    fn checked(viewer: Viewer, program: Program, access: ProgramAccess) -> Result<Self, AppError> {
        if !access.can_view(&program) {
            return Err(AppError::NotFound);
        }
        Ok(ProgramCaller {
            viewer,
            program,
            access,
        })
    }

    /// Discussion, Resources, Events and Mentors: approved members and the
    /// program's admins.
    pub fn member(self) -> Result<Self, AppError> {
        if self.access.can_open_member_tabs() {
            Ok(self)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The program's admin pages: its program admins and hub admins.
    pub fn manager(self) -> Result<Self, AppError> {
        if self.access.can_manage() {
            Ok(self)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Naming program admins is for hub admins only.
    pub fn hub_admin(self) -> Result<Self, AppError> {
        if self.access.is_hub_admin {
            Ok(self)
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn id(&self) -> i64 {
        self.program.id
    }
}

/// The programs a page render has looked up, with the viewer's access to
/// each: a program home asks three server functions, each of which starts
/// with the guard, and an admin page two. The server puts one in the
/// extensions of a `GET` (a page render, which changes nothing), so the
/// render sees one snapshot of who may do what and looks each program up
/// once. A server function called on its own (`POST`, the hydrated app or a
/// form) gets none and reads the database, as a change must.
#[derive(Debug, Clone, Default)]
pub struct PageSnapshot(Arc<Mutex<Vec<(Program, ProgramAccess)>>>);

impl PageSnapshot {
    fn current() -> Option<Self> {
        crate::context::lookup::<Parts>().and_then(|parts| parts.extensions.get::<Self>().cloned())
    }

    fn find(matches: impl Fn(&Program) -> bool) -> Option<(Program, ProgramAccess)> {
        let snapshot = Self::current()?;
        let programs = snapshot
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        programs
            .iter()
            .find(|(program, _)| matches(program))
            .cloned()
    }

    fn keep(program: &Program, access: &ProgramAccess) {
        if let Some(snapshot) = Self::current() {
            let mut programs = snapshot
                .0
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if !programs.iter().any(|(kept, _)| kept.id == program.id) {
                programs.push((program.clone(), access.clone()));
            }
        }
    }
}
