package io.botdeck.events;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.botdeck.core.LogLevel;

/**
 * One line of a session's log: what the bot saw, decided and did, in order. Immutable; a line
 * published to many readers is the same object for all of them, so it also keeps the bytes of
 * its WebSocket message once the first stream reader has encoded them.
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
    /** The encoded stream message; written at most a few times with equal bytes, so a racy read is harmless. */
    private volatile byte[] streamMessage;
    /** The GraphQL form, made once for all subscribers the same way. */
    private volatile LogGraphQlController.LogLine graphQlLine;

    /**
     * @param seq        position in the session's log, 1, 2, 3... (gap-free, survives restarts); 0 for notices
     * @param timeMillis when it happened, unix milliseconds (market time in a backtest)
     * @param kind       what sort of line: a log message, a trade, a heartbeat, progress, or a notice
     *                   that the reader missed lines
     * @param data       details of a trade, progress figures, or the missed count; empty otherwise
     */
    public LogEntry(long seq, long timeMillis, Kind kind, LogLevel level, String message, Map<String, Object> data) {
        this.seq = seq;
        this.timeMillis = timeMillis;
        this.kind = kind;
        this.level = level;
        this.message = message;
        this.data = data == null ? Map.of() : data;
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

    /** Not written to the log file or counted in sequence numbers: live-only notices. */
    public boolean isTransient() {
        return kind == Kind.PROGRESS || kind == Kind.MISSED;
    }

    /**
     * This line as a stream message, encoded by {@code encoder} the first time and shared by every
     * reader after that (a session's line goes to each of its readers unchanged).
     */
    byte[] streamMessage(Function<LogEntry, byte[]> encoder) {
        byte[] bytes = streamMessage;
        if (bytes == null) {
            bytes = encoder.apply(this);
            streamMessage = bytes;
        }
        return bytes;
    }

    /** This line as GraphQL's {@code LogEntry}, made by the first subscriber and shared by the others. */
    LogGraphQlController.LogLine graphQlLine() {
        LogGraphQlController.LogLine line = graphQlLine;
        if (line == null) {
            line = LogGraphQlController.LogLine.of(this);
            graphQlLine = line;
        }
        return line;
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
