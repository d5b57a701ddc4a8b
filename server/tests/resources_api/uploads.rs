//! Uploads: a file for one audience and its download, the size limit, the
//! content checks, hostile names, replacing a file, and that a refused
//! upload leaves no row, no orphan and no file behind.

use super::*;
use support::HTML;

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
const HTML_PAGE: &[u8] =
    b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>";
const MARKUP: &str = "HTML, SVG and XML files cannot be uploaded: a browser would run the \
                      scripts they may contain. Save the page as PDF instead.";

/// Program A's form for a new file, where a browser posts from.
const NEW_FILE_FORM: &str = "/programs/program-a/resources/new?kind=file";

/// Asserts the headers every download carries, and its name.
#[track_caller]
fn assert_download(got: &Download, bytes: &[u8], mime: &str, disposition: &str, what: &str) {
    assert_eq!(got.status, 200, "{what}: {got:?}");
    assert!(got.bytes == bytes, "{what}: other bytes came back: {got:?}");
    let headers = [
        "content-type",
        "content-disposition",
        "x-content-type-options",
        "content-security-policy",
        "cache-control",
        "content-length",
    ];
    assert_eq!(
        headers.map(|name| got.header(name)),
        [
            Some(mime),
            Some(disposition),
            Some("nosniff"),
            Some("sandbox"),
            Some("private, no-store"),
            Some(&*bytes.len().to_string()),
        ],
        "{what}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mentees_only_pdf_is_downloaded_by_the_mentees_and_refused_to_the_mentor() {
    on_both_backends(&[], |hub| async move {
        let bytes = pdf_of(3000);
        let upload = Upload::file("Mentee handbook", "handbook.pdf", &bytes)
            .set("summary", "Read this first.")
            .set("audience", "mentees");
        let reply = hub.save(ProgramAdmin, SLUG, &upload).await;
        reply.expect(200);
        let id = saved_id(&reply, SLUG);
        assert_eq!(
            reply.json(),
            json!({"path": format!("/programs/{SLUG}/resources/{id}?saved=1")})
        );
        let file = format!("/programs/{SLUG}/resources/{id}/file");
        let disposition = "inline; filename=\"handbook.pdf\"; filename*=UTF-8''handbook.pdf";
        for caller in [Mentee, ProgramAdmin, HubAdmin] {
            let got = hub.download(caller, &file).await;
            let what = format!("{caller:?} on {}", hub.server.backend());
            assert_download(&got, &bytes, "application/pdf", disposition, &what);
        }
        let page = hub.resource(Mentee, SLUG, id).await;
        assert_eq!(
            page["item"]["file"],
            json!({"name": "handbook.pdf", "label": "PDF", "size": "3 KB", "inline": true})
        );
        assert_eq!(page["item"]["audience"], "mentees");

        // The mentor: not listed, its page and its file refused.
        let got = hub.download(Mentor, &file).await;
        assert_eq!(got.status, 403, "{got:?}");
        assert_eq!(got.bytes, b"This file is not for you.");
        assert_eq!(got.header("content-disposition"), None);
        hub.call(Mentor, "resources/resource", &item_args(SLUG, id))
            .await
            .expect_forbidden();
        let library = hub.library(Mentor, SLUG).await;
        assert!(
            !items(&library).iter().any(|item| item["id"] == id),
            "{library}"
        );
        // Nor do the server-rendered pages show it to them.
        let page = hub
            .get(Mentor, &format!("/programs/{SLUG}/resources/{id}"))
            .await;
        assert_eq!(page.status, 403, "{}", hub.server.backend());
        let list = hub
            .get(Mentor, &format!("/programs/{SLUG}/resources"))
            .await;
        list.expect(200);
        for body in [&page.body, &list.body] {
            assert!(!body.contains("Mentee handbook"), "{body}");
            assert!(!body.contains("handbook.pdf"), "{body}");
        }
        assert!(items(&hub.library(Mentee, SLUG).await)
            .iter()
            .any(|item| item["id"] == id));
        // Nor anyone outside the program, wherever they ask from.
        for caller in [Outsider, Member, OtherAdmin] {
            let got = hub.download(caller, &file).await;
            assert_eq!(got.status, 403, "{caller:?}: {got:?}");
        }
        assert_eq!(hub.download(Visitor, &file).await.status, 401);
        let elsewhere = hub
            .download(HubAdmin, &format!("/resources/{id}/file"))
            .await;
        assert_eq!(elsewhere.status, 404, "the hub's library: {elsewhere:?}");

        // One file stored, under a key of our own, and no orphan.
        let stored = hub.stored_files();
        assert_eq!(stored.len(), 1, "{stored:?}");
        assert!(
            stored[0].len() == 32 && stored[0].bytes().all(|b| b.is_ascii_hexdigit()),
            "{stored:?}"
        );
        hub.assert_store_clean("after the upload").await;
        hub.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_over_the_limit_is_refused_on_its_field_and_nothing_is_kept() {
    on_both_backends(&[("UPLOAD_MAX_BYTES", "2048")], |hub| async move {
        let form = hub
            .ok(ProgramAdmin, "resources/form", &item_args(SLUG, 0))
            .await;
        assert_eq!(form["max_bytes"], 2048, "{form}");
        let too_large = "The file is larger than 2 KB, the most a library accepts.";
        // One byte over, and far over (past what is looked at before the
        // file is stored).
        for size in [2049, 100_000] {
            let what = format!("{size} bytes on {}", hub.server.backend());
            let upload = Upload::file("Too large a handout", "big.pdf", &pdf_of(size))
                .set("summary", "Kept summary");
            let reply = hub.save(ProgramAdmin, SLUG, &upload).await;
            reply.expect_invalid("file", too_large);
            assert_eq!(reply.submitted()["title"], "Too large a handout", "{what}");
            assert_eq!(reply.submitted()["summary"], "Kept summary", "{what}");
            hub.assert_nothing_kept(0, &what).await;

            // Without JavaScript: back to the form, the values kept on the
            // server (not in the address).
            let reply = hub
                .save_as(ProgramAdmin, SLUG, &upload, HTML, Some(NEW_FILE_FORM))
                .await;
            assert_eq!(reply.status, 302, "{what}: {reply:?}");
            let location = reply.location().unwrap_or_default();
            assert!(
                location.starts_with(&hub.server.url(&format!("{NEW_FILE_FORM}&__flash="))),
                "{what}: {location}"
            );
            assert!(!location.contains("handout"), "{what}: {location}");
            let back = location.trim_start_matches(&hub.server.base).to_owned();
            let page = hub.get(ProgramAdmin, &back).await;
            page.expect(200);
            assert!(page.body.contains(too_large), "{what}: {}", page.body);
            assert!(
                page.body.contains("value=\"Too large a handout\""),
                "{what}: {}",
                page.body
            );
            hub.assert_nothing_kept(0, &what).await;
        }
        // At the limit: accepted.
        let exact = pdf_of(2048);
        let id = hub
            .saved(
                ProgramAdmin,
                SLUG,
                &Upload::file("Just fits", "fits.pdf", &exact),
            )
            .await;
        let got = hub
            .download(Mentee, &format!("/programs/{SLUG}/resources/{id}/file"))
            .await;
        assert!(got.bytes == exact, "{got:?}");
        hub.assert_nothing_kept(1, "after the file at the limit")
            .await;
        hub.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_whose_content_is_not_what_its_name_says_is_refused() {
    on_both_backends(&[], |hub| async move {
        let reply = hub
            .save(
                ProgramAdmin,
                SLUG,
                &Upload::file("Not a PDF", "report.pdf", PNG),
            )
            .await;
        reply.expect(422);
        let message = reply.field_message("file").unwrap_or_default();
        assert!(
            message.contains("does not match its name") && message.contains(".png file"),
            "{reply:?}"
        );
        hub.assert_nothing_kept(0, "a PNG named .pdf").await;
        // An unknown kind and an empty file are refused too.
        for (name, bytes) in [
            ("setup.exe", b"MZ\x90\0\x03\0\0\0".as_slice()),
            ("empty.pdf", b""),
        ] {
            let reply = hub
                .save(ProgramAdmin, SLUG, &Upload::file("Refused", name, bytes))
                .await;
            reply.expect(422);
            assert!(reply.field_message("file").is_some(), "{name}: {reply:?}");
            hub.assert_nothing_kept(0, name).await;
        }
        hub.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn html_is_refused_whatever_its_name() {
    on_both_backends(&[], |hub| async move {
        for name in [
            "page.html",
            "notes.txt",
            "notes.md",
            "image.svg",
            "report.pdf",
        ] {
            let reply = hub
                .save(
                    HubAdmin,
                    "",
                    &Upload::file("A page with a script", name, HTML_PAGE),
                )
                .await;
            reply.expect_invalid("file", MARKUP);
            hub.assert_nothing_kept(0, name).await;
        }
        hub.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_name_with_folders_and_quotes_keeps_only_its_last_component() {
    on_both_backends(&[], |hub| async move {
        for (sent, shown, disposition) in [
            (
                "../../etc/pa\"ss wd.pdf",
                "pa\"ss wd.pdf",
                "inline; filename=\"pa_ss wd.pdf\"; filename*=UTF-8''pa%22ss%20wd.pdf",
            ),
            (
                "C:\\x\\\"evil\".pdf",
                "\"evil\".pdf",
                "inline; filename=\"_evil_.pdf\"; filename*=UTF-8''%22evil%22.pdf",
            ),
            (
                "..\\..\\\"; filename=evil.html.pdf",
                "\"; filename=evil.html.pdf",
                "inline; filename=\"__ filename=evil.html.pdf\"; \
                 filename*=UTF-8''%22%3B%20filename%3Devil.html.pdf",
            ),
        ] {
            let what = format!("{sent:?} on {}", hub.server.backend());
            let id = hub
                .saved(ProgramAdmin, SLUG, &Upload::file("Hostile name", sent, PDF))
                .await;
            let page = hub.resource(Mentee, SLUG, id).await;
            assert_eq!(page["item"]["file"]["name"], shown, "{what}");
            let got = hub
                .download(Mentee, &format!("/programs/{SLUG}/resources/{id}/file"))
                .await;
            assert_download(&got, PDF, "application/pdf", disposition, &what);
            let header = got.header("content-disposition").unwrap();
            assert!(
                !header.contains(['\r', '\n', '/', '\\']),
                "{what}: {header}"
            );
            assert!(!header.contains(".."), "{what}: {header}");
            // Only the quotes around the fallback name.
            assert_eq!(header.matches('"').count(), 2, "{what}: {header}");
            assert_eq!(header.matches("; filename=").count(), 1, "{what}: {header}");
        }
        // Stored under keys of our own, nowhere else.
        for stored in hub.stored_files() {
            assert!(
                stored.len() == 32 && stored.bytes().all(|b| b.is_ascii_hexdigit()),
                "{stored}"
            );
        }
        hub.assert_store_clean("after the hostile names").await;
        hub.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn replacing_a_file_keeps_its_address_and_serves_the_new_bytes() {
    on_both_backends(&[], |hub| async move {
        let first = pdf_of(1500);
        let id = hub
            .saved(
                ProgramAdmin,
                SLUG,
                &Upload::file("Handout", "first.pdf", &first),
            )
            .await;
        let file = format!("/programs/{SLUG}/resources/{id}/file");
        assert!(hub.download(Mentee, &file).await.bytes == first);
        let old_keys = hub.file_keys().await;

        let mut second = b"%PDF-1.7\n".to_vec();
        second.extend_from_slice(&[0xAB; 700]);
        let replace =
            Upload::new(id, "file", "Handout, second edition").with_file("second.pdf", &second);
        let reply = hub.save(ProgramAdmin, SLUG, &replace).await;
        reply.expect(200);
        assert_eq!(
            reply.json(),
            json!({"path": format!("/programs/{SLUG}/resources/{id}?saved=1")})
        );
        let page = hub.resource(Mentee, SLUG, id).await;
        assert_eq!(page["item"]["title"], "Handout, second edition");
        assert_eq!(page["item"]["file"]["name"], "second.pdf");
        assert_eq!(page["item"]["file"]["size"], "709 bytes");
        let got = hub.download(Mentee, &file).await;
        assert_download(
            &got,
            &second,
            "application/pdf",
            "inline; filename=\"second.pdf\"; filename*=UTF-8''second.pdf",
            &hub.server.backend(),
        );
        // The old file is gone from the store.
        let new_keys = hub.file_keys().await;
        assert_eq!(new_keys.len(), 1);
        assert_ne!(new_keys, old_keys);
        hub.assert_nothing_kept(1, "after the replacement").await;

        // An edit without a file keeps the file.
        let edit = Upload::new(id, "file", "Handout, retitled").no_file_chosen();
        hub.saved(ProgramAdmin, SLUG, &edit).await;
        assert!(hub.download(Mentee, &file).await.bytes == second);
        assert_eq!(hub.file_keys().await, new_keys);

        // A refused replacement keeps the old file and stores nothing.
        let refused = Upload::new(id, "file", "Handout").with_file("third.pdf", PNG);
        hub.save(ProgramAdmin, SLUG, &refused).await.expect(422);
        assert!(hub.download(Mentee, &file).await.bytes == second);
        assert_eq!(hub.file_keys().await, new_keys);
        hub.assert_nothing_kept(1, "after a refused replacement")
            .await;
        hub.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_file_resource_needs_its_file_and_an_edit_keeps_its_kind() {
    on_both_backends(&[], |hub| async move {
        for upload in [
            Upload::new(0, "file", "No file chosen").no_file_chosen(),
            Upload::new(0, "file", "No file field"),
        ] {
            hub.save(ProgramAdmin, SLUG, &upload)
                .await
                .expect_invalid("file", "Choose the file to share.");
        }
        hub.assert_nothing_kept(0, "no file").await;

        // A page sent again as a file: refused, its file not kept.
        let page = hub
            .saved(ProgramAdmin, SLUG, &Upload::page("A page", "Text."))
            .await;
        let as_file = Upload::new(page, "file", "A page").with_file("sneaky.pdf", PDF);
        hub.save(ProgramAdmin, SLUG, &as_file)
            .await
            .expect_invalid("kind", "A resource keeps its kind: add a new one instead.");
        hub.assert_nothing_kept(1, "a page edited as a file").await;
        assert_eq!(
            hub.resource(Mentee, SLUG, page).await["item"]["kind"],
            "page"
        );
        hub.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cross_origin_upload_is_refused_before_anything_is_stored() {
    on_both_backends(&[], |hub| async move {
        let upload = Upload::file("From elsewhere", "report.pdf", PDF);
        for (header, value) in [
            ("origin", "https://evil.example"),
            ("origin", "null"),
            ("referer", "https://evil.example/form"),
            ("sec-fetch-site", "cross-site"),
        ] {
            let request = hub
                .save_request(HubAdmin, "", &upload, JSON)
                .header(header, value);
            let reply = hub.server.send(request).await;
            let what = format!("{header}: {value} on {}", hub.server.backend());
            assert_eq!(reply.status, 403, "{what}: {reply:?}");
            assert_eq!(
                reply.body, "Cross-origin requests that change data are refused.",
                "{what}"
            );
            hub.assert_nothing_kept(0, &what).await;
        }
        hub.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn each_kind_of_file_is_sent_with_the_allow_lists_type() {
    on_both_backends(&[], |hub| async move {
        let zip = {
            let entry = "word/document.xml";
            let mut bytes = b"PK\x03\x04\x14\0\0\0\x08\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0".to_vec();
            bytes.extend_from_slice(&(entry.len() as u16).to_le_bytes());
            bytes.extend_from_slice(b"\0\0");
            bytes.extend_from_slice(entry.as_bytes());
            bytes.extend_from_slice(&[0x55; 64]);
            bytes
        };
        let docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        for (name, bytes, mime, disposition) in [
            (
                "r\u{e9}sum\u{e9} notes.txt",
                b"Hello, mentors!\n".to_vec(),
                "text/plain; charset=utf-8",
                "attachment; filename=\"r_sum_ notes.txt\"; \
                 filename*=UTF-8''r%C3%A9sum%C3%A9%20notes.txt",
            ),
            (
                "members.csv",
                b"name,email\nAda,ada@example.org\n".to_vec(),
                "text/csv; charset=utf-8",
                "attachment; filename=\"members.csv\"; filename*=UTF-8''members.csv",
            ),
            (
                "pixel.PNG",
                PNG.to_vec(),
                "image/png",
                "inline; filename=\"pixel.PNG\"; filename*=UTF-8''pixel.PNG",
            ),
            (
                "cv.docx",
                zip,
                docx,
                "attachment; filename=\"cv.docx\"; filename*=UTF-8''cv.docx",
            ),
            (
                // A right-to-left override would show it as "reportpdf.exe"-like.
                "report\u{202e}fdp.pdf",
                PDF.to_vec(),
                "application/pdf",
                "inline; filename=\"reportfdp.pdf\"; filename*=UTF-8''reportfdp.pdf",
            ),
        ] {
            let what = format!("{name:?} on {}", hub.server.backend());
            let id = hub
                .saved(ProgramAdmin, SLUG, &Upload::file("A file", name, &bytes))
                .await;
            let got = hub
                .download(Mentor, &format!("/programs/{SLUG}/resources/{id}/file"))
                .await;
            assert_download(&got, &bytes, mime, disposition, &what);
        }
        // A page or a link has no file.
        let page = hub
            .saved(ProgramAdmin, SLUG, &Upload::page("A page", "Text."))
            .await;
        let got = hub
            .download(Mentee, &format!("/programs/{SLUG}/resources/{page}/file"))
            .await;
        assert_eq!(got.status, 404, "{got:?}");
        hub.assert_store_clean("after the kinds").await;
        hub.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_field_sent_after_the_file_is_not_silently_dropped() {
    on_both_backends(&[], |hub| async move {
        // The page's form sends the file last; a client that appends the
        // audience after it (as `FormData.append` would) must not get a
        // mentees-only file published to everyone.
        let mut upload = Upload::file("Only for mentees", "secret.pdf", PDF);
        upload.fields.retain(|(name, _)| *name != "audience");
        upload.after_file.push(("audience", "mentees".to_owned()));
        let reply = hub.save(ProgramAdmin, SLUG, &upload).await;
        let what = hub.server.backend();
        if reply.status == 200 {
            let id = saved_id(&reply, SLUG);
            let mentor = hub
                .call(Mentor, "resources/resource", &item_args(SLUG, id))
                .await;
            let saved = hub.resource(ProgramAdmin, SLUG, id).await;
            assert_eq!(
                mentor.status, 403,
                "BUG (app/src/resources/uploads.rs, save(): the fields loop validates the \
                 form when the file field arrives and keeps that result; a text field after \
                 the file is taken into `sent` but never validated or saved): the form said \
                 audience=mentees after the file, the resource was saved for {} and the \
                 mentor reads it [{what}]",
                saved["item"]["audience"]
            );
        } else {
            reply.expect(422);
            hub.assert_nothing_kept(0, "a field after the file").await;
        }
        hub.stop().await;
    })
    .await;
}
