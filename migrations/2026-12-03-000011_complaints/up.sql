-- Complaints of service recipients about their application (Law No 88-V "On state services"
-- gives the right to complain). The provider answers within 5 working days of registration
-- (Law No 88-V, art. 25 p.2; not in the seeds): `due_at` is computed by the calendar engine.
CREATE TABLE complaints (
    id                BIGSERIAL    PRIMARY KEY,
    application_id    BIGINT       NOT NULL REFERENCES applications (id),
    applicant_id      BIGINT       NOT NULL REFERENCES users (id),
    organization_id   BIGINT       NOT NULL REFERENCES organizations (id),
    text              TEXT         NOT NULL
                      CHECK (length(btrim(text)) > 0 AND char_length(text) <= 4000),
    -- An optional attachment, stored whole with its hash (PDF, JPEG or PNG, at most 10 MB).
    file_name         TEXT         CHECK (char_length(file_name) <= 200),
    file_content_type VARCHAR(32)  CHECK (file_content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    file_size         INT          CHECK (file_size > 0 AND file_size <= 10485760),
    file_sha256       CHAR(64),
    file_content      BYTEA,
    registered_at     TIMESTAMPTZ  NOT NULL,
    due_at            TIMESTAMPTZ  NOT NULL,
    answer            TEXT         CHECK (length(btrim(answer)) > 0 AND char_length(answer) <= 4000),
    answered_by       BIGINT       REFERENCES staff (id),
    answered_at       TIMESTAMPTZ,
    -- Optimistic lock: the answer form carries the value it was rendered with.
    version           INT          NOT NULL DEFAULT 0 CHECK (version >= 0),
    CHECK (due_at > registered_at),
    -- A file is all there or not at all.
    CHECK ((file_content IS NULL AND file_name IS NULL AND file_content_type IS NULL
            AND file_size IS NULL AND file_sha256 IS NULL)
        OR (file_content IS NOT NULL AND file_name IS NOT NULL AND file_content_type IS NOT NULL
            AND file_size = length(file_content) AND file_sha256 IS NOT NULL)),
    -- An answer has its author and time, or there is none.
    CHECK ((answer IS NULL AND answered_by IS NULL AND answered_at IS NULL)
        OR (answer IS NOT NULL AND answered_by IS NOT NULL AND answered_at >= registered_at))
);
-- The organization's open complaints by due instant (the head's queue, monitoring).
CREATE INDEX complaints_open_by_due ON complaints (organization_id, due_at) WHERE answered_at IS NULL;
CREATE INDEX complaints_organization ON complaints (organization_id, registered_at DESC);
CREATE INDEX complaints_application ON complaints (application_id, registered_at);
