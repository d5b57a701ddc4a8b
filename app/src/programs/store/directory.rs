//! The programs directory and a program's member counts.

use super::{
    rows::{MembershipRow, ProgramRow},
    ACTIVE_STATUSES,
};
use crate::{
    accounts::CurrentUser,
    db::{
        schema::{memberships, program_admins, programs},
        Db,
    },
    error::AppError,
    programs::{
        DirectoryQuery, MembershipStatus, MyMembership, ProgramDirectory, ProgramStatus,
        ProgramTile, Role,
    },
    run_query,
    ui::clamp_page,
};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::collections::{BTreeMap, BTreeSet};

/// Programs on one page of the directory.
pub const PROGRAMS_PER_PAGE: i64 = 24;

/// The directory: programs the viewer may see, by name, one page at a time,
/// with member counts by role and the viewer's own status. Hub admins see
/// every program; program admins see theirs; everyone else sees listed
/// programs that are not drafts, plus unlisted ones they are in (pending or
/// approved). Five queries however many programs there are; a page past the
/// last shows the last.
pub async fn list_programs(
    db: &Db,
    viewer: Option<&CurrentUser>,
    query: &DirectoryQuery,
) -> Result<ProgramDirectory, AppError> {
    // A visitor has programs of their own to show: none.
    if query.mine && viewer.is_none() {
        return Ok(ProgramDirectory::empty());
    }
    let is_hub_admin = viewer.is_some_and(|viewer| viewer.is_hub_admin);
    let uid = viewer.map(|viewer| viewer.id);
    let search = query.search.trim();
    let pattern = crate::text::contains_pattern(search);
    let (total, page, rows, counts, mine, managed) = run_query!(db, |conn| {
        // The programs this viewer may see with these filters, built twice:
        // once to count them, once for the page.
        let matching = || {
            // Programs `uid` administers, and those they are in (pending or
            // approved).
            let managed_by = |uid: i64| {
                program_admins::table
                    .filter(program_admins::user_id.eq(uid))
                    .select(program_admins::program_id)
            };
            let active_in = |uid: i64| {
                memberships::table
                    .filter(memberships::user_id.eq(uid))
                    .filter(memberships::status.eq_any(ACTIVE_STATUSES))
                    .select(memberships::program_id)
            };
            let mut programs_query = programs::table.into_boxed();
            let visible = programs::status
                .ne(ProgramStatus::Draft)
                .and(programs::listed.eq(true));
            match uid {
                _ if is_hub_admin => {}
                None => programs_query = programs_query.filter(visible),
                Some(uid) => {
                    programs_query = programs_query.filter(
                        programs::id.eq_any(managed_by(uid)).or(programs::status
                            .ne(ProgramStatus::Draft)
                            .and(
                                programs::listed
                                    .eq(true)
                                    .or(programs::id.eq_any(active_in(uid))),
                            )),
                    )
                }
            }
            if let (true, Some(uid)) = (query.mine, uid) {
                programs_query = programs_query.filter(
                    programs::id
                        .eq_any(managed_by(uid))
                        .or(programs::id.eq_any(active_in(uid))),
                );
            }
            if !search.is_empty() {
                programs_query = programs_query.filter(
                    diesel::dsl::sql::<diesel::sql_types::Text>("lower(programs.name)")
                        .like(&pattern)
                        .escape('\\')
                        .or(
                            diesel::dsl::sql::<diesel::sql_types::Text>("lower(programs.summary)")
                                .like(&pattern)
                                .escape('\\'),
                        ),
                );
            }
            programs_query
        };
        let total: i64 = matching().count().get_result(conn).await?;
        let (page, offset) = clamp_page(query.page, total, PROGRAMS_PER_PAGE);
        let rows: Vec<ProgramRow> = matching()
            .select(ProgramRow::as_select())
            .order((programs::name, programs::id))
            .limit(PROGRAMS_PER_PAGE)
            .offset(offset)
            .load(conn)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
        let counts: Vec<(i64, Role, MembershipStatus, i64)> = memberships::table
            .filter(memberships::program_id.eq_any(&ids))
            .filter(memberships::status.eq_any(ACTIVE_STATUSES))
            .group_by((
                memberships::program_id,
                memberships::role,
                memberships::status,
            ))
            .select((
                memberships::program_id,
                memberships::role,
                memberships::status,
                diesel::dsl::count_star(),
            ))
            .load(conn)
            .await?;
        let (mine, managed): (Vec<MembershipRow>, Vec<i64>) = match uid {
            None => (Vec::new(), Vec::new()),
            Some(uid) => (
                memberships::table
                    .filter(memberships::user_id.eq(uid))
                    .filter(memberships::program_id.eq_any(&ids))
                    .select(MembershipRow::as_select())
                    .load(conn)
                    .await?,
                program_admins::table
                    .filter(program_admins::user_id.eq(uid))
                    .filter(program_admins::program_id.eq_any(&ids))
                    .select(program_admins::program_id)
                    .load(conn)
                    .await?,
            ),
        };
        Ok::<_, AppError>((total, page, rows, counts, mine, managed))
    })?;

    let mut count_of: BTreeMap<(i64, Role, MembershipStatus), i64> = BTreeMap::new();
    for (program_id, role, status, count) in counts {
        count_of.insert((program_id, role, status), count);
    }
    let mine: BTreeMap<i64, MyMembership> = mine
        .iter()
        .map(|row| (row.program_id, row.mine()))
        .collect();
    let managed: BTreeSet<i64> = managed.into_iter().collect();
    let tiles = rows
        .into_iter()
        .map(|row| {
            let can_manage = is_hub_admin || managed.contains(&row.id);
            let count = |role, status| count_of.get(&(row.id, role, status)).copied().unwrap_or(0);
            ProgramTile {
                id: row.id,
                mentor_count: count(Role::Mentor, MembershipStatus::Approved),
                mentee_count: count(Role::Mentee, MembershipStatus::Approved),
                pending_count: if can_manage {
                    count(Role::Mentor, MembershipStatus::Pending)
                        + count(Role::Mentee, MembershipStatus::Pending)
                } else {
                    0
                },
                my_membership: mine.get(&row.id).cloned(),
                can_manage,
                status: row.status,
                slug: row.slug,
                name: row.name,
                summary: row.summary,
                cover_color: row.cover_color,
                listed: row.listed,
                accepts_mentors: row.accepts_mentors,
                accepts_mentees: row.accepts_mentees,
            }
        })
        .collect();
    Ok(ProgramDirectory {
        tiles,
        total,
        page,
        per_page: PROGRAMS_PER_PAGE,
    })
}

/// Approved mentors and mentees of one program.
pub async fn member_counts(db: &Db, program_id: i64) -> Result<(i64, i64), AppError> {
    let counts: Vec<(Role, i64)> = run_query!(db, |conn| {
        memberships::table
            .filter(memberships::program_id.eq(program_id))
            .filter(memberships::status.eq(MembershipStatus::Approved))
            .group_by(memberships::role)
            .select((memberships::role, diesel::dsl::count_star()))
            .load(conn)
            .await
    })?;
    let count_of = |role: Role| {
        counts
            .iter()
            .find(|(stored, _)| *stored == role)
            .map_or(0, |(_, count)| *count)
    };
    Ok((count_of(Role::Mentor), count_of(Role::Mentee)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programs::store::{fixtures::*, *};
    use crate::{
        db::testing::on_both_backends,
        programs::{Answers, Decision, ProgramSettings},
    };

    /// The first page's tiles.
    async fn tiles(
        db: &Db,
        viewer: Option<&CurrentUser>,
        query: &DirectoryQuery,
    ) -> Result<Vec<ProgramTile>, AppError> {
        list_programs(db, viewer, query)
            .await
            .map(|directory| directory.tiles)
    }

    fn names(tiles: &[ProgramTile]) -> Vec<&str> {
        tiles.iter().map(|tile| tile.name.as_str()).collect()
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn the_directory_shows_each_viewer_what_they_may_see_with_counts_and_status() {
        on_both_backends(|db| async move {
            let now = t0();
            let admin = member(&db, "Admin").await;
            let ada = member(&db, "Ada").await;
            let grace = member(&db, "Grace").await;
            let linus = member(&db, "Linus").await;
            let alpha = program(&db, &admin, settings("Alpha", "alpha")).await;
            let beta = program(
                &db,
                &admin,
                ProgramSettings {
                    status: ProgramStatus::Draft,
                    summary: "Robotics 100% hands-on".into(),
                    ..settings("Beta", "beta")
                },
            )
            .await;
            let gamma = program(
                &db,
                &admin,
                ProgramSettings {
                    listed: false,
                    ..settings("Gamma", "gamma")
                },
            )
            .await;
            program(
                &db,
                &admin,
                ProgramSettings {
                    status: ProgramStatus::Closed,
                    ..settings("Delta", "delta")
                },
            )
            .await;
            add_program_admin(&db, beta.id, grace.id, now)
                .await
                .unwrap();

            // Alpha: Ada mentee and Linus mentor approved, Grace pending.
            for (user, role) in [
                (&ada, Role::Mentee),
                (&linus, Role::Mentor),
                (&grace, Role::Mentee),
            ] {
                submit_application(&db, alpha.id, user.id, &apply(role, Answers::new()), now)
                    .await
                    .unwrap();
            }
            let pending = list_memberships(&db, alpha.id, &[MembershipStatus::Pending])
                .await
                .unwrap();
            let decide: Vec<i64> = pending
                .iter()
                .filter(|m| m.user_id != grace.id)
                .map(|m| m.membership_id)
                .collect();
            decide_applications(
                &db,
                alpha.id,
                &decide,
                &Decision::Approve,
                admin.id,
                SITE,
                now,
            )
            .await
            .unwrap();
            // Gamma is unlisted, but Ada is in it.
            submit_application(
                &db,
                gamma.id,
                ada.id,
                &apply(Role::Mentee, Answers::new()),
                now,
            )
            .await
            .unwrap();

            let all = DirectoryQuery::default();
            let for_ada = tiles(&db, Some(&ada), &all).await.unwrap();
            assert_eq!(names(&for_ada), ["Alpha", "Delta", "Gamma"], "{db:?}");
            assert_eq!(
                names(&tiles(&db, Some(&linus), &all).await.unwrap()),
                ["Alpha", "Delta"]
            );
            assert_eq!(
                names(&tiles(&db, Some(&grace), &all).await.unwrap()),
                ["Alpha", "Beta", "Delta"],
                "a program admin sees their draft"
            );
            let for_admin = tiles(&db, Some(&admin), &all).await.unwrap();
            assert_eq!(names(&for_admin), ["Alpha", "Beta", "Delta", "Gamma"]);

            let tile = &for_ada[0];
            assert_eq!((tile.mentor_count, tile.mentee_count), (1, 1));
            assert_eq!(tile.pending_count, 0, "only admins see pending counts");
            assert!(!tile.can_manage);
            let mine = tile.my_membership.as_ref().unwrap();
            assert_eq!(
                (mine.role, mine.status),
                (Role::Mentee, MembershipStatus::Approved)
            );
            assert_eq!(for_admin[0].pending_count, 1);
            assert!(for_admin[0].can_manage);
            assert!(for_admin[0].my_membership.is_none());
            let grace_alpha = &tiles(&db, Some(&grace), &all).await.unwrap()[0];
            assert_eq!(
                grace_alpha.my_membership.as_ref().unwrap().status,
                MembershipStatus::Pending
            );
            assert!(tiles(&db, Some(&grace), &all).await.unwrap()[1].can_manage);

            let search = |text: &str, mine: bool| DirectoryQuery {
                search: text.into(),
                mine,
                ..DirectoryQuery::default()
            };
            assert_eq!(
                names(&tiles(&db, Some(&ada), &search("ALP", false)).await.unwrap()),
                ["Alpha"]
            );
            assert_eq!(
                names(
                    &tiles(&db, Some(&admin), &search("100%", false))
                        .await
                        .unwrap()
                ),
                ["Beta"],
                "the summary is searched too"
            );
            assert!(
                tiles(&db, Some(&admin), &search("%", false))
                    .await
                    .unwrap()
                    .iter()
                    .all(|tile| tile.name == "Beta"),
                "LIKE wildcards are literal"
            );
            assert_eq!(
                names(&tiles(&db, Some(&ada), &search("", true)).await.unwrap()),
                ["Alpha", "Gamma"]
            );
            assert_eq!(
                names(&tiles(&db, Some(&grace), &search("", true)).await.unwrap()),
                ["Alpha", "Beta"]
            );
            assert!(tiles(&db, Some(&linus), &search("gamma", false))
                .await
                .unwrap()
                .is_empty());

            // Visitors see the listed programs that are not drafts, and
            // nothing about anyone's membership.
            let for_visitor = tiles(&db, None, &all).await.unwrap();
            assert_eq!(names(&for_visitor), ["Alpha", "Delta"]);
            assert!(for_visitor.iter().all(|tile| tile.my_membership.is_none()
                && !tile.can_manage
                && tile.pending_count == 0));
            assert_eq!(
                (for_visitor[0].mentor_count, for_visitor[0].mentee_count),
                (1, 1)
            );
            assert!(tiles(&db, None, &search("", true))
                .await
                .unwrap()
                .is_empty());
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn the_directory_comes_a_page_at_a_time_in_name_order() {
        on_both_backends(|db| async move {
            let admin = member(&db, "Admin").await;
            let count = PROGRAMS_PER_PAGE + 5;
            for n in 0..count {
                let name = format!("Program {n:03}");
                program(&db, &admin, settings(&name, &format!("program-{n:03}"))).await;
            }
            let page = |page: i64| DirectoryQuery {
                page,
                ..DirectoryQuery::default()
            };
            let first = list_programs(&db, None, &page(1)).await.unwrap();
            assert_eq!((first.total, first.page, first.page_count()), (count, 1, 2));
            assert_eq!(first.tiles.len() as i64, PROGRAMS_PER_PAGE, "{db:?}");
            assert_eq!(first.tiles[0].name, "Program 000");
            let second = list_programs(&db, None, &page(2)).await.unwrap();
            assert_eq!(
                names(&second.tiles)[0],
                format!("Program {PROGRAMS_PER_PAGE:03}")
            );
            assert_eq!(second.tiles.len(), 5);
            // Past either end: the nearest page, also for absurd numbers.
            for asked in [3, i64::MAX] {
                let last = list_programs(&db, None, &page(asked)).await.unwrap();
                assert_eq!((last.page, last.tiles.len()), (2, 5), "page {asked}");
            }
            for asked in [0, -1, i64::MIN] {
                assert_eq!(
                    list_programs(&db, None, &page(asked)).await.unwrap().page,
                    1
                );
            }
            // The count follows the filters.
            let found = list_programs(
                &db,
                Some(&admin),
                &DirectoryQuery {
                    search: "program 00".into(),
                    ..DirectoryQuery::default()
                },
            )
            .await
            .unwrap();
            assert_eq!((found.total, found.page_count()), (10, 1));
        })
        .await;
    }
}
