-- The outbox sender claims a batch in one short transaction and sends after the commit, so no
-- SMTP call runs while rows are locked. A claim older than the sender's time limit is taken
-- over by another run (its sender crashed); `claimed_by` names the run, for the logs.
ALTER TABLE outbox ADD COLUMN claimed_at TIMESTAMPTZ;
ALTER TABLE outbox ADD COLUMN claimed_by VARCHAR(64);

-- Sessions carry the generation they were started in; changing the password raises it, which
-- ends every other session of the citizen (cookie or Redis alike).
ALTER TABLE users ADD COLUMN session_generation INT NOT NULL DEFAULT 0;
