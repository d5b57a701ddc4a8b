//! The resources pages as lazily loaded routes (see `ui::lazy`). Each
//! serves the hub's library and, under `/programs/:slug`, a program's.

use super::views::{form::ResourceFormView, item::ResourceView, library::LibraryView};
use crate::lazy_page;

lazy_page!(pub LibraryRoute => LibraryView);
lazy_page!(pub ResourceRoute => ResourceView);
lazy_page!(pub ResourceFormRoute => ResourceFormView);
