//! The Mentorhub web server: configuration, the axum router around the
//! Leptos app, HTTP hardening and health endpoints. `main.rs` is only the
//! command line on top of this library, so tests can start the real server.

pub mod cli;
pub mod config;
pub mod demo;
pub mod scale;
pub mod web;

use app::{
    db::Db,
    email::worker::{EmailConfigError, EmailWaker, EmailWorker},
    state::{AppState, SiteConfig},
};
use config::Config;
use leptos::config::{Env, LeptosOptions};
use std::{future::Future, net::SocketAddr, sync::Arc};
use tokio::{net::TcpListener, task::JoinHandle};

/// The name cargo-leptos gives the built JS, wasm and CSS (`output-name`).
pub const OUTPUT_NAME: &str = "mentorhub";

/// Connects to the database (running migrations) and builds the state.
pub async fn build_state(config: &Config) -> Result<AppState, app::db::DbError> {
    let db = Db::connect_with(&config.database_url, config.db_settings()).await?;
    Ok(state_with_db(config, db))
}

pub fn state_with_db(config: &Config, db: Db) -> AppState {
    let leptos_options = LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .env(Env::PROD)
        .hash_files(hashed_assets())
        .build();
    // main resolves the key before it builds the state (a missing file is
    // made then); this only reads it back.
    let secret_key = config
        .secret_key
        .load()
        .unwrap_or_else(|error| panic!("the server's secret key: {error}"));
    AppState {
        leptos_options,
        db,
        site: Arc::new(SiteConfig {
            site_url: config.site_url.clone(),
            trusted_proxies: config.trusted_proxies.clone(),
            secret_key: secret_key.clone(),
        }),
        email: EmailWaker::new(),
        account_extensions: app::account_extensions(&secret_key),
        hub_settings: Default::default(),
        files: app::resources::uploads::Uploads {
            store: app::resources::storage::FileStore::open(
                Some(&config.storage_url),
                std::path::Path::new("data/uploads"),
            )
            .unwrap_or_else(|error| panic!("the file store: {error}")),
            max_bytes: config.upload_max_bytes,
        },
    }
}

/// The hash file cargo-leptos writes beside the server binary when the
/// build named the static files by content hash (`hash-files`). Without it
/// (a binary built by plain `cargo`, the API tests) the names are plain.
pub const HASH_FILE: &str = "hash.txt";

pub fn hashed_assets() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(HASH_FILE)))
        .is_some_and(|path| path.is_file())
}

/// Starts this process's email worker (it delivers the outbox), woken by
/// the state's `email` waker; it stops, after finishing the email in hand,
/// once `shutdown` resolves.
pub fn spawn_email_worker(
    config: &Config,
    state: &AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<JoinHandle<()>, EmailConfigError> {
    Ok(EmailWorker::new(state.db.clone(), config.email.clone())?
        .with_waker(state.email.clone())
        .spawn(shutdown))
}

/// Starts this process's sweep of what is due by the clock: once a minute
/// it expires the mentorship requests past their date, reminds mentors of
/// the ones waiting a week, and queues the event reminders of the next 24
/// hours (each change is one `UPDATE … WHERE`, so several servers sweeping
/// at once send each email once), and deletes the stored files no resource
/// keeps any more. Stops when `shutdown` resolves.
pub fn spawn_request_sweeper(
    state: &AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> JoinHandle<()> {
    let db = state.db.clone();
    let site_url = state.site.site_url.clone();
    let waker = state.email.clone();
    let hub_settings = state.hub_settings.clone();
    let state = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                _ = &mut shutdown => break,
                _ = tick.tick() => {
                    let now = chrono::Utc::now().naive_utc();
                    match app::mentors::store::sweep_requests(&db, &site_url, now).await {
                        Ok((0, 0)) => {}
                        Ok((expired, reminded)) => {
                            tracing::info!(expired, reminded, "mentorship requests swept");
                            waker.wake();
                        }
                        Err(error) => tracing::warn!(%error, "sweeping mentorship requests failed"),
                    }
                    match app::resources::uploads::sweep_orphans(&state).await {
                        Ok(0) => {}
                        Ok(deleted) => tracing::info!(deleted, "files no resource keeps swept"),
                        Err(error) => tracing::warn!(%error, "sweeping orphaned files failed"),
                    }
                    let hub = match hub_settings.read(&db).await {
                        Ok(hub) => hub.hub_name,
                        Err(error) => {
                            tracing::warn!(%error, "reading the hub settings for event reminders failed");
                            continue;
                        }
                    };
                    let mailer = app::events::store::Mailer { hub, site_url: site_url.clone() };
                    match app::events::store::send_due_reminders(&db, &mailer, now).await {
                        Ok(0) => {}
                        Ok(queued) => {
                            tracing::info!(queued, "event reminders queued");
                            waker.wake();
                        }
                        Err(error) => tracing::warn!(%error, "queueing event reminders failed"),
                    }
                }
            }
        }
    })
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish.
pub async fn serve(
    listener: TcpListener,
    config: &Config,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    let router = web::router(config, state);
    // Without TCP_NODELAY a response whose headers and body leave in two
    // writes waits for the client's delayed ACK (Nagle): ~40 ms for every
    // static file on a kept-alive connection.
    let listener = listener.tap_io(|tcp| {
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::debug!("could not set TCP_NODELAY: {error}");
        }
    });
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown signal received, finishing in-flight requests");
}
