-- The cabinet lists a citizen's applications newest first, ties by id: with the id in the
-- index as well, a page is read in index order (twenty entries) instead of reading and sorting
-- every application the citizen ever made.
DROP INDEX applications_applicant;
CREATE INDEX applications_applicant ON applications (applicant_id, created_at DESC, id DESC);
