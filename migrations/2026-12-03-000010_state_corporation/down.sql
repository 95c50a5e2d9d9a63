ALTER TABLE applications DROP COLUMN presented_documents;
DROP INDEX applications_front_office;
ALTER TABLE application_steps DROP COLUMN identity_checked;
ALTER TABLE applications DROP COLUMN returned_at;
