//! What the resources pages show.

use super::ResourceKind;
use crate::programs::Audience;
use serde::{Deserialize, Serialize};

/// The library a page is about: the hub's or a program's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Library {
    /// `None`: the hub's.
    pub program_slug: Option<String>,
    /// The hub's name or the program's.
    pub name: String,
    /// `/resources` or `/programs/<slug>/resources`.
    pub path: String,
    /// The caller adds, edits and orders its resources.
    pub can_manage: bool,
}

impl Library {
    pub fn item_path(&self, id: i64) -> String {
        format!("{}/{id}", self.path)
    }

    /// The file's address: the same after the file is replaced.
    pub fn file_path(&self, id: i64) -> String {
        format!("{}/{id}/file", self.path)
    }
}

/// A stored file as a member sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileInfo {
    pub name: String,
    /// "PDF", "Image", "Word document"…
    pub label: String,
    /// "2.3 MB".
    pub size: String,
    /// Shown in the browser (images, PDF) rather than saved.
    pub inline: bool,
}

/// A resource in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceSummary {
    pub id: i64,
    pub kind: ResourceKind,
    pub title: String,
    pub summary: String,
    /// A link's address.
    pub url: String,
    pub file: Option<FileInfo>,
    pub audience: Audience,
    pub pinned: bool,
    /// Added since the member's visit before this one.
    pub is_new: bool,
    /// "3 Dec 2026".
    pub updated: String,
}

/// A section and its resources, in their order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub id: i64,
    pub title: String,
    pub items: Vec<ResourceSummary>,
}

/// A library's page: the resources outside any section first, then each
/// section's (an admin also sees the empty sections).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryPage {
    pub library: Library,
    pub loose: Vec<ResourceSummary>,
    pub sections: Vec<Section>,
    /// How many are marked new.
    pub new_count: usize,
}

/// One resource's page: a page's text, a file's download, a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourcePage {
    pub library: Library,
    pub item: ResourceSummary,
    /// The section it is in.
    pub section: Option<String>,
    /// A page's text, rendered on the server and sanitised.
    pub body_html: String,
}

/// A section an item may be put in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionChoice {
    pub id: i64,
    pub title: String,
}

/// The resource form: new (`draft` empty, `id` 0) or an item's edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceFormPage {
    pub library: Library,
    pub id: i64,
    pub draft: super::ResourceDraft,
    /// The file an edit of a file keeps unless another is chosen.
    pub file: Option<FileInfo>,
    pub sections: Vec<SectionChoice>,
    /// The largest file accepted, in bytes.
    pub max_bytes: u64,
}

/// A resource the discussion search found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceHit {
    pub id: i64,
    pub kind: ResourceKind,
    pub title: String,
    pub path: String,
}
