package io.botdeck.alert;

import java.util.concurrent.atomic.AtomicLong;

import io.botdeck.config.Broadcast;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Alerts as they open, get acknowledged and resolve (published after commit), and a version of
 * the rules and mutes that the evaluator reloads when it moves.
 */
@Component
public class AlertEvents {

    private final Broadcast<Alert> alerts = new Broadcast<>(1024);
    private final AtomicLong configVersion = new AtomicLong();

    void publish(Alert alert) {
        alerts.publish(alert);
    }

    /** Each subscriber has its own bounded buffer and loses the oldest when it falls behind. */
    public Flux<Alert> stream() {
        return alerts.stream();
    }

    /** Rules or mutes changed: the evaluator reloads them before its next pass. */
    public void configChanged() {
        configVersion.incrementAndGet();
    }

    long configVersion() {
        return configVersion.get();
    }
}
