package io.botdeck.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.botdeck.config.BotdeckProperties;
import io.botdeck.session.Session;
import io.botdeck.session.SessionRunner;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs sessions inside the server process: each running session gets a run that heartbeats
 * every {@code botdeck.heartbeat} through the lifecycle service (the same path external bots use
 * via {@code POST /sessions/:id/heartbeat}). The trading work of a run plugs in here.
 */
@Component
public class InProcessSessionRunner implements SessionRunner {

    private static final Logger log = LoggerFactory.getLogger(InProcessSessionRunner.class);

    private final Duration heartbeat;
    private final Map<String, Disposable> runs = new ConcurrentHashMap<>();

    public InProcessSessionRunner(BotdeckProperties properties) {
        this.heartbeat = properties.heartbeat();
    }

    @Override
    public Mono<Long> start(Session session, RunControl control) {
        return Mono.fromCallable(() -> {
            Disposable run = Flux.interval(heartbeat, heartbeat)
                    .concatMap(tick -> control.heartbeat().onErrorResume(e -> {
                        log.warn("Heartbeat of session {} failed: {}", session.id(), e.toString());
                        return Mono.empty();
                    }))
                    .subscribe();
            Disposable previous = runs.put(session.id(), run);
            if (previous != null) {
                previous.dispose();
            }
            return ProcessHandle.current().pid();
        });
    }

    @Override
    public Mono<Void> stop(String sessionId) {
        return Mono.fromRunnable(() -> {
            Disposable run = runs.remove(sessionId);
            if (run != null) {
                run.dispose();
            }
        });
    }

    @Override
    public boolean isRunning(String sessionId) {
        return runs.containsKey(sessionId);
    }

    @PreDestroy
    void stopAll() {
        runs.values().forEach(Disposable::dispose);
        runs.clear();
    }
}
