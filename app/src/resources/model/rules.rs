//! What a resource may hold, and the check of an admin's resource form.

use super::ResourceKind;
use serde::{Deserialize, Serialize};

pub const TITLE_MIN: usize = 3;
pub const TITLE_MAX: usize = 120;
pub const SUMMARY_MAX: usize = 300;
pub const URL_MAX: usize = 2_000;
pub const BODY_MAX: usize = 50_000;
pub const SECTION_TITLE_MAX: usize = 80;
pub const SECTIONS_MAX: usize = 30;
/// The most resources one library holds (its page lists them all).
pub const RESOURCES_MAX: i64 = 500;
/// Visits closer than this to the last one are the same visit: what was
/// new stays marked while the member browses.
pub const VISIT_GAP_MINUTES: i64 = 60;
/// A visit is recorded at most this often (reloads within it write
/// nothing).
pub const VISIT_WRITE_MINUTES: i64 = 1;

/// The resource form as an admin sends it, every value as typed, so a
/// refused form comes back as it was (the file is chosen again).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceDraft {
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub body: String,
    /// A section's id, or empty for none.
    #[serde(default)]
    pub section: String,
    #[serde(default)]
    pub audience: String,
    /// A check box: present when ticked.
    #[serde(default)]
    pub pinned: Option<String>,
}

impl ResourceDraft {
    /// The values a refused form keeps (all of them: nothing is secret).
    pub fn fields(&self) -> [(&'static str, &str); 7] {
        [
            ("kind", &self.kind),
            ("title", &self.title),
            ("summary", &self.summary),
            ("url", &self.url),
            ("body", &self.body),
            ("section", &self.section),
            ("audience", &self.audience),
        ]
    }

    pub fn kind(&self) -> ResourceKind {
        ResourceKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.as_str() == self.kind)
            .unwrap_or_default()
    }
}

#[cfg(feature = "ssr")]
pub use checked::*;

#[cfg(feature = "ssr")]
mod checked {
    use super::*;
    use crate::error::{AppError, FieldErrors};
    use crate::programs::Audience;

    /// A resource form that passed every check.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ValidResource {
        pub kind: ResourceKind,
        pub title: String,
        pub summary: String,
        pub url: String,
        pub body_md: String,
        pub section_id: Option<i64>,
        pub audience: Audience,
        pub pinned: bool,
    }

    fn chars(text: &str) -> usize {
        text.chars().count()
    }

    fn one_line(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Checks a resource form. `program` says whether the library is a
    /// program's (only there may the audience be narrowed); `sections`
    /// are the library's sections' ids.
    pub fn validate_resource(
        draft: &ResourceDraft,
        program: bool,
        sections: &[i64],
    ) -> Result<ValidResource, AppError> {
        let mut errors = FieldErrors::default();
        let kind = match ResourceKind::ALL
            .iter()
            .find(|kind| kind.as_str() == draft.kind)
        {
            Some(kind) => *kind,
            None => {
                errors.add("kind", "Choose a link, a page or a file.");
                ResourceKind::Link
            }
        };
        let title = one_line(&draft.title);
        if chars(&title) < TITLE_MIN {
            errors.add(
                "title",
                format!("Give it a title of at least {TITLE_MIN} characters."),
            );
        } else if chars(&title) > TITLE_MAX {
            errors.add(
                "title",
                format!("Keep the title to {TITLE_MAX} characters."),
            );
        }
        let summary = one_line(&draft.summary);
        if chars(&summary) > SUMMARY_MAX {
            errors.add(
                "summary",
                format!("Keep the description to {SUMMARY_MAX} characters."),
            );
        }
        let mut url = String::new();
        if kind == ResourceKind::Link {
            match check_url(draft.url.trim()) {
                Ok(checked) => url = checked,
                Err(message) => errors.add("url", message),
            }
        }
        let body_md = draft.body.trim().to_owned();
        if kind == ResourceKind::Page {
            if body_md.is_empty() {
                errors.add("body", "Write the page's text.");
            } else if chars(&body_md) > BODY_MAX {
                errors.add("body", format!("Keep the page to {BODY_MAX} characters."));
            }
        }
        let section_id = match draft.section.trim() {
            "" => None,
            id => match id.parse::<i64>() {
                Ok(id) if sections.contains(&id) => Some(id),
                _ => {
                    errors.add("section", "Choose one of this library's sections.");
                    None
                }
            },
        };
        let audience = match draft.audience.trim() {
            "" => Audience::Everyone,
            text => match Audience::ALL.iter().find(|a| a.as_str() == text) {
                Some(audience) if program || *audience == Audience::Everyone => *audience,
                Some(_) => {
                    errors.add(
                        "audience",
                        "The hub's resources are for every member: only a program's may be for its mentors or mentees alone.",
                    );
                    Audience::Everyone
                }
                None => {
                    errors.add("audience", "Choose who it is for.");
                    Audience::Everyone
                }
            },
        };
        if !errors.is_empty() {
            let kept = draft.fields();
            return Err(AppError::Validation(errors).keeping(&kept));
        }
        Ok(ValidResource {
            kind,
            title,
            summary,
            url,
            body_md: if kind == ResourceKind::Page {
                body_md
            } else {
                String::new()
            },
            section_id,
            audience,
            pinned: draft.pinned.is_some(),
        })
    }

    /// A link's address: `http` or `https` with a host, normalised; what
    /// a browser would run (`javascript:`, `data:`) is refused.
    pub fn check_url(text: &str) -> Result<String, String> {
        if text.is_empty() {
            return Err("Give the address the link goes to.".into());
        }
        if chars(text) > URL_MAX {
            return Err(format!("Keep the address to {URL_MAX} characters."));
        }
        let parsed = url::Url::parse(text)
            .or_else(|_| url::Url::parse(&format!("https://{text}")))
            .map_err(|_| "Give a web address such as https://example.org/guide.".to_owned())?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err("Only web addresses (https:// or http://) can be linked.".into());
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err("Leave the user name and password out of the address.".into());
        }
        Ok(parsed.to_string())
    }

    /// A section's title.
    pub fn validate_section_title(text: &str) -> Result<String, AppError> {
        let title = one_line(text);
        if title.is_empty() {
            return Err(AppError::validation("title", "Give the section a title.")
                .keeping(&[("title", text)]));
        }
        if chars(&title) > SECTION_TITLE_MAX {
            return Err(AppError::validation(
                "title",
                format!("Keep a section's title to {SECTION_TITLE_MAX} characters."),
            )
            .keeping(&[("title", text)]));
        }
        Ok(title)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn draft(kind: &str) -> ResourceDraft {
            ResourceDraft {
                kind: kind.into(),
                title: "  A   guide ".into(),
                ..ResourceDraft::default()
            }
        }

        #[test]
        fn links_are_web_addresses_only() {
            assert_eq!(
                check_url("example.org/a b").unwrap(),
                "https://example.org/a%20b"
            );
            assert!(check_url("javascript:alert(1)").is_err());
            assert!(check_url("data:text/html,<script>").is_err());
            assert!(check_url("https://user:pw@example.org").is_err());
            assert!(check_url("").is_err());
            let mut link = draft("link");
            link.url = "https://example.org".into();
            let valid = validate_resource(&link, false, &[]).unwrap();
            assert_eq!(valid.title, "A guide");
            assert_eq!(valid.url, "https://example.org/");
        }

        #[test]
        fn a_refused_form_keeps_what_was_typed() {
            let mut page = draft("page");
            page.section = "7".into();
            page.audience = "mentees".into();
            let error = validate_resource(&page, false, &[3]).unwrap_err();
            assert!(error.field("body").is_some());
            assert!(error.field("section").is_some());
            assert!(
                error.field("audience").is_some(),
                "the hub has no mentees-only"
            );
            assert_eq!(error.submitted("title").as_deref(), Some("  A   guide "));
            page.body = "Text".into();
            page.section = "3".into();
            let valid = validate_resource(&page, true, &[3]).unwrap();
            assert_eq!(
                (valid.section_id, valid.audience),
                (Some(3), Audience::Mentees)
            );
            assert!(validate_resource(&draft("exe"), true, &[])
                .unwrap_err()
                .field("kind")
                .is_some());
        }
    }
}
