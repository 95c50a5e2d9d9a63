DROP TABLE audit_log;
DROP FUNCTION audit_log_is_append_only();
DROP TABLE journals;
ALTER TABLE application_steps DROP COLUMN done_by_kind, DROP COLUMN outcome;
DROP INDEX applications_assigned;
DROP INDEX applications_queue;
ALTER TABLE applications
    DROP COLUMN step_position, DROP COLUMN step_role, DROP COLUMN step_due,
    DROP COLUMN assigned_to, DROP COLUMN resolution, DROP COLUMN journal_number,
    DROP COLUMN decision, DROP COLUMN refusal_ground, DROP COLUMN result;
ALTER TABLE users ALTER COLUMN password_hash SET NOT NULL;
ALTER TABLE sign_in_attempts ALTER COLUMN iin TYPE VARCHAR(12);
DROP TABLE staff;
