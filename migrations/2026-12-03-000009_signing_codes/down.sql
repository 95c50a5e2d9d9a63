ALTER TABLE applications DROP COLUMN signed_with;
DROP TABLE signing_codes;
