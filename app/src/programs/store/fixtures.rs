//! What the store tests share: a clock, members, programs, forms, and a
//! way to start attempts at the same moment.

use super::create_program;
use crate::{
    accounts::{
        store::{sign_up, SessionSeed},
        CurrentUser,
    },
    db::{
        schema::{memberships, outbox},
        Db,
    },
    error::AppError,
    programs::{
        Answers, ApplicationForm, Program, ProgramSettings, ProgramStatus, QuestionDraft,
        QuestionKind, Role,
    },
    run_query,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::sync::Arc;

pub(crate) const SITE: &str = "https://hub.example.org";

pub(crate) fn t0() -> NaiveDateTime {
    crate::email::store::now()
}

/// A member; the first one of a hub is its admin.
pub(crate) async fn member(db: &Db, name: &str) -> CurrentUser {
    sign_up(
        db,
        name,
        &format!("{}@example.org", name.to_lowercase()),
        "hash",
        &SessionSeed {
            token_hash: format!("s-{name}"),
            user_agent: String::new(),
            ip_address: "127.0.0.1".into(),
        },
        false,
        t0(),
    )
    .await
    .unwrap()
}

pub(crate) fn settings(name: &str, slug: &str) -> ProgramSettings {
    ProgramSettings {
        name: name.into(),
        slug: slug.into(),
        summary: format!("About {name}"),
        status: ProgramStatus::Open,
        ..ProgramSettings::default()
    }
}

pub(crate) async fn program(db: &Db, by: &CurrentUser, settings: ProgramSettings) -> Program {
    create_program(db, settings, by.id, t0()).await.unwrap()
}

pub(crate) fn draft(role: Role, kind: QuestionKind, prompt: &str, required: bool) -> QuestionDraft {
    QuestionDraft {
        role,
        kind,
        prompt: prompt.into(),
        help_text: String::new(),
        required,
        options: if kind.has_options() {
            vec!["One".into(), "Two".into()]
        } else {
            Vec::new()
        },
    }
}

pub(crate) fn apply(role: Role, answers: Answers) -> ApplicationForm {
    ApplicationForm {
        role,
        answers,
        invitation_token: None,
    }
}

pub(crate) fn via(role: Role, token: &str) -> ApplicationForm {
    ApplicationForm {
        role,
        answers: Answers::new(),
        invitation_token: Some(token.into()),
    }
}

pub(crate) async fn outbox_rows(db: &Db) -> Vec<(String, String, String)> {
    let rows: Result<Vec<(String, String, String)>, AppError> = async {
        Ok(run_query!(db, |conn| {
            outbox::table
                .order(outbox::id)
                .select((outbox::recipient, outbox::subject, outbox::text_body))
                .load(conn)
                .await
        })?)
    }
    .await;
    rows.unwrap()
}

pub(crate) async fn membership_count(db: &Db, program_id: i64) -> i64 {
    let count: Result<i64, AppError> = async {
        Ok(run_query!(db, |conn| {
            memberships::table
                .filter(memberships::program_id.eq(program_id))
                .count()
                .get_result(conn)
                .await
        })?)
    }
    .await;
    count.unwrap()
}

/// Runs `count` copies of `attempt` at the same moment.
pub(crate) async fn race<F, Fut, T>(count: usize, attempt: F) -> Vec<T>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let barrier = Arc::new(tokio::sync::Barrier::new(count));
    let tasks: Vec<_> = (0..count)
        .map(|i| {
            let barrier = barrier.clone();
            let attempt = attempt(i);
            tokio::spawn(async move {
                barrier.wait().await;
                attempt.await
            })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    results
}
