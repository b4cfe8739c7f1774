package io.botdeck.session;

/**
 * Something about a session changed: the lists and subscriptions reload it.
 *
 * @param kind what changed
 */
public record SessionChange(String sessionId, Kind kind) {

    public enum Kind {
        /** Created by create or clone. */
        CREATED,
        /** Name, notes or configuration edited. */
        UPDATED,
        /** Lifecycle transition (start, stop, restart, completion, failure). */
        STATUS,
        /** Trade count, PnL, win rate, drawdown, progress or data points moved. */
        RESULTS,
        /** A heartbeat arrived. */
        HEARTBEAT,
        /** The session went stale (no heartbeat for longer than the limit). */
        STALE,
        /** A stale session heartbeated again. */
        RECOVERED,
        /** Deleted. */
        DELETED
    }
}
