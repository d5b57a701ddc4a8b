//! What a question, an answer, a comment and a flag may hold.

use crate::error::{AppError, FieldErrors};

pub const TITLE_MIN: usize = 10;
pub const TITLE_MAX: usize = 150;
pub const BODY_MAX: usize = 20_000;
pub const ANSWER_MIN: usize = 2;
pub const COMMENT_MAX: usize = 600;
pub const FLAG_REASON_MAX: usize = 500;
pub const TAGS_PER_THREAD: usize = 5;
pub const TAG_MAX: usize = 40;
pub const TAGS_PER_SPACE: usize = 100;
/// Open flags from different members that hide a post until reviewed.
pub const FLAGS_TO_HIDE: i64 = 3;
/// Posts (questions, answers, comments) one member may write in a window.
pub const POSTS_PER_WINDOW: i64 = 10;
pub const POST_WINDOW_MINUTES: i64 = 10;
/// Threads per page of a list.
pub const THREADS_PER_PAGE: i64 = 20;
pub const SEARCH_RESULTS: i64 = 20;
/// The longest suspension a moderator may give, in days.
pub const SUSPENSION_MAX_DAYS: i64 = 365;
/// How the author of an anonymous post is shown to everyone else.
pub const ANONYMOUS_NAME: &str = "Anonymous member";

fn chars(text: &str) -> usize {
    text.chars().count()
}

/// A question's title, trimmed: 10 to 150 characters.
pub fn validate_title(errors: &mut FieldErrors, title: &str) -> String {
    let title = title.trim().to_owned();
    if chars(&title) < TITLE_MIN {
        errors.add(
            "title",
            format!(
                "Write a title of at least {TITLE_MIN} characters: a question someone can answer."
            ),
        );
    } else if chars(&title) > TITLE_MAX {
        errors.add(
            "title",
            format!("Keep the title under {TITLE_MAX} characters; put the details in the text."),
        );
    }
    title
}

/// A question's or an answer's markdown text.
pub fn validate_body(errors: &mut FieldErrors, field: &str, body: &str, min: usize) -> String {
    let body = body.trim().to_owned();
    if chars(&body) < min {
        errors.add(
            field,
            if min <= 1 {
                "Write something first.".to_owned()
            } else {
                format!("Write at least {min} characters.")
            },
        );
    } else if chars(&body) > BODY_MAX {
        errors.add(
            field,
            format!(
                "This is {} characters; the limit is {BODY_MAX}.",
                chars(&body)
            ),
        );
    }
    body
}

/// A comment: plain text, one short paragraph.
pub fn validate_comment(body: &str) -> Result<String, AppError> {
    let body = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut errors = FieldErrors::default();
    if body.is_empty() {
        errors.add("comment", "Write a comment first.");
    } else if chars(&body) > COMMENT_MAX {
        errors.add(
            "comment",
            format!(
                "Comments are short (at most {COMMENT_MAX} characters); an answer can be longer."
            ),
        );
    }
    errors.into_result()?;
    Ok(body)
}

pub fn validate_flag_reason(reason: &str) -> Result<String, AppError> {
    let reason = reason.trim().to_owned();
    let mut errors = FieldErrors::default();
    if reason.is_empty() {
        errors.add(
            "reason",
            "Say what is wrong with this post, for the moderators.",
        );
    } else if chars(&reason) > FLAG_REASON_MAX {
        errors.add(
            "reason",
            format!("Keep the reason under {FLAG_REASON_MAX} characters."),
        );
    }
    errors.into_result()?;
    Ok(reason)
}

/// A tag's name as admins type it, and its key (case and spacing folded).
pub fn tag_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

pub fn validate_tag_name(name: &str) -> Result<String, AppError> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut errors = FieldErrors::default();
    if name.is_empty() {
        errors.add("tag", "Name the tag.");
    } else if chars(&name) > TAG_MAX {
        errors.add("tag", format!("Tags are at most {TAG_MAX} characters."));
    }
    errors.into_result()?;
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_bodies_and_comments_have_limits() {
        let mut errors = FieldErrors::default();
        assert_eq!(
            validate_title(&mut errors, "  How do I start?  "),
            "How do I start?"
        );
        assert!(errors.is_empty());
        validate_title(&mut errors, "Help");
        validate_body(&mut errors, "body", "", 1);
        assert_eq!(errors.messages.len(), 2);
        assert!(validate_comment(&"x".repeat(COMMENT_MAX + 1)).is_err());
        assert_eq!(validate_comment(" a \n b ").unwrap(), "a b");
        assert!(validate_flag_reason("  ").is_err());
        assert_eq!(tag_key("  Career   Change "), "career change");
    }
}
