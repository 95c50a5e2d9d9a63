DROP TRIGGER profile_raises_applications_revision ON users;
DROP FUNCTION raise_applications_revision_on_profile();
