-- Events: the hub's (no program) and each program's, with registration,
-- capacity and a waitlist that promotes itself; personal calendar feeds;
-- calendar files attached to reminder emails.

CREATE TABLE events (
    id BIGSERIAL PRIMARY KEY,
    -- NULL: a hub-wide event
    program_id BIGINT REFERENCES programs (id) ON DELETE CASCADE,
    -- the calendar UID, the same in every file and feed for this event
    uid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    description_md TEXT NOT NULL,
    description_html TEXT NOT NULL,
    -- the source of truth: wall-clock times in the event's IANA zone
    time_zone TEXT NOT NULL,
    starts_local TIMESTAMP NOT NULL,
    ends_local TIMESTAMP NOT NULL,
    -- the same instants in UTC, for queries
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('in_person', 'online', 'both')),
    address TEXT NOT NULL,
    -- shown only to registered attendees
    online_link TEXT NOT NULL,
    -- NULL: no limit
    capacity INTEGER,
    registration_opens_at TIMESTAMP,
    registration_closes_at TIMESTAMP NOT NULL,
    audience TEXT NOT NULL CHECK (audience IN ('everyone', 'mentors', 'mentees')),
    keeps_waitlist BOOLEAN NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('scheduled', 'cancelled')),
    -- the calendar SEQUENCE: raised on every change
    sequence INTEGER NOT NULL DEFAULT 0,
    -- registered and attended (what the capacity counts), and waitlisted
    taken INTEGER NOT NULL DEFAULT 0,
    waiting INTEGER NOT NULL DEFAULT 0,
    -- the last waitlist ticket handed out (the order of the waitlist)
    last_ticket BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    cancelled_at TIMESTAMP
);
CREATE INDEX events_program_start ON events (program_id, starts_at);
CREATE INDEX events_start ON events (starts_at);

-- A member's place at an event. One row per member and event: a second
-- registration, a retry or a double click finds it.
CREATE TABLE event_registrations (
    id BIGSERIAL PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status TEXT NOT NULL
        CHECK (status IN ('registered', 'waitlisted', 'cancelled', 'attended', 'no_show')),
    -- a waitlisted member's ticket: the lower, the sooner
    ticket BIGINT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    -- the 24-hour reminder, sent once per member and event
    reminded_at TIMESTAMP,
    UNIQUE (event_id, user_id)
);
CREATE INDEX event_registrations_status ON event_registrations (event_id, status, ticket);
CREATE INDEX event_registrations_user ON event_registrations (user_id, status);

-- A member's personal calendar feed. The address's secret is derived
-- from the server's key and `nonce` (so the account page can show it
-- again); only its hash is looked up. A reset draws a new nonce.
CREATE TABLE calendar_feeds (
    user_id BIGINT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    nonce TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);

-- A file sent with an email (the calendar file of a reminder).
ALTER TABLE outbox ADD COLUMN attachment_name TEXT;
ALTER TABLE outbox ADD COLUMN attachment_type TEXT;
ALTER TABLE outbox ADD COLUMN attachment_body TEXT;
