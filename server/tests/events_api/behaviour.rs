//! Registration and the managers' forms through the API: capacity and the
//! waitlist's promotion, double submits, plain form posts, refused forms
//! that keep what was typed, cancelling, the personal feed, the CSV's
//! formula-safe cells, events of another space.

use super::*;
use support::{on_both_backends, recipients, HTML};

/// Creates `draft` through `events/save` as the hub admin; its id.
async fn save(hub: &Hub, space: &str, draft: &EventDraft) -> i64 {
    as_i64(
        &hub.ok(HubAdmin, "events/save", &save_args(space, 0, draft))
            .await,
    )
}

fn event_args(space: &str, event: i64) -> Args {
    vec![kv("space", space), kv("event", event)]
}

async fn register(hub: &Hub, caller: Caller, space: &str, event: i64) -> Value {
    hub.ok(caller, "events/register", &event_args(space, event))
        .await
}

async fn page(hub: &Hub, caller: Caller, space: &str, event: i64) -> Value {
    hub.ok(caller, "events/event", &event_args(space, event))
        .await
}

fn registered() -> Value {
    json!({"status": "registered", "position": null})
}

fn waitlisted(position: i64) -> Value {
    json!({"status": "waitlisted", "position": position})
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

#[tokio::test(flavor = "multi_thread")]
async fn a_freed_place_goes_to_the_first_on_the_waitlist_who_is_emailed() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let event = save(&hub, "", &draft("One seat only", "1", "everyone")).await;
        assert_eq!(register(&hub, Member, "", event).await, registered());
        assert_eq!(register(&hub, Mentee, "", event).await, waitlisted(1));
        let waiting = page(&hub, Mentee, "", event).await;
        assert_eq!(waiting["place"], waitlisted(1), "{waiting}");
        assert_eq!(waiting["online_link"], Value::Null, "{waiting}");
        assert_eq!(waiting["event"]["places_left"], 0, "{waiting}");
        assert_eq!(waiting["event"]["waiting"], 1, "{waiting}");
        assert_eq!(waiting["can_cancel"], true, "{waiting}");
        assert!(hub.server.take_all_emails().await.is_empty());

        hub.ok(Member, "events/cancel_registration", &event_args("", event))
            .await;
        let promoted = page(&hub, Mentee, "", event).await;
        assert_eq!(promoted["place"], registered(), "{promoted}");
        assert_eq!(
            promoted["online_link"], "https://meet.example.org/room-42",
            "{promoted}"
        );
        assert_eq!(promoted["event"]["waiting"], 0, "{promoted}");
        assert_eq!(promoted["event"]["taken"], 1, "{promoted}");
        assert_eq!(page(&hub, Member, "", event).await["place"], Value::Null);

        let emails = hub.server.take_all_emails().await;
        assert_eq!(recipients(&emails), vec![hub.mentee.email.clone()]);
        assert_eq!(emails[0].subject, "You have a place at One seat only");
        let link = hub.server.url(&format!("/events/{event}"));
        assert!(emails[0].text_body.contains(&link), "{:#?}", emails[0]);
        // Changing their mind, the first joins the end of the waitlist.
        assert_eq!(register(&hub, Member, "", event).await, waitlisted(1));
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn registering_twice_changes_nothing() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let (_, slug) = hub.program.clone();
        let event = save(&hub, &slug, &draft("Twice clicked", "1", "everyone")).await;
        for _ in 0..2 {
            assert_eq!(register(&hub, Mentee, &slug, event).await, registered());
            assert_eq!(register(&hub, Mentor, &slug, event).await, waitlisted(1));
        }
        let attendees = hub.attendees(&slug, event).await;
        assert_eq!(attendees["attendees"].as_array().unwrap().len(), 2);
        assert_eq!(
            attendees["counts"],
            json!({"registered": 1, "waitlisted": 1, "attended": 0, "no_show": 0, "cancelled": 0})
        );
        assert_eq!(attendees["event"]["taken"], 1);
        assert_eq!(attendees["event"]["waiting"], 1);
        assert!(hub.server.take_all_emails().await.is_empty());
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn plain_form_posts_land_on_the_event_page() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let (_, slug) = hub.program.clone();
        let event = save(&hub, &slug, &draft("Without JavaScript", "", "everyone")).await;
        let event_page = format!("/programs/{slug}/events/{event}");
        let args = event_args(&slug, event);
        let reply = hub
            .call_as(Mentee, "events/register", &args, HTML, Some(&event_page))
            .await;
        assert!(matches!(reply.status, 302 | 303), "{reply:?}");
        assert_eq!(location(&hub, &reply), format!("{event_page}?registered=1"));
        assert_eq!(
            page(&hub, Mentee, &slug, event).await["place"],
            registered()
        );

        let reply = hub
            .call_as(
                Mentee,
                "events/cancel_registration",
                &args,
                HTML,
                Some(&event_page),
            )
            .await;
        assert!(matches!(reply.status, 302 | 303), "{reply:?}");
        assert_eq!(location(&hub, &reply), format!("{event_page}?cancelled=1"));
        assert_eq!(page(&hub, Mentee, &slug, event).await["place"], Value::Null);

        // The admin's form lands on the new event.
        let form = format!("/programs/{slug}/events/new");
        let reply = hub
            .call_as(
                HubAdmin,
                "events/save",
                &save_args(&slug, 0, &draft("Made without scripts", "", "everyone")),
                HTML,
                Some(&form),
            )
            .await;
        assert!(matches!(reply.status, 302 | 303), "{reply:?}");
        let list = hub.ok(HubAdmin, "events/list", &[kv("space", &slug)]).await;
        let made = list["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["title"] == "Made without scripts")
            .unwrap_or_else(|| panic!("not listed: {list}"));
        assert_eq!(
            location(&hub, &reply),
            format!("/programs/{slug}/events/{}?saved=1", made["id"])
        );
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_event_form_names_each_field_and_keeps_what_was_typed() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let (_, slug) = hub.program.clone();
        // 02:30 on 28 March 2027 never happens in Berlin: the clocks skip
        // from 02:00 to 03:00.
        let mut bad = draft("", "12", "mentors");
        bad.description = "What I wrote at length.".into();
        bad.starts = "2027-03-28T02:30".into();
        bad.ends = "2027-03-28T04:00".into();
        let reply = hub
            .call(HubAdmin, "events/save", &save_args(&slug, 0, &bad))
            .await;
        reply.expect_invalid("title", "Give the event a title of at least 3 characters.");
        reply.expect_invalid(
            "starts",
            "28 March 2027, 02:30 does not exist in Europe/Berlin: the clocks skip that hour. \
             Pick a time outside it.",
        );
        assert_eq!(reply.location(), None, "{reply:?}");
        let submitted = reply.submitted();
        for (field, value) in [
            ("title", ""),
            ("description", "What I wrote at length."),
            ("time_zone", "Europe/Berlin"),
            ("starts", "2027-03-28T02:30"),
            ("ends", "2027-03-28T04:00"),
            ("format", "both"),
            ("address", "Hall 2, Main Street 1"),
            ("online_link", "https://meet.example.org/room-42"),
            ("capacity", "12"),
            ("audience", "mentors"),
            ("waitlist", "on"),
        ] {
            assert_eq!(submitted[field], value, "{field}: {reply:?}");
        }
        let list = hub.ok(HubAdmin, "events/list", &[kv("space", &slug)]).await;
        assert_eq!(list["total"], 0, "{list}");

        // A refused change leaves the event as it was.
        let event = save(&hub, &slug, &draft("Kept as it was", "", "everyone")).await;
        let reply = hub
            .call(HubAdmin, "events/save", &save_args(&slug, event, &bad))
            .await;
        reply.expect(422);
        assert_eq!(reply.submitted()["starts"], "2027-03-28T02:30");
        let form = hub
            .ok(HubAdmin, "events/form", &event_args(&slug, event))
            .await;
        assert_eq!(form["draft"]["title"], "Kept as it was", "{form}");
        assert_eq!(form["draft"]["starts"], STARTS, "{form}");
        assert!(hub.server.take_all_emails().await.is_empty());
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn cancelling_an_event_needs_the_box_ticked_and_emails_everyone_with_a_place_or_waiting() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let event = save(&hub, "", &draft("Called off", "1", "everyone")).await;
        assert_eq!(register(&hub, Member, "", event).await, registered());
        assert_eq!(register(&hub, Mentee, "", event).await, waitlisted(1));
        // On the waitlist, then cancelled: no longer told.
        assert_eq!(register(&hub, Mentor, "", event).await, waitlisted(2));
        hub.ok(Mentor, "events/cancel_registration", &event_args("", event))
            .await;

        let reply = hub
            .call(HubAdmin, "events/cancel", &event_args("", event))
            .await;
        reply.expect(422);
        assert!(reply.field_message("confirm").is_some(), "{reply:?}");
        assert_eq!(reply.location(), None, "{reply:?}");
        let unchanged = page(&hub, Member, "", event).await;
        assert_eq!(unchanged["event"]["state"], "scheduled", "{unchanged}");
        assert!(hub.server.take_all_emails().await.is_empty());

        let mut args = event_args("", event);
        args.push(kv("confirm", "on"));
        hub.ok(HubAdmin, "events/cancel", &args).await;
        let emails = hub.server.take_all_emails().await;
        let mut told = vec![hub.member.email.clone(), hub.mentee.email.clone()];
        told.sort();
        assert_eq!(recipients(&emails), told, "{emails:#?}");
        for email in &emails {
            assert_eq!(email.subject, "Cancelled: Called off");
        }
        let cancelled = page(&hub, Member, "", event).await;
        assert_eq!(cancelled["event"]["state"], "cancelled", "{cancelled}");
        assert_eq!(cancelled["can_cancel"], false, "{cancelled}");
        // Calendars drop it: a higher SEQUENCE and STATUS:CANCELLED.
        let file = hub
            .get(Member, &format!("/events/{event}/calendar.ics"))
            .await;
        file.expect(200);
        let entry = &ics::events(&file.body)[0];
        assert_eq!(entry.get("STATUS"), Some("CANCELLED"));
        assert_eq!(entry.get("SEQUENCE"), Some("1"));
        // No one registers for a cancelled event.
        let late = hub
            .call(Mentor, "events/register", &event_args("", event))
            .await;
        late.expect_error(409, json!({"Conflict": "This event was cancelled."}));
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_time_is_emailed_to_everyone_registered_and_raises_the_sequence() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let first = draft("Moved meetup", "", "everyone");
        let event = save(&hub, "", &first).await;
        register(&hub, Member, "", event).await;
        let mut moved = first.clone();
        moved.starts = "2027-01-16T18:00".into();
        moved.ends = "2027-01-16T20:00".into();
        hub.ok(HubAdmin, "events/save", &save_args("", event, &moved))
            .await;
        let emails = hub.server.take_all_emails().await;
        assert_eq!(recipients(&emails), vec![hub.member.email.clone()]);
        assert_eq!(emails[0].subject, "Changed: Moved meetup");
        let file = hub
            .get(Member, &format!("/events/{event}/calendar.ics"))
            .await;
        let entry = &ics::events(&file.body)[0];
        assert_eq!(entry.get("SEQUENCE"), Some("1"));
        assert_eq!(entry.get("DTSTART"), Some("20270116T170000Z"));
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_feed_serves_the_members_events_without_a_cookie_until_it_is_reset() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let (_, slug) = hub.program.clone();
        let in_hub = save(&hub, "", &draft("Hub evening", "", "everyone")).await;
        let in_program = save(&hub, &slug, &draft("Program evening", "1", "everyone")).await;
        let waiting = save(&hub, &slug, &draft("Full evening", "1", "everyone")).await;
        let elsewhere = save(&hub, "", &draft("Not for me", "", "everyone")).await;
        register(&hub, Mentee, "", in_hub).await;
        register(&hub, Mentee, &slug, in_program).await;
        register(&hub, Mentor, &slug, waiting).await;
        assert_eq!(register(&hub, Mentee, &slug, waiting).await, waitlisted(1));
        register(&hub, Member, "", elsewhere).await;

        let old = hub.feed_path(Mentee).await;
        assert_eq!(hub.feed_path(Mentee).await, old, "the address stays");
        let reply = hub.server.fetch(&old, None).await;
        reply.expect(200);
        assert_eq!(
            reply.header("content-type"),
            Some("text/calendar; charset=utf-8")
        );
        let entries = ics::events(&reply.body);
        let uids: Vec<&str> = entries.iter().filter_map(|e| e.get("UID")).collect();
        let expected = [
            hub.row(Where::Hub, in_hub).await.uid,
            hub.row(Where::Program, in_program).await.uid,
            hub.row(Where::Program, waiting).await.uid,
        ];
        assert_eq!(uids, expected, "{}", reply.body);
        // The online link for the places held, not for the waitlist's.
        let described = |i: usize| entries[i].get("DESCRIPTION").unwrap_or_default().to_owned();
        assert!(described(0).contains("https://meet.example.org/room-42"));
        assert!(described(1).contains("https://meet.example.org/room-42"));
        assert!(!described(2).contains("https://meet.example.org/"));
        assert_eq!(
            entries[1].get("URL"),
            Some(
                hub.server
                    .url(&format!("/programs/{slug}/events/{in_program}"))
                    .as_str()
            )
        );

        let reset = hub.ok(Mentee, "events/reset_feed", &[]).await;
        let new = hub.feed_path(Mentee).await;
        assert_ne!(new, old);
        assert_eq!(reset["url"], hub.server.url(&new));
        hub.server.fetch(&old, None).await.expect(404);
        let again = hub.server.fetch(&new, None).await;
        again.expect(200);
        assert_eq!(ics::events(&again.body).len(), 3, "{}", again.body);
        // Someone else's feed is theirs alone.
        let other = hub.server.fetch(&hub.feed_path(Member).await, None).await;
        assert_eq!(ics::events(&other.body).len(), 1, "{}", other.body);
        hub.server
            .fetch("/calendar/nothing-here.txt", None)
            .await
            .expect(404);
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_attendee_csv_defuses_a_name_a_spreadsheet_would_run() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let name = "=HYPERLINK(\"https://evil.example/x\",\"Click me\")";
        let sly = hub.server.add_member(name, "sly@example.org").await;
        let event = save(&hub, "", &draft("Spreadsheet night", "", "everyone")).await;
        let reply = hub
            .server
            .post(
                "events/register",
                sly.cookie(),
                &[("space", ""), ("event", &event.to_string())],
            )
            .await;
        reply.expect(200);
        let csv = hub
            .get(HubAdmin, &format!("/events/{event}/attendees.csv"))
            .await;
        csv.expect(200);
        let lines: Vec<&str> = csv.body.split("\r\n").collect();
        assert!(
            lines[1].starts_with(
                "\"'=HYPERLINK(\"\"https://evil.example/x\"\",\"\"Click me\"\")\",\
                 sly@example.org,Registered,,"
            ),
            "{}",
            csv.body
        );
        assert!(
            lines
                .iter()
                .all(|line| !line.starts_with(['=', '+', '-', '@'])),
            "{}",
            csv.body
        );
        hub.server.stop().await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_event_of_another_space_is_not_found() {
    on_both_backends(|server| async move {
        let hub = Hub::new(server).await;
        let (_, slug) = hub.program.clone();
        let in_hub = save(&hub, "", &draft("Hub only", "", "everyone")).await;
        let in_program = save(&hub, &slug, &draft("Program only", "", "everyone")).await;
        for (space, event) in [(slug.as_str(), in_hub), ("", in_program)] {
            for function in ["events/event", "events/register", "events/form"] {
                hub.call(HubAdmin, function, &event_args(space, event))
                    .await
                    .expect_not_found();
            }
        }
        // Program B's admin asks through their own program.
        hub.call(
            OtherAdmin,
            "events/event",
            &event_args("program-b", in_program),
        )
        .await
        .expect_not_found();
        for path in [
            format!("/programs/{slug}/events/{in_hub}/calendar.ics"),
            format!("/events/{in_program}/calendar.ics"),
            format!("/events/{in_program}/attendees.csv"),
            format!("/programs/program-b/events/{in_program}/attendees.csv"),
            "/events/999999/calendar.ics".to_owned(),
        ] {
            hub.get(HubAdmin, &path).await.expect(404);
        }
        assert_eq!(
            page(&hub, Mentee, &slug, in_program).await["place"],
            Value::Null
        );
        hub.server.stop().await;
    })
    .await;
}
