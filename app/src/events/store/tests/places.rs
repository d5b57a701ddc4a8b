//! Registration, capacity, the waitlist and its promotions, audiences and
//! reminders.

use super::*;

#[tokio::test(flavor = "multi_thread")]
async fn fifty_members_at_once_for_ten_places_give_ten_places_and_a_waitlist_of_forty() {
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let space = hub_space();
        let event = created(&db, &space, &admin, &draft("Career night", 10, "10", true)).await;
        let crowd = people(&db, "m", 50).await;
        let places = race(50, |i| {
            let (db, who) = (db.clone(), as_member(&crowd[i]));
            async move { register(&db, event, &who, now()).await.unwrap() }
        })
        .await;
        let registered = places
            .iter()
            .filter(|p| p.status == RegistrationStatus::Registered)
            .count();
        let mut positions: Vec<i64> = places.iter().filter_map(|p| p.position).collect();
        positions.sort_unstable();
        assert_eq!(registered, 10, "{db:?}");
        assert_eq!(positions, (1..=40).collect::<Vec<_>>(), "{db:?}");
        let stored = row(&db, event).await;
        assert_eq!((stored.taken, stored.waiting), (10, 40), "{db:?}");
        // A second click, or a retry, keeps the same place.
        let again = register(&db, event, &as_member(&crowd[0]), now())
            .await
            .unwrap();
        assert_eq!(again, places[0], "{db:?}");
        assert_eq!(statuses(&db, event).await.len(), 50, "{db:?}");
        assert_eq!(row(&db, event).await.waiting, 40, "{db:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cancellation_promotes_the_first_on_the_waitlist_and_emails_them() {
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let [ann, bob, cy] = <[CurrentUser; 3]>::try_from(people(&db, "p", 3).await).unwrap();
        let space = hub_space();
        let event = created(&db, &space, &admin, &draft("Coffee chat", 5, "1", true)).await;
        let first = register(&db, event, &as_member(&ann), now()).await.unwrap();
        let second = register(&db, event, &as_member(&bob), now()).await.unwrap();
        let third = register(&db, event, &as_member(&cy), now()).await.unwrap();
        assert_eq!(first.status, RegistrationStatus::Registered, "{db:?}");
        assert_eq!(
            (second.status, second.position, third.position),
            (RegistrationStatus::Waitlisted, Some(1), Some(2)),
            "{db:?}"
        );
        assert!(emails(&db).await.is_empty(), "{db:?}");

        cancel_registration(&db, event, ann.id, false, &space, &mailer(), now())
            .await
            .unwrap();
        let bob_now = place_of(&db, event, bob.id).await.unwrap().unwrap();
        assert_eq!(bob_now.status, RegistrationStatus::Registered, "{db:?}");
        let cy_now = place_of(&db, event, cy.id).await.unwrap().unwrap();
        assert_eq!(cy_now.position, Some(1), "{db:?}: Cy moves up");
        assert_eq!(place_of(&db, event, ann.id).await.unwrap(), None, "{db:?}");
        let sent = emails(&db).await;
        assert_eq!(sent.len(), 1, "{db:?}");
        assert_eq!(sent[0].0, bob.email, "{db:?}");
        assert_eq!(sent[0].1, "You have a place at Coffee chat", "{db:?}");
        let stored = row(&db, event).await;
        assert_eq!((stored.taken, stored.waiting), (1, 1), "{db:?}");

        // Cancelling twice changes nothing more.
        cancel_registration(&db, event, ann.id, false, &space, &mailer(), now())
            .await
            .unwrap();
        assert_eq!(row(&db, event).await.taken, 1, "{db:?}");
        // Ann registers again: the waitlist is not jumped.
        let back = register(&db, event, &as_member(&ann), now()).await.unwrap();
        assert_eq!(
            (back.status, back.position),
            (RegistrationStatus::Waitlisted, Some(2)),
            "{db:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_raised_capacity_fills_from_the_waitlist_but_not_in_the_last_two_hours() {
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let crowd = people(&db, "w", 4).await;
        let space = hub_space();
        let plan = draft("Workshop", 3, "1", true);
        let event = created(&db, &space, &admin, &plan).await;
        for who in &crowd {
            register(&db, event, &as_member(who), now()).await.unwrap();
        }
        let raised = EventDraft {
            capacity: "3".into(),
            ..plan.clone()
        };
        let valid = validate_event(&raised, false, false, now()).unwrap();
        update_event(&db, &space, event, &valid, &mailer(), now())
            .await
            .unwrap();
        let stored = row(&db, event).await;
        assert_eq!(
            (stored.taken, stored.waiting, stored.sequence),
            (3, 1, 1),
            "{db:?}"
        );
        assert_eq!(emails(&db).await.len(), 2, "{db:?}: the two promoted");

        // An hour before the start a freed place waits for the admin.
        let late = stored.starts_at - Duration::hours(1);
        cancel_registration(&db, event, crowd[0].id, false, &space, &mailer(), late)
            .await
            .unwrap();
        let last = place_of(&db, event, crowd[3].id).await.unwrap().unwrap();
        assert_eq!(last.status, RegistrationStatus::Waitlisted, "{db:?}");
        promote(&db, event, crowd[3].id, &space, &mailer(), late)
            .await
            .unwrap();
        let last = place_of(&db, event, crowd[3].id).await.unwrap().unwrap();
        assert_eq!(last.status, RegistrationStatus::Registered, "{db:?}");
        assert_eq!(emails(&db).await.len(), 3, "{db:?}");
        let stored = row(&db, event).await;
        assert_eq!((stored.taken, stored.waiting), (3, 0), "{db:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_event_without_a_waitlist_and_a_closed_window_refuse_with_a_reason() {
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let [ann, bob] = <[CurrentUser; 2]>::try_from(people(&db, "f", 2).await).unwrap();
        let space = hub_space();
        let event = created(&db, &space, &admin, &draft("Small table", 2, "1", false)).await;
        register(&db, event, &as_member(&ann), now()).await.unwrap();
        let full = register(&db, event, &as_member(&bob), now()).await;
        assert!(
            matches!(&full, Err(AppError::Conflict(m)) if m.contains("full")),
            "{db:?}: {full:?}"
        );
        let stored = row(&db, event).await;
        let closed = register(&db, event, &as_member(&bob), stored.starts_at).await;
        assert!(
            matches!(&closed, Err(AppError::Conflict(m)) if m.contains("closed")),
            "{db:?}: {closed:?}"
        );
        let started = cancel_registration(
            &db,
            event,
            ann.id,
            false,
            &space,
            &mailer(),
            stored.starts_at,
        )
        .await;
        assert!(matches!(started, Err(AppError::Conflict(_))), "{db:?}");
        // Check-in keeps the place.
        mark_attendance(
            &db,
            event,
            ann.id,
            RegistrationStatus::Attended,
            stored.starts_at,
        )
        .await
        .unwrap();
        assert_eq!(row(&db, event).await.taken, 1, "{db:?}");
        let no_place = mark_attendance(
            &db,
            event,
            bob.id,
            RegistrationStatus::Attended,
            stored.starts_at,
        )
        .await;
        assert!(matches!(no_place, Err(AppError::Conflict(_))), "{db:?}");
        let listed = attendees(&db, event).await.unwrap();
        assert_eq!(listed.len(), 1, "{db:?}");
        assert_eq!(
            (listed[0].user_id, listed[0].status),
            (ann.id, RegistrationStatus::Attended)
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_program_event_for_mentors_only_does_not_exist_for_its_mentees() {
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let p = program(
            &db,
            &admin,
            settings("Rust Foundations", "rust-foundations"),
        )
        .await;
        let space = Space {
            program_id: Some(p.id),
            slug: "rust-foundations".into(),
            name: "Rust Foundations".into(),
        };
        let [mentor, mentee] = <[CurrentUser; 2]>::try_from(people(&db, "r", 2).await).unwrap();
        let as_role = |user: &CurrentUser, role| Member {
            user_id: user.id,
            role: Some(role),
            manager: false,
        };
        let mentors_only = EventDraft {
            audience: "mentors".into(),
            ..draft("Mentor circle", 4, "", false)
        };
        let event = created(&db, &space, &admin, &mentors_only).await;
        let open = created(&db, &space, &admin, &draft("Kick-off", 5, "", false)).await;
        let mentee_view = as_role(&mentee, Role::Mentee);
        assert!(
            matches!(
                event_in(&db, &space, event, &mentee_view).await,
                Err(AppError::NotFound)
            ),
            "{db:?}"
        );
        assert!(
            matches!(
                register(&db, event, &mentee_view, now()).await,
                Err(AppError::Forbidden)
            ),
            "{db:?}"
        );
        let listed = list_events(&db, &space, &mentee_view, When::Upcoming, 1, 20, now())
            .await
            .unwrap();
        assert_eq!(
            listed.0.iter().map(|(e, _)| e.id).collect::<Vec<_>>(),
            [open],
            "{db:?}"
        );
        assert_eq!(listed.1, 1, "{db:?}");
        let mentor_view = as_role(&mentor, Role::Mentor);
        register(&db, event, &mentor_view, now()).await.unwrap();
        let listed = list_events(&db, &space, &mentor_view, When::Upcoming, 1, 20, now())
            .await
            .unwrap();
        assert_eq!(
            listed.0.iter().map(|(e, s)| (e.id, *s)).collect::<Vec<_>>(),
            [(event, Some(RegistrationStatus::Registered)), (open, None)],
            "{db:?}"
        );
        // The hub's list is another space.
        let hub = list_events(
            &db,
            &hub_space(),
            &as_member(&mentor),
            When::Upcoming,
            1,
            20,
            now(),
        )
        .await
        .unwrap();
        assert_eq!(hub.1, 0, "{db:?}");
        assert!(matches!(
            event_in(&db, &hub_space(), open, &as_member(&mentor)).await,
            Err(AppError::NotFound)
        ));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_reminder_goes_once_per_member_with_its_calendar_file_even_from_two_sweeps() {
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let crowd = people(&db, "c", 3).await;
        let space = hub_space();
        let event = created(&db, &space, &admin, &draft("Demo day", 2, "2", true)).await;
        for who in &crowd {
            register(&db, event, &as_member(who), now()).await.unwrap();
        }
        let stored = row(&db, event).await;
        // Two days ahead: nothing due yet.
        assert_eq!(
            send_due_reminders(&db, &mailer(), now()).await.unwrap(),
            0,
            "{db:?}"
        );
        let day_before = stored.starts_at - Duration::hours(23);
        let sent = race(2, |_| {
            let db = db.clone();
            async move {
                send_due_reminders(&db, &mailer(), day_before)
                    .await
                    .unwrap()
            }
        })
        .await;
        assert_eq!(sent.iter().sum::<usize>(), 2, "{db:?}: {sent:?}");
        assert_eq!(
            send_due_reminders(&db, &mailer(), day_before)
                .await
                .unwrap(),
            0,
            "{db:?}"
        );
        let mails = emails(&db).await;
        let mut to: Vec<&str> = mails.iter().map(|m| m.0.as_str()).collect();
        to.sort_unstable();
        assert_eq!(
            to,
            [crowd[0].email.as_str(), crowd[1].email.as_str()],
            "{db:?}: not the waitlisted"
        );
        assert!(mails.iter().all(|m| m.1 == "Tomorrow: Demo day"), "{db:?}");
        assert!(
            mails
                .iter()
                .all(|m| m.2 == Some(format!("event-{event}.ics"))),
            "{db:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn cancelling_an_event_emails_everyone_registered_or_waiting_and_a_new_time_emails_an_update()
{
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let crowd = people(&db, "x", 3).await;
        let space = hub_space();
        let plan = draft("Panel", 6, "2", true);
        let event = created(&db, &space, &admin, &plan).await;
        for who in &crowd {
            register(&db, event, &as_member(who), now()).await.unwrap();
        }
        cancel_registration(&db, event, crowd[2].id, false, &space, &mailer(), now())
            .await
            .unwrap();
        let later = EventDraft {
            starts: plan.starts.replace("18:00", "19:00"),
            ends: plan.ends.replace("20:00", "21:00"),
            ..plan.clone()
        };
        let valid = validate_event(&later, false, false, now()).unwrap();
        update_event(&db, &space, event, &valid, &mailer(), now())
            .await
            .unwrap();
        let changed: Vec<_> = emails(&db)
            .await
            .into_iter()
            .filter(|m| m.1 == "Changed: Panel")
            .collect();
        assert_eq!(changed.len(), 2, "{db:?}");
        // A change of the description alone tells nobody.
        let reworded = EventDraft {
            description: "Three guests.".into(),
            ..later.clone()
        };
        let valid = validate_event(&reworded, false, false, now()).unwrap();
        update_event(&db, &space, event, &valid, &mailer(), now())
            .await
            .unwrap();
        assert_eq!(emails(&db).await.len(), 2, "{db:?}");

        cancel_event(&db, &space, event, &mailer(), now())
            .await
            .unwrap();
        cancel_event(&db, &space, event, &mailer(), now())
            .await
            .unwrap();
        let cancelled: Vec<_> = emails(&db)
            .await
            .into_iter()
            .filter(|m| m.1 == "Cancelled: Panel")
            .collect();
        assert_eq!(cancelled.len(), 2, "{db:?}");
        let stored = row(&db, event).await;
        assert_eq!(
            (stored.state, stored.sequence),
            (EventState::Cancelled, 3),
            "{db:?}"
        );
        let refused = register(&db, event, &as_member(&crowd[2]), now()).await;
        assert!(
            matches!(&refused, Err(AppError::Conflict(m)) if m.contains("cancelled")),
            "{db:?}"
        );
        let edit = update_event(&db, &space, event, &valid, &mailer(), now()).await;
        assert!(matches!(edit, Err(AppError::Conflict(_))), "{db:?}");
        // Another space cannot touch it.
        let other = Space {
            program_id: Some(1),
            ..hub_space()
        };
        assert!(matches!(
            cancel_event(&db, &other, event, &mailer(), now()).await,
            Err(AppError::NotFound)
        ));
    })
    .await;
}
