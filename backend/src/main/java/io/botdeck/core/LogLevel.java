package io.botdeck.core;

import java.util.Locale;

/** Levels of a session's log lines (the plan's info, warn, error, trade; plus heartbeats). */
public enum LogLevel {
    INFO, WARN, ERROR, TRADE, HEARTBEAT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
