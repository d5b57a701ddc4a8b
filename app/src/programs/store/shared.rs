//! Queries shared by several transactions, on either backend's connection.

use super::{
    rows::{ProgramRow, QuestionRow},
    POSITION_SHIFT,
};
use crate::{
    db::schema::{hub_settings, programs, registration_questions},
    programs::{Program, Question, Role},
};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

pub(super) trait ProgramQueries {
    async fn load_program(&mut self, program_id: i64) -> QueryResult<Program>;
    async fn live_questions(
        &mut self,
        program_id: i64,
        role: Option<Role>,
    ) -> QueryResult<Vec<Question>>;
    /// Shifts the live questions after `position` up by one, closing the gap
    /// a question left there.
    async fn close_gap(&mut self, program_id: i64, role: Role, position: i32) -> QueryResult<()>;
    /// The position after the last live question of the role.
    async fn next_position(&mut self, program_id: i64, role: Role) -> QueryResult<i32>;
    async fn hub_name(&mut self) -> QueryResult<String>;
    /// A member leaves or is removed: their active mentorships in the
    /// program end ("left the program") and their pending mentorship
    /// requests, sent or received, are withdrawn. The mentors domain owns
    /// these tables; this is the database's side of leaving, in the same
    /// transaction as the membership's change.
    async fn end_mentoring(
        &mut self,
        program_id: i64,
        user_id: i64,
        now: chrono::NaiveDateTime,
    ) -> QueryResult<()>;
}

crate::impl_for_both_backends!(ProgramQueries {
    async fn load_program(&mut self, program_id: i64) -> QueryResult<Program> {
        programs::table
            .find(program_id)
            .select(ProgramRow::as_select())
            .first(self)
            .await
            .map(Program::from)
    }

    async fn live_questions(&mut self, program_id: i64, role: Option<Role>) -> QueryResult<Vec<Question>> {
        let mut query = registration_questions::table
            .filter(registration_questions::program_id.eq(program_id))
            .filter(registration_questions::deleted_at.is_null())
            .select(QuestionRow::as_select())
            // Mentors' questions first: 'mentor' sorts after 'mentee'.
            .order((registration_questions::role.desc(), registration_questions::position))
            .into_boxed();
        if let Some(role) = role {
            query = query.filter(registration_questions::role.eq(role));
        }
        let rows: Vec<QuestionRow> = query.load(self).await?;
        Ok(rows.into_iter().map(Question::from).collect())
    }

    async fn close_gap(&mut self, program_id: i64, role: Role, position: i32) -> QueryResult<()> {
        let after = || {
            registration_questions::table
                .filter(registration_questions::program_id.eq(program_id))
                .filter(registration_questions::role.eq(role))
                .filter(registration_questions::deleted_at.is_null())
        };
        // Two steps, so that no row ever lands on a position another row
        // still holds (the unique index is checked row by row).
        diesel::update(after().filter(registration_questions::position.gt(position)))
            .set(registration_questions::position.eq(registration_questions::position + POSITION_SHIFT))
            .execute(self)
            .await?;
        diesel::update(after().filter(registration_questions::position.gt(POSITION_SHIFT)))
            .set(registration_questions::position.eq(registration_questions::position - (POSITION_SHIFT + 1)))
            .execute(self)
            .await?;
        Ok(())
    }

    async fn next_position(&mut self, program_id: i64, role: Role) -> QueryResult<i32> {
        let last: Option<i32> = registration_questions::table
            .filter(registration_questions::program_id.eq(program_id))
            .filter(registration_questions::role.eq(role))
            .filter(registration_questions::deleted_at.is_null())
            .select(diesel::dsl::max(registration_questions::position))
            .first(self)
            .await?;
        Ok(last.unwrap_or(0) + 1)
    }

    async fn end_mentoring(&mut self, program_id: i64, user_id: i64, now: chrono::NaiveDateTime) -> QueryResult<()> {
        use crate::db::schema::{mentorship_requests, mentorships};
        diesel::update(
            mentorships::table
                .filter(mentorships::program_id.eq(program_id))
                .filter(mentorships::status.eq("active"))
                .filter(mentorships::mentor_id.eq(user_id).or(mentorships::mentee_id.eq(user_id))),
        )
        .set((
            mentorships::status.eq("ended"),
            mentorships::ended_at.eq(now),
            mentorships::ended_by.eq(user_id),
            mentorships::end_reason.eq("left_program"),
        ))
        .execute(self)
        .await?;
        diesel::update(
            mentorship_requests::table
                .filter(mentorship_requests::program_id.eq(program_id))
                .filter(mentorship_requests::status.eq("pending"))
                .filter(mentorship_requests::mentor_id.eq(user_id).or(mentorship_requests::mentee_id.eq(user_id))),
        )
        .set((
            mentorship_requests::status.eq("withdrawn"),
            mentorship_requests::decided_at.eq(now),
        ))
        .execute(self)
        .await?;
        diesel::delete(
            crate::db::schema::match_proposals::table
                .filter(crate::db::schema::match_proposals::program_id.eq(program_id))
                .filter(
                    crate::db::schema::match_proposals::mentee_id
                        .eq(user_id)
                        .or(crate::db::schema::match_proposals::mentor_id.eq(user_id)),
                ),
        )
        .execute(self)
        .await?;
        Ok(())
    }

    async fn hub_name(&mut self) -> QueryResult<String> {
        hub_settings::table
            .select(hub_settings::hub_name)
            .first(self)
            .await
    }
});
