package io.botdeck.health;

import java.time.Instant;

import io.botdeck.session.Session;

/**
 * Liveness of a running session.
 *
 * @param stale no heartbeat for longer than the stale limit; such a session stays running until
 *              a user restarts or stops it (the plan's "manual" stale action)
 */
public record SessionHealth(Session session, Instant lastUpdated, long secondsSinceUpdate, boolean stale) {

    public static final String STALE_ACTION = "manual";
}
