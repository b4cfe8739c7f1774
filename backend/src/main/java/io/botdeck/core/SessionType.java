package io.botdeck.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a session does: a live paper test, a backtest over a time range, or a market scraper. Neutral
 * vocabulary: the sessions that run, and the strategies that say which kinds they can run as.
 */
public enum SessionType {
    TEST, BACKTEST, SCRAPER;

    /** The value stored in the database and used by the REST API. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SessionType fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The type named by user input in any letter case, or null. */
    public static SessionType named(String value) {
        for (SessionType t : values()) {
            if (t.name().equalsIgnoreCase(value)) {
                return t;
            }
        }
        return null;
    }

    /** The wire values, comma-separated (for messages listing what is allowed). */
    public static String allowed() {
        return Arrays.stream(values()).map(SessionType::wire).collect(Collectors.joining(", "));
    }
}
