//! Configuration from environment variables (a `.env` file is read first
//! when present). Every variable is documented in the README.

use app::{
    db::{DatabaseUrl, DbError},
    email::worker::{EmailConfig, EmailConfigError, TransportConfig},
};
use std::{net::SocketAddr, time::Duration};

#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://PATH` (default `sqlite://data/mentorhub.db`) or `postgres://...`.
    pub database_url: DatabaseUrl,
    /// `DATABASE_POOL_SIZE`: connections per process (default 8).
    pub database_pool_size: usize,
    /// `DATABASE_LOCK_TIMEOUT_SECONDS` (default 5) and
    /// `DATABASE_STATEMENT_TIMEOUT_SECONDS` (default 30): PostgreSQL's
    /// `lock_timeout` and `statement_timeout` for every connection.
    pub database_lock_timeout: Duration,
    pub database_statement_timeout: Duration,
    /// `SITE_ADDR`: where to listen (default `127.0.0.1:3000`).
    pub site_addr: SocketAddr,
    /// `SITE_URL`: the public base URL (default `http://` + `SITE_ADDR`).
    pub site_url: String,
    /// `LEPTOS_SITE_ROOT`: the built static site (default `target/site`).
    pub site_root: String,
    /// `MAX_BODY_BYTES`: largest accepted request body (default 262144).
    pub max_body_bytes: usize,
    /// `SMTP_URL` (unset: write `.eml` files into `MAILBOX_DIR`, default
    /// `data/mailbox`), `MAIL_FROM` (default `Mentorhub <no-reply@localhost>`)
    /// and `EMAIL_POLL_SECONDS` (default 2). Its `Debug` hides the SMTP password.
    pub email: EmailConfig,
    /// `TRUSTED_PROXIES`: reverse proxies (CIDRs or addresses) whose
    /// `X-Forwarded-For` names the client (default: none).
    pub trusted_proxies: app::state::TrustedProxies,
    /// `DEMO_DATA`: fill an empty hub with demo programs and members on
    /// start (default `off`, so a binary deployed without configuration
    /// never has demo accounts; `make run` turns it on).
    pub demo_data: bool,
    /// `COUNT_QUERIES`: report each request's queries and connection
    /// checkouts in `x-db-queries` / `x-db-checkouts` (default `off`; on in
    /// test builds; `make bench` turns it on).
    pub count_queries: bool,
    /// `SECRET_KEY` (64 hex digits), or else the key kept in
    /// `SECRET_KEY_FILE` (default `data/secret.key`), generated there on
    /// first start. It seals the authors of anonymous posts: keep it, and
    /// keep it out of database backups.
    pub secret_key: SecretKeySetting,
    /// `STORAGE_URL`: where uploaded files are kept: a folder (a path or
    /// `file:///…`, default `data/uploads`) or `s3://bucket/prefix` with
    /// the usual `AWS_*` variables, so several servers share one store.
    pub storage_url: String,
    /// `UPLOAD_MAX_BYTES`: the largest file a library accepts (default
    /// 26214400, 25 MiB).
    pub upload_max_bytes: u64,
}

/// Where the server's secret key comes from.
#[derive(Debug, Clone)]
pub enum SecretKeySetting {
    Given(app::discussion::seal::SecretKey),
    File(std::path::PathBuf),
}

impl SecretKeySetting {
    /// The key: the given one, or the file's (made on first start,
    /// readable by its owner only).
    pub fn load(&self) -> std::io::Result<app::discussion::seal::SecretKey> {
        use app::discussion::seal::SecretKey;
        let path = match self {
            SecretKeySetting::Given(key) => return Ok(key.clone()),
            SecretKeySetting::File(path) => path,
        };
        match std::fs::read_to_string(path) {
            Ok(text) => SecretKey::from_hex(&text).map_err(|reason| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{}: {reason}", path.display()),
                )
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let key = SecretKey::generate().map_err(std::io::Error::other)?;
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)?;
                }
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                match options.open(path) {
                    Ok(mut file) => {
                        std::io::Write::write_all(
                            &mut file,
                            format!("{}\n", key.to_hex()).as_bytes(),
                        )?;
                        tracing::info!(path = %path.display(), "generated the server's secret key");
                        Ok(key)
                    }
                    // Another server process made it first: use theirs.
                    Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                        SecretKeySetting::File(path.clone()).load()
                    }
                    Err(error) => Err(error),
                }
            }
            Err(error) => Err(error),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0}")]
    Database(#[from] DbError),
    #[error("{0}")]
    Email(#[from] EmailConfigError),
    #[error("{name} is not valid: {value:?} ({reason})")]
    Invalid {
        name: &'static str,
        value: String,
        reason: &'static str,
    },
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Builds the configuration from any variable source (tests pass a map).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let database_url = DatabaseUrl::parse(
            &lookup("DATABASE_URL").unwrap_or_else(|| DatabaseUrl::DEFAULT.to_owned()),
        )?;
        let site_addr: SocketAddr =
            parse(&lookup, "SITE_ADDR", "127.0.0.1:3000", "expected HOST:PORT")?;
        let site_url = lookup("SITE_URL")
            .unwrap_or_else(|| format!("http://{site_addr}"))
            .trim_end_matches('/')
            .to_owned();
        if !(site_url.starts_with("http://") || site_url.starts_with("https://")) {
            return Err(ConfigError::Invalid {
                name: "SITE_URL",
                value: site_url,
                reason: "expected an http:// or https:// URL",
            });
        }
        let email_poll_seconds: u64 = parse(
            &lookup,
            "EMAIL_POLL_SECONDS",
            "2",
            "expected a whole number of seconds, at least 1",
        )?;
        if email_poll_seconds == 0 {
            return Err(ConfigError::Invalid {
                name: "EMAIL_POLL_SECONDS",
                value: "0".to_owned(),
                reason: "expected a whole number of seconds, at least 1",
            });
        }
        let email = EmailConfig::new(
            TransportConfig::from_settings(
                lookup("SMTP_URL"),
                lookup("MAILBOX_DIR")
                    .unwrap_or_else(|| EmailConfig::DEFAULT_MAILBOX_DIR.to_owned()),
            ),
            lookup("MAIL_FROM").unwrap_or_else(|| EmailConfig::DEFAULT_FROM.to_owned()),
            Duration::from_secs(email_poll_seconds),
        );
        email.check()?;
        let trusted_proxies = match lookup("TRUSTED_PROXIES") {
            None => app::state::TrustedProxies::default(),
            Some(value) => {
                app::state::TrustedProxies::parse(&value).map_err(|_| ConfigError::Invalid {
                    name: "TRUSTED_PROXIES",
                    value,
                    reason:
                        "expected addresses or CIDR ranges such as 10.0.0.0/8, separated by commas",
                })?
            }
        };
        Ok(Config {
            database_url,
            database_pool_size: parse(&lookup, "DATABASE_POOL_SIZE", "8", "expected a number")?,
            database_lock_timeout: Duration::from_secs(positive(
                &lookup,
                "DATABASE_LOCK_TIMEOUT_SECONDS",
                "5",
            )?),
            database_statement_timeout: Duration::from_secs(positive(
                &lookup,
                "DATABASE_STATEMENT_TIMEOUT_SECONDS",
                "30",
            )?),
            site_addr,
            site_url,
            site_root: lookup("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".to_owned()),
            max_body_bytes: parse(
                &lookup,
                "MAX_BODY_BYTES",
                "262144",
                "expected a number of bytes",
            )?,
            email,
            trusted_proxies,
            demo_data: switch(&lookup, "DEMO_DATA", false)?,
            count_queries: switch(&lookup, "COUNT_QUERIES", false)?,
            storage_url: lookup("STORAGE_URL")
                .filter(|value| !value.trim().is_empty())
                .unwrap_or_else(|| "data/uploads".to_owned()),
            upload_max_bytes: parse(
                &lookup,
                "UPLOAD_MAX_BYTES",
                "26214400",
                "expected a number of bytes",
            )?,
            secret_key: match lookup("SECRET_KEY") {
                Some(value) => SecretKeySetting::Given(
                    app::discussion::seal::SecretKey::from_hex(&value).map_err(|_| {
                        ConfigError::Invalid {
                            name: "SECRET_KEY",
                            value: "(hidden)".into(),
                            reason: "expected 64 hex digits (32 random bytes)",
                        }
                    })?,
                ),
                None => SecretKeySetting::File(
                    lookup("SECRET_KEY_FILE")
                        .unwrap_or_else(|| "data/secret.key".to_owned())
                        .into(),
                ),
            },
        })
    }
}

impl Config {
    pub fn db_settings(&self) -> app::db::DbSettings {
        app::db::DbSettings {
            pool_size: self.database_pool_size,
            lock_timeout: self.database_lock_timeout,
            statement_timeout: self.database_statement_timeout,
        }
    }
}

/// An on/off variable: `on`, `true`, `1`, `yes` or `off`, `false`, `0`,
/// `no` (any case). Anything else is refused rather than guessed.
fn switch(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: bool,
) -> Result<bool, ConfigError> {
    let Some(value) = lookup(name) else {
        return Ok(default);
    };
    match value.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "1" | "yes" => Ok(true),
        "off" | "false" | "0" | "no" => Ok(false),
        _ => Err(ConfigError::Invalid {
            name,
            value,
            reason: "expected on or off; true/false, 1/0 and yes/no work too",
        }),
    }
}

/// A whole number of seconds, at least 1.
fn positive(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: &str,
) -> Result<u64, ConfigError> {
    let reason = "expected a whole number of seconds, at least 1";
    let seconds: u64 = parse(lookup, name, default, reason)?;
    if seconds == 0 {
        return Err(ConfigError::Invalid {
            name,
            value: "0".to_owned(),
            reason,
        });
    }
    Ok(seconds)
}

fn parse<T: std::str::FromStr>(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: &str,
    reason: &'static str,
) -> Result<T, ConfigError> {
    let value = lookup(name).unwrap_or_else(|| default.to_owned());
    value.trim().parse().map_err(|_| ConfigError::Invalid {
        name,
        value,
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn defaults_to_embedded_sqlite_on_port_3000() {
        let config = config(&[]).unwrap();
        assert_eq!(
            config.database_url,
            DatabaseUrl::Sqlite("data/mentorhub.db".into())
        );
        assert_eq!(config.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.site_url, "http://127.0.0.1:3000");
        assert_eq!(config.max_body_bytes, 262_144);
        assert_eq!(
            config.email.transport,
            TransportConfig::Mailbox {
                dir: "data/mailbox".into()
            }
        );
        assert_eq!(config.email.from, "Mentorhub <no-reply@localhost>");
        assert_eq!(config.email.poll_interval, Duration::from_secs(2));
        assert!(
            !config.demo_data,
            "no demo data unless asked for (make run asks)"
        );
        assert!(
            !config.count_queries,
            "requests are not counted unless asked"
        );
    }

    #[test]
    fn query_counting_is_a_switch() {
        assert!(config(&[("COUNT_QUERIES", "on")]).unwrap().count_queries);
        let message = config_error(&[("COUNT_QUERIES", "sometimes")]);
        assert!(message.starts_with("COUNT_QUERIES"), "{message}");
    }

    #[test]
    fn demo_data_turns_off_and_refuses_unknown_values() {
        for off in ["off", "OFF", "false", "0", " no "] {
            assert!(!config(&[("DEMO_DATA", off)]).unwrap().demo_data, "{off}");
        }
        for on in ["on", "True", "1", "yes"] {
            assert!(config(&[("DEMO_DATA", on)]).unwrap().demo_data, "{on}");
        }
        let message = config_error(&[("DEMO_DATA", "disabled")]);
        assert!(message.starts_with("DEMO_DATA"), "{message}");
        assert!(message.contains("on or off"), "{message}");
    }

    #[test]
    fn smtp_is_used_when_configured_and_its_password_never_printed() {
        let config = config(&[
            (
                "SMTP_URL",
                "smtp://mailer:s3cret@mail.example.org:587?tls=required",
            ),
            ("MAIL_FROM", "Acme Mentoring <mentoring@example.org>"),
            ("EMAIL_POLL_SECONDS", "5"),
        ])
        .unwrap();
        assert!(matches!(
            config.email.transport,
            TransportConfig::Smtp { .. }
        ));
        assert_eq!(config.email.poll_interval, Duration::from_secs(5));
        let debug = format!("{config:?}");
        assert!(!debug.contains("s3cret"), "{debug}");

        let message = config_error(&[("SMTP_URL", "mailto://mailer:s3cret@example.org")]);
        assert!(message.starts_with("SMTP_URL"), "{message}");
        assert!(!message.contains("s3cret"), "{message}");
        let message = config_error(&[("MAIL_FROM", "nobody")]);
        assert!(message.starts_with("MAIL_FROM"), "{message}");
        let message = config_error(&[("EMAIL_POLL_SECONDS", "0")]);
        assert!(message.starts_with("EMAIL_POLL_SECONDS"), "{message}");
    }

    fn config_error(vars: &[(&str, &str)]) -> String {
        config(vars).unwrap_err().to_string()
    }

    #[test]
    fn an_unknown_database_scheme_names_the_accepted_ones() {
        let message = config(&[("DATABASE_URL", "mysql://x/y")])
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("sqlite://") && message.contains("postgres://"),
            "{message}"
        );
    }

    #[test]
    fn database_timeouts_have_defaults_and_refuse_zero() {
        let defaults = config(&[]).unwrap();
        assert_eq!(defaults.database_lock_timeout, Duration::from_secs(5));
        assert_eq!(defaults.database_statement_timeout, Duration::from_secs(30));
        let set = config(&[("DATABASE_STATEMENT_TIMEOUT_SECONDS", "120")]).unwrap();
        assert_eq!(set.database_statement_timeout, Duration::from_secs(120));
        let message = config_error(&[("DATABASE_LOCK_TIMEOUT_SECONDS", "0")]);
        assert!(
            message.starts_with("DATABASE_LOCK_TIMEOUT_SECONDS"),
            "{message}"
        );
    }

    #[test]
    fn trusted_proxies_are_parsed_or_refused() {
        assert_eq!(config(&[]).unwrap().trusted_proxies, Default::default());
        let config_with = config(&[("TRUSTED_PROXIES", "10.0.0.0/8, ::1")]).unwrap();
        assert_ne!(config_with.trusted_proxies, Default::default());
        let message = config_error(&[("TRUSTED_PROXIES", "my-proxy")]);
        assert!(message.starts_with("TRUSTED_PROXIES"), "{message}");
    }

    #[test]
    fn bad_numbers_and_urls_are_named() {
        let message = config(&[("SITE_ADDR", "nowhere")]).unwrap_err().to_string();
        assert!(message.starts_with("SITE_ADDR"), "{message}");
        let message = config(&[("SITE_URL", "example.org")])
            .unwrap_err()
            .to_string();
        assert!(message.starts_with("SITE_URL"), "{message}");
    }
}
