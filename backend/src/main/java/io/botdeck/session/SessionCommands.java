package io.botdeck.session;

import io.botdeck.core.SessionType;
import tools.jackson.databind.JsonNode;

/** What users send to create, change and clone sessions; null means "not given". */
public final class SessionCommands {

    private SessionCommands() {
    }

    public static final int MAX_NAME_LENGTH = 255;
    public static final int MAX_NOTES_LENGTH = 10_000;

    /**
     * A new session; {@code strategyParams} is laid over the strategy's defaults. {@code leanLog}
     * (backtests only; null means false): its log keeps only trade, warning and error lines.
     */
    public record CreateSession(
            String name,
            SessionType type,
            String market,
            String exchange,
            String strategy,
            JsonNode strategyParams,
            Long rangeStart,
            Long rangeEnd,
            String notes,
            Boolean leanLog) {

        public CreateSession(String name, SessionType type, String market, String exchange, String strategy,
                             JsonNode strategyParams, Long rangeStart, Long rangeEnd, String notes) {
            this(name, type, market, exchange, strategy, strategyParams, rangeStart, rangeEnd, notes, null);
        }
    }

    /**
     * Changes to a session. Name and notes can change at any time (an empty notes string clears
     * them); market, params and range only while the session is {@code created}.
     */
    public record UpdateSession(
            String name,
            String notes,
            String market,
            JsonNode strategyParams,
            Long rangeStart,
            Long rangeEnd) {

        public boolean changesConfiguration() {
            return market != null || strategyParams != null || rangeStart != null || rangeEnd != null;
        }
    }

    /** Overrides applied to a copy of a session's configuration. */
    public record CloneSession(
            String name,
            String notes,
            String market,
            JsonNode strategyParams,
            Long rangeStart,
            Long rangeEnd) {

        public static final CloneSession NONE = new CloneSession(null, null, null, null, null, null);
    }
}
