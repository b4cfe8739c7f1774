package io.botdeck.events;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.botdeck.config.BotdeckProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The {@link SessionLog} of every session that has one open in this process. */
@Component
public class SessionLogs {

    static final int REPLAY_CAPACITY = 10_000;
    static final int READER_CAPACITY = 4_096;

    private final Path logDir;
    private final JsonMapper json;
    private final Map<String, SessionLog> logs = new ConcurrentHashMap<>();
    private final LogCounters counters = new LogCounters();
    private final java.util.List<SessionLog.ErrorTap> errorTaps = new java.util.concurrent.CopyOnWriteArrayList<>();

    public SessionLogs(BotdeckProperties properties, JsonMapper json) {
        this.logDir = properties.dataDir().resolve("logs").toAbsolutePath().normalize();
        this.json = json;
    }

    /** Where a session's log file lives: {@code <data-dir>/logs/<session id>.jsonl}. */
    public Path pathOf(String sessionId) {
        return logDir.resolve(sessionId + ".jsonl");
    }

    public SessionLog of(String sessionId) {
        return logs.computeIfAbsent(sessionId,
                id -> new SessionLog(id, new LogFile(pathOf(id), json), REPLAY_CAPACITY, READER_CAPACITY, counters,
                        this::errorLines));
    }

    /** Lines written and dropped over every session's log since the start. */
    public LogCounters counters() {
        return counters;
    }

    /** Readers attached to any session's log right now (WebSocket streams and GraphQL subscriptions). */
    public int readerCount() {
        int sum = 0;
        for (SessionLog log : logs.values()) {
            sum += log.readerCount();
        }
        return sum;
    }

    /**
     * Hears how many error lines each session publishes, as they are published, on the thread
     * that publishes them: a tap must only count (never block, never fail).
     */
    public void tapErrorLines(SessionLog.ErrorTap tap) {
        errorTaps.add(tap);
    }

    private void errorLines(String sessionId, int count) {
        for (SessionLog.ErrorTap tap : errorTaps) {
            try {
                tap.errors(sessionId, count);
            } catch (RuntimeException e) {
                // a tap's failure never reaches the bot that logged
            }
        }
    }

    /** Forgets a deleted session's log (its file is removed by the caller). */
    public void forget(String sessionId) {
        logs.remove(sessionId);
    }
}
