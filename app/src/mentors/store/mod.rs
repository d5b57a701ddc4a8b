//! Mentors queries (server only). One body per query for both backends;
//! times are passed in so tests can move the clock.
//!
//! Races are settled by the database:
//!
//! - a favorite is one row per (program, mentee, mentor), inserted with
//!   `ON CONFLICT DO NOTHING` and deleted by key: a form says what the
//!   state should be, so retries and double clicks change nothing;
//! - one pending request per pair: a unique partial index;
//! - every step that creates a mentorship (accepting a request, an admin's
//!   match, publishing) first takes the program's row lock (SQLite: the
//!   write transaction) and re-checks places inside the transaction; a
//!   unique partial index keeps a mentee to one active mentorship per
//!   program whatever happens;
//! - answering, withdrawing and expiring are `UPDATE … WHERE status =
//!   'pending'`, so each request is closed once.
//!
//! `roster` reads what every page starts from (settings, members, answers,
//! favorites) in a fixed number of queries; `tab` is the Mentors tab,
//! `settings` favorites and places, `requests`, `mentorships`, `matching`
//! the admins' side.

mod matching;
mod mentorships;
mod requests;
mod roster;
mod settings;
mod tab;
mod time;

#[cfg(test)]
mod tests;

pub use matching::{
    manual_match_page, match_now, matching_page, pin_proposal, publish_matches, remove_proposal,
    save_draft, suggest_matches,
};
pub use mentorships::{
    end_mentorship, export_of_member, mentorships_of_member, program_mentorships,
};
pub use requests::{
    answer_request, requests_of, send_request, sweep_requests, withdraw_request, ProgramLinks,
};
pub use settings::{
    matching_settings, override_capacity, save_matching_settings, set_favorite,
    update_mentor_places,
};
pub use tab::{mentor_card, mentors_tab};
pub use time::{local_time, utc_offset};
