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
                .concatMap(t -> health.running().collectList()
                        .doOnNext(list -> {
                            Set<String> now = new HashSet<>();
                            list.stream().filter(SessionHealth::stale).forEach(h -> now.add(h.session().id()));
                            Set<String> running = new HashSet<>();
                            list.forEach(h -> running.add(h.session().id()));
                            synchronized (stale) {
                                for (String id : now) {
                                    if (stale.add(id)) {
                                        changes.publish(id, SessionChange.Kind.STALE);
                                    }
                                }
                                for (String id : Set.copyOf(stale)) {
                                    if (!now.contains(id)) {
                                        stale.remove(id);
                                        if (running.contains(id)) {
                                            changes.publish(id, SessionChange.Kind.RECOVERED);
                                        }
                                    }
                                }
                            }
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
