-- Mentoring programs: settings, admins, registration questions, memberships
-- (one row per program and member: the application and, once approved, the
-- membership), the answers given when applying, and invitation links.
-- Status-like columns are TEXT with CHECK constraints; times are UTC and
-- always written by the application.

CREATE TABLE programs (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    -- the program's address (/programs/<slug>): lower-case letters, digits, dashes
    slug TEXT NOT NULL UNIQUE CHECK (slug = lower(slug)),
    summary TEXT NOT NULL,
    -- markdown, as written; rendered and sanitized on the server
    about_md TEXT NOT NULL,
    -- #rrggbb
    cover_color TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed', 'archived')),
    -- unlisted programs are left out of the directory, but open by address or link
    listed BOOLEAN NOT NULL,
    accepts_mentors BOOLEAN NOT NULL,
    accepts_mentees BOOLEAN NOT NULL,
    approval TEXT NOT NULL CHECK (approval IN ('manual', 'automatic')),
    matching_mode TEXT NOT NULL
        CHECK (matching_mode IN ('admin_match', 'mentee_favorites', 'mentee_requests')),
    default_mentor_capacity INTEGER NOT NULL CHECK (default_mentor_capacity > 0),
    allow_reapply BOOLEAN NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX programs_name ON programs (name);

CREATE TABLE program_admins (
    program_id BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (program_id, user_id)
);
CREATE INDEX program_admins_user ON program_admins (user_id);

-- Deleted questions are kept (deleted_at set, out of the ordering) so that
-- answers already given still show what was asked.
CREATE TABLE registration_questions (
    id BIGSERIAL PRIMARY KEY,
    program_id BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('mentor', 'mentee')),
    -- 1, 2, 3... per program and role among the questions not deleted
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('short_text', 'long_text', 'single_choice',
        'multiple_choice', 'yes_no', 'number')),
    prompt TEXT NOT NULL,
    help_text TEXT NOT NULL,
    required BOOLEAN NOT NULL,
    -- the choices of a choice question, as a JSON array of strings
    options TEXT NOT NULL,
    deleted_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX registration_questions_order
    ON registration_questions (program_id, role, position) WHERE deleted_at IS NULL;

-- Invitation links: only the SHA-256 of the token is stored.
CREATE TABLE program_invitations (
    id BIGSERIAL PRIMARY KEY,
    program_id BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    -- the role the link joins as; NULL lets the member choose
    role TEXT CHECK (role IN ('mentor', 'mentee')),
    auto_approve BOOLEAN NOT NULL,
    expires_at TIMESTAMP,
    max_uses INTEGER CHECK (max_uses > 0),
    uses INTEGER NOT NULL CHECK (uses >= 0),
    revoked_at TIMESTAMP,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    CHECK (max_uses IS NULL OR uses <= max_uses)
);
CREATE INDEX program_invitations_program ON program_invitations (program_id);

-- One row per program and member, whatever happened: the application
-- (pending), the membership (approved) and how it ended.
CREATE TABLE memberships (
    id BIGSERIAL PRIMARY KEY,
    program_id BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('mentor', 'mentee')),
    status TEXT NOT NULL
        CHECK (status IN ('pending', 'approved', 'declined', 'withdrawn', 'left', 'removed')),
    -- the link the latest application came through, if any
    invitation_id BIGINT REFERENCES program_invitations (id) ON DELETE SET NULL,
    applied_at TIMESTAMP NOT NULL,
    -- the last decision (approve, decline, remove); NULL decided_by with a
    -- decided_at is an automatic approval
    decided_by BIGINT REFERENCES users (id),
    decided_at TIMESTAMP,
    decision_message TEXT,
    joined_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (program_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);
CREATE INDEX memberships_program_status ON memberships (program_id, status);

-- What was answered, with the question's prompt as it was asked.
CREATE TABLE application_answers (
    id BIGSERIAL PRIMARY KEY,
    membership_id BIGINT NOT NULL REFERENCES memberships (id) ON DELETE CASCADE,
    question_id BIGINT NOT NULL REFERENCES registration_questions (id) ON DELETE CASCADE,
    prompt TEXT NOT NULL,
    value TEXT NOT NULL,
    UNIQUE (membership_id, question_id)
);
CREATE INDEX application_answers_question ON application_answers (question_id);
