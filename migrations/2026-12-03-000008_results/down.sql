DROP TABLE results;
DROP FUNCTION results_are_final();
DROP TABLE organization_keys;
