//! Members' profiles and their expertise tags.

use super::UserRow;
use crate::{
    accounts::Profile,
    db::{
        schema::{user_tags, users},
        Db,
    },
    error::AppError,
    run_query, write_transaction,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

pub fn split_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

pub async fn load_profile(db: &Db, user_id: i64) -> Result<Profile, AppError> {
    let (user, tags) = run_query!(db, |conn| {
        let user = users::table
            .find(user_id)
            .select(UserRow::as_select())
            .first(conn)
            .await?;
        let tags: Vec<String> = user_tags::table
            .filter(user_tags::user_id.eq(user_id))
            .order(user_tags::tag_key)
            .select(user_tags::tag)
            .load(conn)
            .await?;
        Ok::<_, AppError>((user, tags))
    })?;
    Ok(Profile {
        id: user.id,
        name: user.name,
        headline: user.headline,
        bio: user.bio,
        location: user.location,
        time_zone: user.time_zone,
        languages: split_list(&user.languages),
        expertise: tags,
        website_url: user.website_url,
        linkedin_url: user.linkedin_url,
        member_since: user.created_at,
    })
}

/// Saves a validated profile; expertise tags are replaced as a set.
pub async fn save_profile(db: &Db, profile: &Profile, now: NaiveDateTime) -> Result<(), AppError> {
    write_transaction!(db, |conn| {
        diesel::update(users::table.find(profile.id))
            .set((
                users::name.eq(&profile.name),
                users::headline.eq(&profile.headline),
                users::bio.eq(&profile.bio),
                users::location.eq(&profile.location),
                users::time_zone.eq(&profile.time_zone),
                users::languages.eq(profile.languages.join(", ")),
                users::website_url.eq(&profile.website_url),
                users::linkedin_url.eq(&profile.linkedin_url),
                users::updated_at.eq(now),
            ))
            .execute(conn)
            .await?;
        diesel::delete(user_tags::table.filter(user_tags::user_id.eq(profile.id)))
            .execute(conn)
            .await?;
        let mut seen = std::collections::BTreeSet::new();
        for tag in &profile.expertise {
            if seen.insert(tag.to_lowercase()) {
                diesel::insert_into(user_tags::table)
                    .values((
                        user_tags::user_id.eq(profile.id),
                        user_tags::tag.eq(tag),
                        user_tags::tag_key.eq(tag.to_lowercase()),
                    ))
                    .execute(conn)
                    .await?;
            }
        }
        Ok(())
    })
}

/// The most used expertise tags, for suggestions while typing.
pub async fn popular_tags(db: &Db, limit: i64) -> Result<Vec<String>, AppError> {
    let rows: Vec<(String, i64)> = run_query!(db, |conn| {
        user_tags::table
            .group_by(user_tags::tag_key)
            .select((
                diesel::dsl::min(user_tags::tag).assume_not_null(),
                diesel::dsl::count_star(),
            ))
            .order((diesel::dsl::count_star().desc(), user_tags::tag_key))
            .limit(limit)
            .load(conn)
            .await
    })?;
    Ok(rows.into_iter().map(|(tag, _)| tag).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{accounts::store::fixtures::*, db::testing::on_both_backends};

    #[tokio::test(flavor = "multi_thread")]
    async fn profiles_round_trip_with_tags_and_suggest_popular_tags() {
        on_both_backends(|db| async move {
            let now = t0();
            let ada = member(&db, "Ada", now).await;
            let grace = member(&db, "Grace", now).await;
            let mut profile = load_profile(&db, ada.id).await.unwrap();
            profile.headline = "Analyst".into();
            profile.bio = "**Engines**".into();
            profile.languages = vec!["English".into(), "French".into()];
            profile.expertise = vec!["Rust".into(), "rust".into(), "Mathematics".into()];
            save_profile(&db, &profile, now).await.unwrap();
            let saved = load_profile(&db, ada.id).await.unwrap();
            assert_eq!(saved.headline, "Analyst", "{db:?}");
            assert_eq!(saved.languages, vec!["English", "French"]);
            assert_eq!(
                saved.expertise,
                vec!["Mathematics", "Rust"],
                "duplicates ignoring case are dropped"
            );
            let mut other = load_profile(&db, grace.id).await.unwrap();
            other.expertise = vec!["RUST".into()];
            save_profile(&db, &other, now).await.unwrap();
            assert_eq!(
                popular_tags(&db, 10).await.unwrap()[0].to_lowercase(),
                "rust"
            );
        })
        .await;
    }
}
