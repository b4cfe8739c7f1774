-- History at a million sessions (issue 10): indexes that match every list order, a word index
-- for search, exact counts by status/type/market, and counters for generated names.
-- Runs on MariaDB 10.11+ and MySQL 8; every statement is one statement (no DELIMITER).

-- 1. One index per sortable column, ordered (column, row_no) like the lists, and carrying the
--    columns the lists filter on, so a page (and its deep offsets) is read from the index alone
--    and the full rows are fetched only for the page. idx_status, idx_type, idx_created,
--    idx_market and idx_stopped keep their names and gain columns.
ALTER TABLE sessions
  DROP INDEX idx_status,
  DROP INDEX idx_type,
  DROP INDEX idx_created,
  DROP INDEX idx_market,
  DROP INDEX idx_stopped,
  ADD INDEX idx_created (created_at, row_no, status, type, market, stopped_at),
  ADD INDEX idx_stopped (stopped_at, row_no, status, type, market, created_at),
  ADD INDEX idx_started (started_at, row_no, status, type, market, stopped_at, created_at),
  ADD INDEX idx_last_updated (last_updated, row_no, status, type, market, stopped_at, created_at),
  ADD INDEX idx_status (status, row_no, type, market, stopped_at, created_at),
  ADD INDEX idx_type (type, row_no, status, market, stopped_at, created_at),
  ADD INDEX idx_market (market, row_no, status, type, stopped_at, created_at),
  ADD INDEX idx_name (name, row_no, status, type, market, stopped_at, created_at),
  ADD INDEX idx_strategy (strategy, row_no, status, type, market, stopped_at, created_at),
  ADD INDEX idx_trade_count (trade_count, row_no, status, type, market, stopped_at, created_at),
  ADD INDEX idx_total_pnl (total_pnl, row_no, status, type, market, stopped_at, created_at),
  ADD INDEX idx_win_rate (win_rate, row_no, status, type, market, stopped_at, created_at),
  ADD INDEX idx_max_drawdown (max_drawdown, row_no, status, type, market, stopped_at, created_at);

-- 2. Search finds words (and word beginnings) in name, strategy, market and notes.
ALTER TABLE sessions ADD FULLTEXT INDEX ft_search (name, strategy, market, notes);

-- 3. A trade page is read in the order of this index (newest first), not sorted.
ALTER TABLE trades ADD INDEX idx_session_entry_no (session_id, entry_time, trade_no);
ALTER TABLE trades DROP INDEX idx_session_entry;

-- 4. How many sessions there are of each status, type and market: the exact total of any list
--    filtered only by those, without counting rows. Kept by the triggers below, in the same
--    transaction as the change; a status move changes both rows in key order.
CREATE TABLE session_counts (
  status VARCHAR(20) NOT NULL,
  type VARCHAR(20) NOT NULL,
  market VARCHAR(20) NOT NULL,
  n BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (status, type, market)
);

INSERT INTO session_counts (status, type, market, n)
SELECT COALESCE(status, ''), type, market, COUNT(*) FROM sessions GROUP BY COALESCE(status, ''), type, market;

CREATE TRIGGER sessions_count_insert AFTER INSERT ON sessions FOR EACH ROW
  INSERT INTO session_counts (status, type, market, n) VALUES (COALESCE(NEW.status, ''), NEW.type, NEW.market, 1)
  ON DUPLICATE KEY UPDATE n = n + 1;

CREATE TRIGGER sessions_count_delete AFTER DELETE ON sessions FOR EACH ROW
  UPDATE session_counts SET n = n - 1
  WHERE status = COALESCE(OLD.status, '') AND type = OLD.type AND market = OLD.market;

CREATE TRIGGER sessions_count_update AFTER UPDATE ON sessions FOR EACH ROW
  INSERT INTO session_counts (status, type, market, n)
  SELECT k.status, k.type, k.market, k.d FROM (
    SELECT COALESCE(OLD.status, '') AS status, CAST(OLD.type AS CHAR(20)) AS type, OLD.market AS market, -1 AS d
    UNION ALL
    SELECT COALESCE(NEW.status, ''), CAST(NEW.type AS CHAR(20)), NEW.market, 1
  ) k
  WHERE NOT (OLD.status <=> NEW.status AND OLD.type <=> NEW.type AND OLD.market <=> NEW.market)
  ORDER BY k.status, k.type, k.market
  ON DUPLICATE KEY UPDATE n = n + VALUES(n);

-- 5. The last number given to each generated-name prefix ("BTC Test #"): creating a session
--    takes the next one with one locked row instead of reading every name with that prefix.
CREATE TABLE session_name_counters (
  prefix VARCHAR(300) NOT NULL PRIMARY KEY,
  last_no INT NOT NULL
);

INSERT INTO session_name_counters (prefix, last_no)
SELECT p, MAX(n) FROM (
  SELECT LEFT(name, CHAR_LENGTH(name) - CHAR_LENGTH(SUBSTRING_INDEX(name, '#', -1))) AS p,
         CAST(SUBSTRING_INDEX(name, '#', -1) AS UNSIGNED) AS n
  FROM sessions WHERE name REGEXP ' #[0-9]{1,9}$'
) numbered GROUP BY p;
