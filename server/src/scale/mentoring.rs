//! Mentoring: in every program, about a third of the approved mentees
//! matched with a mentor who has a place (as an admin would), favorites
//! from the mentees of favorites-mode programs, and pending requests from
//! unmatched mentees in request-mode programs. Each mentor takes at most
//! their program's default capacity.

use super::{base_time, batch_row, memberships, programs, InsertBatches, Rng};
use app::{
    db::{
        schema::{favorites, mentorship_requests, mentorships},
        Db,
    },
    error::AppError,
    mentors::{MentorshipOrigin, MentorshipStatus, RequestStatus},
    programs::{MatchingMode, MembershipStatus, Role},
    write_transaction,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = mentorships, treat_none_as_null = true)]
pub(crate) struct MentorshipRow {
    pub(crate) id: i64,
    pub(crate) program_id: i64,
    pub(crate) mentor_id: i64,
    pub(crate) mentee_id: i64,
    pub(crate) status: MentorshipStatus,
    pub(crate) origin: MentorshipOrigin,
    pub(crate) created_by: Option<i64>,
    pub(crate) started_at: NaiveDateTime,
    pub(crate) end_note: String,
}
batch_row!(MentorshipRow, mentorships::table, 9);

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = favorites)]
pub(crate) struct FavoriteRow {
    pub(crate) program_id: i64,
    pub(crate) mentee_id: i64,
    pub(crate) mentor_id: i64,
    pub(crate) created_at: NaiveDateTime,
}
batch_row!(FavoriteRow, favorites::table, 4);

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = mentorship_requests)]
pub(crate) struct RequestRow {
    pub(crate) id: i64,
    pub(crate) program_id: i64,
    pub(crate) mentee_id: i64,
    pub(crate) mentor_id: i64,
    pub(crate) message: String,
    pub(crate) status: RequestStatus,
    pub(crate) response: String,
    pub(crate) created_at: NaiveDateTime,
    pub(crate) expires_at: NaiveDateTime,
}
batch_row!(RequestRow, mentorship_requests::table, 9);

pub(crate) struct Rows {
    pub(crate) mentorships: Vec<MentorshipRow>,
    pub(crate) favorites: Vec<FavoriteRow>,
    pub(crate) requests: Vec<RequestRow>,
}

const SEED: u64 = 0x5ca1_e000_0000_0004;

pub(crate) fn generate(programs: &programs::Rows, memberships: &memberships::Rows) -> Rows {
    let mut rng = Rng::new(SEED);
    let mut people: BTreeMap<(i64, Role), Vec<i64>> = BTreeMap::new();
    for row in &memberships.memberships {
        if row.status == MembershipStatus::Approved {
            people
                .entry((row.program_id, row.role))
                .or_default()
                .push(row.user_id);
        }
    }
    let mut rows = Rows {
        mentorships: Vec::new(),
        favorites: Vec::new(),
        requests: Vec::new(),
    };
    let now = base_time();
    for program in &programs.programs {
        let mentors = people
            .get(&(program.id, Role::Mentor))
            .cloned()
            .unwrap_or_default();
        let mentees = people
            .get(&(program.id, Role::Mentee))
            .cloned()
            .unwrap_or_default();
        if mentors.is_empty() {
            continue;
        }
        let mut used: BTreeMap<i64, i32> = BTreeMap::new();
        for mentee in &mentees {
            let mentor = *rng.pick(&mentors);
            let matched = rng.chance(33)
                && used.get(&mentor).copied().unwrap_or(0) < program.default_mentor_capacity;
            if matched {
                *used.entry(mentor).or_default() += 1;
                rows.mentorships.push(MentorshipRow {
                    id: rows.mentorships.len() as i64 + 1,
                    program_id: program.id,
                    mentor_id: mentor,
                    mentee_id: *mentee,
                    status: MentorshipStatus::Active,
                    origin: MentorshipOrigin::Admin,
                    created_by: Some(program.created_by),
                    started_at: now - Duration::days(rng.between(1, 90)),
                    end_note: String::new(),
                });
                continue;
            }
            match program.matching_mode {
                MatchingMode::MenteeFavorites | MatchingMode::AdminMatch => {
                    let count = rng_count(&mut rng, mentors.len());
                    let chosen: Vec<i64> = rng
                        .pick_some(&mentors, count)
                        .into_iter()
                        .copied()
                        .collect();
                    for chosen in &chosen {
                        rows.favorites.push(FavoriteRow {
                            program_id: program.id,
                            mentee_id: *mentee,
                            mentor_id: *chosen,
                            created_at: now - Duration::days(rng.between(1, 60)),
                        });
                    }
                }
                MatchingMode::MenteeRequests => {
                    if rng.chance(50) {
                        let created = now - Duration::days(rng.between(0, 10));
                        rows.requests.push(RequestRow {
                            id: rows.requests.len() as i64 + 1,
                            program_id: program.id,
                            mentee_id: *mentee,
                            mentor_id: mentor,
                            message: "I would like to work with you on the goals I wrote in my application.".into(),
                            status: RequestStatus::Pending,
                            response: String::new(),
                            created_at: created,
                            expires_at: created + Duration::days(14),
                        });
                    }
                }
            }
        }
    }
    rows
}

/// 1 to 3 favorites, never more than there are mentors.
fn rng_count(rng: &mut Rng, mentors: usize) -> usize {
    (rng.between(1, 3) as usize).min(mentors)
}

pub(crate) async fn insert(db: &Db, rows: Rows) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        conn.insert_batches(&rows.mentorships).await?;
        conn.insert_batches(&rows.favorites).await?;
        conn.insert_batches(&rows.requests).await?;
        Ok(())
    })
}
