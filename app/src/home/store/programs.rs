//! The member's programs, and what waits for an admin's decision.

use super::Belonging;
use crate::{
    db::{
        schema::{memberships, mentorships, program_admins, programs},
        Db,
    },
    error::AppError,
    home::{Decision, MyProgram, BLOCK_ROWS},
    mentors::MentorshipStatus,
    programs::{program_path, MatchingMode, MembershipStatus, Role},
    run_query,
};
use diesel::{dsl::count_star, prelude::*};
use diesel_async::RunQueryDsl;
use std::collections::BTreeMap;

/// How many of their programs a member's list reads at most (the page
/// shows a few and counts the rest).
const PROGRAMS_READ: i64 = 200;

/// The programs the member applied to, belongs to or admins, by name:
/// (the first few, how many more). Two queries.
pub async fn my_programs(db: &Db, user_id: i64) -> Result<(Vec<MyProgram>, i64), AppError> {
    type Line = (i64, String, String);
    let (joined, managed) = run_query!(db, |conn| {
        let joined: Vec<(Line, Role, MembershipStatus)> = memberships::table
            .inner_join(programs::table)
            .filter(memberships::user_id.eq(user_id))
            .filter(
                memberships::status.eq_any([MembershipStatus::Pending, MembershipStatus::Approved]),
            )
            .order((programs::name, programs::id))
            .limit(PROGRAMS_READ)
            .select((
                (programs::id, programs::name, programs::slug),
                memberships::role,
                memberships::status,
            ))
            .load(conn)
            .await?;
        let managed: Vec<Line> = program_admins::table
            .inner_join(programs::table)
            .filter(program_admins::user_id.eq(user_id))
            .order((programs::name, programs::id))
            .limit(PROGRAMS_READ)
            .select((programs::id, programs::name, programs::slug))
            .load(conn)
            .await?;
        Ok::<_, AppError>((joined, managed))
    })?;
    let mut by_id: BTreeMap<i64, MyProgram> = BTreeMap::new();
    for ((id, name, slug), role, status) in joined {
        by_id.insert(
            id,
            MyProgram {
                name,
                path: program_path(&slug),
                membership: Some((role, status)),
                admin: false,
            },
        );
    }
    for (id, name, slug) in managed {
        by_id
            .entry(id)
            .or_insert_with(|| MyProgram {
                name,
                path: program_path(&slug),
                membership: None,
                admin: false,
            })
            .admin = true;
    }
    let mut list: Vec<MyProgram> = by_id.into_values().collect();
    list.sort_by_key(|p| p.name.to_lowercase());
    let more = list.len().saturating_sub(BLOCK_ROWS) as i64;
    list.truncate(BLOCK_ROWS);
    Ok((list, more))
}

/// What waits for the member's decision as an admin: per program,
/// pending applications, and mentees without a mentor where the admins
/// match. The programs they admin, and for a hub admin also the programs
/// with the most pending applications; the busiest first, programs with
/// nothing waiting left out. At most four queries.
pub async fn decisions(db: &Db, who: &Belonging) -> Result<Vec<Decision>, AppError> {
    if !who.hub_admin && who.managed.is_empty() {
        return Ok(Vec::new());
    }
    let managed = who.managed.clone();
    let hub_admin = who.hub_admin;
    let (pending, names, mentees, matched) = run_query!(db, |conn| {
        // Pending applications per program: the admin's programs, or (a
        // hub admin) the hub's busiest ones.
        let mut query = memberships::table
            .filter(memberships::status.eq(MembershipStatus::Pending))
            .group_by(memberships::program_id)
            .select((memberships::program_id, count_star()))
            .order((count_star().desc(), memberships::program_id))
            .limit(BLOCK_ROWS as i64)
            .into_boxed();
        if !hub_admin {
            query = query.filter(memberships::program_id.eq_any(managed.clone()));
        }
        let pending: Vec<(i64, i64)> = query.load(conn).await?;
        let mut ids: Vec<i64> = pending.iter().map(|(id, _)| *id).collect();
        ids.extend(managed.iter().copied());
        let names: Vec<(i64, String, String, MatchingMode)> = programs::table
            .filter(programs::id.eq_any(ids))
            .select((
                programs::id,
                programs::name,
                programs::slug,
                programs::matching_mode,
            ))
            .load(conn)
            .await?;
        // Where the admins match: approved mentees and active mentorships.
        let matched_here: Vec<i64> = names
            .iter()
            .filter(|(id, _, _, mode)| {
                managed.contains(id) && *mode != MatchingMode::MenteeRequests
            })
            .map(|(id, ..)| *id)
            .collect();
        let (mut mentees, mut matched) = (Vec::new(), Vec::new());
        if !matched_here.is_empty() {
            mentees = memberships::table
                .filter(memberships::program_id.eq_any(matched_here.clone()))
                .filter(memberships::status.eq(MembershipStatus::Approved))
                .filter(memberships::role.eq(Role::Mentee))
                .group_by(memberships::program_id)
                .select((memberships::program_id, count_star()))
                .load::<(i64, i64)>(conn)
                .await?;
            matched = mentorships::table
                .filter(mentorships::program_id.eq_any(matched_here))
                .filter(mentorships::status.eq(MentorshipStatus::Active))
                .group_by(mentorships::program_id)
                .select((mentorships::program_id, count_star()))
                .load::<(i64, i64)>(conn)
                .await?;
        }
        Ok::<_, AppError>((pending, names, mentees, matched))
    })?;
    let pending: BTreeMap<i64, i64> = pending.into_iter().collect();
    let mentees: BTreeMap<i64, i64> = mentees.into_iter().collect();
    let matched: BTreeMap<i64, i64> = matched.into_iter().collect();
    let mut out: Vec<Decision> = names
        .into_iter()
        .map(|(id, name, slug, _)| Decision {
            program_name: name,
            program_path: program_path(&slug),
            applications: pending.get(&id).copied().unwrap_or(0),
            unmatched: (mentees.get(&id).copied().unwrap_or(0)
                - matched.get(&id).copied().unwrap_or(0))
            .max(0),
        })
        .filter(|d| d.applications + d.unmatched > 0)
        .collect();
    out.sort_by(|a, b| {
        (b.applications + b.unmatched)
            .cmp(&(a.applications + a.unmatched))
            .then_with(|| a.program_name.cmp(&b.program_name))
    });
    out.truncate(BLOCK_ROWS);
    Ok(out)
}
