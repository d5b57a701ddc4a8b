//! What programs add to an account (server only): the member's programs in
//! "Download my data", and program invitation links that let their holders
//! sign up to an invitation-only hub.

use super::store;
use crate::{
    accounts::extensions::{AccountExtension, BoxFuture},
    db::Db,
    error::AppError,
};
use chrono::NaiveDateTime;
use serde_json::json;

pub struct ProgramsAccount;

impl AccountExtension for ProgramsAccount {
    fn export<'a>(
        &'a self,
        db: &'a Db,
        user_id: i64,
    ) -> BoxFuture<'a, Result<(&'static str, serde_json::Value), AppError>> {
        Box::pin(async move {
            let programs: Vec<serde_json::Value> = store::memberships_of_member(db, user_id)
                .await?
                .into_iter()
                .map(|(program, membership, answers)| {
                    json!({
                        "program": program,
                        "membership": membership,
                        "answers": answers
                            .into_iter()
                            .map(|(question, answer)| json!({ "question": question, "answer": answer }))
                            .collect::<Vec<_>>(),
                    })
                })
                .collect();
            Ok(("programs", serde_json::Value::Array(programs)))
        })
    }

    fn admits_sign_up<'a>(
        &'a self,
        db: &'a Db,
        token: &'a str,
        now: NaiveDateTime,
    ) -> BoxFuture<'a, Result<bool, AppError>> {
        Box::pin(async move {
            match store::find_invitation(db, token, now).await {
                Ok(link) => Ok(link.invitation.state.problem().is_none()
                    && link.program.join_refusal(true).is_none()),
                Err(AppError::NotFound) => Ok(false),
                Err(other) => Err(other),
            }
        })
    }
}
