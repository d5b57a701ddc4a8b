//! Server functions of a program's registration form: its questions.

use super::*;

/// All live registration questions of the program, both roles, in order.
#[server(prefix = "/api", endpoint = "programs/questions")]
pub async fn list_registration_questions(program_id: i64) -> Result<Vec<Question>, AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.manager()?;
        crate::programs::store::list_questions(&db()?, caller.id(), None).await
    })
    .await
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
    crate::error::serve(async {
        async {
            let caller = ProgramCaller::by_id(program_id).await?.manager()?;
            let draft = crate::programs::QuestionDraft {
                role: Role::parse(&role)
                    .ok_or_else(|| AppError::validation("role", "Choose mentors or mentees."))?,
                kind: crate::programs::QuestionKind::parse(&kind)
                    .ok_or_else(|| AppError::validation("kind", "Choose a kind of question."))?,
                prompt,
                help_text,
                required: required.is_some(),
                options: crate::programs::options_from_lines(&options),
            };
            let db = db()?;
            let question = match question_id {
                None => {
                    crate::programs::store::add_question(&db, caller.id(), draft, now()).await?
                }
                Some(id) => {
                    crate::programs::store::update_question(&db, caller.id(), id, draft, now())
                        .await?
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
        .map_err(|error: AppError| error.keeping(&kept))
    })
    .await
}

/// Deletes a question from the form; answers already given are kept.
#[server(prefix = "/api", endpoint = "programs/delete_question")]
pub async fn delete_question(program_id: i64, question_id: i64) -> Result<(), AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.manager()?;
        crate::programs::store::delete_question(&db()?, caller.id(), question_id, now()).await?;
        crate::reply::redirect(&format!(
            "{}/admin/questions?deleted=1",
            caller.program.path()
        ));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "programs/move_question")]
pub async fn move_question(
    program_id: i64,
    question_id: i64,
    direction: crate::programs::Move,
) -> Result<bool, AppError> {
    crate::error::serve(async {
        let caller = ProgramCaller::by_id(program_id).await?.manager()?;
        let moved = crate::programs::store::move_question(
            &db()?,
            caller.id(),
            question_id,
            direction,
            now(),
        )
        .await?;
        crate::reply::redirect(&format!(
            "{}/admin/questions?moved={question_id}",
            caller.program.path()
        ));
        Ok(moved)
    })
    .await
}
