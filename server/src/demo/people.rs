//! The demo's people: the admin and a dozen members, each with a profile.
//! Their bios are Markdown files in `texts/`.

use super::{text, DEMO_DOMAIN};
use app::{
    accounts::{security, store as accounts, Profile},
    db::Db,
    error::AppError,
};
use chrono::{Duration, NaiveDateTime};
use std::collections::HashMap;

/// Signs up every member of [`PEOPLE`] with the shared password hash, as
/// of the day they joined, with their profile. Returns their ids by key.
pub(super) async fn sign_up_all(
    db: &Db,
    member_hash: &str,
    now: NaiveDateTime,
) -> Result<HashMap<&'static str, i64>, AppError> {
    let ago = |days: i64| now - Duration::days(days);
    let mut ids: HashMap<&'static str, i64> = HashMap::new();
    for person in PEOPLE {
        let joined = ago(person.joined_days_ago);
        // `sign_up` also signs the account in; that session is ended at once
        // (its token was never shown to anyone).
        let (_, token_hash) = security::new_token()?;
        let seed = accounts::SessionSeed {
            token_hash: token_hash.clone(),
            user_agent: String::new(),
            ip_address: String::new(),
        };
        let email = person.email();
        let user =
            accounts::sign_up(db, person.name, &email, member_hash, &seed, true, joined).await?;
        accounts::end_session(db, &token_hash).await?;
        save_profile(db, user.id, person, joined).await?;
        ids.insert(person.key, user.id);
    }
    Ok(ids)
}

pub(super) async fn save_profile(
    db: &Db,
    user_id: i64,
    person: &Person,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    let profile = Profile {
        id: user_id,
        name: person.name.into(),
        headline: person.headline.into(),
        bio: text(person.bio).into(),
        location: person.location.into(),
        time_zone: person.time_zone.into(),
        languages: person.languages.iter().map(|l| (*l).to_owned()).collect(),
        expertise: person.expertise.iter().map(|t| (*t).to_owned()).collect(),
        website_url: String::new(),
        linkedin_url: String::new(),
        member_since: at,
    }
    // The same checks as the profile form, so demo profiles fit the pages.
    .validated()?;
    accounts::save_profile(db, &profile, at).await
}

pub(super) struct Person {
    /// Short name used while seeding; the email is `first.last@` the demo domain.
    pub(super) key: &'static str,
    pub(super) email_local: &'static str,
    pub(super) name: &'static str,
    pub(super) headline: &'static str,
    pub(super) bio: &'static str,
    pub(super) location: &'static str,
    pub(super) time_zone: &'static str,
    pub(super) languages: &'static [&'static str],
    pub(super) expertise: &'static [&'static str],
    pub(super) joined_days_ago: i64,
}

impl Person {
    pub(super) fn email(&self) -> String {
        format!("{}@{DEMO_DOMAIN}", self.email_local)
    }
}

pub(super) const ADMIN: Person = Person {
    key: "admin",
    email_local: "admin",
    name: "Demo Admin",
    headline: "Runs this demo hub",
    bio: include_str!("texts/bio-admin.md"),
    location: "",
    time_zone: "UTC",
    languages: &["English"],
    expertise: &["Community building", "Program design"],
    joined_days_ago: 400,
};

pub(super) const PEOPLE: &[Person] = &[
    Person {
        key: "priya",
        email_local: "priya.raman",
        name: "Priya Raman",
        headline: "Staff engineer, payments infrastructure \u{b7} Rust since 2017",
        bio: include_str!("texts/bio-priya.md"),
        location: "Bengaluru, India",
        time_zone: "Asia/Kolkata",
        languages: &["English", "Tamil", "Hindi"],
        expertise: &[
            "Rust",
            "Distributed systems",
            "Code review",
            "Career growth",
        ],
        joined_days_ago: 370,
    },
    Person {
        key: "tomas",
        email_local: "tomas.herrera",
        name: "Tom\u{e1}s Herrera",
        headline: "Engineering manager for two platform teams",
        bio: include_str!("texts/bio-tomas.md"),
        location: "Madrid, Spain",
        time_zone: "Europe/Madrid",
        languages: &["Spanish", "English", "Catalan"],
        expertise: &[
            "Engineering management",
            "Hiring",
            "Feedback",
            "Public speaking",
        ],
        joined_days_ago: 365,
    },
    Person {
        key: "lena",
        email_local: "lena.fischer",
        name: "Lena Fischer",
        headline: "Data science lead at a public-transport operator",
        bio: include_str!("texts/bio-lena.md"),
        location: "Berlin, Germany",
        time_zone: "Europe/Berlin",
        languages: &["German", "English"],
        expertise: &[
            "Python",
            "Statistics",
            "Machine learning",
            "Data storytelling",
        ],
        joined_days_ago: 300,
    },
    Person {
        key: "kenji",
        email_local: "kenji.watanabe",
        name: "Kenji Watanabe",
        headline: "Site reliability engineer, soon leading the on-call rotation",
        bio: include_str!("texts/bio-kenji.md"),
        location: "Osaka, Japan",
        time_zone: "Asia/Tokyo",
        languages: &["Japanese", "English"],
        expertise: &["Kubernetes", "Observability", "Incident response", "Rust"],
        joined_days_ago: 260,
    },
    Person {
        key: "daniel",
        email_local: "daniel.osei",
        name: "Daniel Osei",
        headline: "Maths teacher moving into data analysis",
        bio: include_str!("texts/bio-daniel.md"),
        location: "Accra, Ghana",
        time_zone: "Africa/Accra",
        languages: &["English", "Twi"],
        expertise: &["SQL", "Python", "Spreadsheets", "Teaching"],
        joined_days_ago: 250,
    },
    Person {
        key: "aisha",
        email_local: "aisha.rahman",
        name: "Aisha Rahman",
        headline: "Web developer returning after a career break",
        bio: include_str!("texts/bio-aisha.md"),
        location: "Toronto, Canada",
        time_zone: "America/Toronto",
        languages: &["English", "Bengali"],
        expertise: &["HTML", "Accessibility", "JavaScript", "Returning to work"],
        joined_days_ago: 245,
    },
    Person {
        key: "amara",
        email_local: "amara.nwosu",
        name: "Amara Nwosu",
        headline: "Principal product designer \u{b7} design systems and accessibility",
        bio: include_str!("texts/bio-amara.md"),
        location: "Lagos, Nigeria",
        time_zone: "Africa/Lagos",
        languages: &["English", "Yoruba", "Igbo"],
        expertise: &[
            "Product design",
            "Design systems",
            "Accessibility",
            "UX research",
        ],
        joined_days_ago: 240,
    },
    Person {
        key: "sofia",
        email_local: "sofia.marquez",
        name: "Sof\u{ed}a M\u{e1}rquez",
        headline: "Junior front-end developer, bootcamp graduate",
        bio: include_str!("texts/bio-sofia.md"),
        location: "Mexico City, Mexico",
        time_zone: "America/Mexico_City",
        languages: &["Spanish", "English"],
        expertise: &["JavaScript", "React", "CSS", "Responsive design"],
        joined_days_ago: 150,
    },
    Person {
        key: "chloe",
        email_local: "chloe.dubois",
        name: "Chlo\u{e9} Dubois",
        headline: "UX designer at a healthcare start-up",
        bio: include_str!("texts/bio-chloe.md"),
        location: "Lyon, France",
        time_zone: "Europe/Paris",
        languages: &["French", "English", "Italian"],
        expertise: &["Figma", "User interviews", "Prototyping", "Service design"],
        joined_days_ago: 120,
    },
    Person {
        key: "hanna",
        email_local: "hanna.kowalska",
        name: "Hanna Kowalska",
        headline: "Computer science student and open-source contributor",
        bio: include_str!("texts/bio-hanna.md"),
        location: "Krak\u{f3}w, Poland",
        time_zone: "Europe/Warsaw",
        languages: &["Polish", "English", "German"],
        expertise: &["Rust", "Algorithms", "Open source", "Linux"],
        joined_days_ago: 90,
    },
    Person {
        key: "marcus",
        email_local: "marcus.bell",
        name: "Marcus Bell",
        headline: "QA engineer growing into software development",
        bio: include_str!("texts/bio-marcus.md"),
        location: "Chicago, United States",
        time_zone: "America/Chicago",
        languages: &["English"],
        expertise: &[
            "Test automation",
            "TypeScript",
            "Quality engineering",
            "Career change",
        ],
        joined_days_ago: 60,
    },
    Person {
        key: "noah",
        email_local: "noah.lindqvist",
        name: "Noah Lindqvist",
        headline: "Junior operations engineer at an online shop",
        bio: include_str!("texts/bio-noah.md"),
        location: "Stockholm, Sweden",
        time_zone: "Europe/Stockholm",
        languages: &["Swedish", "English"],
        expertise: &["Linux", "Terraform", "Bash", "Networking"],
        joined_days_ago: 12,
    },
];
