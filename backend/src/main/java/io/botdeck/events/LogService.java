package io.botdeck.events;

import java.util.List;
import java.util.Set;

import io.botdeck.core.LogLevel;
import io.botdeck.session.SessionService;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import jakarta.annotation.PreDestroy;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Reading a session's log: a page of past lines, or past lines then live ones. */
@Service
public class LogService {

    public static final int MAX_TAIL = 10_000;
    static final int MAX_REPLAY = 100_000;
    /** Lines in one list of {@link #followBatches}. */
    public static final int MAX_BATCH = 1_000;

    private final SessionLogs logs;
    private final SessionService sessions;
    /**
     * Where subscribers' lines are turned into messages: not the shared parallel scheduler on
     * which the bots take their ticks, so that readers never queue a bot's work behind their own.
     */
    private final Scheduler delivery = Schedulers.newParallel("log-delivery", Math.max(1, Runtime.getRuntime().availableProcessors()));

    public LogService(SessionLogs logs, SessionService sessions) {
        this.logs = logs;
        this.sessions = sessions;
    }

    /** Lines after {@code sinceSeq} (oldest first), or the last {@code tail} lines when no sequence is given. */
    public Mono<List<LogEntry>> read(String sessionId, Long sinceSeq, int tail, Set<LogLevel> levels) {
        return sessions.get(sessionId).flatMap(s -> Mono.fromCallable(() -> {
            LogFile file = logs.of(sessionId).file();
            return sinceSeq != null
                    ? file.readAfter(sinceSeq, LogLevels.filter(levels), tail)
                    : file.tail(tail, LogLevels.filter(levels));
        }).subscribeOn(Schedulers.boundedElastic()));
    }

    /**
     * Past lines after {@code afterSeq} (or the last {@code tail} lines when it is null), then
     * live lines; errors with 404 for an unknown session.
     */
    public Flux<LogEntry> follow(String sessionId, Long afterSeq, int tail, Set<LogLevel> levels) {
        return sessions.get(sessionId).flatMapMany(s -> logs.of(sessionId)
                .follow(afterSeq == null ? -1 : afterSeq, tail, LogLevels.filter(levels), MAX_REPLAY));
    }

    /** The lines of {@link #follow}, in lists of what arrived together (at most {@link #MAX_BATCH} each). */
    public Flux<List<LogEntry>> followBatches(String sessionId, Long afterSeq, int tail, Set<LogLevel> levels) {
        return sessions.get(sessionId).flatMapMany(s -> logs.of(sessionId)
                .followBatches(afterSeq == null ? -1 : afterSeq, tail, LogLevels.filter(levels), MAX_REPLAY, MAX_BATCH));
    }

    /** The scheduler that readers' lines are delivered on. */
    public Scheduler delivery() {
        return delivery;
    }

    @PreDestroy
    void shutdown() {
        delivery.dispose();
    }

    public long lastSeq(String sessionId) {
        return logs.of(sessionId).lastSeq();
    }
}
