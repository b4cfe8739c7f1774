-- Every lifecycle transition writes a session_events row: the plan's event types plus the
-- transitions it does not name (completion, failure, restart, configuration edits, clones).
ALTER TABLE session_events
  MODIFY COLUMN event_type ENUM('created', 'started', 'stopped', 'trade', 'error', 'metric_update',
                                'completed', 'failed', 'restarted', 'updated', 'cloned');

-- Why a session failed, kept on the row so lists can show it without reading events.
ALTER TABLE sessions ADD COLUMN error_message TEXT NULL;

-- Creation order for sessions created within the same second (created_at has whole seconds):
-- the tie-breaker of every sorted list, so paging is stable.
ALTER TABLE sessions ADD COLUMN row_no BIGINT NOT NULL AUTO_INCREMENT UNIQUE;

-- Lists filter by market and sort by any of these; the history view pages by stop time.
CREATE INDEX idx_market ON sessions (market);
CREATE INDEX idx_stopped ON sessions (stopped_at);
