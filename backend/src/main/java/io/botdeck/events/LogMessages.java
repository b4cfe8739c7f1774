package io.botdeck.events;

import java.util.LinkedHashMap;
import java.util.Map;

/** The plan's WebSocket and REST shapes of a log line: {@code type}, unix-second {@code timestamp}, ... */
public final class LogMessages {

    private LogMessages() {
    }

    public static Map<String, Object> of(LogEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        String type = switch (e.kind()) {
            case LOG -> "log";
            case TRADE -> "trade";
            case HEARTBEAT -> "heartbeat";
            case PROGRESS -> "progress";
            case STATUS -> "status";
            case MISSED -> "missed";
        };
        m.put("type", type);
        if (e.seq() > 0) {
            m.put("seq", e.seq());
        }
        m.put("timestamp", Math.floorDiv(e.timeMillis(), 1000L));
        m.put("timestamp_ms", e.timeMillis());
        if (e.kind() != LogEntry.Kind.HEARTBEAT) {
            m.put("level", e.level().wire());
            m.put("message", e.message());
        }
        if (e.kind() == LogEntry.Kind.MISSED) {
            m.put("missed", e.data().get("missed"));
        } else if (!e.data().isEmpty()) {
            m.put("data", e.data());
        }
        return m;
    }
}
