//! The mentors pages as lazily loaded routes (see `ui::lazy`).

use super::{
    admin::{ManualMatchPage, MatchingAdminPage},
    requests_view::{RequestFormPage, RequestsListPage},
    tab::MentorsTabPage,
};
use crate::lazy_page;

lazy_page!(pub MentorsTabRoute => MentorsTabPage);
lazy_page!(pub RequestFormRoute => RequestFormPage);
lazy_page!(pub RequestsRoute => RequestsListPage);
lazy_page!(pub MatchingRoute => MatchingAdminPage);
lazy_page!(pub ManualMatchRoute => ManualMatchPage);
