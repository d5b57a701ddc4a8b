//! The resources' plain routes (server only), so that a browser uploads
//! and downloads a file with or without JavaScript:
//!
//! - `POST /resources/save` (and under `/programs/<slug>`): the resource
//!   form, a multipart post whose file is streamed into the store, the
//!   size limit enforced while it streams;
//! - `GET /resources/<id>/file` (and under `/programs/<slug>`): the file,
//!   for the members it is for, always under the same address.
//!
//! A plain form post is answered with a redirect (to the resource, or
//! back to the form with the error kept, as a server function's refusal
//! is); the hydrated form's request (`Accept: application/json`) with the
//! resource's path or the error as JSON.

use super::{
    files,
    guard::ResourceCaller,
    rules::{validate_resource, ValidResource},
    storage::{FileStore, GetError, PutError},
    store::{self, StoredFile},
    ResourceDraft, ResourceKind, SAVE_FORM,
};
use crate::{
    accounts::export::{download_refusal, internal, session_from_headers},
    db::Db,
    error::AppError,
    programs::api::now,
    state::AppState,
};
use axum::{
    body::Body,
    extract::{multipart::Field, Multipart, Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use bytes::Bytes;
use futures::StreamExt;

/// Where files go and how large they may be.
#[derive(Clone, Debug)]
pub struct Uploads {
    pub store: FileStore,
    /// `UPLOAD_MAX_BYTES` (default 25 MiB).
    pub max_bytes: u64,
}

/// What a text field of the form may hold (the longest, a page, is
/// [`super::rules::BODY_MAX`] characters of up to 4 bytes).
const TEXT_FIELD_BYTES: usize = 4 * super::rules::BODY_MAX + 1024;

fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

/// Deletes a file the database no longer keeps; a failure leaves its
/// orphan row for the sweep.
pub async fn discard(db: &Db, key: &str) {
    let Ok(state) = crate::state::app_state() else {
        return;
    };
    discard_with(&state.files.store, db, key).await;
}

async fn discard_with(files: &FileStore, db: &Db, key: &str) {
    match files.delete(key).await {
        Ok(()) => {
            if let Err(error) = store::forget_orphan(db, key).await {
                tracing::warn!(key, "a deleted file's orphan row stays: {error}");
            }
        }
        Err(error) => tracing::warn!(key, "a file stays in the store for the sweep: {error}"),
    }
}

/// Deletes what the sweep finds due (several servers may run it: a
/// missing object is no error).
pub async fn sweep_orphans(state: &AppState) -> Result<usize, AppError> {
    let due = store::due_orphans(&state.db, now(), 100).await?;
    for key in &due {
        discard_with(&state.files.store, &state.db, key).await;
    }
    Ok(due.len())
}

/// A text field's value, at most [`TEXT_FIELD_BYTES`].
async fn text_of(field: &mut Field<'_>) -> Result<String, AppError> {
    let name = field.name().unwrap_or_default().to_owned();
    let mut bytes = Vec::new();
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|error| AppError::Transport(error.body_text()))?
    {
        if bytes.len() + chunk.len() > TEXT_FIELD_BYTES {
            return Err(AppError::validation(&name, "This text is too long."));
        }
        bytes.extend_from_slice(&chunk);
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| AppError::validation(&name, "This text could not be read."))?;
    if text.chars().any(crate::text::is_forbidden_control) {
        return Err(AppError::validation(
            &name,
            "Remove the invisible control character from this text.",
        ));
    }
    Ok(text)
}

/// What the form sent besides the file.
#[derive(Default)]
struct Sent {
    id: i64,
    draft: ResourceDraft,
}

impl Sent {
    fn take(&mut self, name: &str, value: String) {
        let draft = &mut self.draft;
        match name {
            "id" => self.id = value.trim().parse().unwrap_or(-1),
            "kind" => draft.kind = value,
            "title" => draft.title = value,
            "summary" => draft.summary = value,
            "url" => draft.url = value,
            "body" => draft.body = value,
            "section" => draft.section = value,
            "audience" => draft.audience = value,
            "pinned" => draft.pinned = Some(value),
            _ => {}
        }
    }

    fn refuse(&self, field: &str, message: impl Into<String>) -> AppError {
        AppError::validation(field, message).keeping(&self.draft.fields())
    }
}

/// Streams the file field into the store under a fresh key, its type
/// checked on its first bytes and its size while it streams. Nothing is
/// left in the store when it fails.
async fn store_file(
    state: &AppState,
    field: &mut Field<'_>,
    name: &str,
    sent: &Sent,
) -> Result<StoredFile, AppError> {
    let mut first = Vec::new();
    while first.len() < files::SNIFF_BYTES {
        match field.chunk().await {
            Ok(Some(chunk)) => first.extend_from_slice(&chunk),
            Ok(None) => break,
            Err(error) => return Err(AppError::Transport(error.body_text())),
        }
    }
    let kind = files::check_upload(name, &first).map_err(|message| sent.refuse("file", message))?;
    let key = FileStore::new_key();
    store::upload_started(&state.db, &key, now()).await?;
    let limit = state.files.max_bytes;
    let chunks = futures::stream::iter([Ok::<Bytes, axum::extract::multipart::MultipartError>(
        Bytes::from(first),
    )])
    .chain(field);
    let stored = state.files.store.put_limited(&key, chunks, limit).await;
    match stored {
        Ok(size) => Ok(StoredFile {
            key,
            name: name.to_owned(),
            mime: kind.mime.to_owned(),
            size: size as i64,
        }),
        Err(error) => {
            // Nothing was stored (put_limited aborts); the orphan row goes.
            store::forget_orphan(&state.db, &key).await.ok();
            Err(match error {
                PutError::TooLarge => sent.refuse(
                    "file",
                    format!(
                        "The file is larger than {}, the most a library accepts.",
                        files::size_text(limit)
                    ),
                ),
                PutError::Stream(message) => AppError::Transport(message),
                PutError::Store(message) => AppError::internal(message),
            })
        }
    }
}

async fn save(
    state: &AppState,
    headers: &HeaderMap,
    space: &str,
    mut multipart: Multipart,
) -> Result<String, AppError> {
    let (_, user) = session_from_headers(state, headers)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let caller = ResourceCaller::of_user(state, &user, space)
        .await?
        .manager()?;
    let mut sent = Sent::default();
    let mut file: Option<StoredFile> = None;
    let mut valid: Option<ValidResource> = None;
    let outcome: Result<(), AppError> = async {
        while let Some(mut field) = multipart
            .next_field()
            .await
            .map_err(|error| AppError::Transport(error.body_text()))?
        {
            let name = field.name().unwrap_or_default().to_owned();
            if name != "file" {
                if valid.is_some() {
                    // Checked and stored with the file: a field after it
                    // would change what was checked.
                    return Err(sent.refuse(
                        "file",
                        "The form's fields must come before the file. Send the form again.",
                    ));
                }
                let value = text_of(&mut field)
                    .await
                    .map_err(|error| error.keeping(&sent.draft.fields()))?;
                sent.take(&name, value);
                continue;
            }
            // The file comes last in the form: the other fields are
            // checked before a byte of it is stored.
            let file_name = field.file_name().map(files::display_name);
            let sections = store::section_ids(&state.db, caller.program_id).await?;
            let checked = validate_resource(&sent.draft, caller.program_id.is_some(), &sections)?;
            let chosen = field.file_name().is_some_and(|name| !name.is_empty());
            if checked.kind == ResourceKind::File && chosen && file.is_none() {
                let name = file_name.unwrap_or_default();
                file = Some(store_file(state, &mut field, &name, &sent).await?);
            }
            valid = Some(checked);
        }
        Ok(())
    }
    .await;
    if let Err(error) = outcome {
        if let Some(file) = &file {
            discard_with(&state.files.store, &state.db, &file.key).await;
        }
        // Read the rest of the request, so that a browser sees the answer
        // rather than a connection closed under its upload.
        while let Ok(Some(mut field)) = multipart.next_field().await {
            while let Ok(Some(_)) = field.chunk().await {}
        }
        return Err(error);
    }
    let valid = match valid {
        Some(valid) => valid,
        None => {
            let sections = store::section_ids(&state.db, caller.program_id).await?;
            validate_resource(&sent.draft, caller.program_id.is_some(), &sections)?
        }
    };
    if valid.kind == ResourceKind::File && file.is_none() && sent.id == 0 {
        return Err(sent.refuse("file", "Choose the file to share."));
    }
    let saved = if sent.id == 0 {
        store::create_resource(
            &state.db,
            caller.program_id,
            caller.user.id,
            &valid,
            file.as_ref(),
            now(),
        )
        .await
        .map(|id| (id, None))
    } else {
        store::update_resource(
            &state.db,
            caller.program_id,
            sent.id,
            &valid,
            file.as_ref(),
            now(),
        )
        .await
        .map(|replaced| (sent.id, replaced))
    };
    match saved {
        Ok((id, replaced)) => {
            if let Some(old) = replaced {
                discard_with(&state.files.store, &state.db, &old).await;
            }
            Ok(format!("{}?saved=1", caller.library.item_path(id)))
        }
        Err(error) => {
            if let Some(file) = &file {
                discard_with(&state.files.store, &state.db, &file.key).await;
            }
            Err(match error {
                AppError::Validation(errors) => {
                    AppError::Validation(errors).keeping(&sent.draft.fields())
                }
                other => other,
            })
        }
    }
}

async fn save_answer(
    state: AppState,
    headers: HeaderMap,
    space: String,
    multipart: Multipart,
) -> Response {
    let result = save(&state, &headers, &space, multipart).await;
    let plain = wants_html(&headers);
    match result {
        Ok(path) if plain => {
            (StatusCode::SEE_OTHER, [(header::LOCATION, location(&path))]).into_response()
        }
        Ok(path) => Json(serde_json::json!({ "path": path })).into_response(),
        Err(error) => {
            let referer = headers
                .get(header::REFERER)
                .and_then(|value| value.to_str().ok());
            if let (true, Some(referer)) = (plain, referer) {
                // Back to the form as a server function's refusal goes; the
                // server keeps the values (see `server::web`).
                let back =
                    leptos::server_fn::error::ServerFnUrlError::new(SAVE_FORM, error.clone())
                        .to_url(referer);
                if let Some(value) = back
                    .ok()
                    .and_then(|url| HeaderValue::from_str(url.as_str()).ok())
                {
                    return (StatusCode::FOUND, [(header::LOCATION, value)]).into_response();
                }
            }
            let status =
                StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
            if matches!(error, AppError::Internal { .. }) {
                return internal(error);
            }
            (status, Json(error)).into_response()
        }
    }
}

fn location(path: &str) -> HeaderValue {
    HeaderValue::from_str(path).unwrap_or_else(|_| HeaderValue::from_static("/resources"))
}

pub async fn hub_save(
    State(state): State<AppState>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    save_answer(state, headers, String::new(), multipart).await
}

pub async fn program_save(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    save_answer(state, headers, slug, multipart).await
}

fn refusal(error: AppError) -> Response {
    download_refusal(error, "This file is not for you.")
}

async fn download(state: AppState, headers: HeaderMap, space: String, id: i64) -> Response {
    let result = async {
        let (_, user) = session_from_headers(&state, &headers)
            .await?
            .ok_or(AppError::Unauthorized)?;
        let caller = ResourceCaller::of_user(&state, &user, &space).await?;
        let (row, ..) =
            store::resource_in(&state.db, caller.program_id, id, &caller.member).await?;
        let (Some(key), Some(name)) = (row.file_key, row.file_name) else {
            return Err(AppError::NotFound);
        };
        let (size, body) = match state.files.store.get(&key).await {
            Ok(found) => found,
            Err(GetError::NotFound) => return Err(AppError::NotFound),
            Err(GetError::Store(message)) => return Err(AppError::internal(message)),
        };
        Ok::<_, AppError>((name, size, body))
    }
    .await;
    let (name, size, body) = match result {
        Ok(found) => found,
        Err(error) => return refusal(error),
    };
    // The type is the allow-list's for the name's extension, never what
    // the uploader's browser said.
    let kind = files::by_extension(&name);
    let mime = kind.map_or("application/octet-stream", |kind| kind.mime);
    let inline = kind.is_some_and(|kind| kind.inline);
    let mut response = Body::from_stream(body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(size));
    if let Ok(value) = HeaderValue::from_str(&files::content_disposition(&name, inline)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox"),
    );
    // Private, and not kept: a member who signs out leaves no copy behind.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

pub async fn hub_file(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    download(state, headers, String::new(), id).await
}

pub async fn program_file(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    headers: HeaderMap,
) -> Response {
    download(state, headers, slug, id).await
}
