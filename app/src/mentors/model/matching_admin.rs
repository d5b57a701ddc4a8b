//! The admins' matching page: settings, unmatched mentees, mentors with
//! places, one-to-one matching and the cohort preview.

use super::{Mentorship, Places};
use crate::{
    error::{AppError, FieldErrors},
    mentors::matching::{MatchWeights, ScoreParts},
    programs::{MatchingMode, Role},
};
use serde::{Deserialize, Serialize};

pub const MAX_WEIGHT: i32 = 100;
pub const MAX_CAPACITY: i32 = 20;

/// What admins set about matching in one program. The mode and the
/// default capacity are the program's settings (edited on its Settings
/// page); the rest is edited on the matching page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchingSettings {
    pub mode: MatchingMode,
    pub default_capacity: i32,
    pub max_capacity: i32,
    pub max_pending_requests: i32,
    pub request_expiry_days: i32,
    /// In "admins match" programs, mentees may still browse the mentors.
    pub mentees_browse: bool,
    pub weights: MatchWeights,
}

impl MatchingSettings {
    /// Every problem next to its field.
    pub fn validate(&self) -> Result<(), AppError> {
        let mut errors = FieldErrors::new();
        let mut check = |field: &str, value: i32, min: i32, max: i32| {
            if value < min || value > max {
                errors.add(field, format!("Enter a whole number from {min} to {max}."));
            }
        };
        check(
            "max_capacity",
            self.max_capacity,
            self.default_capacity.clamp(1, MAX_CAPACITY),
            MAX_CAPACITY,
        );
        check("max_pending_requests", self.max_pending_requests, 1, 10);
        check("request_expiry_days", self.request_expiry_days, 8, 60);
        check("weight_favorite", self.weights.favorite, 0, MAX_WEIGHT);
        check(
            "weight_expertise",
            self.weights.profile_expertise,
            0,
            MAX_WEIGHT,
        );
        check("weight_language", self.weights.language, 0, MAX_WEIGHT);
        check("weight_time_zone", self.weights.time_zone, 0, MAX_WEIGHT);
        for question in &self.weights.questions {
            check(
                &format!("weight-q-{}", question.question_id),
                question.weight,
                0,
                MAX_WEIGHT,
            );
        }
        errors.into_result()
    }
}

/// A registration question as the matching settings show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchQuestion {
    pub id: i64,
    pub role: Role,
    pub prompt: String,
    pub weight: i32,
    pub on_mentor_cards: bool,
}

/// A mentee still without a mentor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnmatchedMentee {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    /// (prompt, answer) in the form's order.
    pub answers: Vec<(String, String)>,
    /// The names of the mentors they favorited.
    pub favorites: Vec<String>,
    pub requests_sent: i64,
}

/// A mentor with their places, for the admins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentorPlaces {
    pub user_id: i64,
    pub name: String,
    pub places: Places,
    pub capacity_override: Option<i32>,
    pub capacity_note: String,
}

/// A mentor ranked for one mentee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankedMentor {
    pub user_id: i64,
    pub name: String,
    pub parts: ScoreParts,
    pub places: Places,
    pub favorited: bool,
    /// Why this pair may not be matched (they ended as "not a good fit").
    pub excluded: Option<String>,
}

/// A proposed pair in the preview (or a saved draft).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalView {
    pub mentee_id: i64,
    pub mentee_name: String,
    pub mentor_id: i64,
    pub mentor_name: String,
    pub pinned: bool,
    pub parts: ScoreParts,
    /// The best other mentor: name, score and how far behind.
    pub runner_up: Option<(String, i32, i32)>,
    /// Why publishing would skip it now, if it would.
    pub problem: Option<String>,
}

/// The preview's summary line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PreviewSummary {
    pub mentees_waiting: i64,
    pub proposed: i64,
    pub lowest: Option<i32>,
    /// The mean score, in tenths.
    pub mean_tenths: Option<i64>,
    /// (mentor, proposed, free places before the proposals)
    pub places_used: Vec<(String, i64, i32)>,
}

impl PreviewSummary {
    pub fn matched_percent(&self) -> i64 {
        if self.mentees_waiting == 0 {
            0
        } else {
            self.proposed * 100 / self.mentees_waiting
        }
    }
}

/// The matching page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchingPage {
    pub program_id: i64,
    pub program_name: String,
    pub program_path: String,
    pub settings: MatchingSettings,
    pub questions: Vec<MatchQuestion>,
    pub unmatched: Vec<UnmatchedMentee>,
    pub mentors: Vec<MentorPlaces>,
    pub proposals: Vec<ProposalView>,
    /// Mentees the preview leaves unmatched, with the reason.
    pub left_out: Vec<(String, String)>,
    pub summary: PreviewSummary,
    pub mentorships: Vec<Mentorship>,
}

/// One mentee's page: the mentors ranked for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualMatchPage {
    pub program_id: i64,
    pub program_name: String,
    pub program_path: String,
    pub mentee: UnmatchedMentee,
    /// Already matched: their mentor.
    pub current_mentor: Option<String>,
    pub draft_mentor: Option<i64>,
    pub ranked: Vec<RankedMentor>,
}

/// What publishing did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PublishOutcome {
    pub created: i64,
    /// (mentee, mentor, why it was skipped)
    pub skipped: Vec<(String, String, String)>,
}
