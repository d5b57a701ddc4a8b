//! Server functions of a program's settings page: the program itself and
//! its admins.

use super::*;

#[server(prefix = "/api", endpoint = "programs/manage")]
pub async fn get_managed_program(slug: String) -> Result<ManagedProgram, AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_slug(&slug).await?.manager()?;
        let pending_count = crate::programs::store::pending_count(&db()?, caller.id()).await?;
        Ok(ManagedProgram {
            is_hub_admin: caller.access.is_hub_admin,
            program: caller.program,
            pending_count,
        })
    })
    .await
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
    crate::error::serve(async {
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
                            crate::programs::MAX_MENTOR_CAPACITY
                        ),
                    );
                    1
                });
            let settings = crate::programs::ProgramSettings {
                name,
                slug,
                summary,
                about_md,
                cover_color: if cover_color.trim().is_empty() {
                    crate::programs::DEFAULT_COVER_COLOR.to_owned()
                } else {
                    cover_color
                },
                status: crate::programs::ProgramStatus::parse(&status)
                    .ok_or_else(|| AppError::validation("status", "Choose a status."))?,
                listed: listed.is_some(),
                accepts_mentors: accepts_mentors.is_some(),
                accepts_mentees: accepts_mentees.is_some(),
                approval: crate::programs::Approval::parse(&approval).ok_or_else(|| {
                    AppError::validation("approval", "Choose how members are approved.")
                })?,
                matching_mode: crate::programs::MatchingMode::parse(&matching_mode).ok_or_else(
                    || {
                        AppError::validation(
                            "matching_mode",
                            "Choose how mentors and mentees are matched.",
                        )
                    },
                )?,
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
                None => {
                    crate::programs::store::create_program(&db, settings, viewer_id, now()).await?
                }
                Some(id) => {
                    crate::programs::store::update_program(&db, id, settings, now()).await?
                }
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
        .map_err(|error: AppError| error.keeping(&kept))
    })
    .await
}

#[server(prefix = "/api", endpoint = "programs/admins")]
pub async fn list_program_admins(program_id: i64) -> Result<Vec<ProgramAdmin>, AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.manager()?;
        crate::programs::store::list_program_admins(&db()?, caller.id()).await
    })
    .await
}

/// Names the member with `email` an admin of the program (hub admins only).
#[server(prefix = "/api", endpoint = "programs/add_admin")]
pub async fn add_program_admin(program_id: i64, email: String) -> Result<(), AppError> {
    crate::error::serve(async {
        async {
            let caller = ProgramCaller::by_id(program_id).await?.hub_admin()?;
            let db = db()?;
            let member = crate::accounts::store::find_by_email(&db, &email)
                .await?
                .filter(|user| user.deactivated_at.is_none())
                .ok_or_else(|| {
                    AppError::validation("email", "No active member has this email address.")
                })?;
            crate::programs::store::add_program_admin(&db, caller.id(), member.id, now()).await?;
            crate::reply::redirect(&format!(
                "{}/admin/settings?admin_added=1",
                caller.program.path()
            ));
            Ok(())
        }
        .await
        .map_err(|error: AppError| error.keeping(&[("email", &email)]))
    })
    .await
}

#[server(prefix = "/api", endpoint = "programs/remove_admin")]
pub async fn remove_program_admin(program_id: i64, user_id: i64) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.hub_admin()?;
        crate::programs::store::remove_program_admin(&db()?, caller.id(), user_id).await?;
        // Like the other admin forms: back to the page with a flag of its
        // own (the address may still carry an earlier `?admin_added=1`).
        crate::reply::redirect(&format!(
            "{}/admin/settings?admin_removed=1",
            caller.program.path()
        ));
        Ok(())
    })
    .await
}
