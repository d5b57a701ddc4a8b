//! The admins' matching pages, in the program admin frame:
//! `/programs/:slug/admin/matching` (settings, mentees waiting, mentors'
//! places, cohort matching with its preview, mentorships) and
//! `/programs/:slug/admin/matching/:mentee` (one mentee, mentors ranked).

mod manual;
mod matching;
mod settings;

pub use manual::ManualMatchPage;
pub use matching::MatchingAdminPage;
