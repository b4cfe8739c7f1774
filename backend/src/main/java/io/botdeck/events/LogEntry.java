package io.botdeck.events;

import java.util.Map;

import io.botdeck.engine.core.LogLevel;

/**
 * One line of a session's log: what the bot saw, decided and did, in order.
 *
 * @param seq        position in the session's log, 1, 2, 3... (gap-free, survives restarts)
 * @param timeMillis when it happened, unix milliseconds (market time in a backtest)
 * @param kind       what sort of line: a log message, a trade, a heartbeat, progress, or a notice
 *                   that the reader missed lines
 * @param data       details of a trade, progress figures, or the missed count; empty otherwise
 */
public record LogEntry(long seq, long timeMillis, Kind kind, LogLevel level, String message, Map<String, Object> data) {

    public enum Kind {
        LOG, TRADE, HEARTBEAT, PROGRESS, STATUS, MISSED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public LogEntry {
        data = data == null ? Map.of() : data;
    }

    /** Not written to the log file or counted in sequence numbers: live-only notices. */
    public boolean isTransient() {
        return kind == Kind.PROGRESS || kind == Kind.MISSED;
    }

    public static LogEntry missed(long count, long timeMillis) {
        return new LogEntry(0, timeMillis, Kind.MISSED, LogLevel.WARN,
                "missed " + count + " line" + (count == 1 ? "" : "s") + " (reader too slow)", Map.of("missed", count));
    }
}
