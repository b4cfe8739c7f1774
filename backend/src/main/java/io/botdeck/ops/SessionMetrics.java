package io.botdeck.ops;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.botdeck.session.SessionCounts;
import io.botdeck.session.SessionStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * {@code botdeck_sessions{status=...}}: sessions by status. Counted by the database every 15 s
 * in the background, so a scrape never waits for it and a database outage only leaves the last
 * counts in place.
 */
@Component
class SessionMetrics implements SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SessionMetrics.class);
    private static final Duration EVERY = Duration.ofSeconds(15);

    private final SessionCounts counts;
    private final Map<SessionStatus, Long> latest = new EnumMap<>(SessionStatus.class);
    private Disposable refresher;

    SessionMetrics(SessionCounts counts, MeterRegistry registry) {
        this.counts = counts;
        for (SessionStatus status : SessionStatus.values()) {
            latest.put(status, 0L);
            Gauge.builder("botdeck.sessions", latest, m -> {
                        synchronized (m) {
                            return m.get(status);
                        }
                    })
                    .description("Sessions in this status")
                    .tag("status", status.wire())
                    .register(registry);
        }
    }

    @Override
    public void afterSingletonsInstantiated() {
        refresher = Flux.interval(Duration.ZERO, EVERY)
                .onBackpressureDrop()
                .concatMap(tick -> counts.byStatus()
                        .doOnNext(fresh -> {
                            synchronized (latest) {
                                latest.putAll(fresh);
                            }
                        })
                        .onErrorResume(e -> {
                            log.debug("Session counts not refreshed: {}", e.toString());
                            return reactor.core.publisher.Mono.empty();
                        }))
                .subscribe();
    }

    @Override
    public void destroy() {
        if (refresher != null) {
            refresher.dispose();
        }
    }
}
