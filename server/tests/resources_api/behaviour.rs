//! What the library does beyond who may: links and pages that carry no
//! script, hostile titles in the server-rendered pages, the marks of what
//! is new, plain (no JavaScript) form posts, other libraries' ids, the
//! order of a section and which sections a member sees.

use super::*;
use app::db::schema::resource_visits;
use chrono::{Duration, NaiveDateTime};
use support::HTML;

fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// The location of a redirect, as a path on the server.
fn location(hub: &Hub, reply: &Reply) -> String {
    let location = reply
        .location()
        .unwrap_or_else(|| panic!("no redirect: {reply:?}"));
    location
        .strip_prefix(&hub.server.base)
        .unwrap_or(location)
        .to_owned()
}

/// The text of the page's `<title>`.
fn title_of(html: &str) -> &str {
    let start = html.find("<title>").map(|at| at + "<title>".len());
    let end = html.find("</title>");
    match (start, end) {
        (Some(start), Some(end)) if start <= end => &html[start..end],
        _ => panic!("no <title> in {html}"),
    }
}

const JS_URL: &str = "Only web addresses (https:// or http://) can be linked.";

#[tokio::test(flavor = "multi_thread")]
async fn a_link_goes_to_a_web_address_only() {
    on_both_backends(&[], |hub| async move {
        for (url, message) in [
            ("javascript:alert(1)", JS_URL),
            ("JaVaScRiPt:alert(document.cookie)", JS_URL),
            ("data:text/html,<script>alert(1)</script>", JS_URL),
            ("vbscript:msgbox(1)", JS_URL),
            (
                "https://user:secret@example.org/",
                "Leave the user name and password out of the address.",
            ),
            ("", "Give the address the link goes to."),
        ] {
            let reply = hub
                .save(ProgramAdmin, SLUG, &Upload::link("A risky link", url))
                .await;
            reply.expect_invalid("url", message);
            assert_eq!(reply.submitted()["url"], url, "{reply:?}");
            hub.assert_nothing_kept(0, url).await;
        }
        // An address without its scheme is a web address.
        let id = hub
            .saved(
                ProgramAdmin,
                SLUG,
                &Upload::link("A good link", "example.org/guide"),
            )
            .await;
        let page = hub.resource(Mentee, SLUG, id).await;
        assert_eq!(page["item"]["url"], "https://example.org/guide");
        assert_eq!(page["item"]["kind"], "link");
        hub.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pages_text_is_rendered_without_its_scripts() {
    on_both_backends(&[], |hub| async move {
        let text = "## Before you start\n\n<script>alert(1)</script>\n\n\
                    [x](javascript:alert(1)) and [y](JAVASCRIPT:alert(2))\n\n\
                    <a href=\"javascript:alert(3)\">z</a> <img src=x onerror=alert(4)>\n\n\
                    Read **this** first.";
        let id = hub
            .saved(ProgramAdmin, SLUG, &Upload::page("Getting started", text))
            .await;
        let page = hub.resource(Mentee, SLUG, id).await;
        let html = page["body_html"].as_str().unwrap();
        let lower = html.to_lowercase();
        assert!(!lower.contains("<script"), "{html}");
        assert!(!lower.contains("javascript:"), "{html}");
        assert!(!lower.contains("onerror"), "{html}");
        assert!(html.contains("<strong>this</strong>"), "{html}");
        assert!(html.contains("Before you start"), "{html}");
        // The server-rendered page neither.
        let rendered = hub
            .get(Mentee, &format!("/programs/{SLUG}/resources/{id}"))
            .await;
        rendered.expect(200);
        let lower = rendered.body.to_lowercase();
        assert!(!lower.contains("<script>alert"), "{}", rendered.body);
        assert!(!lower.contains("javascript:alert"), "{}", rendered.body);
        assert!(!lower.contains("onerror=alert"), "{}", rendered.body);
        assert!(rendered.body.contains("<strong>this</strong>"));
        // The form gives the admin their text back as typed.
        let form = hub
            .ok(ProgramAdmin, "resources/form", &item_args(SLUG, id))
            .await;
        assert_eq!(form["draft"]["body"], text);
        hub.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hostile_title_is_text_in_the_server_rendered_pages() {
    on_both_backends(&[], |hub| async move {
        let title = "<img src=x onerror=alert(1)>";
        let id = hub
            .saved(
                ProgramAdmin,
                SLUG,
                &Upload::page(title, "Text.").set("summary", "<b>bold</b> claim"),
            )
            .await;
        assert_eq!(hub.resource(Mentee, SLUG, id).await["item"]["title"], title);
        for path in [
            format!("/programs/{SLUG}/resources/{id}"),
            format!("/programs/{SLUG}/resources"),
        ] {
            let page = hub.get(Mentee, &path).await;
            page.expect(200);
            let what = format!("{path} on {}", hub.server.backend());
            assert!(
                page.body.contains("&lt;img src=x onerror=alert(1)&gt;"),
                "{what}: the title is not shown: {}",
                page.body
            );
            assert!(
                !page.body.contains("<img src=x"),
                "{what}: the title is markup: {}",
                page.body
            );
            assert!(!page.body.contains("<b>bold</b>"), "{what}: {}", page.body);
            assert!(!title_of(&page.body).contains('<'), "{what}");
        }
        hub.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_managers_library_has_one_moving_form_per_resource() {
    on_both_backends(&[], |hub| async move {
        for n in 0..3 {
            hub.saved(
                ProgramAdmin,
                SLUG,
                &Upload::page(&format!("Guide {n}"), "Text."),
            )
            .await;
        }
        let page = hub
            .get(ProgramAdmin, &format!("/programs/{SLUG}/resources"))
            .await;
        page.expect(200);
        let what = hub.server.backend();
        // Each resource's buttons post their own change without JavaScript.
        assert_eq!(
            page.body.matches("action=\"/api/resources/move\"").count(),
            3,
            "[{what}] one form per resource: {}",
            page.body
        );
        for change in ["up", "down", "pin"] {
            assert!(
                page.body
                    .contains(&format!("name=\"change\" value=\"{change}\"")),
                "[{what}] a {change} button: {}",
                page.body
            );
        }
        assert!(page.body.contains("Move up (Guide 1)"), "[{what}]");
        hub.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn new_resources_are_marked_from_the_members_visit_before_this_one() {
    on_both_backends(&[], |hub| async move {
        let old = hub
            .saved(HubAdmin, "", &Upload::page("The old guide", "Old."))
            .await;
        // A first visit marks nothing, nor does one within the hour.
        for _ in 0..2 {
            let library = hub.library(Mentee, "").await;
            assert_eq!(library["new_count"], 0, "{library}");
            assert!(items(&library).iter().all(|item| item["is_new"] == false));
        }
        // As if that visit was two hours ago (and the old guide older).
        let mentee = hub.who(Mentee).unwrap().id;
        let visited = now() - Duration::hours(2);
        let created = now() - Duration::hours(3);
        let changed = app::run_query!(hub.db(), |conn| {
            diesel::update(
                resource_visits::table
                    .filter(resource_visits::user_id.eq(mentee))
                    .filter(resource_visits::space_key.eq(0_i64)),
            )
            .set(resource_visits::last_at.eq(visited))
            .execute(conn)
            .await
        })
        .unwrap();
        assert_eq!(changed, 1, "the mentee's visit of the hub's library");
        app::run_query!(hub.db(), |conn| {
            diesel::update(resources::table.find(old))
                .set(resources::created_at.eq(created))
                .execute(conn)
                .await
        })
        .unwrap();

        let new = hub
            .saved(HubAdmin, "", &Upload::page("The new guide", "New."))
            .await;
        // Marked now, and still while the member browses.
        for round in 0..2 {
            let library = hub.library(Mentee, "").await;
            let what = format!("visit {round} on {}", hub.server.backend());
            assert_eq!(library["new_count"], 1, "{what}: {library}");
            for item in items(&library) {
                assert_eq!(item["is_new"], item["id"] == new, "{what}: {item}");
            }
        }
        // Another member's first visit, and another library, mark nothing.
        assert_eq!(hub.library(Outsider, "").await["new_count"], 0);
        assert_eq!(hub.library(Mentee, SLUG).await["new_count"], 0);
        hub.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_plain_post_of_the_form_comes_back_with_what_was_typed() {
    on_both_backends(&[], |hub| async move {
        let form = format!("/programs/{SLUG}/resources/new?kind=link");
        let upload = Upload::link("A link I typed", "javascript:alert(1)")
            .set("summary", "What I wrote about it");
        let reply = hub
            .save_as(ProgramAdmin, SLUG, &upload, HTML, Some(&form))
            .await;
        assert_eq!(reply.status, 302, "{reply:?}");
        let back = location(&hub, &reply);
        assert!(back.starts_with(&format!("{form}&__flash=")), "{back}");
        assert!(
            !back.contains("typed"),
            "the values are in the address: {back}"
        );
        let page = hub.get(ProgramAdmin, &back).await;
        page.expect(200);
        let what = hub.server.backend();
        for kept in [
            "value=\"A link I typed\"",
            "value=\"What I wrote about it\"",
            JS_URL,
        ] {
            assert!(page.body.contains(kept), "{what}: no {kept}: {}", page.body);
        }
        // The values are read once.
        let again = hub.get(ProgramAdmin, &back).await;
        assert!(!again.body.contains("value=\"A link I typed\""), "{what}");
        // Refused again from the restored form: one key in the address.
        let reply = hub
            .save_as(ProgramAdmin, SLUG, &upload, HTML, Some(&back))
            .await;
        assert_eq!(reply.status, 302, "{reply:?}");
        let second = location(&hub, &reply);
        assert!(second.starts_with(&format!("{form}&__flash=")), "{second}");
        assert_eq!(second.matches("__flash=").count(), 1, "{second}");
        assert_ne!(second, back);
        hub.assert_nothing_kept(0, "a refused plain post").await;

        // Refused as not allowed: back with the refusal, nothing saved.
        let reply = hub
            .save_as(
                Mentee,
                SLUG,
                &Upload::link("Not mine", "https://example.org"),
                HTML,
                Some(&form),
            )
            .await;
        assert_eq!(reply.status, 302, "{reply:?}");
        assert!(location(&hub, &reply).starts_with(&format!("{form}&__flash=")));
        hub.assert_nothing_kept(0, "a mentee's plain post").await;

        // Accepted: to the new resource.
        let reply = hub
            .save_as(
                ProgramAdmin,
                SLUG,
                &Upload::link("A fine link", "https://example.org"),
                HTML,
                Some(&form),
            )
            .await;
        assert_eq!(reply.status, 303, "{reply:?}");
        let library = hub.library(ProgramAdmin, SLUG).await;
        let id = as_i64(&items(&library)[0]["id"]);
        assert_eq!(
            location(&hub, &reply),
            format!("/programs/{SLUG}/resources/{id}?saved=1")
        );
        hub.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_managers_plain_form_posts_land_on_the_library() {
    on_both_backends(&[], |hub| async move {
        let library = format!("/programs/{SLUG}/resources");
        let id = hub
            .saved(ProgramAdmin, SLUG, &Upload::page("A page", "Text."))
            .await;
        let plain = |function: &'static str, args: Args| {
            let hub = &hub;
            let library = library.clone();
            async move {
                hub.call_as(ProgramAdmin, function, &args, HTML, Some(&library))
                    .await
            }
        };
        let reply = plain(
            "resources/add_section",
            vec![kv("space", SLUG), kv("title", "Plain section")],
        )
        .await;
        assert!(matches!(reply.status, 302 | 303), "{reply:?}");
        let section = as_i64(&section_ids(&hub.library(ProgramAdmin, SLUG).await)[0]);
        assert_eq!(
            location(&hub, &reply),
            format!("{library}?section_added=1#section-{section}")
        );
        let mut pin = item_args(SLUG, id);
        pin.push(kv("change", "pin"));
        let reply = plain("resources/move", pin).await;
        assert!(matches!(reply.status, 302 | 303), "{reply:?}");
        assert_eq!(location(&hub, &reply), format!("{library}#resource-{id}"));
        assert_eq!(hub.resource(Mentee, SLUG, id).await["item"]["pinned"], true);

        // A refused one goes back with its refusal, and changes nothing.
        let reply = hub
            .call_as(
                Mentee,
                "resources/delete",
                &item_args(SLUG, id),
                HTML,
                Some(&library),
            )
            .await;
        assert_eq!(reply.status, 302, "{reply:?}");
        assert!(
            location(&hub, &reply).starts_with(&format!("{library}?__flash=")),
            "{reply:?}"
        );
        hub.resource(Mentee, SLUG, id).await;

        let reply = plain("resources/delete", item_args(SLUG, id)).await;
        assert!(matches!(reply.status, 302 | 303), "{reply:?}");
        assert_eq!(location(&hub, &reply), format!("{library}?deleted=1"));
        hub.call(Mentee, "resources/resource", &item_args(SLUG, id))
            .await
            .expect_not_found();
        hub.stop().await;
    })
    .await;
}

/// The ids of a library page's sections.
fn section_ids(page: &Value) -> Vec<Value> {
    page["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|section| section["id"].clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_resource_or_section_of_another_library_is_not_found() {
    on_both_backends(&[], |hub| async move {
        let hub_page = hub
            .saved(HubAdmin, "", &Upload::page("The hub's page", "Hub."))
            .await;
        let hub_file = hub
            .saved(
                HubAdmin,
                "",
                &Upload::file("The hub's file", "hub.pdf", PDF),
            )
            .await;
        let hub_section = hub.add_section("", "The hub's section").await;
        let b_page = hub
            .saved(OtherAdmin, SLUG_B, &Upload::page("B's page", "B."))
            .await;
        let a_page = hub
            .saved(ProgramAdmin, SLUG, &Upload::page("A's page", "A."))
            .await;
        let before = hub.resource_count().await;
        let what = hub.server.backend();

        // The hub admin manages every library, and still finds nothing of
        // one in another.
        for (space, id) in [
            (SLUG, hub_page),
            (SLUG, b_page),
            ("", a_page),
            (SLUG, 9_999_999),
        ] {
            let args = item_args(space, id);
            for function in ["resources/resource", "resources/form", "resources/delete"] {
                hub.call(HubAdmin, function, &args).await.expect_not_found();
            }
            let mut moved = args.clone();
            moved.push(kv("change", "up"));
            hub.call(HubAdmin, "resources/move", &moved)
                .await
                .expect_not_found();
            let edit = Upload::new(id, "page", "Taken over").set("body", "Mine now.");
            hub.save(HubAdmin, space, &edit).await.expect_not_found();
        }
        let file = hub
            .download(
                HubAdmin,
                &format!("/programs/{SLUG}/resources/{hub_file}/file"),
            )
            .await;
        assert_eq!(file.status, 404, "{what}: {file:?}");
        assert_eq!(file.header("content-disposition"), None);
        let mut moved = vec![kv("space", SLUG), kv("id", hub_section)];
        hub.call(HubAdmin, "resources/remove_section", &moved)
            .await
            .expect_not_found();
        moved.push(kv("title", "Taken over"));
        hub.call(HubAdmin, "resources/rename_section", &moved)
            .await
            .expect_not_found();
        moved.pop();
        moved.push(kv("change", "up"));
        hub.call(HubAdmin, "resources/move_section", &moved)
            .await
            .expect_not_found();
        // Nor may a resource be put in another library's section.
        hub.save(
            HubAdmin,
            SLUG,
            &Upload::page("Elsewhere", "Text.").set("section", hub_section),
        )
        .await
        .expect_invalid("section", "Choose one of this library's sections.");

        // Everything is as it was.
        assert_eq!(hub.resource_count().await, before, "{what}");
        let library = hub.library(HubAdmin, "").await;
        let section = section_of(&library, hub_section).unwrap();
        assert_eq!(section["title"], "The hub's section");
        assert_eq!(
            hub.resource(Outsider, "", hub_page).await["item"]["title"],
            "The hub's page"
        );
        assert_eq!(
            hub.resource(Member, SLUG_B, b_page).await["item"]["title"],
            "B's page"
        );
        // A program's admin asking in another program is refused there.
        hub.call(
            ProgramAdmin,
            "resources/resource",
            &item_args(SLUG_B, b_page),
        )
        .await
        .expect_forbidden();
        hub.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pending_applicant_is_refused_like_someone_outside_the_program() {
    on_both_backends(&[], |hub| async move {
        let id = hub
            .saved(
                ProgramAdmin,
                SLUG,
                &Upload::file("For members", "members.pdf", PDF),
            )
            .await;
        let outcome = hub.join(Outsider, hub.program, "mentee").await;
        assert!(outcome["membership_id"].is_i64(), "{outcome}");
        hub.call(Outsider, "resources/library", &[kv("space", SLUG)])
            .await
            .expect_forbidden();
        for function in ["resources/resource", "resources/form", "resources/delete"] {
            hub.call(Outsider, function, &item_args(SLUG, id))
                .await
                .expect_forbidden();
        }
        let file = hub
            .download(Outsider, &format!("/programs/{SLUG}/resources/{id}/file"))
            .await;
        assert_eq!(file.status, 403, "{file:?}");
        hub.save(Outsider, SLUG, &Upload::link("Mine", "https://example.org"))
            .await
            .expect_forbidden();
        // The hub's library is theirs as every member's.
        hub.library(Outsider, "").await;
        assert_eq!(hub.resource_count().await, 1);
        hub.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_hubs_library_is_for_everyone_and_a_form_is_checked_field_by_field() {
    on_both_backends(&[], |hub| async move {
        let audience = "The hub's resources are for every member: only a program's may be \
                        for its mentors or mentees alone.";
        for narrowed in ["mentors", "mentees"] {
            hub.save(
                HubAdmin,
                "",
                &Upload::page("Narrowed", "Text.").set("audience", narrowed),
            )
            .await
            .expect_invalid("audience", audience);
        }
        let reply = hub
            .save(
                ProgramAdmin,
                SLUG,
                &Upload::new(0, "page", "ab").set("audience", "admins"),
            )
            .await;
        reply.expect(422);
        for (field, message) in [
            ("title", "Give it a title of at least 3 characters."),
            ("body", "Write the page's text."),
            ("audience", "Choose who it is for."),
        ] {
            assert_eq!(
                reply.field_message(field).as_deref(),
                Some(message),
                "{reply:?}"
            );
        }
        hub.save(ProgramAdmin, SLUG, &Upload::new(0, "video", "A video"))
            .await
            .expect_invalid("kind", "Choose a link, a page or a file.");
        hub.assert_nothing_kept(0, "refused forms").await;
        // A section title is checked too.
        hub.call(
            HubAdmin,
            "resources/add_section",
            &[kv("space", ""), kv("title", "   ")],
        )
        .await
        .expect_invalid("title", "Give the section a title.");
        assert_eq!(
            hub.library(HubAdmin, "").await["sections"],
            json!([]),
            "{}",
            hub.server.backend()
        );
        hub.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn members_see_the_sections_that_hold_something_for_them() {
    on_both_backends(&[], |hub| async move {
        let empty = hub.add_section(SLUG, "Empty for now").await;
        let mentors = hub.add_section(SLUG, "For mentors").await;
        let tips = hub
            .saved(
                ProgramAdmin,
                SLUG,
                &Upload::page("Mentor tips", "Listen.")
                    .set("section", mentors)
                    .set("audience", "mentors"),
            )
            .await;
        let shown = |page: &Value| -> Vec<i64> { ids(&page["sections"]) };
        assert_eq!(shown(&hub.library(Mentee, SLUG).await), Vec::<i64>::new());
        let mentor = hub.library(Mentor, SLUG).await;
        assert_eq!(shown(&mentor), [mentors]);
        assert_eq!(ids(&section_of(&mentor, mentors).unwrap()["items"]), [tips]);
        // A mentors-only resource refuses the mentee.
        hub.call(Mentee, "resources/resource", &item_args(SLUG, tips))
            .await
            .expect_forbidden();
        hub.resource(Mentor, SLUG, tips).await;
        let admin = hub.library(ProgramAdmin, SLUG).await;
        assert_eq!(shown(&admin), [empty, mentors]);
        assert_eq!(section_of(&admin, empty).unwrap()["items"], json!([]));
        hub.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn pins_and_moves_reorder_a_section() {
    on_both_backends(&[], |hub| async move {
        let section = hub.add_section(SLUG, "Ordered").await;
        let mut made = Vec::new();
        for title in ["Alpha", "Bravo", "Charlie"] {
            let upload = Upload::page(title, "Text.").set("section", section);
            made.push(hub.saved(ProgramAdmin, SLUG, &upload).await);
        }
        let [a, b, c] = [made[0], made[1], made[2]];
        let order = || async {
            let page = hub.library(Mentee, SLUG).await;
            ids(&section_of(&page, section).unwrap()["items"])
        };
        assert_eq!(order().await, [a, b, c]);
        for (id, change, expected) in [
            (c, "up", [a, c, b]),
            // Already first: nothing moves.
            (a, "up", [a, c, b]),
            (b, "pin", [b, a, c]),
            // Pinned ones stay first; the others move among themselves.
            (c, "up", [b, c, a]),
            (b, "unpin", [c, a, b]),
            (c, "down", [a, c, b]),
            (b, "down", [a, c, b]),
        ] {
            let mut args = item_args(SLUG, id);
            args.push(kv("change", change));
            hub.ok(ProgramAdmin, "resources/move", &args).await;
            assert_eq!(
                order().await,
                expected,
                "{change} of {id} on {}",
                hub.server.backend()
            );
        }
        let page = hub.resource(Mentee, SLUG, b).await;
        assert_eq!(page["item"]["pinned"], false);
        hub.call(
            ProgramAdmin,
            "resources/move",
            &[kv("space", SLUG), kv("id", a), kv("change", "sideways")],
        )
        .await
        .expect(400);
        hub.stop().await;
    })
    .await;
}
