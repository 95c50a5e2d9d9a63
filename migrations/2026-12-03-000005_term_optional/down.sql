ALTER TABLE applications DROP CONSTRAINT applications_submitted_complete;
ALTER TABLE applications ADD CONSTRAINT applications_check
    CHECK (status = 'draft' OR (submitted_at IS NOT NULL AND signed_at IS NOT NULL
                                AND consent_at IS NOT NULL AND expected_at IS NOT NULL
                                AND organization_id IS NOT NULL));
