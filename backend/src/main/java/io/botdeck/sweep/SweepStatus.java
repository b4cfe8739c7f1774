package io.botdeck.sweep;

import java.util.Locale;

/** Where a sweep is in its life: running until every cell ended (completed), was cancelled, or a restart interrupted it. */
public enum SweepStatus {
    RUNNING,
    COMPLETED,
    CANCELLED,
    INTERRUPTED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static SweepStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
