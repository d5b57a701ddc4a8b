//! What mentoring adds to an account (server only): mentorships,
//! favorites and requests in "Download my data".

use crate::{
    accounts::extensions::{AccountExtension, BoxFuture},
    db::Db,
    error::AppError,
};

pub struct MentorsAccount;

impl AccountExtension for MentorsAccount {
    fn export<'a>(
        &'a self,
        db: &'a Db,
        user_id: i64,
    ) -> BoxFuture<'a, Result<(&'static str, serde_json::Value), AppError>> {
        Box::pin(async move {
            Ok((
                "mentoring",
                super::store::export_of_member(db, user_id).await?,
            ))
        })
    }
}
