-- One-time codes a citizen signs an application with instead of the password (as egov.kz allows
-- besides EDS): sent by SMS, stored hashed, valid 5 minutes, 3 attempts.
CREATE TABLE signing_codes (
    id             BIGSERIAL   PRIMARY KEY,
    user_id        BIGINT      NOT NULL REFERENCES users (id),
    application_id BIGINT      NOT NULL REFERENCES applications (id),
    code_hash      CHAR(64)    NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    attempts       INT         NOT NULL DEFAULT 0,
    used_at        TIMESTAMPTZ
);
CREATE INDEX signing_codes_user ON signing_codes (user_id, created_at DESC);

-- How the application was signed: the account password or a one-time SMS code.
ALTER TABLE applications ADD COLUMN signed_with VARCHAR(16)
    CHECK (signed_with IN ('password', 'sms_code'));
