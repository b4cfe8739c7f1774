package io.botdeck.session;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.botdeck.error.InvalidInputException;

/** What a session does: a live paper test, a backtest over a time range, or a market scraper. */
public enum SessionType {
    TEST, BACKTEST, SCRAPER;

    /** The value stored in the database and used by the REST API. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SessionType fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Parses user input (any case) or fails with a message listing the allowed values. */
    public static SessionType parse(String field, String value) {
        for (SessionType t : values()) {
            if (t.name().equalsIgnoreCase(value)) {
                return t;
            }
        }
        throw InvalidInputException.field(field, "unknown type '" + value + "'; expected one of " + allowed());
    }

    static String allowed() {
        return Arrays.stream(values()).map(SessionType::wire).collect(Collectors.joining(", "));
    }
}
