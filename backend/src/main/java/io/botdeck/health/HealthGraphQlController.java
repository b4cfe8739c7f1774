package io.botdeck.health;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.botdeck.session.Session;
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

    public HealthGraphQlController(HealthService health) {
        this.health = health;
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
        return health.heartbeatHealth(id).map(HealthView::of);
    }

    /** Computed from the sessions themselves, with one clock reading for the whole list. */
    @BatchMapping(typeName = "Session", field = "health")
    public Map<Session, HealthView> sessionHealth(List<Session> list) {
        Map<Session, HealthView> result = new LinkedHashMap<>();
        health.of(list).forEach((s, h) -> result.put(s, HealthView.of(h)));
        return result;
    }

    @SubscriptionMapping
    public Flux<HealthView> staleSessions() {
        return health.staleChanges().map(HealthView::of)
                .onBackpressureBuffer(256, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST);
    }
}
