DROP INDEX outbox_due;
ALTER TABLE outbox DROP COLUMN next_attempt_at;
DROP TABLE staff_notifications;
DROP TRIGGER applications_rewatch_reassigned ON applications;
DROP FUNCTION applications_rewatch_reassigned();
DROP TRIGGER application_steps_rewatch ON application_steps;
DROP FUNCTION application_steps_rewatch();
DROP INDEX applications_current_step_due;
ALTER TABLE application_steps
    DROP COLUMN overdue_at,
    DROP COLUMN warned_at;
