-- Sweeps (issue 13): a grid of backtests of one strategy, market and range over one to three
-- parameters. Each cell is an ordinary backtest session linked to its sweep; a cell's metrics are
-- copied into sweep_cells when it ends, so sorting, heatmaps and the best cell read one sweep's
-- rows and survive the deletion of a cell's session.
-- Runs on MariaDB 10.11+ and MySQL 8; the trigger bodies are single compound statements.

CREATE TABLE sweeps (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  name VARCHAR(255) NOT NULL,
  strategy VARCHAR(100) NOT NULL,
  market VARCHAR(20) NOT NULL,
  exchange VARCHAR(50) NOT NULL DEFAULT 'bitmex',
  range_start BIGINT NOT NULL,
  range_end BIGINT NOT NULL,
  base_params JSON NOT NULL,
  grid JSON NOT NULL,
  status ENUM('running', 'completed', 'cancelled', 'interrupted') NOT NULL,
  cell_count INT NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  finished_at TIMESTAMP NULL,
  error TEXT NULL,
  row_no BIGINT NOT NULL AUTO_INCREMENT UNIQUE,
  INDEX idx_sweeps_created (created_at, row_no),
  INDEX idx_sweeps_status (status)
);

CREATE TABLE sweep_cells (
  sweep_id VARCHAR(36) NOT NULL,
  idx INT NOT NULL,
  params JSON NOT NULL,
  session_id VARCHAR(36) NULL,
  status ENUM('queued', 'running', 'completed', 'failed', 'stopped') NOT NULL DEFAULT 'queued',
  total_pnl DECIMAL(20,8) NULL,
  win_rate DECIMAL(5,2) NULL,
  max_drawdown DECIMAL(10,4) NULL,
  trade_count INT NULL,
  sharpe DOUBLE NULL,
  sortino DOUBLE NULL,
  profit_factor DOUBLE NULL,
  started_at TIMESTAMP(3) NULL,
  finished_at TIMESTAMP(3) NULL,
  PRIMARY KEY (sweep_id, idx),
  INDEX idx_sweep_cells_status (sweep_id, status, idx),
  INDEX idx_sweep_cells_session (session_id),
  FOREIGN KEY (sweep_id) REFERENCES sweeps(id) ON DELETE CASCADE,
  FOREIGN KEY (session_id) REFERENCES sessions(id) ON DELETE SET NULL
);

-- A cell session names its sweep. Deleting a sweep deletes its cell sessions through the service
-- (with their files) first, so the key refuses to orphan them. sweep_cell says "is a cell" in one
-- byte, carried by every list index so that lists with or without cells are still read from the
-- index alone; idx_sweep lists one sweep's cells.
ALTER TABLE sessions
  ADD COLUMN sweep_id VARCHAR(36) NULL,
  ADD COLUMN sweep_cell TINYINT GENERATED ALWAYS AS (sweep_id IS NOT NULL) STORED,
  ADD INDEX idx_sweep (sweep_id, row_no),
  ADD CONSTRAINT fk_sessions_sweep FOREIGN KEY (sweep_id) REFERENCES sweeps(id);

ALTER TABLE sessions
  DROP INDEX idx_created,
  DROP INDEX idx_stopped,
  DROP INDEX idx_started,
  DROP INDEX idx_last_updated,
  DROP INDEX idx_status,
  DROP INDEX idx_type,
  DROP INDEX idx_market,
  DROP INDEX idx_name,
  DROP INDEX idx_strategy,
  DROP INDEX idx_trade_count,
  DROP INDEX idx_total_pnl,
  DROP INDEX idx_win_rate,
  DROP INDEX idx_max_drawdown,
  ADD INDEX idx_created (created_at, row_no, status, type, market, stopped_at, sweep_cell),
  ADD INDEX idx_stopped (stopped_at, row_no, status, type, market, created_at, sweep_cell),
  ADD INDEX idx_started (started_at, row_no, status, type, market, stopped_at, created_at, sweep_cell),
  ADD INDEX idx_last_updated (last_updated, row_no, status, type, market, stopped_at, created_at, sweep_cell),
  ADD INDEX idx_status (status, row_no, type, market, stopped_at, created_at, sweep_cell),
  ADD INDEX idx_type (type, row_no, status, market, stopped_at, created_at, sweep_cell),
  ADD INDEX idx_market (market, row_no, status, type, stopped_at, created_at, sweep_cell),
  ADD INDEX idx_name (name, row_no, status, type, market, stopped_at, created_at, sweep_cell),
  ADD INDEX idx_strategy (strategy, row_no, status, type, market, stopped_at, created_at, sweep_cell),
  ADD INDEX idx_trade_count (trade_count, row_no, status, type, market, stopped_at, created_at, sweep_cell),
  ADD INDEX idx_total_pnl (total_pnl, row_no, status, type, market, stopped_at, created_at, sweep_cell),
  ADD INDEX idx_win_rate (win_rate, row_no, status, type, market, stopped_at, created_at, sweep_cell),
  ADD INDEX idx_max_drawdown (max_drawdown, row_no, status, type, market, stopped_at, created_at, sweep_cell);

-- The kept counts gain "is a cell", so lists with or without cells keep exact totals. No session
-- is a cell yet: every existing count row is one of non-cells.
ALTER TABLE session_counts
  ADD COLUMN sweep_cell TINYINT NOT NULL DEFAULT 0,
  DROP PRIMARY KEY,
  ADD PRIMARY KEY (status, type, market, sweep_cell);

DROP TRIGGER sessions_count_insert;
DROP TRIGGER sessions_count_delete;
DROP TRIGGER sessions_count_update;

CREATE TRIGGER sessions_count_insert AFTER INSERT ON sessions FOR EACH ROW
  INSERT INTO session_counts (status, type, market, sweep_cell, n)
  VALUES (COALESCE(NEW.status, ''), NEW.type, NEW.market, NEW.sweep_id IS NOT NULL, 1)
  ON DUPLICATE KEY UPDATE n = n + 1;

CREATE TRIGGER sessions_count_delete AFTER DELETE ON sessions FOR EACH ROW
  UPDATE session_counts SET n = n - 1
  WHERE status = COALESCE(OLD.status, '') AND type = OLD.type AND market = OLD.market
    AND sweep_cell = (OLD.sweep_id IS NOT NULL);

CREATE TRIGGER sessions_count_update AFTER UPDATE ON sessions FOR EACH ROW
BEGIN
  IF NOT (OLD.status <=> NEW.status AND OLD.type <=> NEW.type AND OLD.market <=> NEW.market
          AND (OLD.sweep_id IS NULL) = (NEW.sweep_id IS NULL)) THEN
    IF (COALESCE(OLD.status, ''), CAST(OLD.type AS CHAR(20)), OLD.market, OLD.sweep_id IS NOT NULL)
        < (COALESCE(NEW.status, ''), CAST(NEW.type AS CHAR(20)), NEW.market, NEW.sweep_id IS NOT NULL) THEN
      INSERT INTO session_counts (status, type, market, sweep_cell, n)
        VALUES (COALESCE(OLD.status, ''), OLD.type, OLD.market, OLD.sweep_id IS NOT NULL, -1)
        ON DUPLICATE KEY UPDATE n = n - 1;
      INSERT INTO session_counts (status, type, market, sweep_cell, n)
        VALUES (COALESCE(NEW.status, ''), NEW.type, NEW.market, NEW.sweep_id IS NOT NULL, 1)
        ON DUPLICATE KEY UPDATE n = n + 1;
    ELSE
      INSERT INTO session_counts (status, type, market, sweep_cell, n)
        VALUES (COALESCE(NEW.status, ''), NEW.type, NEW.market, NEW.sweep_id IS NOT NULL, 1)
        ON DUPLICATE KEY UPDATE n = n + 1;
      INSERT INTO session_counts (status, type, market, sweep_cell, n)
        VALUES (COALESCE(OLD.status, ''), OLD.type, OLD.market, OLD.sweep_id IS NOT NULL, -1)
        ON DUPLICATE KEY UPDATE n = n - 1;
    END IF;
  END IF;
END;
