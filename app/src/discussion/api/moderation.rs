//! Flags, the moderators' queue and their actions, a space's settings.

use super::*;
use crate::discussion::ModerationPage;

#[server(prefix = "/api", endpoint = "discussion/flag")]
pub async fn flag_post(
    space: String,
    thread: i64,
    post: i64,
    reason: String,
) -> Result<(), AppError> {
    let keep = [("reason", reason.clone()), ("post", post.to_string())];
    crate::error::serve(async {
        let caller = SpaceCaller::open(&space).await?;
        crate::discussion::store::flag(
            &db()?,
            caller.space.id,
            post,
            &caller.actor,
            &reason,
            now(),
        )
        .await?;
        crate::reply::redirect(&format!(
            "{}?flagged=1#post-{post}",
            caller.info.thread_path(thread)
        ));
        Ok(())
    })
    .await
    .map_err(|e| e.keeping(&keep))
}

#[server(prefix = "/api", endpoint = "discussion/moderation")]
pub async fn get_moderation(space: String) -> Result<ModerationPage, AppError> {
    crate::error::serve(async {
        let caller = SpaceCaller::open(&space).await?.moderator()?;
        let flagged =
            crate::discussion::store::flag_queue(&db()?, caller.space.id, &caller.actor).await?;
        Ok(ModerationPage {
            space: caller.info,
            flagged,
        })
    })
    .await
}

#[cfg(feature = "ssr")]
fn moderation_path(caller: &SpaceCaller) -> String {
    match &caller.info.program_slug {
        Some(slug) => format!("/programs/{slug}/admin/discussion"),
        None => "/admin/discussion".into(),
    }
}

#[server(prefix = "/api", endpoint = "discussion/dismiss")]
pub async fn dismiss_flags(space: String, post: i64) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = SpaceCaller::open(&space).await?.moderator()?;
        crate::discussion::store::dismiss_flags(
            &db()?,
            caller.space.id,
            post,
            &caller.actor,
            now(),
        )
        .await?;
        crate::reply::redirect(&format!("{}?saved=1", moderation_path(&caller)));
        Ok(())
    })
    .await
}

/// Removes a post; with `days` > 0 its author may not post in the space
/// for that many days. `back` "queue" returns to the moderation page.
#[server(prefix = "/api", endpoint = "discussion/remove")]
pub async fn remove_post(
    space: String,
    post: i64,
    #[server(default)] days: String,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    let keep = [("days", days.clone()), ("post", post.to_string())];
    crate::error::serve(async {
        let caller = SpaceCaller::open(&space).await?.moderator()?;
        let days = days.trim();
        let suspend = if days.is_empty() || days == "0" {
            None
        } else {
            let days: i64 = days
                .parse()
                .map_err(|_| AppError::validation("days", "Give a number of days."))?;
            Some(crate::discussion::store::suspension_days(days)?)
        };
        let thread = crate::discussion::store::remove_post(
            &db()?,
            caller.space.id,
            post,
            &caller.actor,
            suspend,
            now(),
        )
        .await?;
        if back == "queue" {
            crate::reply::redirect(&format!("{}?saved=1", moderation_path(&caller)));
        } else {
            back_to_thread(&caller, thread, "");
        }
        Ok(())
    })
    .await
    .map_err(|e| e.keeping(&keep))
}

/// Opens, closes or locks a thread.
#[server(prefix = "/api", endpoint = "discussion/status")]
pub async fn set_thread_status(space: String, thread: i64, status: String) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = SpaceCaller::open(&space).await?.moderator()?;
        let status = crate::discussion::ThreadStatus::parse(&status)
            .ok_or_else(|| AppError::validation("status", "Choose open, closed or locked."))?;
        crate::discussion::store::set_thread_status(
            &db()?,
            caller.space.id,
            thread,
            &caller.actor,
            status,
        )
        .await?;
        back_to_thread(&caller, thread, "");
        Ok(())
    })
    .await
}

/// A space's settings: anonymous posts allowed or not.
#[server(prefix = "/api", endpoint = "discussion/settings")]
pub async fn save_space_settings(
    space: String,
    #[server(default)] allow_anonymous: String,
) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = SpaceCaller::open(&space).await?.moderator()?;
        crate::discussion::store::set_allow_anonymous(
            &db()?,
            caller.space.id,
            checked(&allow_anonymous),
        )
        .await?;
        crate::reply::redirect(&format!("{}?saved=1", moderation_path(&caller)));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "discussion/tag_add")]
pub async fn add_tag(space: String, tag: String) -> Result<(), AppError> {
    let keep = [("tag", tag.clone())];
    crate::error::serve(async {
        let caller = SpaceCaller::open(&space).await?.moderator()?;
        crate::discussion::store::add_tag(&db()?, caller.space.id, &tag).await?;
        crate::reply::redirect(&format!("{}?saved=1", moderation_path(&caller)));
        Ok(())
    })
    .await
    .map_err(|e| e.keeping(&keep))
}

#[server(prefix = "/api", endpoint = "discussion/tag_remove")]
pub async fn remove_tag(space: String, tag: String) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = SpaceCaller::open(&space).await?.moderator()?;
        crate::discussion::store::remove_tag(&db()?, caller.space.id, &tag).await?;
        crate::reply::redirect(&format!("{}?saved=1", moderation_path(&caller)));
        Ok(())
    })
    .await
}
