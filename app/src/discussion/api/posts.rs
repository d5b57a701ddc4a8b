//! Asking, answering, commenting, voting, accepting, editing, deleting,
//! following.

use super::*;

/// Asks a question; a plain form post lands on the new thread.
#[server(prefix = "/api", endpoint = "discussion/ask")]
pub async fn ask_question(
    space: String,
    title: String,
    body: String,
    #[server(default)] tags: Vec<String>,
    #[server(default)] anonymous: String,
    key: String,
) -> Result<i64, AppError> {
    let keep = [
        ("title", title.clone()),
        ("body", body.clone()),
        ("tags", tags.join("\n")),
        ("anonymous", anonymous.clone()),
    ];
    crate::error::serve(async {
        let caller = SpaceCaller::open(&space).await?;
        throttle_posting(&caller, "body").await?;
        let question = crate::discussion::store::NewQuestion {
            title,
            body,
            tags,
            anonymous: checked(&anonymous),
            key,
        };
        let thread =
            crate::discussion::store::ask(&db()?, caller.space.id, &caller.actor, &question, now())
                .await?;
        back_to_thread(&caller, thread, "");
        Ok(thread)
    })
    .await
    .map_err(|e| e.keeping(&keep))
}

#[server(prefix = "/api", endpoint = "discussion/answer")]
pub async fn post_answer(
    space: String,
    thread: i64,
    answer: String,
    #[server(default)] anonymous: String,
    key: String,
) -> Result<i64, AppError> {
    let keep = [("answer", answer.clone()), ("anonymous", anonymous.clone())];
    crate::error::serve(async {
        let caller = SpaceCaller::open(&space).await?;
        throttle_posting(&caller, "answer").await?;
        let new = crate::discussion::store::NewAnswer {
            body: answer,
            anonymous: checked(&anonymous),
            key,
        };
        let id = crate::discussion::store::answer(
            &db()?,
            caller.space.id,
            thread,
            &caller.actor,
            &new,
            &caller.thread_link(thread)?,
            now(),
        )
        .await?;
        back_to_thread(&caller, thread, &format!("#post-{id}"));
        Ok(id)
    })
    .await
    .map_err(|e| e.keeping(&keep))
}

#[server(prefix = "/api", endpoint = "discussion/comment")]
pub async fn post_comment(
    space: String,
    thread: i64,
    post: i64,
    comment: String,
    #[server(default)] anonymous: String,
    key: String,
) -> Result<i64, AppError> {
    let keep = [("comment", comment.clone()), ("post", post.to_string())];
    crate::error::serve(async {
        let caller = SpaceCaller::open(&space).await?;
        throttle_posting(&caller, "comment").await?;
        let id = crate::discussion::store::comment(
            &db()?,
            caller.space.id,
            post,
            &caller.actor,
            &crate::discussion::store::NewComment {
                body: comment,
                anonymous: checked(&anonymous),
                key,
            },
            now(),
        )
        .await?;
        back_to_thread(&caller, thread, &format!("#post-{post}"));
        Ok(id)
    })
    .await
    .map_err(|e| e.keeping(&keep))
}

#[server(prefix = "/api", endpoint = "discussion/delete_comment")]
pub async fn delete_comment(space: String, thread: i64, comment: i64) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = SpaceCaller::open(&space).await?;
        crate::discussion::store::delete_comment(&db()?, caller.space.id, comment, &caller.actor)
            .await?;
        back_to_thread(&caller, thread, "");
        Ok(())
    })
    .await
}

/// Sets the caller's vote on a post (`on`: up-voted); returns the score.
#[server(prefix = "/api", endpoint = "discussion/vote")]
pub async fn vote_post(space: String, thread: i64, post: i64, on: bool) -> Result<i32, AppError> {
    crate::error::serve(async {
        let caller = SpaceCaller::open(&space).await?;
        let score =
            crate::discussion::store::vote(&db()?, caller.space.id, post, &caller.actor, on, now())
                .await?;
        back_to_thread(&caller, thread, &format!("#post-{post}"));
        Ok(score)
    })
    .await
}

/// Accepts an answer (`post`), or clears the accepted answer (`post` 0).
#[server(prefix = "/api", endpoint = "discussion/accept")]
pub async fn accept_answer(space: String, thread: i64, post: i64) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = SpaceCaller::open(&space).await?;
        crate::discussion::store::accept(
            &db()?,
            caller.space.id,
            thread,
            (post > 0).then_some(post),
            &caller.actor,
            &caller.thread_link(thread)?,
            now(),
        )
        .await?;
        back_to_thread(&caller, thread, &format!("#post-{post}"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "discussion/edit")]
pub async fn edit_post(
    space: String,
    thread: i64,
    post: i64,
    #[server(default)] title: String,
    body: String,
) -> Result<(), AppError> {
    let keep = [
        ("title", title.clone()),
        ("body", body.clone()),
        ("post", post.to_string()),
    ];
    crate::error::serve(async {
        let caller = SpaceCaller::open(&space).await?;
        let change = crate::discussion::store::PostEdit { title, body };
        crate::discussion::store::edit(
            &db()?,
            caller.space.id,
            post,
            &caller.actor,
            &change,
            now(),
        )
        .await?;
        back_to_thread(&caller, thread, &format!("#post-{post}"));
        Ok(())
    })
    .await
    .map_err(|e| e.keeping(&keep))
}

/// The author deletes their post; a deleted question leaves its space's
/// list. `back` "thread" returns to the thread (an answer's deletion),
/// otherwise to the list.
#[server(prefix = "/api", endpoint = "discussion/delete")]
pub async fn delete_post(
    space: String,
    post: i64,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = SpaceCaller::open(&space).await?;
        let thread =
            crate::discussion::store::delete_post(&db()?, caller.space.id, post, &caller.actor)
                .await?;
        if back == "thread" {
            back_to_thread(&caller, thread, "");
        } else {
            crate::reply::redirect(&format!("{}?deleted=1", caller.info.path));
        }
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "discussion/follow")]
pub async fn follow_thread(space: String, thread: i64, on: bool) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = SpaceCaller::open(&space).await?;
        crate::discussion::store::follow(&db()?, caller.space.id, thread, &caller.actor, on, now())
            .await?;
        back_to_thread(&caller, thread, "");
        Ok(())
    })
    .await
}
