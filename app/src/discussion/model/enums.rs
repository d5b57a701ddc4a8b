//! The discussion domain's enums stored as text.

use crate::text_enum::text_enum;

text_enum! {
    /// Whether a thread takes answers and changes.
    pub enum ThreadStatus {
        Open => "open", "Open";
        /// No new answers; votes, comments and accepting still work.
        Closed => "closed", "Closed";
        /// Nothing changes any more.
        Locked => "locked", "Locked";
    }
}

text_enum! {
    pub enum PostKind {
        Question => "question", "Question";
        Answer => "answer", "Answer";
    }
}

text_enum! {
    /// Whether a post (or comment) is shown.
    pub enum PostState {
        Shown => "shown", "Shown";
        /// Taken down by its author.
        Deleted => "deleted", "Deleted by its author";
        /// Taken down by a moderator.
        Removed => "removed", "Removed by a moderator";
    }
}

text_enum! {
    pub enum FlagStatus {
        Open => "open", "Open";
        /// A moderator agreed and removed the post.
        Upheld => "upheld", "Upheld";
        /// A moderator kept the post.
        Dismissed => "dismissed", "Dismissed";
    }
}

text_enum! {
    /// The orders of a space's thread list.
    #[derive(Default)]
    pub enum ThreadSort {
        #[default]
        Newest => "newest", "Newest";
        Active => "active", "Recently active";
        Unanswered => "unanswered", "Unanswered";
        NoAccepted => "no_accepted", "No accepted answer";
        Votes => "votes", "Most votes";
    }
}

text_enum! {
    /// Which threads of a space a list shows.
    #[derive(Default)]
    pub enum ThreadScope {
        #[default]
        All => "all", "All questions";
        Mine => "mine", "My questions";
        Following => "following", "Following";
    }
}
