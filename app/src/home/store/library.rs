//! New resources: what was added to the libraries a member sees since
//! they last opened each (in the last [`NEW_ANSWER_DAYS`] days for a
//! library they never opened), for their audiences. Two queries.

use super::Belonging;
use crate::{
    db::{
        schema::{programs, resources},
        Db,
    },
    error::AppError,
    home::{NewResource, BLOCK_ROWS, NEW_ANSWER_DAYS},
    programs::{Audience, Role},
    resources::store::{previous_visits, space_key},
    run_query,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

pub async fn new_resources(
    db: &Db,
    who: &Belonging,
    hub: &str,
    now: NaiveDateTime,
) -> Result<Vec<NewResource>, AppError> {
    let visits = previous_visits(db, who.user_id).await?;
    let since = now - Duration::days(NEW_ANSWER_DAYS);
    let (mentor_of, mentee_of) = (who.approved_as(Role::Mentor), who.approved_as(Role::Mentee));
    type Row = (
        i64,
        Option<i64>,
        String,
        NaiveDateTime,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = run_query!(db, |conn| {
        // The hub's library is everyone's; a program's for its members in
        // their role and for its admins (hub admins: every program's).
        let program = resources::program_id.assume_not_null();
        let open_to_them = resources::program_id
            .is_null()
            .or(program.eq_any(who.managed.clone()))
            .or(program
                .eq_any(mentor_of.clone())
                .and(resources::audience.ne(Audience::Mentees)))
            .or(program
                .eq_any(mentee_of.clone())
                .and(resources::audience.ne(Audience::Mentors)));
        let query = resources::table
            .left_join(programs::table)
            .filter(resources::created_at.gt(since))
            .into_boxed();
        let query = if who.hub_admin {
            query
        } else {
            query.filter(open_to_them)
        };
        query
            .order((resources::created_at.desc(), resources::id.desc()))
            // Some may be in libraries the member opened since.
            .limit(4 * BLOCK_ROWS as i64)
            .select((
                resources::id,
                resources::program_id,
                resources::title,
                resources::created_at,
                programs::slug.nullable(),
                programs::name.nullable(),
            ))
            .load(conn)
            .await
    })?;
    let last_opened = |program_id: Option<i64>| {
        visits
            .iter()
            .find(|(key, ..)| *key == space_key(program_id))
            .map(|(_, _, last)| *last)
    };
    Ok(rows
        .into_iter()
        .filter(|(_, program_id, _, created, ..)| {
            last_opened(*program_id).is_none_or(|last| *created > last)
        })
        .take(BLOCK_ROWS)
        .map(|(id, _, title, created, slug, name)| {
            let path = match &slug {
                Some(slug) => format!("/programs/{slug}/resources/{id}"),
                None => format!("/resources/{id}"),
            };
            NewResource {
                title,
                path,
                space: name.unwrap_or_else(|| hub.to_owned()),
                added: created.format("%-d %b").to_string(),
            }
        })
        .collect())
}
