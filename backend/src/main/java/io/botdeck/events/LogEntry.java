package io.botdeck.events;

import java.util.Map;
import java.util.Objects;

import io.botdeck.core.LogLevel;

/**
 * One line of a session's log: what the bot saw, decided and did, in order. Immutable; a line
 * published to many readers is the same object for all of them. A trade line carries its trade
 * typed ({@link #trade()}); its {@code data} is that trade's JSON details.
 */
public final class LogEntry {

    public enum Kind {
        LOG, TRADE, HEARTBEAT, PROGRESS, STATUS, MISSED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final long seq;
    private final long timeMillis;
    private final Kind kind;
    private final LogLevel level;
    private final String message;
    private final Map<String, Object> data;
    private final TradeLine trade;

    /**
     * @param seq        position in the session's log, 1, 2, 3... (gap-free, survives restarts); 0 for notices
     * @param timeMillis when it happened, unix milliseconds (market time in a backtest)
     * @param kind       what sort of line: a log message, a trade, a heartbeat, progress, or a notice
     *                   that the reader missed lines
     * @param data       details of a trade (as read back from a log file), progress figures, or the
     *                   missed count; empty otherwise
     */
    public LogEntry(long seq, long timeMillis, Kind kind, LogLevel level, String message, Map<String, Object> data) {
        this(seq, timeMillis, kind, level, message, data == null ? Map.of() : data,
                kind == Kind.TRADE && data != null ? TradeLine.fromData(data) : null);
    }

    private LogEntry(long seq, long timeMillis, Kind kind, LogLevel level, String message, Map<String, Object> data, TradeLine trade) {
        this.seq = seq;
        this.timeMillis = timeMillis;
        this.kind = kind;
        this.level = level;
        this.message = message;
        this.data = data;
        this.trade = trade;
    }

    /** A trade line, not numbered yet. */
    public static LogEntry trade(long timeMillis, String message, TradeLine trade) {
        return new LogEntry(0, timeMillis, Kind.TRADE, LogLevel.TRADE, message, trade.data(), trade);
    }

    /** This line at position {@code seq} of its log. */
    LogEntry withSeq(long seq) {
        return new LogEntry(seq, timeMillis, kind, level, message, data, trade);
    }

    public long seq() {
        return seq;
    }

    public long timeMillis() {
        return timeMillis;
    }

    public Kind kind() {
        return kind;
    }

    public LogLevel level() {
        return level;
    }

    public String message() {
        return message;
    }

    public Map<String, Object> data() {
        return data;
    }

    /** The trade of a trade line; null for other lines. */
    public TradeLine trade() {
        return trade;
    }

    /** Not written to the log file or counted in sequence numbers: live-only notices. */
    public boolean isTransient() {
        return kind == Kind.PROGRESS || kind == Kind.MISSED;
    }

    public static LogEntry missed(long count, long timeMillis) {
        return new LogEntry(0, timeMillis, Kind.MISSED, LogLevel.WARN,
                "missed " + count + " line" + (count == 1 ? "" : "s") + " (reader too slow)", Map.of("missed", count));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogEntry e && seq == e.seq && timeMillis == e.timeMillis && kind == e.kind && level == e.level
                && Objects.equals(message, e.message) && data.equals(e.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seq, timeMillis, kind, level, message, data);
    }

    @Override
    public String toString() {
        return "LogEntry[seq=" + seq + ", timeMillis=" + timeMillis + ", kind=" + kind + ", level=" + level
                + ", message=" + message + ", data=" + data + "]";
    }
}
