//! What the events domain emails. Titles, addresses and descriptions are
//! text an admin wrote: they go into blocks, which the layout escapes;
//! subjects are one line.

use crate::email::{layout, Block, OutgoingEmail};

/// Who an email goes to: (address, name).
pub type Recipient<'a> = (&'a str, &'a str);

/// What every event email says about the event.
pub struct About<'a> {
    pub title: &'a str,
    /// In the recipient's zone.
    pub when: &'a str,
    pub place: &'a str,
    pub link: &'a str,
}

fn details(about: &About) -> Vec<Block> {
    let mut blocks = vec![Block::Paragraph(format!("When: {}", about.when))];
    if !about.place.is_empty() {
        blocks.push(Block::Paragraph(format!("Where: {}", about.place)));
    }
    blocks
}

pub fn promoted(hub: &str, to: Recipient, about: &About) -> OutgoingEmail {
    let mut blocks = vec![Block::Paragraph(format!(
        "A place opened up at {} and it is yours: you are registered now.",
        about.title
    ))];
    blocks.extend(details(about));
    blocks.push(Block::Action {
        label: "See the event".into(),
        url: about.link.into(),
    });
    blocks.push(Block::Note(
        "If you can no longer come, cancel on the event's page so the next person on the waitlist gets the place.".into(),
    ));
    layout(
        hub,
        to.0,
        &format!("You have a place at {}", about.title),
        to.1,
        &blocks,
    )
}

pub fn cancelled(hub: &str, to: Recipient, about: &About) -> OutgoingEmail {
    let mut blocks = vec![Block::Paragraph(format!(
        "{} has been cancelled by its organisers. Your registration is void; there is nothing you need to do.",
        about.title
    ))];
    blocks.extend(details(about));
    layout(
        hub,
        to.0,
        &format!("Cancelled: {}", about.title),
        to.1,
        &blocks,
    )
}

pub fn updated(hub: &str, to: Recipient, about: &About) -> OutgoingEmail {
    let mut blocks = vec![Block::Paragraph(format!(
        "The time or place of {} has changed. This is how it stands now:",
        about.title
    ))];
    blocks.extend(details(about));
    blocks.push(Block::Action {
        label: "See the event".into(),
        url: about.link.into(),
    });
    layout(
        hub,
        to.0,
        &format!("Changed: {}", about.title),
        to.1,
        &blocks,
    )
}

/// The reminder a day before; `online_link` only to registered attendees.
pub fn reminder(hub: &str, to: Recipient, about: &About, online_link: &str) -> OutgoingEmail {
    let mut blocks = vec![Block::Paragraph(format!(
        "A reminder: you are registered for {}.",
        about.title
    ))];
    blocks.extend(details(about));
    if !online_link.is_empty() {
        blocks.push(Block::Action {
            label: "Join online".into(),
            url: online_link.into(),
        });
    }
    blocks.push(Block::Action {
        label: "See the event".into(),
        url: about.link.into(),
    });
    blocks.push(Block::Note(
        "The calendar file attached adds the event to your calendar. If you cannot come, cancel on the event's page so someone else can take your place.".into(),
    ));
    layout(
        hub,
        to.0,
        &format!("Tomorrow: {}", about.title),
        to.1,
        &blocks,
    )
}
