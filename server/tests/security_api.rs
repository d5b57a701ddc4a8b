//! API tests for the security findings of issue 8, each reproduced as it
//! was reported and run against the real router on SQLite and PostgreSQL:
//! markup in titles, open redirects and panics through `next`, throttles
//! (behind a proxy, password resets, current passwords, sign-ups), the
//! origin check, malformed arguments, long searches, profile links, cache
//! headers, control characters, page numbers and the invitation token.

mod support;

use serde_json::Value;
use support::{admin_and_member, on_both_backends, Member, TestServer, HTML, MEMBER_PASSWORD};

/// A name that closes the title and makes every viewer's browser leave.
const TITLE_ATTACK: &str =
    "</title><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">";

/// The profile form: every field empty but the name, then `set` applied.
fn profile_with<'a>(set: &[(&'static str, &'a str)]) -> Vec<(&'static str, &'a str)> {
    let mut form = vec![
        ("name", "Mia Member"),
        ("headline", ""),
        ("bio", ""),
        ("location", ""),
        ("time_zone", ""),
        ("languages", ""),
        ("expertise", ""),
        ("website_url", ""),
        ("linkedin_url", ""),
    ];
    for (field, value) in set {
        if let Some(pair) = form.iter_mut().find(|(name, _)| name == field) {
            pair.1 = value;
        }
    }
    form
}

/// The text between `<title>` and `</title>` of a page, and the head.
fn title_and_head(html: &str) -> (String, String) {
    let head_end = html.find("</head>").expect("a head");
    let head = html[..head_end].to_owned();
    let start = head.find("<title>").expect("a title") + "<title>".len();
    let end = start + head[start..].find("</title>").expect("a closed title");
    (head[start..end].to_owned(), head)
}

/// The page's head holds exactly one title, the escaped text, and nothing
/// the text could have injected.
fn assert_title_is_text(html: &str, expected_fragment: &str, what: &str) {
    let (title, head) = title_and_head(html);
    assert_eq!(head.matches("<title>").count(), 1, "{what}: {head}");
    assert!(!head.contains("<meta http-equiv"), "{what}: {head}");
    assert!(!head.contains("<script>alert"), "{what}: {head}");
    assert!(!title.contains('<'), "{what}: {title}");
    assert!(title.contains(expected_fragment), "{what}: {title}");
}

#[tokio::test(flavor = "multi_thread")]
async fn titles_are_text_whatever_members_and_admins_named_things() {
    on_both_backends(|server| async move {
        let (admin, member) = admin_and_member(&server).await;
        // A member's name, on their profile page.
        let mut profile = vec![
            ("name", TITLE_ATTACK.to_owned()),
            ("headline", String::new()),
            ("bio", String::new()),
            ("location", String::new()),
            ("time_zone", String::new()),
            ("languages", String::new()),
            ("expertise", String::new()),
            ("website_url", String::new()),
            ("linkedin_url", String::new()),
        ];
        let pairs: Vec<(&str, &str)> = profile.iter().map(|(k, v)| (*k, v.as_str())).collect();
        server
            .post("accounts/save_profile", member.cookie(), &pairs)
            .await
            .expect(200);
        let page = server
            .fetch(&format!("/members/{}", member.id), admin.cookie())
            .await;
        page.expect(200);
        assert_title_is_text(
            &page.body,
            "&lt;/title&gt;&lt;meta http-equiv=&quot;refresh&quot;",
            "member name",
        );

        // `&` and `<script>` in a name.
        profile[0].1 = "Tom & Jerry <script>alert(1)</script>".to_owned();
        let pairs: Vec<(&str, &str)> = profile.iter().map(|(k, v)| (*k, v.as_str())).collect();
        server
            .post("accounts/save_profile", member.cookie(), &pairs)
            .await
            .expect(200);
        let page = server
            .fetch(&format!("/members/{}", member.id), admin.cookie())
            .await;
        assert_title_is_text(
            &page.body,
            "Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;",
            "ampersand and script",
        );

        // A program's name, on every program page.
        server
            .create_program(&admin, TITLE_ATTACK, "evil-title")
            .await;
        for path in [
            "/programs/evil-title",
            "/programs/evil-title/join",
            "/programs/evil-title/admin/settings",
            "/programs/evil-title/admin/invitations",
        ] {
            let page = server.fetch(path, admin.cookie()).await;
            assert_title_is_text(&page.body, "&lt;/title&gt;", path);
        }

        // The hub's name and a tab label, on every page.
        let defaults = app::hub::HubSettings::default();
        let label = "</title><script>alert(1)</script> & co";
        let hub_name = "</title><meta http-equiv=refresh content=0;url=//evil.example>";
        server
            .post(
                "admin/save_hub_settings",
                admin.cookie(),
                &[
                    ("hub_name", hub_name),
                    ("tagline", &defaults.tagline),
                    ("accent_color", &defaults.accent_color),
                    ("label_programs", label),
                    ("label_discussion", &defaults.labels.discussion),
                    ("label_resources", &defaults.labels.resources),
                    ("label_events", &defaults.labels.events),
                    ("signup_mode", "open"),
                ],
            )
            .await
            .expect(200);
        for (path, cookie) in [
            ("/", None),
            ("/programs", None),
            ("/programs", member.cookie()),
        ] {
            let page = server.fetch(path, cookie).await;
            page.expect(200);
            assert_title_is_text(&page.body, "&lt;/title&gt;", path);
        }
        let page = server.fetch("/programs", None).await;
        let (title, _) = title_and_head(&page.body);
        assert!(title.contains("&amp; co"), "{title}");
    })
    .await;
}

/// Every `next` that could leave the site or break the `Location` header.
const BAD_NEXTS: &[&str] = &[
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "/\u{0}",
    "/\u{1}",
    "/\u{7f}",
    "/\u{1b}",
    "\\evil.example",
    "/\\evil.example",
    "//evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/%09/evil.example",
    "/%2F/evil.example",
    "/%5Cevil.example",
];

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_and_sign_up_never_redirect_off_the_site_or_crash() {
    on_both_backends(|server| async move {
        let (_, member) = admin_and_member(&server).await;
        for (index, next) in BAD_NEXTS.iter().enumerate() {
            for accept in [support::JSON, HTML] {
                let reply = server
                    .post_as(
                        "accounts/sign_in",
                        None,
                        &[
                            ("email", &member.email),
                            ("password", MEMBER_PASSWORD),
                            ("next", next),
                        ],
                        accept,
                        Some("/sign-in"),
                    )
                    .await;
                if next.chars().any(app::text::is_forbidden_control) {
                    // Refused before the server function runs (our pages
                    // never put such a `next` into the form).
                    assert!(
                        reply.status == 422 || reply.status == 302,
                        "{next:?}: {reply:?}"
                    );
                    assert!(reply.session_cookie().is_none(), "{next:?}");
                    let location = reply.location().unwrap_or("/sign-in?__flash");
                    assert!(
                        location.starts_with("/sign-in?") || location.contains("/sign-in?"),
                        "{next:?}: {location}"
                    );
                    continue;
                }
                assert!(
                    reply.status == 200 || reply.status == 302,
                    "{next:?} ({accept}): {reply:?}"
                );
                assert_eq!(reply.location(), Some("/"), "{next:?} ({accept})");
            }
            let email = format!("new{index}@example.org");
            let reply = server
                .post_as(
                    "accounts/sign_up",
                    None,
                    &[
                        ("name", "New Member"),
                        ("email", &email),
                        ("password", "a long enough passphrase"),
                        ("next", next),
                    ],
                    HTML,
                    Some("/sign-up"),
                )
                .await;
            assert_eq!(reply.status, 302, "{next:?}: {reply:?}");
            if !next.chars().any(app::text::is_forbidden_control) {
                assert_eq!(reply.location(), Some("/"), "{next:?}");
            }
        }
        // A same-site path is kept.
        let reply = server
            .post(
                "accounts/sign_in",
                None,
                &[
                    ("email", &member.email),
                    ("password", MEMBER_PASSWORD),
                    ("next", "/programs?q=career%20change"),
                ],
            )
            .await;
        assert_eq!(reply.location(), Some("/programs?q=career%20change"));
        // The pages that carry `next` leave a bad one out of their forms.
        for query in [
            "next=/%01",
            "next=/%00",
            "next=/%7f",
            "next=%2F%09%2Fevil.example",
            "next=//evil.example",
        ] {
            for path in ["/sign-in", "/sign-up"] {
                let page = server.fetch(&format!("{path}?{query}"), None).await;
                page.expect(200);
                assert!(
                    page.body.contains(r#"name="next" value="""#),
                    "{path}?{query}"
                );
            }
        }
        let page = server.fetch("/sign-in?next=/programs", None).await;
        assert!(page.body.contains(r#"name="next" value="/programs""#));
    })
    .await;
}

/// A failed sign-in for `email` from the client `forwarded_for`.
async fn fail_sign_in(server: &TestServer, email: &str, forwarded_for: &str) -> u16 {
    let request = server
        .call("accounts/sign_in")
        .header("origin", server.base.clone())
        .header("x-forwarded-for", forwarded_for)
        .form(&[("email", email), ("password", "not the password")]);
    server.send(request).await.status
}

async fn sign_in_via(
    server: &TestServer,
    member: &Member,
    forwarded_for: &str,
    cookie: Option<&str>,
) -> support::Reply {
    let mut request = server
        .call("accounts/sign_in")
        .header("origin", server.base.clone())
        .header("x-forwarded-for", forwarded_for)
        .form(&[
            ("email", member.email.as_str()),
            ("password", member.password.as_str()),
        ]);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    server.send(request).await
}

#[tokio::test(flavor = "multi_thread")]
async fn behind_a_trusted_proxy_each_client_is_throttled_on_its_own() {
    for db in [
        Some(app::db::testing::TestDb::sqlite().await),
        app::db::testing::TestDb::postgres().await,
    ]
    .into_iter()
    .flatten()
    {
        let server = TestServer::start_with(db, &[("TRUSTED_PROXIES", "127.0.0.1/32")]).await;
        let (_, member) = admin_and_member(&server).await;
        let attacker = "203.0.113.66";
        for n in 0..app::accounts::store::THROTTLE_PER_ADDRESS {
            assert_eq!(
                fail_sign_in(&server, &format!("victim{n}@example.org"), attacker).await,
                422
            );
        }
        assert_eq!(
            fail_sign_in(&server, "victim@example.org", attacker).await,
            429,
            "the attacker's address is throttled"
        );
        // A member behind the same proxy, from another address, signs in.
        let reply = sign_in_via(&server, &member, "198.51.100.7", None).await;
        reply.expect(200);
        // A client cannot pose as another one: the proxy appends the real
        // address, and that is the one that counts.
        assert_eq!(
            fail_sign_in(
                &server,
                "victim@example.org",
                &format!("198.51.100.7, {attacker}")
            )
            .await,
            429
        );
        server.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn without_trusted_proxies_a_forwarded_address_is_ignored() {
    let server = TestServer::start(app::db::testing::TestDb::sqlite().await).await;
    for n in 0..app::accounts::store::THROTTLE_PER_ADDRESS {
        fail_sign_in(
            &server,
            &format!("v{n}@example.org"),
            &format!("10.9.0.{n}"),
        )
        .await;
    }
    assert_eq!(
        fail_sign_in(&server, "v@example.org", "10.9.1.1").await,
        429
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_locked_account_still_signs_in_from_its_members_own_browser() {
    on_both_backends(|server| async move {
        let (_, member) = admin_and_member(&server).await;
        // The member's browser signed in before: it holds a device cookie.
        let first = sign_in_via(&server, &member, "-", None).await;
        first.expect(200);
        let device = first
            .headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("mentorhub_device="))
            .map(|v| v.split(';').next().unwrap().to_owned())
            .expect("a device cookie");
        assert!(first.headers.get_all("set-cookie").iter().any(|v| {
            let v = v.to_str().unwrap();
            v.starts_with("mentorhub_device=")
                && v.contains("HttpOnly")
                && v.contains("SameSite=Lax")
        }));
        // Someone else fails on this account until it is locked.
        for _ in 0..app::accounts::store::THROTTLE_PER_ACCOUNT {
            fail_sign_in(&server, &member.email, "-").await;
        }
        assert_eq!(fail_sign_in(&server, &member.email, "-").await, 429);
        let new_browser = sign_in_via(&server, &member, "-", None).await;
        assert_eq!(
            new_browser.status, 429,
            "a new browser waits: {new_browser:?}"
        );
        // The member's own browser does not.
        let own = sign_in_via(&server, &member, "-", Some(&device)).await;
        own.expect(200);
        // A device cookie is no master key: for another account it counts
        // for nothing.
        let mia_device = device.clone();
        let reply = server
            .send(
                server
                    .call("accounts/sign_in")
                    .header("origin", server.base.clone())
                    .header("cookie", mia_device)
                    .form(&[("email", "ada@example.org"), ("password", "wrong password")]),
            )
            .await;
        assert_eq!(reply.status, 422);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn password_reset_requests_are_limited_with_the_same_answer() {
    on_both_backends(|server| async move {
        let (_, member) = admin_and_member(&server).await;
        server.take_all_emails().await;
        let mut answers = Vec::new();
        for _ in 0..10 {
            let reply = server
                .post(
                    "accounts/request_password_reset",
                    None,
                    &[("email", &member.email)],
                )
                .await;
            reply.expect(200);
            answers.push(reply.body.clone());
        }
        assert!(
            answers.windows(2).all(|pair| pair[0] == pair[1]),
            "{answers:?}"
        );
        let emails = server.take_emails_to(&member.email).await;
        assert_eq!(
            emails.len() as i64,
            app::accounts::throttle::RESET_PER_EMAIL.max,
            "{}",
            server.backend()
        );
        // An unknown address gets the same answer.
        let unknown = server
            .post(
                "accounts/request_password_reset",
                None,
                &[("email", "nobody@example.org")],
            )
            .await;
        assert_eq!(unknown.body, answers[0]);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_current_passwords_lock_like_failed_sign_ins() {
    on_both_backends(|server| async move {
        let (_, member) = admin_and_member(&server).await;
        for _ in 0..app::accounts::store::THROTTLE_PER_ACCOUNT {
            server
                .post(
                    "accounts/request_email_change",
                    member.cookie(),
                    &[
                        ("new_email", "mia2@example.org"),
                        ("current_password", "a wrong guess"),
                    ],
                )
                .await
                .expect_invalid(
                    "email_current_password",
                    "That is not your current password.",
                );
        }
        let right = server
            .post(
                "accounts/request_email_change",
                member.cookie(),
                &[
                    ("new_email", "mia2@example.org"),
                    ("current_password", MEMBER_PASSWORD),
                ],
            )
            .await;
        assert_eq!(right.status, 429, "{right:?}");
        let change = server
            .post(
                "accounts/change_password",
                member.cookie(),
                &[
                    ("current_password", MEMBER_PASSWORD),
                    ("new_password", "another fine passphrase"),
                ],
            )
            .await;
        assert_eq!(change.status, 429, "{change:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_ups_from_one_address_are_limited() {
    let server = TestServer::start(app::db::testing::TestDb::sqlite().await).await;
    let limit = app::accounts::throttle::SIGN_UP_PER_ADDRESS.max;
    for n in 0..limit {
        let email = format!("m{n}@example.org");
        server
            .post(
                "accounts/sign_up",
                None,
                &[
                    ("name", "Member"),
                    ("email", &email),
                    ("password", "a long enough passphrase"),
                ],
            )
            .await
            .expect(200);
    }
    let refused = server
        .post(
            "accounts/sign_up",
            None,
            &[
                ("name", "Member"),
                ("email", "late@example.org"),
                ("password", "a long enough passphrase"),
            ],
        )
        .await;
    assert_eq!(refused.status, 429, "{refused:?}");
    assert!(refused.body.contains("RateLimited"), "{}", refused.body);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_foreign_referer_or_another_scheme_cannot_change_anything() {
    on_both_backends(|server| async move {
        let (_, member) = admin_and_member(&server).await;
        let attempt = |headers: Vec<(&'static str, String)>| {
            let mut request = server
                .client
                .post(server.url("/api/admin/set_hub_admin"))
                .header("accept", support::JSON)
                .header("cookie", member.cookie().unwrap())
                .form(&[("user_id", member.id()), ("admin", "true".to_owned())]);
            for (name, value) in headers {
                request = request.header(name, value);
            }
            request.send()
        };
        let host = server.base.trim_start_matches("http://").to_owned();
        for headers in [
            vec![("referer", "https://evil.example/page".to_owned())],
            vec![("origin", format!("https://{host}"))],
            vec![("origin", "null".to_owned())],
        ] {
            let response = attempt(headers.clone()).await.unwrap();
            assert_eq!(response.status(), 403, "{headers:?}");
        }
        // A same-site Referer alone is a browser on our page: accepted (and
        // refused further in, since a member cannot make admins).
        let response = attempt(vec![("referer", server.url("/admin/members"))])
            .await
            .unwrap();
        assert_eq!(response.status(), 403);
        assert!(response.text().await.unwrap().contains("Forbidden"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_arguments_are_the_clients_mistake() {
    on_both_backends(|server| async move {
        let (_, member) = admin_and_member(&server).await;
        let raw = |body: Vec<u8>| {
            server
                .call("accounts/member_profile")
                .header("cookie", member.cookie().unwrap())
                .body(body)
                .send()
        };
        for body in [
            b"id=abc".to_vec(),
            b"".to_vec(),
            b"other=1".to_vec(),
            b"id=9223372036854775808".to_vec(),
            b"id=\xff\xfe".to_vec(),
        ] {
            let response = raw(body.clone()).await.unwrap();
            assert_eq!(
                response.status(),
                400,
                "{:?}",
                String::from_utf8_lossy(&body)
            );
            let text = response.text().await.unwrap();
            assert!(!text.contains("invalid digit"), "{text}");
            assert!(text.len() < 200, "{text}");
        }
        let ok = raw(format!("id={}", member.id).into_bytes()).await.unwrap();
        assert_eq!(ok.status(), 200);
        // A browser accepts compressed answers: still 400, just compressed.
        let compressed = server
            .call("accounts/member_profile")
            .header("cookie", member.cookie().unwrap())
            .header("accept-encoding", "gzip, br")
            .body("id=abc")
            .send()
            .await
            .unwrap();
        assert_eq!(compressed.status(), 400);

        // A chunked body (no Content-Length) over the limit.
        assert_eq!(
            chunked_post(&server, "/api/accounts/member_profile", 3 * 1024 * 1024).await,
            413
        );
    })
    .await;
}

/// Posts `total` bytes with `Transfer-Encoding: chunked` over a raw
/// connection and returns the answer's status (the server may answer and
/// close before the body is all sent).
async fn chunked_post(server: &TestServer, path: &str, total: usize) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = server.base.trim_start_matches("http://").to_owned();
    let stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    // Read while writing: the answer may come (and the connection close)
    // long before the body is sent.
    let answer = tokio::spawn(async move {
        let mut answer = Vec::new();
        let mut buffer = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buffer).await {
            if n == 0 {
                break;
            }
            answer.extend_from_slice(&buffer[..n]);
            if answer.windows(4).any(|w| w == b"\r\n\r\n") {
                break;
            }
        }
        answer
    });
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Accept: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    writer.write_all(head.as_bytes()).await.unwrap();
    let chunk = [b'a'; 65_536];
    let mut sent = 0;
    while sent < total && !answer.is_finished() {
        let frame = [
            format!("{:x}\r\n", chunk.len()).into_bytes(),
            chunk.to_vec(),
            b"\r\n".to_vec(),
        ]
        .concat();
        if writer.write_all(&frame).await.is_err() {
            break;
        }
        sent += chunk.len();
    }
    let _ = writer.write_all(b"0\r\n\r\n").await;
    let answer = answer.await.unwrap();
    let answer = String::from_utf8_lossy(&answer);
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|status| status.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP answer: {answer:?}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn long_searches_get_a_message_not_an_error() {
    on_both_backends(|server| async move {
        let (admin, _) = admin_and_member(&server).await;
        let long = "a".repeat(50_000);
        let reply = server
            .post("programs/directory", None, &[("search", &long)])
            .await;
        reply.expect_invalid("q", "Search for at most 100 characters.");
        let reply = server
            .post(
                "admin/members",
                admin.cookie(),
                &[("query", &long), ("page", "1")],
            )
            .await;
        reply.expect_invalid("q", "Search for at most 100 characters.");
        // The pages show the message (the visitor's directory as well).
        let page = server
            .fetch(&format!("/programs?q={}", "a".repeat(5_000)), None)
            .await;
        assert_eq!(page.status, 422);
        assert!(page.body.contains("Search for at most 100 characters."));
        let page = server
            .fetch(
                &format!("/admin/members?q={}", "a".repeat(5_000)),
                admin.cookie(),
            )
            .await;
        assert!(page.body.contains("Search for at most 100 characters."));
        // Control characters in a search do not reach the database.
        server
            .post("programs/directory", None, &[("search", "car\u{0}eer")])
            .await
            .expect_invalid(
                "search",
                "Remove the invisible control character from this text.",
            );
        let page = server.fetch("/programs?q=car%00eer", None).await;
        page.expect(200);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_linkedin_link_must_lead_to_linkedin() {
    on_both_backends(|server| async move {
        let (_, member) = admin_and_member(&server).await;
        for link in [
            "https://evil.example\\.linkedin.com/in/x",
            "https://linkedin.com@evil.example/in/x",
            "https://linkedin.com.evil.example/in/x",
        ] {
            let pairs = profile_with(&[("linkedin_url", link)]);
            server
                .post("accounts/save_profile", member.cookie(), &pairs)
                .await
                .expect_invalid("linkedin_url", "Enter a link to linkedin.com.");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_for_a_signed_in_member_are_never_stored() {
    on_both_backends(|server| async move {
        let (_, member) = admin_and_member(&server).await;
        for path in ["/account", "/profile", "/", "/programs"] {
            let page = server.fetch(path, member.cookie()).await;
            assert_eq!(
                page.header("cache-control"),
                Some("private, no-store"),
                "{path}"
            );
        }
        let reply = server.post("accounts/overview", member.cookie(), &[]).await;
        assert_eq!(reply.header("cache-control"), Some("private, no-store"));
        let export = server.fetch("/account/export", member.cookie()).await;
        assert_eq!(export.header("cache-control"), Some("private, no-store"));
        // A sign-in answer sets a cookie: not stored either.
        let reply = server
            .post(
                "accounts/sign_in",
                None,
                &[("email", &member.email), ("password", MEMBER_PASSWORD)],
            )
            .await;
        assert_eq!(reply.header("cache-control"), Some("private, no-store"));
        // A visitor's page may be kept, but is revalidated.
        let page = server.fetch("/programs", None).await;
        assert_eq!(page.header("cache-control"), Some("no-cache"));
        let missing = server.fetch("/no/such/page", member.cookie()).await;
        assert_eq!(missing.status, 404);
        assert_eq!(missing.header("cache-control"), Some("private, no-store"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn control_characters_are_refused_the_same_on_both_databases() {
    on_both_backends(|server| async move {
        let (_, member) = admin_and_member(&server).await;
        for (field, value) in [
            ("headline", "a\u{0}b"),
            ("bio", "x\u{1}"),
            ("location", "\u{7f}"),
        ] {
            let pairs = profile_with(&[(field, value)]);
            server
                .post("accounts/save_profile", member.cookie(), &pairs)
                .await
                .expect_invalid(
                    field,
                    "Remove the invisible control character from this text.",
                );
            // Without JavaScript: back to the form with the message.
            let reply = server
                .post_as(
                    "accounts/save_profile",
                    member.cookie(),
                    &pairs,
                    HTML,
                    Some("/profile"),
                )
                .await;
            assert_eq!(reply.status, 302, "{}", server.backend());
            assert!(reply.location().unwrap().contains("__flash="), "{reply:?}");
        }
        // Line breaks and tabs are text.
        let pairs = profile_with(&[
            ("headline", "Mentor\tand mentee"),
            ("bio", "Line one\r\nLine two"),
        ]);
        server
            .post("accounts/save_profile", member.cookie(), &pairs)
            .await
            .expect(200);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_absurd_page_number_shows_the_last_page() {
    on_both_backends(|server| async move {
        let (admin, _) = admin_and_member(&server).await;
        for page in ["9223372036854775807", "4000000000000000000", "-5", "0"] {
            let reply = server
                .post(
                    "admin/members",
                    admin.cookie(),
                    &[("query", ""), ("page", page)],
                )
                .await;
            reply.expect(200);
            let json: Value = reply.json();
            assert_eq!(json["page"], 1, "{page}");
            assert_eq!(json["members"].as_array().unwrap().len(), 2, "{page}");
        }
        let page = server
            .fetch("/admin/members?page=9223372036854775807", admin.cookie())
            .await;
        page.expect(200);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_invitation_token_is_shown_once_and_never_in_a_url() {
    on_both_backends(|server| async move {
        let (admin, member) = admin_and_member(&server).await;
        let program = server.create_program(&admin, "Circle", "circle").await;
        let program_id = program["id"].as_i64().unwrap().to_string();
        // A plain form post, as without JavaScript.
        let created = server
            .post_as(
                "programs/create_invitation",
                admin.cookie(),
                &[
                    ("program_id", &program_id),
                    ("role", ""),
                    ("expires_on", ""),
                    ("max_uses", ""),
                ],
                HTML,
                Some("/programs/circle/admin/invitations"),
            )
            .await;
        assert_eq!(created.status, 302, "{created:?}");
        let location = created.location().unwrap().to_owned();
        assert!(
            location.starts_with("/programs/circle/admin/invitations?created="),
            "{location}"
        );
        assert!(location.len() < 512);
        let links = server
            .post(
                "programs/invitations",
                admin.cookie(),
                &[("program_id", &program_id)],
            )
            .await
            .json();
        assert_eq!(links.as_array().unwrap().len(), 1);

        // Another admin, or a member, holding the key gets nothing, and
        // does not use it up.
        let key = location.split("created=").nth(1).unwrap().to_owned();
        let other_admin = server
            .sign_up("Oli Other", "oli@example.org", "other admin passphrase")
            .await;
        server
            .post(
                "admin/set_hub_admin",
                admin.cookie(),
                &[("user_id", &other_admin.id()), ("admin", "true")],
            )
            .await
            .expect(200);
        let stolen = server
            .post(
                "programs/new_invitation_link",
                other_admin.cookie(),
                &[("slug", "circle"), ("key", &key)],
            )
            .await;
        stolen.expect(200);
        assert_eq!(stolen.json(), Value::Null);
        server
            .post(
                "programs/new_invitation_link",
                member.cookie(),
                &[("slug", "circle"), ("key", &key)],
            )
            .await
            .expect_forbidden();

        // The admin's page shows the link once.
        let page = server.fetch(&location, admin.cookie()).await;
        page.expect(200);
        let start = page.body.find("/join/").expect("the new link is shown");
        let token: String = page.body[start + 6..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        assert_eq!(token.len(), 43, "{token}");
        let again = server.fetch(&location, admin.cookie()).await;
        assert!(!again.body.contains(&token), "shown only once");
        // And it works.
        let invitation = server
            .post("programs/invitation", member.cookie(), &[("token", &token)])
            .await;
        invitation.expect(200);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_plain_form_post_keeps_what_was_typed_out_of_the_url() {
    on_both_backends(|server| async move {
        let (admin, _) = admin_and_member(&server).await;
        let about = "A long About text, paragraph after paragraph. ".repeat(430);
        assert!(about.len() > 19_000);
        let refused = server
            .post_as(
                "programs/save",
                admin.cookie(),
                &[
                    ("program_id", ""),
                    ("name", ""),
                    ("slug", "long-about"),
                    ("summary", "A summary"),
                    ("about_md", &about),
                    ("cover_color", ""),
                    ("status", "open"),
                    ("listed", "on"),
                    ("accepts_mentors", "on"),
                    ("approval", "manual"),
                    ("matching_mode", "admin_match"),
                    ("default_mentor_capacity", "3"),
                ],
                HTML,
                Some("/programs/new"),
            )
            .await;
        assert_eq!(refused.status, 302, "{refused:?}");
        let location = refused.location().unwrap().to_owned();
        assert!(location.len() < 512, "{} bytes: {location}", location.len());
        assert!(!location.contains("__err"), "{location}");
        assert!(location.contains("__flash="), "{location}");
        assert!(!location.contains("paragraph"), "{location}");
        let path = location.trim_start_matches(&server.base).to_owned();

        // Back on the form: the message beside the field, the text kept.
        let page = server.fetch(&path, admin.cookie()).await;
        page.expect(200);
        assert!(
            page.body.contains("Give the program a name."),
            "{}",
            server.backend()
        );
        assert!(page
            .body
            .contains("A long About text, paragraph after paragraph."));
        assert!(page.body.contains(r#"value="A summary""#));
        // Read once.
        let again = server.fetch(&path, admin.cookie()).await;
        assert!(!again.body.contains("paragraph after paragraph"));

        // A visitor's refused sign-up comes back the same way, name and
        // email kept, the password never.
        let refused = server
            .post_as(
                "accounts/sign_up",
                None,
                &[
                    ("name", "Vera Visitor"),
                    ("email", "vera@example.org"),
                    ("password", "short"),
                ],
                HTML,
                Some("/sign-up"),
            )
            .await;
        assert_eq!(refused.status, 302);
        let location = refused.location().unwrap().to_owned();
        assert!(
            !location.contains("Vera") && !location.contains("vera"),
            "{location}"
        );
        let page = server
            .fetch(location.trim_start_matches(&server.base), None)
            .await;
        assert!(
            page.body.contains(r#"value="Vera Visitor""#),
            "{}",
            server.backend()
        );
        assert!(page.body.contains(r#"value="vera@example.org""#));
        assert!(page.body.contains("Use at least 10 characters"));
        assert!(!page.body.contains("value=\"short\""));
    })
    .await;
}

/// The one-click unsubscribe link of a discussion email works for the
/// member it was signed for, and for nobody else (a changed id or
/// signature is refused); it changes nothing on GET (mail scanners follow
/// links), only on POST.
#[tokio::test(flavor = "multi_thread")]
async fn unsubscribe_links_are_signed_for_their_member() {
    on_both_backends(|server| async move {
        use app::discussion::{emails::unsubscribe_link, seal::SecretKey, store, DiscussionEmails};
        let (_admin, member) = admin_and_member(&server).await;
        let key = SecretKey::from_hex(support::TEST_SECRET_KEY).unwrap();
        let link = unsubscribe_link(&key, &server.url("/discussion/1"), member.id);
        let path = link.strip_prefix(&server.url("")).unwrap().to_owned();
        assert!(path.starts_with("/email/unsubscribe?user="), "{path}");
        let emails = || store::emails_of(&server.db.db, member.id);

        let shown = server.fetch(&path, None).await;
        assert_eq!(shown.status, 200, "{}: {shown:?}", server.backend());
        assert!(
            shown.body.contains("<form method=\"post\""),
            "{}",
            shown.body
        );
        assert_eq!(emails().await.unwrap(), DiscussionEmails::Immediately);

        let other = path.replace(
            &format!("user={}", member.id),
            &format!("user={}", member.id + 1),
        );
        for forged in [other, format!("{path}x")] {
            let reply = server.send(server.client.post(server.url(&forged))).await;
            assert_eq!(reply.status, 403, "{}: {forged}", server.backend());
        }
        assert_eq!(emails().await.unwrap(), DiscussionEmails::Immediately);

        // A mail client's one-click request: a POST without a browser's
        // headers, with the RFC 8058 body.
        let reply = server
            .send(
                server
                    .client
                    .post(server.url(&path))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body("List-Unsubscribe=One-Click"),
            )
            .await;
        assert_eq!(reply.status, 200, "{}: {reply:?}", server.backend());
        assert_eq!(emails().await.unwrap(), DiscussionEmails::Off);
    })
    .await;
}
