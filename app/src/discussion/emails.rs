//! What the discussion domain emails (server only). A question's title is
//! the only member-written text in them, in a block the layout escapes;
//! nobody's name is (an answer may be anonymous). Each has a one-click
//! unsubscribe link (`List-Unsubscribe`, RFC 8058) signed for its
//! recipient.

use super::seal::SecretKey;
use crate::email::{layout, Block, OutgoingEmail};

/// Who an email goes to: (address, name).
pub type Recipient<'a> = (&'a str, &'a str);

const UNSUBSCRIBE: &str = "discussion emails off";

/// The address that turns `user`'s discussion emails off, on the site of
/// `thread_link`.
pub fn unsubscribe_link(key: &SecretKey, thread_link: &str, user: i64) -> String {
    let signature = key.sign(UNSUBSCRIBE, &user.to_string());
    let path = format!("/email/unsubscribe?user={user}&sig={signature}");
    match url::Url::parse(thread_link).and_then(|base| base.join(&path)) {
        Ok(url) => url.to_string(),
        Err(_) => path,
    }
}

/// Whether `signature` is `user`'s unsubscribe signature.
pub fn unsubscribe_signed(key: &SecretKey, user: i64, signature: &str) -> bool {
    key.verify(UNSUBSCRIBE, &user.to_string(), signature)
}

fn footer(unsubscribe: &str) -> Vec<Block> {
    vec![
        Block::Note(
            "You get this because you follow the question. Turn these emails off on your \
             account page, or with this link:"
                .into(),
        ),
        Block::Action {
            label: "Stop discussion emails".into(),
            url: unsubscribe.into(),
        },
    ]
}

pub fn new_answer(
    hub: &str,
    to: Recipient,
    title: &str,
    link: &str,
    unsubscribe: &str,
) -> OutgoingEmail {
    let mut blocks = vec![
        Block::Paragraph("A question you follow has a new answer:".into()),
        Block::Paragraph(title.into()),
        Block::Action {
            label: "Read the answer".into(),
            url: link.into(),
        },
    ];
    blocks.extend(footer(unsubscribe));
    layout(hub, to.0, &format!("New answer: {title}"), to.1, &blocks).with_unsubscribe(unsubscribe)
}

pub fn answer_accepted(
    hub: &str,
    to: Recipient,
    title: &str,
    link: &str,
    unsubscribe: &str,
) -> OutgoingEmail {
    let mut blocks = vec![
        Block::Paragraph("A question you follow has an accepted answer now:".into()),
        Block::Paragraph(title.into()),
        Block::Action {
            label: "See the accepted answer".into(),
            url: link.into(),
        },
    ];
    blocks.extend(footer(unsubscribe));
    layout(
        hub,
        to.0,
        &format!("Answer accepted: {title}"),
        to.1,
        &blocks,
    )
    .with_unsubscribe(unsubscribe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsubscribe_links_are_signed_for_their_member() {
        let key = SecretKey::from_bytes([9; 32]);
        let link = unsubscribe_link(&key, "https://hub.example/discussion/4", 7);
        assert!(link.starts_with("https://hub.example/email/unsubscribe?user=7&sig="));
        let sig = link.split("sig=").nth(1).unwrap();
        assert!(unsubscribe_signed(&key, 7, sig));
        assert!(!unsubscribe_signed(&key, 8, sig));
    }

    #[test]
    fn a_title_cannot_reach_the_headers_or_the_markup() {
        let email = new_answer(
            "Hub",
            ("a@example.org", "Ada"),
            "<b>Hi</b>\r\nBcc: x@example.org",
            "https://hub.example/discussion/4",
            "https://hub.example/u",
        );
        assert!(!email.subject.contains('\n'));
        assert!(!email.html_body.contains("<b>Hi"));
        assert_eq!(
            email.list_unsubscribe.as_deref(),
            Some("https://hub.example/u")
        );
    }
}
