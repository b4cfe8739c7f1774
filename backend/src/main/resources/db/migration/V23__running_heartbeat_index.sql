-- Stale detection at scale (issue 16): running sessions whose last heartbeat is older than the
-- stale limit are found from this index, reading the stale ones only, not every running session.
ALTER TABLE sessions ADD INDEX idx_status_heartbeat (status, last_updated);
