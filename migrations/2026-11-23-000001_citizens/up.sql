-- Citizens (service recipients) who registered on the portal with their IIN.
-- Birth date and sex are derived from the IIN at registration and kept for display and search.
CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    iin           CHAR(12)     NOT NULL UNIQUE,
    last_name     VARCHAR(100) NOT NULL,
    first_name    VARCHAR(100) NOT NULL,
    middle_name   VARCHAR(100),
    birth_date    DATE         NOT NULL,
    sex           VARCHAR(6)   NOT NULL CHECK (sex IN ('male', 'female')),
    phone         VARCHAR(12)  NOT NULL CHECK (phone ~ '^\+7[0-9]{10}$'),
    email         VARCHAR(254),
    password_hash TEXT         NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Every sign-in attempt, kept for throttling and for the audit of who tried what.
CREATE TABLE sign_in_attempts (
    id           BIGSERIAL PRIMARY KEY,
    iin          VARCHAR(12) NOT NULL,
    ip           VARCHAR(64) NOT NULL,
    succeeded    BOOLEAN     NOT NULL,
    attempted_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sign_in_attempts_iin_at ON sign_in_attempts (iin, attempted_at);
CREATE INDEX sign_in_attempts_ip_at ON sign_in_attempts (ip, attempted_at);

-- A subject ('iin:…' or 'ip:…') that failed too often is refused until locked_until.
CREATE TABLE sign_in_lockouts (
    subject      VARCHAR(80) PRIMARY KEY,
    locked_until TIMESTAMPTZ NOT NULL
);
