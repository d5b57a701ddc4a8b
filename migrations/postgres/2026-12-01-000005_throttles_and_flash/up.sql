-- Rate limits other than failed sign-ins: sign-ups per client address,
-- password-reset requests per address and per email. One row per event;
-- rows older than the longest window are pruned as new ones arrive.
CREATE TABLE rate_limit_events (
    id BIGSERIAL PRIMARY KEY,
    -- what is limited: 'sign_up_ip', 'reset_ip', 'reset_email'
    bucket TEXT NOT NULL,
    -- the address or email key it is counted against
    subject TEXT NOT NULL,
    happened_at TIMESTAMP NOT NULL
);
CREATE INDEX rate_limit_events_subject ON rate_limit_events (bucket, subject, happened_at);
CREATE INDEX rate_limit_events_time ON rate_limit_events (happened_at);

-- Browsers a member has signed in with (OWASP's "device cookie"): a sign-in
-- from one of them is not held up by lockouts that other people's failures
-- caused, until it fails too often itself. Only the token's SHA-256 is kept.
CREATE TABLE known_devices (
    id BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    -- failed sign-ins from this browser since its last success
    failures INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NOT NULL
);
CREATE INDEX known_devices_user ON known_devices (user_id);

-- Values a page shows once after a redirect (a new invitation link's token,
-- a refused form's messages and values) kept on the server for a few
-- minutes, so they never travel in a URL. The URL carries a random key;
-- only its SHA-256 is stored; reading deletes.
CREATE TABLE flash_values (
    id BIGSERIAL PRIMARY KEY,
    key_hash TEXT NOT NULL UNIQUE,
    -- only the member it was made for may read it (NULL: made for a
    -- visitor, read by whoever holds the key)
    user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX flash_values_expiry ON flash_values (expires_at);
