-- Discussion: questions, answers and comments in the hub's space and in
-- each program's. Anonymous posts keep no author column: their author is
-- sealed (encrypted with the server's key, see app/src/discussion/seal.rs).

-- A space's settings. The hub's space is the row without a program (the
-- first row); a program's is created when first needed.
CREATE TABLE discussion_spaces (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    program_id BIGINT UNIQUE REFERENCES programs (id) ON DELETE CASCADE,
    allow_anonymous BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO discussion_spaces (program_id, allow_anonymous, created_at)
    VALUES (NULL, TRUE, CURRENT_TIMESTAMP);

-- The tags admins curate for a space; members pick up to five.
CREATE TABLE discussion_tags (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    space_id BIGINT NOT NULL REFERENCES discussion_spaces (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    tag_key TEXT NOT NULL,
    UNIQUE (space_id, tag_key)
);

-- A question and what happens to it. Its text is the question post.
CREATE TABLE discussion_threads (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    space_id BIGINT NOT NULL REFERENCES discussion_spaces (id) ON DELETE CASCADE,
    -- open; closed: no new answers; locked: nothing changes
    status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'locked')),
    -- the question post is shown (not removed, deleted or hidden by flags)
    listed BOOLEAN NOT NULL,
    accepted_post_id BIGINT,
    -- shown answers
    answer_count INTEGER NOT NULL DEFAULT 0,
    -- the question's votes, for "most votes"
    score INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    last_activity_at TIMESTAMP NOT NULL
);
CREATE INDEX discussion_threads_new ON discussion_threads (space_id, listed, created_at);
CREATE INDEX discussion_threads_active ON discussion_threads (space_id, listed, last_activity_at);

-- Questions and answers. An anonymous post has no author_id; its author
-- is in sealed_author, readable only with the server's key.
CREATE TABLE discussion_posts (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    thread_id BIGINT NOT NULL REFERENCES discussion_threads (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('question', 'answer')),
    -- a question's title; '' for an answer
    title TEXT NOT NULL,
    body_md TEXT NOT NULL,
    body_html TEXT NOT NULL,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    sealed_author TEXT,
    score INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL CHECK (state IN ('shown', 'deleted', 'removed')),
    -- three open flags from different members hide a post until reviewed
    hidden BOOLEAN NOT NULL DEFAULT FALSE,
    edited_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    -- the form's idempotency key: a form sent twice creates one post
    request_key TEXT UNIQUE
);
CREATE INDEX discussion_posts_thread ON discussion_posts (thread_id, kind);
CREATE INDEX discussion_posts_author ON discussion_posts (author_id);

-- Earlier versions of an edited post. Who edited is not kept: only
-- whether a moderator did (an anonymous author's edits stay unlinked).
CREATE TABLE discussion_revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    post_id BIGINT NOT NULL REFERENCES discussion_posts (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body_md TEXT NOT NULL,
    by_moderator BOOLEAN NOT NULL,
    replaced_at TIMESTAMP NOT NULL
);
CREATE INDEX discussion_revisions_post ON discussion_revisions (post_id);

-- Short plain-text comments on a question or an answer.
CREATE TABLE discussion_comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    post_id BIGINT NOT NULL REFERENCES discussion_posts (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    sealed_author TEXT,
    state TEXT NOT NULL CHECK (state IN ('shown', 'deleted', 'removed')),
    created_at TIMESTAMP NOT NULL,
    request_key TEXT UNIQUE
);
CREATE INDEX discussion_comments_post ON discussion_comments (post_id);

CREATE TABLE discussion_thread_tags (
    thread_id BIGINT NOT NULL REFERENCES discussion_threads (id) ON DELETE CASCADE,
    tag_id BIGINT NOT NULL REFERENCES discussion_tags (id) ON DELETE CASCADE,
    PRIMARY KEY (thread_id, tag_id)
);
CREATE INDEX discussion_thread_tags_tag ON discussion_thread_tags (tag_id, thread_id);

-- One up-vote per member per post.
CREATE TABLE discussion_votes (
    post_id BIGINT NOT NULL REFERENCES discussion_posts (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (post_id, user_id)
);

-- Members following a thread (named askers follow their own; an
-- anonymous asker is notified through the sealed author instead).
CREATE TABLE discussion_follows (
    thread_id BIGINT NOT NULL REFERENCES discussion_threads (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (thread_id, user_id)
);
CREATE INDEX discussion_follows_user ON discussion_follows (user_id);

CREATE TABLE discussion_flags (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    post_id BIGINT NOT NULL REFERENCES discussion_posts (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'upheld', 'dismissed')),
    created_at TIMESTAMP NOT NULL,
    reviewed_at TIMESTAMP,
    UNIQUE (post_id, user_id)
);
CREATE INDEX discussion_flags_open ON discussion_flags (status, post_id);

-- A moderator's suspension of a post's author from posting in a space.
-- Kept by post, not by member: the server checks a new post's author
-- against the (sealed) authors of these posts, and nobody reads who it is.
CREATE TABLE discussion_suspensions (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    space_id BIGINT NOT NULL REFERENCES discussion_spaces (id) ON DELETE CASCADE,
    post_id BIGINT NOT NULL REFERENCES discussion_posts (id) ON DELETE CASCADE,
    until TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX discussion_suspensions_space ON discussion_suspensions (space_id, until);

-- A notification's one-click unsubscribe address (List-Unsubscribe).
ALTER TABLE outbox ADD COLUMN list_unsubscribe TEXT;

-- Email when a followed question gets an answer or an accepted answer.
ALTER TABLE users ADD COLUMN discussion_emails TEXT NOT NULL DEFAULT 'immediately'
    CHECK (discussion_emails IN ('immediately', 'off'));

-- Full-text search over questions and answers (titles and bodies), an
-- external-content FTS5 table kept in step by triggers.
CREATE VIRTUAL TABLE discussion_search USING fts5(
    title, body_md, content='discussion_posts', content_rowid='id',
    tokenize='porter unicode61'
);
CREATE TRIGGER discussion_posts_search_insert AFTER INSERT ON discussion_posts BEGIN
    INSERT INTO discussion_search (rowid, title, body_md) VALUES (new.id, new.title, new.body_md);
END;
CREATE TRIGGER discussion_posts_search_delete AFTER DELETE ON discussion_posts BEGIN
    INSERT INTO discussion_search (discussion_search, rowid, title, body_md)
        VALUES ('delete', old.id, old.title, old.body_md);
END;
CREATE TRIGGER discussion_posts_search_update AFTER UPDATE OF title, body_md ON discussion_posts BEGIN
    INSERT INTO discussion_search (discussion_search, rowid, title, body_md)
        VALUES ('delete', old.id, old.title, old.body_md);
    INSERT INTO discussion_search (rowid, title, body_md) VALUES (new.id, new.title, new.body_md);
END;
