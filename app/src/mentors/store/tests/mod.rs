//! The mentors store on both backends: favorites, requests and their
//! limits, the sweep, the races for a mentor's last place and between a
//! request and publishing, ending a mentorship, "Suggest matches", the
//! Mentors tab's query and the matching settings.
//!
//! Every test asserts exact rows, states and emails, so that a store that
//! writes twice, closes nothing or emails nobody fails.

use super::{
    answer_request, end_mentorship, match_now, matching_page, matching_settings, mentors_tab,
    program_mentorships, publish_matches, requests_of, save_draft, save_matching_settings,
    send_request, set_favorite, suggest_matches, sweep_requests, update_mentor_places,
    ProgramLinks,
};
use crate::{
    accounts::{
        store::{load_profile, save_profile},
        CurrentUser,
    },
    db::{
        schema::{favorites, mentorship_requests},
        testing::on_both_backends,
        Db,
    },
    error::AppError,
    mentors::{
        matching::{MatchWeights, QuestionWeight},
        EndReason, MatchQuestion, MatchingSettings, MentorFilters, MentorSort, MentorsTab,
        Mentorship, MentorshipOrigin, MentorshipStatus, PublishOutcome, RequestStatus,
        MENTORS_PER_PAGE,
    },
    programs::{
        answers_from_form,
        store::{access, add_question, fixtures::*, submit_application, update_program},
        Answers, ApplicationForm, Approval, MatchingMode, MembershipStatus, Program,
        ProgramSettings, QuestionKind, Role,
    },
    run_query,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

const MESSAGE: &str = "I would like to get better at SQL and Rust with your help.";

/// A program that approves everyone at once, in `mode`.
fn open_program(name: &str, slug: &str, mode: MatchingMode) -> ProgramSettings {
    ProgramSettings {
        approval: Approval::Automatic,
        matching_mode: mode,
        ..settings(name, slug)
    }
}

async fn join_with(
    db: &Db,
    p: &Program,
    user: &CurrentUser,
    form: &ApplicationForm,
    at: NaiveDateTime,
) {
    let outcome = submit_application(db, p.id, user.id, form, at)
        .await
        .unwrap();
    assert_eq!(outcome.status, MembershipStatus::Approved, "{db:?}");
}

/// A new member, approved in `p` as `role`.
async fn joined(db: &Db, p: &Program, name: &str, role: Role) -> CurrentUser {
    let user = member(db, name).await;
    join_with(db, p, &user, &apply(role, Answers::new()), t0()).await;
    user
}

fn links(p: &Program) -> ProgramLinks {
    ProgramLinks::new(SITE, &p.settings.name, &p.path())
}

fn any_places() -> MentorFilters {
    MentorFilters {
        open_only: false,
        ..MentorFilters::default()
    }
}

async fn tab_for(db: &Db, p: &Program, viewer: &CurrentUser, filters: MentorFilters) -> MentorsTab {
    let access = access(db, p.id, viewer).await.unwrap();
    mentors_tab(db, p, &access, viewer, filters, t0())
        .await
        .unwrap()
}

fn names(tab: &MentorsTab) -> Vec<String> {
    tab.cards.iter().map(|c| c.name.clone()).collect()
}

/// The subjects of the emails to `address`, oldest first.
async fn emails_to(db: &Db, address: &str) -> Vec<String> {
    outbox_rows(db)
        .await
        .into_iter()
        .filter(|(to, _, _)| to == address)
        .map(|(_, subject, _)| subject)
        .collect()
}

async fn email_count(db: &Db) -> usize {
    outbox_rows(db).await.len()
}

async fn favorite_rows(db: &Db, program_id: i64) -> i64 {
    let count: Result<i64, AppError> = async {
        Ok(run_query!(db, |conn| {
            favorites::table
                .filter(favorites::program_id.eq(program_id))
                .count()
                .get_result(conn)
                .await
        })?)
    }
    .await;
    count.unwrap()
}

async fn request_rows(db: &Db, program_id: i64) -> i64 {
    let count: Result<i64, AppError> = async {
        Ok(run_query!(db, |conn| {
            mentorship_requests::table
                .filter(mentorship_requests::program_id.eq(program_id))
                .count()
                .get_result(conn)
                .await
        })?)
    }
    .await;
    count.unwrap()
}

async fn active(db: &Db, p: &Program) -> Vec<Mentorship> {
    program_mentorships(db, p.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.status == MentorshipStatus::Active)
        .collect()
}

async fn active_of(db: &Db, p: &Program, mentee: &CurrentUser) -> Vec<Mentorship> {
    active(db, p)
        .await
        .into_iter()
        .filter(|m| m.mentee.user_id == mentee.id)
        .collect()
}

async fn status_of(db: &Db, p: &Program, mentee: &CurrentUser, request_id: i64) -> RequestStatus {
    let (sent, _) = requests_of(db, p.id, mentee.id).await.unwrap();
    sent.iter()
        .find(|r| r.id == request_id)
        .unwrap_or_else(|| panic!("{db:?}: request {request_id} not among {sent:?}"))
        .status
}

async fn ask(db: &Db, p: &Program, mentee: &CurrentUser, mentor: &CurrentUser) -> i64 {
    send_request(db, p.id, mentee.id, mentor.id, MESSAGE, &links(p), t0())
        .await
        .unwrap()
}

fn question_of(questions: &[MatchQuestion], id: i64) -> &MatchQuestion {
    questions.iter().find(|q| q.id == id).unwrap()
}

/// (mentee, mentor, pinned) of the current proposals, by mentee name.
async fn proposals(db: &Db, p: &Program) -> Vec<(i64, i64, bool)> {
    matching_page(db, p, t0())
        .await
        .unwrap()
        .proposals
        .into_iter()
        .map(|v| (v.mentee_id, v.mentor_id, v.pinned))
        .collect()
}

// 1. Favorites

mod favorites_and_tab;
mod matching;
mod requests;
mod settings;
