-- The count of sessions per status, type and market changes only when an update moves one of
-- them. The trigger of V8 built a two-row table for every update of a session (heartbeats,
-- progress, results: many per second with many live sessions) and then kept none of it; this
-- one tests first and changes the two counter rows, in key order, only on a move.
-- Runs on MariaDB 10.11+ and MySQL 8 (a compound trigger body; no DELIMITER needed by Flyway).

DROP TRIGGER sessions_count_update;

CREATE TRIGGER sessions_count_update AFTER UPDATE ON sessions FOR EACH ROW
BEGIN
  IF NOT (OLD.status <=> NEW.status AND OLD.type <=> NEW.type AND OLD.market <=> NEW.market) THEN
    IF (COALESCE(OLD.status, ''), CAST(OLD.type AS CHAR(20)), OLD.market)
        < (COALESCE(NEW.status, ''), CAST(NEW.type AS CHAR(20)), NEW.market) THEN
      INSERT INTO session_counts (status, type, market, n) VALUES (COALESCE(OLD.status, ''), OLD.type, OLD.market, -1)
        ON DUPLICATE KEY UPDATE n = n - 1;
      INSERT INTO session_counts (status, type, market, n) VALUES (COALESCE(NEW.status, ''), NEW.type, NEW.market, 1)
        ON DUPLICATE KEY UPDATE n = n + 1;
    ELSE
      INSERT INTO session_counts (status, type, market, n) VALUES (COALESCE(NEW.status, ''), NEW.type, NEW.market, 1)
        ON DUPLICATE KEY UPDATE n = n + 1;
      INSERT INTO session_counts (status, type, market, n) VALUES (COALESCE(OLD.status, ''), OLD.type, OLD.market, -1)
        ON DUPLICATE KEY UPDATE n = n - 1;
    END IF;
  END IF;
END;
