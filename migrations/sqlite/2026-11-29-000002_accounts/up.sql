-- 'open': anyone may sign up; 'invitation': only through an invitation link.
ALTER TABLE hub_settings ADD COLUMN signup_mode TEXT NOT NULL DEFAULT 'open';

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    email TEXT NOT NULL,
    -- lower-cased and trimmed: the uniqueness and look-up key
    email_key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_hub_admin BOOLEAN NOT NULL DEFAULT FALSE,
    deactivated_at TIMESTAMP,
    headline TEXT NOT NULL DEFAULT '',
    bio TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    time_zone TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL DEFAULT '',
    website_url TEXT NOT NULL DEFAULT '',
    linkedin_url TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX users_name ON users (name);

-- Expertise tags, free text; `tag_key` is the lower-cased form used for
-- suggestions and matching.
CREATE TABLE user_tags (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    tag_key TEXT NOT NULL,
    PRIMARY KEY (user_id, tag_key)
);
CREATE INDEX user_tags_key ON user_tags (tag_key);

-- Only the SHA-256 of a session token is stored; the token lives in the cookie.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    user_agent TEXT NOT NULL DEFAULT '',
    ip_address TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One-time links sent by email: password reset, email change.
CREATE TABLE account_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    new_email TEXT,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);

-- Failed sign-ins, counted per account and per client address over a window.
CREATE TABLE sign_in_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    email_key TEXT NOT NULL,
    ip_address TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
CREATE INDEX sign_in_failures_email ON sign_in_failures (email_key, failed_at);
CREATE INDEX sign_in_failures_ip ON sign_in_failures (ip_address, failed_at);
