-- The State Corporation path: when the provider's result came back to the front office (Law
-- 88-V obliges providers to deliver it no later than one day before the deadline, seed 004),
-- and, for a hand-over at a counter, that the recipient's identity document was checked.
ALTER TABLE applications ADD COLUMN returned_at TIMESTAMPTZ;
ALTER TABLE application_steps ADD COLUMN identity_checked BOOLEAN NOT NULL DEFAULT FALSE;

-- The operators' desk reads the State Corporation's open work by its due instant.
CREATE INDEX applications_front_office ON applications (step_due, id)
    WHERE channel = 'state_corporation' AND step_role = 'operator';

-- The documents a citizen presented at a counter (the ids of the service file), for the
-- receipt of acceptance the counter hands over (e.g. seed 003 p.8 pp.3).
ALTER TABLE applications ADD COLUMN presented_documents JSONB NOT NULL DEFAULT '[]';
