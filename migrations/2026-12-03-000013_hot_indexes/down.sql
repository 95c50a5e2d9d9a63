DROP INDEX applications_queue;
CREATE INDEX applications_queue ON applications (organization_id, step_role, step_due)
    WHERE step_role IS NOT NULL;
DROP INDEX notifications_unread;
