package io.botdeck.session;

import java.util.Locale;

/** Kinds of rows in {@code session_events}, the audit log of a session. */
public enum SessionEventType {
    CREATED, STARTED, STOPPED, TRADE, ERROR, METRIC_UPDATE, COMPLETED, FAILED, RESTARTED, UPDATED, CLONED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SessionEventType fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
