//! A space: the hub's (the row without a program) or a program's (made
//! the first time it is needed), its settings, tags and suspensions.

use super::{author_of, Actor};
use crate::{
    db::{
        schema::{discussion_posts, discussion_spaces, discussion_suspensions, discussion_tags},
        Db,
    },
    discussion::{
        rules::{tag_key, validate_tag_name, SUSPENSION_MAX_DAYS, TAGS_PER_SPACE},
        seal::Sealed,
        SpaceInfo,
    },
    error::AppError,
    run_query, write_transaction,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// A space's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Space {
    pub id: i64,
    pub program_id: Option<i64>,
    pub allow_anonymous: bool,
}

pub(crate) trait SpaceQueries {
    /// The space of `program` (`None`: the hub's), created if missing.
    async fn space_of(&mut self, program: Option<i64>, now: NaiveDateTime) -> QueryResult<Space>;
    async fn find_space(
        &mut self,
        program: Option<i64>,
    ) -> QueryResult<Option<(i64, Option<i64>, bool)>>;
    async fn space_by_id(&mut self, space_id: i64) -> QueryResult<Space>;
    /// The space's tags by name: (id, name).
    async fn space_tags(&mut self, space_id: i64) -> QueryResult<Vec<(i64, String)>>;
    /// Until when `user` may not post in the space (the latest of the
    /// suspensions given for posts of theirs, sealed or not).
    async fn suspended_until(
        &mut self,
        actor: &Actor,
        space_id: i64,
        now: NaiveDateTime,
    ) -> QueryResult<Option<NaiveDateTime>>;
    /// Refuses a post (`what`: "questions", "answers", "comments") the
    /// space does not take: anonymous where that is off, or by a member a
    /// moderator suspended here.
    async fn may_post(
        &mut self,
        actor: &Actor,
        space_id: i64,
        anonymous: bool,
        what: &str,
        now: NaiveDateTime,
    ) -> Result<(), AppError>;
}

crate::impl_for_both_backends!(SpaceQueries {
    async fn may_post(&mut self, actor: &Actor, space_id: i64, anonymous: bool, what: &str, now: NaiveDateTime) -> Result<(), AppError> {
        if anonymous && !self.space_by_id(space_id).await?.allow_anonymous {
            return Err(AppError::validation(
                "anonymous",
                format!("This space does not take anonymous {what}."),
            ));
        }
        match self.suspended_until(actor, space_id, now).await? {
            Some(until) => Err(suspended(until)),
            None => Ok(()),
        }
    }

    async fn space_of(&mut self, program: Option<i64>, now: NaiveDateTime) -> QueryResult<Space> {
        let row = match self.find_space(program).await? {
            Some(row) => row,
            None => {
                // A program's space is made the first time it is needed;
                // two requests doing it at once make one row.
                diesel::insert_into(discussion_spaces::table)
                    .values((
                        discussion_spaces::program_id.eq(program),
                        discussion_spaces::allow_anonymous.eq(true),
                        discussion_spaces::created_at.eq(now),
                    ))
                    .on_conflict_do_nothing()
                    .execute(self)
                    .await?;
                self.find_space(program).await?.ok_or(diesel::result::Error::NotFound)?
            }
        };
        Ok(Space {
            id: row.0,
            program_id: row.1,
            allow_anonymous: row.2,
        })
    }

    async fn find_space(&mut self, program: Option<i64>) -> QueryResult<Option<(i64, Option<i64>, bool)>> {
        let mut query = discussion_spaces::table
            .select((
                discussion_spaces::id,
                discussion_spaces::program_id,
                discussion_spaces::allow_anonymous,
            ))
            .order(discussion_spaces::id)
            .into_boxed();
        query = match program {
            Some(id) => query.filter(discussion_spaces::program_id.eq(id)),
            None => query.filter(discussion_spaces::program_id.is_null()),
        };
        query.first(self).await.optional()
    }

    async fn space_by_id(&mut self, space_id: i64) -> QueryResult<Space> {
        let row: (i64, Option<i64>, bool) = discussion_spaces::table
            .find(space_id)
            .select((
                discussion_spaces::id,
                discussion_spaces::program_id,
                discussion_spaces::allow_anonymous,
            ))
            .first(self)
            .await?;
        Ok(Space {
            id: row.0,
            program_id: row.1,
            allow_anonymous: row.2,
        })
    }

    async fn space_tags(&mut self, space_id: i64) -> QueryResult<Vec<(i64, String)>> {
        discussion_tags::table
            .filter(discussion_tags::space_id.eq(space_id))
            .order(discussion_tags::tag_key)
            .select((discussion_tags::id, discussion_tags::name))
            .load(self)
            .await
    }

    async fn suspended_until(&mut self, actor: &Actor, space_id: i64, now: NaiveDateTime) -> QueryResult<Option<NaiveDateTime>> {
        // Few rows: the suspensions still running in this space.
        let running: Vec<(NaiveDateTime, Option<i64>, Option<String>)> = discussion_suspensions::table
            .inner_join(discussion_posts::table)
            .filter(discussion_suspensions::space_id.eq(space_id))
            .filter(discussion_suspensions::until.gt(now))
            .select((
                discussion_suspensions::until,
                discussion_posts::author_id,
                discussion_posts::sealed_author,
            ))
            .load(self)
            .await?;
        Ok(running
            .into_iter()
            .filter(|(_, id, sealed)| {
                author_of(&actor.key, Sealed::Post, *id, sealed.as_deref()) == Some(actor.user_id)
            })
            .map(|(until, ..)| until)
            .max())
    }
});

/// What a page shows about a space: `name` and `path` come from the
/// caller (the hub's or the program's), the rest from the database.
pub async fn space_info(
    db: &Db,
    program: Option<(i64, &str)>,
    name: &str,
    actor: Option<&Actor>,
    now: NaiveDateTime,
) -> Result<(Space, SpaceInfo), AppError> {
    let (space, tags, suspended_until) = run_query!(db, |conn| {
        let space = conn.space_of(program.map(|(id, _)| id), now).await?;
        let tags = conn.space_tags(space.id).await?;
        let suspended = match actor {
            Some(actor) => conn.suspended_until(actor, space.id, now).await?,
            None => None,
        };
        Ok::<_, AppError>((space, tags, suspended))
    })?;
    let info = SpaceInfo {
        id: space.id,
        program_slug: program.map(|(_, slug)| slug.to_owned()),
        name: name.to_owned(),
        path: match program {
            Some((_, slug)) => format!("/programs/{slug}/discussion"),
            None => "/discussion".into(),
        },
        allow_anonymous: space.allow_anonymous,
        tags: tags.into_iter().map(|(_, name)| name).collect(),
        can_moderate: actor.is_some_and(|a| a.moderator),
        suspended_until,
    };
    Ok((space, info))
}

/// A moderator's settings of a space.
pub async fn set_allow_anonymous(db: &Db, space_id: i64, allow: bool) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        diesel::update(discussion_spaces::table.find(space_id))
            .set(discussion_spaces::allow_anonymous.eq(allow))
            .execute(conn)
            .await?;
        Ok(())
    })
}

/// Adds a tag to a space's list (the same name twice is one tag).
pub async fn add_tag(db: &Db, space_id: i64, name: &str) -> Result<(), AppError> {
    let name = validate_tag_name(name)?;
    let key = tag_key(&name);
    write_transaction!(db, |conn| {
        let count: i64 = discussion_tags::table
            .filter(discussion_tags::space_id.eq(space_id))
            .count()
            .get_result(conn)
            .await?;
        if count >= TAGS_PER_SPACE as i64 {
            return Err(AppError::validation(
                "tag",
                format!("A space has at most {TAGS_PER_SPACE} tags; remove one first."),
            ));
        }
        diesel::insert_into(discussion_tags::table)
            .values((
                discussion_tags::space_id.eq(space_id),
                discussion_tags::name.eq(&name),
                discussion_tags::tag_key.eq(&key),
            ))
            .on_conflict_do_nothing()
            .execute(conn)
            .await?;
        Ok(())
    })
}

/// Removes a tag from the list and from the threads that had it.
pub async fn remove_tag(db: &Db, space_id: i64, name: &str) -> Result<(), AppError> {
    let key = tag_key(name);
    write_transaction!(db, |conn| {
        diesel::delete(
            discussion_tags::table
                .filter(discussion_tags::space_id.eq(space_id))
                .filter(discussion_tags::tag_key.eq(&key)),
        )
        .execute(conn)
        .await?;
        Ok(())
    })
}

/// How long a suspension may be.
pub fn suspension_days(days: i64) -> Result<Duration, AppError> {
    if !(1..=SUSPENSION_MAX_DAYS).contains(&days) {
        return Err(AppError::validation(
            "days",
            format!("Suspend for 1 to {SUSPENSION_MAX_DAYS} days."),
        ));
    }
    Ok(Duration::days(days))
}

/// The error of a suspended member's post.
fn suspended(until: NaiveDateTime) -> AppError {
    AppError::Conflict(format!(
        "A moderator has suspended you from posting here until {} UTC.",
        until.format("%-d %B %Y, %H:%M")
    ))
}
