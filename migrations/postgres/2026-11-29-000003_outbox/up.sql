-- Emails waiting to be delivered, written in the same transaction as the
-- change that causes them. The worker moves a row pending -> sending -> sent,
-- back to pending (with a later next_attempt_at) after a failed attempt, or to
-- failed when it gives up. Times are UTC.
CREATE TABLE outbox (
    id BIGSERIAL PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_at TIMESTAMP,
    sent_at TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL
);

-- The worker's question: which pending rows are due?
CREATE INDEX outbox_status_next_attempt_at ON outbox (status, next_attempt_at);
