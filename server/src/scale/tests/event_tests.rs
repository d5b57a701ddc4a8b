//! The event rows: what the app would have written (counts, waitlist
//! tickets, who registers when), as stored on both backends, the member's
//! and the admins' view of them, and the app's next registrations.

use super::*;
use app::events::{
    store::{self as events_store, Member, Space, When},
    Audience, EventFormat, EventState, RegistrationStatus,
};
use chrono::Duration;
use std::collections::{BTreeMap, BTreeSet};

fn hub_space() -> Space {
    Space {
        program_id: None,
        slug: String::new(),
        name: "Hub".into(),
    }
}

fn program_space() -> Space {
    Space {
        program_id: Some(1),
        slug: "program-0001".into(),
        name: "P1".into(),
    }
}

/// Registrations of each event, by event id.
fn by_event(rows: &events::Rows) -> BTreeMap<i64, Vec<&events::RegistrationRow>> {
    let mut of: BTreeMap<i64, Vec<&events::RegistrationRow>> = BTreeMap::new();
    for row in &rows.registrations {
        of.entry(row.event_id).or_default().push(row);
    }
    of
}

#[test]
fn event_rows_are_what_the_app_would_have_written() {
    let plan = plan(&ScaleOptions::default(), "h").unwrap();
    let rows = &plan.events;
    let now = base_time();
    let member = plan.accounts.layout.first_member_id();
    let joined = |user: i64| plan.accounts.users[user as usize - 1].created_at;
    let mut approved: BTreeMap<(i64, i64), (Role, NaiveDateTime)> = BTreeMap::new();
    for m in &plan.memberships.memberships {
        if m.status == MembershipStatus::Approved {
            approved.insert((m.program_id, m.user_id), (m.role, m.joined_at.unwrap()));
        }
    }
    let with_members: BTreeSet<i64> = approved.keys().map(|(program, _)| *program).collect();
    let hub: Vec<&events::EventRow> = rows
        .events
        .iter()
        .filter(|e| e.program_id.is_none())
        .collect();
    assert_eq!(hub.len(), events::HUB_EVENTS);
    assert_eq!(
        rows.events.len(),
        events::HUB_EVENTS + with_members.len() * events::PROGRAM_EVENTS
    );
    let of = by_event(rows);
    let coming = |e: &events::EventRow| e.starts_at > now;
    for (index, event) in rows.events.iter().enumerate() {
        assert_eq!(event.id, index as i64 + 1);
        assert_eq!(event.program_id.is_none(), index < events::HUB_EVENTS);
        let title = &event.title;
        // Past ones ended a day before now; coming ones start months after.
        if coming(event) {
            let soonest = now + Duration::days(events::COMING_FROM_DAYS - 1);
            assert!(event.starts_at > soonest, "{title}");
        } else {
            assert!(event.ends_at < now - Duration::hours(12), "{title}");
        }
        assert!(event.created_at <= now && event.created_at < event.starts_at);
        assert!(event.updated_at >= event.created_at && event.updated_at <= now);
        assert_eq!(event.registration_closes_at, event.starts_at);
        assert!(event
            .registration_opens_at
            .is_none_or(|at| at > event.created_at && at < event.starts_at));
        assert_eq!(
            event.state == EventState::Cancelled,
            event.cancelled_at.is_some()
        );
        assert_eq!(event.format.has_place(), !event.address.is_empty());
        assert_eq!(event.format.is_online(), !event.online_link.is_empty());
        assert_eq!(
            event.description_html,
            app::markdown::to_safe_html(&event.description_md)
        );
        if event.program_id.is_none() {
            assert_eq!(event.audience, Audience::Everyone);
        }
        // The counts on the row are its registrations'.
        let mine = of.get(&event.id).map_or(&[][..], Vec::as_slice);
        assert!(mine.len() <= events::MOST_REGISTRATIONS, "{title}");
        let taken = mine.iter().filter(|r| r.status.takes_place()).count();
        let mut tickets: Vec<i64> = mine
            .iter()
            .filter(|r| r.status == RegistrationStatus::Waitlisted)
            .map(|r| r.ticket.expect("a waitlisted row has a ticket"))
            .collect();
        tickets.sort_unstable();
        assert_eq!(event.taken as usize, taken, "{title}");
        assert_eq!(event.waiting as usize, tickets.len(), "{title}");
        assert_eq!(tickets, (1..=tickets.len() as i64).collect::<Vec<_>>());
        assert_eq!(event.last_ticket, tickets.len() as i64);
        assert!(event.capacity.is_none_or(|c| event.taken <= c), "{title}");
        assert!(event.keeps_waitlist || event.waiting == 0);
        // A waitlist only forms behind a full event.
        if event.waiting > 0 {
            assert_eq!(Some(event.taken), event.capacity, "{title}");
        }
        let users: BTreeSet<i64> = mine.iter().map(|r| r.user_id).collect();
        assert_eq!(users.len(), mine.len(), "one row per member: {title}");
        let closes = event
            .registration_closes_at
            .min(event.cancelled_at.unwrap_or(now))
            .min(now);
        for r in mine {
            assert!(r.ticket.is_some() == (r.status == RegistrationStatus::Waitlisted));
            assert!(r.created_at < closes && r.created_at > event.created_at);
            assert!(event
                .registration_opens_at
                .is_none_or(|at| r.created_at >= at));
            assert!(r.updated_at >= r.created_at && r.updated_at <= now);
            let checked_in = matches!(
                r.status,
                RegistrationStatus::Attended | RegistrationStatus::NoShow
            );
            assert!(!checked_in || event.ends_at < r.updated_at, "{title}");
            assert!(r.reminded_at.is_none() || !coming(event));
            match event.program_id {
                None => assert!(joined(r.user_id) < r.created_at),
                Some(program) => {
                    let (role, since) = approved[&(program, r.user_id)];
                    assert!(since < r.created_at, "{title}");
                    match event.audience {
                        Audience::Everyone => {}
                        Audience::Mentors => assert_eq!(role, Role::Mentor),
                        Audience::Mentees => assert_eq!(role, Role::Mentee),
                    }
                }
            }
        }
    }
    // The bench's events.
    let first = &rows.events[0];
    assert!(first.program_id.is_none() && coming(first));
    assert_eq!(
        (first.audience, first.state),
        (Audience::Everyone, EventState::Scheduled)
    );
    assert_eq!(
        (first.capacity, first.taken, first.waiting),
        (Some(30), 30, 10)
    );
    let program_first = &rows.events[events::first_program_event() as usize - 1];
    assert_eq!(program_first.program_id, Some(1));
    assert!(coming(program_first) && program_first.registration_opens_at.is_none());
    assert_eq!(
        (program_first.audience, program_first.state),
        (Audience::Everyone, EventState::Scheduled)
    );
    for event in [first, program_first] {
        let place = of[&event.id].iter().find(|r| r.user_id == member);
        assert_eq!(
            place.map(|r| r.status),
            Some(RegistrationStatus::Registered)
        );
    }
    let members_events = rows
        .registrations
        .iter()
        .filter(|r| r.user_id == member)
        .count();
    assert!(members_events >= 20, "{members_events}");
    // A bit of everything.
    let share = |test: &dyn Fn(&events::EventRow) -> bool| {
        rows.events.iter().filter(|e| test(e)).count() * 100 / rows.events.len()
    };
    assert!((40..=70).contains(&share(&|e| coming(e))));
    assert!((2..=10).contains(&share(&|e| e.state == EventState::Cancelled)));
    for format in [
        EventFormat::Online,
        EventFormat::InPerson,
        EventFormat::Both,
    ] {
        assert!(share(&|e| e.format == format) >= 10, "{format:?}");
    }
    for audience in [Audience::Mentors, Audience::Mentees] {
        assert!(share(&|e| e.audience == audience) >= 2, "{audience:?}");
    }
    assert!(share(&|e| e.capacity.is_none()) >= 20);
    assert!(share(&|e| e.waiting > 0) >= 5);
    assert!(share(&|e| e.registration_opens_at.is_some_and(|at| at > now)) >= 1);
    let statuses: BTreeSet<RegistrationStatus> =
        rows.registrations.iter().map(|r| r.status).collect();
    assert_eq!(statuses.len(), 5, "{statuses:?}");
    let per_event = rows.registrations.len() / rows.events.len();
    assert!((10..=30).contains(&per_event), "{per_event}");
}

/// The stored event rows are the planned ones.
pub(super) async fn assert_events_are_the_plan(db: &Db, planned: &events::Rows) {
    use app::db::schema::{event_registrations, events as event_table};
    let (stored, registrations) = run_query!(db, |conn| {
        let stored: Vec<events::EventRow> = event_table::table
            .order(event_table::id)
            .select(events::EventRow::as_select())
            .load(conn)
            .await?;
        let registrations: Vec<events::RegistrationRow> = event_registrations::table
            .order(event_registrations::id)
            .select(events::RegistrationRow::as_select())
            .load(conn)
            .await?;
        Ok::<_, AppError>((stored, registrations))
    })
    .unwrap();
    let backend = db.backend();
    assert!(stored == planned.events, "{backend}: events");
    assert!(
        registrations == planned.registrations,
        "{backend}: registrations"
    );
}

/// The member's lists and pages, and the attendees page, through the
/// app's own queries.
pub(super) async fn the_events_work(db: &Db, member: &app::accounts::CurrentUser, plan: &Plan) {
    let rows = &plan.events;
    let now = base_time();
    let recent_cancel = now - Duration::days(7);
    let listed = |program: Option<i64>, when: When, role: Option<Role>| {
        rows.events
            .iter()
            .filter(|e| e.program_id == program)
            .filter(|e| match e.audience {
                Audience::Everyone => true,
                Audience::Mentors => role == Some(Role::Mentor),
                Audience::Mentees => role == Some(Role::Mentee),
            })
            .filter(|e| match when {
                When::Upcoming => {
                    e.ends_at > now
                        && (e.state == EventState::Scheduled
                            || e.cancelled_at.is_some_and(|at| at > recent_cancel))
                }
                When::Past => e.ends_at <= now && e.state == EventState::Scheduled,
            })
            .count() as i64
    };
    let viewer = |role: Option<Role>| Member {
        user_id: member.id,
        role,
        manager: false,
    };
    let role = plan
        .memberships
        .memberships
        .iter()
        .find(|m| m.program_id == 1 && m.user_id == member.id)
        .map(|m| m.role);
    assert!(role.is_some(), "the member is in program-0001");
    for (space, role) in [(hub_space(), None), (program_space(), role)] {
        for when in [When::Upcoming, When::Past] {
            let (page, total) =
                events_store::list_events(db, &space, &viewer(role), when, 1, 20, now)
                    .await
                    .unwrap();
            assert_eq!(total, listed(space.program_id, when, role), "{when:?}");
            assert_eq!(page.len() as i64, total.min(20));
        }
    }
    // /events/1 and /programs/program-0001/events/301, as the member.
    for (space, id) in [
        (hub_space(), 1),
        (program_space(), events::first_program_event()),
    ] {
        let event = events_store::event_in(db, &space, id, &viewer(role))
            .await
            .unwrap();
        assert_eq!(event.id, id);
        let place = events_store::place_of(db, id, member.id).await.unwrap();
        assert_eq!(
            place.map(|p| p.status),
            Some(RegistrationStatus::Registered)
        );
    }
    // /admin/events/1/attendees: the places, then the waitlist in order.
    let attendees = events_store::attendees(db, 1).await.unwrap();
    assert_eq!(attendees.len(), 40);
    let positions: Vec<i64> = attendees.iter().filter_map(|a| a.position).collect();
    assert_eq!(positions, (1..=10).collect::<Vec<_>>());
    assert!(attendees[..30].iter().all(|a| a.status.takes_place()));
}

/// After seeding, the app's next event and registration take the next
/// ids, and a newcomer to the full event 1 joins the end of its waitlist.
pub(super) async fn the_app_registers_after_seeding(
    db: &Db,
    user: &app::accounts::CurrentUser,
    planned: &events::Rows,
) {
    let now = base_time();
    let place = events_store::register(
        db,
        1,
        &Member {
            user_id: user.id,
            role: None,
            manager: false,
        },
        now,
    )
    .await
    .unwrap();
    assert_eq!(place.status, RegistrationStatus::Waitlisted);
    assert_eq!(place.position, Some(11));
    let (id, ticket): (i64, Option<i64>) = run_query!(db, |conn| {
        use app::db::schema::event_registrations as r;
        r::table
            .filter(r::user_id.eq(user.id))
            .select((r::id, r::ticket))
            .first(conn)
            .await
    })
    .unwrap();
    let backend = db.backend();
    assert_eq!(id as usize, planned.registrations.len() + 1, "{backend}");
    assert_eq!(ticket, Some(11));
    let draft = app::events::rules::EventDraft {
        title: "After seeding".into(),
        time_zone: "Europe/Berlin".into(),
        starts: "2027-06-01T18:00".into(),
        ends: "2027-06-01T19:00".into(),
        format: "online".into(),
        online_link: "https://meet.example.org/after".into(),
        ..Default::default()
    };
    let valid = app::events::rules::validate_event(&draft, false, true, now).unwrap();
    let event = events_store::create_event(db, None, user.id, &valid, now)
        .await
        .unwrap();
    assert_eq!(event as usize, planned.events.len() + 1, "{backend}");
}
