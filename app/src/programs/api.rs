//! The programs' server functions and the page data they return. Every
//! function checks its caller through [`super::guard`]: members see what
//! they may see, program admins manage only their programs, naming program
//! admins and creating programs is for hub admins.

// A form's server function takes one argument per field (that is how a
// plain form post maps onto it), so some have many.
#![allow(clippy::too_many_arguments)]

use super::{
    CreatedInvitation, Invitation, MemberRecord, Program, ProgramAccess, ProgramAdmin, ProgramTile,
    Question, Role, SubmitOutcome,
};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
use super::guard::ProgramCaller;

#[cfg(feature = "ssr")]
fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

#[cfg(feature = "ssr")]
fn db() -> Result<crate::db::Db, AppError> {
    Ok(crate::state::app_state()?.db)
}

/// A program's page as the viewer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramPage {
    pub program: Program,
    /// The About text rendered from markdown and sanitized.
    pub about_html: String,
    pub access: ProgramAccess,
    /// False for a visitor, who signs in before joining.
    pub signed_in: bool,
    pub mentor_count: i64,
    pub mentee_count: i64,
    /// Why the viewer cannot apply now, if they cannot (and are not in).
    pub join_refusal: Option<String>,
}

impl ProgramPage {
    pub fn can_apply(&self) -> bool {
        self.join_refusal.is_none()
    }
}

/// What the join form shows: the roles to choose from and, once a role is
/// chosen, that role's questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinForm {
    pub program_id: i64,
    pub program_name: String,
    pub program_path: String,
    pub roles: Vec<Role>,
    pub role: Option<Role>,
    pub questions: Vec<Question>,
    /// Why the viewer cannot apply, if so (the form is then not shown).
    pub refusal: Option<String>,
    /// Set when the form was opened through an invitation link.
    pub invitation: Option<InvitationTerms>,
    /// Submitting makes the member a member at once (automatic approval or
    /// an auto-approving link).
    pub approves_at_once: bool,
}

/// What an invitation link promises the member who uses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationTerms {
    pub token: String,
    pub role: Option<Role>,
    pub auto_approve: bool,
}

/// What `/join/<token>` shows before anything else: the program and whether
/// the link still works. Visitors see this too, so it carries no more than
/// a directory tile does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationPreview {
    pub program_slug: String,
    pub program_name: String,
    pub summary: String,
    pub role: Option<Role>,
    pub auto_approve: bool,
    /// Why the link cannot be used, if so.
    pub problem: Option<String>,
}

/// The member-only tabs of a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberTab {
    Discussion,
    Resources,
    Events,
    Mentors,
}

impl MemberTab {
    pub const ALL: [MemberTab; 4] = [
        MemberTab::Discussion,
        MemberTab::Resources,
        MemberTab::Events,
        MemberTab::Mentors,
    ];

    /// The tab whose address ends in `segment`, if any.
    pub fn from_segment(segment: &str) -> Option<MemberTab> {
        MemberTab::ALL
            .into_iter()
            .find(|tab| tab.segment() == segment)
    }

    pub fn segment(self) -> &'static str {
        match self {
            MemberTab::Discussion => "discussion",
            MemberTab::Resources => "resources",
            MemberTab::Events => "events",
            MemberTab::Mentors => "mentors",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MemberTab::Discussion => "Discussion",
            MemberTab::Resources => "Resources",
            MemberTab::Events => "Events",
            MemberTab::Mentors => "Mentors",
        }
    }
}

/// A member-only tab's content. The tabs' own features fill this in; the
/// gate in front of it is already real.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberTabContent {
    pub tab: MemberTab,
    pub program_name: String,
}

/// A program for its admin pages, with what the header of those pages shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedProgram {
    pub program: Program,
    pub is_hub_admin: bool,
    pub pending_count: i64,
}

// ---------------------------------------------------------------------------
// Member side
// ---------------------------------------------------------------------------

/// The program directory: listed programs (all programs for hub admins and
/// the ones they manage for program admins), each with the viewer's status.
/// Visitors see the listed programs that are not drafts, so that they can
/// find one before they sign up.
#[server(prefix = "/api", endpoint = "programs/directory")]
pub async fn list_program_tiles(
    #[server(default)] search: String,
    #[server(default)] mine: bool,
) -> Result<Vec<ProgramTile>, AppError> {
    crate::error::respond(
        async {
            let viewer = crate::accounts::session::viewer()
                .await?
                .map(|viewer| viewer.user.current_user());
            let search = crate::text::search_text("q", &search)?;
            let query = super::DirectoryQuery { search, mine };
            super::store::list_programs(&db()?, viewer.as_ref(), &query).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "programs/page")]
pub async fn get_program_page(slug: String) -> Result<ProgramPage, AppError> {
    crate::error::respond(
        async {
            let (program, access, signed_in) = ProgramCaller::visit(&slug).await?;
            let (mentor_count, mentee_count) =
                super::store::member_counts(&db()?, program.id).await?;
            let existing = access.membership.as_ref().map(|m| m.status);
            let join_refusal =
                super::application_refusal(&program, existing, false).map(str::to_owned);
            Ok(ProgramPage {
                signed_in,
                // Shown under the "About this program" h2.
                about_html: crate::markdown::to_safe_html_below(
                    &program.settings.about_md,
                    pulldown_cmark::HeadingLevel::H2,
                ),
                program,
                access,
                mentor_count,
                mentee_count,
                join_refusal,
            })
        }
        .await,
    )
}

/// The join form for `slug`: with `role` the questions of that role; with
/// `invitation` the link's terms (a closed program then takes the member).
/// An empty `slug` means the invitation's program.
#[server(prefix = "/api", endpoint = "programs/join_form")]
pub async fn get_join_form(
    #[server(default)] slug: String,
    #[server(default)] role: Option<String>,
    #[server(default)] invitation: Option<String>,
) -> Result<JoinForm, AppError> {
    crate::error::respond(
        async {
            let db = db()?;
            let caller = match invitation.as_deref().map(str::trim) {
                Some(token) if slug.is_empty() && !token.is_empty() => {
                    crate::accounts::session::require_member().await?;
                    let link = super::store::find_invitation(&db, token, now()).await?;
                    ProgramCaller::by_id(link.program.id).await?
                }
                _ => ProgramCaller::by_slug(&slug).await?,
            };
            let invitation = match invitation.as_deref().map(str::trim) {
                Some(token) if !token.is_empty() => {
                    let link = super::store::find_invitation(&db, token, now()).await?;
                    if link.program.id != caller.id() {
                        return Err(AppError::NotFound);
                    }
                    Some((token.to_owned(), link.invitation))
                }
                _ => None,
            };
            let program = &caller.program;
            let existing = caller.access.membership.as_ref().map(|m| m.status);
            let link_problem = invitation
                .as_ref()
                .and_then(|(_, link)| link.state.problem());
            let refusal = link_problem
                .or_else(|| super::application_refusal(program, existing, invitation.is_some()))
                .map(str::to_owned);
            let roles = match invitation.as_ref().and_then(|(_, link)| link.role) {
                Some(role) => vec![role],
                None => program.settings.accepted_roles(),
            };
            let role = role
                .as_deref()
                .and_then(Role::parse)
                .filter(|role| roles.contains(role))
                .or_else(|| (roles.len() == 1).then(|| roles[0]));
            let questions = match role {
                Some(role) if refusal.is_none() => {
                    super::store::list_questions(&db, program.id, Some(role)).await?
                }
                _ => Vec::new(),
            };
            let approves_at_once = program.settings.approval == super::Approval::Automatic
                || invitation
                    .as_ref()
                    .is_some_and(|(_, link)| link.auto_approve);
            Ok(JoinForm {
                approves_at_once,
                program_id: program.id,
                program_name: program.settings.name.clone(),
                program_path: program.path(),
                roles,
                role,
                questions,
                refusal,
                invitation: invitation.map(|(token, link)| InvitationTerms {
                    token,
                    role: link.role,
                    auto_approve: link.auto_approve,
                }),
            })
        }
        .await,
    )
}

/// Submits an application. Answers arrive as `answers[q-<id>][]` fields, so
/// that a multiple-choice question can carry several values.
#[server(prefix = "/api", endpoint = "programs/join")]
pub async fn join_program(
    program_id: i64,
    role: String,
    #[server(default)] answers: BTreeMap<String, Vec<String>>,
    #[server(default)] invitation_token: Option<String>,
) -> Result<SubmitOutcome, AppError> {
    let submitted = super::answers_from_form(
        answers
            .iter()
            .flat_map(|(field, values)| values.iter().map(move |value| (field, value))),
    );
    crate::error::respond(
        async {
            let caller = ProgramCaller::by_id(program_id).await?;
            let role =
                Role::parse(&role).ok_or_else(|| AppError::validation("role", "Choose a role."))?;
            let form = super::ApplicationForm {
                role,
                answers: submitted.clone(),
                invitation_token: invitation_token.filter(|token| !token.trim().is_empty()),
            };
            let outcome = super::store::submit_application(
                &db()?,
                caller.id(),
                caller.viewer.id(),
                &form,
                now(),
            )
            .await?;
            crate::reply::redirect(&format!(
                "{}?joined={}",
                caller.program.path(),
                outcome.status.as_str()
            ));
            Ok(outcome)
        }
        .await
        .map_err(|error: AppError| {
            let kept: Vec<(String, &String)> = submitted
                .iter()
                .map(|(id, value)| (super::question_field(*id), value))
                .collect();
            error.keeping(&kept)
        }),
    )
}

#[server(prefix = "/api", endpoint = "programs/withdraw")]
pub async fn withdraw_application(program_id: i64) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let caller = ProgramCaller::by_id(program_id).await?;
            super::store::withdraw_application(&db()?, caller.id(), caller.viewer.id(), now())
                .await?;
            crate::reply::redirect(&format!("{}?withdrawn=1", caller.program.path()));
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "programs/leave")]
pub async fn leave_program(program_id: i64) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let caller = ProgramCaller::by_id(program_id).await?;
            super::store::leave_program(&db()?, caller.id(), caller.viewer.id(), now()).await?;
            crate::reply::redirect(&format!("{}?left=1", caller.program.path()));
            Ok(())
        }
        .await,
    )
}

/// The program behind an invitation link. Visitors may ask (they sign in or
/// up from that page); an unknown token is `NotFound`.
#[server(prefix = "/api", endpoint = "programs/invitation")]
pub async fn get_invitation_preview(token: String) -> Result<InvitationPreview, AppError> {
    crate::error::respond(
        async {
            let link = super::store::find_invitation(&db()?, &token, now()).await?;
            let program = &link.program;
            let problem = link
                .invitation
                .state
                .problem()
                .or_else(|| program.join_refusal(true))
                .map(str::to_owned);
            Ok(InvitationPreview {
                program_slug: program.settings.slug.clone(),
                program_name: program.settings.name.clone(),
                summary: program.settings.summary.clone(),
                role: link.invitation.role,
                auto_approve: link.invitation.auto_approve,
                problem,
            })
        }
        .await,
    )
}

/// A member-only tab: approved members and the program's admins; everyone
/// else is refused, whatever the page shows.
#[server(prefix = "/api", endpoint = "programs/member_tab")]
pub async fn open_member_tab(slug: String, tab: MemberTab) -> Result<MemberTabContent, AppError> {
    crate::error::respond(
        async {
            let caller = ProgramCaller::by_slug(&slug).await?.member()?;
            Ok(MemberTabContent {
                tab,
                program_name: caller.program.settings.name,
            })
        }
        .await,
    )
}

// ---------------------------------------------------------------------------
// Admin side
// ---------------------------------------------------------------------------

#[server(prefix = "/api", endpoint = "programs/manage")]
pub async fn get_managed_program(slug: String) -> Result<ManagedProgram, AppError> {
    crate::error::respond(
        async {
            let caller = ProgramCaller::by_slug(&slug).await?.manager()?;
            let pending = super::store::list_memberships(
                &db()?,
                caller.id(),
                &[super::MembershipStatus::Pending],
            )
            .await?;
            Ok(ManagedProgram {
                is_hub_admin: caller.access.is_hub_admin,
                program: caller.program,
                pending_count: pending.len() as i64,
            })
        }
        .await,
    )
}

/// Creates a program (hub admins; `program_id` empty) or saves one's
/// settings (its admins). Check boxes post "on" when ticked and nothing
/// otherwise; the capacity is text so that a typo gets a message, not a
/// decoding error.
#[server(prefix = "/api", endpoint = "programs/save")]
pub async fn save_program(
    #[server(default)] program_id: Option<i64>,
    name: String,
    #[server(default)] slug: String,
    #[server(default)] summary: String,
    #[server(default)] about_md: String,
    #[server(default)] cover_color: String,
    status: String,
    #[server(default)] listed: Option<String>,
    #[server(default)] accepts_mentors: Option<String>,
    #[server(default)] accepts_mentees: Option<String>,
    approval: String,
    matching_mode: String,
    default_mentor_capacity: String,
    #[server(default)] allow_reapply: Option<String>,
) -> Result<Program, AppError> {
    // Choices are kept too, so that a refused plain post (no JavaScript)
    // comes back with the same boxes ticked: "on" or "" for check boxes.
    let ticked = |value: &Option<String>| if value.is_some() { "on" } else { "" }.to_owned();
    let kept = [
        ("name", name.clone()),
        ("slug", slug.clone()),
        ("summary", summary.clone()),
        ("about_md", about_md.clone()),
        ("cover_color", cover_color.clone()),
        ("default_mentor_capacity", default_mentor_capacity.clone()),
        ("status", status.clone()),
        ("listed", ticked(&listed)),
        ("accepts_mentors", ticked(&accepts_mentors)),
        ("accepts_mentees", ticked(&accepts_mentees)),
        ("approval", approval.clone()),
        ("matching_mode", matching_mode.clone()),
        ("allow_reapply", ticked(&allow_reapply)),
    ];
    crate::error::respond(
        async {
            // Who is asking comes first: a refused caller learns nothing
            // about what would have been wrong with the form.
            let (viewer_id, existing) = match program_id {
                None => (
                    crate::accounts::session::require_hub_admin().await?.id(),
                    None,
                ),
                Some(id) => {
                    let caller = ProgramCaller::by_id(id).await?.manager()?;
                    (caller.viewer.id(), Some(caller.id()))
                }
            };
            let mut errors = crate::error::FieldErrors::new();
            let capacity = default_mentor_capacity
                .trim()
                .parse::<i32>()
                .unwrap_or_else(|_| {
                    errors.add(
                        "default_mentor_capacity",
                        format!(
                            "Write a whole number from 1 to {}.",
                            super::MAX_MENTOR_CAPACITY
                        ),
                    );
                    1
                });
            let settings = super::ProgramSettings {
                name,
                slug,
                summary,
                about_md,
                cover_color: if cover_color.trim().is_empty() {
                    super::DEFAULT_COVER_COLOR.to_owned()
                } else {
                    cover_color
                },
                status: super::ProgramStatus::parse(&status)
                    .ok_or_else(|| AppError::validation("status", "Choose a status."))?,
                listed: listed.is_some(),
                accepts_mentors: accepts_mentors.is_some(),
                accepts_mentees: accepts_mentees.is_some(),
                approval: super::Approval::parse(&approval).ok_or_else(|| {
                    AppError::validation("approval", "Choose how members are approved.")
                })?,
                matching_mode: super::MatchingMode::parse(&matching_mode).ok_or_else(|| {
                    AppError::validation(
                        "matching_mode",
                        "Choose how mentors and mentees are matched.",
                    )
                })?,
                default_mentor_capacity: capacity,
                allow_reapply: allow_reapply.is_some(),
            }
            .normalized();
            if let Err(AppError::Validation(more)) = settings.validate() {
                errors.merge(more);
            }
            errors.into_result()?;
            let db = db()?;
            let program = match existing {
                None => super::store::create_program(&db, settings, viewer_id, now()).await?,
                Some(id) => super::store::update_program(&db, id, settings, now()).await?,
            };
            let flag = if program_id.is_some() {
                "saved"
            } else {
                "created"
            };
            crate::reply::redirect(&format!("{}/admin/settings?{flag}=1", program.path()));
            Ok(program)
        }
        .await
        .map_err(|error: AppError| error.keeping(&kept)),
    )
}

#[server(prefix = "/api", endpoint = "programs/admins")]
pub async fn list_program_admins(program_id: i64) -> Result<Vec<ProgramAdmin>, AppError> {
    crate::error::respond(
        async {
            let caller = ProgramCaller::by_id(program_id).await?.manager()?;
            super::store::list_program_admins(&db()?, caller.id()).await
        }
        .await,
    )
}

/// Names the member with `email` an admin of the program (hub admins only).
#[server(prefix = "/api", endpoint = "programs/add_admin")]
pub async fn add_program_admin(program_id: i64, email: String) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let caller = ProgramCaller::by_id(program_id).await?.hub_admin()?;
            let db = db()?;
            let member = crate::accounts::store::find_by_email(&db, &email)
                .await?
                .filter(|user| user.deactivated_at.is_none())
                .ok_or_else(|| {
                    AppError::validation("email", "No active member has this email address.")
                })?;
            super::store::add_program_admin(&db, caller.id(), member.id, now()).await?;
            crate::reply::redirect(&format!(
                "{}/admin/settings?admin_added=1",
                caller.program.path()
            ));
            Ok(())
        }
        .await
        .map_err(|error: AppError| error.keeping(&[("email", &email)])),
    )
}

#[server(prefix = "/api", endpoint = "programs/remove_admin")]
pub async fn remove_program_admin(program_id: i64, user_id: i64) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let caller = ProgramCaller::by_id(program_id).await?.hub_admin()?;
            super::store::remove_program_admin(&db()?, caller.id(), user_id).await?;
            // Like the other admin forms: back to the page with a flag of its
            // own (the address may still carry an earlier `?admin_added=1`).
            crate::reply::redirect(&format!(
                "{}/admin/settings?admin_removed=1",
                caller.program.path()
            ));
            Ok(())
        }
        .await,
    )
}

/// All live registration questions of the program, both roles, in order.
#[server(prefix = "/api", endpoint = "programs/questions")]
pub async fn list_registration_questions(program_id: i64) -> Result<Vec<Question>, AppError> {
    crate::error::respond(
        async {
            let caller = ProgramCaller::by_id(program_id).await?.manager()?;
            super::store::list_questions(&db()?, caller.id(), None).await
        }
        .await,
    )
}

/// Adds a question (`question_id` empty) or edits one. Choices come one per
/// line.
#[server(prefix = "/api", endpoint = "programs/save_question")]
pub async fn save_question(
    program_id: i64,
    #[server(default)] question_id: Option<i64>,
    role: String,
    kind: String,
    prompt: String,
    #[server(default)] help_text: String,
    #[server(default)] required: Option<String>,
    #[server(default)] options: String,
) -> Result<Question, AppError> {
    // `question_id` tells the form builder which of its forms (adding, or
    // editing which question) a refused post came from; the choices are
    // kept so that the form comes back as it was sent.
    let kept = [
        (
            "question_id",
            question_id.map(|id| id.to_string()).unwrap_or_default(),
        ),
        ("role", role.clone()),
        ("kind", kind.clone()),
        ("prompt", prompt.clone()),
        ("help_text", help_text.clone()),
        (
            "required",
            if required.is_some() { "on" } else { "" }.to_owned(),
        ),
        ("options", options.clone()),
    ];
    crate::error::respond(
        async {
            let caller = ProgramCaller::by_id(program_id).await?.manager()?;
            let draft = super::QuestionDraft {
                role: Role::parse(&role)
                    .ok_or_else(|| AppError::validation("role", "Choose mentors or mentees."))?,
                kind: super::QuestionKind::parse(&kind)
                    .ok_or_else(|| AppError::validation("kind", "Choose a kind of question."))?,
                prompt,
                help_text,
                required: required.is_some(),
                options: super::options_from_lines(&options),
            };
            let db = db()?;
            let question = match question_id {
                None => super::store::add_question(&db, caller.id(), draft, now()).await?,
                Some(id) => {
                    super::store::update_question(&db, caller.id(), id, draft, now()).await?
                }
            };
            crate::reply::redirect(&format!(
                "{}/admin/questions?saved={}",
                caller.program.path(),
                question.id
            ));
            Ok(question)
        }
        .await
        .map_err(|error: AppError| error.keeping(&kept)),
    )
}

/// Deletes a question from the form; answers already given are kept.
#[server(prefix = "/api", endpoint = "programs/delete_question")]
pub async fn delete_question(program_id: i64, question_id: i64) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let caller = ProgramCaller::by_id(program_id).await?.manager()?;
            super::store::delete_question(&db()?, caller.id(), question_id, now()).await?;
            crate::reply::redirect(&format!(
                "{}/admin/questions?deleted=1",
                caller.program.path()
            ));
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "programs/move_question")]
pub async fn move_question(
    program_id: i64,
    question_id: i64,
    direction: super::Move,
) -> Result<bool, AppError> {
    crate::error::respond(
        async {
            let caller = ProgramCaller::by_id(program_id).await?.manager()?;
            let moved =
                super::store::move_question(&db()?, caller.id(), question_id, direction, now())
                    .await?;
            crate::reply::redirect(&format!(
                "{}/admin/questions?moved={question_id}",
                caller.program.path()
            ));
            Ok(moved)
        }
        .await,
    )
}

/// Applications waiting for a decision, oldest first.
#[server(prefix = "/api", endpoint = "programs/applications")]
pub async fn list_applications(program_id: i64) -> Result<Vec<MemberRecord>, AppError> {
    crate::error::respond(
        async {
            let caller = ProgramCaller::by_id(program_id).await?.manager()?;
            super::store::list_memberships(&db()?, caller.id(), &[super::MembershipStatus::Pending])
                .await
        }
        .await,
    )
}

/// Approves or declines the chosen pending applications (one or many).
/// Returns the applications this call decided: one already decided by
/// someone else is left as it is.
#[server(prefix = "/api", endpoint = "programs/decide")]
pub async fn decide_applications(
    program_id: i64,
    #[server(default)] membership_ids: Vec<i64>,
    decision: String,
    #[server(default)] message: String,
) -> Result<Vec<i64>, AppError> {
    let kept_message = message.clone();
    // Which applications the refused post was about: the applications page
    // shows the message at that card, or at the bulk form.
    let kept_ids = membership_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    crate::error::respond(
        async {
            let caller = ProgramCaller::by_id(program_id).await?.manager()?;
            let decision = match decision.as_str() {
                "approve" => super::Decision::Approve,
                "decline" => super::Decision::Decline { message },
                _ => {
                    return Err(AppError::validation(
                        "decision",
                        "Choose approve or decline.",
                    ))
                }
            };
            decision.validate()?;
            if membership_ids.is_empty() {
                return Err(AppError::validation(
                    "membership_ids",
                    "Select at least one application.",
                ));
            }
            let state = crate::state::app_state()?;
            let decided = super::store::decide_applications(
                &state.db,
                caller.id(),
                &membership_ids,
                &decision,
                caller.viewer.id(),
                &state.site.site_url,
                now(),
            )
            .await?;
            state.email.wake();
            let flag = match decision {
                super::Decision::Approve => "approved",
                super::Decision::Decline { .. } => "declined",
            };
            crate::reply::redirect(&format!(
                "{}/admin/applications?{flag}={}",
                caller.program.path(),
                decided.len()
            ));
            Ok(decided)
        }
        .await
        .map_err(|error: AppError| {
            error.keeping(&[("message", &kept_message), ("membership_ids", &kept_ids)])
        }),
    )
}

/// Approved members with their answers.
#[server(prefix = "/api", endpoint = "programs/members")]
pub async fn list_program_members(program_id: i64) -> Result<Vec<MemberRecord>, AppError> {
    crate::error::respond(
        async {
            let caller = ProgramCaller::by_id(program_id).await?.manager()?;
            super::store::list_memberships(
                &db()?,
                caller.id(),
                &[super::MembershipStatus::Approved],
            )
            .await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "programs/remove_member")]
pub async fn remove_program_member(program_id: i64, membership_id: i64) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let caller = ProgramCaller::by_id(program_id).await?.manager()?;
            super::store::remove_member(
                &db()?,
                caller.id(),
                membership_id,
                caller.viewer.id(),
                now(),
            )
            .await?;
            crate::reply::redirect(&format!(
                "{}/admin/members?removed=1",
                caller.program.path()
            ));
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "programs/invitations")]
pub async fn list_program_invitations(program_id: i64) -> Result<Vec<Invitation>, AppError> {
    crate::error::respond(
        async {
            let caller = ProgramCaller::by_id(program_id).await?.manager()?;
            super::store::list_invitations(&db()?, caller.id(), now()).await
        }
        .await,
    )
}

/// Creates an invitation link. Its token is shown once: the redirect after
/// a plain form post carries it to the admin's page in `?new=`.
/// `expires_on` is a date (the link works until the end of that day, UTC)
/// or empty; `max_uses` a number or empty for no limit.
#[server(prefix = "/api", endpoint = "programs/create_invitation")]
pub async fn create_program_invitation(
    program_id: i64,
    #[server(default)] role: String,
    #[server(default)] auto_approve: Option<String>,
    #[server(default)] expires_on: String,
    #[server(default)] max_uses: String,
) -> Result<CreatedInvitation, AppError> {
    let kept = [
        ("role", role.clone()),
        (
            "auto_approve",
            if auto_approve.is_some() { "on" } else { "" }.to_owned(),
        ),
        ("expires_on", expires_on.clone()),
        ("max_uses", max_uses.clone()),
    ];
    crate::error::respond(
        async {
            let caller = ProgramCaller::by_id(program_id).await?.manager()?;
            let mut errors = crate::error::FieldErrors::new();
            let role = match role.trim() {
                "" => None,
                other => match Role::parse(other) {
                    Some(role) => Some(role),
                    None => {
                        errors.add("role", "Choose mentor, mentee or either.");
                        None
                    }
                },
            };
            let expires_at = match expires_on.trim() {
                "" => None,
                date => match chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") {
                    Ok(day) => day.and_hms_opt(23, 59, 59),
                    Err(_) => {
                        errors.add("expires_on", "Write a date like 2027-03-31, or leave it empty.");
                        None
                    }
                },
            };
            let max_uses = match max_uses.trim() {
                "" => None,
                number => match number.parse::<i32>() {
                    Ok(uses) => Some(uses),
                    Err(_) => {
                        errors.add(
                            "max_uses",
                            format!(
                                "Write a whole number from 1 to {}, or leave it empty for no limit.",
                                super::MAX_INVITATION_USES
                            ),
                        );
                        None
                    }
                },
            };
            let draft = super::InvitationDraft {
                role,
                auto_approve: auto_approve.is_some(),
                expires_at,
                max_uses,
            };
            if let Err(AppError::Validation(more)) = draft.validate(&caller.program, now()) {
                // The draft names the time `expires_at`; the form's field
                // (where the message belongs) is the day, `expires_on`.
                for (field, message) in more.messages {
                    let field = if field == "expires_at" {
                        "expires_on"
                    } else {
                        field.as_str()
                    };
                    errors.add(field, message);
                }
            }
            errors.into_result()?;
            let created = super::store::create_invitation(
                &db()?,
                caller.id(),
                &draft,
                caller.viewer.id(),
                now(),
            )
            .await?;
            // The token is a one-time secret: the page after the redirect
            // shows it from the server, never from the URL.
            let key = crate::flash::put(
                &db()?,
                Some(caller.viewer.id()),
                &new_invitation_purpose(caller.id()),
                &created.token,
                now(),
            )
            .await?;
            crate::reply::redirect(&format!(
                "{}/admin/invitations?created={key}",
                caller.program.path(),
            ));
            Ok(created)
        }
        .await
        .map_err(|error: AppError| error.keeping(&kept)),
    )
}

#[cfg(feature = "ssr")]
fn new_invitation_purpose(program_id: i64) -> String {
    format!("new_invitation:{program_id}")
}

/// The link just created by this admin (`?created=<key>` after the
/// redirect), once: its token is kept on the server for a few minutes and
/// read only by the admin who created it.
#[server(prefix = "/api", endpoint = "programs/new_invitation_link")]
pub async fn take_new_invitation_link(
    slug: String,
    key: String,
) -> Result<Option<String>, AppError> {
    crate::error::respond(
        async {
            let caller = ProgramCaller::by_slug(&slug).await?.manager()?;
            let token = crate::flash::take(
                &db()?,
                Some(caller.viewer.id()),
                &new_invitation_purpose(caller.id()),
                &key,
                now(),
            )
            .await?;
            Ok(token.map(|token| super::join_path(&token)))
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "programs/revoke_invitation")]
pub async fn revoke_program_invitation(
    program_id: i64,
    invitation_id: i64,
) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let caller = ProgramCaller::by_id(program_id).await?.manager()?;
            super::store::revoke_invitation(&db()?, caller.id(), invitation_id, now()).await?;
            crate::reply::redirect(&format!(
                "{}/admin/invitations?revoked=1",
                caller.program.path()
            ));
            Ok(())
        }
        .await,
    )
}
