-- The three tables of the approved plan (section 1), as written there.

CREATE TABLE sessions (
  id VARCHAR(36) PRIMARY KEY,
  name VARCHAR(255),
  type ENUM('test', 'backtest', 'scraper') NOT NULL,
  market VARCHAR(20) NOT NULL,
  exchange VARCHAR(50) DEFAULT 'bitmex',
  strategy VARCHAR(100) NOT NULL,
  strategy_params JSON,
  range_start BIGINT,
  range_end BIGINT,
  status ENUM('created', 'running', 'stopped', 'completed', 'failed') DEFAULT 'created',
  pid INT,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  started_at TIMESTAMP NULL,
  stopped_at TIMESTAMP NULL,
  last_updated TIMESTAMP NULL,
  trade_count INT DEFAULT 0,
  total_pnl DECIMAL(20,8) DEFAULT 0,
  win_rate DECIMAL(5,2) DEFAULT 0,
  max_drawdown DECIMAL(10,4) DEFAULT 0,
  trades_file VARCHAR(500),
  logs_file VARCHAR(500),
  cloned_from VARCHAR(36),
  notes TEXT,
  INDEX idx_status (status),
  INDEX idx_type (type),
  INDEX idx_created (created_at DESC),
  FOREIGN KEY (cloned_from) REFERENCES sessions(id) ON DELETE SET NULL
);

CREATE TABLE strategies (
  id VARCHAR(50) PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  description TEXT,
  supported_types JSON,
  supported_markets JSON,
  default_params JSON,
  param_schema JSON,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

INSERT INTO strategies (id, name, description, supported_types, supported_markets, default_params, param_schema) VALUES
('TestBot', 'Test Bot', 'Simple test strategy for single market',
 '["test", "backtest"]', '["XBTUSD", "ETHUSD", "SOLUSD"]',
 '{"threshold": 0.5, "position_size": 100}',
 '{"type":"object","properties":{"threshold":{"type":"number","min":0,"max":1},"position_size":{"type":"integer","min":1}}}'),
('PairTradeBot', 'Pair Trade Bot', 'Statistical arbitrage between two markets',
 '["test", "backtest"]', '["XBTUSD+ETHUSD", "XBTUSD+SOLUSD"]',
 '{"spread_threshold": 2.0, "lookback": 100}',
 '{"type":"object","properties":{"spread_threshold":{"type":"number"},"lookback":{"type":"integer"}}}'),
('MarketScraper', 'Market Scraper', 'Collects market data without trading',
 '["scraper"]', '["*"]',
 '{"archive_interval": 60}',
 '{"type":"object","properties":{"archive_interval":{"type":"integer","min":1}}}');

CREATE TABLE session_events (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  session_id VARCHAR(36) NOT NULL,
  event_type ENUM('created', 'started', 'stopped', 'trade', 'error', 'metric_update'),
  event_data JSON,
  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  INDEX idx_session (session_id),
  INDEX idx_created (created_at),
  FOREIGN KEY (session_id) REFERENCES sessions(id) ON DELETE CASCADE
);
