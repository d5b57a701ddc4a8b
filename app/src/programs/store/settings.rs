//! A program's settings: creating, editing and finding programs.

use super::{
    rows::{ProgramRow, ProgramValues},
    shared::ProgramQueries,
};
use crate::{
    db::{schema::programs, Db},
    error::AppError,
    programs::{Program, ProgramSettings},
    run_query, write_transaction,
};
use chrono::NaiveDateTime;
use diesel::{
    prelude::*,
    result::{DatabaseErrorKind, Error as DieselError},
};
use diesel_async::RunQueryDsl;

/// Creates a program from validated settings. A slug already in use is a
/// validation error on `slug`.
pub async fn create_program(
    db: &Db,
    settings: ProgramSettings,
    created_by: i64,
    now: NaiveDateTime,
) -> Result<Program, AppError> {
    let settings = settings.normalized();
    settings.validate()?;
    write_transaction!(db, |conn| {
        let id: i64 = diesel::insert_into(programs::table)
            .values((
                ProgramValues::from(&settings),
                programs::created_by.eq(created_by),
                programs::created_at.eq(now),
                programs::updated_at.eq(now),
            ))
            .returning(programs::id)
            .get_result(conn)
            .await
            .map_err(slug_taken)?;
        Ok(conn.load_program(id).await?)
    })
}

/// Saves new settings for a program.
pub async fn update_program(
    db: &Db,
    program_id: i64,
    settings: ProgramSettings,
    now: NaiveDateTime,
) -> Result<Program, AppError> {
    let settings = settings.normalized();
    settings.validate()?;
    write_transaction!(db, |conn| {
        // The most places a mentor may offer is a matching setting (the
        // mentors' page); the default may not be above it.
        let max: Option<i32> = programs::table
            .find(program_id)
            .select(programs::max_mentor_capacity)
            .first(conn)
            .await
            .optional()?;
        if let Some(max) = max.filter(|max| settings.default_mentor_capacity > *max) {
            return Err(AppError::validation(
                "default_mentor_capacity",
                format!(
                    "Mentors may offer at most {max} places (a matching setting): choose a default of {max} or fewer, or raise that limit first."
                ),
            ));
        }
        let updated = diesel::update(programs::table.find(program_id))
            .set((ProgramValues::from(&settings), programs::updated_at.eq(now)))
            .execute(conn)
            .await
            .map_err(slug_taken)?;
        if updated == 0 {
            return Err(AppError::NotFound);
        }
        Ok(conn.load_program(program_id).await?)
    })
}

pub async fn program_by_id(db: &Db, program_id: i64) -> Result<Program, AppError> {
    Ok(run_query!(db, |conn| conn.load_program(program_id).await)?)
}

/// The program at `/programs/<slug>` (any case), or `NotFound`. Whether the
/// viewer may see it is
/// [`ProgramAccess::can_view`](crate::programs::ProgramAccess::can_view)'s
/// question.
pub async fn program_by_slug(db: &Db, slug: &str) -> Result<Program, AppError> {
    let slug = slug.trim().to_ascii_lowercase();
    let row = run_query!(db, |conn| {
        programs::table
            .filter(programs::slug.eq(&slug))
            .select(ProgramRow::as_select())
            .first(conn)
            .await
    })?;
    Ok(row.into())
}

/// The slug is the programs table's only unique column besides the id.
fn slug_taken(error: DieselError) -> AppError {
    match error {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => AppError::validation(
            "slug",
            "Another program already uses this address. Choose another.",
        ),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programs::store::fixtures::*;
    use crate::{
        db::testing::on_both_backends,
        programs::{Approval, MatchingMode},
    };

    #[tokio::test(flavor = "multi_thread")]
    async fn slugs_are_unique_ignoring_case_and_settings_are_validated() {
        on_both_backends(|db| async move {
            let now = t0();
            let admin = member(&db, "Admin").await;
            let spring = program(&db, &admin, settings("Spring", "spring")).await;
            assert_eq!(spring.settings.slug, "spring");
            let taken = create_program(&db, settings("Other", " SPRING "), admin.id, now)
                .await
                .unwrap_err();
            assert!(
                taken.field("slug").unwrap().contains("already uses"),
                "{db:?}: {taken:?}"
            );
            let autumn = program(&db, &admin, settings("Autumn", "")).await;
            assert_eq!(autumn.settings.slug, "autumn", "derived from the name");
            let moved = update_program(&db, autumn.id, settings("Autumn", "spring"), now)
                .await
                .unwrap_err();
            assert!(moved.field("slug").is_some());
            let invalid = create_program(
                &db,
                ProgramSettings {
                    cover_color: "blue".into(),
                    ..settings("", "x")
                },
                admin.id,
                now,
            )
            .await
            .unwrap_err();
            assert!(invalid.field("name").is_some());
            assert!(invalid.field("slug").is_some());
            assert!(invalid.field("cover_color").is_some());

            let updated = update_program(
                &db,
                autumn.id,
                ProgramSettings {
                    matching_mode: MatchingMode::MenteeRequests,
                    approval: Approval::Automatic,
                    ..settings("Autumn 2027", "autumn-2027")
                },
                now,
            )
            .await
            .unwrap();
            assert_eq!(updated.settings.matching_mode, MatchingMode::MenteeRequests);
            let found = program_by_slug(&db, "Autumn-2027").await.unwrap();
            assert_eq!(found, updated);
            assert_eq!(found.settings.approval, Approval::Automatic);
            assert_eq!(
                program_by_slug(&db, "autumn").await.unwrap_err(),
                AppError::NotFound
            );
            assert_eq!(
                update_program(&db, 9_999, settings("X", "xx"), now)
                    .await
                    .unwrap_err(),
                AppError::NotFound
            );
        })
        .await;
    }
}
