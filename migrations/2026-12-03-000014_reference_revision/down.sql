DROP TRIGGER organizations_changed ON organizations;
DROP TRIGGER calendar_changed ON calendar;
DROP FUNCTION raise_reference_revision();
DROP TABLE reference_revision;
