-- Provider organizations (schools, kindergartens, colleges, education departments). Loaded from
-- data/organizations.toml by `serve` and `seed`; staff accounts will belong to one.
CREATE TABLE organizations (
    id           BIGSERIAL    PRIMARY KEY,
    code         VARCHAR(40)  NOT NULL UNIQUE,
    kind         VARCHAR(40)  NOT NULL,
    name_kk      TEXT         NOT NULL,
    name_ru      TEXT         NOT NULL,
    region       VARCHAR(40)  NOT NULL,
    region_kk    TEXT         NOT NULL,
    region_ru    TEXT         NOT NULL,
    district     VARCHAR(40)  NOT NULL,
    district_kk  TEXT         NOT NULL,
    district_ru  TEXT         NOT NULL,
    address      TEXT         NOT NULL
);
CREATE INDEX organizations_kind ON organizations (kind);

-- Application numbers: KZ-<year>-<8 digits>, from a sequence, so never reused.
CREATE SEQUENCE application_number_seq;

CREATE TABLE applications (
    id               BIGSERIAL    PRIMARY KEY,
    number           VARCHAR(20)  NOT NULL UNIQUE,
    service_code     VARCHAR(32)  NOT NULL REFERENCES services (code),
    applicant_id     BIGINT       NOT NULL REFERENCES users (id),
    organization_id  BIGINT       REFERENCES organizations (id),
    channel          VARCHAR(20)  NOT NULL DEFAULT 'portal',
    status           VARCHAR(16)  NOT NULL DEFAULT 'draft'
                     CHECK (status IN ('draft', 'submitted', 'registered', 'in_progress',
                                       'result_ready', 'issued', 'refused', 'withdrawn')),
    -- The form's answers (not files), by field name.
    answers          JSONB        NOT NULL DEFAULT '{}',
    -- Makes a double-clicked or resent form create one application (per applicant).
    idempotency_key  VARCHAR(64)  NOT NULL,
    consent_at       TIMESTAMPTZ,
    signed_at        TIMESTAMPTZ,
    submitted_at     TIMESTAMPTZ,
    expected_at      TIMESTAMPTZ,
    -- The motivated refusal or the result note, when there is one.
    decision_note    TEXT,
    -- Optimistic lock: every change increments it and checks the value it read.
    version          INT          NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (applicant_id, idempotency_key),
    CHECK (status = 'draft' OR (submitted_at IS NOT NULL AND signed_at IS NOT NULL
                                AND consent_at IS NOT NULL AND expected_at IS NOT NULL
                                AND organization_id IS NOT NULL))
);
CREATE INDEX applications_applicant ON applications (applicant_id, created_at DESC);
CREATE INDEX applications_organization ON applications (organization_id, status);

-- Uploaded documents, stored whole with their hash (never half-written: one row, one insert).
CREATE TABLE application_documents (
    id              BIGSERIAL    PRIMARY KEY,
    application_id  BIGINT       NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    field           VARCHAR(64)  NOT NULL,
    document_id     VARCHAR(64)  NOT NULL,
    file_name       TEXT         NOT NULL,
    content_type    VARCHAR(32)  NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size_bytes      INT          NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 10485760),
    sha256          CHAR(64)     NOT NULL,
    content         BYTEA        NOT NULL,
    uploaded_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (application_id, field)
);

-- The planned timeline: the regulation's steps with their due instants, filled in as done.
CREATE TABLE application_steps (
    application_id  BIGINT       NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    position        INT          NOT NULL,
    role            VARCHAR(16)  NOT NULL,
    action_kk       TEXT         NOT NULL,
    action_ru       TEXT         NOT NULL,
    amount          INT          NOT NULL,
    unit            VARCHAR(16)  NOT NULL,
    clause          TEXT         NOT NULL,
    due_at          TIMESTAMPTZ  NOT NULL,
    done_at         TIMESTAMPTZ,
    done_by         BIGINT,
    comment         TEXT,
    PRIMARY KEY (application_id, position)
);

-- Every transition: who, when, what, with what comment, and the step's due time. Append-only.
CREATE TABLE application_events (
    id              BIGSERIAL    PRIMARY KEY,
    application_id  BIGINT       NOT NULL REFERENCES applications (id),
    at              TIMESTAMPTZ  NOT NULL DEFAULT now(),
    actor_kind      VARCHAR(16)  NOT NULL,
    actor_id        BIGINT,
    action          VARCHAR(32)  NOT NULL,
    from_status     VARCHAR(16),
    to_status       VARCHAR(16),
    step_position   INT,
    due_at          TIMESTAMPTZ,
    comment         TEXT
);
CREATE INDEX application_events_application ON application_events (application_id, at);

CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER application_events_append_only
    BEFORE UPDATE OR DELETE ON application_events
    FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- What the citizen is told, as a message id plus arguments: it renders in the reader's language.
CREATE TABLE notifications (
    id              BIGSERIAL    PRIMARY KEY,
    user_id         BIGINT       NOT NULL REFERENCES users (id),
    application_id  BIGINT       REFERENCES applications (id),
    message_id      VARCHAR(64)  NOT NULL,
    args            JSONB        NOT NULL DEFAULT '{}',
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    read_at         TIMESTAMPTZ
);
CREATE INDEX notifications_user ON notifications (user_id, created_at DESC);

-- E-mail and SMS waiting to be sent (by SMTP when configured, otherwise kept for a sender).
CREATE TABLE outbox (
    id              BIGSERIAL    PRIMARY KEY,
    notification_id BIGINT       NOT NULL REFERENCES notifications (id),
    channel         VARCHAR(8)   NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient       TEXT         NOT NULL,
    lang            VARCHAR(2)   NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    sent_at         TIMESTAMPTZ,
    attempts        INT          NOT NULL DEFAULT 0,
    last_error      TEXT
);
CREATE INDEX outbox_unsent ON outbox (created_at) WHERE sent_at IS NULL;

-- The language a citizen last used, for e-mail and SMS sent when they are not on the portal.
ALTER TABLE users ADD COLUMN lang VARCHAR(2) NOT NULL DEFAULT 'kk' CHECK (lang IN ('kk', 'ru'));
