package io.botdeck.session;

import java.time.Duration;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * Hot stream of {@link SessionChange}s, published after the change is committed. Each
 * subscriber gets its own bounded buffer; a slow one loses the oldest changes, never slows
 * a bot.
 */
@Component
public class SessionChanges {

    private final Sinks.Many<SessionChange> sink = Sinks.many().multicast().directBestEffort();

    public void publish(String sessionId, SessionChange.Kind kind) {
        sink.emitNext(new SessionChange(sessionId, kind), Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100)));
    }

    public Flux<SessionChange> stream() {
        return sink.asFlux().onBackpressureBuffer(Queues.SMALL_BUFFER_SIZE * 16,
                dropped -> { }, reactor.core.publisher.BufferOverflowStrategy.DROP_OLDEST);
    }
}
