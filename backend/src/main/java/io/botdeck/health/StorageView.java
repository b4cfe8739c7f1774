package io.botdeck.health;

import java.time.Instant;

import io.botdeck.error.StorageStatus;

/**
 * Whether the database takes what Botdeck writes, as the health routes show it.
 *
 * @param failing           the database refuses writes as unreachable (or did not answer the request)
 * @param failingSince      when that began; null unless failing, or when only a request found out
 * @param failingForSeconds how long it has lasted; 0 unless known
 * @param failingRuns       runs holding their output until the database is back
 * @param backlog           items runs have produced and not stored yet, over all runs
 */
public record StorageView(boolean failing, Instant failingSince, long failingForSeconds, int failingRuns, long backlog) {

    static StorageView of(StorageStatus.State s, Instant now) {
        return new StorageView(s.failing(), s.failingSince(), s.failingForSeconds(now), s.failingRuns(), s.backlog());
    }

    /** What a request that could not read the database says: failing, whatever the writers have seen so far. */
    StorageView unreadable() {
        return failing ? this : new StorageView(true, null, 0, failingRuns, backlog);
    }
}
