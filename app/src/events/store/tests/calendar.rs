//! Calendar files parse back with the crate that wrote them, and a
//! member's feed holds their events (the cancelled ones marked).

use super::*;
use crate::{discussion::seal::SecretKey, events::calendar as ics};
use icalendar::{Calendar, Component, EventLike, EventStatus};

fn key() -> SecretKey {
    SecretKey::from_bytes([9; 32])
}

#[tokio::test(flavor = "multi_thread")]
async fn an_event_file_has_a_stable_uid_a_rising_sequence_and_the_link_only_for_attendees() {
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let space = hub_space();
        let event = created(
            &db,
            &space,
            &admin,
            &draft("Night of <b>talks</b>", 3, "", false),
        )
        .await;
        let stored = row(&db, event).await;
        let url = format!("{SITE}/events/{event}");
        let file = |row: &EventRow, with_online_link: bool| {
            ics::calendar(
                "Acme",
                &[ics::Entry {
                    event: row,
                    url: &url,
                    with_online_link,
                }],
                now(),
            )
        };
        let parsed: Calendar = file(&stored, true).parse().unwrap();
        let entry = parsed.events().next().unwrap();
        assert_eq!(entry.get_uid(), Some(stored.uid.as_str()));
        assert_eq!(entry.get_summary(), Some("Night of <b>talks</b>"));
        assert_eq!(entry.get_sequence(), Some(0));
        assert_eq!(entry.get_status(), Some(EventStatus::Confirmed));
        assert_eq!(entry.get_location(), Some("Hall 2, Main Street 1"));
        assert!(entry
            .get_description()
            .unwrap()
            .contains("https://meet.example.org/room-42"));
        let start = entry.get_start().unwrap();
        assert_eq!(
            start,
            icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(
                stored.starts_at.and_utc()
            ))
        );
        let without = file(&stored, false);
        assert!(!without.contains("room-42"), "{without}");

        cancel_event(&db, &space, event, &mailer(), now())
            .await
            .unwrap();
        let cancelled = row(&db, event).await;
        let parsed: Calendar = file(&cancelled, true).parse().unwrap();
        let entry = parsed.events().next().unwrap();
        assert_eq!(entry.get_uid(), Some(stored.uid.as_str()));
        assert_eq!(entry.get_sequence(), Some(1));
        assert_eq!(entry.get_status(), Some(EventStatus::Cancelled));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_feed_secret_is_shown_again_until_reset_and_finds_only_its_members_events() {
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let [ann, bob] = <[CurrentUser; 2]>::try_from(people(&db, "k", 2).await).unwrap();
        let space = hub_space();
        let mine = created(&db, &space, &admin, &draft("Mine", 3, "", false)).await;
        let dropped = created(&db, &space, &admin, &draft("Dropped", 4, "", false)).await;
        let theirs = created(&db, &space, &admin, &draft("Theirs", 5, "", false)).await;
        let far = created(&db, &space, &admin, &draft("Far away", 400, "", false)).await;
        for event in [mine, dropped, far] {
            register(&db, event, &as_member(&ann), now()).await.unwrap();
        }
        register(&db, theirs, &as_member(&bob), now())
            .await
            .unwrap();
        cancel_event(&db, &space, dropped, &mailer(), now())
            .await
            .unwrap();

        let secret = feed_secret(&db, &key(), ann.id, false, now())
            .await
            .unwrap();
        assert_eq!(
            feed_secret(&db, &key(), ann.id, false, now())
                .await
                .unwrap(),
            secret
        );
        let (owner, entries) = feed_events(&db, &secret, now()).await.unwrap().unwrap();
        assert_eq!(owner, ann.id, "{db:?}");
        let titles: Vec<(&str, EventState)> = entries
            .iter()
            .map(|(e, _, _)| (e.title.as_str(), e.state))
            .collect();
        assert_eq!(
            titles,
            [
                ("Mine", EventState::Scheduled),
                ("Dropped", EventState::Cancelled)
            ],
            "{db:?}"
        );
        // Forty days on, the cancelled one is gone.
        let later = now() + Duration::days(40);
        let (_, entries) = feed_events(&db, &secret, later).await.unwrap().unwrap();
        assert!(
            entries.iter().all(|(e, _, _)| e.title != "Dropped"),
            "{db:?}"
        );

        let reset = feed_secret(&db, &key(), ann.id, true, now()).await.unwrap();
        assert_ne!(reset, secret);
        assert!(
            feed_events(&db, &secret, now()).await.unwrap().is_none(),
            "{db:?}"
        );
        assert!(
            feed_events(&db, &reset, now()).await.unwrap().is_some(),
            "{db:?}"
        );
        assert!(
            feed_events(&db, "guess", now()).await.unwrap().is_none(),
            "{db:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_program_event_leaves_the_feed_when_the_member_leaves_the_program() {
    use crate::db::schema::memberships;
    use crate::programs::store::fixtures::{program, settings};
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let p = program(&db, &admin, settings("Circle", "circle")).await;
        let space = Space {
            program_id: Some(p.id),
            slug: "circle".into(),
            name: "Circle".into(),
        };
        let [ann] = <[CurrentUser; 1]>::try_from(people(&db, "f", 1).await).unwrap();
        let event = created(&db, &space, &admin, &draft("Circle call", 3, "", false)).await;
        let insert = |s| {
            let db = db.clone();
            async move {
                crate::run_query!(db, |conn| {
                    diesel::insert_into(memberships::table)
                        .values((
                            memberships::program_id.eq(p.id),
                            memberships::user_id.eq(ann.id),
                            memberships::role.eq(crate::programs::Role::Mentee),
                            memberships::status.eq::<crate::programs::MembershipStatus>(s),
                            memberships::applied_at.eq(now()),
                            memberships::created_at.eq(now()),
                            memberships::updated_at.eq(now()),
                            memberships::taking_mentees.eq(false),
                            memberships::capacity_note.eq(""),
                        ))
                        .execute(conn)
                        .await
                })
                .unwrap();
            }
        };
        insert(crate::programs::MembershipStatus::Approved).await;
        let mentee = Member {
            user_id: ann.id,
            role: Some(crate::programs::Role::Mentee),
            manager: false,
        };
        register(&db, event, &mentee, now()).await.unwrap();
        let secret = feed_secret(&db, &key(), ann.id, false, now())
            .await
            .unwrap();
        let (_, entries) = feed_events(&db, &secret, now()).await.unwrap().unwrap();
        assert_eq!(entries.len(), 1, "{db:?}");
        crate::run_query!(db, |conn| {
            diesel::update(memberships::table.filter(memberships::user_id.eq(ann.id)))
                .set(memberships::status.eq(crate::programs::MembershipStatus::Left))
                .execute(conn)
                .await
        })
        .unwrap();
        let (_, entries) = feed_events(&db, &secret, now()).await.unwrap().unwrap();
        assert!(entries.is_empty(), "{db:?}: {entries:?}");
    })
    .await;
}
