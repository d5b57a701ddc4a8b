//! Who an item of a space is for (an event, a resource), and who looks:
//! shared by the domains whose items live in the hub's space and in every
//! program's.

use super::Role;
use crate::text_enum::text_enum;

text_enum! {
    /// Who an item is for: everything in the hub is for every member; a
    /// program's item for all its members, or only its mentors, or only
    /// its mentees.
    #[derive(Default)]
    pub enum Audience {
        #[default]
        Everyone => "everyone", "Everyone in the space";
        Mentors => "mentors", "Mentors only";
        Mentees => "mentees", "Mentees only";
    }
}

/// A member of a space as its items see them: their approved role in the
/// program (none in the hub's space) and whether they manage the space
/// (hub admins the hub's; a program's admins and the hub admins a
/// program's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpaceMember {
    pub user_id: i64,
    pub role: Option<Role>,
    pub manager: bool,
}

impl SpaceMember {
    /// The item is for them: everyone's, or their role's; managers see
    /// every item of their space.
    pub fn is_audience(&self, audience: Audience) -> bool {
        self.manager
            || match audience {
                Audience::Everyone => true,
                Audience::Mentors => self.role == Some(Role::Mentor),
                Audience::Mentees => self.role == Some(Role::Mentee),
            }
    }

    /// The audiences whose items they see.
    pub fn audiences(&self) -> Vec<Audience> {
        Audience::ALL
            .iter()
            .copied()
            .filter(|audience| self.is_audience(*audience))
            .collect()
    }
}
