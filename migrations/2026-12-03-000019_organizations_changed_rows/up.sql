-- The reference revision (migration …000014) was raised by every statement on `organizations`,
-- even one that changed no row: each server start, whose directory sync upserts every
-- organization, made every node read its reference data again. Raised now for each row
-- actually written (the sync leaves unchanged rows alone), and by a TRUNCATE.
DROP TRIGGER organizations_changed ON organizations;
CREATE TRIGGER organizations_changed
    AFTER INSERT OR UPDATE OR DELETE ON organizations
    FOR EACH ROW EXECUTE FUNCTION raise_reference_revision();
CREATE TRIGGER organizations_truncated
    AFTER TRUNCATE ON organizations
    FOR EACH STATEMENT EXECUTE FUNCTION raise_reference_revision();
