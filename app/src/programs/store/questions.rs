//! Registration questions: each role's form, kept in dense order.

use super::{program_lock, rows::QuestionRow, shared::ProgramQueries, POSITION_SHIFT};
use crate::{
    accounts::store::SerializeWrites,
    db::{schema::registration_questions, Db},
    error::AppError,
    programs::{Move, Question, QuestionDraft, Role, MAX_QUESTIONS},
    run_query, write_transaction,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// The live questions of the program (of one role, or both: mentor's
/// first), in order.
pub async fn list_questions(
    db: &Db,
    program_id: i64,
    role: Option<Role>,
) -> Result<Vec<Question>, AppError> {
    Ok(run_query!(db, |conn| conn
        .live_questions(program_id, role)
        .await)?)
}

/// Adds a question at the end of its role's form.
pub async fn add_question(
    db: &Db,
    program_id: i64,
    draft: QuestionDraft,
    now: NaiveDateTime,
) -> Result<Question, AppError> {
    let draft = draft.normalized();
    draft.validate()?;
    let options = serde_json::to_string(&draft.options).map_err(AppError::internal)?;
    write_transaction!(db, |conn| {
        conn.serialize_writes(program_lock(program_id)).await?;
        conn.load_program(program_id).await?;
        let position = conn.next_position(program_id, draft.role).await?;
        if i64::from(position) > MAX_QUESTIONS {
            return Err(AppError::Conflict(format!(
                "A form can have at most {MAX_QUESTIONS} questions."
            )));
        }
        let row: QuestionRow = diesel::insert_into(registration_questions::table)
            .values((
                registration_questions::program_id.eq(program_id),
                registration_questions::role.eq(draft.role),
                registration_questions::position.eq(position),
                registration_questions::kind.eq(draft.kind),
                registration_questions::prompt.eq(&draft.prompt),
                registration_questions::help_text.eq(&draft.help_text),
                registration_questions::required.eq(draft.required),
                registration_questions::options.eq(&options),
                registration_questions::created_at.eq(now),
                registration_questions::updated_at.eq(now),
            ))
            .returning(QuestionRow::as_returning())
            .get_result(conn)
            .await?;
        Ok(row.into())
    })
}

/// Edits a question. Answers already given keep the prompt they were given
/// under. Moving it to the other role's form puts it at the end there.
pub async fn update_question(
    db: &Db,
    program_id: i64,
    question_id: i64,
    draft: QuestionDraft,
    now: NaiveDateTime,
) -> Result<Question, AppError> {
    let draft = draft.normalized();
    draft.validate()?;
    let options = serde_json::to_string(&draft.options).map_err(AppError::internal)?;
    write_transaction!(db, |conn| {
        conn.serialize_writes(program_lock(program_id)).await?;
        let current: QuestionRow = live_question(program_id, question_id)
            .select(QuestionRow::as_select())
            .first(conn)
            .await?;
        let old_role = current.role;
        let mut position = current.position;
        if old_role != draft.role {
            position = conn.next_position(program_id, draft.role).await?;
            if i64::from(position) > MAX_QUESTIONS {
                return Err(AppError::Conflict(format!(
                    "A form can have at most {MAX_QUESTIONS} questions."
                )));
            }
        }
        let row: QuestionRow = diesel::update(registration_questions::table.find(question_id))
            .set((
                registration_questions::role.eq(draft.role),
                registration_questions::position.eq(position),
                registration_questions::kind.eq(draft.kind),
                registration_questions::prompt.eq(&draft.prompt),
                registration_questions::help_text.eq(&draft.help_text),
                registration_questions::required.eq(draft.required),
                registration_questions::options.eq(&options),
                registration_questions::updated_at.eq(now),
            ))
            .returning(QuestionRow::as_returning())
            .get_result(conn)
            .await?;
        if old_role != draft.role {
            conn.close_gap(program_id, old_role, current.position)
                .await?;
        }
        Ok(row.into())
    })
}

/// The query for one live question of one program.
type LiveQuestion = diesel::dsl::Filter<
    diesel::dsl::Filter<
        diesel::dsl::Find<registration_questions::table, i64>,
        diesel::dsl::Eq<registration_questions::program_id, i64>,
    >,
    diesel::dsl::IsNull<registration_questions::deleted_at>,
>;

/// A live question of this program (`NotFound` for another program's).
fn live_question(program_id: i64, question_id: i64) -> LiveQuestion {
    registration_questions::table
        .find(question_id)
        .filter(registration_questions::program_id.eq(program_id))
        .filter(registration_questions::deleted_at.is_null())
}

/// Removes a question from the form. The row stays (marked deleted) so the
/// answers already given still show what was asked.
pub async fn delete_question(
    db: &Db,
    program_id: i64,
    question_id: i64,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        conn.serialize_writes(program_lock(program_id)).await?;
        let current: QuestionRow = live_question(program_id, question_id)
            .select(QuestionRow::as_select())
            .first(conn)
            .await?;
        diesel::update(registration_questions::table.find(question_id))
            .set((
                registration_questions::deleted_at.eq(now),
                registration_questions::updated_at.eq(now),
            ))
            .execute(conn)
            .await?;
        conn.close_gap(program_id, current.role, current.position)
            .await?;
        Ok(())
    })
}

/// Swaps a question with its neighbour above or below. `false` when it is
/// already first (up) or last (down).
pub async fn move_question(
    db: &Db,
    program_id: i64,
    question_id: i64,
    direction: Move,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    write_transaction!(db, |conn| {
        conn.serialize_writes(program_lock(program_id)).await?;
        let current: QuestionRow = live_question(program_id, question_id)
            .select(QuestionRow::as_select())
            .first(conn)
            .await?;
        let target = match direction {
            Move::Up => current.position - 1,
            Move::Down => current.position + 1,
        };
        let neighbour: Option<i64> = registration_questions::table
            .filter(registration_questions::program_id.eq(program_id))
            .filter(registration_questions::role.eq(current.role))
            .filter(registration_questions::deleted_at.is_null())
            .filter(registration_questions::position.eq(target))
            .select(registration_questions::id)
            .first(conn)
            .await
            .optional()?;
        let Some(neighbour) = neighbour else {
            return Ok(false);
        };
        // Park the question outside the live range, move the neighbour into
        // its place, then take the neighbour's.
        for (id, position) in [
            (question_id, current.position + POSITION_SHIFT),
            (neighbour, current.position),
            (question_id, target),
        ] {
            diesel::update(registration_questions::table.find(id))
                .set((
                    registration_questions::position.eq(position),
                    registration_questions::updated_at.eq(now),
                ))
                .execute(conn)
                .await?;
        }
        Ok(true)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programs::store::{fixtures::*, *};
    use crate::{
        db::testing::on_both_backends,
        programs::{answers_from_form, QuestionKind},
    };

    async fn positions(db: &Db, program_id: i64, role: Role) -> Vec<(String, i32)> {
        list_questions(db, program_id, Some(role))
            .await
            .unwrap()
            .into_iter()
            .map(|q| (q.prompt, q.position))
            .collect()
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn questions_stay_in_dense_order_and_deleting_one_keeps_its_answers() {
        on_both_backends(|db| async move {
            let now = t0();
            let admin = member(&db, "Admin").await;
            let ada = member(&db, "Ada").await;
            let p = program(&db, &admin, settings("Spring", "spring")).await;
            let other = program(&db, &admin, settings("Other", "other")).await;
            let mut ids = Vec::new();
            for prompt in ["A", "B", "C", "D"] {
                let q = add_question(
                    &db,
                    p.id,
                    draft(Role::Mentee, QuestionKind::ShortText, prompt, false),
                    now,
                )
                .await
                .unwrap();
                ids.push(q.id);
            }
            add_question(
                &db,
                p.id,
                draft(Role::Mentor, QuestionKind::YesNo, "M", true),
                now,
            )
            .await
            .unwrap();
            let expect = |list: &[(&str, i32)]| {
                list.iter()
                    .map(|(p, i)| (p.to_string(), *i))
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                positions(&db, p.id, Role::Mentee).await,
                expect(&[("A", 1), ("B", 2), ("C", 3), ("D", 4)]),
                "{db:?}"
            );
            assert_eq!(
                positions(&db, p.id, Role::Mentor).await,
                expect(&[("M", 1)])
            );

            assert!(move_question(&db, p.id, ids[2], Move::Up, now)
                .await
                .unwrap());
            assert!(move_question(&db, p.id, ids[0], Move::Down, now)
                .await
                .unwrap());
            assert_eq!(
                positions(&db, p.id, Role::Mentee).await,
                expect(&[("C", 1), ("A", 2), ("B", 3), ("D", 4)])
            );
            assert!(!move_question(&db, p.id, ids[2], Move::Up, now)
                .await
                .unwrap());
            assert!(!move_question(&db, p.id, ids[3], Move::Down, now)
                .await
                .unwrap());
            assert_eq!(
                move_question(&db, other.id, ids[0], Move::Up, now)
                    .await
                    .unwrap_err(),
                AppError::NotFound,
                "another program's question"
            );

            // Ada answers A and B; then B is deleted and A reworded.
            let answers = answers_from_form([
                (format!("q-{}", ids[0]), "answer A"),
                (format!("q-{}", ids[1]), "answer B"),
            ]);
            submit_application(&db, p.id, ada.id, &apply(Role::Mentee, answers), now)
                .await
                .unwrap();
            delete_question(&db, p.id, ids[1], now).await.unwrap();
            assert_eq!(
                positions(&db, p.id, Role::Mentee).await,
                expect(&[("C", 1), ("A", 2), ("D", 3)])
            );
            assert_eq!(
                delete_question(&db, p.id, ids[1], now).await.unwrap_err(),
                AppError::NotFound,
                "already deleted"
            );
            update_question(
                &db,
                p.id,
                ids[0],
                draft(Role::Mentee, QuestionKind::ShortText, "A, reworded", true),
                now,
            )
            .await
            .unwrap();
            // Moving D to the mentor form closes its gap and appends it there.
            update_question(
                &db,
                p.id,
                ids[3],
                draft(Role::Mentor, QuestionKind::Number, "D", false),
                now,
            )
            .await
            .unwrap();
            assert_eq!(
                positions(&db, p.id, Role::Mentee).await,
                expect(&[("C", 1), ("A, reworded", 2)])
            );
            assert_eq!(
                positions(&db, p.id, Role::Mentor).await,
                expect(&[("M", 1), ("D", 2)])
            );
            // A new question fills the next position, not a deleted one's.
            add_question(
                &db,
                p.id,
                draft(Role::Mentee, QuestionKind::LongText, "E", false),
                now,
            )
            .await
            .unwrap();
            assert_eq!(
                positions(&db, p.id, Role::Mentee).await,
                expect(&[("C", 1), ("A, reworded", 2), ("E", 3)])
            );

            let members = list_memberships(&db, p.id, &[]).await.unwrap();
            let given: Vec<(&str, &str, bool)> = members[0]
                .answers
                .iter()
                .map(|a| (a.prompt.as_str(), a.value.as_str(), a.question_deleted))
                .collect();
            assert_eq!(
                given,
                [("A", "answer A", false), ("B", "answer B", true)],
                "answers keep the prompt as asked, deleted questions last"
            );
        })
        .await;
    }
}
