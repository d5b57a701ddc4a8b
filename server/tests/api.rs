//! API tests: the real server on port 0 with a fresh database per test,
//! called over HTTP the way a browser (or an attacker's page) would.

mod support;

use app::db::testing::TestDb;
use server::config::Config;
use std::collections::HashMap;
use support::{on_both_backends, TestServer};
use tokio::net::TcpListener;

#[tokio::test(flavor = "multi_thread")]
async fn healthz_answers_while_the_process_is_up() {
    let server = TestServer::start(TestDb::sqlite().await).await;
    let response = server.get("/healthz").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn readyz_reports_a_reachable_database() {
    on_both_backends(|server| async move {
        let response = server.get("/readyz").await;
        assert_eq!(response.status(), 200, "{:?}", server.db.backend());
        assert_eq!(response.text().await.unwrap(), "ready");
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn readyz_is_503_when_the_database_is_unreachable() {
    // PostgreSQL: drop the server's database from under it.
    if let Some(db) = TestDb::postgres().await {
        let server = TestServer::start(db).await;
        assert_eq!(server.get("/readyz").await.status(), 200);
        server.db.drop_database_now().await;
        let response = server.get("/readyz").await;
        assert_eq!(response.status(), 503);
        assert_eq!(response.text().await.unwrap(), "database unreachable");
        // The process itself is still up.
        assert_eq!(server.get("/healthz").await.status(), 200);
        server.stop().await;
    }

    // SQLite: a database file that cannot be opened (its directory is gone).
    let missing = std::env::temp_dir()
        .join(format!("mentorhub-gone-{}", std::process::id()))
        .join("nested")
        .join("db.sqlite");
    let url = format!("sqlite://{}", missing.display());
    let db = app::db::Db::open(&app::db::DatabaseUrl::parse(&url).unwrap(), 2).unwrap();
    std::fs::remove_dir_all(missing.parent().unwrap().parent().unwrap()).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // A given key: without one the server would write data/secret.key
    // into the working directory (the repository, in tests).
    let vars: HashMap<&str, String> = HashMap::from([
        ("SITE_ADDR", addr.to_string()),
        ("SECRET_KEY", support::TEST_SECRET_KEY.to_owned()),
    ]);
    let config = Config::from_lookup(|name| vars.get(name).cloned()).unwrap();
    let state = server::state_with_db(&config, db);
    let task = tokio::spawn(async move {
        server::serve(listener, &config, state, std::future::pending()).await
    });
    let response = reqwest::get(format!("http://{addr}/readyz")).await.unwrap();
    assert_eq!(response.status(), 503);
    task.abort();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_path_is_a_real_404_page() {
    let server = TestServer::start(TestDb::sqlite().await).await;
    let response = server.get("/no/such/page").await;
    assert_eq!(response.status(), 404);
    let body = response.text().await.unwrap();
    assert!(body.contains("Page not found"), "{body}");
    assert!(body.contains("<main"), "the 404 page keeps the site frame");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_render_hub_settings_from_the_database() {
    on_both_backends(|server| async move {
        let defaults = app::hub::HubSettings::default();
        let settings = app::hub::HubSettings {
            hub_name: "Acme Mentoring".into(),
            labels: app::hub::TabLabels {
                events: "Meetups".into(),
                ..defaults.labels
            },
            ..defaults
        };
        app::hub::store::update(&server.db.db, settings)
            .await
            .unwrap();

        // A visitor is asked to sign in, under the tab's own heading.
        let response = server.get("/events").await;
        assert_eq!(response.status(), 401);
        let body = response.text().await.unwrap();
        assert!(body.contains("Acme Mentoring"), "{body}");
        assert!(
            body.contains("<h1 id=\"page-title\">Meetups</h1>"),
            "{body}"
        );
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn server_function_returns_hub_settings() {
    on_both_backends(|server| async move {
        let response = server.call("hub_settings").send().await.unwrap();
        assert_eq!(response.status(), 200);
        let settings: serde_json::Value = response.json().await.unwrap();
        assert_eq!(settings["hub_name"], "Mentorhub");
        assert_eq!(settings["labels"]["programs"], "Mentoring Programs");
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn cross_origin_state_changes_are_refused() {
    let server = TestServer::start(TestDb::sqlite().await).await;

    let from_elsewhere = server
        .call("hub_settings")
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(from_elsewhere.status(), 403);

    let cross_site = server
        .call("hub_settings")
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);

    let same_origin = server
        .call("hub_settings")
        .header("origin", server.base.clone())
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(same_origin.status(), 200);

    // Reading is not a state change: a cross-site GET still works.
    let page = server
        .client
        .get(server.url("/"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_over_the_limit_is_refused_with_413() {
    let server = TestServer::start(TestDb::sqlite().await).await;
    // The server answers 413 without reading the rest of the body, so that
    // connection cannot carry another request: the client must not pool it
    // (it did, and the next request failed with "incomplete message").
    let response = server
        .call("hub_settings")
        .header("connection", "close")
        .body(vec![b'a'; 65_537])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);

    let within = server
        .call("hub_settings")
        .header("connection", "close")
        .body(vec![b'a'; 1_000])
        .send()
        .await
        .unwrap();
    assert_ne!(within.status(), 413);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_carry_security_headers_and_a_nonce_csp() {
    let server = TestServer::start(TestDb::sqlite().await).await;
    let response = server.get("/").await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(
        headers["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
    assert!(headers.contains_key("permissions-policy"));
    assert!(headers.contains_key("x-request-id"));

    let csp = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(!csp.contains("'unsafe-inline'"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("the page policy names a nonce");
    let body = response.text().await.unwrap();
    // The hydration bootstrap is inline: it must carry this request's nonce.
    assert!(body.contains(&format!("nonce=\"{nonce}\"")), "{body}");

    let other = server.get("/").await;
    let other_csp = other.headers()["content-security-policy"].to_str().unwrap();
    assert!(!other_csp.contains(nonce), "a nonce is never reused");

    let health = server.get("/healthz").await;
    let strict = health.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(strict.starts_with("default-src 'none'"), "{strict}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_internal_error_reaches_the_client_as_a_reference_only() {
    if let Some(db) = TestDb::postgres().await {
        let server = TestServer::start(db).await;
        server.db.drop_database_now().await;
        // A request id the client sends is not the reference we show.
        let response = server
            .call("hub_settings")
            .header("x-request-id", "client-chosen-id")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 500);
        let request_id = response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        let body = response.text().await.unwrap();
        assert!(body.contains("Internal"), "{body}");
        assert!(
            body.contains(&request_id),
            "the reference is the request id: {body}"
        );
        assert!(
            !body.to_lowercase().contains("database"),
            "no cause leaks: {body}"
        );
        assert!(!body.contains("client-chosen-id"), "{body}");
        assert_ne!(request_id, "client-chosen-id");
        assert_eq!(request_id.len(), 36, "a UUID of ours: {request_id}");
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn static_files_never_take_a_concurrent_pages_headers() {
    // leptos_axum's file handler once copied the headers (the page's CSP
    // nonce) and status of whatever page was rendering on the same thread.
    let server = TestServer::start(TestDb::sqlite().await).await;
    let pkg = std::env::temp_dir().join("mentorhub-api-site").join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("probe.css"), "body{}").unwrap();

    let server = std::sync::Arc::new(server);
    let mut requests = Vec::new();
    for i in 0..240 {
        let server = server.clone();
        requests.push(tokio::spawn(async move {
            let path = if i % 2 == 0 {
                "/sign-in"
            } else {
                "/pkg/probe.css"
            };
            let response = server.get(path).await;
            let csp = response.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_owned();
            (path, response.status().as_u16(), csp)
        }));
    }
    for request in requests {
        let (path, status, csp) = request.await.unwrap();
        assert_eq!(status, 200, "{path}");
        if path.starts_with("/pkg/") {
            assert!(csp.starts_with("default-src 'none'"), "{path}: {csp}");
        } else {
            assert!(csp.contains("'nonce-"), "{path}: {csp}");
        }
    }
    std::sync::Arc::try_unwrap(server)
        .ok()
        .expect("all requests done")
        .stop()
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn starting_another_server_never_stalls_a_page() {
    // leptos#4773: generating a route list sets a process-global flag under
    // which a resource polled for the first time by any thread waits
    // forever. The router used to generate it at every start, so a page
    // rendering while another server of the process started could hang
    // (it did, now and then, in this test suite).
    let server = TestServer::start(TestDb::sqlite().await).await;
    let pages = async {
        for round in 0..150 {
            let page = tokio::time::timeout(
                std::time::Duration::from_secs(20),
                server.fetch("/programs", None),
            )
            .await
            .unwrap_or_else(|_| panic!("page {round} stalled while other servers started"));
            assert_eq!(page.status, 200);
        }
    };
    let starts = async {
        for _ in 0..25 {
            TestServer::start(TestDb::sqlite().await).await.stop().await;
        }
    };
    tokio::join!(pages, starts);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn static_files_are_sent_precompressed_and_pages_compressed() {
    let server = TestServer::start(TestDb::sqlite().await).await;
    let pkg = std::env::temp_dir().join("mentorhub-api-site").join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("probe-precompressed.js"), "console.log('plain')").unwrap();
    std::fs::write(pkg.join("probe-precompressed.js.br"), b"brotli bytes").unwrap();
    std::fs::write(pkg.join("probe-precompressed.js.gz"), b"gzip bytes").unwrap();

    let fetch = |path: &'static str, encoding: &'static str| {
        server
            .client
            .get(server.url(path))
            .header("accept-encoding", encoding)
            .send()
    };
    let br = fetch("/pkg/probe-precompressed.js", "br, gzip")
        .await
        .unwrap();
    assert_eq!(br.status(), 200);
    assert_eq!(br.headers()["content-encoding"], "br");
    // Plain names (a build without content hashes): revalidated.
    assert_eq!(br.headers()["cache-control"], "no-cache");
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"brotli bytes");
    let gz = fetch("/pkg/probe-precompressed.js", "gzip").await.unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    let plain = fetch("/pkg/probe-precompressed.js", "identity")
        .await
        .unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.text().await.unwrap(), "console.log('plain')");

    // Pages and server-function answers are compressed on the fly.
    let page = fetch("/sign-in", "br").await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["content-encoding"], "br");
    let page = fetch("/sign-in", "gzip").await.unwrap();
    assert_eq!(page.headers()["content-encoding"], "gzip");
    let answer = server
        .call("hub_settings")
        .header("origin", server.base.clone())
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["content-encoding"], "gzip");
    server.stop().await;
}
