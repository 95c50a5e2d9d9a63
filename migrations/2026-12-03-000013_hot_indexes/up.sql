-- Every signed-in page shows the reader's unread notifications in its header, read with the
-- session check on each request: this partial index holds exactly the unread ones, so the count
-- reads a few index entries instead of every notification the citizen ever had.
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
