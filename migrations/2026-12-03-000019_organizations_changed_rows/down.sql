DROP TRIGGER organizations_truncated ON organizations;
DROP TRIGGER organizations_changed ON organizations;
CREATE TRIGGER organizations_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organizations
    FOR EACH STATEMENT EXECUTE FUNCTION raise_reference_revision();
