//! The home page as a lazily loaded route (see `ui::lazy`).

use super::views::HomePage;
use crate::lazy_page;

lazy_page!(pub HomeRoute => HomePage);
