-- The service catalog as loaded from services/*.toml (the files are the source of truth;
-- `seed` and `serve` write them here so that applications and monitoring can join on them).
CREATE TABLE services (
    code        VARCHAR(32)  PRIMARY KEY,
    slug        VARCHAR(64)  NOT NULL UNIQUE,
    category    VARCHAR(16)  NOT NULL,
    name_kk     TEXT         NOT NULL,
    name_ru     TEXT         NOT NULL,
    online      BOOLEAN      NOT NULL,
    -- The whole service file, as JSON.
    definition  JSONB        NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- The regulated steps of each channel, in order.
CREATE TABLE service_steps (
    service_code VARCHAR(32) NOT NULL REFERENCES services (code) ON DELETE CASCADE,
    channel      VARCHAR(20) NOT NULL,
    position     INT         NOT NULL,
    role         VARCHAR(16) NOT NULL,
    amount       INT         NOT NULL CHECK (amount >= 0),
    unit         VARCHAR(16) NOT NULL
                 CHECK (unit IN ('minutes', 'hours', 'working_days', 'calendar_days')),
    clause       TEXT        NOT NULL,
    can_refuse   BOOLEAN     NOT NULL,
    action_kk    TEXT        NOT NULL,
    action_ru    TEXT        NOT NULL,
    PRIMARY KEY (service_code, channel, position)
);
