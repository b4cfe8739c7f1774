package io.botdeck.health;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.botdeck.error.NotFoundException;
import io.botdeck.session.Session;
import io.botdeck.session.SessionChange;
import io.botdeck.session.SessionChanges;
import io.botdeck.session.SessionService;
import io.botdeck.session.SessionStatus;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * GraphQL adapter of {@link HealthService}: the {@code Health} type, {@code health},
 * {@code heartbeat}, {@code Session.health} and {@code staleSessions}.
 */
@Controller
public class HealthGraphQlController {

    private final HealthService health;
    private final SessionService sessions;
    private final SessionChanges changes;

    public HealthGraphQlController(HealthService health, SessionService sessions, SessionChanges changes) {
        this.health = health;
        this.sessions = sessions;
        this.changes = changes;
    }

    /** {@code StaleAction}. */
    public enum StaleAction { MANUAL }

    /** {@code Health}. */
    public record HealthView(String sessionId, Session session, SessionStatus status, Instant lastUpdated,
                             long secondsSinceUpdate, boolean isStale, StaleAction staleAction) {

        static HealthView of(SessionHealth h) {
            Session s = h.session();
            return new HealthView(s.id(), s, s.status(), h.lastUpdated(), h.secondsSinceUpdate(), h.stale(),
                    h.stale() ? StaleAction.MANUAL : null);
        }
    }

    /** {@code StorageHealth}. */
    public record StorageHealthView(StorageState status, Instant failingSince, long failingForSeconds, int failingRuns, long backlog) {
        static StorageHealthView of(StorageView v) {
            return new StorageHealthView(v.failing() ? StorageState.FAILING : StorageState.OK, v.failingSince(), v.failingForSeconds(),
                    v.failingRuns(), v.backlog());
        }
    }

    /** {@code StorageState}. */
    public enum StorageState { OK, FAILING }

    @QueryMapping("storage")
    public StorageHealthView storage() {
        return StorageHealthView.of(health.storage());
    }

    @SchemaMapping(typeName = "Health", field = "storage")
    public StorageHealthView sessionStorage(HealthView view) {
        return storage();
    }

    @QueryMapping("health")
    public Flux<HealthView> runningHealth() {
        return health.running().map(HealthView::of);
    }

    @MutationMapping
    public Mono<HealthView> heartbeat(@Argument String id) {
        return health.heartbeat(id).then(sessions.get(id))
                .map(s -> HealthView.of(health.of(s, sessions.now())));
    }

    /** Computed from the sessions themselves, with one clock reading for the whole list. */
    @BatchMapping(typeName = "Session", field = "health")
    public Map<Session, HealthView> sessionHealth(List<Session> list) {
        Instant now = sessions.now();
        Map<Session, HealthView> result = new LinkedHashMap<>();
        list.forEach(s -> result.put(s, HealthView.of(health.of(s, now))));
        return result;
    }

    @SubscriptionMapping
    public Flux<HealthView> staleSessions() {
        return changes.stream()
                .filter(c -> c.kind() == SessionChange.Kind.STALE || c.kind() == SessionChange.Kind.RECOVERED)
                .concatMap(c -> sessions.get(c.sessionId())
                        .map(s -> HealthView.of(health.of(s, sessions.now())))
                        .onErrorResume(NotFoundException.class, e -> Mono.empty()))
                .onBackpressureBuffer(256, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST);
    }
}
