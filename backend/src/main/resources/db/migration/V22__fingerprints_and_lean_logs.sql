-- Reproducibility and lean logs (issue 13).
-- fingerprint: what a completed backtest ran on and produced (engine build, strategy and its
--   parameter-schema version, parameters hash, the candles replayed per leg, trades hash);
--   written when the backtest completes, NULL before and for other sessions.
-- lean_log: the session's log keeps only trade, warning and error lines and the run's start and
--   end (sweep cells; backtests on request).
-- verifies: the session a verification run re-runs (NULL once that session is deleted), and
--   verifies_trades_hash the trades hash it is expected to reproduce, copied when it is created.
ALTER TABLE sessions
  ADD COLUMN fingerprint JSON NULL,
  ADD COLUMN lean_log BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN verifies VARCHAR(36) NULL,
  ADD COLUMN verifies_trades_hash CHAR(64) NULL,
  ADD CONSTRAINT fk_sessions_verifies FOREIGN KEY (verifies) REFERENCES sessions(id) ON DELETE SET NULL;
