-- A submitted application has an expected date only where the regulation sets a term for its
-- channel; where it sets none, no date is promised (services/README.md). The check of
-- migration 000004 demanded one; this one demands the rest.
DO $$
DECLARE name TEXT;
BEGIN
    SELECT conname INTO name FROM pg_constraint
     WHERE conrelid = 'applications'::regclass AND contype = 'c'
       AND pg_get_constraintdef(oid) LIKE '%expected_at%';
    EXECUTE format('ALTER TABLE applications DROP CONSTRAINT %I', name);
END $$;

ALTER TABLE applications ADD CONSTRAINT applications_submitted_complete
    CHECK (status = 'draft' OR (submitted_at IS NOT NULL AND signed_at IS NOT NULL
                                AND consent_at IS NOT NULL AND organization_id IS NOT NULL));
