//! Resources in the demo hub: the hub's guides for mentors and mentees, a
//! link and an agreement template to download, in two sections; Rust
//! Foundations' material of each kind, one page for its mentors only and
//! an exercise sheet (a real PDF) for its mentees; a page for the
//! Leadership Circle. Files go through the store as uploads do.

use super::{text, Seeding};
use app::{
    error::AppError,
    programs::store as programs,
    resources::{
        files,
        rules::{validate_resource, ResourceDraft},
        storage::FileStore,
        store::{self as resources, StoredFile},
    },
};
use chrono::Duration;

struct Library<'a> {
    seeding: &'a Seeding<'a>,
    files: &'a FileStore,
    program_id: Option<i64>,
}

impl Library<'_> {
    async fn section(&self, title: &str) -> Result<String, AppError> {
        let id = resources::add_section(self.seeding.db, self.program_id, title, self.seeding.now)
            .await?;
        Ok(id.to_string())
    }

    /// Adds `draft` as of `days_ago` (with `file`'s name and bytes for a
    /// file), as the admin.
    async fn add(
        &self,
        draft: ResourceDraft,
        file: Option<(&str, &[u8])>,
        days_ago: i64,
    ) -> Result<i64, AppError> {
        let db = self.seeding.db;
        let sections = resources::section_ids(db, self.program_id).await?;
        let valid = validate_resource(&draft, self.program_id.is_some(), &sections)?;
        let at = self.seeding.now - Duration::days(days_ago);
        let stored = match file {
            None => None,
            Some((name, bytes)) => {
                let kind = files::check_upload(name, bytes).map_err(AppError::internal)?;
                let key = FileStore::new_key();
                resources::upload_started(db, &key, at).await?;
                let chunks = futures::stream::iter([Ok::<_, std::io::Error>(
                    bytes::Bytes::copy_from_slice(bytes),
                )]);
                let size = self
                    .files
                    .put_limited(&key, chunks, u64::MAX)
                    .await
                    .map_err(|error| AppError::internal(format!("{error:?}")))?;
                Some(StoredFile {
                    key,
                    name: name.into(),
                    mime: kind.mime.into(),
                    size: size as i64,
                })
            }
        };
        resources::create_resource(
            db,
            self.program_id,
            self.seeding.admin,
            &valid,
            stored.as_ref(),
            at,
        )
        .await
    }
}

fn draft(kind: &str, title: &str, summary: &str) -> ResourceDraft {
    ResourceDraft {
        kind: kind.into(),
        title: title.into(),
        summary: summary.into(),
        ..ResourceDraft::default()
    }
}

fn page(title: &str, summary: &str, body: &str) -> ResourceDraft {
    ResourceDraft {
        body: body.into(),
        ..draft("page", title, summary)
    }
}

fn link(title: &str, summary: &str, url: &str) -> ResourceDraft {
    ResourceDraft {
        url: url.into(),
        ..draft("link", title, summary)
    }
}

/// A one-page PDF with a line of text per entry of `lines`.
pub fn pdf(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT /F1 14 Tf 72 760 Td 18 TL\n");
    for line in lines {
        let escaped = line
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        content.push_str(&format!("({escaped}) Tj T*\n"));
    }
    content.push_str("ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{object}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        out.push_str(&format!("{offset:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.into_bytes()
}

pub async fn seed(seeding: &Seeding<'_>, files: &FileStore) -> Result<(), AppError> {
    let hub = Library {
        seeding,
        files,
        program_id: None,
    };
    let start = hub.section("Getting started").await?;
    let tools = hub.section("Templates and tools").await?;
    let mut mentor = page(
        "Being a great mentor",
        "The habits of the mentors members thank most: before, during and between meetings.",
        text(include_str!("texts/resource-great-mentor.md")),
    );
    mentor.section = start.clone();
    mentor.pinned = Some("on".into());
    hub.add(mentor, None, 40).await?;
    let mut mentee = page(
        "Making the most of being a mentee",
        "Set a goal, prepare each meeting, and what to do when it is not working.",
        text(include_str!("texts/resource-mentee-guide.md")),
    );
    mentee.section = start;
    hub.add(mentee, None, 38).await?;
    let mut agreement = draft(
        "file",
        "Mentoring agreement template",
        "Fill it in together in your first meeting.",
    );
    agreement.section = tools.clone();
    hub.add(
        agreement,
        Some((
            "mentoring-agreement.md",
            text(include_str!("texts/resource-agreement.md")).as_bytes(),
        )),
        30,
    )
    .await?;
    let mut grow = link(
        "The GROW model",
        "Goal, reality, options, way forward: a simple structure for a mentoring conversation.",
        "https://en.wikipedia.org/wiki/GROW_model",
    );
    grow.section = tools;
    hub.add(grow, None, 3).await?;

    let rust = programs::program_by_slug(seeding.db, "rust-foundations").await?;
    let rust = Library {
        seeding,
        files,
        program_id: Some(rust.id),
    };
    let material = rust.section("Course material").await?;
    let mut book = link(
        "The Rust Programming Language",
        "The book the cohort reads along, chapter by chapter.",
        "https://doc.rust-lang.org/book/",
    );
    book.section = material.clone();
    rust.add(book, None, 20).await?;
    let mut sheet = draft(
        "file",
        "Week 1 exercises",
        "Ownership and borrowing, five short exercises to bring to your mentor.",
    );
    sheet.section = material;
    sheet.audience = "mentees".into();
    let exercises = pdf(&[
        "Rust Foundations - Week 1 exercises",
        "",
        "1. Write a function that takes a String and returns its length.",
        "2. Change it to borrow the String instead. What changed for the caller?",
        "3. Return the first word of a &str without allocating.",
        "4. Explain to your mentor why a Vec cannot be pushed to while borrowed.",
        "5. Fix the three compiler errors in exercise-5.rs.",
    ]);
    rust.add(sheet, Some(("week-1-exercises.pdf", &exercises)), 2)
        .await?;
    let mut review = page(
        "Reviewing a mentee's code",
        "Teaching, not gatekeeping: how our mentors review.",
        text(include_str!("texts/resource-code-review.md")),
    );
    review.audience = "mentors".into();
    rust.add(review, None, 10).await?;

    let circle = programs::program_by_slug(seeding.db, "leadership-circle").await?;
    let circle = Library {
        seeding,
        files,
        program_id: Some(circle.id),
    };
    circle
        .add(
            link(
                "Manager README examples",
                "How other leaders describe the way they work, to start your own.",
                "https://github.com/readme",
            ),
            None,
            15,
        )
        .await?;
    Ok(())
}
