-- The citizen's cabinet and application pages are read far more often than the applications
-- change. Each server keeps what they show in memory under the citizen's applications revision,
-- read with the session check on every view: these triggers raise it with every change to the
-- citizen's applications or to what the pages show of them (steps, documents, complaints,
-- results), whoever makes it, on whichever node.
--
-- The staff queues read only `applications`: each organization's queue pages are kept under
-- its own revision (`queue_revisions`), raised with every change to its applications. (A
-- change locks that organization's revision row until it commits: the organization's changes
-- commit one after another — each transaction changes one application.)
ALTER TABLE users ADD COLUMN applications_revision BIGINT NOT NULL DEFAULT 0;

CREATE TABLE queue_revisions (
    organization_id BIGINT PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    revision BIGINT NOT NULL
);

CREATE FUNCTION raise_applications_revision(applicant BIGINT) RETURNS void LANGUAGE sql AS $$
    UPDATE users SET applications_revision = applications_revision + 1 WHERE id = applicant
$$;

CREATE FUNCTION raise_queue_revision(organization BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO queue_revisions (organization_id, revision) VALUES (organization, 1)
    ON CONFLICT (organization_id) DO UPDATE SET revision = queue_revisions.revision + 1
$$;

CREATE FUNCTION application_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM raise_applications_revision(OLD.applicant_id);
        IF OLD.organization_id IS NOT NULL THEN
            PERFORM raise_queue_revision(OLD.organization_id);
        END IF;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.applicant_id <> OLD.applicant_id) THEN
        PERFORM raise_applications_revision(NEW.applicant_id);
    END IF;
    IF NEW.organization_id IS NOT NULL AND (TG_OP = 'INSERT'
            OR (TG_OP = 'UPDATE' AND NEW.organization_id IS DISTINCT FROM OLD.organization_id)) THEN
        PERFORM raise_queue_revision(NEW.organization_id);
    END IF;
    RETURN NULL;
END
$$;

-- For the tables that belong to an application by `application_id`.
CREATE FUNCTION application_part_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM raise_applications_revision(applicant_id)
            FROM applications WHERE id = OLD.application_id;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.application_id <> OLD.application_id) THEN
        PERFORM raise_applications_revision(applicant_id)
            FROM applications WHERE id = NEW.application_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER applications_revision AFTER INSERT OR UPDATE OR DELETE ON applications
    FOR EACH ROW EXECUTE FUNCTION application_changed();
CREATE TRIGGER applications_revision AFTER INSERT OR UPDATE OR DELETE ON application_steps
    FOR EACH ROW EXECUTE FUNCTION application_part_changed();
CREATE TRIGGER applications_revision AFTER INSERT OR UPDATE OR DELETE ON application_documents
    FOR EACH ROW EXECUTE FUNCTION application_part_changed();
CREATE TRIGGER applications_revision AFTER INSERT OR UPDATE OR DELETE ON complaints
    FOR EACH ROW EXECUTE FUNCTION application_part_changed();
CREATE TRIGGER applications_revision AFTER INSERT OR UPDATE OR DELETE ON results
    FOR EACH ROW EXECUTE FUNCTION application_part_changed();
