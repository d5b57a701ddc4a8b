//! The hub's pages as lazily loaded routes (see `ui::lazy`).

use super::{EventsPage, HomePage, ResourcesPage};
use crate::lazy_page;

lazy_page!(pub HomeRoute => HomePage);
lazy_page!(pub ResourcesRoute => ResourcesPage);
lazy_page!(pub EventsRoute => EventsPage);
