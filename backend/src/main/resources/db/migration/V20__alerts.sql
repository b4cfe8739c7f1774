-- Alerts: where notifications go (channels), what to watch (rules), what happened (alerts, one
-- row per episode of a rule on a session), session mutes, and the outbox every notification
-- passes through. Runs on MariaDB 10.11+ and MySQL 8; no foreign key to sessions (deleting a
-- session keeps its alert history).

CREATE TABLE alert_channels (
  id VARCHAR(36) PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  type ENUM('webhook', 'slack', 'discord', 'telegram', 'ntfy') NOT NULL,
  url VARCHAR(2000),                 -- webhook, slack, discord, ntfy
  secret VARCHAR(500),               -- webhook HMAC key; never returned in full
  bot_token VARCHAR(500),            -- telegram; never returned in full
  chat_id VARCHAR(100),              -- telegram
  api_url VARCHAR(2000),             -- telegram, null = https://api.telegram.org
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE alert_rules (
  id VARCHAR(36) PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  kind ENUM('stale', 'failed', 'drawdown', 'loss', 'no_trade', 'error_rate', 'session_finished') NOT NULL,
  threshold DECIMAL(20, 8),          -- seconds, percent, amount or lines per minute, by kind
  scope_type VARCHAR(20),
  scope_market VARCHAR(20),
  scope_strategy VARCHAR(100),
  scope_session_id VARCHAR(36),
  enabled BOOLEAN NOT NULL DEFAULT TRUE,
  muted_until TIMESTAMP NULL DEFAULT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE alert_rule_channels (
  rule_id VARCHAR(36) NOT NULL,
  channel_id VARCHAR(36) NOT NULL,
  PRIMARY KEY (rule_id, channel_id),
  INDEX idx_channel (channel_id),
  CONSTRAINT fk_arc_rule FOREIGN KEY (rule_id) REFERENCES alert_rules (id) ON DELETE CASCADE,
  CONSTRAINT fk_arc_channel FOREIGN KEY (channel_id) REFERENCES alert_channels (id) ON DELETE CASCADE
);

CREATE TABLE alert_session_mutes (
  session_id VARCHAR(36) PRIMARY KEY,
  muted_until TIMESTAMP NOT NULL
);

-- One episode: opened when the rule's condition starts for a session, resolved when it clears.
-- open_key is 'rule id/session id' while the episode is open and NULL after, so a rule never has
-- two open episodes on one session.
CREATE TABLE alerts (
  id VARCHAR(36) PRIMARY KEY,
  rule_id VARCHAR(36) NOT NULL,
  rule_name VARCHAR(100) NOT NULL,
  kind ENUM('stale', 'failed', 'drawdown', 'loss', 'no_trade', 'error_rate', 'session_finished') NOT NULL,
  session_id VARCHAR(36) NOT NULL,
  session_name VARCHAR(255) NOT NULL,
  session_type VARCHAR(20) NOT NULL,
  market VARCHAR(20) NOT NULL,
  strategy VARCHAR(100) NOT NULL,
  detail VARCHAR(500) NOT NULL,
  started_at TIMESTAMP(3) NOT NULL,
  acknowledged_at TIMESTAMP(3) NULL DEFAULT NULL,
  resolved_at TIMESTAMP(3) NULL DEFAULT NULL,
  open_key VARCHAR(80),
  UNIQUE INDEX uq_open (open_key),
  INDEX idx_started (started_at),
  INDEX idx_session (session_id, started_at),
  INDEX idx_rule (rule_id)
);

-- Every notification of an episode to a channel: one row per (alert, channel, phase), so the
-- same episode is never sent twice to a channel. Rows of one channel due together are sent as
-- one message; failures are retried with backoff until accepted or the retry limit.
CREATE TABLE alert_outbox (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  alert_id VARCHAR(36) NOT NULL,
  channel_id VARCHAR(36) NOT NULL,
  phase ENUM('started', 'resolved') NOT NULL,
  state ENUM('pending', 'delivered', 'failed') NOT NULL DEFAULT 'pending',
  attempts INT NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMP(3) NOT NULL,
  last_error VARCHAR(1000),
  created_at TIMESTAMP(3) NOT NULL,
  delivered_at TIMESTAMP(3) NULL DEFAULT NULL,
  UNIQUE INDEX uq_notification (alert_id, channel_id, phase),
  INDEX idx_due (state, channel_id, next_attempt_at),
  CONSTRAINT fk_outbox_channel FOREIGN KEY (channel_id) REFERENCES alert_channels (id) ON DELETE CASCADE
);

-- A fresh install watches every live session for going stale and for failing.
INSERT INTO alert_rules (id, name, kind, threshold, scope_type, enabled) VALUES
  ('7c1e3b52-5a0f-4c1e-9d1a-000000000001', 'Live session stale', 'stale', 30, 'test', TRUE),
  ('7c1e3b52-5a0f-4c1e-9d1a-000000000002', 'Live session failed', 'failed', NULL, 'test', TRUE);
