//! The events pages as lazily loaded routes (see `ui::lazy`). Each serves
//! the hub's events and, under `/programs/:slug`, a program's.

use super::views::{
    attendees::AttendeesView, event::EventPageView, form::EventFormView, list::EventListPage,
};
use crate::lazy_page;

pub use super::views::feed::FeedSection;

lazy_page!(pub EventListRoute => EventListPage);
lazy_page!(pub EventRoute => EventPageView);
lazy_page!(pub EventFormRoute => EventFormView);
lazy_page!(pub AttendeesRoute => AttendeesView);
