package io.botdeck.alert;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Alerts as they open, get acknowledged and resolve (published after commit), and a version of
 * the rules and mutes that the evaluator reloads when it moves.
 */
@Component
public class AlertEvents {

    private final Sinks.Many<Alert> sink = Sinks.many().multicast().directBestEffort();
    private final AtomicLong configVersion = new AtomicLong();

    void publish(Alert alert) {
        sink.emitNext(alert, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100)));
    }

    /** Each subscriber has its own bounded buffer and loses the oldest when it falls behind. */
    public Flux<Alert> stream() {
        return sink.asFlux().onBackpressureBuffer(1024, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST);
    }

    /** Rules or mutes changed: the evaluator reloads them before its next pass. */
    public void configChanged() {
        configVersion.incrementAndGet();
    }

    long configVersion() {
        return configVersion.get();
    }
}
