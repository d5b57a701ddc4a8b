//! What the pages read: a space's list, a thread, the ask form, search,
//! a post's earlier versions.

use super::*;
use crate::discussion::{AskPage, Revision, SearchResults, ThreadList, ThreadPage};

#[server(prefix = "/api", endpoint = "discussion/list")]
pub async fn get_threads(
    space: String,
    #[server(default)] sort: String,
    #[server(default)] scope: String,
    #[server(default)] tag: String,
    #[server(default)] page: i64,
) -> Result<ThreadList, AppError> {
    crate::error::serve(async {
        use crate::discussion::{ThreadFilters, ThreadScope, ThreadSort};
        let caller = SpaceCaller::open(&space).await?;
        let filters = ThreadFilters {
            sort: ThreadSort::parse(&sort).unwrap_or_default(),
            scope: ThreadScope::parse(&scope).unwrap_or_default(),
            tag: crate::text::search_text("tag", &tag)?,
            page: page.max(1),
        };
        crate::discussion::store::thread_list(&db()?, caller.info, &caller.actor, filters).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "discussion/thread")]
pub async fn get_thread(space: String, thread: i64) -> Result<ThreadPage, AppError> {
    crate::error::serve(async {
        let caller = SpaceCaller::open(&space).await?;
        crate::discussion::store::thread_page(&db()?, caller.info, thread, &caller.actor).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "discussion/ask_page")]
pub async fn get_ask_page(space: String) -> Result<AskPage, AppError> {
    crate::error::serve(async {
        let caller = SpaceCaller::open(&space).await?;
        Ok(AskPage {
            space: caller.info,
            form_key: crate::discussion::store::form_key()?,
        })
    })
    .await
}

#[server(prefix = "/api", endpoint = "discussion/search")]
pub async fn search_discussion(
    space: String,
    #[server(default)] q: String,
) -> Result<SearchResults, AppError> {
    crate::error::serve(async {
        let caller = SpaceCaller::open(&space).await?;
        let query = crate::text::search_text("q", &q)?;
        let hits = crate::discussion::store::search(&db()?, caller.space.id, &query).await?;
        let resources = crate::resources::api::search_hits(&space, &query).await?;
        Ok(SearchResults {
            space: caller.info,
            query,
            hits,
            resources,
        })
    })
    .await
}

#[server(prefix = "/api", endpoint = "discussion/revisions")]
pub async fn get_revisions(space: String, post: i64) -> Result<Vec<Revision>, AppError> {
    crate::error::serve(async {
        let caller = SpaceCaller::open(&space).await?;
        crate::discussion::store::revisions(&db()?, caller.space.id, post, &caller.actor).await
    })
    .await
}
