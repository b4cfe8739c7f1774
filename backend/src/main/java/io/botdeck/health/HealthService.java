package io.botdeck.health;

import io.botdeck.error.NotFoundException;
import io.botdeck.error.StorageStatus;
import io.botdeck.session.Session;
import io.botdeck.session.SessionChange;
import io.botdeck.session.SessionChanges;
import io.botdeck.session.SessionService;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Heartbeats and stale detection of running sessions. */
@Service
public class HealthService {

    private final SessionService sessions;
    private final SessionChanges changes;
    private final StorageStatus storage;

    public HealthService(SessionService sessions, SessionChanges changes, StorageStatus storage) {
        this.sessions = sessions;
        this.changes = changes;
        this.storage = storage;
    }

    /** Whether the database takes writes, and what runs hold unstored. */
    public StorageView storage() {
        return StorageView.of(storage.state(), sessions.now());
    }

    /** Every running session with its heartbeat age, oldest session first. */
    public Flux<SessionHealth> running() {
        return Flux.defer(() -> {
            Instant now = sessions.now();
            return sessions.running().map(s -> of(s, now));
        });
    }

    /** The running sessions that are stale now (read without going through every running session). */
    public Flux<SessionHealth> stale() {
        return Flux.defer(() -> {
            Instant now = sessions.now();
            return sessions.runningSilentTooLong().map(s -> of(s, now)).filter(SessionHealth::stale);
        });
    }

    /** The sessions of these ids that are running now. */
    public Flux<Session> runningOf(java.util.Collection<String> ids) {
        return sessions.getAll(List.copyOf(ids)).filter(Session::isRunning);
    }

    public SessionHealth of(Session s, Instant now) {
        Instant last = s.lastUpdated() != null ? s.lastUpdated() : s.startedAt();
        return new SessionHealth(s, last, sessions.secondsSinceUpdate(s, now), sessions.isStale(s, now));
    }

    /** The health of each session of a list, with one clock reading for the whole list. */
    public Map<Session, SessionHealth> of(List<Session> list) {
        Instant now = sessions.now();
        Map<Session, SessionHealth> result = new LinkedHashMap<>();
        list.forEach(s -> result.put(s, of(s, now)));
        return result;
    }

    public Mono<Instant> heartbeat(String sessionId) {
        return sessions.heartbeat(sessionId);
    }

    /** Records a heartbeat and answers the session's health after it. */
    public Mono<SessionHealth> heartbeatHealth(String sessionId) {
        return heartbeat(sessionId).then(sessions.get(sessionId)).map(s -> of(s, sessions.now()));
    }

    /**
     * Each session as it goes stale or recovers, with its health at that moment; a session deleted
     * in between is left out.
     */
    public Flux<SessionHealth> staleChanges() {
        return changes.stream()
                .filter(c -> c.kind() == SessionChange.Kind.STALE || c.kind() == SessionChange.Kind.RECOVERED)
                .concatMap(c -> sessions.get(c.sessionId())
                        .map(s -> of(s, sessions.now()))
                        .onErrorResume(NotFoundException.class, e -> Mono.empty()));
    }
}
