-- Resources: the hub's library (no program) and each program's, of
-- links, pages and files, in ordered sections, each item for everyone in
-- its space or only its mentors or mentees.

CREATE TABLE resource_sections (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    -- NULL: a section of the hub's library
    program_id BIGINT REFERENCES programs (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    position INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX resource_sections_space ON resource_sections (program_id, position);

CREATE TABLE resources (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    -- NULL: in the hub's library
    program_id BIGINT REFERENCES programs (id) ON DELETE CASCADE,
    -- NULL: outside any section (listed first)
    section_id BIGINT REFERENCES resource_sections (id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('link', 'page', 'file')),
    title TEXT NOT NULL,
    -- a line or two shown in the list
    summary TEXT NOT NULL,
    -- a link's address ('' for the other kinds)
    url TEXT NOT NULL,
    -- a page's text, and its sanitised rendering
    body_md TEXT NOT NULL,
    body_html TEXT NOT NULL,
    -- a file: its object's random key in the store, the name it was
    -- uploaded with, its type and size
    file_key TEXT UNIQUE,
    file_name TEXT,
    file_type TEXT,
    file_size BIGINT,
    audience TEXT NOT NULL CHECK (audience IN ('everyone', 'mentors', 'mentees')),
    pinned BOOLEAN NOT NULL,
    position INTEGER NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX resources_space ON resources (program_id, section_id, pinned, position);
CREATE INDEX resources_new ON resources (program_id, created_at);

-- When a member last opened a library, and the visit before that: what
-- was added since the one before is marked new.
CREATE TABLE resource_visits (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- the program's id, 0 for the hub's library
    space_key BIGINT NOT NULL,
    last_at TIMESTAMP NOT NULL,
    previous_at TIMESTAMP,
    PRIMARY KEY (user_id, space_key)
);

-- Stored files no row keeps: an upload under way (removed in the
-- transaction that saves its row), a replaced or deleted resource's file.
-- The sweep deletes them from the store.
CREATE TABLE resource_orphans (
    file_key TEXT PRIMARY KEY NOT NULL,
    since TIMESTAMP NOT NULL
);

-- Found by the discussion search too (titles, summaries and page text):
-- an external-content FTS5 table kept in step by triggers.
CREATE VIRTUAL TABLE resource_search USING fts5(
    title, summary, body_md, content='resources', content_rowid='id',
    tokenize='porter unicode61'
);
CREATE TRIGGER resources_search_insert AFTER INSERT ON resources BEGIN
    INSERT INTO resource_search (rowid, title, summary, body_md)
        VALUES (new.id, new.title, new.summary, new.body_md);
END;
CREATE TRIGGER resources_search_delete AFTER DELETE ON resources BEGIN
    INSERT INTO resource_search (resource_search, rowid, title, summary, body_md)
        VALUES ('delete', old.id, old.title, old.summary, old.body_md);
END;
CREATE TRIGGER resources_search_update AFTER UPDATE OF title, summary, body_md ON resources BEGIN
    INSERT INTO resource_search (resource_search, rowid, title, summary, body_md)
        VALUES ('delete', old.id, old.title, old.summary, old.body_md);
    INSERT INTO resource_search (rowid, title, summary, body_md)
        VALUES (new.id, new.title, new.summary, new.body_md);
END;
