package io.botdeck.session;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.botdeck.error.InvalidInputException;

/**
 * Where a session is in its life. The allowed moves are
 * {@code created → running → stopped | completed | failed} and a restart from
 * {@code stopped}, {@code failed} or a stale {@code running} back to {@code running}.
 */
public enum SessionStatus {
    CREATED, RUNNING, STOPPED, COMPLETED, FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SessionStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public static SessionStatus parse(String field, String value) {
        for (SessionStatus s : values()) {
            if (s.name().equalsIgnoreCase(value)) {
                return s;
            }
        }
        throw InvalidInputException.field(field, "unknown status '" + value + "'; expected one of "
                + Arrays.stream(values()).map(SessionStatus::wire).collect(Collectors.joining(", ")));
    }

    /** A session in a final state has finished running (it may still be restarted or cloned). */
    public boolean isFinished() {
        return this == STOPPED || this == COMPLETED || this == FAILED;
    }
}
