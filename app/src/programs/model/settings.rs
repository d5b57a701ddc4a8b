//! A program's settings, its address, and who may apply to it.

use super::{Approval, MatchingMode, MembershipStatus, ProgramStatus, Role};
use crate::error::{AppError, FieldErrors};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

pub const MAX_PROGRAM_NAME: usize = 100;
pub const MIN_SLUG: usize = 2;
pub const MAX_SLUG: usize = 60;
pub const MAX_SUMMARY: usize = 300;
pub const MAX_ABOUT: usize = 20_000;
pub const MAX_MENTOR_CAPACITY: i32 = 50;
pub const DEFAULT_COVER_COLOR: &str = "#1f7a4d";
/// Slugs that would clash with pages under `/programs/`.
pub const RESERVED_SLUGS: &[&str] = &["new", "admin", "edit", "join"];

/// What an admin edits on the program settings page. Field names in
/// validation errors are these field names (plus `roles` for "accepts at
/// least one role").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramSettings {
    pub name: String,
    /// The address: `/programs/<slug>`. Lower-case letters, digits, dashes.
    pub slug: String,
    /// One or two sentences for the directory tile.
    pub summary: String,
    /// Markdown: theme, what mentors and mentees commit to, dates.
    pub about_md: String,
    /// `#rrggbb`.
    pub cover_color: String,
    pub status: ProgramStatus,
    /// Unlisted programs stay out of the directory (except for admins) but
    /// open by address and through invitation links.
    pub listed: bool,
    pub accepts_mentors: bool,
    pub accepts_mentees: bool,
    pub approval: Approval,
    pub matching_mode: MatchingMode,
    /// How many mentees a mentor takes unless they say otherwise.
    pub default_mentor_capacity: i32,
    /// Whether a declined member may apply again.
    pub allow_reapply: bool,
}

impl Default for ProgramSettings {
    fn default() -> Self {
        ProgramSettings {
            name: String::new(),
            slug: String::new(),
            summary: String::new(),
            about_md: String::new(),
            cover_color: DEFAULT_COVER_COLOR.into(),
            status: ProgramStatus::Draft,
            listed: true,
            accepts_mentors: true,
            accepts_mentees: true,
            approval: Approval::Manual,
            matching_mode: MatchingMode::AdminMatch,
            default_mentor_capacity: 3,
            allow_reapply: false,
        }
    }
}

impl ProgramSettings {
    /// Trims what nobody means to save; the slug and colour become
    /// lower-case; an empty slug is derived from the name.
    pub fn normalized(mut self) -> Self {
        for value in [
            &mut self.name,
            &mut self.slug,
            &mut self.summary,
            &mut self.cover_color,
        ] {
            *value = value.trim().to_owned();
        }
        self.about_md = self.about_md.trim_end().to_owned();
        self.slug = self.slug.to_ascii_lowercase();
        if self.slug.is_empty() {
            self.slug = slugify(&self.name);
        }
        self.cover_color = self.cover_color.to_ascii_lowercase();
        self
    }

    /// Every problem, each under its field's name.
    pub fn validate(&self) -> Result<(), AppError> {
        let mut errors = FieldErrors::new();
        let name_len = self.name.trim().chars().count();
        if name_len == 0 {
            errors.add("name", "Give the program a name.");
        } else if name_len > MAX_PROGRAM_NAME {
            errors.add(
                "name",
                format!("Keep the name to {MAX_PROGRAM_NAME} characters or fewer."),
            );
        }
        if let Some(problem) = slug_problem(&self.slug) {
            errors.add("slug", problem);
        }
        if self.summary.chars().count() > MAX_SUMMARY {
            errors.add(
                "summary",
                format!("Keep the summary to {MAX_SUMMARY} characters or fewer."),
            );
        }
        if self.about_md.chars().count() > MAX_ABOUT {
            errors.add(
                "about_md",
                format!("Keep the About text to {MAX_ABOUT} characters or fewer."),
            );
        }
        if !crate::hub::is_hex_color(&self.cover_color) {
            errors.add(
                "cover_color",
                "Use a colour in the form #RRGGBB, for example #1f7a4d.",
            );
        }
        if !self.accepts_mentors && !self.accepts_mentees {
            errors.add(
                "roles",
                "Accept mentors, mentees or both: otherwise nobody can join.",
            );
        }
        if !(1..=MAX_MENTOR_CAPACITY).contains(&self.default_mentor_capacity) {
            errors.add(
                "default_mentor_capacity",
                format!("Choose a number from 1 to {MAX_MENTOR_CAPACITY}."),
            );
        }
        errors.into_result()
    }

    pub fn accepts(&self, role: Role) -> bool {
        match role {
            Role::Mentor => self.accepts_mentors,
            Role::Mentee => self.accepts_mentees,
        }
    }

    pub fn accepted_roles(&self) -> Vec<Role> {
        Role::ALL
            .iter()
            .copied()
            .filter(|role| self.accepts(*role))
            .collect()
    }

    /// The cover colour if it is safe to put into a style sheet.
    pub fn safe_cover_color(&self) -> &str {
        if crate::hub::is_hex_color(&self.cover_color) {
            &self.cover_color
        } else {
            DEFAULT_COVER_COLOR
        }
    }
}

/// Why `slug` cannot be a program's address, if it cannot.
pub fn slug_problem(slug: &str) -> Option<String> {
    let length = slug.chars().count();
    if !(MIN_SLUG..=MAX_SLUG).contains(&length) {
        return Some(format!(
            "Use {MIN_SLUG} to {MAX_SLUG} characters for the address."
        ));
    }
    let allowed = slug
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !allowed || slug.starts_with('-') || slug.ends_with('-') || slug.contains("--") {
        return Some(
            "Use lower-case letters, digits and single dashes, for example spring-2027.".into(),
        );
    }
    if RESERVED_SLUGS.contains(&slug) {
        return Some("This address is reserved. Choose another.".into());
    }
    None
}

/// A slug suggested from a program's name: "Women in Tech — Spring 2027"
/// becomes `women-in-tech-spring-2027`.
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let ascii = match c {
            'a'..='z' | '0'..='9' => Some(c.to_string()),
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => Some("a".into()),
            'ç' => Some("c".into()),
            'è' | 'é' | 'ê' | 'ë' => Some("e".into()),
            'ì' | 'í' | 'î' | 'ï' => Some("i".into()),
            'ñ' => Some("n".into()),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => Some("o".into()),
            'ù' | 'ú' | 'û' | 'ü' => Some("u".into()),
            'ý' | 'ÿ' => Some("y".into()),
            'ß' => Some("ss".into()),
            'æ' => Some("ae".into()),
            'œ' => Some("oe".into()),
            _ => None,
        };
        match ascii {
            Some(text) => slug.push_str(&text),
            None if !slug.is_empty() && !slug.ends_with('-') => slug.push('-'),
            None => {}
        }
    }
    let mut slug: String = slug.chars().take(MAX_SLUG).collect();
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// The program's page.
pub fn program_path(slug: &str) -> String {
    format!("/programs/{slug}")
}

/// The page an invitation link opens.
pub fn join_path(token: &str) -> String {
    format!("/join/{token}")
}

/// A program as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Program {
    pub id: i64,
    pub settings: ProgramSettings,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Program {
    pub fn path(&self) -> String {
        program_path(&self.settings.slug)
    }

    pub fn accepts(&self, role: Role) -> bool {
        self.settings.accepts(role)
    }

    /// Why nobody can apply to this program right now, if so. Closed
    /// programs still take people who hold an invitation link.
    pub fn join_refusal(&self, via_invitation: bool) -> Option<&'static str> {
        match self.settings.status {
            ProgramStatus::Draft => Some("This program is not open yet."),
            ProgramStatus::Archived => Some("This program has ended and takes no new members."),
            ProgramStatus::Closed if !via_invitation => {
                Some("This program is closed to new members.")
            }
            ProgramStatus::Closed | ProgramStatus::Open => None,
        }
    }
}

/// Why this member may not apply to `program` now, if so, given their
/// membership row's status (`None`: never applied). A declined member may
/// apply again when the program allows it or through an invitation link; a
/// removed member only through an invitation link.
pub fn application_refusal(
    program: &Program,
    existing: Option<MembershipStatus>,
    via_invitation: bool,
) -> Option<&'static str> {
    if let Some(refusal) = program.join_refusal(via_invitation) {
        return Some(refusal);
    }
    match existing {
        None | Some(MembershipStatus::Withdrawn) | Some(MembershipStatus::Left) => None,
        Some(MembershipStatus::Pending) => Some("You have already applied to this program."),
        Some(MembershipStatus::Approved) => Some("You are already a member of this program."),
        Some(MembershipStatus::Declined) => (!program.settings.allow_reapply && !via_invitation)
            .then_some("Your application was declined, and this program does not take new applications from you."),
        Some(MembershipStatus::Removed) => (!via_invitation).then_some(
            "An admin removed you from this program. Ask them for an invitation link to rejoin.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid_settings() -> ProgramSettings {
        ProgramSettings {
            name: "Spring Mentoring".into(),
            slug: "spring-2027".into(),
            ..ProgramSettings::default()
        }
    }

    #[test]
    fn settings_report_each_problem_under_its_field() {
        valid_settings().validate().unwrap();
        let error = ProgramSettings {
            name: " ".into(),
            slug: "Spring 2027".into(),
            cover_color: "green".into(),
            accepts_mentors: false,
            accepts_mentees: false,
            default_mentor_capacity: 0,
            summary: "x".repeat(MAX_SUMMARY + 1),
            ..valid_settings()
        }
        .validate()
        .unwrap_err();
        assert_eq!(error.field("name").unwrap(), "Give the program a name.");
        assert!(error.field("slug").unwrap().contains("lower-case"));
        assert!(error.field("cover_color").unwrap().contains("#RRGGBB"));
        assert!(error.field("roles").unwrap().contains("nobody can join"));
        assert!(error.field("default_mentor_capacity").is_some());
        assert!(error.field("summary").unwrap().contains("300"));
        assert_eq!(error.field("about_md"), None);
    }

    #[test]
    fn normalizing_trims_lowercases_and_derives_a_missing_slug() {
        let settings = ProgramSettings {
            name: "  Women in Tech — Spring 2027 ".into(),
            slug: " ".into(),
            cover_color: "#ABCDEF".into(),
            ..ProgramSettings::default()
        }
        .normalized();
        assert_eq!(settings.name, "Women in Tech — Spring 2027");
        assert_eq!(settings.slug, "women-in-tech-spring-2027");
        assert_eq!(settings.cover_color, "#abcdef");
        settings.validate().unwrap();
        assert_eq!(slugify("Café & Crème Brûlée!"), "cafe-creme-brulee");
        assert_eq!(slugify("---"), "");
        assert!(slug_problem("new").unwrap().contains("reserved"));
        assert!(slug_problem("a--b").is_some());
        assert!(slug_problem("-ab").is_some());
        assert!(slug_problem(&"a".repeat(MAX_SLUG + 1)).is_some());
        assert_eq!(slug_problem("ab-2"), None);
    }

    #[test]
    fn who_may_apply_again() {
        let mut program = Program {
            id: 1,
            settings: ProgramSettings {
                status: ProgramStatus::Open,
                ..valid_settings()
            },
            created_by: 1,
            created_at: NaiveDateTime::default(),
            updated_at: NaiveDateTime::default(),
        };
        use MembershipStatus::*;
        assert_eq!(application_refusal(&program, None, false), None);
        assert_eq!(application_refusal(&program, Some(Withdrawn), false), None);
        assert_eq!(application_refusal(&program, Some(Left), false), None);
        assert!(application_refusal(&program, Some(Declined), false).is_some());
        assert_eq!(application_refusal(&program, Some(Declined), true), None);
        assert!(application_refusal(&program, Some(Removed), false).is_some());
        assert_eq!(application_refusal(&program, Some(Removed), true), None);
        program.settings.allow_reapply = true;
        assert_eq!(application_refusal(&program, Some(Declined), false), None);
        program.settings.status = ProgramStatus::Closed;
        assert!(application_refusal(&program, None, false).is_some());
        assert_eq!(application_refusal(&program, None, true), None);
        program.settings.status = ProgramStatus::Archived;
        assert!(application_refusal(&program, None, true).is_some());
    }
}
