-- The deadline watch: a step is warned once (one working day before its due instant, to the
-- staff acting on it) and flagged overdue once (at its due instant, to the organization's
-- heads). The marks are set in the transaction that writes the notices, so several watchers
-- never notify twice.
ALTER TABLE application_steps
    ADD COLUMN warned_at  TIMESTAMPTZ,
    ADD COLUMN overdue_at TIMESTAMPTZ;
-- A step given a new due instant, or opened again (the head returned the decision), is watched
-- afresh: its marks belonged to the earlier term.
CREATE FUNCTION application_steps_rewatch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.due_at IS DISTINCT FROM OLD.due_at
       OR (OLD.done_at IS NOT NULL AND NEW.done_at IS NULL) THEN
        NEW.warned_at := NULL;
        NEW.overdue_at := NULL;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER application_steps_rewatch BEFORE UPDATE ON application_steps
    FOR EACH ROW EXECUTE FUNCTION application_steps_rewatch();
-- A current step given to another executor (the head reassigned it) is theirs to be warned of.
CREATE FUNCTION applications_rewatch_reassigned() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE application_steps SET warned_at = NULL
     WHERE application_id = NEW.id AND position = NEW.step_position
       AND done_at IS NULL AND warned_at IS NOT NULL;
    RETURN NULL;
END;
$$;
CREATE TRIGGER applications_rewatch_reassigned AFTER UPDATE OF assigned_to ON applications
    FOR EACH ROW
    WHEN (OLD.assigned_to IS DISTINCT FROM NEW.assigned_to AND NEW.step_position IS NOT NULL)
    EXECUTE FUNCTION applications_rewatch_reassigned();
-- The watch scans the open current steps by due instant, through the application: it keeps its
-- current step's role and due instant, and loses them when closed (withdrawn, issued, refused),
-- so this partial index holds exactly the open work. (A partial index on the steps themselves,
-- `WHERE done_at IS NULL`, would also hold the steps a withdrawn application leaves open
-- forever, and every run would walk them.) The step is then found by its primary key.
CREATE INDEX applications_current_step_due ON applications (step_due)
    WHERE step_role IS NOT NULL;

-- What staff are told (message id + arguments, rendered in the reader's language), listed at
-- /admin/notifications.
CREATE TABLE staff_notifications (
    id              BIGSERIAL    PRIMARY KEY,
    staff_id        BIGINT       NOT NULL REFERENCES staff (id),
    application_id  BIGINT       REFERENCES applications (id),
    message_id      VARCHAR(64)  NOT NULL,
    args            JSONB        NOT NULL DEFAULT '{}',
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    read_at         TIMESTAMPTZ
);
CREATE INDEX staff_notifications_staff ON staff_notifications (staff_id, created_at DESC);
CREATE INDEX staff_notifications_unread ON staff_notifications (staff_id) WHERE read_at IS NULL;

-- Back-off: a message that failed waits until then before it is tried again.
ALTER TABLE outbox ADD COLUMN next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now();
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL;
