-- Each organization's Ed25519 key pair for signing results; the private key is sealed with the
-- portal's RESULT_KEY and never leaves the server.
CREATE TABLE organization_keys (
    organization_id    BIGINT      PRIMARY KEY REFERENCES organizations (id),
    public_key         BYTEA       NOT NULL CHECK (length(public_key) = 32),
    sealed_private_key BYTEA       NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A signed result (or motivated refusal) as a PDF, stored once: it never changes.
CREATE TABLE results (
    id              BIGSERIAL    PRIMARY KEY,
    application_id  BIGINT       NOT NULL UNIQUE REFERENCES applications (id),
    document_number VARCHAR(32)  NOT NULL UNIQUE,
    kind            VARCHAR(16)  NOT NULL CHECK (kind IN ('result', 'refusal')),
    lang            VARCHAR(2)   NOT NULL CHECK (lang IN ('kk', 'ru')),
    pdf             BYTEA        NOT NULL,
    sha256          CHAR(64)     NOT NULL,
    signature       BYTEA        NOT NULL CHECK (length(signature) = 64),
    organization_id BIGINT       NOT NULL REFERENCES organizations (id),
    signed_by       BIGINT       NOT NULL REFERENCES staff (id),
    signed_at       TIMESTAMPTZ  NOT NULL
);

CREATE FUNCTION results_are_final() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a signed result never changes';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER results_final BEFORE UPDATE OR DELETE ON results
    FOR EACH ROW EXECUTE FUNCTION results_are_final();
