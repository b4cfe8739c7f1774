package io.botdeck.health;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import io.botdeck.session.SessionChange;
import io.botdeck.session.SessionChanges;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Once a second, compares which running sessions are stale with the second before and
 * announces each session that went stale or recovered, so that screens update without polling.
 * It reads the sessions silent for longer than the stale limit (from an index), and the state of
 * the ones that were stale the second before: never every running session.
 */
@Component
public class StaleWatcher {

    private static final Logger log = LoggerFactory.getLogger(StaleWatcher.class);

    private final HealthService health;
    private final SessionChanges changes;
    private final Set<String> stale = new HashSet<>();
    private Disposable ticker;

    public StaleWatcher(HealthService health, SessionChanges changes) {
        this.health = health;
        this.changes = changes;
    }

    @PostConstruct
    void start() {
        ticker = Flux.interval(Duration.ofSeconds(1), Duration.ofSeconds(1))
                .onBackpressureDrop()
                .concatMap(t -> health.stale().collectList()
                        .flatMap(list -> {
                            Set<String> now = new HashSet<>();
                            list.forEach(h -> now.add(h.session().id()));
                            Set<String> gone = new HashSet<>();
                            synchronized (stale) {
                                for (String id : now) {
                                    if (stale.add(id)) {
                                        changes.publish(id, SessionChange.Kind.STALE);
                                    }
                                }
                                for (String id : stale) {
                                    if (!now.contains(id)) {
                                        gone.add(id);
                                    }
                                }
                            }
                            if (gone.isEmpty()) {
                                return Mono.<Void>empty();
                            }
                            // no longer stale: recovered if it still runs, otherwise it just ended
                            return health.runningOf(gone).doOnNext(s -> changes.publish(s.id(), SessionChange.Kind.RECOVERED))
                                    .then(Mono.<Void>fromRunnable(() -> {
                                        synchronized (stale) {
                                            stale.removeAll(gone);
                                        }
                                    }));
                        })
                        .onErrorResume(e -> {
                            log.debug("Stale check failed: {}", e.toString());
                            return Mono.empty();
                        }))
                .subscribe();
    }

    @PreDestroy
    void stop() {
        if (ticker != null) {
            ticker.dispose();
        }
    }
}
