-- Mentors and matching: each mentor's places in a program, favorites,
-- mentorship requests, mentorships, and the admins' matching drafts.
-- What counts in the match score is a program setting (weights) and a
-- per-question setting (weight, shown on mentor cards).

ALTER TABLE programs ADD COLUMN max_mentor_capacity INTEGER NOT NULL DEFAULT 5;
ALTER TABLE programs ADD COLUMN max_pending_requests INTEGER NOT NULL DEFAULT 3;
ALTER TABLE programs ADD COLUMN request_expiry_days INTEGER NOT NULL DEFAULT 14;
-- in "admins match" programs: whether mentees may browse the mentors' cards
ALTER TABLE programs ADD COLUMN mentees_browse BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE programs ADD COLUMN weight_favorite INTEGER NOT NULL DEFAULT 30;
ALTER TABLE programs ADD COLUMN weight_expertise INTEGER NOT NULL DEFAULT 10;
ALTER TABLE programs ADD COLUMN weight_language INTEGER NOT NULL DEFAULT 10;
ALTER TABLE programs ADD COLUMN weight_time_zone INTEGER NOT NULL DEFAULT 12;

ALTER TABLE registration_questions ADD COLUMN on_mentor_cards BOOLEAN NOT NULL DEFAULT FALSE;
-- points per shared topic in the match score; 0: the question does not count
ALTER TABLE registration_questions ADD COLUMN match_weight INTEGER NOT NULL DEFAULT 0;

-- A mentor's own settings in the program (NULL capacity: the program's default).
ALTER TABLE memberships ADD COLUMN mentor_capacity INTEGER;
ALTER TABLE memberships ADD COLUMN taking_mentees BOOLEAN NOT NULL DEFAULT TRUE;
-- set by an admin; wins over the mentor's own capacity
ALTER TABLE memberships ADD COLUMN capacity_override INTEGER;
ALTER TABLE memberships ADD COLUMN capacity_note TEXT NOT NULL DEFAULT '';

-- A mentee's favorite mentors: private to the mentee, seen by admins.
CREATE TABLE favorites (
    program_id BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    mentee_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mentor_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (program_id, mentee_id, mentor_id)
);
CREATE INDEX favorites_mentor ON favorites (program_id, mentor_id);

CREATE TABLE mentorship_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    program_id BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    mentee_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mentor_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    message TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN
        ('pending', 'accepted', 'declined', 'withdrawn', 'expired', 'closed_full', 'closed_matched')),
    -- the mentor's message when declining or accepting
    response TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    reminded_at TIMESTAMP,
    decided_at TIMESTAMP
);
-- one pending request per pair
CREATE UNIQUE INDEX mentorship_requests_pending_pair
    ON mentorship_requests (program_id, mentee_id, mentor_id) WHERE status = 'pending';
CREATE INDEX mentorship_requests_mentee ON mentorship_requests (program_id, mentee_id, status);
CREATE INDEX mentorship_requests_mentor ON mentorship_requests (program_id, mentor_id, status);
CREATE INDEX mentorship_requests_due ON mentorship_requests (status, expires_at);

CREATE TABLE mentorships (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    program_id BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    mentor_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mentee_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('active', 'ended')),
    origin TEXT NOT NULL CHECK (origin IN ('request', 'admin', 'cohort')),
    -- the admin who matched them, or the mentor who accepted
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    request_id BIGINT REFERENCES mentorship_requests (id) ON DELETE SET NULL,
    started_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP,
    ended_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    end_reason TEXT CHECK (end_reason IN ('completed', 'not_a_good_fit', 'left_program', 'other')),
    end_note TEXT NOT NULL DEFAULT ''
);
-- a mentee has one mentor at a time in a program
CREATE UNIQUE INDEX mentorships_active_mentee
    ON mentorships (program_id, mentee_id) WHERE status = 'active';
CREATE INDEX mentorships_mentor ON mentorships (program_id, mentor_id, status);
CREATE INDEX mentorships_mentee ON mentorships (mentee_id);

-- The admins' matching drafts: a manual draft or a proposal of
-- "Suggest matches", one per mentee; pinned ones stay when re-run.
CREATE TABLE match_proposals (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    program_id BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    mentee_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mentor_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    pinned BOOLEAN NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (program_id, mentee_id)
);
