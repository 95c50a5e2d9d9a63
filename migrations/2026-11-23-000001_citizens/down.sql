DROP TABLE sign_in_lockouts;
DROP TABLE sign_in_attempts;
DROP TABLE users;
