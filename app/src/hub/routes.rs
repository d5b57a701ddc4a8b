//! The hub's pages as lazily loaded routes (see `ui::lazy`).

use super::ResourcesPage;
use crate::lazy_page;

lazy_page!(pub ResourcesRoute => ResourcesPage);
