//! The resources store on both databases: audiences and spaces, the
//! visits that mark what is new, order, pins and sections, the file keys
//! that leave a row only as orphans, and the search.

use super::*;
use crate::{
    accounts::CurrentUser,
    db::{testing::on_both_backends, Db},
    error::AppError,
    programs::{
        store::fixtures::{member, program, settings},
        Audience, Role, SpaceMember,
    },
    resources::{
        rules::{validate_resource, ResourceDraft},
        Move, ResourceKind,
    },
};
use chrono::{Duration, NaiveDateTime};

fn now() -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 4)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

fn as_role(user: &CurrentUser, role: Option<Role>, manager: bool) -> SpaceMember {
    SpaceMember {
        user_id: user.id,
        role,
        manager,
    }
}

fn page(title: &str, body: &str, audience: Audience) -> ResourceDraft {
    ResourceDraft {
        kind: "page".into(),
        title: title.into(),
        body: body.into(),
        audience: audience.as_str().into(),
        ..ResourceDraft::default()
    }
}

async fn add(
    db: &Db,
    program_id: Option<i64>,
    by: &CurrentUser,
    draft: &ResourceDraft,
    at: NaiveDateTime,
) -> i64 {
    let sections = section_ids(db, program_id).await.unwrap();
    let valid = validate_resource(draft, program_id.is_some(), &sections).unwrap();
    create_resource(db, program_id, by.id, &valid, None, at)
        .await
        .unwrap()
}

fn titles(rows: &LibraryRows) -> Vec<String> {
    rows.items.iter().map(|row| row.title.clone()).collect()
}

#[tokio::test]
async fn members_see_their_audiences_of_their_space_only() {
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let mentor = member(&db, "Mentor").await;
        let mentee = member(&db, "Mentee").await;
        let rust = program(&db, &admin, settings("Rust", "rust")).await;
        let space = Some(rust.id);
        let all = add(
            &db,
            space,
            &admin,
            &page("For all", "Hello", Audience::Everyone),
            now(),
        )
        .await;
        let tips = add(
            &db,
            space,
            &admin,
            &page("Mentor tips", "Listen", Audience::Mentors),
            now(),
        )
        .await;
        let start = add(
            &db,
            space,
            &admin,
            &page("Mentee start", "Ask", Audience::Mentees),
            now(),
        )
        .await;
        let hub = add(
            &db,
            None,
            &admin,
            &page("Hub guide", "Welcome", Audience::Everyone),
            now(),
        )
        .await;

        let as_mentor = as_role(&mentor, Some(Role::Mentor), false);
        let as_mentee = as_role(&mentee, Some(Role::Mentee), false);
        let as_admin = as_role(&admin, None, true);
        let seen = library(&db, space, &as_mentor).await.unwrap();
        assert_eq!(titles(&seen), ["For all", "Mentor tips"]);
        let seen = library(&db, space, &as_mentee).await.unwrap();
        assert_eq!(titles(&seen), ["For all", "Mentee start"]);
        let seen = library(&db, space, &as_admin).await.unwrap();
        assert_eq!(titles(&seen), ["For all", "Mentor tips", "Mentee start"]);
        let seen = library(&db, None, &as_role(&mentee, None, false))
            .await
            .unwrap();
        assert_eq!(
            titles(&seen),
            ["Hub guide"],
            "the hub's library holds no program's"
        );

        // Outside the audience: refused; another space's: not found.
        assert_eq!(
            resource_in(&db, space, start, &as_mentor)
                .await
                .unwrap_err(),
            AppError::Forbidden
        );
        assert_eq!(
            resource_in(&db, space, tips, &as_mentee).await.unwrap_err(),
            AppError::Forbidden
        );
        let (row, html, _) = resource_in(&db, space, start, &as_mentee).await.unwrap();
        assert_eq!((row.id, html.trim()), (start, "<p>Ask</p>"));
        assert_eq!(
            resource_in(&db, None, all, &as_admin).await.unwrap_err(),
            AppError::NotFound
        );
        assert_eq!(
            resource_in(&db, space, hub, &as_admin).await.unwrap_err(),
            AppError::NotFound
        );
    })
    .await;
}

#[tokio::test]
async fn what_came_after_the_visit_before_is_new() {
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let reader = member(&db, "Reader").await;
        assert_eq!(
            visit(&db, None, reader.id, now()).await.unwrap(),
            None,
            "a first visit"
        );
        add(
            &db,
            None,
            &admin,
            &page("Fresh", "New", Audience::Everyone),
            now() + Duration::hours(1),
        )
        .await;
        let later = now() + Duration::hours(2);
        assert_eq!(
            visit(&db, None, reader.id, later).await.unwrap(),
            Some(now())
        );
        // Browsing on: the same visit, the same marks.
        let soon = later + Duration::minutes(10);
        assert_eq!(
            visit(&db, None, reader.id, soon).await.unwrap(),
            Some(now())
        );
        // Back the next day: what they saw is no longer new.
        let next_day = now() + Duration::days(1);
        assert_eq!(
            visit(&db, None, reader.id, next_day).await.unwrap(),
            Some(soon)
        );
        // Each library its own visits.
        assert_eq!(
            visit(&db, Some(1), reader.id, next_day).await.unwrap(),
            None
        );
        assert_eq!(visit(&db, None, admin.id, next_day).await.unwrap(), None);
    })
    .await;
}

#[tokio::test]
async fn resources_are_ordered_pinned_and_sectioned() {
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let manager = as_role(&admin, None, true);
        let a = add(
            &db,
            None,
            &admin,
            &page("AAA", "a", Audience::Everyone),
            now(),
        )
        .await;
        let b = add(
            &db,
            None,
            &admin,
            &page("BBB", "b", Audience::Everyone),
            now(),
        )
        .await;
        let c = add(
            &db,
            None,
            &admin,
            &page("CCC", "c", Audience::Everyone),
            now(),
        )
        .await;
        let order = |db: Db| {
            let manager = manager.clone();
            async move { titles(&library(&db, None, &manager).await.unwrap()) }
        };
        assert_eq!(order(db.clone()).await, ["AAA", "BBB", "CCC"]);
        move_resource(&db, None, c, Move::Up).await.unwrap();
        assert_eq!(order(db.clone()).await, ["AAA", "CCC", "BBB"]);
        move_resource(&db, None, a, Move::Up).await.unwrap();
        assert_eq!(
            order(db.clone()).await,
            ["AAA", "CCC", "BBB"],
            "the first stays first"
        );
        move_resource(&db, None, b, Move::Pin).await.unwrap();
        assert_eq!(
            order(db.clone()).await,
            ["BBB", "AAA", "CCC"],
            "pinned first"
        );
        move_resource(&db, None, b, Move::Down).await.unwrap();
        assert_eq!(
            order(db.clone()).await,
            ["BBB", "AAA", "CCC"],
            "alone among the pinned"
        );
        move_resource(&db, None, b, Move::Unpin).await.unwrap();
        assert_eq!(order(db.clone()).await, ["AAA", "CCC", "BBB"]);

        let first = add_section(&db, None, "Getting started", now())
            .await
            .unwrap();
        let second = add_section(&db, None, "Going further", now())
            .await
            .unwrap();
        move_section(&db, None, second, Move::Up).await.unwrap();
        let rows = library(&db, None, &manager).await.unwrap();
        let sections: Vec<i64> = rows.sections.iter().map(|s| s.id).collect();
        assert_eq!(sections, [second, first]);
        rename_section(&db, None, first, "Basics").await.unwrap();

        let mut in_section = page("DDD", "d", Audience::Everyone);
        in_section.section = first.to_string();
        let d = add(&db, None, &admin, &in_section, now()).await;
        let rows = library(&db, None, &manager).await.unwrap();
        let row = rows.items.iter().find(|row| row.id == d).unwrap();
        assert_eq!(row.section_id, Some(first));
        assert_eq!(
            rows.sections.iter().find(|s| s.id == first).unwrap().title,
            "Basics"
        );

        // A section of another space is refused; removing one keeps its
        // resources, after the loose ones.
        let other = program(&db, &admin, settings("Other", "other")).await;
        assert_eq!(
            rename_section(&db, Some(other.id), first, "Mine")
                .await
                .unwrap_err(),
            AppError::NotFound
        );
        remove_section(&db, None, first).await.unwrap();
        let rows = library(&db, None, &manager).await.unwrap();
        assert_eq!(titles(&rows), ["AAA", "CCC", "BBB", "DDD"]);
        assert!(rows.items.iter().all(|row| row.section_id.is_none()));
        assert_eq!(
            move_resource(&db, Some(other.id), d, Move::Up)
                .await
                .unwrap_err(),
            AppError::NotFound
        );
    })
    .await;
}

#[tokio::test]
async fn file_keys_leave_a_row_only_as_orphans() {
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let draft = ResourceDraft {
            kind: "file".into(),
            title: "Handbook".into(),
            ..ResourceDraft::default()
        };
        let valid = validate_resource(&draft, false, &[]).unwrap();
        assert_eq!(valid.kind, ResourceKind::File);
        let file = |key: &str| StoredFile {
            key: key.into(),
            name: "handbook.pdf".into(),
            mime: "application/pdf".into(),
            size: 1234,
        };
        upload_started(&db, "first", now()).await.unwrap();
        let id = create_resource(&db, None, admin.id, &valid, Some(&file("first")), now())
            .await
            .unwrap();
        let later = now() + Duration::days(1);
        assert!(
            due_orphans(&db, later, 10).await.unwrap().is_empty(),
            "saved: no orphan"
        );

        upload_started(&db, "second", now()).await.unwrap();
        let replaced = update_resource(&db, None, id, &valid, Some(&file("second")), now())
            .await
            .unwrap();
        assert_eq!(replaced.as_deref(), Some("first"));
        assert_eq!(due_orphans(&db, later, 10).await.unwrap(), ["first"]);
        forget_orphan(&db, "first").await.unwrap();

        // An edit keeps the kind; one without a file keeps the file.
        let mut as_link = draft.clone();
        as_link.kind = "link".into();
        as_link.url = "https://example.org".into();
        let link = validate_resource(&as_link, false, &[]).unwrap();
        assert!(update_resource(&db, None, id, &link, None, now())
            .await
            .unwrap_err()
            .field("kind")
            .is_some());
        assert_eq!(
            update_resource(&db, None, id, &valid, None, now())
                .await
                .unwrap(),
            None
        );

        // An abandoned upload is swept only after the grace period.
        upload_started(&db, "abandoned", now()).await.unwrap();
        assert!(!due_orphans(&db, now(), 10)
            .await
            .unwrap()
            .contains(&"abandoned".to_owned()));

        assert_eq!(
            delete_resource(&db, None, id, now())
                .await
                .unwrap()
                .as_deref(),
            Some("second")
        );
        let mut due = due_orphans(&db, later, 10).await.unwrap();
        due.sort();
        assert_eq!(due, ["abandoned", "second"]);
    })
    .await;
}

#[tokio::test]
async fn the_search_finds_what_the_member_may_see() {
    on_both_backends(|db| async move {
        let admin = member(&db, "Admin").await;
        let mentor = member(&db, "Mentor").await;
        let rust = program(&db, &admin, settings("Rust", "rust")).await;
        let space = Some(rust.id);
        add(
            &db,
            space,
            &admin,
            &page(
                "Feedback guide",
                "How to give feedback kindly",
                Audience::Everyone,
            ),
            now(),
        )
        .await;
        add(
            &db,
            space,
            &admin,
            &page(
                "Mentee checklist",
                "Feedback you can ask for",
                Audience::Mentees,
            ),
            now(),
        )
        .await;
        add(
            &db,
            None,
            &admin,
            &page("Hub feedback", "Feedback in the hub", Audience::Everyone),
            now(),
        )
        .await;
        let as_mentor = as_role(&mentor, Some(Role::Mentor), false);
        let hits = search_resources(&db, space, &as_mentor, "feedback")
            .await
            .unwrap();
        let found: Vec<&str> = hits.iter().map(|hit| hit.title.as_str()).collect();
        assert_eq!(
            found,
            ["Feedback guide"],
            "not the mentees' one, not the hub's"
        );
        let hits = search_resources(&db, space, &as_role(&admin, None, true), "checklist")
            .await
            .unwrap();
        assert_eq!(hits.len(), 1);
        let hits = search_resources(&db, None, &as_mentor, "feedb")
            .await
            .unwrap();
        assert_eq!(
            hits.iter().map(|h| h.title.as_str()).collect::<Vec<_>>(),
            ["Hub feedback"]
        );
        assert!(search_resources(&db, space, &as_mentor, "\"OR NEAR(")
            .await
            .unwrap()
            .is_empty());
    })
    .await;
}
