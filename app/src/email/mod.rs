//! Email: what an email says (templates, compiled for server and client
//! alike, no server-only dependencies) and, on the server, how it leaves.
//!
//! An email is never sent from a request. The change that causes it writes
//! an [`OutgoingEmail`] into the outbox table in the same transaction
//! ([`store::OutboxQueries::enqueue`]), so the email exists exactly when the
//! change was committed; the `worker` module (server only) delivers outbox
//! rows in the background, over SMTP or into a local mailbox folder.

#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod worker;

/// A rendered email, ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    /// The recipient's address (`name@example.org`).
    pub to: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    /// The one-click unsubscribe address (`List-Unsubscribe`), for
    /// notifications a member can turn off.
    pub list_unsubscribe: Option<String>,
    /// A file sent with the message (a reminder's calendar file).
    pub attachment: Option<Attachment>,
}

/// A text file attached to an email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The file name the recipient sees (`event.ics`).
    pub name: String,
    /// Its media type (`text/calendar; method=PUBLISH`).
    pub content_type: String,
    pub body: String,
}

impl OutgoingEmail {
    /// With a `List-Unsubscribe` address (one line, or none).
    pub fn with_unsubscribe(mut self, url: &str) -> Self {
        let url = one_line(url);
        self.list_unsubscribe = (!url.is_empty()).then_some(url);
        self
    }

    /// With a file attached.
    pub fn with_attachment(mut self, attachment: Attachment) -> Self {
        self.attachment = Some(attachment);
        self
    }
}

/// One piece of an email's content. Blocks hold plain text; [`layout`]
/// renders each into the text part and, HTML-escaped, into the HTML part,
/// so a template never escapes anything itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph.
    Paragraph(String),
    /// What the email asks the reader to do: a button in HTML (with the
    /// address spelled out under it), the bare address on its own line in
    /// the text part.
    Action { label: String, url: String },
    /// Small print, such as "if you did not ask for this, ignore it".
    Note(String),
}

/// Wraps content in the hub's email layout: a greeting, the blocks, and a
/// footer naming the hub and the recipient. Every template goes through
/// here, so a new notification is one function that lists its blocks.
pub fn layout(
    hub_name: &str,
    to: &str,
    subject: &str,
    recipient_name: &str,
    blocks: &[Block],
) -> OutgoingEmail {
    let hub_name = one_line(hub_name);
    let subject = one_line(subject);
    let to = one_line(to);
    let name = one_line(recipient_name);
    let greeting = if name.is_empty() {
        "Hello,".to_owned()
    } else {
        format!("Hello {name},")
    };

    let mut text = format!("{greeting}\n\n");
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{subject}</title>\n</head>\n\
         <body style=\"margin:0;padding:0;background:#f3f5f4;color:#1d2420;\
         font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;\">\n\
         <table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" \
         style=\"background:#f3f5f4;\"><tr><td align=\"center\" style=\"padding:24px 12px;\">\n\
         <table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" \
         style=\"max-width:560px;background:#ffffff;border-radius:8px;\">\n\
         <tr><td style=\"padding:20px 28px;border-bottom:1px solid #e1e6e3;font-size:18px;\
         font-weight:bold;color:#1f7a4d;\">{hub}</td></tr>\n\
         <tr><td style=\"padding:24px 28px;font-size:16px;line-height:1.5;\">\n\
         <p style=\"margin:0 0 16px;\">{greeting}</p>\n",
        subject = escape_html(&subject),
        hub = escape_html(&hub_name),
        greeting = escape_html(&greeting),
    );

    for block in blocks {
        match block {
            Block::Paragraph(paragraph) => {
                text.push_str(&format!("{paragraph}\n\n"));
                html.push_str(&format!(
                    "<p style=\"margin:0 0 16px;\">{}</p>\n",
                    escape_html(paragraph)
                ));
            }
            Block::Action { label, url } => {
                text.push_str(&format!("{url}\n\n"));
                let url = escape_html(url);
                html.push_str(&format!(
                    "<p style=\"margin:24px 0;\"><a href=\"{url}\" style=\"display:inline-block;\
                     padding:12px 20px;background:#1f7a4d;color:#ffffff;text-decoration:none;\
                     border-radius:6px;font-weight:bold;\">{label}</a></p>\n\
                     <p style=\"margin:0 0 16px;font-size:13px;color:#56605a;\">If the button \
                     does not work, copy this address into your browser:<br>\
                     <span style=\"word-break:break-all;\">{url}</span></p>\n",
                    label = escape_html(label),
                ));
            }
            Block::Note(note) => {
                text.push_str(&format!("{note}\n\n"));
                html.push_str(&format!(
                    "<p style=\"margin:0 0 16px;font-size:14px;color:#56605a;\">{}</p>\n",
                    escape_html(note)
                ));
            }
        }
    }

    let footer = format!("{hub_name} sent this email to {to}.");
    text.push_str(&format!("-- \n{hub_name}\n{footer}\n"));
    html.push_str(&format!(
        "</td></tr>\n<tr><td style=\"padding:16px 28px;border-top:1px solid #e1e6e3;\
         font-size:13px;color:#56605a;\">{}</td></tr>\n\
         </table>\n</td></tr></table>\n</body>\n</html>\n",
        escape_html(&footer)
    ));

    OutgoingEmail {
        to,
        subject,
        text_body: text,
        html_body: html,
        list_unsubscribe: None,
        attachment: None,
    }
}

/// The emails the hub sends. Each takes plain values (escaping is the
/// layout's job) and names the hub, so a member with accounts on several
/// hubs knows which one wrote.
pub mod templates {
    use super::{layout, Block, OutgoingEmail};

    /// How long a password reset link works; the reset token's expiry must
    /// match what this email promises.
    pub const PASSWORD_RESET_VALID_FOR: &str = "1 hour";

    /// The link to choose a new password.
    pub fn password_reset(
        hub_name: &str,
        to: &str,
        recipient_name: &str,
        reset_link: &str,
    ) -> OutgoingEmail {
        layout(
            hub_name,
            to,
            &format!("Reset your {hub_name} password"),
            recipient_name,
            &[
                Block::Paragraph(format!(
                    "We received a request to reset the password of your {hub_name} account. \
                     Choose a new password with this link:"
                )),
                Block::Action {
                    label: "Choose a new password".into(),
                    url: reset_link.into(),
                },
                Block::Paragraph(format!(
                    "The link is valid for {PASSWORD_RESET_VALID_FOR}. After that, ask for a \
                     new one on the sign-in page."
                )),
                Block::Note(
                    "If you did not ask for this, you can ignore this email: your password \
                     stays as it is."
                        .into(),
                ),
            ],
        )
    }

    /// Confirms a new email address. Sent to the NEW address, so that the
    /// link proves the member can read it.
    pub fn email_change(
        hub_name: &str,
        new_address: &str,
        recipient_name: &str,
        confirm_link: &str,
    ) -> OutgoingEmail {
        layout(
            hub_name,
            new_address,
            &format!("Confirm your new email address for {hub_name}"),
            recipient_name,
            &[
                Block::Paragraph(format!(
                    "You asked to use {new_address} for your {hub_name} account. Confirm that \
                     this address is yours with this link:"
                )),
                Block::Action {
                    label: "Confirm this address".into(),
                    url: confirm_link.into(),
                },
                Block::Paragraph(
                    "Until you confirm, your account keeps its current address.".into(),
                ),
                Block::Note(
                    "If you did not ask for this, you can ignore this email: nothing changes."
                        .into(),
                ),
            ],
        )
    }

    /// An application to a program was approved: the member is in.
    pub fn application_approved(
        hub_name: &str,
        to: &str,
        recipient_name: &str,
        program_name: &str,
        program_link: &str,
    ) -> OutgoingEmail {
        layout(
            hub_name,
            to,
            &format!("You are now a member of {program_name}"),
            recipient_name,
            &[
                Block::Paragraph(format!(
                    "Good news: your application to join {program_name} on {hub_name} was \
                     approved. The program's discussion, resources and events are now open \
                     to you."
                )),
                Block::Action {
                    label: format!("Open {program_name}"),
                    url: program_link.into(),
                },
            ],
        )
    }

    /// An application to a program was declined, with the admins' message
    /// if they wrote one, and whether the member may apply again.
    pub fn application_declined(
        hub_name: &str,
        to: &str,
        recipient_name: &str,
        program_name: &str,
        message: Option<&str>,
        may_reapply: bool,
        program_link: &str,
    ) -> OutgoingEmail {
        let mut blocks = vec![Block::Paragraph(format!(
            "Your application to join {program_name} on {hub_name} was not accepted."
        ))];
        if let Some(message) = message.map(str::trim).filter(|m| !m.is_empty()) {
            blocks.push(Block::Paragraph(
                "A message from the program's admins:".into(),
            ));
            blocks.push(Block::Paragraph(message.to_owned()));
        }
        if may_reapply {
            blocks.push(Block::Paragraph(
                "You may apply again from the program's page whenever you like.".into(),
            ));
            blocks.push(Block::Action {
                label: format!("Open {program_name}"),
                url: program_link.into(),
            });
        } else {
            blocks.push(Block::Note(
                "If you have questions about this decision, contact the program's admins.".into(),
            ));
        }
        layout(
            hub_name,
            to,
            &format!("Your application to {program_name}"),
            recipient_name,
            &blocks,
        )
    }
}

pub use crate::ui::escape_html;

/// Header-safe text: control characters (line breaks above all) become
/// spaces, runs of whitespace collapse, the ends are trimmed.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "<script>alert(\"x\")</script> & 'co'";

    #[test]
    fn password_reset_names_the_hub_says_how_long_and_carries_the_link() {
        let email = templates::password_reset(
            "Acme Mentoring",
            "ada@example.org",
            "Ada",
            "https://hub.example.org/reset?token=abc&x=1",
        );
        assert_eq!(email.to, "ada@example.org");
        assert!(
            email.subject.contains("Acme Mentoring"),
            "{}",
            email.subject
        );
        for body in [&email.text_body, &email.html_body] {
            assert!(body.contains("Acme Mentoring"), "{body}");
            assert!(body.contains("1 hour"), "{body}");
            assert!(body.contains("Hello Ada,"), "{body}");
        }
        assert!(email
            .text_body
            .contains("\nhttps://hub.example.org/reset?token=abc&x=1\n"));
        assert!(email
            .html_body
            .contains("href=\"https://hub.example.org/reset?token=abc&amp;x=1\""));
    }

    #[test]
    fn email_change_goes_to_the_new_address() {
        let email = templates::email_change(
            "Acme Mentoring",
            "new@example.org",
            "Ada",
            "https://hub.example.org/confirm?token=xyz",
        );
        assert_eq!(email.to, "new@example.org");
        assert!(email.subject.contains("Acme Mentoring"));
        assert!(email
            .text_body
            .contains("https://hub.example.org/confirm?token=xyz"));
        assert!(email.html_body.contains("new@example.org"));
        assert!(email.html_body.contains("Acme Mentoring"));
    }

    #[test]
    fn every_interpolated_value_is_escaped_in_html() {
        let email = templates::email_change(
            HOSTILE,
            "new@example.org",
            HOSTILE,
            "https://hub.example.org/c?a=\"><script>",
        );
        assert!(!email.html_body.contains("<script>"), "{}", email.html_body);
        assert!(!email.html_body.contains("a=\">"), "{}", email.html_body);
        assert!(email.html_body.contains("a=&quot;&gt;&lt;script&gt;"));
        assert!(email
            .html_body
            .contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;"));
        // The text part is plain text: the name appears as typed.
        assert!(email.text_body.contains(HOSTILE));
        let reset = templates::password_reset("Hub", "a@example.org", HOSTILE, "https://h/r");
        assert!(!reset.html_body.contains("<script>"));
        assert!(reset.html_body.contains("Hello &lt;script&gt;"));
    }

    #[test]
    fn line_breaks_cannot_reach_headers() {
        let email = templates::password_reset(
            "Evil\r\nBcc: victim@example.org",
            "a@example.org\r\nX: y",
            "Ada",
            "https://h/r",
        );
        assert!(!email.subject.contains(['\r', '\n']), "{}", email.subject);
        assert!(!email.to.contains(['\r', '\n']));
        assert!(email.subject.contains("Evil Bcc: victim@example.org"));
    }

    #[test]
    fn an_empty_name_still_greets() {
        let email = templates::password_reset("Hub", "a@example.org", "  ", "https://h/r");
        assert!(email.text_body.starts_with("Hello,\n"));
    }
}
