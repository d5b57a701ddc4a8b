//! The programs pages as lazily loaded routes (see `ui::lazy`): the
//! directory, a program's frame and tabs, joining, and the admin pages,
//! each in its own chunk.

use super::{
    admin::{
        applications::ApplicationsPage,
        invitations::InvitationsPage,
        members::ProgramMembersPage,
        questions::RegistrationFormPage,
        settings::{CreateProgramPage, ProgramSettingsPage},
    },
    directory::ProgramDirectoryPage,
    home::{AboutTab, JoinPage, ProgramFrame},
    invitation::InvitationPage,
};
use crate::lazy_page;

lazy_page!(pub DirectoryRoute => ProgramDirectoryPage);
lazy_page!(pub CreateProgramRoute => CreateProgramPage);
lazy_page!(pub ProgramSettingsRoute => ProgramSettingsPage);
lazy_page!(pub RegistrationFormRoute => RegistrationFormPage);
lazy_page!(pub ApplicationsRoute => ApplicationsPage);
lazy_page!(pub ProgramMembersRoute => ProgramMembersPage);
lazy_page!(pub InvitationsRoute => InvitationsPage);
lazy_page!(pub InvitationRoute => InvitationPage);
// The program header and tabs around the routes below.
lazy_page!(pub ProgramFrameRoute => ProgramFrame);
lazy_page!(pub AboutTabRoute => AboutTab);
lazy_page!(pub JoinRoute => JoinPage);
