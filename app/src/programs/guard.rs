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
        let (program, access) = PageSnapshot::get_or_load(Key::Slug(slug), || async {
            let program = store::program_by_slug(&app_state()?.db, slug).await?;
            Self::load_access(&viewer, program).await
        })
        .await?;
        Self::checked(viewer, program, access)
    }

    pub async fn by_id(program_id: i64) -> Result<Self, AppError> {
        let viewer = require_member().await?;
        let (program, access) = PageSnapshot::get_or_load(Key::Id(program_id), || async {
            let program = store::program_by_id(&app_state()?.db, program_id).await?;
            Self::load_access(&viewer, program).await
        })
        .await?;
        Self::checked(viewer, program, access)
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

    async fn load_access(
        viewer: &Viewer,
        program: Program,
    ) -> Result<(Program, ProgramAccess), AppError> {
        let access =
            store::access(&app_state()?.db, program.id, &viewer.user.current_user()).await?;
        Ok((program, access))
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
///
/// The resources of a page start at the same time, so a lookup is shared
/// while it runs (single flight), not only once it is done: a cache that
/// was filled on completion let two resources both miss it, and the page
/// ran its guard queries once or twice depending on timing.
#[derive(Debug, Clone, Default)]
pub struct PageSnapshot(Arc<Mutex<Vec<Entry>>>);

type Lookup = Arc<tokio::sync::OnceCell<(Program, ProgramAccess)>>;

#[derive(Debug)]
struct Entry {
    slug: Option<String>,
    id: Option<i64>,
    lookup: Lookup,
}

/// How a server function names its program.
enum Key<'a> {
    Slug(&'a str),
    Id(i64),
}

impl Entry {
    fn matches(&self, key: &Key<'_>) -> bool {
        let done = self.lookup.get();
        match key {
            Key::Slug(slug) => {
                self.slug.as_deref() == Some(*slug)
                    || done.is_some_and(|(program, _)| program.settings.slug == *slug)
            }
            Key::Id(id) => {
                self.id == Some(*id) || done.is_some_and(|(program, _)| program.id == *id)
            }
        }
    }
}

impl PageSnapshot {
    fn current() -> Option<Self> {
        crate::context::lookup::<Parts>().and_then(|parts| parts.extensions.get::<Self>().cloned())
    }

    /// The program and access of this render's snapshot, looked up by
    /// `load` once per program however many resources ask at once; without
    /// a snapshot (not a page render), always `load`.
    async fn get_or_load<F, Fut>(
        key: Key<'_>,
        load: F,
    ) -> Result<(Program, ProgramAccess), AppError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<(Program, ProgramAccess), AppError>>,
    {
        let Some(snapshot) = Self::current() else {
            return load().await;
        };
        let lookup = {
            let mut entries = snapshot
                .0
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            match entries.iter().find(|entry| entry.matches(&key)) {
                Some(entry) => entry.lookup.clone(),
                None => {
                    let lookup = Lookup::default();
                    let (slug, id) = match key {
                        Key::Slug(slug) => (Some(slug.to_owned()), None),
                        Key::Id(id) => (None, Some(id)),
                    };
                    entries.push(Entry {
                        slug,
                        id,
                        lookup: lookup.clone(),
                    });
                    lookup
                }
            }
        };
        // A failed lookup (not found, the database away) leaves the cell
        // empty: the next resource that asks tries again.
        lookup.get_or_try_init(load).await.cloned()
    }
}

/// The caller of a server function of a domain whose items live in the
/// hub's space and in every program's (events, resources), in one space:
/// every signed-in member in the hub's, managed by the hub admins; in a
/// program's its approved members and admins, managed by its admins and
/// the hub admins.
pub struct SpaceCaller {
    pub user: crate::accounts::store::UserRow,
    pub member: super::SpaceMember,
    /// `None`: the hub's space.
    pub program: Option<(Program, ProgramAccess)>,
}

impl SpaceCaller {
    /// `space` names it: empty for the hub's, a program's slug otherwise.
    pub async fn open(space: &str) -> Result<Self, AppError> {
        if space.is_empty() {
            let viewer = require_member().await?;
            Ok(Self::in_hub(viewer.user))
        } else {
            let caller = ProgramCaller::by_slug(space).await?.member()?;
            Ok(Self::in_program(
                caller.viewer.user,
                caller.program,
                caller.access,
            ))
        }
    }

    /// The same check for a plain route (a download), for the member the
    /// request's session cookie names.
    pub async fn of_user(
        state: &crate::state::AppState,
        user: &crate::accounts::store::UserRow,
        space: &str,
    ) -> Result<Self, AppError> {
        if space.is_empty() {
            return Ok(Self::in_hub(user.clone()));
        }
        let program = store::program_by_slug(&state.db, space).await?;
        let access = store::access(&state.db, program.id, &user.current_user()).await?;
        if !access.can_view(&program) {
            return Err(AppError::NotFound);
        }
        if !access.can_open_member_tabs() {
            return Err(AppError::Forbidden);
        }
        Ok(Self::in_program(user.clone(), program, access))
    }

    fn in_hub(user: crate::accounts::store::UserRow) -> Self {
        SpaceCaller {
            member: super::SpaceMember {
                user_id: user.id,
                role: None,
                manager: user.is_hub_admin,
            },
            user,
            program: None,
        }
    }

    fn in_program(
        user: crate::accounts::store::UserRow,
        program: Program,
        access: ProgramAccess,
    ) -> Self {
        let role = access
            .membership
            .as_ref()
            .filter(|m| m.status == super::MembershipStatus::Approved)
            .map(|m| m.role);
        SpaceCaller {
            member: super::SpaceMember {
                user_id: user.id,
                role,
                manager: access.can_manage(),
            },
            user,
            program: Some((program, access)),
        }
    }

    /// The program's id, `None` in the hub's space.
    pub fn program_id(&self) -> Option<i64> {
        self.program.as_ref().map(|(program, _)| program.id)
    }

    /// The program's slug, empty in the hub's space.
    pub fn slug(&self) -> &str {
        self.program
            .as_ref()
            .map_or("", |(program, _)| program.settings.slug.as_str())
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
