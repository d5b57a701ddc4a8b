//! Mentoring programs: settings, program admins, registration questions,
//! applications and memberships, invitation links.
//!
//! This file holds the wire types and the rules shared by server and client
//! (validation, who may see and join what); `store` (server only) holds the
//! queries. The rules are enforced again on the server: what the client
//! checks is only there to answer sooner.
//!
//! One `memberships` row per program and member carries the whole story:
//! `pending` (applied, waiting for an admin) → `approved` (a member) or
//! `declined`; a member may `withdraw` a pending application or `leave`; an
//! admin may `remove` a member. Applying again reuses the row.

pub mod admin;
pub mod api;
pub mod directory;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod guard;
pub mod home;
pub mod invitation;
pub mod questions_view;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod store;

use crate::error::{AppError, FieldErrors};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An enum stored as text: `as_str` is what the database holds (and what
/// serde and form posts use), `parse` reads it back, `label` is for people.
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident => $text:literal, $label:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $(#[$variant_meta])* $variant, )+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            pub fn parse(value: &str) -> Option<$name> {
                match value {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }

            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }
        }
    };
}

text_enum! {
    /// The role a member joins a program in.
    Role {
        Mentor => "mentor", "Mentor";
        Mentee => "mentee", "Mentee";
    }
}

text_enum! {
    ProgramStatus {
        /// Being prepared: only admins see it.
        Draft => "draft", "Draft";
        /// Takes new members.
        Open => "open", "Open";
        /// Visible, but takes new members only through an invitation link.
        Closed => "closed", "Closed to new members";
        /// Over: visible to its members, takes nobody new.
        Archived => "archived", "Archived";
    }
}

text_enum! {
    /// How an application becomes a membership.
    Approval {
        Manual => "manual", "An admin approves each member";
        Automatic => "automatic", "Everyone who applies is approved at once";
    }
}

text_enum! {
    /// How mentors and mentees are paired (used by the mentors tab).
    MatchingMode {
        AdminMatch => "admin_match", "Admins match mentors and mentees";
        MenteeFavorites => "mentee_favorites", "Mentees mark favorite mentors, admins match";
        MenteeRequests => "mentee_requests", "Mentees request a mentor, mentors accept";
    }
}

text_enum! {
    QuestionKind {
        ShortText => "short_text", "Short text";
        LongText => "long_text", "Long text";
        SingleChoice => "single_choice", "Single choice";
        MultipleChoice => "multiple_choice", "Multiple choice";
        YesNo => "yes_no", "Yes or no";
        Number => "number", "Number";
    }
}

text_enum! {
    MembershipStatus {
        /// Applied; waiting for an admin.
        Pending => "pending", "Pending approval";
        Approved => "approved", "Member";
        Declined => "declined", "Declined";
        /// The member took back a pending application.
        Withdrawn => "withdrawn", "Withdrawn";
        /// The member left after being approved.
        Left => "left", "Left";
        /// An admin removed the member.
        Removed => "removed", "Removed";
    }
}

text_enum! {
    /// Whether an invitation link can still be used.
    InvitationState {
        Active => "active", "Active";
        Expired => "expired", "Expired";
        Revoked => "revoked", "Revoked";
        UsedUp => "used_up", "Used up";
    }
}

impl QuestionKind {
    pub fn has_options(self) -> bool {
        matches!(
            self,
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice
        )
    }
}

impl MembershipStatus {
    /// Pending or approved: the member is in the program or on the way in.
    pub fn is_active(self) -> bool {
        matches!(self, MembershipStatus::Pending | MembershipStatus::Approved)
    }
}

// ---------------------------------------------------------------------------
// Program settings
// ---------------------------------------------------------------------------

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

/// A program in the directory, with what the viewer needs to see on its tile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramTile {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub cover_color: String,
    pub status: ProgramStatus,
    pub listed: bool,
    pub accepts_mentors: bool,
    pub accepts_mentees: bool,
    /// Approved members by role.
    pub mentor_count: i64,
    pub mentee_count: i64,
    /// Pending applications; only filled in for the program's admins (0
    /// for everyone else).
    pub pending_count: i64,
    /// The viewer's own application or membership, whatever its status.
    pub my_membership: Option<MyMembership>,
    /// The viewer may manage this program (hub admin or program admin).
    pub can_manage: bool,
}

/// The directory's search box and "my programs" filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryQuery {
    /// Matched against name and summary, ignoring case.
    pub search: String,
    /// Only programs the viewer is in (pending or approved) or manages.
    pub mine: bool,
}

/// A member's own application or membership in one program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyMembership {
    pub id: i64,
    pub role: Role,
    pub status: MembershipStatus,
    pub applied_at: NaiveDateTime,
    /// When the member was approved (if they ever were).
    pub joined_at: Option<NaiveDateTime>,
    pub decided_at: Option<NaiveDateTime>,
    /// The admin's message with a decline, if any.
    pub decision_message: Option<String>,
}

/// What the viewer may do in one program; the guards of the program's
/// server functions. The default is a visitor's: nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramAccess {
    pub is_hub_admin: bool,
    pub is_program_admin: bool,
    pub membership: Option<MyMembership>,
}

impl ProgramAccess {
    /// Settings, questions, applications, members, invitations.
    pub fn can_manage(&self) -> bool {
        self.is_hub_admin || self.is_program_admin
    }

    /// Approved in the program, as mentor or mentee.
    pub fn is_member(&self) -> bool {
        self.membership
            .as_ref()
            .is_some_and(|m| m.status == MembershipStatus::Approved)
    }

    /// Discussion, Resources, Events, Mentors.
    pub fn can_open_member_tabs(&self) -> bool {
        self.is_member() || self.can_manage()
    }

    /// The program's page (About): drafts only for admins; unlisted
    /// programs open by address for every member.
    pub fn can_view(&self, program: &Program) -> bool {
        self.can_manage() || program.settings.status != ProgramStatus::Draft
    }
}

/// A member named to manage one program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramAdmin {
    pub user_id: i64,
    pub name: String,
    pub email: String,
}

// ---------------------------------------------------------------------------
// Registration questions and answers
// ---------------------------------------------------------------------------

pub const MAX_PROMPT: usize = 500;
pub const MAX_HELP_TEXT: usize = 1_000;
pub const MAX_OPTIONS: usize = 30;
pub const MAX_OPTION: usize = 200;
/// Questions per program and role.
pub const MAX_QUESTIONS: i64 = 100;
pub const MAX_SHORT_ANSWER: usize = 300;
pub const MAX_LONG_ANSWER: usize = 5_000;
pub const MAX_NUMBER_ANSWER: usize = 30;

/// A registration question as the form builder writes it. Field names in
/// validation errors: `role`, `kind`, `prompt`, `help_text`, `options`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionDraft {
    pub role: Role,
    pub kind: QuestionKind,
    pub prompt: String,
    pub help_text: String,
    pub required: bool,
    /// The choices of a choice question, in order; ignored for other kinds.
    pub options: Vec<String>,
}

impl QuestionDraft {
    pub fn normalized(mut self) -> Self {
        self.prompt = self.prompt.trim().to_owned();
        self.help_text = self.help_text.trim().to_owned();
        self.options = if self.kind.has_options() {
            self.options
                .iter()
                .map(|option| one_line(option))
                .filter(|option| !option.is_empty())
                .collect()
        } else {
            Vec::new()
        };
        self
    }

    pub fn validate(&self) -> Result<(), AppError> {
        let mut errors = FieldErrors::new();
        let prompt_len = self.prompt.trim().chars().count();
        if prompt_len == 0 {
            errors.add("prompt", "Write the question.");
        } else if prompt_len > MAX_PROMPT {
            errors.add(
                "prompt",
                format!("Keep the question to {MAX_PROMPT} characters or fewer."),
            );
        }
        if self.help_text.chars().count() > MAX_HELP_TEXT {
            errors.add(
                "help_text",
                format!("Keep the help text to {MAX_HELP_TEXT} characters or fewer."),
            );
        }
        if self.kind.has_options() {
            let options: Vec<&String> = self.options.iter().filter(|o| !o.is_empty()).collect();
            let mut seen = std::collections::BTreeSet::new();
            if options.len() < 2 {
                errors.add("options", "Give at least two choices, one per line.");
            } else if options.len() > MAX_OPTIONS {
                errors.add("options", format!("Give at most {MAX_OPTIONS} choices."));
            } else if options.iter().any(|o| o.chars().count() > MAX_OPTION) {
                errors.add(
                    "options",
                    format!("Keep each choice to {MAX_OPTION} characters or fewer."),
                );
            } else if !options.iter().all(|o| seen.insert(o.to_lowercase())) {
                errors.add("options", "Each choice must be different.");
            }
        }
        errors.into_result()
    }
}

/// The choices typed into a text area, one per line.
pub fn options_from_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(one_line)
        .filter(|line| !line.is_empty())
        .collect()
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A registration question as stored (never a deleted one, unless said).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: i64,
    pub program_id: i64,
    pub role: Role,
    /// 1, 2, 3... within the program and role.
    pub position: i32,
    pub kind: QuestionKind,
    pub prompt: String,
    pub help_text: String,
    pub required: bool,
    pub options: Vec<String>,
}

impl Question {
    /// The form field (and validation error key) of this question's answer.
    pub fn field(&self) -> String {
        question_field(self.id)
    }
}

/// `q-<id>`: the form field of question `id`'s answer.
pub fn question_field(id: i64) -> String {
    format!("q-{id}")
}

/// The question id in a `q-<id>` field name.
pub fn question_id_from_field(field: &str) -> Option<i64> {
    field.strip_prefix("q-")?.parse().ok()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Move {
    Up,
    Down,
}

/// Answers by question id. A multiple-choice answer holds the chosen
/// options one per line (that is also how it is stored).
pub type Answers = BTreeMap<i64, String>;

/// Answers from posted form fields: `q-<id>` fields are kept, a field posted
/// several times (multiple-choice check boxes) becomes one value per line,
/// anything else is ignored.
pub fn answers_from_form<K, V>(fields: impl IntoIterator<Item = (K, V)>) -> Answers
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut answers = Answers::new();
    for (field, value) in fields {
        if let Some(id) = question_id_from_field(field.as_ref()) {
            answers
                .entry(id)
                .and_modify(|existing| {
                    existing.push('\n');
                    existing.push_str(value.as_ref());
                })
                .or_insert_with(|| value.as_ref().to_owned());
        }
    }
    answers
}

/// The chosen options of a stored multiple-choice answer (or the one value
/// of any other answer).
pub fn answer_values(value: &str) -> Vec<&str> {
    value.lines().filter(|line| !line.is_empty()).collect()
}

/// Checks `answers` against `questions` (the live questions of the role
/// applied for) and returns what to store: `(question id, value)` for each
/// question answered, in question order. Unanswered optional questions are
/// left out; answers to other questions are ignored. Problems are reported
/// under `q-<id>`, with every submitted answer echoed back so that a
/// refused form keeps what was typed.
pub fn validate_answers(
    questions: &[Question],
    answers: &Answers,
) -> Result<Vec<(i64, String)>, AppError> {
    let mut errors = FieldErrors::new();
    let mut values = Vec::new();
    for question in questions {
        let given = answers.get(&question.id).map(String::as_str).unwrap_or("");
        match normalize_answer(question, given) {
            Ok(value) if value.is_empty() => {
                if question.required {
                    errors.add(&question.field(), required_message(question.kind));
                }
            }
            Ok(value) => values.push((question.id, value)),
            Err(message) => errors.add(&question.field(), message),
        }
    }
    if errors.is_empty() {
        return Ok(values);
    }
    for (id, value) in answers {
        errors = errors.keep(&question_field(*id), value);
    }
    Err(AppError::Validation(errors))
}

fn required_message(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::SingleChoice | QuestionKind::YesNo => {
            "Choose an answer: this question is required."
        }
        QuestionKind::MultipleChoice => "Choose at least one answer: this question is required.",
        _ => "Answer this question: it is required.",
    }
}

/// One answer in its stored form ("" when not answered), or what is wrong.
fn normalize_answer(question: &Question, given: &str) -> Result<String, String> {
    let too_long = |max: usize| format!("Keep the answer to {max} characters or fewer.");
    match question.kind {
        QuestionKind::ShortText => {
            let value = one_line(given);
            if value.chars().count() > MAX_SHORT_ANSWER {
                return Err(too_long(MAX_SHORT_ANSWER));
            }
            Ok(value)
        }
        QuestionKind::LongText => {
            let value = given.trim().replace("\r\n", "\n");
            if value.chars().count() > MAX_LONG_ANSWER {
                return Err(too_long(MAX_LONG_ANSWER));
            }
            Ok(value)
        }
        QuestionKind::SingleChoice => {
            let value = one_line(given);
            if value.is_empty() || question.options.contains(&value) {
                Ok(value)
            } else {
                Err("Choose one of the listed answers.".into())
            }
        }
        QuestionKind::MultipleChoice => {
            let chosen: Vec<String> = given
                .lines()
                .map(one_line)
                .filter(|value| !value.is_empty())
                .collect();
            if let Some(unknown) = chosen.iter().find(|c| !question.options.contains(c)) {
                return Err(format!(
                    "\u{201c}{unknown}\u{201d} is not one of the choices."
                ));
            }
            // Stored in the question's order, each once.
            let ordered: Vec<&str> = question
                .options
                .iter()
                .filter(|option| chosen.contains(option))
                .map(String::as_str)
                .collect();
            Ok(ordered.join("\n"))
        }
        QuestionKind::YesNo => match given.trim().to_ascii_lowercase().as_str() {
            "" => Ok(String::new()),
            "yes" => Ok("yes".into()),
            "no" => Ok("no".into()),
            _ => Err("Answer yes or no.".into()),
        },
        QuestionKind::Number => {
            let value = given.trim();
            if value.is_empty() {
                return Ok(String::new());
            }
            match value.parse::<f64>() {
                Ok(parsed) if parsed.is_finite() && value.len() <= MAX_NUMBER_ANSWER => {
                    Ok(value.to_owned())
                }
                _ => Err("Enter a number, for example 3 or 2.5.".into()),
            }
        }
    }
}

/// What a member submits to join: the role, the answers to that role's
/// questions and, when they came through a link, its token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationForm {
    pub role: Role,
    pub answers: Answers,
    pub invitation_token: Option<String>,
}

/// The result of submitting an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitOutcome {
    pub membership_id: i64,
    pub role: Role,
    /// `Pending` (an admin decides) or `Approved` (automatic approval or an
    /// auto-approving invitation).
    pub status: MembershipStatus,
    /// The member had already applied or joined (a double click, a retry):
    /// nothing was changed and this is the existing state.
    pub already_applied: bool,
}

/// An admin's decision on pending applications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    Approve,
    /// With an optional message for the applicant (empty: none).
    Decline {
        message: String,
    },
}

pub const MAX_DECISION_MESSAGE: usize = 2_000;

impl Decision {
    /// The decline message, trimmed, if there is one.
    pub fn message(&self) -> Option<&str> {
        match self {
            Decision::Decline { message } => Some(message.trim()).filter(|m| !m.is_empty()),
            Decision::Approve => None,
        }
    }

    /// A decline message too long to send is reported under `message`.
    pub fn validate(&self) -> Result<(), AppError> {
        match self.message() {
            Some(message) if message.chars().count() > MAX_DECISION_MESSAGE => {
                Err(AppError::validation(
                    "message",
                    format!("Keep the message to {MAX_DECISION_MESSAGE} characters or fewer."),
                ))
            }
            _ => Ok(()),
        }
    }
}

/// One member (or applicant) of a program, for the applications queue, the
/// members list and its CSV export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRecord {
    pub membership_id: i64,
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub headline: String,
    pub role: Role,
    pub status: MembershipStatus,
    pub applied_at: NaiveDateTime,
    pub joined_at: Option<NaiveDateTime>,
    pub decided_at: Option<NaiveDateTime>,
    /// Who made the last decision; `None` with a `decided_at` is an
    /// automatic approval.
    pub decided_by_name: Option<String>,
    pub decision_message: Option<String>,
    pub via_invitation: bool,
    /// In the order of the form; answers to deleted questions last.
    pub answers: Vec<GivenAnswer>,
}

/// An answer as given, with the question as it was asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GivenAnswer {
    pub question_id: i64,
    /// The prompt when the answer was given (the question may have been
    /// edited or deleted since).
    pub prompt: String,
    pub kind: QuestionKind,
    /// Multiple choices one per line, see [`answer_values`].
    pub value: String,
    pub question_deleted: bool,
}

// ---------------------------------------------------------------------------
// Invitation links
// ---------------------------------------------------------------------------

pub const MAX_INVITATION_USES: i32 = 10_000;

/// What an admin chooses when creating a link. Field names in validation
/// errors: `role`, `expires_at`, `max_uses`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationDraft {
    /// The role the link joins as; `None` lets the member choose.
    pub role: Option<Role>,
    /// Approve on submit, whatever the program's approval setting.
    pub auto_approve: bool,
    pub expires_at: Option<NaiveDateTime>,
    pub max_uses: Option<i32>,
}

impl InvitationDraft {
    pub fn validate(&self, program: &Program, now: NaiveDateTime) -> Result<(), AppError> {
        let mut errors = FieldErrors::new();
        if let Some(role) = self.role {
            if !program.accepts(role) {
                errors.add(
                    "role",
                    format!(
                        "This program does not take {}s.",
                        role.label().to_lowercase()
                    ),
                );
            }
        }
        if self.expires_at.is_some_and(|at| at <= now) {
            errors.add("expires_at", "Choose a time in the future.");
        }
        if self
            .max_uses
            .is_some_and(|uses| !(1..=MAX_INVITATION_USES).contains(&uses))
        {
            errors.add(
                "max_uses",
                format!("Choose a number from 1 to {MAX_INVITATION_USES}, or no limit."),
            );
        }
        errors.into_result()
    }
}

impl InvitationState {
    /// Revoked beats expired beats used up.
    pub fn of(
        revoked_at: Option<NaiveDateTime>,
        expires_at: Option<NaiveDateTime>,
        max_uses: Option<i32>,
        uses: i32,
        now: NaiveDateTime,
    ) -> InvitationState {
        if revoked_at.is_some() {
            InvitationState::Revoked
        } else if expires_at.is_some_and(|at| at <= now) {
            InvitationState::Expired
        } else if max_uses.is_some_and(|max| uses >= max) {
            InvitationState::UsedUp
        } else {
            InvitationState::Active
        }
    }

    /// What a visitor holding an unusable link is told.
    pub fn problem(self) -> Option<&'static str> {
        match self {
            InvitationState::Active => None,
            InvitationState::Expired => Some("This invitation link has expired. Ask the program's admins for a new one."),
            InvitationState::Revoked => Some("This invitation link was withdrawn by the program's admins."),
            InvitationState::UsedUp => Some("This invitation link has been used as many times as it allows. Ask the program's admins for a new one."),
        }
    }
}

/// An invitation link as its program's admins see it (never the token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub id: i64,
    pub program_id: i64,
    pub role: Option<Role>,
    pub auto_approve: bool,
    pub expires_at: Option<NaiveDateTime>,
    pub max_uses: Option<i32>,
    pub uses: i32,
    pub revoked_at: Option<NaiveDateTime>,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    /// As of the time it was read.
    pub state: InvitationState,
}

/// A new link: the token is shown this once (only its hash is stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedInvitation {
    pub invitation: Invitation,
    pub token: String,
}

/// What `/join/<token>` opens: the link and its program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationLink {
    pub invitation: Invitation,
    pub program: Program,
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

    fn question(id: i64, kind: QuestionKind, required: bool, options: &[&str]) -> Question {
        Question {
            id,
            program_id: 1,
            role: Role::Mentee,
            position: id as i32,
            kind,
            prompt: format!("Question {id}"),
            help_text: String::new(),
            required,
            options: options.iter().map(|o| o.to_string()).collect(),
        }
    }

    #[test]
    fn enums_round_trip_through_their_text_and_serde() {
        for kind in QuestionKind::ALL {
            assert_eq!(QuestionKind::parse(kind.as_str()), Some(*kind));
            assert_eq!(
                serde_json::to_string(kind).unwrap(),
                format!("\"{}\"", kind.as_str())
            );
        }
        for status in MembershipStatus::ALL {
            assert_eq!(MembershipStatus::parse(status.as_str()), Some(*status));
        }
        assert_eq!(
            MatchingMode::parse("mentee_requests"),
            Some(MatchingMode::MenteeRequests)
        );
        assert_eq!(ProgramStatus::parse("Open"), None);
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
    fn choice_questions_need_two_distinct_options_and_others_drop_theirs() {
        let draft = QuestionDraft {
            role: Role::Mentee,
            kind: QuestionKind::SingleChoice,
            prompt: "Which track?".into(),
            help_text: String::new(),
            required: true,
            options: options_from_lines("Backend\n\n  Frontend  \nbackend\n"),
        }
        .normalized();
        assert_eq!(draft.options, vec!["Backend", "Frontend", "backend"]);
        assert_eq!(
            draft.validate().unwrap_err().field("options").unwrap(),
            "Each choice must be different."
        );
        let one = QuestionDraft {
            options: vec!["Only".into()],
            ..draft.clone()
        };
        assert!(one.validate().unwrap_err().field("options").is_some());
        let text = QuestionDraft {
            kind: QuestionKind::LongText,
            prompt: "  ".into(),
            ..draft
        }
        .normalized();
        assert!(text.options.is_empty());
        assert_eq!(
            text.validate().unwrap_err().field("prompt").unwrap(),
            "Write the question."
        );
    }

    #[test]
    fn answers_are_checked_per_kind_and_keyed_by_question_field() {
        let questions = vec![
            question(1, QuestionKind::ShortText, true, &[]),
            question(2, QuestionKind::SingleChoice, false, &["Red", "Blue"]),
            question(3, QuestionKind::MultipleChoice, true, &["A", "B", "C"]),
            question(4, QuestionKind::YesNo, false, &[]),
            question(5, QuestionKind::Number, false, &[]),
            question(6, QuestionKind::LongText, false, &[]),
        ];
        let answers = answers_from_form([
            ("q-1", "  "),
            ("q-2", "Green"),
            ("q-3", "C"),
            ("q-3", "A"),
            ("q-4", "maybe"),
            ("q-5", "lots"),
            ("role", "mentee"),
        ]);
        assert_eq!(answers.get(&3).unwrap(), "C\nA");
        let error = validate_answers(&questions, &answers).unwrap_err();
        assert!(error.field("q-1").unwrap().contains("required"));
        assert_eq!(
            error.field("q-2").unwrap(),
            "Choose one of the listed answers."
        );
        assert_eq!(error.field("q-3"), None);
        assert_eq!(error.field("q-4").unwrap(), "Answer yes or no.");
        assert!(error.field("q-5").unwrap().contains("number"));
        assert_eq!(error.field("q-6"), None);
        // What was typed comes back with the error.
        assert_eq!(error.submitted("q-2").unwrap(), "Green");

        let fine = answers_from_form([
            ("q-1", " Ada  Lovelace "),
            ("q-3", "C"),
            ("q-3", "A"),
            ("q-3", "C"),
            ("q-4", "YES"),
            ("q-5", " 2.5 "),
            ("q-99", "not a question of this form"),
        ]);
        assert_eq!(
            validate_answers(&questions, &fine).unwrap(),
            vec![
                (1, "Ada Lovelace".to_owned()),
                (3, "A\nC".to_owned()),
                (4, "yes".to_owned()),
                (5, "2.5".to_owned()),
            ]
        );
        let missing = validate_answers(&questions, &Answers::new()).unwrap_err();
        assert!(missing.field("q-3").unwrap().contains("at least one"));
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

    #[test]
    fn invitation_state_names_the_first_reason_it_cannot_be_used() {
        let now = chrono::DateTime::from_timestamp(2_000_000_000, 0)
            .unwrap()
            .naive_utc();
        let hour = chrono::Duration::hours(1);
        assert_eq!(
            InvitationState::of(None, None, None, 5, now),
            InvitationState::Active
        );
        assert_eq!(
            InvitationState::of(None, Some(now + hour), Some(2), 1, now),
            InvitationState::Active
        );
        assert_eq!(
            InvitationState::of(None, Some(now), None, 0, now),
            InvitationState::Expired
        );
        assert_eq!(
            InvitationState::of(None, None, Some(2), 2, now),
            InvitationState::UsedUp
        );
        assert_eq!(
            InvitationState::of(Some(now), Some(now - hour), Some(1), 1, now),
            InvitationState::Revoked
        );
        assert!(InvitationState::Expired
            .problem()
            .unwrap()
            .contains("expired"));
    }

    #[test]
    fn decision_emails_name_the_program_and_carry_the_message_escaped() {
        let approved = crate::email::templates::application_approved(
            "Acme Mentoring",
            "ada@example.org",
            "Ada",
            "Spring <2027>",
            "https://hub.example.org/programs/spring-2027",
        );
        assert_eq!(approved.to, "ada@example.org");
        assert!(approved.subject.contains("Spring <2027>"));
        assert!(approved.html_body.contains("Spring &lt;2027&gt;"));
        assert!(approved
            .text_body
            .contains("\nhttps://hub.example.org/programs/spring-2027\n"));
        let declined = crate::email::templates::application_declined(
            "Acme Mentoring",
            "ada@example.org",
            "Ada",
            "Spring",
            Some("Full this round <b>sorry</b>"),
            true,
            "https://hub.example.org/programs/spring",
        );
        assert!(declined.text_body.contains("Full this round <b>sorry</b>"));
        assert!(declined
            .html_body
            .contains("Full this round &lt;b&gt;sorry&lt;/b&gt;"));
        assert!(declined.text_body.contains("apply again"));
        let final_no = crate::email::templates::application_declined(
            "Acme Mentoring",
            "ada@example.org",
            "Ada",
            "Spring",
            None,
            false,
            "https://hub.example.org/programs/spring",
        );
        assert!(!final_no.text_body.contains("apply again"));
        assert!(!final_no.text_body.contains("message from"));
    }
}
