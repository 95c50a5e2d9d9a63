DROP TRIGGER unread_count_update ON staff_notifications;
DROP TRIGGER unread_count ON staff_notifications;
DROP TRIGGER unread_count_update ON notifications;
DROP TRIGGER unread_count ON notifications;
DROP FUNCTION count_unread_staff_notifications();
DROP FUNCTION count_unread_notifications();
ALTER TABLE staff DROP COLUMN unread_notifications;
ALTER TABLE users DROP COLUMN unread_notifications;
