-- Progress of a backtest (candles replayed / candles in its range) and the data points a
-- scraper collected, kept on the row so lists show them and they survive a restart.
ALTER TABLE sessions
  ADD COLUMN progress_done BIGINT NULL,
  ADD COLUMN progress_total BIGINT NULL,
  ADD COLUMN data_points BIGINT NOT NULL DEFAULT 0;
