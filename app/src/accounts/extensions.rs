//! What other domains add to an account, without `accounts` knowing them
//! (server only).
//!
//! Every domain builds on accounts, so accounts must not call into any of
//! them. Where an account's life touches a domain's data (its section of
//! "Download my data", an invitation that lets its holder sign up to an
//! invitation-only hub), the domain implements [`AccountExtension`], the
//! composition root lists the implementations (`crate::account_extensions`)
//! and the server keeps the list in `AppState`.

use crate::{db::Db, error::AppError};
use chrono::NaiveDateTime;
use std::{fmt, future::Future, pin::Pin, sync::Arc};

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

pub trait AccountExtension: Send + Sync {
    /// This domain's section of the member's data export: its key in the
    /// document and its content. Never a secret (password hashes, tokens).
    fn export<'a>(
        &'a self,
        db: &'a Db,
        user_id: i64,
    ) -> BoxFuture<'a, Result<(&'static str, serde_json::Value), AppError>>;

    /// Whether `token` is a working invitation of this domain, which lets
    /// its holder sign up while the hub is invitation-only.
    fn admits_sign_up<'a>(
        &'a self,
        db: &'a Db,
        token: &'a str,
        now: NaiveDateTime,
    ) -> BoxFuture<'a, Result<bool, AppError>> {
        let _ = (db, token, now);
        Box::pin(async { Ok(false) })
    }
}

/// The domains' extensions, in the order their export sections appear.
#[derive(Clone, Default)]
pub struct AccountExtensions(Arc<[Arc<dyn AccountExtension>]>);

impl AccountExtensions {
    pub fn new(extensions: Vec<Arc<dyn AccountExtension>>) -> Self {
        AccountExtensions(extensions.into())
    }

    /// Every domain's export section.
    pub async fn export(
        &self,
        db: &Db,
        user_id: i64,
    ) -> Result<Vec<(&'static str, serde_json::Value)>, AppError> {
        let mut sections = Vec::with_capacity(self.0.len());
        for extension in self.0.iter() {
            sections.push(extension.export(db, user_id).await?);
        }
        Ok(sections)
    }

    /// Whether any domain accepts `token` as an invitation to sign up.
    pub async fn admits_sign_up(
        &self,
        db: &Db,
        token: &str,
        now: NaiveDateTime,
    ) -> Result<bool, AppError> {
        for extension in self.0.iter() {
            if extension.admits_sign_up(db, token, now).await? {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

impl fmt::Debug for AccountExtensions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccountExtensions({} domains)", self.0.len())
    }
}
