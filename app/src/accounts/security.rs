//! Password hashing, random tokens and the session cookie (server only).

use crate::error::AppError;
use argon2::{
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// Argon2id with OWASP's first recommended setting: 19 MiB, 2 passes.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashing takes tens of milliseconds of CPU: keep it off the async workers.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    crate::db::release_held();
    tokio::task::spawn_blocking(move || {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(AppError::internal)?;
        let salt = SaltString::encode_b64(&salt).map_err(AppError::internal)?;
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(AppError::internal)
    })
    .await
    .map_err(AppError::internal)?
}

/// Checks `password` against `stored`; with no stored hash (unknown email)
/// it checks against a dummy hash so both cases take the same time.
pub async fn verify_password(password: String, stored: Option<String>) -> Result<bool, AppError> {
    crate::db::release_held();
    tokio::task::spawn_blocking(move || {
        let stored = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let parsed = PasswordHash::new(&stored).map_err(AppError::internal)?;
        Ok(argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await
    .map_err(AppError::internal)?
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::encode_b64(b"mentorhub-dummy!").expect("static salt");
        argon2()
            .hash_password(b"no account has this password", &salt)
            .expect("hash the dummy password")
            .to_string()
    })
}

/// A new random token (256 bits, URL-safe) and the hash we store for it.
pub fn new_token() -> Result<(String, String), AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(AppError::internal)?;
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_token(&token);
    Ok((token, hash))
}

/// Tokens are random, so a plain SHA-256 is enough to make a stolen
/// database useless for signing in.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The session cookie's name and attributes depend on whether the site is
/// served over https: there it gets `Secure` and the `__Host-` prefix.
#[derive(Debug, Clone, Copy)]
pub struct CookiePolicy {
    pub secure: bool,
}

impl CookiePolicy {
    pub fn for_site(site_url: &str) -> Self {
        CookiePolicy {
            secure: site_url.starts_with("https://"),
        }
    }

    pub fn name(self) -> &'static str {
        if self.secure {
            "__Host-mentorhub_session"
        } else {
            "mentorhub_session"
        }
    }

    pub fn set(self, token: &str, max_age_secs: i64) -> String {
        format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{}",
            self.name(),
            if self.secure { "; Secure" } else { "" }
        )
    }

    pub fn clear(self) -> String {
        self.set("", 0)
    }

    /// The session token from a `Cookie` header, if any.
    pub fn read(self, cookie_header: &str) -> Option<String> {
        read_cookie(cookie_header, self.name())
    }

    /// The cookie that marks a browser a member has signed in with; it
    /// outlives sign-out (it proves nothing by itself, see `throttle`).
    pub fn device_name(self) -> &'static str {
        if self.secure {
            "__Host-mentorhub_device"
        } else {
            "mentorhub_device"
        }
    }

    pub fn set_device(self, token: &str, max_age_secs: i64) -> String {
        format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{}",
            self.device_name(),
            if self.secure { "; Secure" } else { "" }
        )
    }

    pub fn read_device(self, cookie_header: &str) -> Option<String> {
        read_cookie(cookie_header, self.device_name())
    }
}

fn read_cookie(cookie_header: &str, name: &str) -> Option<String> {
    cookie_header.split(';').find_map(|pair| {
        let (found, value) = pair.trim().split_once('=')?;
        (found == name && !value.is_empty()).then(|| value.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_only_the_right_password() {
        let hash = hash_password("correct horse battery".into()).await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(
            verify_password("correct horse battery".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(!verify_password("wrong horse battery".into(), Some(hash))
            .await
            .unwrap());
        assert!(!verify_password("anything at all".into(), None)
            .await
            .unwrap());
    }

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let (a, hash_a) = new_token().unwrap();
        let (b, _) = new_token().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43, "256 bits in unpadded base64url");
        assert_eq!(hash_token(&a), hash_a);
        assert_ne!(hash_a, a);
    }

    #[test]
    fn cookie_is_host_prefixed_and_secure_only_over_https() {
        let https = CookiePolicy::for_site("https://hub.example.org");
        let set = https.set("tok", 60);
        assert!(set.starts_with("__Host-mentorhub_session=tok; Path=/; HttpOnly; SameSite=Lax"));
        assert!(set.ends_with("; Secure"));
        let http = CookiePolicy::for_site("http://127.0.0.1:3000");
        assert!(!http.set("tok", 60).contains("Secure"));
        assert_eq!(
            http.read("a=1; mentorhub_session=abc; b=2"),
            Some("abc".to_owned())
        );
        assert_eq!(http.read("mentorhub_session_x=abc"), None);
        assert_eq!(http.read("mentorhub_session="), None);
    }
}
