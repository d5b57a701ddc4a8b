//! Server functions of the member side: the directory, a program's page,
//! joining, withdrawing and leaving, invitation previews and the member tabs.

use super::*;

/// The program directory: listed programs (all programs for hub admins and
/// the ones they manage for program admins), each with the viewer's status.
/// Visitors see the listed programs that are not drafts, so that they can
/// find one before they sign up.
#[server(prefix = "/api", endpoint = "programs/directory")]
pub async fn list_program_tiles(
    #[server(default)] search: String,
    #[server(default)] mine: bool,
    #[server(default)] page: i64,
) -> Result<ProgramDirectory, AppError> {
    crate::error::serve(async {
        let viewer = crate::accounts::session::viewer()
            .await?
            .map(|viewer| viewer.user.current_user());
        let search = crate::text::search_text("q", &search)?;
        let query = crate::programs::DirectoryQuery { search, mine, page };
        crate::programs::store::list_programs(&db()?, viewer.as_ref(), &query).await
    })
    .await
}

#[server(prefix = "/api", endpoint = "programs/page")]
pub async fn get_program_page(slug: String) -> Result<ProgramPage, AppError> {
    crate::error::serve(async {
        let (program, access, signed_in) = ProgramCaller::visit(&slug).await?;
        let (mentor_count, mentee_count) =
            crate::programs::store::member_counts(&db()?, program.id).await?;
        let existing = access.membership.as_ref().map(|m| m.status);
        let join_refusal =
            crate::programs::application_refusal(&program, existing, false).map(str::to_owned);
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
    })
    .await
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
    crate::error::serve(async {
        let db = db()?;
        let caller = match invitation.as_deref().map(str::trim) {
            Some(token) if slug.is_empty() && !token.is_empty() => {
                crate::accounts::session::require_member().await?;
                let link = crate::programs::store::find_invitation(&db, token, now()).await?;
                ProgramCaller::by_id(link.program.id).await?
            }
            _ => ProgramCaller::by_slug(&slug).await?,
        };
        let invitation = match invitation.as_deref().map(str::trim) {
            Some(token) if !token.is_empty() => {
                let link = crate::programs::store::find_invitation(&db, token, now()).await?;
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
            .or_else(|| {
                crate::programs::application_refusal(program, existing, invitation.is_some())
            })
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
                crate::programs::store::list_questions(&db, program.id, Some(role)).await?
            }
            _ => Vec::new(),
        };
        let approves_at_once = program.settings.approval == crate::programs::Approval::Automatic
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
    })
    .await
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
    let submitted = crate::programs::answers_from_form(
        answers
            .iter()
            .flat_map(|(field, values)| values.iter().map(move |value| (field, value))),
    );
    crate::error::serve(async {
        async {
            let caller = ProgramCaller::by_id(program_id).await?;
            let role =
                Role::parse(&role).ok_or_else(|| AppError::validation("role", "Choose a role."))?;
            let form = crate::programs::ApplicationForm {
                role,
                answers: submitted.clone(),
                invitation_token: invitation_token.filter(|token| !token.trim().is_empty()),
            };
            let outcome = crate::programs::store::submit_application(
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
                .map(|(id, value)| (crate::programs::question_field(*id), value))
                .collect();
            error.keeping(&kept)
        })
    })
    .await
}

#[server(prefix = "/api", endpoint = "programs/withdraw")]
pub async fn withdraw_application(program_id: i64) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?;
        crate::programs::store::withdraw_application(
            &db()?,
            caller.id(),
            caller.viewer.id(),
            now(),
        )
        .await?;
        crate::reply::redirect(&format!("{}?withdrawn=1", caller.program.path()));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "programs/leave")]
pub async fn leave_program(program_id: i64) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?;
        crate::programs::store::leave_program(&db()?, caller.id(), caller.viewer.id(), now())
            .await?;
        crate::reply::redirect(&format!("{}?left=1", caller.program.path()));
        Ok(())
    })
    .await
}

/// The program behind an invitation link. Visitors may ask (they sign in or
/// up from that page); an unknown token is `NotFound`.
#[server(prefix = "/api", endpoint = "programs/invitation")]
pub async fn get_invitation_preview(token: String) -> Result<InvitationPreview, AppError> {
    crate::error::serve(async {
        let link = crate::programs::store::find_invitation(&db()?, &token, now()).await?;
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
    })
    .await
}

/// A member-only tab: approved members and the program's admins; everyone
/// else is refused, whatever the page shows.
#[server(prefix = "/api", endpoint = "programs/member_tab")]
pub async fn open_member_tab(slug: String, tab: MemberTab) -> Result<MemberTabContent, AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_slug(&slug).await?.member()?;
        Ok(MemberTabContent {
            tab,
            program_name: caller.program.settings.name,
        })
    })
    .await
}
