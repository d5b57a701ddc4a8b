//! Rules for text that members type, shared by every domain: what a search
//! box accepts and which characters no field may hold.

use crate::error::AppError;

/// The longest search a search box accepts. Long enough for any real
/// search; a longer one is refused before it reaches the database (SQLite
/// gives up on very long `LIKE` patterns).
pub const MAX_SEARCH: usize = 100;

/// A search box's text, trimmed, without control characters, or a message
/// for the field when it is too long.
pub fn search_text(field: &str, value: &str) -> Result<String, AppError> {
    let value = value.trim();
    if value.chars().count() > MAX_SEARCH {
        return Err(AppError::validation(
            field,
            format!("Search for at most {MAX_SEARCH} characters."),
        ));
    }
    Ok(value.chars().filter(|c| !c.is_control()).collect())
}

/// A `LIKE` pattern (escaped with a backslash) matching text that contains
/// `search`, ignoring case when the column is lower-cased too: `%` and `_`
/// in the search are literal.
pub fn contains_pattern(search: &str) -> String {
    let escaped = search
        .trim()
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Control characters no text field may hold. PostgreSQL refuses NUL in
/// text and SQLite stores it, so both are refused the same way, before
/// either sees them. Tabs and line breaks are allowed (text areas).
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// The first form field in an `application/x-www-form-urlencoded` body
/// whose value (or name) holds a forbidden control character.
pub fn field_with_control_character(body: &[u8]) -> Option<String> {
    body.split(|byte| *byte == b'&').find_map(|pair| {
        let (name, value) = match pair.iter().position(|byte| *byte == b'=') {
            Some(at) => (&pair[..at], &pair[at + 1..]),
            None => (pair, &pair[..0]),
        };
        let forbidden = |part: &[u8]| {
            String::from_utf8_lossy(&form_decoded(part))
                .chars()
                .any(is_forbidden_control)
        };
        (forbidden(name) || forbidden(value))
            .then(|| String::from_utf8_lossy(&form_decoded(name)).into_owned())
    })
}

/// `+` and `%XX` decoded, as bytes; a malformed escape is kept as it is.
fn form_decoded(part: &[u8]) -> Vec<u8> {
    let mut decoded = Vec::with_capacity(part.len());
    let mut i = 0;
    while i < part.len() {
        match part[i] {
            b'+' => decoded.push(b' '),
            b'%' if i + 2 < part.len() => {
                match std::str::from_utf8(&part[i + 1..i + 3])
                    .ok()
                    .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                {
                    Some(byte) => {
                        decoded.push(byte);
                        i += 2;
                    }
                    None => decoded.push(b'%'),
                }
            }
            byte => decoded.push(byte),
        }
        i += 1;
    }
    decoded
}

/// Percent-encodes a path for use inside a query parameter.
pub fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (byte as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_patterns_match_wildcards_literally() {
        assert_eq!(contains_pattern("  Career "), "%career%");
        assert_eq!(contains_pattern("100%_a\\b"), "%100\\%\\_a\\\\b%");
        assert_eq!(contains_pattern(""), "%%");
    }

    #[test]
    fn searches_are_capped_and_cleaned() {
        assert_eq!(search_text("q", "  career  ").unwrap(), "career");
        assert_eq!(search_text("q", "a\u{0}b\u{7f}").unwrap(), "ab");
        let long = "x".repeat(MAX_SEARCH + 1);
        let error = search_text("q", &long).unwrap_err();
        assert_eq!(
            error.field("q").as_deref(),
            Some("Search for at most 100 characters.")
        );
        assert!(search_text("q", &"é".repeat(MAX_SEARCH)).is_ok());
    }

    #[test]
    fn control_characters_are_found_in_form_bodies() {
        assert_eq!(
            field_with_control_character(b"name=Ada&bio=line%0D%0Aline%09x"),
            None
        );
        assert_eq!(
            field_with_control_character(b"name=Ada&headline=a%00b").as_deref(),
            Some("headline")
        );
        assert_eq!(
            field_with_control_character(b"name=A%01&x=1").as_deref(),
            Some("name")
        );
        assert_eq!(
            field_with_control_character(b"bio=a\x00b").as_deref(),
            Some("bio")
        );
        assert_eq!(
            field_with_control_character(b"n%00ame=x").as_deref(),
            Some("n\u{0}ame")
        );
        // A literal "%00" typed by a member is sent as %2500.
        assert_eq!(field_with_control_character(b"bio=100%2500"), None);
        assert_eq!(field_with_control_character(b"bio=50%"), None);
        assert_eq!(field_with_control_character(b"q=%7F"), Some("q".into()));
        // Letters beyond ASCII are not mistaken for control bytes.
        assert_eq!(field_with_control_character("q=ā é ß 漢".as_bytes()), None);
        assert_eq!(field_with_control_character(b"q=%C4%81"), None);
        assert_eq!(field_with_control_character(b"q=%C2%85"), Some("q".into()));
    }
}
