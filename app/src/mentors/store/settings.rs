//! Favorites, a mentor's own places, an admin's override, and the
//! program's matching settings.

use super::{
    mentorships::MentorshipQueries,
    roster::{RosterQueries, Who},
};
use crate::{
    db::{
        schema::{favorites, memberships, programs, registration_questions},
        Db,
    },
    error::AppError,
    mentors::{MatchingSettings, MAX_CAPACITY},
    programs::{MembershipStatus, Role},
    run_query, write_transaction,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// Marks (`on`) or unmarks a mentor as the mentee's favorite. Says what
/// the state should be, not "flip": a double click or a retry leaves the
/// same one row (or none).
pub async fn set_favorite(
    db: &Db,
    program_id: i64,
    mentee_id: i64,
    mentor_id: i64,
    on: bool,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        if on {
            if conn
                .people(program_id, Who::One(Role::Mentor, mentor_id))
                .await?
                .is_empty()
            {
                return Err(AppError::NotFound);
            }
            diesel::insert_into(favorites::table)
                .values((
                    favorites::program_id.eq(program_id),
                    favorites::mentee_id.eq(mentee_id),
                    favorites::mentor_id.eq(mentor_id),
                    favorites::created_at.eq(now),
                ))
                .on_conflict_do_nothing()
                .execute(conn)
                .await?;
        } else {
            diesel::delete(
                favorites::table
                    .filter(favorites::program_id.eq(program_id))
                    .filter(favorites::mentee_id.eq(mentee_id))
                    .filter(favorites::mentor_id.eq(mentor_id)),
            )
            .execute(conn)
            .await?;
        }
        Ok(())
    })
}

/// A mentor's own capacity (`None`: the program's default) and whether
/// they take mentees now. Lowering it ends nothing: the mentor just shows
/// as full.
pub async fn update_mentor_places(
    db: &Db,
    program_id: i64,
    mentor_id: i64,
    capacity: Option<i32>,
    taking_mentees: bool,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        let (settings, _) = conn.matching_settings(program_id).await?;
        if let Some(capacity) = capacity {
            if capacity < 1 || capacity > settings.max_capacity {
                return Err(AppError::validation(
                    "capacity",
                    format!("Choose from 1 to {} mentees.", settings.max_capacity),
                ));
            }
        }
        let changed = diesel::update(
            memberships::table
                .filter(memberships::program_id.eq(program_id))
                .filter(memberships::user_id.eq(mentor_id))
                .filter(memberships::role.eq(Role::Mentor))
                .filter(memberships::status.eq(MembershipStatus::Approved)),
        )
        .set((
            memberships::mentor_capacity.eq(capacity),
            memberships::taking_mentees.eq(taking_mentees),
        ))
        .execute(conn)
        .await?;
        if changed == 0 {
            return Err(AppError::Forbidden);
        }
        Ok(())
    })
}

/// An admin's capacity for one mentor, with a note (`None` clears it).
pub async fn override_capacity(
    db: &Db,
    program_id: i64,
    mentor_id: i64,
    capacity: Option<i32>,
    note: &str,
) -> Result<(), AppError> {
    let note = crate::mentors::validate_end_note(note).map_err(|_| {
        AppError::validation(
            "capacity_note",
            "Keep the note to 1000 characters or fewer.",
        )
    })?;
    if let Some(capacity) = capacity {
        if !(0..=MAX_CAPACITY).contains(&capacity) {
            return Err(AppError::validation(
                "capacity_override",
                format!("Choose from 0 to {MAX_CAPACITY} mentees."),
            ));
        }
    }
    let changed = run_query!(db, |conn| {
        diesel::update(
            memberships::table
                .filter(memberships::program_id.eq(program_id))
                .filter(memberships::user_id.eq(mentor_id))
                .filter(memberships::role.eq(Role::Mentor))
                .filter(memberships::status.eq(MembershipStatus::Approved)),
        )
        .set((
            memberships::capacity_override.eq(capacity),
            memberships::capacity_note.eq(&note),
        ))
        .execute(conn)
        .await
    })?;
    if changed == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The program's matching settings, for the admins' page.
pub async fn matching_settings(
    db: &Db,
    program_id: i64,
) -> Result<(MatchingSettings, Vec<crate::mentors::MatchQuestion>), AppError> {
    Ok(run_query!(db, |conn| conn
        .matching_settings(program_id)
        .await)?)
}

/// Saves the matching settings; `cards` are the questions shown on mentor
/// cards (mentor questions only).
pub async fn save_matching_settings(
    db: &Db,
    program_id: i64,
    settings: &MatchingSettings,
    cards: &[i64],
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        conn.lock_program(program_id).await?;
        // The mode and the default capacity belong to the program's
        // Settings page; the maximum is checked against that default.
        let (current, _) = conn.matching_settings(program_id).await?;
        let settings = MatchingSettings {
            mode: current.mode,
            default_capacity: current.default_capacity,
            ..settings.clone()
        };
        settings.validate()?;
        diesel::update(programs::table.find(program_id))
            .set((
                programs::max_mentor_capacity.eq(settings.max_capacity),
                programs::max_pending_requests.eq(settings.max_pending_requests),
                programs::request_expiry_days.eq(settings.request_expiry_days),
                programs::mentees_browse.eq(settings.mentees_browse),
                programs::weight_favorite.eq(settings.weights.favorite),
                programs::weight_expertise.eq(settings.weights.profile_expertise),
                programs::weight_language.eq(settings.weights.language),
                programs::weight_time_zone.eq(settings.weights.time_zone),
                programs::updated_at.eq(now),
            ))
            .execute(conn)
            .await?;
        let live = || {
            registration_questions::table
                .filter(registration_questions::program_id.eq(program_id))
                .filter(registration_questions::deleted_at.is_null())
        };
        diesel::update(live())
            .set((
                registration_questions::match_weight.eq(0),
                registration_questions::on_mentor_cards.eq(false),
            ))
            .execute(conn)
            .await?;
        for question in &settings.weights.questions {
            diesel::update(live().filter(registration_questions::id.eq(question.question_id)))
                .set(registration_questions::match_weight.eq(question.weight))
                .execute(conn)
                .await?;
        }
        diesel::update(
            live()
                .filter(registration_questions::id.eq_any(cards))
                .filter(registration_questions::role.eq(Role::Mentor)),
        )
        .set(registration_questions::on_mentor_cards.eq(true))
        .execute(conn)
        .await?;
        Ok(())
    })
}
