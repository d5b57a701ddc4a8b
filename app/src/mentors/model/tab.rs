//! The program's Mentors tab: the mentors' cards, the filters, and the
//! viewer's own mentoring (their mentor or mentees, their places).

use super::{EndReason, MentorshipOrigin, MentorshipStatus};
use crate::{
    mentors::matching::ScoreParts,
    programs::{MatchingMode, Role},
};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// Cards per page of the Mentors tab.
pub const MENTORS_PER_PAGE: i64 = 12;

/// A member as another one sees them in mentoring: enough to name and
/// reach them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRef {
    pub user_id: i64,
    pub name: String,
    pub email: String,
}

/// How many more mentees a mentor takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Places {
    /// The mentor's capacity (an admin's override, the mentor's own, or
    /// the program's default).
    pub capacity: i32,
    /// Active mentorships.
    pub used: i32,
    /// The mentor paused ("not taking mentees now").
    pub paused: bool,
}

impl Places {
    pub fn free(&self) -> i32 {
        if self.paused {
            0
        } else {
            (self.capacity - self.used).max(0)
        }
    }

    pub fn has_room(&self) -> bool {
        self.free() > 0
    }

    /// "2 of 3 places open", "Full", "Not taking mentees now".
    pub fn label(&self) -> String {
        if self.paused {
            "Not taking mentees now".into()
        } else if self.free() == 0 {
            "Full".into()
        } else {
            let noun = if self.capacity == 1 {
                "place"
            } else {
                "places"
            };
            format!("{} of {} {noun} open", self.free(), self.capacity)
        }
    }
}

/// One mentor's card on the Mentors tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentorCard {
    pub user_id: i64,
    pub name: String,
    pub headline: String,
    pub expertise: Vec<String>,
    pub languages: Vec<String>,
    pub time_zone: String,
    /// The mentor's local time when the page was made ("14:05").
    pub local_time: Option<String>,
    /// The mentor's offset from the viewer, in minutes (`None` when either
    /// time zone is unknown).
    pub offset_from_viewer: Option<i32>,
    pub places: Places,
    /// Answers to the questions an admin shows on mentor cards.
    pub card_answers: Vec<(String, String)>,
    /// The viewer (a mentee) marked this mentor as a favorite.
    pub favorite: bool,
    /// The viewer (a mentee) has a pending request to this mentor.
    pub requested: bool,
    /// The viewer's score with this mentor (mentees only).
    pub score: Option<ScoreParts>,
    pub joined_at: NaiveDateTime,
}

/// "+3 h", "−5.5 h", "same time".
pub fn offset_label(minutes: i32) -> String {
    if minutes == 0 {
        return "same time as you".into();
    }
    let sign = if minutes > 0 { "+" } else { "\u{2212}" };
    let minutes = minutes.abs();
    if minutes % 60 == 0 {
        format!("{sign}{} h", minutes / 60)
    } else {
        format!("{sign}{}.{} h", minutes / 60, (minutes % 60) * 10 / 60)
    }
}

crate::text_enum::text_enum! {
    /// The Mentors tab's sort orders.
    #[derive(Default)]
    pub enum MentorSort {
        /// The viewer's match score (mentees; others get name order).
        #[default]
        BestMatch => "best", "Best match for me";
        MostPlaces => "places", "Most places open";
        Newest => "newest", "Newest";
    }
}

/// The Mentors tab's filters, from the page's query string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentorFilters {
    /// Name, headline and tags, ignoring case.
    pub search: String,
    pub expertise: String,
    pub language: String,
    /// Within this many hours of the viewer's time zone.
    pub within_hours: Option<i32>,
    /// Only mentors with an open place (the default).
    pub open_only: bool,
    pub favorites_only: bool,
    pub sort: MentorSort,
    pub page: i64,
}

impl Default for MentorFilters {
    fn default() -> Self {
        MentorFilters {
            search: String::new(),
            expertise: String::new(),
            language: String::new(),
            within_hours: None,
            open_only: true,
            favorites_only: false,
            sort: MentorSort::BestMatch,
            page: 1,
        }
    }
}

impl MentorFilters {
    /// The filters as a query string (without the page), for links that
    /// keep them: the pager, the favorite buttons' return address.
    pub fn query(&self) -> String {
        let mut parts: Vec<(String, String)> = Vec::new();
        for (key, value) in [
            ("q", self.search.as_str()),
            ("expertise", self.expertise.as_str()),
            ("language", self.language.as_str()),
        ] {
            if !value.is_empty() {
                parts.push((key.into(), value.into()));
            }
        }
        if let Some(hours) = self.within_hours {
            parts.push(("within".into(), hours.to_string()));
        }
        if !self.open_only {
            parts.push(("places".into(), "any".into()));
        }
        if self.favorites_only {
            parts.push(("favorites".into(), "1".into()));
        }
        if self.sort != MentorSort::BestMatch {
            parts.push(("sort".into(), self.sort.as_str().into()));
        }
        parts
            .iter()
            .map(|(key, value)| format!("{key}={}", crate::text::urlencode(value)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// A mentorship as its mentor, mentee and admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mentorship {
    pub id: i64,
    pub program_id: i64,
    pub mentor: PersonRef,
    pub mentee: PersonRef,
    pub status: MentorshipStatus,
    pub origin: MentorshipOrigin,
    pub started_at: NaiveDateTime,
    pub ended_at: Option<NaiveDateTime>,
    pub end_reason: Option<EndReason>,
    pub end_note: String,
}

/// A mentor's own settings in one program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentorSettings {
    /// What the mentor chose (`None`: the program's default).
    pub own_capacity: Option<i32>,
    pub default_capacity: i32,
    pub max_capacity: i32,
    /// An admin's override, with its note.
    pub capacity_override: Option<i32>,
    pub capacity_note: String,
    pub places: Places,
}

/// The viewer's own mentoring in the program, above the cards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyMentoring {
    pub role: Option<Role>,
    /// Active mentorships the viewer is in (a mentee has at most one).
    pub mentorships: Vec<Mentorship>,
    /// Mentors only.
    pub settings: Option<MentorSettings>,
    pub pending_sent: i64,
    pub pending_received: i64,
    pub favorites: i64,
    /// Why the viewer (a mentee in a request-mode program) cannot send a
    /// request now, if they cannot.
    pub request_refusal: Option<String>,
}

/// The Mentors tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentorsTab {
    pub program_id: i64,
    pub program_name: String,
    pub program_path: String,
    pub mode: MatchingMode,
    pub can_manage: bool,
    /// A mentee in an "admins match" program that hides the mentors.
    pub browsing_hidden: bool,
    pub cards: Vec<MentorCard>,
    /// Mentors matching the filters, on every page.
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub filters: MentorFilters,
    pub expertise_options: Vec<String>,
    pub language_options: Vec<String>,
    pub me: MyMentoring,
}

impl MentorsTab {
    pub fn page_count(&self) -> i64 {
        crate::ui::page_count(self.total, self.per_page)
    }

    /// Favorites are for mentees in programs where admins match.
    pub fn can_favorite(&self) -> bool {
        self.me.role == Some(Role::Mentee)
    }

    pub fn can_request(&self) -> bool {
        self.me.role == Some(Role::Mentee) && self.mode == MatchingMode::MenteeRequests
    }
}
