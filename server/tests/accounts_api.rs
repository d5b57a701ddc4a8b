//! API tests for accounts: sign-up, sign-in and out, sessions, password
//! reset, email change, profiles, the account page, the data export and the
//! hub admin's member management. Each runs on SQLite and on PostgreSQL
//! against the real router, called over HTTP the way a browser would.
//!
//! Every response goes through `TestServer::send`, which fails the test if a
//! body contains a password hash or a session token (or its hash).

mod support;

use app::accounts::{recovery::RESET_REQUESTED, security, store as accounts};
use serde_json::{json, Value};
use support::{
    admin_and_member, form, on_both_backends, Member, TestServer, ADMIN_PASSWORD, HTML,
    MEMBER_PASSWORD,
};

const OTHER_PASSWORD: &str = "other member reads books";

const NO_MATCH: &str = "That email and password do not match an account.";
const DEACTIVATED: &str = "This account has been deactivated. Contact the hub's admins.";
const INVITATION_ONLY: &str =
    "This hub is open by invitation only. Ask an admin for an invitation link.";
const EMAIL_TAKEN: &str =
    "An account with this email already exists. Sign in, or reset its password.";
const TOKEN_UNUSABLE: &str = "This link has expired or has already been used. Request a new one.";
const WRONG_CURRENT_PASSWORD: &str = "That is not your current password.";
const LAST_ADMIN: &str =
    "The hub must keep at least one active admin. Make someone else an admin first.";

async fn set_active(server: &TestServer, admin: &Member, user: &Member, active: bool) {
    server
        .post(
            "admin/set_member_active",
            admin.cookie(),
            &[("user_id", &user.id()), ("active", &active.to_string())],
        )
        .await
        .expect(200);
}

/// The id of the session `cookie` belongs to, from the account page's list.
async fn current_session_id(server: &TestServer, member: &Member) -> i64 {
    let overview = server
        .post("accounts/overview", member.cookie(), &[])
        .await
        .expect(200)
        .json();
    let current: Vec<&Value> = overview["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|session| session["current"] == true)
        .collect();
    assert_eq!(current.len(), 1, "{overview}");
    current[0]["id"].as_i64().unwrap()
}

/// Asserts that `cookie` no longer signs anybody in.
async fn assert_signed_out(server: &TestServer, cookie: &str) {
    assert_eq!(server.current_user(Some(cookie)).await, Value::Null);
    server
        .post("accounts/my_profile", Some(cookie), &[])
        .await
        .expect_unauthorized();
}

/// Asserts that `cookie` signs `member` in.
async fn assert_signed_in(server: &TestServer, cookie: &str, member: &Member) {
    let user = server.current_user(Some(cookie)).await;
    assert_eq!(user["id"], member.id, "{user}");
    server
        .post("accounts/my_profile", Some(cookie), &[])
        .await
        .expect(200);
}

fn profile_form(name: &str, website_url: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", name.to_owned()),
        ("headline", "Backend engineer".to_owned()),
        ("bio", "I like **Rust**.".to_owned()),
        ("location", "Lyon".to_owned()),
        ("time_zone", "Europe/Paris".to_owned()),
        ("languages", "French, English".to_owned()),
        ("expertise", "Rust, Career change".to_owned()),
        ("website_url", website_url.to_owned()),
        ("linkedin_url", String::new()),
    ]
}

fn hub_settings_form(hub_name: &str, signup_mode: &str) -> Vec<(&'static str, String)> {
    let defaults = app::hub::HubSettings::default();
    vec![
        ("hub_name", hub_name.to_owned()),
        ("tagline", defaults.tagline),
        ("accent_color", defaults.accent_color),
        ("label_programs", defaults.labels.programs),
        ("label_discussion", defaults.labels.discussion),
        ("label_resources", defaults.labels.resources),
        ("label_events", defaults.labels.events),
        ("signup_mode", signup_mode.to_owned()),
    ]
}

// ---------------------------------------------------------------------------
// Authorization: every function with the allowed and the refused callers
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn member_functions_refuse_visitors_and_deactivated_members() {
    on_both_backends(|server| async move {
        let (admin, member) = admin_and_member(&server).await;
        let gone = server
            .sign_up("Dee Parted", "dee@example.org", OTHER_PASSWORD)
            .await;
        set_active(&server, &admin, &gone, false).await;
        let second = server.sign_in(&member.email, &member.password).await;
        let second_id = current_session_id(&server, &second).await;

        let calls: Vec<(&str, Vec<(&str, String)>)> = vec![
            ("accounts/my_profile", vec![]),
            (
                "accounts/save_profile",
                profile_form("Mia Changed", "https://mia.example.org"),
            ),
            ("accounts/member_profile", vec![("id", admin.id())]),
            ("accounts/expertise_suggestions", vec![]),
            ("accounts/overview", vec![]),
            (
                "accounts/request_email_change",
                vec![
                    ("new_email", "mia.new@example.org".into()),
                    ("current_password", MEMBER_PASSWORD.into()),
                ],
            ),
            (
                "accounts/revoke_session",
                vec![("id", second_id.to_string())],
            ),
            (
                "accounts/change_password",
                vec![
                    ("current_password", MEMBER_PASSWORD.into()),
                    ("new_password", "a brand new passphrase".into()),
                ],
            ),
        ];

        // Signed out, and with the cookie of a deactivated member: 401, and
        // nothing happens.
        for (label, cookie) in [("visitor", None), ("deactivated", gone.cookie())] {
            for (function, args) in &calls {
                let reply = server.post(function, cookie, &form(args)).await;
                assert_eq!(reply.status, 401, "{label} calling {function}: {reply:?}");
                reply.expect_unauthorized();
            }
        }
        let profile = server
            .post("accounts/my_profile", member.cookie(), &[])
            .await
            .expect(200)
            .json();
        assert_eq!(profile["name"], "Mia Member");
        assert_signed_in(&server, &second.cookie, &member).await;
        assert!(server
            .take_emails_to("mia.new@example.org")
            .await
            .is_empty());

        // The member: every call succeeds.
        for (function, args) in &calls {
            let reply = server.post(function, member.cookie(), &form(args)).await;
            assert_eq!(reply.status, 200, "member calling {function}: {reply:?}");
        }
        let profile = server
            .post("accounts/my_profile", member.cookie(), &[])
            .await
            .json();
        assert_eq!(profile["name"], "Mia Changed");
        assert_eq!(server.take_emails_to("mia.new@example.org").await.len(), 1);
        assert_signed_out(&server, &second.cookie).await;
        // change_password kept the session it was called from.
        assert_signed_in(&server, &member.cookie, &member).await;

        // The hub admin may call them too.
        for (function, args) in [
            ("accounts/my_profile", vec![]),
            ("accounts/member_profile", vec![("id", member.id())]),
            ("accounts/expertise_suggestions", vec![]),
            ("accounts/overview", vec![]),
            (
                "accounts/save_profile",
                profile_form("Ada Admin", "https://ada.example.org"),
            ),
        ] {
            let reply = server.post(function, admin.cookie(), &form(&args)).await;
            assert_eq!(reply.status, 200, "admin calling {function}: {reply:?}");
        }
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn admin_functions_refuse_members_visitors_and_deactivated_members() {
    on_both_backends(|server| async move {
        let (admin, member) = admin_and_member(&server).await;
        let gone = server
            .sign_up("Dee Parted", "dee@example.org", OTHER_PASSWORD)
            .await;
        set_active(&server, &admin, &gone, false).await;

        // What a member would try: make themselves admin, lock the admin
        // out, close the hub.
        let calls: Vec<(&str, Vec<(&str, String)>)> = vec![
            (
                "admin/members",
                vec![("query", String::new()), ("page", "1".into())],
            ),
            (
                "admin/set_hub_admin",
                vec![("user_id", member.id()), ("admin", "true".into())],
            ),
            (
                "admin/set_member_active",
                vec![("user_id", admin.id()), ("active", "false".into())],
            ),
            (
                "admin/save_hub_settings",
                hub_settings_form("Taken Over", "invitation"),
            ),
        ];
        for (function, args) in &calls {
            server
                .post(function, None, &form(args))
                .await
                .expect_unauthorized();
            server
                .post(function, gone.cookie(), &form(args))
                .await
                .expect_unauthorized();
            server
                .post(function, member.cookie(), &form(args))
                .await
                .expect_forbidden();
        }
        // Nothing happened.
        assert_eq!(
            server.current_user(member.cookie()).await["is_hub_admin"],
            false
        );
        assert_signed_in(&server, &admin.cookie, &admin).await;
        let hub = server
            .post("hub_settings", None, &[])
            .await
            .expect(200)
            .json();
        assert_eq!(hub["hub_name"], "Mentorhub");
        assert_eq!(hub["signup_mode"], "Open");

        // The hub admin: each succeeds.
        let members = server
            .post(
                "admin/members",
                admin.cookie(),
                &[("query", ""), ("page", "1")],
            )
            .await
            .expect(200)
            .json();
        assert_eq!(members["total"], 3, "{members}");
        server
            .post(
                "admin/set_member_active",
                admin.cookie(),
                &[("user_id", &gone.id()), ("active", "true")],
            )
            .await
            .expect(200);
        server
            .post(
                "admin/save_hub_settings",
                admin.cookie(),
                &form(&hub_settings_form("Acme Mentoring", "open")),
            )
            .await
            .expect(200);
        let hub = server.post("hub_settings", None, &[]).await.json();
        assert_eq!(hub["hub_name"], "Acme Mentoring");
        server
            .post(
                "admin/set_hub_admin",
                admin.cookie(),
                &[("user_id", &member.id()), ("admin", "true")],
            )
            .await
            .expect(200);
        assert_eq!(
            server.current_user(member.cookie()).await["is_hub_admin"],
            true
        );
        // Now the former member is allowed in too.
        server
            .post(
                "admin/members",
                member.cookie(),
                &[("query", ""), ("page", "1")],
            )
            .await
            .expect(200);
        // An unknown account is "not found", not an internal error.
        server
            .post(
                "admin/set_hub_admin",
                admin.cookie(),
                &[("user_id", "999999"), ("admin", "true")],
            )
            .await
            .expect_not_found();
        server
            .post(
                "admin/set_member_active",
                admin.cookie(),
                &[("user_id", "999999"), ("active", "false")],
            )
            .await
            .expect_not_found();
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn current_user_and_sign_out_answer_every_caller() {
    on_both_backends(|server| async move {
        let (admin, member) = admin_and_member(&server).await;
        let gone = server
            .sign_up("Dee Parted", "dee@example.org", OTHER_PASSWORD)
            .await;
        set_active(&server, &admin, &gone, false).await;

        assert_eq!(server.current_user(None).await, Value::Null);
        assert_eq!(server.current_user(gone.cookie()).await, Value::Null);
        assert_eq!(
            server.current_user(member.cookie()).await,
            json!({"id": member.id, "name": "Mia Member", "email": "mia@example.org", "is_hub_admin": false})
        );
        assert_eq!(
            server.current_user(admin.cookie()).await,
            json!({"id": admin.id, "name": "Ada Admin", "email": "ada@example.org", "is_hub_admin": true})
        );

        // Signing out works for anyone and always drops the cookie.
        for cookie in [None, gone.cookie(), member.cookie(), admin.cookie()] {
            let reply = server.post("accounts/sign_out", cookie, &[]).await;
            reply.expect(200);
            assert!(reply.clears_session(), "{reply:?}");
            assert_eq!(reply.location(), Some("/"), "{reply:?}");
        }
        assert_signed_out(&server, &member.cookie).await;
        assert_signed_out(&server, &admin.cookie).await;
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn export_downloads_own_data_only_when_signed_in() {
    on_both_backends(|server| async move {
        let (admin, member) = admin_and_member(&server).await;
        let gone = server
            .sign_up("Dee Parted", "dee@example.org", OTHER_PASSWORD)
            .await;
        set_active(&server, &admin, &gone, false).await;

        for cookie in [None, gone.cookie()] {
            let reply = server.fetch("/account/export", cookie).await;
            reply.expect(401);
            assert_eq!(reply.body, "Sign in to download your data.");
        }

        server
            .post(
                "accounts/save_profile",
                member.cookie(),
                &form(&profile_form("Mia Member", "https://mia.example.org")),
            )
            .await
            .expect(200);
        for who in [&member, &admin] {
            let reply = server.fetch("/account/export", who.cookie()).await;
            reply.expect(200);
            assert_eq!(reply.header("content-type"), Some("application/json"));
            assert_eq!(
                reply.header("content-disposition"),
                Some("attachment; filename=\"mentorhub-data.json\"")
            );
            assert_eq!(reply.header("cache-control"), Some("private, no-store"));
            let data = reply.json();
            assert_eq!(data["account"]["id"], who.id, "{data}");
            assert_eq!(data["account"]["email"], who.email.as_str(), "{data}");
            assert_eq!(data["profile"]["name"], who.name.as_str(), "{data}");
            assert_eq!(data["sessions"].as_array().unwrap().len(), 1, "{data}");
            assert!(!reply.body.contains("password"), "{data}");
        }
        let data = server
            .fetch("/account/export", member.cookie())
            .await
            .json();
        assert_eq!(data["profile"]["website_url"], "https://mia.example.org");
        assert_eq!(
            data["profile"]["expertise"],
            json!(["Career change", "Rust"])
        );
        server.stop().await;
    })
    .await;
}

// ---------------------------------------------------------------------------
// Sign-up
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn the_first_account_becomes_hub_admin_and_the_second_does_not() {
    on_both_backends(|server| async move {
        let (admin, member) = admin_and_member(&server).await;
        assert_eq!(
            server.current_user(admin.cookie()).await["is_hub_admin"],
            true
        );
        assert_eq!(
            server.current_user(member.cookie()).await["is_hub_admin"],
            false
        );
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_up_sets_a_safe_cookie_and_refuses_bad_input() {
    on_both_backends(|server| async move {
        let reply = server
            .post(
                "accounts/sign_up",
                None,
                &[
                    ("name", "Ada Admin"),
                    ("email", "ada@example.org"),
                    ("password", ADMIN_PASSWORD),
                ],
            )
            .await;
        reply.expect(200);
        let set = reply.session_set_cookies();
        assert_eq!(set.len(), 1, "{reply:?}");
        assert!(
            set[0].contains("; Path=/; HttpOnly; SameSite=Lax"),
            "{}",
            set[0]
        );
        assert!(!set[0].contains("Secure"), "plain http: {}", set[0]);
        assert_eq!(reply.session_token().unwrap().len(), 43, "256-bit token");

        // The same email in other case is taken.
        let reply = server
            .post(
                "accounts/sign_up",
                None,
                &[
                    ("name", "Ada Again"),
                    ("email", "  ADA@Example.org "),
                    ("password", OTHER_PASSWORD),
                ],
            )
            .await;
        reply.expect_invalid("email", EMAIL_TAKEN);
        assert_eq!(
            reply.submitted(),
            json!({"name": "Ada Again", "email": "  ADA@Example.org "}),
            "the password is never echoed"
        );

        let reply = server
            .post(
                "accounts/sign_up",
                None,
                &[
                    ("name", "Bob"),
                    ("email", "bob@example.org"),
                    ("password", "Password123"),
                ],
            )
            .await;
        reply.expect_invalid(
            "password",
            "This password is one of the most common ones and easy to guess. Choose another.",
        );
        let reply = server
            .post(
                "accounts/sign_up",
                None,
                &[
                    ("name", " "),
                    ("email", "not-an-email"),
                    ("password", "short"),
                ],
            )
            .await;
        reply.expect_invalid("name", "Enter your name.");
        reply.expect_invalid("email", "Enter an email address like name@example.org.");
        reply.expect_invalid(
            "password",
            "Use at least 10 characters; a few unrelated words work well.",
        );
        // 128 characters are accepted.
        server
            .sign_up("Long Password", "long@example.org", &"x1y2".repeat(32))
            .await;
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_sign_up_leaves_the_browsers_session_alone() {
    on_both_backends(|server| async move {
        let (admin, member) = admin_and_member(&server).await;
        // A signed-in member submits the sign-up form with a taken email, and
        // (once the hub is invitation-only) with a new one.
        let taken = server
            .post(
                "accounts/sign_up",
                member.cookie(),
                &[
                    ("name", "Mia Again"),
                    ("email", "ada@example.org"),
                    ("password", OTHER_PASSWORD),
                ],
            )
            .await;
        taken.expect_invalid("email", EMAIL_TAKEN);
        server
            .set_signup_mode(&admin, "invitation")
            .await
            .expect(200);
        let closed = server
            .post(
                "accounts/sign_up",
                member.cookie(),
                &[
                    ("name", "Mia Again"),
                    ("email", "new@example.org"),
                    ("password", OTHER_PASSWORD),
                ],
            )
            .await;
        closed.expect_invalid("email", INVITATION_ONLY);

        for reply in [&taken, &closed] {
            // No account and no session were created, so no cookie may be
            // set: one would replace the browser's working session.
            assert!(
                reply.session_set_cookies().is_empty(),
                "a refused sign-up sets a session cookie: {reply:?}"
            );
            let browser = reply.session_cookie().unwrap_or(member.cookie.clone());
            assert_signed_in(&server, &browser, &member).await;
        }
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_up_is_refused_when_the_hub_is_invitation_only() {
    on_both_backends(|server| async move {
        let admin = server
            .sign_up("Ada Admin", "ada@example.org", ADMIN_PASSWORD)
            .await;
        server
            .set_signup_mode(&admin, "invitation")
            .await
            .expect(200);
        let hub = server.post("hub_settings", None, &[]).await.json();
        assert_eq!(hub["signup_mode"], "InvitationOnly");

        let reply = server
            .post(
                "accounts/sign_up",
                None,
                &[
                    ("name", "Mia Member"),
                    ("email", "mia@example.org"),
                    ("password", MEMBER_PASSWORD),
                ],
            )
            .await;
        reply.expect_invalid("email", INVITATION_ONLY);
        assert_eq!(
            reply.submitted(),
            json!({"name": "Mia Member", "email": "mia@example.org"})
        );
        assert_eq!(reply.location(), None, "{reply:?}");
        // No account was made.
        server
            .post(
                "accounts/sign_in",
                None,
                &[("email", "mia@example.org"), ("password", MEMBER_PASSWORD)],
            )
            .await
            .expect_invalid("password", NO_MATCH);

        server.set_signup_mode(&admin, "open").await.expect(200);
        server
            .sign_up("Mia Member", "mia@example.org", MEMBER_PASSWORD)
            .await;
        server.stop().await;
    })
    .await;
}

// ---------------------------------------------------------------------------
// Sign-in
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_answers_the_same_for_unknown_email_and_wrong_password() {
    on_both_backends(|server| async move {
        let (_, member) = admin_and_member(&server).await;
        let wrong_password = server
            .post(
                "accounts/sign_in",
                None,
                &[
                    ("email", "mia@example.org"),
                    ("password", "not my password at all"),
                ],
            )
            .await;
        let unknown_email = server
            .post(
                "accounts/sign_in",
                None,
                &[
                    ("email", "nobody@example.org"),
                    ("password", "not my password at all"),
                ],
            )
            .await;
        wrong_password.expect_invalid("password", NO_MATCH);
        unknown_email.expect_invalid("password", NO_MATCH);
        assert_eq!(wrong_password.status, unknown_email.status);
        // Byte for byte the same, apart from the echoed email itself.
        assert_eq!(
            wrong_password.body.replace("mia@example.org", "EMAIL"),
            unknown_email.body.replace("nobody@example.org", "EMAIL"),
        );
        for reply in [&wrong_password, &unknown_email] {
            assert_eq!(reply.session_token(), None, "{reply:?}");
            assert_eq!(reply.location(), None, "{reply:?}");
        }

        // Email case and surrounding spaces do not matter.
        let again = server.sign_in("  MIA@example.ORG ", &member.password).await;
        assert_eq!(again.id, member.id);
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deactivated_account_cannot_sign_in_until_reactivated() {
    on_both_backends(|server| async move {
        let (admin, member) = admin_and_member(&server).await;
        set_active(&server, &admin, &member, false).await;

        let reply = server
            .post(
                "accounts/sign_in",
                None,
                &[("email", "mia@example.org"), ("password", MEMBER_PASSWORD)],
            )
            .await;
        reply.expect_invalid("email", DEACTIVATED);
        assert_eq!(reply.session_token(), None, "{reply:?}");
        // Without the right password, the usual answer: nothing is revealed.
        server
            .post(
                "accounts/sign_in",
                None,
                &[
                    ("email", "mia@example.org"),
                    ("password", "not my password at all"),
                ],
            )
            .await
            .expect_invalid("password", NO_MATCH);

        let listed = server
            .post(
                "admin/members",
                admin.cookie(),
                &[("query", "mia"), ("page", "1")],
            )
            .await
            .json();
        assert_eq!(listed["members"][0]["active"], false, "{listed}");

        set_active(&server, &admin, &member, true).await;
        let back = server.sign_in(&member.email, &member.password).await;
        assert_signed_in(&server, &back.cookie, &member).await;
        // The session from before the deactivation stays dead.
        assert_signed_out(&server, &member.cookie).await;
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_is_throttled_per_account_without_locking_the_owner_out_for_good() {
    on_both_backends(|server| async move {
        let (_, member) = admin_and_member(&server).await;
        for attempt in 1..=10 {
            let reply = server
                .post(
                    "accounts/sign_in",
                    None,
                    &[
                        ("email", "mia@example.org"),
                        ("password", &format!("guess number {attempt}")),
                    ],
                )
                .await;
            assert_eq!(reply.status, 422, "attempt {attempt}: {reply:?}");
            reply.expect_invalid("password", NO_MATCH);
        }
        // The 11th attempt is refused even with the right password.
        let reply = server
            .post(
                "accounts/sign_in",
                None,
                &[("email", "MIA@example.org"), ("password", MEMBER_PASSWORD)],
            )
            .await;
        reply.expect(429);
        assert_eq!(reply.session_token(), None, "{reply:?}");
        let wait = reply.json()["RateLimited"]["retry_after_secs"]
            .as_u64()
            .unwrap_or_else(|| panic!("{reply:?}"));
        assert!((800..=900).contains(&wait), "about 15 minutes: {wait}");

        // Another account from the same address is not blocked by that.
        server
            .sign_up("Otto Other", "otto@example.org", OTHER_PASSWORD)
            .await;
        let otto = server.sign_in("otto@example.org", OTHER_PASSWORD).await;
        assert_signed_in(&server, &otto.cookie, &otto).await;

        // An unknown email is throttled the same way (no account enumeration).
        for attempt in 1..=10 {
            server
                .post(
                    "accounts/sign_in",
                    None,
                    &[
                        ("email", "ghost@example.org"),
                        ("password", &format!("guess number {attempt}")),
                    ],
                )
                .await
                .expect_invalid("password", NO_MATCH);
        }
        server
            .post(
                "accounts/sign_in",
                None,
                &[
                    ("email", "ghost@example.org"),
                    ("password", "guess number 11"),
                ],
            )
            .await
            .expect(429);

        // The block ends with the window (checked at the store: HTTP cannot
        // move the clock)...
        let later = app::email::store::now() + accounts::THROTTLE_WINDOW;
        assert_eq!(accounts::THROTTLE_WINDOW.num_minutes(), 15);
        assert!(
            accounts::throttled_for(&server.db.db, "mia@example.org", "127.0.0.1", later)
                .await
                .unwrap()
                .is_none()
        );
        // ...and a password reset lets the owner in at once.
        server
            .post(
                "accounts/request_password_reset",
                None,
                &[("email", "mia@example.org")],
            )
            .await
            .expect(200);
        let token = server
            .link_token("mia@example.org", "/reset-password")
            .await;
        server
            .post(
                "accounts/reset_password",
                None,
                &[("token", &token), ("password", "my fresh passphrase")],
            )
            .await
            .expect(200);
        let back = server
            .sign_in("mia@example.org", "my fresh passphrase")
            .await;
        assert_eq!(back.id, member.id);
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn after_sign_in_only_same_site_next_paths_are_followed() {
    on_both_backends(|server| async move {
        let (_, member) = admin_and_member(&server).await;
        let cases = [
            (Some("/programs?tab=mentors"), "/programs?tab=mentors"),
            (Some("/account"), "/account"),
            (Some("https://elsewhere.example"), "/"),
            (Some("//elsewhere.example"), "/"),
            (Some("/\\elsewhere.example"), "/"),
            (Some("elsewhere.example"), "/"),
            (Some("javascript:alert(1)"), "/"),
            (None, "/"),
        ];
        for (next, expected) in cases {
            let mut fields = vec![
                ("email", member.email.as_str()),
                ("password", MEMBER_PASSWORD),
            ];
            if let Some(next) = next {
                fields.push(("next", next));
            }
            // The hydrated app: 200, and a header telling the client to navigate.
            let reply = server.post("accounts/sign_in", None, &fields).await;
            reply.expect(200);
            assert!(
                reply.headers.contains_key("serverfnredirect"),
                "{next:?}: {reply:?}"
            );
            assert_eq!(reply.location(), Some(expected), "{next:?}: {reply:?}");
            assert!(reply.session_token().is_some());

            // A plain form post (no JavaScript): a real redirect.
            let reply = server
                .post_as("accounts/sign_in", None, &fields, HTML, Some("/sign-in"))
                .await;
            reply.expect(302);
            assert!(!reply.headers.contains_key("serverfnredirect"), "{reply:?}");
            assert_eq!(reply.location(), Some(expected), "{next:?}: {reply:?}");
            assert!(reply.session_token().is_some());
        }

        // Sign-up follows the same rule.
        for (email, next, expected) in [
            ("n1@example.org", "/profile", "/profile"),
            ("n2@example.org", "https://elsewhere.example/phish", "/"),
            ("n3@example.org", "//elsewhere.example", "/"),
        ] {
            let reply = server
                .post(
                    "accounts/sign_up",
                    None,
                    &[
                        ("name", "New Person"),
                        ("email", email),
                        ("password", OTHER_PASSWORD),
                        ("next", next),
                    ],
                )
                .await;
            reply.expect(200);
            assert_eq!(reply.location(), Some(expected), "{next}: {reply:?}");
        }
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_plain_form_post_goes_back_to_the_form() {
    on_both_backends(|server| async move {
        admin_and_member(&server).await;
        let reply = server
            .post_as(
                "accounts/sign_in",
                None,
                &[
                    ("email", "mia@example.org"),
                    ("password", "not my password at all"),
                ],
                HTML,
                Some("/sign-in?next=/programs"),
            )
            .await;
        // A browser without JavaScript only follows a redirect; any other
        // status would show it the raw JSON error.
        assert_eq!(reply.status, 302, "{reply:?}");
        let location = reply.location().unwrap_or_default();
        assert!(
            location.starts_with(&server.url("/sign-in?next=/programs")),
            "back to the form: {reply:?}"
        );
        assert_eq!(reply.session_token(), None);
        server.stop().await;
    })
    .await;
}

// ---------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn a_cookie_replayed_after_sign_out_is_refused() {
    on_both_backends(|server| async move {
        let (_, member) = admin_and_member(&server).await;
        let laptop = server.sign_in(&member.email, &member.password).await;
        let captured = member.cookie.clone();

        let reply = server.post("accounts/sign_out", Some(&captured), &[]).await;
        reply.expect(200);
        assert!(reply.clears_session(), "{reply:?}");
        assert!(reply.headers.contains_key("serverfnredirect"));
        assert_eq!(reply.location(), Some("/"));

        assert_signed_out(&server, &captured).await;
        server
            .post("accounts/overview", Some(&captured), &[])
            .await
            .expect_unauthorized();
        server
            .fetch("/account/export", Some(&captured))
            .await
            .expect(401);
        // Only that browser was signed out.
        assert_signed_in(&server, &laptop.cookie, &member).await;
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn signing_in_rotates_the_browsers_session() {
    on_both_backends(|server| async move {
        let (admin, member) = admin_and_member(&server).await;
        // The browser already holds a session and signs in again.
        let rotated = server
            .sign_in_from(&member.email, &member.password, member.cookie())
            .await;
        assert_ne!(rotated.cookie, member.cookie);
        assert_signed_in(&server, &rotated.cookie, &member).await;
        assert_signed_out(&server, &member.cookie).await;

        // A browser holding someone else's cookie that signs in as itself
        // ends that session too (it is the same browser).
        let shared = server
            .sign_in_from(&member.email, &member.password, admin.cookie())
            .await;
        assert_signed_in(&server, &shared.cookie, &member).await;
        assert_signed_out(&server, &admin.cookie).await;
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn deactivation_ends_the_members_sessions_at_once() {
    on_both_backends(|server| async move {
        let (admin, member) = admin_and_member(&server).await;
        let phone = server.sign_in(&member.email, &member.password).await;
        assert_signed_in(&server, &member.cookie, &member).await;

        set_active(&server, &admin, &member, false).await;
        for cookie in [&member.cookie, &phone.cookie] {
            assert_signed_out(&server, cookie).await;
            server
                .post(
                    "accounts/save_profile",
                    Some(cookie),
                    &form(&profile_form("Mia", "")),
                )
                .await
                .expect_unauthorized();
            server
                .fetch("/account/export", Some(cookie))
                .await
                .expect(401);
        }
        // Reactivating does not bring old sessions back.
        set_active(&server, &admin, &member, true).await;
        assert_signed_out(&server, &member.cookie).await;
        assert_signed_out(&server, &phone.cookie).await;
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn revoke_session_ends_only_the_members_own_sessions() {
    on_both_backends(|server| async move {
        let (admin, member) = admin_and_member(&server).await;
        let phone = server.sign_in(&member.email, &member.password).await;
        let phone_id = current_session_id(&server, &phone).await;
        let admin_session = current_session_id(&server, &admin).await;

        let overview = server
            .post("accounts/overview", member.cookie(), &[])
            .await
            .json();
        assert_eq!(overview["email"], "mia@example.org");
        let sessions = overview["sessions"].as_array().unwrap();
        assert_eq!(sessions.len(), 2, "{overview}");
        assert_eq!(
            sessions.iter().filter(|s| s["current"] == true).count(),
            1,
            "{overview}"
        );
        assert!(sessions.iter().any(|s| s["id"] == phone_id));

        // Another member's session: not found, and it keeps working.
        server
            .post(
                "accounts/revoke_session",
                member.cookie(),
                &[("id", &admin_session.to_string())],
            )
            .await
            .expect_not_found();
        assert_signed_in(&server, &admin.cookie, &admin).await;
        // Not even a hub admin can end someone else's session this way.
        server
            .post(
                "accounts/revoke_session",
                admin.cookie(),
                &[("id", &phone_id.to_string())],
            )
            .await
            .expect_not_found();
        assert_signed_in(&server, &phone.cookie, &member).await;

        // Own other session: gone at once; this one stays.
        let reply = server
            .post(
                "accounts/revoke_session",
                member.cookie(),
                &[("id", &phone_id.to_string())],
            )
            .await;
        reply.expect(200);
        assert!(
            !reply.clears_session(),
            "another device's session: {reply:?}"
        );
        assert_signed_out(&server, &phone.cookie).await;
        assert_signed_in(&server, &member.cookie, &member).await;
        // A second revocation of the same id: not found.
        server
            .post(
                "accounts/revoke_session",
                member.cookie(),
                &[("id", &phone_id.to_string())],
            )
            .await
            .expect_not_found();

        // Own current session: revoked and the cookie dropped.
        let own = current_session_id(&server, &member).await;
        let reply = server
            .post(
                "accounts/revoke_session",
                member.cookie(),
                &[("id", &own.to_string())],
            )
            .await;
        reply.expect(200);
        assert!(reply.clears_session(), "{reply:?}");
        assert_signed_out(&server, &member.cookie).await;
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn change_password_needs_the_current_one_and_ends_other_sessions() {
    on_both_backends(|server| async move {
        let (_, member) = admin_and_member(&server).await;
        let phone = server.sign_in(&member.email, &member.password).await;

        let reply = server
            .post(
                "accounts/change_password",
                member.cookie(),
                &[
                    ("current_password", "not my password at all"),
                    ("new_password", "a brand new passphrase"),
                ],
            )
            .await;
        reply.expect_invalid("current_password", WRONG_CURRENT_PASSWORD);
        server
            .post(
                "accounts/change_password",
                member.cookie(),
                &[
                    ("current_password", MEMBER_PASSWORD),
                    ("new_password", "short"),
                ],
            )
            .await
            .expect_invalid(
                "new_password",
                "Use at least 10 characters; a few unrelated words work well.",
            );
        // Refusals change nothing.
        assert_signed_in(&server, &phone.cookie, &member).await;

        let reply = server
            .post(
                "accounts/change_password",
                member.cookie(),
                &[
                    ("current_password", MEMBER_PASSWORD),
                    ("new_password", "a brand new passphrase"),
                ],
            )
            .await;
        reply.expect(200);
        assert_eq!(reply.location(), Some("/account?password=changed"));
        assert_signed_in(&server, &member.cookie, &member).await;
        assert_signed_out(&server, &phone.cookie).await;

        server
            .post(
                "accounts/sign_in",
                None,
                &[("email", "mia@example.org"), ("password", MEMBER_PASSWORD)],
            )
            .await
            .expect_invalid("password", NO_MATCH);
        server
            .sign_in("mia@example.org", "a brand new passphrase")
            .await;
        server.stop().await;
    })
    .await;
}

// ---------------------------------------------------------------------------
// Password reset
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn password_reset_answers_the_same_for_unknown_and_known_emails() {
    on_both_backends(|server| async move {
        admin_and_member(&server).await;
        let known = server
            .post(
                "accounts/request_password_reset",
                None,
                &[("email", "mia@example.org")],
            )
            .await;
        let unknown = server
            .post(
                "accounts/request_password_reset",
                None,
                &[("email", "nobody@example.org")],
            )
            .await;
        for reply in [&known, &unknown] {
            reply.expect(200);
            assert_eq!(reply.json(), json!(RESET_REQUESTED));
            assert_eq!(reply.location(), Some("/forgot-password?sent=1"));
        }
        assert_eq!(known.body, unknown.body);
        assert_eq!(
            known.headers.contains_key("serverfnredirect"),
            unknown.headers.contains_key("serverfnredirect")
        );
        assert_eq!(known.session_token(), None);
        assert_eq!(unknown.session_token(), None);

        // Only the real account gets an email.
        assert!(server.take_emails_to("nobody@example.org").await.is_empty());
        let emails = server.take_emails_to("mia@example.org").await;
        assert_eq!(emails.len(), 1);
        assert!(
            emails[0].subject.contains("Mentorhub"),
            "{}",
            emails[0].subject
        );

        server
            .post(
                "accounts/request_password_reset",
                None,
                &[("email", "not an email")],
            )
            .await
            .expect_invalid("email", "Enter an email address like name@example.org.");
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reset_link_works_once_signs_in_and_ends_other_sessions() {
    on_both_backends(|server| async move {
        let (admin, member) = admin_and_member(&server).await;
        let phone = server.sign_in(&member.email, &member.password).await;

        server
            .post(
                "accounts/request_password_reset",
                None,
                &[("email", "MIA@example.org")],
            )
            .await
            .expect(200);
        let token = server
            .link_token("mia@example.org", "/reset-password")
            .await;

        // A too short password is refused and the link still works after it.
        server
            .post(
                "accounts/reset_password",
                None,
                &[("token", &token), ("password", "short")],
            )
            .await
            .expect_invalid(
                "password",
                "Use at least 10 characters; a few unrelated words work well.",
            );

        // Used from a new browser: it is signed in, every other session ends.
        let reply = server
            .post(
                "accounts/reset_password",
                None,
                &[("token", &token), ("password", "my fresh passphrase")],
            )
            .await;
        reply.expect(200);
        assert_eq!(reply.location(), Some("/account?password=reset"));
        let cookie = reply.session_cookie().expect("signed in by the link");
        assert_signed_in(&server, &cookie, &member).await;
        assert_signed_out(&server, &member.cookie).await;
        assert_signed_out(&server, &phone.cookie).await;
        // Other members are untouched.
        assert_signed_in(&server, &admin.cookie, &admin).await;

        // Second use: refused on the token field, no session.
        let reply = server
            .post(
                "accounts/reset_password",
                None,
                &[("token", &token), ("password", "another fresh passphrase")],
            )
            .await;
        reply.expect_invalid("token", TOKEN_UNUSABLE);
        assert_eq!(reply.session_token(), None, "{reply:?}");
        // A made-up token: the same.
        server
            .post(
                "accounts/reset_password",
                None,
                &[
                    ("token", "x".repeat(43).as_str()),
                    ("password", "another fresh passphrase"),
                ],
            )
            .await
            .expect_invalid("token", TOKEN_UNUSABLE);

        // The new password signs in, the old does not.
        server
            .post(
                "accounts/sign_in",
                None,
                &[("email", "mia@example.org"), ("password", MEMBER_PASSWORD)],
            )
            .await
            .expect_invalid("password", NO_MATCH);
        server
            .sign_in("mia@example.org", "my fresh passphrase")
            .await;

        // Only the newest link works.
        for _ in 0..2 {
            server
                .post(
                    "accounts/request_password_reset",
                    None,
                    &[("email", "mia@example.org")],
                )
                .await
                .expect(200);
        }
        let emails = server.take_emails_to("mia@example.org").await;
        assert_eq!(emails.len(), 2);
        let older = emails[0].text_body.split("token=").nth(1).unwrap()[..43].to_owned();
        server
            .post(
                "accounts/reset_password",
                None,
                &[("token", &older), ("password", "yet another passphrase")],
            )
            .await
            .expect_invalid("token", TOKEN_UNUSABLE);

        // A deactivated account's link does nothing.
        server
            .post(
                "accounts/request_password_reset",
                None,
                &[("email", "mia@example.org")],
            )
            .await
            .expect(200);
        let token = server
            .link_token("mia@example.org", "/reset-password")
            .await;
        set_active(&server, &admin, &member, false).await;
        server
            .post(
                "accounts/reset_password",
                None,
                &[("token", &token), ("password", "yet another passphrase")],
            )
            .await
            .expect_invalid("token", TOKEN_UNUSABLE);
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reset_link_expires_after_an_hour() {
    on_both_backends(|server| async move {
        let (_, member) = admin_and_member(&server).await;
        server
            .post(
                "accounts/request_password_reset",
                None,
                &[("email", "mia@example.org")],
            )
            .await
            .expect(200);
        let token = server
            .link_token("mia@example.org", "/reset-password")
            .await;

        // HTTP cannot move the clock: use the store function behind
        // reset_password with a later `now`.
        assert_eq!(accounts::RESET_VALID_FOR.num_minutes(), 60);
        let minute = accounts::RESET_VALID_FOR / 60;
        let hash = security::hash_password("my fresh passphrase".into())
            .await
            .unwrap();
        let (session_token, session_hash) = security::new_token().unwrap();
        server.remember_token(&session_token);
        let seed = accounts::SessionSeed {
            token_hash: session_hash,
            user_agent: "API test".into(),
            ip_address: "127.0.0.1".into(),
        };
        let now = app::email::store::now();
        let expired = accounts::reset_password(
            &server.db.db,
            &security::hash_token(&token),
            &hash,
            &seed,
            now + accounts::RESET_VALID_FOR + minute,
        )
        .await;
        assert_eq!(
            expired.unwrap_err(),
            app::error::AppError::validation("token", TOKEN_UNUSABLE)
        );
        // The member was not signed out by the refused attempt.
        assert_signed_in(&server, &member.cookie, &member).await;

        // Within the hour it works.
        let user_id = accounts::reset_password(
            &server.db.db,
            &security::hash_token(&token),
            &hash,
            &seed,
            now + accounts::RESET_VALID_FOR - minute,
        )
        .await
        .unwrap();
        assert_eq!(user_id, member.id);
        let cookie = format!("{}={session_token}", support::SESSION_COOKIE);
        assert_signed_in(&server, &cookie, &member).await;
        assert_signed_out(&server, &member.cookie).await;
        server.stop().await;
    })
    .await;
}

// ---------------------------------------------------------------------------
// Email change
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn email_change_needs_the_password_and_the_confirmation_link() {
    on_both_backends(|server| async move {
        let (admin, member) = admin_and_member(&server).await;

        let reply = server
            .post(
                "accounts/request_email_change",
                member.cookie(),
                &[("new_email", "mia@new.example.org"), ("current_password", "not my password at all")],
            )
            .await;
        reply.expect_invalid("email_current_password", WRONG_CURRENT_PASSWORD);
        assert_eq!(reply.submitted(), json!({"new_email": "mia@new.example.org"}));
        server
            .post(
                "accounts/request_email_change",
                member.cookie(),
                &[("new_email", "ADA@example.org"), ("current_password", MEMBER_PASSWORD)],
            )
            .await
            .expect_invalid("new_email", "Another account uses this email address.");
        server
            .post(
                "accounts/request_email_change",
                member.cookie(),
                &[("new_email", "mia@example.org"), ("current_password", MEMBER_PASSWORD)],
            )
            .await
            .expect_invalid("new_email", "This is already your email address.");
        assert!(server.take_emails_to("mia@new.example.org").await.is_empty());
        assert!(server.take_emails_to("mia@example.org").await.is_empty());

        let reply = server
            .post(
                "accounts/request_email_change",
                member.cookie(),
                &[("new_email", "mia@new.example.org"), ("current_password", MEMBER_PASSWORD)],
            )
            .await;
        reply.expect(200);
        assert_eq!(
            reply.json(),
            json!("We sent a confirmation link to mia@new.example.org. Your address changes when you follow it.")
        );
        // Nothing changes until the link is followed.
        assert_eq!(server.current_user(member.cookie()).await["email"], "mia@example.org");
        let token = server.link_token("mia@new.example.org", "/confirm-email").await;

        // Holding the link is enough: it works from a signed-out browser.
        let reply = server
            .post("accounts/confirm_email_change", None, &[("token", &token)])
            .await;
        reply.expect(200);
        assert_eq!(reply.json(), json!("Your email address is now mia@new.example.org."));
        assert_eq!(reply.session_token(), None, "confirming does not sign in");
        assert_eq!(
            server.current_user(member.cookie()).await["email"],
            "mia@new.example.org"
        );

        // Once only.
        server
            .post("accounts/confirm_email_change", member.cookie(), &[("token", &token)])
            .await
            .expect_invalid("token", TOKEN_UNUSABLE);
        server
            .post("accounts/confirm_email_change", None, &[("token", "made-up")])
            .await
            .expect_invalid("token", TOKEN_UNUSABLE);

        // The old email no longer signs in; the new one does.
        server
            .post(
                "accounts/sign_in",
                None,
                &[("email", "mia@example.org"), ("password", MEMBER_PASSWORD)],
            )
            .await
            .expect_invalid("password", NO_MATCH);
        let moved = server.sign_in("mia@new.example.org", MEMBER_PASSWORD).await;
        assert_eq!(moved.id, member.id);
        // The old address is free for someone else.
        server
            .sign_up("Someone Else", "mia@example.org", OTHER_PASSWORD)
            .await;

        // A link to an address someone took in the meantime is refused.
        server
            .post(
                "accounts/request_email_change",
                admin.cookie(),
                &[("new_email", "late@example.org"), ("current_password", ADMIN_PASSWORD)],
            )
            .await
            .expect(200);
        let token = server.link_token("late@example.org", "/confirm-email").await;
        server
            .sign_up("Late Comer", "late@example.org", OTHER_PASSWORD)
            .await;
        server
            .post("accounts/confirm_email_change", None, &[("token", &token)])
            .await
            .expect_invalid(
                "token",
                "Another account now uses this email address, so it cannot be moved to yours.",
            );
        assert_eq!(server.current_user(admin.cookie()).await["email"], "ada@example.org");
        server.stop().await;
    })
    .await;
}

// ---------------------------------------------------------------------------
// Profiles
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn save_profile_validates_and_echoes_what_was_submitted() {
    on_both_backends(|server| async move {
        let (_, member) = admin_and_member(&server).await;
        let mut fields = profile_form("Mia Member", "not a link");
        fields[8].1 = "https://example.org/mia".into();
        let reply = server
            .post("accounts/save_profile", member.cookie(), &form(&fields))
            .await;
        reply.expect_invalid("website_url", "Start the link with https://");
        reply.expect_invalid("linkedin_url", "Enter a link to linkedin.com.");
        let submitted = reply.submitted();
        for (name, value) in &fields {
            assert_eq!(submitted[*name], value.as_str(), "{name}: {submitted}");
        }
        assert_eq!(submitted.as_object().unwrap().len(), 9, "{submitted}");

        // Nothing was saved.
        let profile = server
            .post("accounts/my_profile", member.cookie(), &[])
            .await
            .json();
        assert_eq!(profile["headline"], "");
        assert_eq!(profile["website_url"], "");

        let mut too_long = profile_form("Mia Member", "");
        too_long[1].1 = "h".repeat(121);
        server
            .post("accounts/save_profile", member.cookie(), &form(&too_long))
            .await
            .expect_invalid("headline", "Keep this to 120 characters or fewer.");
        server
            .post(
                "accounts/save_profile",
                member.cookie(),
                &form(&profile_form(" ", "")),
            )
            .await
            .expect_invalid("name", "Enter your name.");

        // A valid one is saved, trimmed and split into lists.
        let mut fields = profile_form("  Mia Member ", "https://mia.example.org");
        fields[8].1 = "https://www.linkedin.com/in/mia".into();
        let reply = server
            .post("accounts/save_profile", member.cookie(), &form(&fields))
            .await;
        reply.expect(200);
        assert_eq!(reply.location(), Some("/profile?saved=1"));
        let profile = server
            .post("accounts/my_profile", member.cookie(), &[])
            .await
            .json();
        assert_eq!(profile["id"], member.id);
        assert_eq!(profile["name"], "Mia Member");
        assert_eq!(profile["headline"], "Backend engineer");
        assert_eq!(profile["languages"], json!(["French", "English"]));
        assert_eq!(profile["expertise"], json!(["Career change", "Rust"]));
        assert_eq!(profile["website_url"], "https://mia.example.org");
        assert_eq!(profile["linkedin_url"], "https://www.linkedin.com/in/mia");
        // The header shows the new name too.
        assert_eq!(
            server.current_user(member.cookie()).await["name"],
            "Mia Member"
        );
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn profiles_render_sanitized_markdown_and_hide_deactivated_members() {
    on_both_backends(|server| async move {
        let (admin, member) = admin_and_member(&server).await;
        let other = server.add_member("Otto Other", "otto@example.org").await;
        let mut fields = profile_form("Mia Member", "");
        fields[2].1 = "**Hello** <script>alert('x')</script>\n\n<img src=x onerror=alert(1)> \
             [me](javascript:alert(2)) [site](https://mia.example.org)"
            .into();
        server
            .post("accounts/save_profile", member.cookie(), &form(&fields))
            .await
            .expect(200);

        let view = server
            .post(
                "accounts/member_profile",
                other.cookie(),
                &[("id", &member.id())],
            )
            .await
            .expect(200)
            .json();
        let html = view["bio_html"].as_str().unwrap();
        assert!(html.contains("<strong>Hello</strong>"), "{html}");
        assert!(html.contains("href=\"https://mia.example.org\""), "{html}");
        for forbidden in ["<script", "alert('x')", "onerror", "javascript:"] {
            assert!(!html.contains(forbidden), "{forbidden} in {html}");
        }
        assert_eq!(view["is_own"], false);
        assert_eq!(view["profile"]["name"], "Mia Member");
        // The markdown as written is still there for its author to edit.
        assert_eq!(view["profile"]["bio"], fields[2].1.as_str());
        let own = server
            .post(
                "accounts/member_profile",
                member.cookie(),
                &[("id", &member.id())],
            )
            .await
            .json();
        assert_eq!(own["is_own"], true);

        // The rendered profile page carries no script from the bio either.
        let page = server
            .fetch(&format!("/members/{}", member.id), other.cookie())
            .await;
        page.expect(200);
        assert!(
            page.body.contains("<strong>Hello</strong>"),
            "{}",
            page.body
        );
        // (The raw markdown travels in the hydration data, escaped.)
        for forbidden in ["<script>alert", "<img src=x onerror", "href=\"javascript:"] {
            assert!(!page.body.contains(forbidden), "{forbidden}: {}", page.body);
        }

        server
            .post(
                "accounts/member_profile",
                other.cookie(),
                &[("id", "999999")],
            )
            .await
            .expect_not_found();

        // Deactivated: gone for members, still visible to hub admins.
        set_active(&server, &admin, &member, false).await;
        server
            .post(
                "accounts/member_profile",
                other.cookie(),
                &[("id", &member.id())],
            )
            .await
            .expect_not_found();
        server
            .post(
                "accounts/member_profile",
                admin.cookie(),
                &[("id", &member.id())],
            )
            .await
            .expect(200);
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn expertise_suggestions_come_from_tags_members_use() {
    on_both_backends(|server| async move {
        let (admin, member) = admin_and_member(&server).await;
        assert_eq!(
            server
                .post("accounts/expertise_suggestions", member.cookie(), &[])
                .await
                .expect(200)
                .json(),
            json!([])
        );
        let mut fields = profile_form("Mia Member", "");
        fields[6].1 = "Rust, Career change, rust".into();
        server
            .post("accounts/save_profile", member.cookie(), &form(&fields))
            .await
            .expect(200);
        fields[0].1 = "Ada Admin".into();
        fields[6].1 = "RUST, Public speaking".into();
        server
            .post("accounts/save_profile", admin.cookie(), &form(&fields))
            .await
            .expect(200);
        let tags = server
            .post("accounts/expertise_suggestions", member.cookie(), &[])
            .await
            .json();
        let tags: Vec<String> = serde_json::from_value(tags).unwrap();
        // "Rust" is used by two members (in any case) and comes first, once.
        assert_eq!(tags.len(), 3, "{tags:?}");
        assert!(tags[0].eq_ignore_ascii_case("rust"), "{tags:?}");
        assert!(tags.contains(&"Career change".to_owned()), "{tags:?}");
        assert!(tags.contains(&"Public speaking".to_owned()), "{tags:?}");
        server.stop().await;
    })
    .await;
}

// ---------------------------------------------------------------------------
// Hub admin
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn admins_list_and_search_members_page_by_page() {
    on_both_backends(|server| async move {
        let admin = server
            .sign_up("Ada Admin", "ada@example.org", ADMIN_PASSWORD)
            .await;
        let people: Vec<(String, String)> = (1..=30)
            .map(|n| {
                (
                    format!("Member {n:02}"),
                    format!("person{n:02}@example.org"),
                )
            })
            .collect();
        let people: Vec<(&str, &str)> = people
            .iter()
            .map(|(name, email)| (name.as_str(), email.as_str()))
            .collect();
        server.add_members(&people).await;
        server
            .add_member("Percent 100% Sure", "under_score@example.org")
            .await;

        let list = |query: &'static str, page: &'static str| {
            let server = &server;
            let admin = &admin;
            async move {
                server
                    .post(
                        "admin/members",
                        admin.cookie(),
                        &[("query", query), ("page", page)],
                    )
                    .await
                    .expect(200)
                    .json()
            }
        };
        let names = |page: &Value| -> Vec<String> {
            page["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["name"].as_str().unwrap().to_owned())
                .collect()
        };

        let first = list("", "1").await;
        assert_eq!(first["total"], 32, "{first}");
        assert_eq!(first["per_page"], 25);
        assert_eq!(first["page"], 1);
        let first_names = names(&first);
        assert_eq!(first_names.len(), 25);
        assert_eq!(first_names[0], "Ada Admin");
        assert_eq!(first_names[1], "Member 01");
        assert_eq!(first_names[24], "Member 24");
        let second = list("", "2").await;
        assert_eq!(
            names(&second),
            [
                "Member 25",
                "Member 26",
                "Member 27",
                "Member 28",
                "Member 29",
                "Member 30",
                "Percent 100% Sure"
            ]
        );
        // A page past the last one is the last one.
        assert_eq!(names(&list("", "3").await), names(&second));
        assert_eq!(list("", "9223372036854775807").await["page"], 2);
        // Page 0 or below is the first page.
        assert_eq!(names(&list("", "0").await), first_names);

        // Search by name (any case) or email, trimmed.
        let found = list("  member 0 ", "1").await;
        assert_eq!(found["total"], 9, "{found}");
        assert_eq!(found["query"], "member 0");
        let found = list("PERSON3", "1").await;
        assert_eq!(names(&found), ["Member 30"]);
        let found = list("ada@", "1").await;
        assert_eq!(names(&found), ["Ada Admin"]);
        let summary = &found["members"][0];
        assert_eq!(summary["is_hub_admin"], true);
        assert_eq!(summary["active"], true);
        assert_eq!(summary["email"], "ada@example.org");
        // LIKE wildcards are searched for literally.
        assert_eq!(names(&list("%", "1").await), ["Percent 100% Sure"]);
        assert_eq!(names(&list("_", "1").await), ["Percent 100% Sure"]);
        assert_eq!(list("nobody", "1").await["total"], 0);
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_hub_always_keeps_an_active_admin() {
    on_both_backends(|server| async move {
        let (admin, member) = admin_and_member(&server).await;
        let conflict = json!({ "Conflict": LAST_ADMIN });

        server
            .post(
                "admin/set_hub_admin",
                admin.cookie(),
                &[("user_id", &admin.id()), ("admin", "false")],
            )
            .await
            .expect_error(409, conflict.clone());
        server
            .post(
                "admin/set_member_active",
                admin.cookie(),
                &[("user_id", &admin.id()), ("active", "false")],
            )
            .await
            .expect_error(409, conflict.clone());
        assert_eq!(
            server.current_user(admin.cookie()).await["is_hub_admin"],
            true
        );
        assert_signed_in(&server, &admin.cookie, &admin).await;

        // Promote, then the first admin may step down.
        server
            .post(
                "admin/set_hub_admin",
                admin.cookie(),
                &[("user_id", &member.id()), ("admin", "true")],
            )
            .await
            .expect(200);
        server
            .post(
                "admin/set_hub_admin",
                admin.cookie(),
                &[("user_id", &admin.id()), ("admin", "false")],
            )
            .await
            .expect(200);
        assert_eq!(
            server.current_user(admin.cookie()).await["is_hub_admin"],
            false
        );
        server
            .post(
                "admin/members",
                admin.cookie(),
                &[("query", ""), ("page", "1")],
            )
            .await
            .expect_forbidden();

        // Now the new admin is the last one.
        server
            .post(
                "admin/set_hub_admin",
                member.cookie(),
                &[("user_id", &member.id()), ("admin", "false")],
            )
            .await
            .expect_error(409, conflict.clone());
        server
            .post(
                "admin/set_member_active",
                member.cookie(),
                &[("user_id", &member.id()), ("active", "false")],
            )
            .await
            .expect_error(409, conflict.clone());

        // A deactivated admin does not count as the one that is kept.
        server
            .post(
                "admin/set_hub_admin",
                member.cookie(),
                &[("user_id", &admin.id()), ("admin", "true")],
            )
            .await
            .expect(200);
        set_active(&server, &member, &admin, false).await;
        server
            .post(
                "admin/set_hub_admin",
                member.cookie(),
                &[("user_id", &member.id()), ("admin", "false")],
            )
            .await
            .expect_error(409, conflict.clone());

        // Demoting or deactivating a non-admin is not about the last admin.
        let other = server.add_member("Otto Other", "otto@example.org").await;
        server
            .post(
                "admin/set_hub_admin",
                member.cookie(),
                &[("user_id", &other.id()), ("admin", "false")],
            )
            .await
            .expect(200);
        set_active(&server, &member, &other, false).await;
        server.stop().await;
    })
    .await;
}

// ---------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn pages_and_lists_never_carry_password_hashes_or_session_tokens() {
    on_both_backends(|server| async move {
        let (admin, member) = admin_and_member(&server).await;
        server.add_member("Otto Other", "otto@example.org").await;
        // Every response is checked by `send`; here, the ones that show the
        // most account data, as pages and as server functions.
        for path in [
            "/",
            "/account",
            "/profile",
            "/admin/members",
            "/admin/settings",
        ] {
            server.fetch(path, admin.cookie()).await;
            server.fetch(path, member.cookie()).await;
        }
        server
            .fetch(&format!("/members/{}", admin.id), member.cookie())
            .await
            .expect(200);
        let page = server.fetch("/admin/members", admin.cookie()).await;
        page.expect(200);
        assert!(
            page.body.contains("otto@example.org"),
            "the list is rendered"
        );
        server
            .fetch("/account/export", admin.cookie())
            .await
            .expect(200);
        server
            .post(
                "admin/members",
                admin.cookie(),
                &[("query", ""), ("page", "1")],
            )
            .await
            .expect(200);
        server
            .post("accounts/overview", member.cookie(), &[])
            .await
            .expect(200);
        server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
#[should_panic(expected = "a response carries a session token")]
async fn the_secret_check_catches_a_leaked_token() {
    let server = TestServer::start(app::db::testing::TestDb::sqlite().await).await;
    let member = server
        .sign_up("Ada Admin", "ada@example.org", ADMIN_PASSWORD)
        .await;
    let token = member.cookie.split_once('=').unwrap().1.to_owned();
    server.assert_no_secrets(&format!("{{\"oops\":\"{token}\"}}"));
}

#[tokio::test(flavor = "multi_thread")]
#[should_panic(expected = "a response carries a password hash")]
async fn the_secret_check_catches_a_leaked_password_hash() {
    let server = TestServer::start(app::db::testing::TestDb::sqlite().await).await;
    let hash = security::hash_password(ADMIN_PASSWORD.into())
        .await
        .unwrap();
    server.assert_no_secrets(&hash);
}

#[tokio::test(flavor = "multi_thread")]
async fn members_choose_their_discussion_emails_on_the_account_page() {
    on_both_backends(|server| async move {
        let (admin, member) = admin_and_member(&server).await;
        let overview = |who: &Member| {
            let cookie = who.cookie().map(str::to_owned);
            let server = &server;
            async move {
                server
                    .post(
                        "accounts/overview",
                        cookie.as_deref(),
                        &[] as &[(&str, &str)],
                    )
                    .await
                    .expect(200)
                    .json()["discussion_emails"]
                    .clone()
            }
        };
        assert_eq!(overview(&member).await, "immediately");

        // A visitor is refused; nothing changes.
        server
            .post(
                "accounts/email_settings",
                None,
                &[("discussion_emails", "off")],
            )
            .await
            .expect(401);
        // A value that is no choice is a message on the field.
        let reply = server
            .post(
                "accounts/email_settings",
                member.cookie(),
                &[("discussion_emails", "hourly")],
            )
            .await;
        reply.expect(422);
        assert!(
            reply.field_message("discussion_emails").is_some(),
            "{reply:?}"
        );
        assert_eq!(overview(&member).await, "immediately");

        // The member turns them off: only their own setting changes.
        server
            .post(
                "accounts/email_settings",
                member.cookie(),
                &[("discussion_emails", "off")],
            )
            .await
            .expect(200);
        assert_eq!(overview(&member).await, "off", "{}", server.backend());
        assert_eq!(overview(&admin).await, "immediately");

        // Without JavaScript the form lands back on the account page.
        let reply = server
            .post_as(
                "accounts/email_settings",
                member.cookie(),
                &[("discussion_emails", "immediately")],
                support::HTML,
                Some("/account"),
            )
            .await;
        assert!(matches!(reply.status, 302 | 303), "{reply:?}");
        assert!(
            reply
                .location()
                .unwrap_or_default()
                .ends_with("/account?emails=saved"),
            "{reply:?}"
        );
        assert_eq!(overview(&member).await, "immediately");
        server.stop().await;
    })
    .await;
}
