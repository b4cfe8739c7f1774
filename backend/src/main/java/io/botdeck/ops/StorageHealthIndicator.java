package io.botdeck.ops;

import java.time.Duration;

import io.botdeck.error.StorageStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * {@code storage} in the readiness probe: down while the database refuses Botdeck's writes (a
 * run holding its output, or the probe unanswered), up again by itself once they go through.
 * While it is down, each check asks the database once more first, so a recovery shows at once.
 */
@Component("storage")
class StorageHealthIndicator implements ReactiveHealthIndicator {

    private static final Duration RECHECK_WITHIN = Duration.ofMillis(1500);

    private final StorageStatus storage;
    private final StorageProbe probe;

    StorageHealthIndicator(StorageStatus storage, StorageProbe probe) {
        this.storage = storage;
        this.probe = probe;
    }

    @Override
    public Mono<Health> health() {
        return Mono.defer(() -> storage.state().failing() ? probe.probe(RECHECK_WITHIN) : Mono.<Void>empty())
                .then(Mono.fromSupplier(this::current));
    }

    private Health current() {
        StorageStatus.State state = storage.state();
        Health.Builder health = state.failing() ? Health.down() : Health.up();
        health.withDetail("backlog", state.backlog());
        if (state.failing()) {
            health.withDetail("failingSince", String.valueOf(state.failingSince()))
                    .withDetail("failingRuns", state.failingRuns());
        }
        return health.build();
    }
}
