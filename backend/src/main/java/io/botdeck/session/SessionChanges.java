package io.botdeck.session;

import io.botdeck.config.Broadcast;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.util.concurrent.Queues;

/**
 * Hot stream of {@link SessionChange}s, published after the change is committed. Each
 * subscriber gets its own bounded buffer; a slow one loses the oldest changes, never slows
 * a bot.
 */
@Component
public class SessionChanges {

    private final Broadcast<SessionChange> changes = new Broadcast<>(Queues.SMALL_BUFFER_SIZE * 16);

    /** Never blocks or fails the publisher: runs publish from many threads at once (see {@link Broadcast}). */
    public void publish(String sessionId, SessionChange.Kind kind) {
        changes.publish(new SessionChange(sessionId, kind));
    }

    public Flux<SessionChange> stream() {
        return changes.stream();
    }
}
