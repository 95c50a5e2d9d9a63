-- Every signed-in page shows the reader's unread notifications in its header, read with the
-- session check on every view. Counted there, they were the costliest part of that one query
-- (an aggregate over an index scan, on every page). The count is kept with the account instead,
-- by these triggers, whoever adds, reads or removes a notification, on whichever node.
ALTER TABLE users ADD COLUMN unread_notifications INTEGER NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN unread_notifications INTEGER NOT NULL DEFAULT 0;

UPDATE users u SET unread_notifications = n.unread
FROM (SELECT user_id, count(*) AS unread FROM notifications WHERE read_at IS NULL GROUP BY user_id) n
WHERE n.user_id = u.id;
UPDATE staff s SET unread_notifications = n.unread
FROM (SELECT staff_id, count(*) AS unread FROM staff_notifications WHERE read_at IS NULL
      GROUP BY staff_id) n
WHERE n.staff_id = s.id;

CREATE FUNCTION count_unread_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.read_at IS NULL THEN
        UPDATE users SET unread_notifications = unread_notifications - 1 WHERE id = OLD.user_id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.read_at IS NULL THEN
        UPDATE users SET unread_notifications = unread_notifications + 1 WHERE id = NEW.user_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION count_unread_staff_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.read_at IS NULL THEN
        UPDATE staff SET unread_notifications = unread_notifications - 1 WHERE id = OLD.staff_id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.read_at IS NULL THEN
        UPDATE staff SET unread_notifications = unread_notifications + 1 WHERE id = NEW.staff_id;
    END IF;
    RETURN NULL;
END
$$;

-- An update counts only when it reads or unreads a notification, or moves it to someone else.
CREATE TRIGGER unread_count AFTER INSERT OR DELETE ON notifications
    FOR EACH ROW EXECUTE FUNCTION count_unread_notifications();
CREATE TRIGGER unread_count_update AFTER UPDATE OF read_at, user_id ON notifications
    FOR EACH ROW
    WHEN (OLD.read_at IS DISTINCT FROM NEW.read_at OR OLD.user_id <> NEW.user_id)
    EXECUTE FUNCTION count_unread_notifications();
CREATE TRIGGER unread_count AFTER INSERT OR DELETE ON staff_notifications
    FOR EACH ROW EXECUTE FUNCTION count_unread_staff_notifications();
CREATE TRIGGER unread_count_update AFTER UPDATE OF read_at, staff_id ON staff_notifications
    FOR EACH ROW
    WHEN (OLD.read_at IS DISTINCT FROM NEW.read_at OR OLD.staff_id <> NEW.staff_id)
    EXECUTE FUNCTION count_unread_staff_notifications();
