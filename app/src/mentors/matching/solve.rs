//! The cohort solver: proposes a mentor for every mentee of a program at
//! once, as an assignment problem solved with pathfinding's Kuhn–Munkres.
//!
//! The model: one row per mentee who has at least one allowed mentor with a
//! free place, one column per free place (a mentor repeated `places` times).
//! An allowed pair is worth `total * K + 1` with `K` above the largest
//! possible number of pairs, so the assignment maximises the total score
//! first and, among the assignments with that total, the number of mentees
//! matched (a pair scoring 0 beats staying unmatched). A forbidden pair is
//! worth 0, the same as staying unmatched: the "stays unmatched" columns are
//! the surplus of the longer side, so the matrix is never larger than
//! `min(mentees, places) × max(mentees, places)`. When there are more
//! mentees than places the matrix is transposed (rows = places), as
//! Kuhn–Munkres needs rows ≤ columns and assigns every row; a row assigned
//! to a 0 cell is a mentee (or a place) left free. Every allowed cell is
//! worth at least 1, so a 0 cell is only ever chosen when nothing allowed is
//! left for that row, and the optimum is the same as with one explicit
//! "unmatched" column per mentee.
//!
//! Inputs are sorted by user id first, so the same problem gives the same
//! solution whatever the order of its slices. Ties between equal scores are
//! then settled by Kuhn–Munkres on that order; a favorite is never tied
//! with an otherwise equal mentor, as the favorite bonus adds to its score.

use super::score::{normalize, question_weights, score, time_zone_points};
use super::{MatchWeights, MenteeProfile, MentorProfile, ScoreParts};
use pathfinding::kuhn_munkres::kuhn_munkres;
use pathfinding::matrix::Matrix;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A mentor's places still free for this run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentorSlots {
    pub user_id: i64,
    pub places: u32,
}

/// One cohort matching run. User ids are unique within `mentees` and within
/// `mentors` (a repeated id is taken once). Borrowed slices, so it is
/// `Serialize` but not `Deserialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Problem<'a> {
    pub weights: &'a MatchWeights,
    pub mentees: &'a [MenteeProfile],
    pub mentors: &'a [MentorProfile],
    /// Same ids as `mentors`; places 0 allowed, a mentor missing here has 0.
    pub places: &'a [MentorSlots],
    /// (mentee user id, mentor user id): already paired before, or a pair
    /// that ended as "not a good fit".
    pub forbidden: &'a [(i64, i64)],
}

/// A proposed pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub mentee_id: i64,
    pub mentor_id: i64,
    pub parts: ScoreParts,
    pub runner_up: Option<RunnerUp>,
}

/// The best other allowed mentor for a proposed mentee, ignoring capacity
/// (the lowest user id among equal scores).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunnerUp {
    pub mentor_id: i64,
    pub score: i32,
    /// The chosen pair's total minus the runner-up's (negative when the
    /// runner-up's places went to better pairs).
    pub gap: i32,
}

/// Why a mentee has no proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnmatchedReason {
    /// No mentor has a free place.
    NoMentorWithPlaces,
    /// Every mentor with a free place is excluded for this mentee.
    OnlyExcludedMentors,
    /// Allowed mentors had places, but they went to pairs that score more.
    PlacesTakenByBetterPairs,
}

/// A mentee without a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unmatched {
    pub mentee_id: i64,
    pub reason: UnmatchedReason,
}

/// The proposed pairs and the mentees left out, each sorted by mentee id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Solution {
    pub proposals: Vec<Proposal>,
    pub unmatched: Vec<Unmatched>,
}

/// The cohort's best assignment: at most `places` mentees per mentor, no
/// forbidden pair, the largest total score, then as many mentees matched
/// as that total allows.
pub fn solve(problem: &Problem) -> Solution {
    let mut mentees: Vec<&MenteeProfile> = problem.mentees.iter().collect();
    mentees.sort_by_key(|m| m.user_id);
    mentees.dedup_by_key(|m| m.user_id);
    let mut mentors: Vec<&MentorProfile> = problem.mentors.iter().collect();
    mentors.sort_by_key(|m| m.user_id);
    mentors.dedup_by_key(|m| m.user_id);
    let places_by_id: HashMap<i64, u32> = problem
        .places
        .iter()
        .map(|s| (s.user_id, s.places))
        .collect();
    let places: Vec<u32> = mentors
        .iter()
        .map(|m| places_by_id.get(&m.user_id).copied().unwrap_or(0))
        .collect();
    let forbidden: HashSet<(i64, i64)> = problem.forbidden.iter().copied().collect();

    // Every pair's total, `None` when forbidden: mentee-major.
    let scorer = FastScorer::new(problem.weights, &mentees, &mentors);
    let n = mentors.len();
    let mut totals: Vec<Option<i32>> = Vec::with_capacity(mentees.len() * n);
    for (i, mentee) in mentees.iter().enumerate() {
        for (j, mentor) in mentors.iter().enumerate() {
            let allowed = !forbidden.contains(&(mentee.user_id, mentor.user_id));
            totals.push(allowed.then(|| scorer.total(i, j)));
        }
    }
    let total = |i: usize, j: usize| totals[i * n + j];

    // Mentees who could have a place, the others with their reason.
    let any_places = places.iter().any(|&p| p > 0);
    let mut rows = Vec::new();
    let mut reasons: BTreeMap<usize, UnmatchedReason> = BTreeMap::new();
    for i in 0..mentees.len() {
        if (0..n).any(|j| places[j] > 0 && total(i, j).is_some()) {
            rows.push(i);
        } else if any_places {
            reasons.insert(i, UnmatchedReason::OnlyExcludedMentors);
        } else {
            reasons.insert(i, UnmatchedReason::NoMentorWithPlaces);
        }
    }

    // One column per free place; no mentor needs more places than there
    // are mentees to place.
    let columns: Vec<usize> = (0..n)
        .flat_map(|j| std::iter::repeat_n(j, (places[j] as usize).min(rows.len())))
        .collect();

    let mut chosen: Vec<Option<usize>> = vec![None; mentees.len()];
    if !rows.is_empty() {
        let pairs = rows.len().min(columns.len()) as i64;
        let value = |row: usize, column: usize| -> i64 {
            match total(rows[row], columns[column]) {
                Some(score) => i64::from(score) * (pairs + 1) + 1,
                None => 0,
            }
        };
        if rows.len() <= columns.len() {
            let matrix = Matrix::from_fn(rows.len(), columns.len(), |(r, c)| value(r, c));
            let (_, assigned) = kuhn_munkres(&matrix);
            for (r, c) in assigned.into_iter().enumerate() {
                if value(r, c) > 0 {
                    chosen[rows[r]] = Some(columns[c]);
                }
            }
        } else {
            let matrix = Matrix::from_fn(columns.len(), rows.len(), |(c, r)| value(r, c));
            let (_, assigned) = kuhn_munkres(&matrix);
            for (c, r) in assigned.into_iter().enumerate() {
                if value(r, c) > 0 {
                    chosen[rows[r]] = Some(columns[c]);
                }
            }
        }
    }

    let mut proposals = Vec::new();
    let mut unmatched = Vec::new();
    for (i, mentee) in mentees.iter().enumerate() {
        let Some(j) = chosen[i] else {
            unmatched.push(Unmatched {
                mentee_id: mentee.user_id,
                reason: reasons
                    .get(&i)
                    .copied()
                    .unwrap_or(UnmatchedReason::PlacesTakenByBetterPairs),
            });
            continue;
        };
        let parts = score(problem.weights, mentee, mentors[j]);
        debug_assert_eq!(Some(parts.total()), total(i, j));
        let mut runner_up: Option<(usize, i32)> = None;
        for other in (0..n).filter(|&other| other != j) {
            if let Some(score) = total(i, other) {
                if runner_up.is_none_or(|(_, best)| score > best) {
                    runner_up = Some((other, score));
                }
            }
        }
        proposals.push(Proposal {
            mentee_id: mentee.user_id,
            mentor_id: mentors[j].user_id,
            runner_up: runner_up.map(|(other, score)| RunnerUp {
                mentor_id: mentors[other].user_id,
                score,
                gap: parts.total().saturating_sub(score),
            }),
            parts,
        });
    }
    Solution {
        proposals,
        unmatched,
    }
}

/// The pair totals of [`score`] without its strings: topics and languages
/// interned once, so the n × m totals cost a few integer comparisons each.
struct FastScorer {
    weights: Weights,
    mentees: Vec<FastMentee>,
    mentors: Vec<FastMentor>,
}

struct Weights {
    favorite: i32,
    language: i32,
    time_zone: i32,
}

struct FastMentee {
    favorites: Vec<i64>,
    /// (topic, the points it brings when the mentor has it), by topic.
    topics: Vec<(u32, i32)>,
    languages: Vec<u32>,
    utc_offset_minutes: Option<i32>,
}

struct FastMentor {
    user_id: i64,
    topics: Vec<u32>,
    languages: Vec<u32>,
    utc_offset_minutes: Option<i32>,
}

impl FastScorer {
    fn new(weights: &MatchWeights, mentees: &[&MenteeProfile], mentors: &[&MentorProfile]) -> Self {
        // Only what some mentor has can ever be shared.
        fn intern(values: &[String], ids: &mut HashMap<String, u32>) -> Vec<u32> {
            let mut interned: Vec<u32> = values
                .iter()
                .map(|v| normalize(v))
                .filter(|v| !v.is_empty())
                .map(|v| {
                    let next = ids.len() as u32;
                    *ids.entry(v).or_insert(next)
                })
                .collect();
            interned.sort_unstable();
            interned.dedup();
            interned
        }
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mentors: Vec<FastMentor> = mentors
            .iter()
            .map(|m| FastMentor {
                user_id: m.user_id,
                topics: intern(&m.topics, &mut ids),
                languages: intern(&m.languages, &mut ids),
                utc_offset_minutes: m.utc_offset_minutes,
            })
            .collect();
        let lookup = |values: &[String]| -> Vec<u32> {
            let mut found: Vec<u32> = values
                .iter()
                .filter_map(|v| ids.get(&normalize(v)).copied())
                .collect();
            found.sort_unstable();
            found.dedup();
            found
        };
        let question_weights = question_weights(weights);
        let expertise_weight = weights.profile_expertise.max(0);
        let mentees = mentees
            .iter()
            .map(|m| {
                let mut per_question: BTreeMap<i64, Vec<String>> = BTreeMap::new();
                for (question_id, values) in &m.answers {
                    if question_weights.contains_key(question_id) {
                        per_question
                            .entry(*question_id)
                            .or_default()
                            .extend(values.iter().cloned());
                    }
                }
                let mut points: BTreeMap<u32, i32> = BTreeMap::new();
                for (question_id, values) in &per_question {
                    for topic in lookup(values) {
                        let p = points.entry(topic).or_insert(0);
                        *p = p.saturating_add(question_weights[question_id]);
                    }
                }
                if expertise_weight > 0 {
                    for topic in lookup(&m.expertise) {
                        let p = points.entry(topic).or_insert(0);
                        *p = p.saturating_add(expertise_weight);
                    }
                }
                let mut favorites = m.favorites.clone();
                favorites.sort_unstable();
                FastMentee {
                    favorites,
                    topics: points.into_iter().collect(),
                    languages: lookup(&m.languages),
                    utc_offset_minutes: m.utc_offset_minutes,
                }
            })
            .collect();
        FastScorer {
            weights: Weights {
                favorite: weights.favorite.max(0),
                language: weights.language,
                time_zone: weights.time_zone,
            },
            mentees,
            mentors,
        }
    }

    /// `score(..).total()` of mentee `i` and mentor `j`.
    fn total(&self, i: usize, j: usize) -> i32 {
        let mentee = &self.mentees[i];
        let mentor = &self.mentors[j];
        let mut total = 0i32;
        if mentee.favorites.binary_search(&mentor.user_id).is_ok() {
            total = self.weights.favorite;
        }
        let mut topics = 0i32;
        let mut k = 0;
        for &(topic, points) in &mentee.topics {
            while k < mentor.topics.len() && mentor.topics[k] < topic {
                k += 1;
            }
            if k < mentor.topics.len() && mentor.topics[k] == topic {
                topics = topics.saturating_add(points);
            }
        }
        total = total.saturating_add(topics);
        if self.weights.language > 0
            && mentee
                .languages
                .iter()
                .any(|l| mentor.languages.binary_search(l).is_ok())
        {
            total = total.saturating_add(self.weights.language);
        }
        let (time_zone, _) = time_zone_points(
            self.weights.time_zone,
            mentee.utc_offset_minutes,
            mentor.utc_offset_minutes,
        );
        total.saturating_add(time_zone)
    }
}

#[cfg(test)]
mod tests {
    use super::super::QuestionWeight;
    use super::*;

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    /// Only profile tags count, one point each, plus a favorite bonus.
    fn tag_weights() -> MatchWeights {
        MatchWeights {
            favorite: 5,
            profile_expertise: 1,
            language: 0,
            time_zone: 0,
            questions: vec![],
        }
    }

    fn mentee(user_id: i64, tags: &[&str]) -> MenteeProfile {
        MenteeProfile {
            user_id,
            favorites: vec![],
            answers: vec![],
            expertise: strings(tags),
            languages: vec![],
            utc_offset_minutes: None,
        }
    }

    fn mentor(user_id: i64, tags: &[&str]) -> MentorProfile {
        MentorProfile {
            user_id,
            topics: strings(tags),
            languages: vec![],
            utc_offset_minutes: None,
        }
    }

    fn slots(places: &[(i64, u32)]) -> Vec<MentorSlots> {
        places
            .iter()
            .map(|&(user_id, places)| MentorSlots { user_id, places })
            .collect()
    }

    fn run(
        weights: &MatchWeights,
        mentees: &[MenteeProfile],
        mentors: &[MentorProfile],
        places: &[MentorSlots],
        forbidden: &[(i64, i64)],
    ) -> Solution {
        solve(&Problem {
            weights,
            mentees,
            mentors,
            places,
            forbidden,
        })
    }

    fn pairs(solution: &Solution) -> Vec<(i64, i64)> {
        solution
            .proposals
            .iter()
            .map(|p| (p.mentee_id, p.mentor_id))
            .collect()
    }

    fn reasons(solution: &Solution) -> Vec<(i64, UnmatchedReason)> {
        solution
            .unmatched
            .iter()
            .map(|u| (u.mentee_id, u.reason))
            .collect()
    }

    /// A small xorshift PRNG for the generated problems.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn shuffle<T>(&mut self, values: &mut [T]) {
            for i in (1..values.len()).rev() {
                values.swap(i, self.below(i + 1));
            }
        }
    }

    struct Generated {
        weights: MatchWeights,
        mentees: Vec<MenteeProfile>,
        mentors: Vec<MentorProfile>,
        places: Vec<MentorSlots>,
        forbidden: Vec<(i64, i64)>,
    }

    impl Generated {
        fn solve(&self) -> Solution {
            run(
                &self.weights,
                &self.mentees,
                &self.mentors,
                &self.places,
                &self.forbidden,
            )
        }
    }

    /// A random problem with coarse scores (many ties) and mixed spellings.
    fn generate(seed: u64, mentees: usize, mentors: usize, max_places: u32) -> Generated {
        let mut rng = Rng(seed);
        let vocabulary = ["SQL", "sql ", "Rust", "go", "Go", "Data viz", "UX", "ml"];
        let languages = ["English", "french", "FRENCH", "German"];
        let pick = |rng: &mut Rng, from: &[&str], most: usize| -> Vec<String> {
            (0..rng.below(most + 1))
                .map(|_| from[rng.below(from.len())].to_owned())
                .collect()
        };
        let offset = |rng: &mut Rng| (rng.below(4) > 0).then(|| (rng.below(13) as i32 - 6) * 60);
        let mentor_ids: Vec<i64> = (0..mentors as i64).map(|j| 100 + j * 3).collect();
        let mentors_list: Vec<MentorProfile> = mentor_ids
            .iter()
            .map(|&user_id| MentorProfile {
                user_id,
                topics: pick(&mut rng, &vocabulary, 4),
                languages: pick(&mut rng, &languages, 2),
                utc_offset_minutes: offset(&mut rng),
            })
            .collect();
        let mentees_list: Vec<MenteeProfile> = (0..mentees as i64)
            .map(|i| MenteeProfile {
                user_id: 1 + i * 2,
                favorites: (0..rng.below(3))
                    .map(|_| mentor_ids[rng.below(mentor_ids.len())])
                    .collect(),
                answers: vec![
                    (1, pick(&mut rng, &vocabulary, 2)),
                    (2, pick(&mut rng, &vocabulary, 2)),
                ],
                expertise: pick(&mut rng, &vocabulary, 3),
                languages: pick(&mut rng, &languages, 2),
                utc_offset_minutes: offset(&mut rng),
            })
            .collect();
        let places = mentor_ids
            .iter()
            .map(|&user_id| MentorSlots {
                user_id,
                places: rng.below(max_places as usize + 1) as u32,
            })
            .collect();
        let forbidden = (0..mentees)
            .map(|_| {
                (
                    mentees_list[rng.below(mentees)].user_id,
                    mentor_ids[rng.below(mentors)],
                )
            })
            .collect();
        Generated {
            weights: MatchWeights {
                favorite: 3,
                profile_expertise: 1,
                language: 2,
                time_zone: 3,
                questions: vec![
                    QuestionWeight {
                        question_id: 1,
                        weight: 2,
                    },
                    QuestionWeight {
                        question_id: 2,
                        weight: 1,
                    },
                ],
            },
            mentees: mentees_list,
            mentors: mentors_list,
            places,
            forbidden,
        }
    }

    /// The rules every solution keeps, checked against the problem.
    fn check_rules(problem: &Generated, solution: &Solution) {
        let places: HashMap<i64, u32> = problem
            .places
            .iter()
            .map(|s| (s.user_id, s.places))
            .collect();
        let mut taken: HashMap<i64, u32> = HashMap::new();
        for proposal in &solution.proposals {
            *taken.entry(proposal.mentor_id).or_default() += 1;
            assert!(!problem
                .forbidden
                .contains(&(proposal.mentee_id, proposal.mentor_id)));
        }
        for (mentor, count) in &taken {
            assert!(*count <= places[mentor], "mentor {mentor} over capacity");
        }
        let mut ids: Vec<i64> = solution
            .proposals
            .iter()
            .map(|p| p.mentee_id)
            .chain(solution.unmatched.iter().map(|u| u.mentee_id))
            .collect();
        ids.sort_unstable();
        let mut expected: Vec<i64> = problem.mentees.iter().map(|m| m.user_id).collect();
        expected.sort_unstable();
        assert_eq!(ids, expected, "every mentee once");
        assert!(solution.proposals.is_sorted_by_key(|p| p.mentee_id));
        assert!(solution.unmatched.is_sorted_by_key(|u| u.mentee_id));
    }

    /// (total score, pairs) of the best assignment, by trying them all.
    fn brute_force(problem: &Generated) -> (i64, usize) {
        fn go(
            problem: &Generated,
            mentee: usize,
            left: &mut Vec<u32>,
            best: &mut (i64, usize),
            so_far: (i64, usize),
        ) {
            if mentee == problem.mentees.len() {
                *best = (*best).max(so_far);
                return;
            }
            go(problem, mentee + 1, left, best, so_far);
            let m = &problem.mentees[mentee];
            for (j, mentor) in problem.mentors.iter().enumerate() {
                if left[j] > 0 && !problem.forbidden.contains(&(m.user_id, mentor.user_id)) {
                    left[j] -= 1;
                    let s = i64::from(score(&problem.weights, m, mentor).total());
                    go(
                        problem,
                        mentee + 1,
                        left,
                        best,
                        (so_far.0 + s, so_far.1 + 1),
                    );
                    left[j] += 1;
                }
            }
        }
        let mut left: Vec<u32> = problem.places.iter().map(|s| s.places).collect();
        let mut best = (0, 0);
        go(problem, 0, &mut left, &mut best, (0, 0));
        best
    }

    #[test]
    fn respects_capacity_and_places_zero_gets_nobody() {
        let mentees: Vec<_> = (1..=5).map(|id| mentee(id, &["sql", "rust"])).collect();
        let mentors = vec![
            mentor(10, &["sql"]),
            mentor(11, &["sql"]),
            // Everyone's best mentor, but full.
            mentor(12, &["sql", "rust"]),
        ];
        let solution = run(
            &tag_weights(),
            &mentees,
            &mentors,
            &slots(&[(10, 1), (11, 2), (12, 0)]),
            &[],
        );
        let taken = |mentor: i64| pairs(&solution).iter().filter(|p| p.1 == mentor).count();
        assert_eq!((taken(10), taken(11), taken(12)), (1, 2, 0));
        assert_eq!(solution.unmatched.len(), 2);
        // The runner-up ignores capacity: the full mentor is named.
        for proposal in &solution.proposals {
            let runner_up = proposal.runner_up.as_ref().unwrap();
            assert_eq!(
                (runner_up.mentor_id, runner_up.score, runner_up.gap),
                (12, 2, -1)
            );
        }
    }

    #[test]
    fn never_proposes_a_forbidden_pair() {
        let mentees = vec![mentee(1, &["sql", "rust"]), mentee(2, &["go"])];
        let mentors = vec![mentor(10, &["sql", "rust", "go"]), mentor(11, &["sql"])];
        let solution = run(
            &tag_weights(),
            &mentees,
            &mentors,
            &slots(&[(10, 2), (11, 2)]),
            &[(1, 10), (2, 11)],
        );
        assert_eq!(pairs(&solution), vec![(1, 11), (2, 10)]);
        // The forbidden mentor is no runner-up either.
        assert_eq!(solution.proposals[0].runner_up, None);
        assert_eq!(solution.proposals[1].runner_up, None);
    }

    #[test]
    fn maximises_the_total_where_greedy_would_not() {
        // Greedy takes the best pair first (1 with 10, score 10) and leaves
        // 2 with 11 (score 0): 10. The best is 1 with 11 and 2 with 10: 18.
        let ten: Vec<String> = (0..10).map(|t| format!("t{t}")).collect();
        let nine: Vec<String> = (0..9).map(|t| format!("u{t}")).collect();
        let weights = tag_weights();
        let a = MenteeProfile {
            expertise: ten.clone(),
            ..mentee(1, &[])
        };
        let b = MenteeProfile {
            expertise: nine.clone(),
            ..mentee(2, &[])
        };
        let x = MentorProfile {
            topics: ten.iter().chain(&nine).cloned().collect(),
            ..mentor(10, &[])
        };
        let y = MentorProfile {
            topics: ten[..9].to_vec(),
            ..mentor(11, &[])
        };
        let solution = run(&weights, &[a, b], &[x, y], &slots(&[(10, 1), (11, 1)]), &[]);
        assert_eq!(pairs(&solution), vec![(1, 11), (2, 10)]);
        let total: i32 = solution.proposals.iter().map(|p| p.parts.total()).sum();
        assert_eq!(total, 18);
        let first = solution.proposals[0].runner_up.as_ref().unwrap();
        assert_eq!((first.mentor_id, first.score, first.gap), (10, 10, -1));
    }

    #[test]
    fn a_score_of_zero_beats_staying_unmatched() {
        let mentees = vec![mentee(1, &["sql"]), mentee(2, &["haskell"])];
        let mentors = vec![mentor(10, &["sql"]), mentor(11, &["go"])];
        let solution = run(
            &tag_weights(),
            &mentees,
            &mentors,
            &slots(&[(10, 1), (11, 1)]),
            &[],
        );
        assert_eq!(pairs(&solution), vec![(1, 10), (2, 11)]);
        assert_eq!(solution.proposals[1].parts.total(), 0);
        assert!(solution.unmatched.is_empty());
    }

    #[test]
    fn the_total_comes_before_the_number_matched() {
        // 1 with 10 scores 1 and leaves 2 (who may only have 10) out; 1 with
        // 11 and 2 with 10 would match both for a total of 0.
        let mentees = vec![mentee(1, &["sql"]), mentee(2, &[])];
        let mentors = vec![mentor(10, &["sql"]), mentor(11, &[])];
        let solution = run(
            &tag_weights(),
            &mentees,
            &mentors,
            &slots(&[(10, 1), (11, 1)]),
            &[(2, 11)],
        );
        assert_eq!(pairs(&solution), vec![(1, 10)]);
        assert_eq!(
            reasons(&solution),
            vec![(2, UnmatchedReason::PlacesTakenByBetterPairs)]
        );
    }

    #[test]
    fn prefers_the_favorite_when_otherwise_tied() {
        // Two equal mentees, one place: the one who favorited the mentor
        // gets it, though the other comes first by id.
        let mut fan = mentee(2, &["sql"]);
        fan.favorites = vec![10];
        let mentees = vec![mentee(1, &["sql"]), fan];
        let solution = run(
            &tag_weights(),
            &mentees,
            &[mentor(10, &["sql"])],
            &slots(&[(10, 1)]),
            &[],
        );
        assert_eq!(pairs(&solution), vec![(2, 10)]);
        assert_eq!(solution.proposals[0].parts.favorite, 5);
        assert_eq!(
            reasons(&solution),
            vec![(1, UnmatchedReason::PlacesTakenByBetterPairs)]
        );

        // Two equal mentors: the favorite one, though the other comes first.
        let mut fan = mentee(1, &["sql"]);
        fan.favorites = vec![11];
        let mentors = vec![mentor(10, &["sql"]), mentor(11, &["sql"])];
        let solution = run(
            &tag_weights(),
            &[fan],
            &mentors,
            &slots(&[(10, 1), (11, 1)]),
            &[],
        );
        assert_eq!(pairs(&solution), vec![(1, 11)]);
        let runner_up = solution.proposals[0].runner_up.as_ref().unwrap();
        assert_eq!(
            (runner_up.mentor_id, runner_up.score, runner_up.gap),
            (10, 1, 5)
        );
    }

    #[test]
    fn unmatched_without_any_places() {
        let mentees = vec![mentee(1, &["sql"]), mentee(2, &[])];
        let mentors = vec![mentor(10, &["sql"])];
        let solution = run(&tag_weights(), &mentees, &mentors, &slots(&[(10, 0)]), &[]);
        assert!(solution.proposals.is_empty());
        assert_eq!(
            reasons(&solution),
            vec![
                (1, UnmatchedReason::NoMentorWithPlaces),
                (2, UnmatchedReason::NoMentorWithPlaces)
            ]
        );
        let solution = run(&tag_weights(), &mentees, &[], &[], &[]);
        assert_eq!(solution.unmatched.len(), 2);
        assert!(solution
            .unmatched
            .iter()
            .all(|u| u.reason == UnmatchedReason::NoMentorWithPlaces));
    }

    #[test]
    fn unmatched_when_every_mentor_with_places_is_excluded() {
        let mentees = vec![mentee(1, &["sql"]), mentee(2, &["sql"])];
        // 11 is allowed for mentee 1 but has no place.
        let mentors = vec![mentor(10, &["sql"]), mentor(11, &["sql"]), mentor(12, &[])];
        let solution = run(
            &tag_weights(),
            &mentees,
            &mentors,
            &slots(&[(10, 2), (11, 0), (12, 1)]),
            &[(1, 10), (1, 12)],
        );
        assert_eq!(pairs(&solution), vec![(2, 10)]);
        assert_eq!(
            reasons(&solution),
            vec![(1, UnmatchedReason::OnlyExcludedMentors)]
        );
    }

    #[test]
    fn unmatched_when_there_are_more_mentees_than_places() {
        let mentees = vec![
            mentee(1, &["sql"]),
            mentee(2, &["sql", "rust"]),
            mentee(3, &[]),
            mentee(4, &["rust"]),
        ];
        let mentors = vec![mentor(10, &["sql", "rust"]), mentor(11, &["sql"])];
        let solution = run(
            &tag_weights(),
            &mentees,
            &mentors,
            &slots(&[(10, 1), (11, 1)]),
            &[],
        );
        // The best: 2 with 10 (2), 1 with 11 (1).
        assert_eq!(pairs(&solution), vec![(1, 11), (2, 10)]);
        assert_eq!(
            reasons(&solution),
            vec![
                (3, UnmatchedReason::PlacesTakenByBetterPairs),
                (4, UnmatchedReason::PlacesTakenByBetterPairs)
            ]
        );
    }

    #[test]
    fn same_solution_whatever_the_input_order() {
        for seed in 1..=20u64 {
            let mut problem = generate(seed * 7919, 30, 12, 3);
            let first = problem.solve();
            let mut rng = Rng(seed);
            for _ in 0..3 {
                rng.shuffle(&mut problem.mentees);
                rng.shuffle(&mut problem.mentors);
                rng.shuffle(&mut problem.places);
                rng.shuffle(&mut problem.forbidden);
                assert_eq!(problem.solve(), first, "seed {seed}");
            }
        }
    }

    #[test]
    fn proposals_carry_their_score_and_the_best_other_mentor() {
        for seed in 1..=20u64 {
            let problem = generate(seed * 104_729, 25, 10, 4);
            let solution = problem.solve();
            check_rules(&problem, &solution);
            assert!(!solution.proposals.is_empty());
            for proposal in &solution.proposals {
                let mentee = problem
                    .mentees
                    .iter()
                    .find(|m| m.user_id == proposal.mentee_id)
                    .unwrap();
                let mentor_of = |id: i64| problem.mentors.iter().find(|m| m.user_id == id).unwrap();
                assert_eq!(
                    proposal.parts,
                    score(&problem.weights, mentee, mentor_of(proposal.mentor_id))
                );
                // The best other allowed mentor, the lowest id on ties.
                let mut others: Vec<(i32, i64)> = problem
                    .mentors
                    .iter()
                    .filter(|m| m.user_id != proposal.mentor_id)
                    .filter(|m| !problem.forbidden.contains(&(mentee.user_id, m.user_id)))
                    .map(|m| (score(&problem.weights, mentee, m).total(), -m.user_id))
                    .collect();
                others.sort_unstable();
                let expected = others.last().map(|&(score, id)| RunnerUp {
                    mentor_id: -id,
                    score,
                    gap: proposal.parts.total() - score,
                });
                assert_eq!(proposal.runner_up, expected);
            }
        }
    }

    #[test]
    fn optimal_against_trying_every_assignment() {
        for seed in 1..=60u64 {
            // Both shapes: fewer and more mentees than places.
            let problem = generate(seed * 15_485_863, 2 + (seed % 5) as usize, 3, 2);
            let solution = problem.solve();
            check_rules(&problem, &solution);
            let total: i64 = solution
                .proposals
                .iter()
                .map(|p| i64::from(p.parts.total()))
                .sum();
            assert_eq!(
                (total, solution.proposals.len()),
                brute_force(&problem),
                "seed {seed}"
            );
        }
    }

    #[test]
    fn fast_totals_equal_the_score() {
        for seed in 1..=10u64 {
            let problem = generate(seed * 31, 20, 15, 1);
            let mentees: Vec<&MenteeProfile> = problem.mentees.iter().collect();
            let mentors: Vec<&MentorProfile> = problem.mentors.iter().collect();
            let scorer = FastScorer::new(&problem.weights, &mentees, &mentors);
            for (i, mentee) in mentees.iter().enumerate() {
                for (j, mentor) in mentors.iter().enumerate() {
                    assert_eq!(
                        scorer.total(i, j),
                        score(&problem.weights, mentee, mentor).total()
                    );
                }
            }
        }
    }
}
