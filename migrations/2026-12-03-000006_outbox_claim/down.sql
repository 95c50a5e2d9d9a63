ALTER TABLE users DROP COLUMN session_generation;
ALTER TABLE outbox DROP COLUMN claimed_by;
ALTER TABLE outbox DROP COLUMN claimed_at;
