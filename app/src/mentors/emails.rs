//! What the mentors domain emails. Every text a member wrote goes into a
//! block, which the layout escapes; subjects are one line.

use crate::email::{layout, Block, OutgoingEmail};

/// Who an email goes to: (address, name).
pub type Recipient<'a> = (&'a str, &'a str);

pub fn request_received(
    hub: &str,
    to: Recipient,
    mentee: &str,
    program: &str,
    message: &str,
    link: &str,
) -> OutgoingEmail {
    layout(
        hub,
        to.0,
        &format!("{mentee} asks you to be their mentor in {program}"),
        to.1,
        &[
            Block::Paragraph(format!(
                "{mentee} would like you to be their mentor in {program}. Their message:"
            )),
            Block::Paragraph(message.into()),
            Block::Action {
                label: "Answer the request".into(),
                url: link.into(),
            },
            Block::Note("If you do not answer, the request expires on its own.".into()),
        ],
    )
}

pub fn request_reminder(
    hub: &str,
    to: Recipient,
    mentee: &str,
    program: &str,
    link: &str,
) -> OutgoingEmail {
    layout(hub, to.0, &format!("{mentee} is still waiting for your answer"), to.1, &[
        Block::Paragraph(format!("{mentee} asked you a week ago to be their mentor in {program}. An answer either way helps them move on.")),
        Block::Action { label: "Answer the request".into(), url: link.into() },
    ])
}

pub fn request_accepted(
    hub: &str,
    to: Recipient,
    mentor: &str,
    mentor_email: &str,
    program: &str,
    response: &str,
    link: &str,
) -> OutgoingEmail {
    let mut blocks = vec![Block::Paragraph(format!("{mentor} accepted your request: they are now your mentor in {program}. You can write to them at {mentor_email}."))];
    if !response.is_empty() {
        blocks.push(Block::Paragraph(format!("{mentor} wrote:")));
        blocks.push(Block::Paragraph(response.into()));
    }
    blocks.push(Block::Action {
        label: "Open the program".into(),
        url: link.into(),
    });
    layout(
        hub,
        to.0,
        &format!("{mentor} is now your mentor"),
        to.1,
        &blocks,
    )
}

pub fn request_declined(
    hub: &str,
    to: Recipient,
    mentor: &str,
    program: &str,
    response: &str,
    link: &str,
) -> OutgoingEmail {
    let mut blocks = vec![Block::Paragraph(format!(
        "{mentor} cannot take you on as a mentee in {program} right now."
    ))];
    if !response.is_empty() {
        blocks.push(Block::Paragraph(format!("{mentor} wrote:")));
        blocks.push(Block::Paragraph(response.into()));
    }
    blocks.push(Block::Paragraph(
        "Other mentors may be a good fit: have a look at the program's mentors.".into(),
    ));
    blocks.push(Block::Action {
        label: "Browse mentors".into(),
        url: link.into(),
    });
    layout(
        hub,
        to.0,
        &format!("Your request to {mentor}"),
        to.1,
        &blocks,
    )
}

pub fn request_withdrawn(
    hub: &str,
    to: Recipient,
    mentee: &str,
    program: &str,
    matched: bool,
) -> OutgoingEmail {
    let why = if matched {
        format!("{mentee} has been matched with another mentor in {program}, so their request to you is withdrawn.")
    } else {
        format!(
            "{mentee} withdrew their request to you in {program}. Nothing else is needed from you."
        )
    };
    layout(
        hub,
        to.0,
        &format!("{mentee}'s request was withdrawn"),
        to.1,
        &[Block::Paragraph(why)],
    )
}

pub fn request_closed_full(
    hub: &str,
    to: Recipient,
    mentor: &str,
    program: &str,
    link: &str,
) -> OutgoingEmail {
    layout(hub, to.0, &format!("{mentor} has no places left"), to.1, &[
        Block::Paragraph(format!("Thank you for asking {mentor}. Their places in {program} filled up before they could answer you, so your request is closed. This says nothing about you.")),
        Block::Paragraph("Other mentors still have places: your request limit is free again.".into()),
        Block::Action { label: "Browse mentors".into(), url: link.into() },
    ])
}

pub fn request_expired(
    hub: &str,
    to: Recipient,
    mentor: &str,
    program: &str,
    link: &str,
) -> OutgoingEmail {
    layout(hub, to.0, &format!("Your request to {mentor} expired"), to.1, &[
        Block::Paragraph(format!("{mentor} did not answer your request in {program} in time, so it has expired. You may ask another mentor.")),
        Block::Action { label: "Browse mentors".into(), url: link.into() },
    ])
}

/// A new mentorship, from an admin's match or cohort matching: one email
/// per person, naming everyone they were matched with.
pub fn matched(
    hub: &str,
    to: Recipient,
    program: &str,
    role_of_others: &str,
    others: &[(String, String)],
    link: &str,
) -> OutgoingEmail {
    let mut blocks = vec![Block::Paragraph(format!(
        "The admins of {program} have matched you. Your {role_of_others}:"
    ))];
    for (name, email) in others {
        blocks.push(Block::Paragraph(format!("{name} ({email})")));
    }
    blocks.push(Block::Paragraph(
        "Say hello and agree on when to meet first.".into(),
    ));
    blocks.push(Block::Action {
        label: "Open the program".into(),
        url: link.into(),
    });
    layout(
        hub,
        to.0,
        &format!("You have been matched in {program}"),
        to.1,
        &blocks,
    )
}

pub fn mentorship_ended(
    hub: &str,
    to: Recipient,
    by: &str,
    other: &str,
    program: &str,
    reason: &str,
) -> OutgoingEmail {
    layout(
        hub,
        to.0,
        &format!("Your mentorship with {other} has ended"),
        to.1,
        &[Block::Paragraph(format!(
            "{by} ended the mentorship between you and {other} in {program}. Reason: {reason}."
        ))],
    )
}
