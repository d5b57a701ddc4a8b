//! Discussion in the demo hub: questions in the hub's space and in Rust
//! Foundations, answered and unanswered, with accepted answers, votes,
//! tags, comments and an anonymous question with answers.

use super::Seeding;
use app::{
    discussion::{
        seal::SecretKey,
        store::{self as discussion, Actor, NewAnswer, NewComment, NewQuestion},
    },
    error::AppError,
    programs::store as programs,
};

struct Demo<'a> {
    seeding: &'a Seeding<'a>,
    key: SecretKey,
    space: i64,
    path: String,
}

impl Demo<'_> {
    fn actor(&self, member: &str) -> Actor {
        Actor {
            user_id: self.seeding.id(member),
            name: member.into(),
            moderator: false,
            key: self.key.clone(),
        }
    }

    fn link(&self, thread: i64) -> String {
        format!("{}{}/{thread}", self.seeding.site_url, self.path)
    }

    async fn ask(
        &self,
        member: &str,
        title: &str,
        body: &str,
        tags: &[&str],
        anonymous: bool,
        days_ago: i64,
    ) -> Result<i64, AppError> {
        let question = NewQuestion {
            title: title.into(),
            body: body.into(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            anonymous,
            key: discussion::form_key()?,
        };
        discussion::ask(
            self.seeding.db,
            self.space,
            &self.actor(member),
            &question,
            self.seeding.ago(days_ago),
        )
        .await
    }

    async fn answer(
        &self,
        member: &str,
        thread: i64,
        body: &str,
        anonymous: bool,
        days_ago: i64,
    ) -> Result<i64, AppError> {
        let answer = NewAnswer {
            body: body.into(),
            anonymous,
            key: discussion::form_key()?,
        };
        discussion::answer(
            self.seeding.db,
            self.space,
            thread,
            &self.actor(member),
            &answer,
            &self.link(thread),
            self.seeding.ago(days_ago),
        )
        .await
    }

    async fn vote(&self, members: &[&str], post: i64) -> Result<(), AppError> {
        for member in members {
            discussion::vote(
                self.seeding.db,
                self.space,
                post,
                &self.actor(member),
                true,
                self.seeding.now,
            )
            .await?;
        }
        Ok(())
    }

    async fn accept(&self, asker: &str, thread: i64, answer: i64) -> Result<(), AppError> {
        discussion::accept(
            self.seeding.db,
            self.space,
            thread,
            Some(answer),
            &self.actor(asker),
            &self.link(thread),
            self.seeding.now,
        )
        .await
    }
}

pub(super) async fn seed(seeding: &Seeding<'_>, key: &SecretKey) -> Result<(), AppError> {
    let (hub_space, _) = discussion::space_info(seeding.db, None, "", None, seeding.now).await?;
    for tag in [
        "Getting started",
        "Career change",
        "Tools",
        "Time management",
    ] {
        discussion::add_tag(seeding.db, hub_space.id, tag).await?;
    }
    let hub = Demo {
        seeding,
        key: key.clone(),
        space: hub_space.id,
        path: "/discussion".into(),
    };
    let first = hub
        .ask(
            "hanna",
            "How do you prepare for a first mentoring session?",
            "I meet my mentor next week for the first time. What do you bring to a first \
             session, and what did you wish you had asked?",
            &["Getting started"],
            false,
            12,
        )
        .await?;
    let agenda = hub
        .answer(
            "priya",
            first,
            "Bring **one concrete goal** for the next three months and a question you are \
             stuck on right now. Agree on how often you meet and how you keep in touch \
             between sessions.",
            false,
            11,
        )
        .await?;
    let notes = hub
        .answer(
            "kenji",
            first,
            "Write down what you want to get out of it before you go. Afterwards, send a \
             short note with what you agreed: it makes the second session easy to start.",
            false,
            10,
        )
        .await?;
    hub.vote(&["marcus", "kenji", "lena"], agenda).await?;
    hub.vote(&["marcus"], notes).await?;
    hub.vote(&["lena", "marcus"], first).await?;
    hub.accept("hanna", first, agenda).await?;
    discussion::comment(
        seeding.db,
        hub.space,
        agenda,
        &hub.actor("hanna"),
        &NewComment {
            body: "Thank you, this helped me write an agenda.".into(),
            anonymous: false,
            key: discussion::form_key()?,
        },
        seeding.ago(9),
    )
    .await?;

    hub.ask(
        "marcus",
        "Which tools do mentors here use for pairing remotely?",
        "Screen sharing works, but typing together is clumsy. What do you use for pair \
         programming across time zones?",
        &["Tools"],
        false,
        3,
    )
    .await?;

    let anonymous = hub
        .ask(
            "lena",
            "Is it normal to feel behind everyone else after a career change?",
            "I switched into software a year ago and still feel much slower than my \
             colleagues. Did this pass for you, and what helped?",
            &["Career change"],
            true,
            6,
        )
        .await?;
    let normal = hub
        .answer(
            "priya",
            anonymous,
            "Very normal. Compare yourself with where you were six months ago, not with \
             colleagues who have ten years on you. Keep a list of what you learned each week.",
            false,
            5,
        )
        .await?;
    hub.answer(
        "kenji",
        anonymous,
        "It passed for me after about two years. Pairing with patient people helped most.",
        true,
        4,
    )
    .await?;
    hub.vote(&["hanna", "marcus"], normal).await?;

    // Rust Foundations' own space, for its members.
    let rust = programs::program_by_slug(seeding.db, "rust-foundations").await?;
    let (rust_space, _) = discussion::space_info(
        seeding.db,
        Some((rust.id, &rust.settings.slug)),
        "",
        None,
        seeding.now,
    )
    .await?;
    for tag in ["Ownership", "Async", "Exercises"] {
        discussion::add_tag(seeding.db, rust_space.id, tag).await?;
    }
    let program = Demo {
        seeding,
        key: key.clone(),
        space: rust_space.id,
        path: format!("{}/discussion", rust.path()),
    };
    let borrow = program
        .ask(
            "marcus",
            "When should a function take &str rather than String?",
            "In the week 2 exercises some functions take `&str` and others `String`. \
             How do I decide?",
            &["Ownership", "Exercises"],
            false,
            8,
        )
        .await?;
    let rule = program
        .answer(
            "kenji",
            borrow,
            "Take `&str` when the function only reads the text; take `String` when it \
             keeps it (stores it in a struct, sends it to another thread). The caller \
             can then decide whether to clone.",
            false,
            7,
        )
        .await?;
    program.vote(&["hanna", "priya"], rule).await?;
    program.accept("marcus", borrow, rule).await?;
    program
        .ask(
            "hanna",
            "Is there a good first exercise for async Rust?",
            "I finished the ownership chapter. What is a small async project that is \
             not a web server?",
            &["Async"],
            true,
            2,
        )
        .await?;
    Ok(())
}
