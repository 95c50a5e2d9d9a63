-- The deadline watch walks the open current steps in batches ordered by (due instant,
-- application) and resumes after the last one it claimed. With the due instant alone in the
-- index, each batch re-read every entry from the start of its window up to that point (the
-- cursor was a filter, not a bound), so a run over n steps read n²/100 entries: minutes, at a
-- million applications, each start-up. With the application's id in the index the cursor is
-- where the scan starts.
DROP INDEX applications_current_step_due;
CREATE INDEX applications_current_step_due ON applications (step_due, id)
    WHERE step_role IS NOT NULL;
