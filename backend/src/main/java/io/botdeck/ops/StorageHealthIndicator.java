package io.botdeck.ops;

import io.botdeck.error.StorageStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code storage} in the readiness probe: down while the database refuses Botdeck's writes (a
 * run holding its output, or the probe unanswered), up again by itself once they go through.
 */
@Component("storage")
class StorageHealthIndicator implements HealthIndicator {

    private final StorageStatus storage;

    StorageHealthIndicator(StorageStatus storage) {
        this.storage = storage;
    }

    @Override
    public Health health() {
        StorageStatus.State state = storage.state();
        Health.Builder health = state.failing() ? Health.down() : Health.up();
        health.withDetail("backlog", state.backlog());
        if (state.failing()) {
            health.withDetail("failingSince", state.failingSince().toString())
                    .withDetail("failingRuns", state.failingRuns());
        }
        return health.build();
    }
}
