//! The discussion pages as lazily loaded routes (see `ui::lazy`). Each
//! serves the hub's space and, under `/programs/:slug`, a program's.

use super::views::{
    ask::AskQuestionPage,
    list::ThreadListPage,
    moderation::{HubModerationPage, ProgramModerationPage},
    thread::ThreadPageView,
};
use crate::lazy_page;

lazy_page!(pub ThreadListRoute => ThreadListPage);
lazy_page!(pub ThreadRoute => ThreadPageView);
lazy_page!(pub AskRoute => AskQuestionPage);
lazy_page!(pub HubModerationRoute => HubModerationPage);
lazy_page!(pub ProgramModerationRoute => ProgramModerationPage);
