//! What makes a valid name, email and password. Shared by server and
//! browser so that the browser can warn early; the server always re-checks.

use crate::error::FieldErrors;

pub const MIN_PASSWORD: usize = 10;
pub const MAX_PASSWORD: usize = 256;
pub const MAX_NAME: usize = 100;
pub const MAX_EMAIL: usize = 254;

/// The lower-cased, trimmed form of an email: the key accounts are unique by.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

pub fn check_name(errors: &mut FieldErrors, field: &str, name: &str) {
    let name = name.trim();
    if name.is_empty() {
        errors.add(field, "Enter your name.");
    } else if name.chars().count() > MAX_NAME {
        errors.add(
            field,
            format!("Keep your name to {MAX_NAME} characters or fewer."),
        );
    }
}

/// A pragmatic check: one `@`, something before it, a dotted domain after
/// it, no spaces. The confirmation email is the real test.
pub fn check_email(errors: &mut FieldErrors, field: &str, email: &str) {
    let email = email.trim();
    let valid = email.len() <= MAX_EMAIL
        && !email.chars().any(char::is_whitespace)
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
    if email.is_empty() {
        errors.add(field, "Enter your email address.");
    } else if !valid {
        errors.add(field, "Enter an email address like name@example.org.");
    }
}

/// Length only, no composition rules (NIST SP 800-63B), plus a refusal of
/// passwords that appear at the top of every breach list or that repeat the
/// person's own name or email.
pub fn check_password(
    errors: &mut FieldErrors,
    field: &str,
    password: &str,
    name: &str,
    email: &str,
) {
    let length = password.chars().count();
    if length < MIN_PASSWORD {
        errors.add(
            field,
            format!("Use at least {MIN_PASSWORD} characters; a few unrelated words work well."),
        );
    } else if length > MAX_PASSWORD {
        errors.add(field, format!("Use at most {MAX_PASSWORD} characters."));
    } else if is_common_password(password) {
        errors.add(
            field,
            "This password is one of the most common ones and easy to guess. Choose another.",
        );
    } else {
        let lowered = password.to_lowercase();
        let own = [name.trim().to_lowercase(), email_key(email)];
        if own
            .iter()
            .any(|value| !value.is_empty() && lowered == *value)
        {
            errors.add(field, "Do not use your name or email as your password.");
        }
    }
}

pub fn is_common_password(password: &str) -> bool {
    let lowered = password.to_lowercase();
    let first = lowered.chars().next();
    let all_same = first.is_some_and(|first| lowered.chars().all(|c| c == first));
    all_same || is_sequence(&lowered) || COMMON_PASSWORDS.contains(&lowered.as_str())
}

/// "0123456789", "abcdefghijk", "9876543210" and the like.
fn is_sequence(password: &str) -> bool {
    let bytes = password.as_bytes();
    if bytes.len() < 2 || !password.is_ascii() {
        return false;
    }
    let steps: Vec<i16> = bytes
        .windows(2)
        .map(|pair| i16::from(pair[1]) - i16::from(pair[0]))
        .collect();
    steps.iter().all(|&step| step == 1) || steps.iter().all(|&step| step == -1)
}

/// Passwords of ten or more characters that top the public breach
/// frequency lists (shorter ones are refused by length anyway). Lower case.
const COMMON_PASSWORDS: &[&str] = &[
    "1234567890",
    "12345678910",
    "123456789a",
    "a123456789",
    "1234567891",
    "123456789q",
    "1234512345",
    "1122334455",
    "1234554321",
    "1qaz2wsx3edc",
    "1q2w3e4r5t",
    "1q2w3e4r5t6y",
    "1q2w3e4r5t6y7u",
    "qwertyuiop",
    "qwerty1234",
    "qwerty12345",
    "qwerty123456",
    "qwertyuiop1",
    "qwertyuiop123",
    "asdfghjkl1",
    "asdfghjkl;",
    "asdfghjkl123",
    "zxcvbnm123",
    "qazwsxedc123",
    "qazwsxedcrfv",
    "1qazxsw23edc",
    "zaq12wsxcde3",
    "123qweasdzxc",
    "qweasdzxc123",
    "qwe123qwe123",
    "password12",
    "password123",
    "password1234",
    "password12345",
    "password123456",
    "password!!",
    "passw0rd12",
    "passw0rd123",
    "p@ssw0rd123",
    "p@ssword123",
    "password01",
    "password2024",
    "password2025",
    "password2026",
    "mypassword",
    "mypassword1",
    "mypassword123",
    "iloveyou12",
    "iloveyou123",
    "iloveyou1234",
    "football123",
    "baseball123",
    "basketball",
    "basketball1",
    "princess123",
    "sunshine123",
    "superman123",
    "batman12345",
    "starwars123",
    "pokemon123",
    "welcome123",
    "welcome1234",
    "welcome2024",
    "welcome2025",
    "welcome2026",
    "letmein123",
    "letmein1234",
    "abc1234567",
    "abcd123456",
    "abcd1234567",
    "abcde12345",
    "abc123abc123",
    "trustno1234",
    "monkey12345",
    "dragon12345",
    "michael123",
    "jennifer123",
    "charlie123",
    "liverpool1",
    "liverpool123",
    "chelsea123",
    "arsenal123",
    "manchester",
    "manchester1",
    "1234qwerty",
    "1234qwer!@#$",
    "qwer1234!@#$",
    "aa12345678",
    "aaaa111111",
    "a1b2c3d4e5",
    "a1s2d3f4g5",
    "changeme123",
    "changeme12",
    "administrator",
    "admin12345",
    "admin123456",
    "administrator1",
    "adminadmin",
    "rootroot12",
    "computer123",
    "internet123",
    "samsung123",
    "whatever123",
    "freedom123",
    "shadow12345",
    "master12345",
    "hello12345",
    "hello123456",
    "helloworld",
    "helloworld1",
    "helloworld123",
    "loveyou123",
    "lovelove12",
    "123abc123abc",
    "9876543210",
    "0987654321",
    "1029384756",
    "mentorhub1",
    "mentorhub123",
    "mentoring1",
    "mentoring123",
    "mentorship",
    "mentorship1",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn password_error(password: &str) -> Option<String> {
        let mut errors = FieldErrors::new();
        check_password(
            &mut errors,
            "password",
            password,
            "Ada Lovelace",
            "ada@example.org",
        );
        errors.get("password").map(str::to_owned)
    }

    #[test]
    fn length_is_the_only_composition_rule() {
        assert!(password_error("short one").unwrap().contains("at least 10"));
        assert_eq!(password_error("plain lowercase words here"), None);
        assert_eq!(
            password_error(&"x1".repeat(64)),
            None,
            "128 characters are fine"
        );
        assert!(password_error(&"xy".repeat(129))
            .unwrap()
            .contains("at most"));
    }

    #[test]
    fn common_and_personal_passwords_are_refused() {
        for common in [
            "Password123",
            "qwertyuiop",
            "1234567890",
            "aaaaaaaaaaaa",
            "abcdefghijk",
        ] {
            assert!(
                password_error(common).unwrap().contains("most common"),
                "{common} should be refused"
            );
        }
        assert!(password_error("ADA@example.org")
            .unwrap()
            .contains("your name or email"));
    }

    #[test]
    fn emails_are_checked_and_keyed_case_insensitively() {
        let mut errors = FieldErrors::new();
        check_email(&mut errors, "email", "no-at-sign.example.org");
        check_email(&mut errors, "other", "  Someone@Example.ORG ");
        assert!(errors.get("email").is_some());
        assert_eq!(errors.get("other"), None);
        assert_eq!(email_key("  Someone@Example.ORG "), "someone@example.org");
    }
}
