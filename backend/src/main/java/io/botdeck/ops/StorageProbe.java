package io.botdeck.ops;

import java.time.Duration;

import io.botdeck.error.StorageStatus;
import io.botdeck.error.StorageUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Asks the database a trivial question every {@link #EVERY}, so that the storage status notices
 * an unreachable or frozen database (and its return) even when no run is writing.
 */
@Component
class StorageProbe implements SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StorageProbe.class);
    static final Duration EVERY = Duration.ofSeconds(2);
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(3);

    private final DatabaseClient db;
    private final StorageStatus.Writer status;
    private Disposable ticker;

    StorageProbe(DatabaseClient db, StorageStatus storage) {
        this.db = db;
        this.status = storage.register(false, () -> 0);
    }

    @Override
    public void afterSingletonsInstantiated() {
        ticker = Flux.interval(EVERY, EVERY)
                .onBackpressureDrop()
                .concatMap(tick -> probe(ANSWER_WITHIN))
                .subscribe();
    }

    /** Asks the database once now (the readiness probe does while storage is failing, so it sees a recovery at once). */
    Mono<Void> probe(Duration within) {
        return db.sql("SELECT 1").fetch().rowsUpdated().then()
                .timeout(within)
                .doOnSuccess(v -> status.succeeded())
                .onErrorResume(e -> {
                    if (StorageUnavailable.is(e)) {
                        status.failed();
                    } else {
                        log.debug("Database probe: {}", e.toString());
                    }
                    return Mono.empty();
                });
    }

    @Override
    public void destroy() {
        if (ticker != null) {
            ticker.dispose();
        }
        status.close();
    }
}
