//! What the account store tests share: a clock, a browser, members.

use super::{sign_up, SessionSeed};
use crate::{accounts::CurrentUser, db::Db};
use chrono::{NaiveDateTime, Utc};

pub(super) fn seed(token: &str) -> SessionSeed {
    SessionSeed {
        token_hash: token.to_owned(),
        user_agent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/150.0".to_owned(),
        ip_address: "127.0.0.1".to_owned(),
    }
}

pub(super) fn t0() -> NaiveDateTime {
    Utc::now().naive_utc()
}

pub(super) async fn member(db: &Db, name: &str, now: NaiveDateTime) -> CurrentUser {
    sign_up(
        db,
        name,
        &format!("{}@example.org", name.to_lowercase()),
        "hash",
        &seed(&format!("s-{name}")),
        false,
        now,
    )
    .await
    .unwrap()
}
