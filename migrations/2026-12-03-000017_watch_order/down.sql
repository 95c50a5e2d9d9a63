DROP INDEX applications_current_step_due;
CREATE INDEX applications_current_step_due ON applications (step_due)
    WHERE step_role IS NOT NULL;
