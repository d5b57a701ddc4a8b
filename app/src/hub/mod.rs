//! The hub itself: its name, tagline, accent colour and the labels of its
//! tabs, and the welcome page.

mod frame;
#[cfg(feature = "ssr")]
pub mod store;
mod views;

pub use frame::{HubResource, WithHub};
pub use views::*;

use crate::{
    error::{AppError, FieldErrors},
    text_enum::text_enum,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Hub-wide settings as the UI sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubSettings {
    pub hub_name: String,
    pub tagline: String,
    /// `#rrggbb`, validated on write and again before it reaches CSS.
    pub accent_color: String,
    pub labels: TabLabels,
    pub signup_mode: SignupMode,
}

text_enum! {
    /// Who may create an account. Serde keeps the variant names (`"Open"`,
    /// `"InvitationOnly"`): the hub settings' wire format predates the
    /// stored text.
    #[derive(Default)]
    pub enum SignupMode (serde by variant name) {
        /// Anyone who reaches the hub may sign up.
        #[default]
        Open => "open", "Anyone who can reach the hub";
        /// Only people holding an invitation link may sign up.
        InvitationOnly => "invitation", "Only people with an invitation link";
    }
}

/// What each hub tab is called; admins may rename them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TabLabels {
    pub programs: String,
    pub discussion: String,
    pub resources: String,
    pub events: String,
}

impl Default for HubSettings {
    /// The values the first migration writes; shown if the settings cannot
    /// be loaded so that the page frame still works.
    fn default() -> Self {
        HubSettings {
            hub_name: "Mentorhub".into(),
            tagline: "Find a mentor, become one, and grow together.".into(),
            accent_color: "#1f7a4d".into(),
            labels: TabLabels {
                programs: "Mentoring Programs".into(),
                discussion: "Discussion".into(),
                resources: "Resources".into(),
                events: "Events".into(),
            },
            signup_mode: SignupMode::Open,
        }
    }
}

pub const MAX_HUB_NAME: usize = 80;
pub const MAX_TAGLINE: usize = 200;
pub const MAX_TAB_LABEL: usize = 40;

impl HubSettings {
    /// Checks every field and reports each problem next to its field name
    /// (the names are those of the settings form).
    pub fn validate(&self) -> Result<(), AppError> {
        let mut errors = FieldErrors::new();
        require_text(
            &mut errors,
            "hub_name",
            "Hub name",
            &self.hub_name,
            MAX_HUB_NAME,
        );
        if self.tagline.chars().count() > MAX_TAGLINE {
            errors.add(
                "tagline",
                format!("Keep the tagline to {MAX_TAGLINE} characters or fewer."),
            );
        }
        if !is_hex_color(&self.accent_color) {
            errors.add(
                "accent_color",
                "Use a colour in the form #RRGGBB, for example #1f7a4d.",
            );
        }
        let labels = [
            (
                "label_programs",
                "Programs tab label",
                &self.labels.programs,
            ),
            (
                "label_discussion",
                "Discussion tab label",
                &self.labels.discussion,
            ),
            (
                "label_resources",
                "Resources tab label",
                &self.labels.resources,
            ),
            ("label_events", "Events tab label", &self.labels.events),
        ];
        for (field, what, value) in labels {
            require_text(&mut errors, field, what, value, MAX_TAB_LABEL);
        }
        errors.into_result()
    }

    /// Trims surrounding whitespace, which nobody means to save.
    pub fn normalized(mut self) -> Self {
        for value in [
            &mut self.hub_name,
            &mut self.tagline,
            &mut self.accent_color,
            &mut self.labels.programs,
            &mut self.labels.discussion,
            &mut self.labels.resources,
            &mut self.labels.events,
        ] {
            *value = value.trim().to_owned();
        }
        self.accent_color = self.accent_color.to_ascii_lowercase();
        self
    }

    /// The accent colour if it is safe to put into a style sheet.
    pub fn safe_accent(&self) -> &str {
        if is_hex_color(&self.accent_color) {
            &self.accent_color
        } else {
            "#1f7a4d"
        }
    }
}

fn require_text(errors: &mut FieldErrors, field: &str, what: &str, value: &str, max: usize) {
    if value.trim().is_empty() {
        errors.add(field, format!("{what} cannot be empty."));
    } else if value.chars().count() > max {
        errors.add(
            field,
            format!(
                "Keep the {} to {max} characters or fewer.",
                what.to_lowercase()
            ),
        );
    }
}

pub fn is_hex_color(value: &str) -> bool {
    value.len() == 7 && value.starts_with('#') && value[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// The hub settings every page reads (header, tab labels, titles).
#[server(prefix = "/api", endpoint = "hub_settings")]
pub async fn get_hub_settings() -> Result<HubSettings, AppError> {
    let state = crate::state::app_state()?;
    crate::error::serve(async { state.hub_settings.read(&state.db).await }).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        HubSettings::default().validate().unwrap();
    }

    #[test]
    fn reports_each_bad_field_by_name() {
        let defaults = HubSettings::default();
        let settings = HubSettings {
            hub_name: "  ".into(),
            accent_color: "red".into(),
            labels: TabLabels {
                events: "x".repeat(MAX_TAB_LABEL + 1),
                ..defaults.labels
            },
            ..defaults
        };
        let error = settings.validate().unwrap_err();
        assert!(error.field("hub_name").unwrap().contains("cannot be empty"));
        assert!(error.field("accent_color").unwrap().contains("#RRGGBB"));
        assert!(error
            .field("label_events")
            .unwrap()
            .contains("40 characters"));
        assert_eq!(error.field("tagline"), None);
    }

    #[test]
    fn accent_colour_never_reaches_css_unchecked() {
        let settings = HubSettings {
            accent_color: "#000;}body{display:none".into(),
            ..HubSettings::default()
        };
        assert_eq!(settings.safe_accent(), "#1f7a4d");
    }
}
