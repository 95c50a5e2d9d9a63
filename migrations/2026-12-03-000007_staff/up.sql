-- Provider staff, the State Corporation's operators and the portal's administrators. Separate
-- from citizens (`users`): a staff session never opens the cabinet, a citizen's never /admin.
CREATE TABLE staff (
    id                 BIGSERIAL    PRIMARY KEY,
    login              VARCHAR(64)  NOT NULL UNIQUE CHECK (login ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    full_name          VARCHAR(200) NOT NULL CHECK (length(trim(full_name)) > 0),
    role               VARCHAR(16)  NOT NULL
                       CHECK (role IN ('clerk', 'head', 'executor', 'org_admin', 'sysadmin', 'operator')),
    -- Provider roles belong to one organization; the sysadmin and operators to none.
    organization_id    BIGINT       REFERENCES organizations (id),
    password_hash      TEXT         NOT NULL,
    disabled           BOOLEAN      NOT NULL DEFAULT false,
    -- Away (leave, illness): nothing is assigned to them.
    absent             BOOLEAN      NOT NULL DEFAULT false,
    session_generation INT          NOT NULL DEFAULT 0,
    created_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CHECK ((role IN ('sysadmin', 'operator')) = (organization_id IS NULL))
);
CREATE INDEX staff_organization ON staff (organization_id, role);

-- Staff sign in by login; the throttle's subject column must hold "staff:<login>".
ALTER TABLE sign_in_attempts ALTER COLUMN iin TYPE VARCHAR(80);

-- A person taken at the counter without a portal account has no password until they register.
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;

-- The workflow engine's state on the application: the current step (kept with its role and due
-- instant so the queues are one index scan), the executor it is assigned to, the registration
-- number in the organization's journal, and the decision.
ALTER TABLE applications
    ADD COLUMN step_position INT,
    ADD COLUMN step_role     VARCHAR(16),
    ADD COLUMN step_due      TIMESTAMPTZ,
    ADD COLUMN assigned_to      BIGINT REFERENCES staff (id),
    ADD COLUMN resolution       TEXT,
    ADD COLUMN journal_number   VARCHAR(40),
    ADD COLUMN decision         VARCHAR(16) CHECK (decision IN ('result', 'refusal')),
    ADD COLUMN refusal_ground   TEXT,
    ADD COLUMN result           JSONB;
CREATE INDEX applications_queue ON applications (organization_id, step_role, step_due)
    WHERE step_role IS NOT NULL;
CREATE INDEX applications_assigned ON applications (assigned_to) WHERE step_role IS NOT NULL;

-- Who closed a step: 'applicant', 'staff' or 'system', and with which action.
ALTER TABLE application_steps
    ADD COLUMN done_by_kind VARCHAR(16),
    ADD COLUMN outcome      VARCHAR(24);

-- Each organization's registration journal: numbers run per calendar year.
CREATE TABLE journals (
    organization_id BIGINT NOT NULL REFERENCES organizations (id),
    year            INT    NOT NULL,
    last_number     INT    NOT NULL,
    PRIMARY KEY (organization_id, year)
);

-- Every sign-in, move, document download and administrative change. Append-only: the database
-- refuses to change or delete a row, whoever asks.
CREATE TABLE audit_log (
    id              BIGSERIAL    PRIMARY KEY,
    at              TIMESTAMPTZ  NOT NULL DEFAULT now(),
    actor_kind      VARCHAR(16)  NOT NULL CHECK (actor_kind IN ('citizen', 'staff', 'system')),
    actor_id        BIGINT,
    organization_id BIGINT,
    action          VARCHAR(48)  NOT NULL,
    object          VARCHAR(120),
    details         JSONB        NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at DESC);
CREATE INDEX audit_log_organization_at ON audit_log (organization_id, at DESC);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
