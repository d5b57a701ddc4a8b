//! Sealing the author of an anonymous post (server only).
//!
//! An anonymous post, comment or vote target keeps no author column: the
//! author's id is encrypted with the server's secret key (XChaCha20-Poly1305,
//! a random 24-byte nonce per post) and stored as text. A database dump
//! alone does not say who wrote it; the server opens the seal to check the
//! author's rights (edit, delete, accept, notifications, suspension), and
//! never sends what it reads to anyone but that author.
//!
//! The seal is bound to what it seals (`purpose`: a post or a comment) so a
//! seal copied from one kind of row to another does not open.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use chacha20poly1305::{
    aead::{Aead, KeyInit, Payload},
    XChaCha20Poly1305, XNonce,
};
use hmac::Mac;

/// The server's secret key: `SECRET_KEY` (64 hex digits), or generated
/// into `data/secret.key` on first start. Losing it makes anonymous
/// authors unknown to the server too (their posts stay, unowned).
#[derive(Clone)]
pub struct SecretKey([u8; 32]);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

impl SecretKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        SecretKey(bytes)
    }

    /// 64 hex digits.
    pub fn from_hex(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("the secret key must be 64 hex digits (32 bytes)".into());
        }
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16)
                .map_err(|_| "the secret key must be hex".to_owned())?;
        }
        Ok(SecretKey(bytes))
    }

    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// A fresh random key.
    pub fn generate() -> Result<Self, getrandom::Error> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)?;
        Ok(SecretKey(bytes))
    }

    /// A key derived for one use (so the seal key and, say, unsubscribe
    /// links never share a key).
    fn derive(&self, purpose: &str) -> [u8; 32] {
        let mut mac = <hmac::Hmac<sha2::Sha256> as hmac::Mac>::new_from_slice(&self.0)
            .expect("HMAC takes a key of any length");
        mac.update(b"mentorhub key: ");
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// A keyed digest of `message` for `purpose` (links that prove who
    /// they were sent to, such as one-click unsubscribe), URL-safe.
    pub fn sign(&self, purpose: &str, message: &str) -> String {
        URL_SAFE_NO_PAD.encode(self.mac(purpose, message).finalize().into_bytes())
    }

    fn mac(&self, purpose: &str, message: &str) -> hmac::Hmac<sha2::Sha256> {
        let mut mac =
            <hmac::Hmac<sha2::Sha256> as hmac::Mac>::new_from_slice(&self.derive(purpose))
                .expect("HMAC takes a key of any length");
        mac.update(message.as_bytes());
        mac
    }

    /// Whether `signature` is `sign(purpose, message)`, in constant time.
    pub fn verify(&self, purpose: &str, message: &str, signature: &str) -> bool {
        URL_SAFE_NO_PAD
            .decode(signature)
            .is_ok_and(|bytes| self.mac(purpose, message).verify_slice(&bytes).is_ok())
    }
}

/// What a seal is bound to.
#[derive(Debug, Clone, Copy)]
pub enum Sealed {
    Post,
    Comment,
}

impl Sealed {
    fn aad(self) -> &'static [u8] {
        match self {
            Sealed::Post => b"discussion post author",
            Sealed::Comment => b"discussion comment author",
        }
    }
}

/// The sealed form of `user_id`: nonce and ciphertext, base64.
pub fn seal(key: &SecretKey, what: Sealed, user_id: i64) -> String {
    let cipher = XChaCha20Poly1305::new(&key.derive("anonymous author").into());
    let mut nonce = [0u8; 24];
    // Without randomness the server cannot run at all (sessions need it
    // too); a fixed nonce would be worse than stopping here.
    getrandom::fill(&mut nonce).expect("the system's random number generator");
    let sealed = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &user_id.to_le_bytes(),
                aad: what.aad(),
            },
        )
        .expect("encrypting 8 bytes cannot fail");
    let mut bytes = nonce.to_vec();
    bytes.extend(sealed);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The author a seal holds; `None` for a seal this key did not make (a
/// changed key, a damaged row, a seal of another kind).
pub fn open(key: &SecretKey, what: Sealed, sealed: &str) -> Option<i64> {
    let bytes = URL_SAFE_NO_PAD.decode(sealed).ok()?;
    if bytes.len() < 24 {
        return None;
    }
    let (nonce, ciphertext) = bytes.split_at(24);
    let cipher = XChaCha20Poly1305::new(&key.derive("anonymous author").into());
    let plain = cipher
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: what.aad(),
            },
        )
        .ok()?;
    Some(i64::from_le_bytes(plain.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> SecretKey {
        SecretKey::from_bytes([byte; 32])
    }

    #[test]
    fn a_seal_opens_with_its_key_and_kind_only() {
        let sealed = seal(&key(1), Sealed::Post, 42);
        assert_eq!(open(&key(1), Sealed::Post, &sealed), Some(42));
        assert_eq!(open(&key(2), Sealed::Post, &sealed), None);
        assert_eq!(open(&key(1), Sealed::Comment, &sealed), None);
        assert_eq!(open(&key(1), Sealed::Post, "not a seal"), None);
        // The id is not readable from the seal, and two seals of one
        // author differ (no way to tell that two posts share an author).
        assert!(!sealed.contains("42"));
        assert_ne!(sealed, seal(&key(1), Sealed::Post, 42));
    }

    #[test]
    fn the_key_reads_back_from_hex() {
        let k = SecretKey::generate().unwrap();
        assert_eq!(SecretKey::from_hex(&k.to_hex()).unwrap().0, k.0);
        assert!(SecretKey::from_hex("abc").is_err());
        assert!(format!("{k:?}").contains(".."));
    }

    #[test]
    fn signatures_verify_for_their_message_and_purpose() {
        let k = key(3);
        let s = k.sign("unsubscribe", "7");
        assert!(k.verify("unsubscribe", "7", &s));
        assert!(!k.verify("unsubscribe", "8", &s));
        assert!(!k.verify("other", "7", &s));
        assert!(!key(4).verify("unsubscribe", "7", &s));
    }
}
