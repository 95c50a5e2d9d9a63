DROP INDEX applications_applicant;
CREATE INDEX applications_applicant ON applications (applicant_id, created_at DESC);
