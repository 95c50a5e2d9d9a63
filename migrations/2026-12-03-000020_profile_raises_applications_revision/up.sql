-- The cabinet keeps the citizen's profile summary with their kept list of applications, under
-- users.applications_revision (repo::applications::citizen), so that a view reads only the
-- session check and the revisions. A change to a column the summary shows raises that
-- revision too, whoever makes it.
CREATE FUNCTION raise_applications_revision_on_profile() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.applications_revision := NEW.applications_revision + 1;
    RETURN NEW;
END
$$;

CREATE TRIGGER profile_raises_applications_revision
    BEFORE UPDATE OF iin, last_name, first_name, middle_name, birth_date, sex, phone, email
    ON users
    FOR EACH ROW
    WHEN ((OLD.iin, OLD.last_name, OLD.first_name, OLD.middle_name, OLD.birth_date, OLD.sex,
           OLD.phone, OLD.email)
          IS DISTINCT FROM
          (NEW.iin, NEW.last_name, NEW.first_name, NEW.middle_name, NEW.birth_date, NEW.sex,
           NEW.phone, NEW.email))
    EXECUTE FUNCTION raise_applications_revision_on_profile();
