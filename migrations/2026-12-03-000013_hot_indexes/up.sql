-- Every signed-in page shows the reader's unread notifications in its header, read with the
-- session check on each request: this partial index holds exactly the unread ones, so the count
-- reads a few index entries instead of every notification the citizen ever had.
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- A staff queue counts its applications by status and in total before it lists a page: with
-- the columns those counts and the filters read carried in the queue's index, they are read
-- from the index alone instead of visiting every open application of the organization.
DROP INDEX applications_queue;
CREATE INDEX applications_queue ON applications (organization_id, step_role, step_due)
    INCLUDE (status, assigned_to, service_code, channel)
    WHERE step_role IS NOT NULL;
