//! What the discussion pages show (wire types). An anonymous author is
//! never in these: `Author::anonymous` carries no id and no name, and only
//! its own author learns `is_you`.

use super::{PostKind, PostState, ThreadScope, ThreadSort, ThreadStatus};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// Who wrote a post, as the viewer may know it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    /// `None` for an anonymous post (and for an account that is gone).
    pub user_id: Option<i64>,
    /// "Anonymous member" for an anonymous post.
    pub name: String,
    pub anonymous: bool,
    /// The viewer wrote it (told only to the author).
    pub is_you: bool,
}

/// Which space: the hub's, or a program's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpaceInfo {
    pub id: i64,
    /// The program's slug, `None` for the hub's space.
    pub program_slug: Option<String>,
    /// The hub's or the program's name.
    pub name: String,
    /// `/discussion` or `/programs/<slug>/discussion`.
    pub path: String,
    pub allow_anonymous: bool,
    /// The space's curated tags, by name.
    pub tags: Vec<String>,
    /// The viewer moderates this space (program admins, hub admins).
    pub can_moderate: bool,
    /// The viewer may not post here until then (a moderator's suspension).
    pub suspended_until: Option<NaiveDateTime>,
}

impl SpaceInfo {
    pub fn thread_path(&self, thread_id: i64) -> String {
        format!("{}/{thread_id}", self.path)
    }
}

/// A thread in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadSummary {
    pub id: i64,
    pub title: String,
    pub tags: Vec<String>,
    pub author: Author,
    pub answers: i32,
    pub score: i32,
    pub has_accepted: bool,
    pub status: ThreadStatus,
    pub created_at: NaiveDateTime,
    pub last_activity_at: NaiveDateTime,
}

/// The filters of a thread list, as the page's query string gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadFilters {
    pub sort: ThreadSort,
    pub scope: ThreadScope,
    /// A tag's name; empty for every tag.
    pub tag: String,
    pub page: i64,
}

/// A space's Discussion tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadList {
    pub space: SpaceInfo,
    pub threads: Vec<ThreadSummary>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub filters: ThreadFilters,
}

/// A comment under a question or an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: i64,
    /// Plain text (links are made clickable when shown); empty once
    /// deleted or removed.
    pub body: String,
    pub author: Author,
    pub state: PostState,
    pub created_at: NaiveDateTime,
    pub can_delete: bool,
}

/// A question or an answer on its thread's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostView {
    pub id: i64,
    pub kind: PostKind,
    /// Sanitized HTML rendered from the markdown; empty when the post is
    /// not shown (deleted, removed, hidden by flags).
    pub body_html: String,
    /// The markdown, for the author's or a moderator's edit form.
    pub body_md: Option<String>,
    pub author: Author,
    pub score: i32,
    pub state: PostState,
    /// Hidden until reviewed (three open flags).
    pub hidden: bool,
    pub accepted: bool,
    pub edited: bool,
    /// Earlier versions (author and moderators see their text).
    pub revisions: i64,
    pub created_at: NaiveDateTime,
    pub comments: Vec<CommentView>,
    pub voted: bool,
    pub flagged: bool,
    pub can_vote: bool,
    pub can_edit: bool,
    pub can_delete: bool,
    pub can_flag: bool,
    pub can_accept: bool,
}

/// One thread: the question, its answers (accepted first, then by score
/// and age), and what the viewer may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadPage {
    pub space: SpaceInfo,
    pub id: i64,
    pub title: String,
    pub tags: Vec<String>,
    pub status: ThreadStatus,
    pub question: PostView,
    pub answers: Vec<PostView>,
    pub following: bool,
    pub can_answer: bool,
    pub can_comment: bool,
    /// A fresh idempotency key for each form on the page: a form sent
    /// twice creates one post.
    pub form_key: String,
}

/// The ask form's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskPage {
    pub space: SpaceInfo,
    pub form_key: String,
}

/// An earlier version of a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub title: String,
    pub body_md: String,
    pub by_moderator: bool,
    pub replaced_at: NaiveDateTime,
}

/// A part of a search result's excerpt: `true` for the words that matched.
pub type ExcerptPart = (String, bool);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    pub thread_id: i64,
    pub post_id: i64,
    pub kind: PostKind,
    pub title: String,
    pub excerpt: Vec<ExcerptPart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    pub space: SpaceInfo,
    pub query: String,
    pub hits: Vec<SearchHit>,
    /// The space's resources the search found, those the member may see.
    pub resources: Vec<crate::resources::ResourceHit>,
}

/// A flagged post in the moderators' queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlaggedPost {
    pub post_id: i64,
    pub thread_id: i64,
    pub kind: PostKind,
    pub title: String,
    pub body_html: String,
    pub author: Author,
    pub hidden: bool,
    pub state: PostState,
    /// The open flags' reasons, oldest first (who flagged is not shown).
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerationPage {
    pub space: SpaceInfo,
    pub flagged: Vec<FlaggedPost>,
}
