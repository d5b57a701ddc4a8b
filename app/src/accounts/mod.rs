//! Accounts: sign-up, sign-in and out, sessions, password reset, profiles,
//! the account page and the hub admin's member management.

pub mod admin;
pub mod policy;
pub mod profile;
pub mod recovery;
pub mod security_page;
mod views;

#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod extensions;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod security;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod throttle;

pub use views::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::FieldErrors;
use chrono::NaiveDateTime;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in member as the UI sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub is_hub_admin: bool,
}

/// A member's profile: what mentors and mentees browse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub id: i64,
    pub name: String,
    pub headline: String,
    /// Markdown, as written.
    pub bio: String,
    pub location: String,
    /// An IANA name such as `Europe/Paris`, free text.
    pub time_zone: String,
    pub languages: Vec<String>,
    pub expertise: Vec<String>,
    pub website_url: String,
    pub linkedin_url: String,
    pub member_since: NaiveDateTime,
}

/// A profile as shown to other members, with the bio already rendered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileView {
    pub profile: Profile,
    /// Sanitized HTML rendered on the server from `profile.bio`.
    pub bio_html: String,
    pub is_own: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub id: i64,
    pub device: String,
    pub ip_address: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountOverview {
    pub email: String,
    pub sessions: Vec<SessionInfo>,
    pub discussion_emails: DiscussionEmails,
}

crate::text_enum::text_enum! {
    /// When a member hears of answers to the questions they ask or follow
    /// (the discussion domain sends them; the account page sets it).
    pub enum DiscussionEmails {
        Immediately => "immediately", "Immediately";
        Off => "off", "Off";
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberSummary {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub headline: String,
    pub is_hub_admin: bool,
    pub active: bool,
    pub joined: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberPage {
    pub members: Vec<MemberSummary>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub query: String,
}

impl MemberPage {
    pub fn page_count(&self) -> i64 {
        crate::ui::page_count(self.total, self.per_page)
    }
}

pub use crate::ui::avatar;

/// A short description of a browser from its user agent, for the session list.
pub fn describe_device(user_agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
    ]
    .into_iter()
    .find(|(marker, _)| user_agent.contains(marker))
    .map(|(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(marker, _)| user_agent.contains(marker))
    .map(|(_, name)| name);
    match (browser, system) {
        (Some(browser), Some(system)) => format!("{browser} on {system}"),
        (Some(browser), None) => browser.to_owned(),
        (None, Some(system)) => system.to_owned(),
        (None, None) if user_agent.trim().is_empty() => "Unknown device".to_owned(),
        (None, None) => user_agent.chars().take(60).collect(),
    }
}

/// Where to send a member after signing in or up: a path on this site, or
/// `/`.
///
/// Browsers drop tabs and newlines from a URL and read `\\` as `/`, so
/// `/\t/evil.example` or `/\\evil.example` would leave the site. Only
/// printable ASCII without a backslash is accepted, it must start with one
/// `/` (not `//`), and its path must not turn into one of those once
/// percent-decoded. Anything else
/// falls back to `/`, which is also what keeps the value safe for a
/// `Location` header.
pub fn safe_next(next: Option<&str>) -> String {
    const MAX_NEXT: usize = 2_000;
    fn same_site_path(path: &str) -> bool {
        path.starts_with('/')
            && !path.starts_with("//")
            && !path.starts_with("/\\")
            && path.chars().all(|c| c.is_ascii_graphic() && c != '\\')
    }
    // Decoded, the path (not the query: `?search=a%20b` is fine) must not
    // turn into another site or carry control characters either.
    fn decoded_path_is_plain(path: &str) -> bool {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        percent_decoded(path).is_some_and(|decoded| {
            !decoded.starts_with("//")
                && !decoded.starts_with("/\\")
                && !decoded.chars().any(|c| c.is_control() || c == '\\')
        })
    }
    match next {
        Some(path)
            if path.len() <= MAX_NEXT && same_site_path(path) && decoded_path_is_plain(path) =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// `%XX` sequences decoded (as Latin-1 characters, which is enough to spot
/// control characters and separators); `None` if one is malformed.
fn percent_decoded(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut decoded = String::with_capacity(value.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = value.get(i + 1..i + 3)?;
            decoded.push(char::from(u8::from_str_radix(hex, 16).ok()?));
            i += 3;
        } else {
            decoded.push(char::from(bytes[i]));
            i += 1;
        }
    }
    Some(decoded)
}

pub const MAX_HEADLINE: usize = 120;
pub const MAX_BIO: usize = 5_000;
pub const MAX_SHORT_FIELD: usize = 100;
pub const MAX_TAGS: usize = 20;
pub const MAX_TAG: usize = 40;

#[cfg(feature = "ssr")]
impl Profile {
    /// Trims fields and reports every problem next to its field.
    pub fn validated(mut self) -> Result<Profile, AppError> {
        let mut errors = FieldErrors::new();
        self.name = self.name.trim().to_owned();
        policy::check_name(&mut errors, "name", &self.name);
        for (field, value, max) in [
            ("headline", &mut self.headline, MAX_HEADLINE),
            ("location", &mut self.location, MAX_SHORT_FIELD),
            ("time_zone", &mut self.time_zone, MAX_SHORT_FIELD),
        ] {
            *value = value.trim().to_owned();
            if value.chars().count() > max {
                errors.add(field, format!("Keep this to {max} characters or fewer."));
            }
        }
        if self.bio.chars().count() > MAX_BIO {
            errors.add(
                "bio",
                format!("Keep your bio to {MAX_BIO} characters or fewer."),
            );
        }
        for (field, value, host) in [
            ("website_url", &mut self.website_url, None),
            ("linkedin_url", &mut self.linkedin_url, Some("linkedin.com")),
        ] {
            *value = value.trim().to_owned();
            if let Some(message) = check_link(value, host) {
                errors.add(field, message);
            }
        }
        if self.expertise.len() > MAX_TAGS {
            errors.add(
                "expertise",
                format!("Choose at most {MAX_TAGS} areas of expertise."),
            );
        }
        if self
            .expertise
            .iter()
            .any(|tag| tag.chars().count() > MAX_TAG)
        {
            errors.add(
                "expertise",
                format!("Keep each area to {MAX_TAG} characters or fewer."),
            );
        }
        if self
            .languages
            .iter()
            .any(|language| language.chars().count() > MAX_TAG)
        {
            errors.add(
                "languages",
                format!("Keep each language to {MAX_TAG} characters or fewer."),
            );
        }
        errors.into_result()?;
        Ok(self)
    }
}

/// A web address a member may show on their profile: http(s), a real host
/// name with a dot, and (for LinkedIn) that host or one of its subdomains.
/// Parsed with a real URL parser, so what we compare is the host a browser
/// would go to (`https://evil.example\\.linkedin.com/` goes to
/// `evil.example`).
#[cfg(feature = "ssr")]
fn check_link(value: &str, required_host: Option<&str>) -> Option<String> {
    if value.is_empty() {
        return None;
    }
    if value.len() > 300 {
        return Some("This link is too long.".into());
    }
    if !(value.starts_with("https://") || value.starts_with("http://")) {
        return Some("Start the link with https://".into());
    }
    let incomplete = || Some("Enter a complete web address, like https://example.org".into());
    let Ok(url) = url::Url::parse(value) else {
        return incomplete();
    };
    let Some(url::Host::Domain(host)) = url.host() else {
        return incomplete(); // an IP address, or no host
    };
    if let Some(required) = required_host {
        if host != required && !host.ends_with(&format!(".{required}")) {
            return Some(format!("Enter a link to {required}."));
        }
    }
    if !host.contains('.') || !url.username().is_empty() || url.password().is_some() {
        return incomplete();
    }
    // The parser forgives these; a browser might read them another way.
    if value
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return incomplete();
    }
    None
}

/// Splits a comma-separated list typed into one field.
pub fn parse_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

// ---------------------------------------------------------------------------
// Server functions
// ---------------------------------------------------------------------------

#[cfg(feature = "ssr")]
fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// The signed-in member, or `None` for a visitor.
#[server(prefix = "/api", endpoint = "accounts/current_user")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    crate::error::serve(async {
        Ok(session::viewer()
            .await?
            .map(|viewer| viewer.user.current_user()))
    })
    .await
}

#[server(prefix = "/api", endpoint = "accounts/sign_up")]
pub async fn sign_up(
    name: String,
    email: String,
    password: String,
    next: Option<String>,
    #[server(default)] invitation: Option<String>,
) -> Result<(), AppError> {
    crate::error::serve(async {
        async {
            let mut errors = FieldErrors::new();
            policy::check_name(&mut errors, "name", &name);
            policy::check_email(&mut errors, "email", &email);
            policy::check_password(&mut errors, "password", &password, &name, &email);
            errors.into_result()?;
            let state = crate::state::app_state()?;
            let ip = session::client_ip();
            if let Some(wait) =
                throttle::hit(&state.db, &[(throttle::SIGN_UP_PER_ADDRESS, &ip)], now()).await?
            {
                return Err(throttle::rate_limited(wait));
            }
            // A working invitation link lets its holder in even when the
            // hub is invitation-only.
            let invited = match invitation.as_deref().map(str::trim) {
                Some(token) if !token.is_empty() => {
                    state
                        .account_extensions
                        .admits_sign_up(&state.db, token, now())
                        .await?
                }
                _ => false,
            };
            let password_hash = security::hash_password(password).await?;
            let (token, seed) = session::new_session()?;
            let user = store::sign_up(
                &state.db,
                &name,
                &email,
                &password_hash,
                &seed,
                invited,
                now(),
            )
            .await
            .map_err(|error| match error {
                AppError::Forbidden => AppError::validation(
                    "email",
                    "This hub is open by invitation only. Ask an admin for an invitation link.",
                ),
                other => other,
            })?;
            session::set_session_cookie(&token)?;
            let device = throttle::remember_device(
                &state.db,
                user.id,
                session::device_token()?.as_deref(),
                now(),
            )
            .await?;
            session::set_device_cookie(&device)?;
            crate::reply::redirect(&safe_next(next.as_deref()));
            Ok(())
        }
        .await
        .map_err(|error: AppError| error.keeping(&[("name", &name), ("email", &email)]))
    })
    .await
}

#[server(prefix = "/api", endpoint = "accounts/sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    crate::error::serve(async {
        async {
            let state = crate::state::app_state()?;
            let ip = session::client_ip();
            let now = now();
            if email.len() > policy::MAX_EMAIL || password.len() > policy::MAX_PASSWORD {
                return Err(AppError::validation(
                    "password",
                    "That email and password do not match an account.",
                ));
            }
            // A browser this member signed in with before is not held up by
            // the failures of others (on the account or from its address).
            let device = session::device_token()?;
            let trusted = match &device {
                Some(token) => throttle::trusted_device(&state.db, token, &email).await?,
                None => None,
            };
            if trusted.is_none() {
                if let Some(wait) = store::throttled_for(&state.db, &email, &ip, now).await? {
                    return Err(throttle::rate_limited(wait));
                }
            }
            let account = store::find_by_email(&state.db, &email).await?;
            let matches = security::verify_password(
                password,
                account.as_ref().map(|user| user.password_hash.clone()),
            )
            .await?;
            let account = match account {
                Some(user) if matches && user.deactivated_at.is_none() => user,
                Some(user) if matches => {
                    let _ = user;
                    return Err(AppError::validation(
                        "email",
                        "This account has been deactivated. Contact the hub's admins.",
                    ));
                }
                _ => {
                    store::record_failed_sign_in(&state.db, &email, &ip, now).await?;
                    if let Some(device_id) = trusted {
                        throttle::device_failed(&state.db, device_id).await?;
                    }
                    return Err(AppError::validation(
                        "password",
                        "That email and password do not match an account.",
                    ));
                }
            };
            let previous = session::session_token()?.map(|token| security::hash_token(&token));
            let (token, seed) = session::new_session()?;
            store::start_session(&state.db, account.id, &seed, previous.as_deref(), now).await?;
            session::set_session_cookie(&token)?;
            let device =
                throttle::remember_device(&state.db, account.id, device.as_deref(), now).await?;
            session::set_device_cookie(&device)?;
            crate::reply::redirect(&safe_next(next.as_deref()));
            Ok(())
        }
        .await
        .map_err(|error: AppError| error.keeping(&[("email", &email)]))
    })
    .await
}

#[server(prefix = "/api", endpoint = "accounts/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    crate::error::serve(async {
        if let Some(token) = session::session_token()? {
            let state = crate::state::app_state()?;
            store::end_session(&state.db, &security::hash_token(&token)).await?;
        }
        session::clear_session_cookie()?;
        crate::reply::redirect("/");
        Ok(())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_keeps_same_site_paths() {
        for path in [
            "/",
            "/programs",
            "/programs/career-change/join?role=mentee",
            "/programs?search=career%20change&mine=on",
            "/join/AbC-dEf_123",
        ] {
            assert_eq!(safe_next(Some(path)), path);
        }
    }

    #[test]
    fn next_refuses_everything_that_could_leave_the_site_or_break_a_header() {
        for next in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/\0",
            "/\u{1}",
            "/\u{7f}",
            "/\u{1b}[0m",
            "/ /evil.example",
            "/\u{a0}/evil.example",
            "\\evil.example",
            "/\\evil.example",
            "/x\\y",
            "//evil.example",
            "///evil.example",
            "https://evil.example/",
            "https:evil.example",
            "javascript:alert(1)",
            "evil.example",
            "",
            // Percent-encoded variants of the same tricks.
            "/%09/evil.example",
            "/%0a/evil.example",
            "/%0D/evil.example",
            "/%00",
            "/%01",
            "/%7f",
            "/%5cevil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/%5C%5Cevil.example",
            "/%zz",
        ] {
            assert_eq!(safe_next(Some(next)), "/", "{next:?} must fall back to /");
        }
        assert_eq!(safe_next(None), "/");
        assert_eq!(safe_next(Some(&format!("/{}", "a".repeat(3_000)))), "/");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn links_are_parsed_and_linkedin_means_its_host() {
        use super::check_link;
        let linkedin = Some("linkedin.com");
        for ok in [
            "https://www.linkedin.com/in/ada",
            "https://linkedin.com/in/ada",
            "http://uk.linkedin.com/in/ada?x=1#y",
        ] {
            assert_eq!(check_link(ok, linkedin), None, "{ok}");
        }
        for bad in [
            "https://evil.example\\.linkedin.com/in/x",
            "https://evil.example/.linkedin.com/in/x",
            "https://evil.example?.linkedin.com",
            "https://evil.example#.linkedin.com",
            "https://linkedin.com@evil.example/in/x",
            "https://notlinkedin.com/in/x",
            "https://linkedin.com.evil.example/in/x",
        ] {
            assert!(check_link(bad, linkedin).is_some(), "{bad} must be refused");
        }
        assert_eq!(check_link("https://example.org/me", None), None);
        for bad in [
            "example.org",
            "javascript:alert(1)",
            "https://localhost/",
            "https://127.0.0.1/",
            "https://exa mple.org/",
            "https://user:pw@example.org/",
            "https://example.org/a\\b",
        ] {
            assert!(check_link(bad, None).is_some(), "{bad} must be refused");
        }
    }
}
