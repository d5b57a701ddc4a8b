//! What discussion adds to an account (server only): the member's
//! questions, answers and comments, anonymous ones included, in "Download
//! my data".

use crate::{
    accounts::extensions::{AccountExtension, BoxFuture},
    db::Db,
    discussion::seal::SecretKey,
    error::AppError,
};

/// Holds the server's key: the member's anonymous posts are found by
/// opening their seals.
pub struct DiscussionAccount(pub SecretKey);

impl AccountExtension for DiscussionAccount {
    fn export<'a>(
        &'a self,
        db: &'a Db,
        user_id: i64,
    ) -> BoxFuture<'a, Result<(&'static str, serde_json::Value), AppError>> {
        Box::pin(async move {
            Ok((
                "discussion",
                super::store::export_of_member(db, &self.0, user_id).await?,
            ))
        })
    }
}
