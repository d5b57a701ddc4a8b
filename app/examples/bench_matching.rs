//! The cohort solver's speed on a large program: 1,000 mentees and 300
//! mentors with 3–4 places each, generated deterministically (fixed seed),
//! solved 3 times. Run with `scripts/bench-matching.sh` (release build).

use app::mentors::matching::{
    solve, MatchWeights, MenteeProfile, MentorProfile, MentorSlots, Problem, QuestionWeight,
};
use std::time::{Duration, Instant};

const MENTEES: usize = 1_000;
const MENTORS: usize = 300;
const RUNS: usize = 3;

/// xorshift64: small, fast, and the same sequence on every machine.
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

    /// Lower indexes more often: a few popular choices, a long tail.
    fn skewed(&mut self, n: usize) -> usize {
        self.below(n).min(self.below(n))
    }

    fn pick<'a>(&mut self, from: &[&'a str], count: usize) -> Vec<&'a str> {
        (0..count).map(|_| from[self.skewed(from.len())]).collect()
    }
}

/// Topic spellings as people type them; compared case-insensitively.
fn spelled(rng: &mut Rng, topic: &str) -> String {
    match rng.below(6) {
        0 => topic.to_uppercase(),
        1 => format!(" {topic} "),
        _ => topic.to_owned(),
    }
}

struct Generated {
    weights: MatchWeights,
    mentees: Vec<MenteeProfile>,
    mentors: Vec<MentorProfile>,
    places: Vec<MentorSlots>,
    forbidden: Vec<(i64, i64)>,
}

fn generate() -> Generated {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let tags = [
        "SQL",
        "Python",
        "Rust",
        "Go",
        "Data viz",
        "Statistics",
        "Machine learning",
        "UX",
        "Product management",
        "Leadership",
        "Public speaking",
        "Career change",
        "Kubernetes",
        "DevOps",
        "Security",
        "Frontend",
        "Backend",
        "Mobile",
        "Design systems",
        "Research",
        "Writing",
        "Open source",
        "Startups",
        "Hiring",
        "Negotiation",
        "Accessibility",
        "Testing",
        "Cloud",
        "Databases",
        "Networking",
        "Embedded",
        "Game dev",
        "Finance",
        "Marketing",
        "Sales",
        "Teaching",
        "Mentoring",
        "Remote work",
        "Freelancing",
        "Architecture",
    ];
    // Four choice questions, each with its own options.
    let questions: [(i64, i32, &[&str]); 4] = [
        (11, 10, &tags[0..12]),
        (12, 8, &tags[8..24]),
        (
            13,
            5,
            &[
                "Career growth",
                "First job",
                "Promotion",
                "Switching field",
                "Side project",
            ],
        ),
        (14, 3, &["Weekly", "Every two weeks", "Monthly", "Async"]),
    ];
    let languages = [
        "English",
        "Spanish",
        "French",
        "German",
        "Portuguese",
        "Hindi",
        "Mandarin",
    ];
    let offsets = [
        -480, -420, -360, -300, -240, -180, 0, 60, 120, 180, 240, 330, 480, 540, 600,
    ];
    let offset = |rng: &mut Rng| (rng.below(20) > 0).then(|| offsets[rng.below(offsets.len())]);

    let mentor_ids: Vec<i64> = (0..MENTORS as i64).map(|j| 10_000 + j).collect();
    let mut mentors = Vec::new();
    let mut places = Vec::new();
    for &user_id in &mentor_ids {
        let count = 4 + rng.below(3);
        let mut topics: Vec<String> = rng
            .pick(&tags, count)
            .into_iter()
            .map(|t| spelled(&mut rng, t))
            .collect();
        for (_, _, options) in &questions[..3] {
            let count = 1 + rng.below(2);
            topics.extend(rng.pick(options, count).into_iter().map(str::to_owned));
        }
        let mut spoken = vec!["English"];
        let count = rng.below(2);
        spoken.extend(rng.pick(&languages[1..], count));
        mentors.push(MentorProfile {
            user_id,
            topics,
            languages: spoken.into_iter().map(str::to_owned).collect(),
            utc_offset_minutes: offset(&mut rng),
        });
        places.push(MentorSlots {
            user_id,
            places: 3 + rng.below(2) as u32,
        });
    }

    let mut mentees = Vec::new();
    for i in 0..MENTEES as i64 {
        let answers = questions
            .iter()
            .map(|(id, _, options)| {
                let count = 1 + rng.below(3);
                let values = rng.pick(options, count);
                (
                    *id,
                    values.into_iter().map(|v| spelled(&mut rng, v)).collect(),
                )
            })
            .collect();
        let mut spoken = Vec::new();
        if rng.below(10) > 0 {
            spoken.push("english");
        }
        let count = 1 + rng.below(2);
        spoken.extend(rng.pick(&languages[1..], count));
        let favorites = (0..rng.below(5))
            .map(|_| mentor_ids[rng.skewed(MENTORS)])
            .collect();
        let count = 3 + rng.below(3);
        let expertise = rng
            .pick(&tags, count)
            .into_iter()
            .map(str::to_owned)
            .collect();
        mentees.push(MenteeProfile {
            user_id: 1 + i,
            favorites,
            answers,
            expertise,
            languages: spoken.into_iter().map(str::to_owned).collect(),
            utc_offset_minutes: offset(&mut rng),
        });
    }

    let forbidden = (0..200)
        .map(|_| {
            (
                1 + rng.below(MENTEES) as i64,
                mentor_ids[rng.below(MENTORS)],
            )
        })
        .collect();
    Generated {
        weights: MatchWeights {
            favorite: 30,
            profile_expertise: 5,
            language: 10,
            time_zone: 10,
            questions: questions
                .iter()
                .map(|&(question_id, weight, _)| QuestionWeight {
                    question_id,
                    weight,
                })
                .collect(),
        },
        mentees,
        mentors,
        places,
        forbidden,
    }
}

fn main() {
    let generated = generate();
    let problem = Problem {
        weights: &generated.weights,
        mentees: &generated.mentees,
        mentors: &generated.mentors,
        places: &generated.places,
        forbidden: &generated.forbidden,
    };
    let mut times: Vec<Duration> = Vec::new();
    let mut solution = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let solved = solve(&problem);
        times.push(start.elapsed());
        if let Some(previous) = &solution {
            assert_eq!(previous, &solved, "the same problem gave another solution");
        }
        solution = Some(solved);
    }
    let solution = solution.expect("at least one run");
    times.sort();
    let total: i64 = solution
        .proposals
        .iter()
        .map(|p| i64::from(p.parts.total()))
        .sum();
    let places: u32 = generated.places.iter().map(|s| s.places).sum();
    println!(
        "cohort matching: {} mentees, {} mentors, {places} places: best {:.2} s, median {:.2} s; matched {}, total score {total}",
        generated.mentees.len(),
        generated.mentors.len(),
        times[0].as_secs_f64(),
        times[times.len() / 2].as_secs_f64(),
        solution.proposals.len(),
    );
}
