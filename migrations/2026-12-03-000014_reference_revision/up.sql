-- Reference data (the working calendar, the organizations) changes a few times a year, and the
-- busiest pages read it on every view. Each server keeps it in memory under the revision it
-- read, and those pages read this one number with their own query: another number means the
-- reference data changed (on any node) and is read again. The triggers raise it with every
-- change, whoever makes it.
CREATE TABLE reference_revision (
    singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    revision BIGINT NOT NULL
);
INSERT INTO reference_revision (revision) VALUES (1);

CREATE FUNCTION raise_reference_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE reference_revision SET revision = revision + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER calendar_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar
    FOR EACH STATEMENT EXECUTE FUNCTION raise_reference_revision();
CREATE TRIGGER organizations_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organizations
    FOR EACH STATEMENT EXECUTE FUNCTION raise_reference_revision();
