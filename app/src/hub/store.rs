//! Hub settings queries (server only). One body for both backends.

use super::{HubSettings, SignupMode, TabLabels};
use crate::{
    db::{schema::hub_settings, Db},
    error::AppError,
    run_query, write_transaction,
};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::time::{Duration, Instant};

/// The settings row always has this id (the migration inserts it).
const SETTINGS_ID: i64 = 1;

#[derive(Queryable, Selectable)]
#[diesel(table_name = hub_settings)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct HubSettingsRow {
    hub_name: String,
    tagline: String,
    accent_color: String,
    label_programs: String,
    label_discussion: String,
    label_resources: String,
    label_events: String,
    signup_mode: SignupMode,
}

impl From<HubSettingsRow> for HubSettings {
    fn from(row: HubSettingsRow) -> Self {
        HubSettings {
            hub_name: row.hub_name,
            tagline: row.tagline,
            accent_color: row.accent_color,
            labels: TabLabels {
                programs: row.label_programs,
                discussion: row.label_discussion,
                resources: row.label_resources,
                events: row.label_events,
            },
            signup_mode: row.signup_mode,
        }
    }
}

pub async fn load(db: &Db) -> Result<HubSettings, AppError> {
    let row = run_query!(db, |conn| {
        hub_settings::table
            .find(SETTINGS_ID)
            .select(HubSettingsRow::as_select())
            .first(conn)
            .await
    })?;
    Ok(row.into())
}

/// Validates and saves new settings; nothing is written when any field is
/// invalid.
pub async fn update(db: &Db, settings: HubSettings) -> Result<HubSettings, AppError> {
    let settings = settings.normalized();
    settings.validate()?;
    let now = chrono::Utc::now().naive_utc();
    let row = write_transaction!(db, |conn| {
        diesel::update(hub_settings::table.find(SETTINGS_ID))
            .set((
                hub_settings::hub_name.eq(&settings.hub_name),
                hub_settings::tagline.eq(&settings.tagline),
                hub_settings::accent_color.eq(&settings.accent_color),
                hub_settings::label_programs.eq(&settings.labels.programs),
                hub_settings::label_discussion.eq(&settings.labels.discussion),
                hub_settings::label_resources.eq(&settings.labels.resources),
                hub_settings::label_events.eq(&settings.labels.events),
                hub_settings::signup_mode.eq(settings.signup_mode),
                hub_settings::updated_at.eq(now),
            ))
            .execute(conn)
            .await?;
        Ok(hub_settings::table
            .find(SETTINGS_ID)
            .select(HubSettingsRow::as_select())
            .first(conn)
            .await?)
    })?;
    Ok(row.into())
}

/// The settings as this process last read or saved them, for a few
/// seconds: every page shows them (header, tab labels, titles), and reading
/// the row for each was one of a page's two queries. A save in this process
/// shows at once; one in another instance behind the same database within
/// [`SettingsCache::FRESH_FOR`]. Decisions never read this copy: sign-up
/// checks the stored sign-up mode in its own transaction.
#[derive(Clone, Debug, Default)]
pub struct SettingsCache(std::sync::Arc<std::sync::RwLock<Option<(Instant, HubSettings)>>>);

impl SettingsCache {
    pub const FRESH_FOR: Duration = Duration::from_secs(5);

    /// The kept settings if they are younger than `FRESH_FOR` at `now`.
    pub fn get(&self, now: Instant) -> Option<HubSettings> {
        let kept = self
            .0
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        kept.as_ref()
            .filter(|(read_at, _)| now.saturating_duration_since(*read_at) < Self::FRESH_FOR)
            .map(|(_, settings)| settings.clone())
    }

    pub fn put(&self, settings: &HubSettings, now: Instant) {
        let mut kept = self
            .0
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *kept = Some((now, settings.clone()));
    }

    /// The settings, from this copy while it is fresh, else from `db`.
    pub async fn read(&self, db: &Db) -> Result<HubSettings, AppError> {
        if let Some(settings) = self.get(Instant::now()) {
            return Ok(settings);
        }
        let settings = load(db).await?;
        self.put(&settings, Instant::now());
        Ok(settings)
    }

    /// Saves like [`update`] and keeps what was saved.
    pub async fn save(&self, db: &Db, settings: HubSettings) -> Result<HubSettings, AppError> {
        let saved = update(db, settings).await?;
        self.put(&saved, Instant::now());
        Ok(saved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::testing::on_both_backends;

    #[tokio::test(flavor = "multi_thread")]
    async fn a_new_hub_has_the_default_settings() {
        on_both_backends(|db| async move {
            assert_eq!(load(&db).await.unwrap(), HubSettings::default(), "{db:?}");
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn saved_settings_are_read_back_trimmed() {
        on_both_backends(|db| async move {
            let defaults = HubSettings::default();
            let wanted = HubSettings {
                hub_name: "  Acme Mentoring ".into(),
                signup_mode: SignupMode::InvitationOnly,
                accent_color: "#AA3300".into(),
                labels: TabLabels {
                    programs: "Programs".into(),
                    ..defaults.labels
                },
                ..defaults
            };
            let saved = update(&db, wanted).await.unwrap();
            assert_eq!(saved.hub_name, "Acme Mentoring", "{db:?}");
            assert_eq!(saved.accent_color, "#aa3300");
            assert_eq!(saved.signup_mode, SignupMode::InvitationOnly);
            assert_eq!(load(&db).await.unwrap(), saved);
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn invalid_settings_change_nothing() {
        on_both_backends(|db| async move {
            let defaults = HubSettings::default();
            let wanted = HubSettings {
                hub_name: "Renamed".into(),
                labels: TabLabels {
                    events: String::new(),
                    ..defaults.labels
                },
                ..defaults
            };
            let error = update(&db, wanted).await.unwrap_err();
            assert!(error.field("label_events").is_some(), "{db:?}: {error:?}");
            assert_eq!(load(&db).await.unwrap(), HubSettings::default());
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_stored_signup_mode_nobody_knows_is_an_error_not_a_default() {
        on_both_backends(|db| async move {
            let stored: Result<usize, diesel::result::Error> = run_query!(db, |conn| {
                diesel::sql_query("UPDATE hub_settings SET signup_mode = 'members_only'")
                    .execute(conn)
                    .await
            });
            assert_eq!(stored.unwrap(), 1);
            assert!(
                matches!(load(&db).await, Err(AppError::Internal { .. })),
                "{db:?}"
            );
            // Nobody signs up under a mode the hub cannot read.
            let signed_up = crate::accounts::store::sign_up(
                &db,
                "Ada",
                "ada@example.org",
                "hash",
                &crate::accounts::store::SessionSeed {
                    token_hash: "s-ada".into(),
                    user_agent: String::new(),
                    ip_address: "127.0.0.1".into(),
                },
                false,
                crate::email::store::now(),
            )
            .await;
            assert!(
                matches!(signed_up, Err(AppError::Internal { .. })),
                "{signed_up:?}"
            );
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn concurrent_writers_both_succeed() {
        // IMMEDIATE transactions on SQLite queue behind busy_timeout instead of
        // failing with SQLITE_BUSY.
        on_both_backends(|db| async move {
            let writes = (0..8).map(|i| {
                let db = db.clone();
                let settings = HubSettings {
                    tagline: format!("writer {i}"),
                    ..HubSettings::default()
                };
                tokio::spawn(async move { update(&db, settings).await })
            });
            for write in writes.collect::<Vec<_>>() {
                write.await.unwrap().unwrap();
            }
            assert!(load(&db).await.unwrap().tagline.starts_with("writer "));
        })
        .await;
    }

    #[test]
    fn the_kept_settings_are_fresh_for_a_few_seconds() {
        let cache = SettingsCache::default();
        let start = Instant::now();
        assert_eq!(cache.get(start), None);
        let settings = HubSettings {
            hub_name: "Kept".into(),
            ..HubSettings::default()
        };
        cache.put(&settings, start);
        assert_eq!(cache.get(start), Some(settings.clone()));
        let almost = start + SettingsCache::FRESH_FOR - Duration::from_millis(1);
        assert_eq!(cache.get(almost), Some(settings));
        assert_eq!(cache.get(start + SettingsCache::FRESH_FOR), None);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_save_through_the_cache_shows_at_once_and_one_elsewhere_after_it_expires() {
        on_both_backends(|db| async move {
            let here = SettingsCache::default();
            assert_eq!(here.read(&db).await.unwrap(), HubSettings::default());
            let renamed = HubSettings {
                hub_name: "Renamed here".into(),
                ..HubSettings::default()
            };
            here.save(&db, renamed).await.unwrap();
            assert_eq!(
                here.read(&db).await.unwrap().hub_name,
                "Renamed here",
                "{db:?}"
            );
            // Another instance saves: this one keeps its copy until it expires.
            update(
                &db,
                HubSettings {
                    hub_name: "Renamed elsewhere".into(),
                    ..HubSettings::default()
                },
            )
            .await
            .unwrap();
            assert_eq!(here.read(&db).await.unwrap().hub_name, "Renamed here");
            let read_at = Instant::now() - SettingsCache::FRESH_FOR;
            here.put(&here.get(Instant::now()).unwrap(), read_at);
            assert_eq!(here.read(&db).await.unwrap().hub_name, "Renamed elsewhere");
        })
        .await;
    }
}
