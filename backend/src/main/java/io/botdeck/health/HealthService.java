package io.botdeck.health;

import io.botdeck.error.StorageStatus;
import io.botdeck.session.Session;
import io.botdeck.session.SessionService;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;

/** Heartbeats and stale detection of running sessions. */
@Service
public class HealthService {

    private final SessionService sessions;
    private final StorageStatus storage;

    public HealthService(SessionService sessions, StorageStatus storage) {
        this.sessions = sessions;
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

    public SessionHealth of(Session s, Instant now) {
        Instant last = s.lastUpdated() != null ? s.lastUpdated() : s.startedAt();
        return new SessionHealth(s, last, sessions.secondsSinceUpdate(s, now), sessions.isStale(s, now));
    }

    public Mono<Instant> heartbeat(String sessionId) {
        return sessions.heartbeat(sessionId);
    }
}
