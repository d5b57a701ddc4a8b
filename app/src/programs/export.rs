//! `GET /programs/<slug>/admin/members.csv`: a program's members and their
//! answers, for the program's admins. A plain route (not a server function)
//! so that the browser downloads a file, with or without JavaScript.

use super::{store, MemberRecord, MembershipStatus};
use crate::{
    accounts::export::{internal, session_from_headers},
    error::AppError,
    state::AppState,
};
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};

pub async fn members_csv(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    let user = match session_from_headers(&state, &headers).await {
        Ok(Some((_, user))) => user,
        Ok(None) => return (StatusCode::UNAUTHORIZED, "Sign in first.").into_response(),
        Err(error) => return internal(error),
    };
    let program = match store::program_by_slug(&state.db, &slug).await {
        Ok(program) => program,
        Err(AppError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => return internal(error),
    };
    match store::access(&state.db, program.id, &user.current_user()).await {
        Ok(access) if access.can_manage() => {}
        Ok(access) if access.can_view(&program) => {
            return (StatusCode::FORBIDDEN, "For this program's admins only.").into_response()
        }
        Ok(_) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => return internal(error),
    }
    let members =
        match store::list_memberships(&state.db, program.id, &[MembershipStatus::Approved]).await {
            Ok(members) => members,
            Err(error) => return internal(error),
        };
    let partners = match store::mentorship_partners(&state.db, program.id).await {
        Ok(partners) => partners,
        Err(error) => return internal(error),
    };
    let mut response = members_to_csv(&members, &partners).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    // The slug is lower-case letters, digits and dashes: safe in a header.
    if let Ok(value) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{}-members.csv\"",
        program.settings.slug
    )) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// One row per member; after the fixed columns, one column per question
/// anyone answered (in form order, deleted questions last, as listed).
/// `partners`: each member's active mentorship partners (their mentor, or
/// their mentees), by user id.
pub fn members_to_csv(
    members: &[MemberRecord],
    partners: &std::collections::BTreeMap<i64, Vec<String>>,
) -> String {
    let mut questions: Vec<(i64, String)> = Vec::new();
    for member in members {
        for answer in &member.answers {
            if !questions.iter().any(|(id, _)| *id == answer.question_id) {
                questions.push((answer.question_id, answer.prompt.clone()));
            }
        }
    }
    let mut out = String::new();
    let mut header: Vec<String> = [
        "Name",
        "Email",
        "Role",
        "Joined (UTC)",
        "Applied (UTC)",
        "Through an invitation",
        "Matched with",
    ]
    .iter()
    .map(|title| title.to_string())
    .collect();
    header.extend(questions.iter().map(|(_, prompt)| prompt.clone()));
    crate::csv::push_row(&mut out, &header);
    for member in members {
        let mut row = vec![
            member.name.clone(),
            member.email.clone(),
            member.role.label().to_owned(),
            member
                .joined_at
                .map(|at| at.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default(),
            member.applied_at.format("%Y-%m-%d %H:%M").to_string(),
            if member.via_invitation { "yes" } else { "no" }.to_owned(),
            partners
                .get(&member.user_id)
                .map(|names| names.join("; "))
                .unwrap_or_default(),
        ];
        for (id, _) in &questions {
            let value = member
                .answers
                .iter()
                .find(|answer| answer.question_id == *id)
                .map(|answer| super::answer_values(&answer.value).join("; "))
                .unwrap_or_default();
            row.push(value);
        }
        crate::csv::push_row(&mut out, &row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programs::{GivenAnswer, QuestionKind, Role};

    fn member(name: &str, answers: Vec<GivenAnswer>) -> MemberRecord {
        let at = chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .unwrap()
            .naive_utc();
        MemberRecord {
            membership_id: 1,
            user_id: 1,
            name: name.into(),
            email: "ada@example.org".into(),
            headline: String::new(),
            role: Role::Mentee,
            status: MembershipStatus::Approved,
            applied_at: at,
            joined_at: Some(at),
            decided_at: Some(at),
            decided_by_name: None,
            decision_message: None,
            via_invitation: false,
            answers,
        }
    }

    fn answer(id: i64, prompt: &str, value: &str) -> GivenAnswer {
        GivenAnswer {
            question_id: id,
            prompt: prompt.into(),
            kind: QuestionKind::MultipleChoice,
            value: value.into(),
            question_deleted: false,
        }
    }

    #[test]
    fn quotes_commas_and_quotes_and_defuses_formulas() {
        let partners = [(1, vec!["=Mentor".to_owned(), "Bo".to_owned()])].into();
        let csv = members_to_csv(
            &[
                member(
                    "=HYPERLINK(\"x\")",
                    vec![answer(7, "Goals, briefly", "A\nB")],
                ),
                member("Grace", vec![]),
            ],
            &partners,
        );
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "Name,Email,Role,Joined (UTC),Applied (UTC),Through an invitation,Matched with,\"Goals, briefly\""
        );
        assert!(lines[1].starts_with("\"'=HYPERLINK(\"\"x\"\")\",ada@example.org,Mentee,"));
        assert!(lines[1].ends_with(",no,'=Mentor; Bo,A; B"), "{}", lines[1]);
        assert!(lines[2].starts_with("Grace,"));
        assert_eq!(lines[3], "");
    }
}
