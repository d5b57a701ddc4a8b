//! The score of one (mentee, mentor) pair: what the program's admins chose
//! to count, and how much, with each part kept so the pair can be explained.
//!
//! Compiled for the server and the wasm client: only serde and std here.
//!
//! Rules beyond the field docs:
//! - Topics and languages compare trimmed and lowercased; the mentor's
//!   spelling (their first one, when they wrote a topic twice) is the one
//!   shown. Empty values never match.
//! - A mentee's values count once per question (and their profile tags once
//!   each), however often they repeat them; a question answered twice counts
//!   the union of its values. A value counted under a question and again under
//!   profile expertise counts both times, but is listed once.
//! - A question listed twice in the weights counts once, with its larger
//!   weight. Negative weights count as 0.
//! - `shared_topics` / `shared_languages` list only what scored (their part's
//!   weight is above 0), so a part is 0 exactly when its list is empty.
//! - Sums saturate at `i32::MAX` rather than overflow.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What the program's admins chose to count, and how much (all integers ≥ 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchWeights {
    /// Bonus when the mentee favorited the mentor.
    pub favorite: i32,
    /// Per shared tag between the mentee's profile expertise tags and the
    /// mentor's topics.
    pub profile_expertise: i32,
    /// Once, when they share at least one language.
    pub language: i32,
    /// Full when 0 h apart, falling linearly to 0 at 6 h or more apart
    /// (`weight * (6 - min(h, 6)) / 6`, h = absolute hours apart rounded
    /// down), 0 when either offset is unknown.
    pub time_zone: i32,
    /// Registration questions that count.
    pub questions: Vec<QuestionWeight>,
}

/// How much one registration question counts: per value of the mentee's
/// answer found in the mentor's topics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionWeight {
    pub question_id: i64,
    pub weight: i32,
}

/// A mentee as the score sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenteeProfile {
    pub user_id: i64,
    /// Mentor user ids.
    pub favorites: Vec<i64>,
    /// (question id, the answer's values: chosen options, or a text answer
    /// split with [`split_text_answer`]).
    pub answers: Vec<(i64, Vec<String>)>,
    /// Profile tags.
    pub expertise: Vec<String>,
    pub languages: Vec<String>,
    pub utc_offset_minutes: Option<i32>,
}

/// A mentor as the score sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentorProfile {
    pub user_id: i64,
    /// Profile expertise tags plus the values of the mentor's own answers to
    /// questions that count.
    pub topics: Vec<String>,
    pub languages: Vec<String>,
    pub utc_offset_minutes: Option<i32>,
}

/// One pair's score, with its parts, so an admin can say why a pair was
/// proposed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreParts {
    pub favorite: i32,
    /// Questions + profile expertise.
    pub topics: i32,
    /// The mentor's spelling, sorted (case-insensitively), deduplicated.
    pub shared_topics: Vec<String>,
    pub language: i32,
    /// The mentor's spelling, sorted (case-insensitively), deduplicated.
    pub shared_languages: Vec<String>,
    pub time_zone: i32,
    /// Absolute hours between the two UTC offsets, rounded down; `None` when
    /// either is unknown.
    pub hours_apart: Option<i32>,
}

impl ScoreParts {
    /// The pair's score: the sum of its parts.
    pub fn total(&self) -> i32 {
        self.favorite
            .saturating_add(self.topics)
            .saturating_add(self.language)
            .saturating_add(self.time_zone)
    }

    /// One line per part that scored, e.g. "Favorite +30", "Topics: Data
    /// viz, SQL +20", "Shared language: English +10", "2 h apart +6"; parts
    /// at 0 are left out, except topics, which say "No shared topics".
    pub fn explain(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if self.favorite > 0 {
            lines.push(format!("Favorite +{}", self.favorite));
        }
        if self.topics > 0 {
            lines.push(format!(
                "Topics: {} +{}",
                self.shared_topics.join(", "),
                self.topics
            ));
        } else {
            lines.push("No shared topics".to_owned());
        }
        if self.language > 0 {
            let label = if self.shared_languages.len() == 1 {
                "Shared language"
            } else {
                "Shared languages"
            };
            lines.push(format!(
                "{label}: {} +{}",
                self.shared_languages.join(", "),
                self.language
            ));
        }
        if self.time_zone > 0 {
            if let Some(hours) = self.hours_apart {
                lines.push(format!("{hours} h apart +{}", self.time_zone));
            }
        }
        lines
    }
}

/// The score of one pair, with its parts.
pub fn score(weights: &MatchWeights, mentee: &MenteeProfile, mentor: &MentorProfile) -> ScoreParts {
    let favorite = if mentee.favorites.contains(&mentor.user_id) {
        weights.favorite.max(0)
    } else {
        0
    };

    // The mentor's topics by their compared form, with the spelling shown.
    let mentor_topics = keyed(&mentor.topics);
    let mut shared: BTreeMap<String, &str> = BTreeMap::new();
    let mut topics = 0i32;
    let question_weights = question_weights(weights);
    let mut answers: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    for (question_id, values) in &mentee.answers {
        if question_weights.contains_key(question_id) {
            answers.entry(*question_id).or_default().extend(
                values
                    .iter()
                    .map(|v| normalize(v))
                    .filter(|v| !v.is_empty()),
            );
        }
    }
    for (question_id, values) in &answers {
        let weight = question_weights[question_id];
        for value in values {
            if let Some(spelling) = mentor_topics.get(value) {
                topics = topics.saturating_add(weight);
                shared.insert(value.clone(), spelling);
            }
        }
    }
    let expertise_weight = weights.profile_expertise.max(0);
    if expertise_weight > 0 {
        for tag in keyed(&mentee.expertise).into_keys() {
            if let Some(spelling) = mentor_topics.get(&tag) {
                topics = topics.saturating_add(expertise_weight);
                shared.insert(tag, spelling);
            }
        }
    }

    let mut shared_languages = Vec::new();
    let mut language = 0;
    if weights.language > 0 {
        let mentee_languages = keyed(&mentee.languages);
        shared_languages = keyed(&mentor.languages)
            .into_iter()
            .filter(|(key, _)| mentee_languages.contains_key(key))
            .map(|(_, spelling)| spelling.to_owned())
            .collect();
        if !shared_languages.is_empty() {
            language = weights.language;
        }
    }

    let (time_zone, hours_apart) = time_zone_points(
        weights.time_zone,
        mentee.utc_offset_minutes,
        mentor.utc_offset_minutes,
    );

    ScoreParts {
        favorite,
        topics,
        shared_topics: shared.into_values().map(str::to_owned).collect(),
        language,
        shared_languages,
        time_zone,
        hours_apart,
    }
}

/// A text answer's items: split on `,`, `;` and newlines, trimmed, empty
/// items dropped.
pub fn split_text_answer(value: &str) -> Vec<String> {
    value
        .split([',', ';', '\n', '\r'])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The form topics and languages are compared in.
pub(crate) fn normalize(text: &str) -> String {
    text.trim().to_lowercase()
}

/// The questions that count, each once with its larger weight; questions
/// whose weight is 0 (or less) are left out.
pub(crate) fn question_weights(weights: &MatchWeights) -> BTreeMap<i64, i32> {
    let mut by_question = BTreeMap::new();
    for question in weights.questions.iter().filter(|q| q.weight > 0) {
        let weight = by_question.entry(question.question_id).or_insert(0);
        *weight = question.weight.max(*weight);
    }
    by_question
}

/// The time-zone part and the whole hours apart (`None` when either offset
/// is unknown).
pub(crate) fn time_zone_points(weight: i32, a: Option<i32>, b: Option<i32>) -> (i32, Option<i32>) {
    let (Some(a), Some(b)) = (a, b) else {
        return (0, None);
    };
    let hours = (i64::from(a) - i64::from(b)).abs() / 60;
    let points = i64::from(weight.max(0)) * (6 - hours.min(6)) / 6;
    // Both fit: |a - b| / 60 < 2^32 / 60, and points ≤ weight.
    (points as i32, Some(hours as i32))
}

/// Each non-empty value by its compared form, with the first spelling.
fn keyed(values: &[String]) -> BTreeMap<String, &str> {
    let mut by_key = BTreeMap::new();
    for value in values {
        let key = normalize(value);
        if !key.is_empty() {
            by_key.entry(key).or_insert(value.trim());
        }
    }
    by_key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    fn weights() -> MatchWeights {
        MatchWeights {
            favorite: 30,
            profile_expertise: 4,
            language: 10,
            time_zone: 12,
            questions: vec![
                QuestionWeight {
                    question_id: 1,
                    weight: 10,
                },
                QuestionWeight {
                    question_id: 2,
                    weight: 5,
                },
                QuestionWeight {
                    question_id: 3,
                    weight: 0,
                },
            ],
        }
    }

    fn mentee() -> MenteeProfile {
        MenteeProfile {
            user_id: 1,
            favorites: vec![],
            answers: vec![],
            expertise: vec![],
            languages: vec![],
            utc_offset_minutes: None,
        }
    }

    fn mentor() -> MentorProfile {
        MentorProfile {
            user_id: 100,
            topics: vec![],
            languages: vec![],
            utc_offset_minutes: None,
        }
    }

    #[test]
    fn favorite_counts_only_for_the_favorited_mentor() {
        let mut mentee = mentee();
        mentee.favorites = vec![7, 100];
        assert_eq!(score(&weights(), &mentee, &mentor()).favorite, 30);
        mentee.favorites = vec![7, 101];
        assert_eq!(score(&weights(), &mentee, &mentor()).favorite, 0);
    }

    #[test]
    fn questions_count_each_value_found_times_their_weight() {
        let mut mentee = mentee();
        mentee.answers = vec![
            (1, strings(&["SQL", "data viz", "Rust"])),
            (2, strings(&["  python "])),
            // Weight 0 and a question that does not count: nothing.
            (3, strings(&["sql"])),
            (9, strings(&["sql"])),
        ];
        let mut mentor = mentor();
        mentor.topics = strings(&["sql", "Data Viz", "Python", "Go"]);
        let parts = score(&weights(), &mentee, &mentor);
        assert_eq!(parts.topics, 2 * 10 + 5);
        assert_eq!(parts.shared_topics, strings(&["Data Viz", "Python", "sql"]));
    }

    #[test]
    fn profile_expertise_counts_per_shared_tag() {
        let mut mentee = mentee();
        mentee.expertise = strings(&["Kubernetes", "go", "GO ", "Haskell"]);
        let mut mentor = mentor();
        mentor.topics = strings(&["Go", "kubernetes", "Rust"]);
        let parts = score(&weights(), &mentee, &mentor);
        // "go" written twice by the mentee counts once.
        assert_eq!(parts.topics, 2 * 4);
        assert_eq!(parts.shared_topics, strings(&["Go", "kubernetes"]));
    }

    #[test]
    fn a_value_under_a_question_and_in_the_profile_counts_twice_listed_once() {
        let mut mentee = mentee();
        mentee.answers = vec![(1, strings(&["SQL"])), (1, strings(&["sql", "Rust"]))];
        mentee.expertise = strings(&["sql"]);
        let mut mentor = mentor();
        mentor.topics = strings(&["SQL", "sql"]);
        let parts = score(&weights(), &mentee, &mentor);
        // Once under question 1 (answered twice, union), once as a profile tag.
        assert_eq!(parts.topics, 10 + 4);
        assert_eq!(parts.shared_topics, strings(&["SQL"]));
    }

    #[test]
    fn duplicate_question_weights_count_once_with_the_larger_weight() {
        let mut weights = weights();
        weights.questions.push(QuestionWeight {
            question_id: 2,
            weight: 7,
        });
        weights.questions.push(QuestionWeight {
            question_id: 2,
            weight: 1,
        });
        let mut mentee = mentee();
        mentee.answers = vec![(2, strings(&["sql"]))];
        let mut mentor = mentor();
        mentor.topics = strings(&["SQL"]);
        assert_eq!(score(&weights, &mentee, &mentor).topics, 7);
    }

    #[test]
    fn language_counts_once_case_insensitively() {
        let mut mentee = mentee();
        mentee.languages = strings(&["english", " FRENCH", "German"]);
        let mut mentor = mentor();
        mentor.languages = strings(&["French", "English", "Dutch"]);
        let parts = score(&weights(), &mentee, &mentor);
        assert_eq!(parts.language, 10);
        assert_eq!(parts.shared_languages, strings(&["English", "French"]));

        mentor.languages = strings(&["Dutch"]);
        let parts = score(&weights(), &mentee, &mentor);
        assert_eq!(parts.language, 0);
        assert!(parts.shared_languages.is_empty());
    }

    #[test]
    fn time_zone_falls_linearly_to_zero_at_six_hours() {
        let cases = [
            (0, 12, 0),
            (59, 12, 0),
            (60, 10, 1),
            (90, 10, 1),
            (120, 8, 2),
            (-180, 6, 3),
            (300, 2, 5),
            (359, 2, 5),
            (360, 0, 6),
            (600, 0, 10),
        ];
        for (apart, points, hours) in cases {
            let mut mentee = mentee();
            mentee.utc_offset_minutes = Some(60 + apart);
            let mut mentor = mentor();
            mentor.utc_offset_minutes = Some(60);
            let parts = score(&weights(), &mentee, &mentor);
            assert_eq!(
                (parts.time_zone, parts.hours_apart),
                (points, Some(hours)),
                "{apart} min"
            );
        }
        // Integer arithmetic, rounded down: 10 * 4 / 6 = 6.
        assert_eq!(time_zone_points(10, Some(0), Some(120)), (6, Some(2)));
    }

    #[test]
    fn unknown_offsets_give_no_time_zone_points() {
        let mut mentee = mentee();
        let mut mentor = mentor();
        mentor.utc_offset_minutes = Some(0);
        let parts = score(&weights(), &mentee, &mentor);
        assert_eq!((parts.time_zone, parts.hours_apart), (0, None));
        mentee.utc_offset_minutes = Some(0);
        mentor.utc_offset_minutes = None;
        let parts = score(&weights(), &mentee, &mentor);
        assert_eq!((parts.time_zone, parts.hours_apart), (0, None));
    }

    #[test]
    fn total_and_explain() {
        let weights = MatchWeights {
            favorite: 30,
            profile_expertise: 10,
            language: 10,
            time_zone: 9,
            questions: vec![],
        };
        let mentee = MenteeProfile {
            user_id: 1,
            favorites: vec![100],
            answers: vec![],
            expertise: strings(&["sql", "data viz"]),
            languages: strings(&["english"]),
            utc_offset_minutes: Some(0),
        };
        let mentor = MentorProfile {
            user_id: 100,
            topics: strings(&["SQL", "Data viz"]),
            languages: strings(&["English"]),
            utc_offset_minutes: Some(120),
        };
        let parts = score(&weights, &mentee, &mentor);
        assert_eq!(
            parts,
            ScoreParts {
                favorite: 30,
                topics: 20,
                shared_topics: strings(&["Data viz", "SQL"]),
                language: 10,
                shared_languages: strings(&["English"]),
                time_zone: 6,
                hours_apart: Some(2),
            }
        );
        assert_eq!(parts.total(), 66);
        assert_eq!(
            parts.explain(),
            strings(&[
                "Favorite +30",
                "Topics: Data viz, SQL +20",
                "Shared language: English +10",
                "2 h apart +6",
            ])
        );
    }

    #[test]
    fn explain_leaves_out_zero_parts_but_says_no_shared_topics() {
        let parts = ScoreParts {
            favorite: 0,
            topics: 0,
            shared_topics: vec![],
            language: 0,
            shared_languages: vec![],
            time_zone: 0,
            hours_apart: Some(9),
        };
        assert_eq!(parts.explain(), strings(&["No shared topics"]));
        let parts = ScoreParts {
            language: 5,
            shared_languages: strings(&["English", "French"]),
            ..parts
        };
        assert_eq!(
            parts.explain(),
            strings(&["No shared topics", "Shared languages: English, French +5"])
        );
    }

    #[test]
    fn zero_weights_score_nothing_and_list_nothing() {
        let weights = MatchWeights {
            favorite: 0,
            profile_expertise: 0,
            language: 0,
            time_zone: 0,
            questions: vec![QuestionWeight {
                question_id: 1,
                weight: 0,
            }],
        };
        let mentee = MenteeProfile {
            user_id: 1,
            favorites: vec![100],
            answers: vec![(1, strings(&["sql"]))],
            expertise: strings(&["sql"]),
            languages: strings(&["English"]),
            utc_offset_minutes: Some(0),
        };
        let mentor = MentorProfile {
            user_id: 100,
            topics: strings(&["sql"]),
            languages: strings(&["English"]),
            utc_offset_minutes: Some(0),
        };
        let parts = score(&weights, &mentee, &mentor);
        assert_eq!(parts.total(), 0);
        assert!(parts.shared_topics.is_empty() && parts.shared_languages.is_empty());
        assert_eq!(parts.hours_apart, Some(0));
    }

    #[test]
    fn split_text_answer_splits_trims_and_drops_empties() {
        assert_eq!(
            split_text_answer(" SQL, data viz;Rust\n\r\n  ; ,Go "),
            strings(&["SQL", "data viz", "Rust", "Go"])
        );
        assert!(split_text_answer(" , ;\n").is_empty());
    }
}
