-- Paper trades of every session. A pair trade has one row per leg sharing `group_no`.
CREATE TABLE trades (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  session_id VARCHAR(36) NOT NULL,
  trade_no INT NOT NULL,
  group_no INT NOT NULL,
  market VARCHAR(20) NOT NULL,
  side ENUM('LONG', 'SHORT') NOT NULL,
  size DECIMAL(20,8) NOT NULL,
  entry_price DECIMAL(20,8) NOT NULL,
  exit_price DECIMAL(20,8) NULL,
  entry_time TIMESTAMP(3) NOT NULL,
  exit_time TIMESTAMP(3) NULL,
  pnl DECIMAL(20,8) NULL,
  fees DECIMAL(20,8) NOT NULL DEFAULT 0,
  exit_reason VARCHAR(30) NULL,
  UNIQUE KEY uq_session_trade (session_id, trade_no),
  INDEX idx_session_entry (session_id, entry_time),
  FOREIGN KEY (session_id) REFERENCES sessions(id) ON DELETE CASCADE
);

-- Candle archive, keyed by market, interval (seconds) and open time (unix seconds).
CREATE TABLE candles (
  market VARCHAR(20) NOT NULL,
  interval_sec INT NOT NULL,
  open_time BIGINT NOT NULL,
  open DECIMAL(20,8) NOT NULL,
  high DECIMAL(20,8) NOT NULL,
  low DECIMAL(20,8) NOT NULL,
  close DECIMAL(20,8) NOT NULL,
  volume DECIMAL(28,8) NOT NULL DEFAULT 0,
  trade_count INT NOT NULL DEFAULT 0,
  source VARCHAR(20) NOT NULL DEFAULT 'scraper',
  PRIMARY KEY (market, interval_sec, open_time)
);
