//! What an event may hold, and the check of an admin's event form.

use serde::{Deserialize, Serialize};

pub const TITLE_MIN: usize = 3;
pub const TITLE_MAX: usize = 120;
pub const DESCRIPTION_MAX: usize = 20_000;
pub const ADDRESS_MAX: usize = 300;
pub const LINK_MAX: usize = 500;
pub const CAPACITY_MAX: i32 = 100_000;
/// The longest an event may last.
pub const LONGEST_DAYS: i64 = 14;
/// No one is promoted from the waitlist by itself this close to the start.
pub const NO_PROMOTION_HOURS: i64 = 2;
/// The reminder goes out this long before the start.
pub const REMINDER_HOURS: i64 = 24;
/// Events per page of a list.
pub const EVENTS_PER_PAGE: i64 = 20;
/// The form's date and time format (`<input type="datetime-local">`).
pub const LOCAL_FORMAT: &str = "%Y-%m-%dT%H:%M";

/// The event form as an admin sends it: every value as typed, so a
/// refused form comes back as it was.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDraft {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub time_zone: String,
    /// `2026-12-08T18:00`, in `time_zone`.
    pub starts: String,
    pub ends: String,
    pub format: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub online_link: String,
    /// Empty: no limit.
    #[serde(default)]
    pub capacity: String,
    /// Empty: registration opens when the event is published.
    #[serde(default)]
    pub registration_opens: String,
    /// Empty: registration closes when the event starts.
    #[serde(default)]
    pub registration_closes: String,
    #[serde(default)]
    pub audience: String,
    /// A check box: present when ticked.
    #[serde(default)]
    pub waitlist: Option<String>,
}

impl EventDraft {
    /// The values a refused form keeps (all of them: nothing is secret).
    pub fn fields(&self) -> [(&'static str, &str); 12] {
        [
            ("title", &self.title),
            ("description", &self.description),
            ("time_zone", &self.time_zone),
            ("starts", &self.starts),
            ("ends", &self.ends),
            ("format", &self.format),
            ("address", &self.address),
            ("online_link", &self.online_link),
            ("capacity", &self.capacity),
            ("registration_opens", &self.registration_opens),
            ("registration_closes", &self.registration_closes),
            ("audience", &self.audience),
        ]
    }
}

#[cfg(feature = "ssr")]
pub use checked::*;

#[cfg(feature = "ssr")]
mod checked {
    use super::*;
    use crate::error::{AppError, FieldErrors};
    use crate::events::{Audience, EventFormat};
    use chrono::{Duration, LocalResult, NaiveDateTime, TimeZone};
    use chrono_tz::Tz;

    /// An event form that passed every check, with its times in UTC.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ValidEvent {
        pub title: String,
        pub description_md: String,
        pub time_zone: String,
        pub starts_local: NaiveDateTime,
        pub ends_local: NaiveDateTime,
        pub starts_at: NaiveDateTime,
        pub ends_at: NaiveDateTime,
        pub format: EventFormat,
        pub address: String,
        pub online_link: String,
        pub capacity: Option<i32>,
        pub registration_opens_at: Option<NaiveDateTime>,
        pub registration_closes_at: NaiveDateTime,
        pub audience: Audience,
        pub keeps_waitlist: bool,
    }

    fn chars(text: &str) -> usize {
        text.chars().count()
    }

    /// The UTC instant of a wall-clock time in `zone`; a time the clocks
    /// skip is refused, one they pass twice is the first of the two.
    fn to_utc(
        errors: &mut FieldErrors,
        field: &str,
        zone: Tz,
        local: NaiveDateTime,
    ) -> Option<NaiveDateTime> {
        match zone.from_local_datetime(&local) {
            LocalResult::Single(at) => Some(at.naive_utc()),
            LocalResult::Ambiguous(first, _) => Some(first.naive_utc()),
            LocalResult::None => {
                errors.add(
                    field,
                    format!(
                        "{} does not exist in {}: the clocks skip that hour. Pick a time outside it.",
                        local.format("%-d %B %Y, %H:%M"),
                        zone.name()
                    ),
                );
                None
            }
        }
    }

    fn local_time(
        errors: &mut FieldErrors,
        field: &str,
        value: &str,
        required: bool,
    ) -> Option<NaiveDateTime> {
        let value = value.trim();
        if value.is_empty() {
            if required {
                errors.add(field, "Give a date and a time.");
            }
            return None;
        }
        // Browsers send seconds when the step allows them; accept both.
        let parsed = NaiveDateTime::parse_from_str(value, LOCAL_FORMAT)
            .or_else(|_| NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S"));
        match parsed {
            Ok(at) => Some(at),
            Err(_) => {
                errors.add(
                    field,
                    "Give the date and time as 2026-12-08T18:00 (year, month, day, hour, minute).",
                );
                None
            }
        }
    }

    /// Checks an event form. `program` says whether the event belongs to a
    /// program (only then may the audience be narrowed); `now` refuses a
    /// new event that has already started (`is_new`).
    pub fn validate_event(
        draft: &EventDraft,
        program: bool,
        is_new: bool,
        now: NaiveDateTime,
    ) -> Result<ValidEvent, AppError> {
        let mut errors = FieldErrors::default();
        let title = draft.title.split_whitespace().collect::<Vec<_>>().join(" ");
        if chars(&title) < TITLE_MIN {
            errors.add(
                "title",
                format!("Give the event a title of at least {TITLE_MIN} characters."),
            );
        } else if chars(&title) > TITLE_MAX {
            errors.add("title", format!("Keep the title under {TITLE_MAX} characters; put the details in the description."));
        }
        let description_md = draft.description.trim().to_owned();
        if chars(&description_md) > DESCRIPTION_MAX {
            errors.add(
                "description",
                format!(
                    "This is {} characters; the limit is {DESCRIPTION_MAX}.",
                    chars(&description_md)
                ),
            );
        }
        let zone: Option<Tz> = draft.time_zone.trim().parse().ok();
        if zone.is_none() {
            errors.add(
                "time_zone",
                "Pick a time zone from the list (such as Europe/Berlin).",
            );
        }
        let starts_local = local_time(&mut errors, "starts", &draft.starts, true);
        let ends_local = local_time(&mut errors, "ends", &draft.ends, true);
        let opens_local = local_time(
            &mut errors,
            "registration_opens",
            &draft.registration_opens,
            false,
        );
        let closes_local = local_time(
            &mut errors,
            "registration_closes",
            &draft.registration_closes,
            false,
        );
        let (mut starts_at, mut ends_at, mut opens_at, mut closes_at) = (None, None, None, None);
        if let Some(zone) = zone {
            starts_at = starts_local.and_then(|t| to_utc(&mut errors, "starts", zone, t));
            ends_at = ends_local.and_then(|t| to_utc(&mut errors, "ends", zone, t));
            opens_at = opens_local.and_then(|t| to_utc(&mut errors, "registration_opens", zone, t));
            closes_at =
                closes_local.and_then(|t| to_utc(&mut errors, "registration_closes", zone, t));
        }
        if let (Some(start), Some(end)) = (starts_at, ends_at) {
            if end <= start {
                errors.add("ends", "The event must end after it starts.");
            } else if end - start > Duration::days(LONGEST_DAYS) {
                errors.add(
                    "ends",
                    format!("An event lasts at most {LONGEST_DAYS} days."),
                );
            }
            if is_new && start <= now {
                errors.add(
                    "starts",
                    "This time has passed; an event starts in the future.",
                );
            }
        }
        if let (Some(close), Some(end)) = (closes_at, ends_at) {
            if close > end {
                errors.add(
                    "registration_closes",
                    "Registration closes by the end of the event at the latest.",
                );
            }
        }
        if let (Some(open), Some(close)) = (opens_at, closes_at.or(starts_at)) {
            if open >= close {
                errors.add(
                    "registration_opens",
                    "Registration must open before it closes.",
                );
            }
        }
        let format = EventFormat::parse(draft.format.trim());
        if format.is_none() {
            errors.add("format", "Choose in person, online, or both.");
        }
        let format = format.unwrap_or_default();
        let address = draft
            .address
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if format.has_place() && address.is_empty() {
            errors.add("address", "Say where the event takes place.");
        } else if chars(&address) > ADDRESS_MAX {
            errors.add(
                "address",
                format!("Keep the address under {ADDRESS_MAX} characters."),
            );
        }
        let online_link = draft.online_link.trim().to_owned();
        if format.is_online() && online_link.is_empty() {
            errors.add("online_link", "Give the link attendees use to join.");
        } else if !online_link.is_empty() {
            let ok = chars(&online_link) <= LINK_MAX
                && url::Url::parse(&online_link)
                    .is_ok_and(|u| matches!(u.scheme(), "https" | "http") && u.host().is_some());
            if !ok {
                errors.add(
                    "online_link",
                    "Give a full web address starting with https://.",
                );
            }
        }
        let capacity = match draft.capacity.trim() {
            "" => None,
            value => match value.parse::<i32>() {
                Ok(n) if (1..=CAPACITY_MAX).contains(&n) => Some(n),
                _ => {
                    errors.add(
                        "capacity",
                        format!("Give a number of places from 1 to {CAPACITY_MAX}, or leave it empty for no limit."),
                    );
                    None
                }
            },
        };
        let audience = match draft.audience.trim() {
            "" => Some(Audience::Everyone),
            value => Audience::parse(value),
        };
        let audience = match audience {
            Some(Audience::Everyone) => Audience::Everyone,
            Some(narrow) if program => narrow,
            _ => {
                errors.add(
                    "audience",
                    if program {
                        "Choose everyone, mentors only, or mentees only."
                    } else {
                        "A hub event is open to every member."
                    },
                );
                Audience::Everyone
            }
        };
        errors.into_result()?;
        let (Some(starts_local), Some(ends_local), Some(starts_at), Some(ends_at)) =
            (starts_local, ends_local, starts_at, ends_at)
        else {
            return Err(AppError::internal("validated times are missing"));
        };
        Ok(ValidEvent {
            title,
            description_md,
            time_zone: zone.map(|z| z.name().to_owned()).unwrap_or_default(),
            starts_local,
            ends_local,
            starts_at,
            ends_at,
            format,
            address: if format.has_place() {
                address
            } else {
                String::new()
            },
            online_link: if format.is_online() {
                online_link
            } else {
                String::new()
            },
            capacity,
            registration_opens_at: opens_at,
            registration_closes_at: closes_at.unwrap_or(starts_at),
            audience,
            keeps_waitlist: draft.waitlist.is_some(),
        })
    }
    /// The form of a stored event, as its admin typed it: times in the
    /// event's zone; a registration that closes at the start is left empty
    /// (the default).
    pub fn draft_of(event: &crate::events::store::EventRow) -> EventDraft {
        let zone: Tz = event.time_zone.parse().unwrap_or(chrono_tz::UTC);
        let local = |at: NaiveDateTime| {
            zone.from_utc_datetime(&at)
                .naive_local()
                .format(LOCAL_FORMAT)
                .to_string()
        };
        EventDraft {
            title: event.title.clone(),
            description: event.description_md.clone(),
            time_zone: event.time_zone.clone(),
            starts: event.starts_local.format(LOCAL_FORMAT).to_string(),
            ends: event.ends_local.format(LOCAL_FORMAT).to_string(),
            format: event.format.as_str().to_owned(),
            address: event.address.clone(),
            online_link: event.online_link.clone(),
            capacity: event.capacity.map(|c| c.to_string()).unwrap_or_default(),
            registration_opens: event.registration_opens_at.map(local).unwrap_or_default(),
            registration_closes: if event.registration_closes_at == event.starts_at {
                String::new()
            } else {
                local(event.registration_closes_at)
            },
            audience: event.audience.as_str().to_owned(),
            waitlist: event.keeps_waitlist.then(|| "on".to_owned()),
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::events::Audience;
    use chrono::NaiveDate;

    fn now() -> chrono::NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, 1)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
    }

    fn draft() -> EventDraft {
        EventDraft {
            title: "Spring meetup".into(),
            time_zone: "Europe/Berlin".into(),
            starts: "2026-03-28T18:00".into(),
            ends: "2026-03-28T20:00".into(),
            format: "in_person".into(),
            address: "Hall 2, Main Street 1".into(),
            ..EventDraft::default()
        }
    }

    #[test]
    fn a_wall_clock_time_is_kept_and_converted_in_its_zone() {
        let valid = validate_event(&draft(), false, true, now()).unwrap();
        assert_eq!(valid.starts_local.to_string(), "2026-03-28 18:00:00");
        // Berlin is UTC+1 in March before the switch.
        assert_eq!(valid.starts_at.to_string(), "2026-03-28 17:00:00");
        assert_eq!(valid.registration_closes_at, valid.starts_at);
        assert_eq!(valid.online_link, "");
        let summer = EventDraft {
            starts: "2026-03-29T18:00".into(),
            ends: "2026-03-29T19:00".into(),
            ..draft()
        };
        let valid = validate_event(&summer, false, true, now()).unwrap();
        assert_eq!(valid.starts_at.to_string(), "2026-03-29 16:00:00");
    }

    #[test]
    fn a_time_the_clocks_skip_is_refused_next_to_its_field() {
        let skipped = EventDraft {
            starts: "2026-03-29T02:30".into(),
            ends: "2026-03-29T04:00".into(),
            ..draft()
        };
        let error = validate_event(&skipped, false, true, now()).unwrap_err();
        let message = error.field("starts").unwrap();
        assert!(
            message.contains("does not exist in Europe/Berlin"),
            "{message}"
        );
        assert!(error.field("ends").is_none());
    }

    #[test]
    fn each_bad_value_gets_its_own_message() {
        let bad = EventDraft {
            title: " ".into(),
            time_zone: "Mars/Olympus".into(),
            format: "online".into(),
            online_link: "javascript:alert(1)".into(),
            capacity: "0".into(),
            audience: "mentors".into(),
            ..draft()
        };
        let error = validate_event(&bad, false, true, now()).unwrap_err();
        for field in ["title", "time_zone", "online_link", "capacity", "audience"] {
            assert!(error.field(field).is_some(), "{field}: {error:?}");
        }
        let past = EventDraft {
            starts: "2026-02-01T10:00".into(),
            ends: "2026-02-01T09:00".into(),
            ..draft()
        };
        let error = validate_event(&past, true, true, now()).unwrap_err();
        assert!(error.field("starts").is_some() || error.field("ends").is_some());
        assert!(error.field("ends").is_some(), "{error:?}");
        // An event that ran may still be edited.
        let ran = EventDraft {
            starts: "2026-02-01T10:00".into(),
            ends: "2026-02-01T11:00".into(),
            audience: "mentees".into(),
            capacity: "12".into(),
            waitlist: Some("on".into()),
            ..draft()
        };
        let valid = validate_event(&ran, true, false, now()).unwrap();
        assert_eq!(
            (valid.audience, valid.capacity, valid.keeps_waitlist),
            (Audience::Mentees, Some(12), true)
        );
    }
}
