//! `server` — runs Mentorhub, or an admin task against its database.
//!
//! ```text
//! server [serve]                   start the web server (the default)
//! server migrate                   apply pending database migrations and exit
//! server create-admin EMAIL [NAME] create a hub admin, or promote an account
//! server seed-scale [--programs N] [--members N] [--memberships N] [--applications N]
//!                                  fill an empty database with a large made-up hub
//! server help                      show this help
//! ```

use server::config::Config;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str =
    "usage: server [serve | migrate | create-admin EMAIL [NAME] | seed-scale [FLAGS] | help]

  serve                     start the web server (default)
  migrate                   apply pending database migrations and exit
  create-admin EMAIL [NAME] make the account with EMAIL a hub admin, creating it
                            if needed; a new account's password is read from
                            MENTORHUB_ADMIN_PASSWORD or the first line of stdin
  seed-scale [--programs N] [--members N] [--memberships N] [--applications N]
                            fill an EMPTY database with a large made-up hub for
                            benchmarks (defaults 1000, 10000, 40000, 5000), the
                            same rows for the same flags; every account's
                            password is SCALE_PASSWORD (default
                            `scale members password`)
  help                      show this help

Configuration comes from environment variables and a .env file; see README.md.";

#[tokio::main]
async fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    init_tracing();

    let command = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "serve".to_owned());
    if matches!(command.as_str(), "help" | "--help" | "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    // Flags are checked before anything else, so a typo changes nothing.
    let scale_options = if command == "seed-scale" {
        let args: Vec<String> = std::env::args().skip(2).collect();
        match server::scale::ScaleOptions::parse(&args) {
            Ok(options) => Some(options),
            Err(message) => {
                eprintln!("{message}");
                return ExitCode::from(2);
            }
        }
    } else {
        None
    };
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    let result = match command.as_str() {
        "serve" => serve(config).await,
        "migrate" => migrate(config).await,
        "create-admin" => create_admin(config).await,
        "seed-scale" => seed_scale(config, scale_options.unwrap_or_default()).await,
        other => {
            eprintln!("unknown command `{other}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error}");
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

async fn serve(mut config: Config) -> Result<(), BoxError> {
    // Read (or make) the secret key once, before anything needs it.
    config.secret_key = server::config::SecretKeySetting::Given(config.secret_key.load()?);
    if config.count_queries {
        app::db::count::enable();
    }
    let state = server::build_state(&config).await?;
    // Before listening and before the email worker starts: nobody can sign
    // up first, and no demo email is ever picked up.
    if config.demo_data {
        seed_demo_data(&state, &config.site_url).await;
    }
    let listener = tokio::net::TcpListener::bind(config.site_addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.site_addr))?;
    tracing::info!(
        backend = %state.db.backend(),
        "Mentorhub listening on http://{} (public URL {})",
        listener.local_addr()?,
        config.site_url
    );
    let (stop_email, email_stopped) = tokio::sync::oneshot::channel::<()>();
    let email_worker = server::spawn_email_worker(&config, &state, async {
        let _ = email_stopped.await;
    })?;
    let (stop_sweep, sweep_stopped) = tokio::sync::oneshot::channel::<()>();
    let sweeper = server::spawn_request_sweeper(&state, async {
        let _ = sweep_stopped.await;
    });
    server::serve(listener, &config, state, server::shutdown_signal()).await?;
    let _ = stop_sweep.send(());
    let _ = sweeper.await;
    // Requests are done; the worker finishes the email it is sending.
    let _ = stop_email.send(());
    let _ = email_worker.await;
    tracing::info!("stopped");
    Ok(())
}

/// Where the demo passwords are written, beside the default database.
const DEMO_CREDENTIALS: &str = "data/demo-credentials.txt";

/// The demo sign-ins, readable by this user only (they are printed once in
/// the log too).
fn write_demo_credentials(demo: &server::demo::DemoSummary) -> std::io::Result<std::path::PathBuf> {
    use std::io::Write;
    let path = std::path::PathBuf::from(DEMO_CREDENTIALS);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path)?;
    writeln!(
        file,
        "Demo sign-ins of this hub (made up at its first start):\n\n\
         demo hub admin: {}\npassword: {}\n\n\
         every demo member, e.g. {} ({})\npassword: {}\n\n\
         invitation link to the closed Leadership Circle: {}",
        demo.admin_email,
        demo.admin_password,
        demo.member_email,
        demo.member_name,
        demo.member_password,
        demo.invitation_url
    )?;
    Ok(path)
}

/// Fills an empty hub with demo data and logs how to sign in. A failure is
/// logged, not fatal: the hub works without demo data.
async fn seed_demo_data(state: &app::state::AppState, site_url: &str) {
    let (db, key) = (&state.db, &state.site.secret_key);
    let files = &state.files.store;
    match server::demo::seed_if_empty(db, site_url, key, files, app::email::store::now()).await {
        Ok(Some(demo)) => {
            tracing::info!(
                "demo data added to this new hub: {} programs, {} members, {} pending applications",
                demo.programs,
                demo.members,
                demo.pending_applications
            );
            tracing::info!(
                "  demo hub admin:  {}  password: {}",
                demo.admin_email,
                demo.admin_password
            );
            tracing::info!(
                "  every demo member, e.g. {}  password: {}  ({})",
                demo.member_email,
                demo.member_password,
                demo.member_name
            );
            match write_demo_credentials(&demo) {
                Ok(path) => tracing::info!("  these passwords are also in {}", path.display()),
                Err(error) => tracing::warn!("could not write the demo credentials file: {error}"),
            }
            tracing::info!(
                "  invitation link to the closed Leadership Circle: {}",
                demo.invitation_url
            );
            tracing::info!(
                "  for a real hub, start with DEMO_DATA=off on an empty database: \
                 the first account to sign up becomes its admin"
            );
        }
        Ok(None) => tracing::debug!("the hub already has accounts: no demo data added"),
        Err(error) => tracing::warn!("could not add demo data: {error}"),
    }
}

async fn create_admin(config: Config) -> Result<(), BoxError> {
    let db = app::db::Db::connect(&config.database_url, 1).await?;
    let args: Vec<String> = std::env::args().skip(2).collect();
    let message = server::cli::create_admin(&db, &args).await?;
    println!("{message}");
    Ok(())
}

async fn seed_scale(config: Config, options: server::scale::ScaleOptions) -> Result<(), BoxError> {
    let started = std::time::Instant::now();
    let db = app::db::Db::connect(&config.database_url, 1).await?;
    let summary = server::scale::seed(&db, &options).await?;
    let password = if std::env::var("SCALE_PASSWORD").is_ok() {
        "the value of SCALE_PASSWORD".to_owned()
    } else {
        format!("`{}`", server::scale::DEFAULT_PASSWORD)
    };
    println!(
        "scale data added ({} database, {:.1} s): {} programs, {} accounts ({} hub admins, {} \
         program admins), {} approved memberships, {} pending applications with {} answers \
         to {} registration questions",
        db.backend(),
        started.elapsed().as_secs_f64(),
        options.programs,
        options.members,
        summary.hub_admins,
        summary.program_admins,
        options.memberships,
        options.applications,
        summary.answers,
        summary.questions,
    );
    println!(
        "discussion: {} threads ({} in the hub's space) with {} questions and answers",
        summary.discussion_threads, summary.hub_threads, summary.discussion_posts
    );
    println!(
        "events: {} ({} in the hub) with {} registrations; event 1 is the hub's, event {} \
         program-0001's",
        summary.events,
        summary.hub_events,
        summary.event_registrations,
        summary.first_program_event
    );
    println!(
        "resources: {} ({} in the hub's library; resource 1 is the hub's)",
        summary.resources, summary.hub_resources
    );
    println!("every account's password: {password}");
    println!(
        "  member:        {}  (approved in {} programs, administers none)",
        summary.member_email, summary.member_programs
    );
    println!(
        "  program admin: {}  (admin of program-0001, {} pending applications)",
        summary.program_admin_email, summary.program_admin_pending
    );
    println!("  hub admin:     {}", summary.hub_admin_email);
    Ok(())
}

async fn migrate(config: Config) -> Result<(), BoxError> {
    let db = app::db::Db::connect(&config.database_url, 1).await?;
    println!("migrations applied ({} database)", db.backend());
    Ok(())
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info"));
    tracing_subscriber::fmt().with_env_filter(filter).init();
}
