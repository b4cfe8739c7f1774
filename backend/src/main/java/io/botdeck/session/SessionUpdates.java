package io.botdeck.session;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * Turns the stream of {@link SessionChange}s into {@link SessionUpdate}s that carry each changed
 * session as it is now. Changes are gathered for up to 20 ms and each changed session is read
 * once per batch, so a burst of changes costs one query, whatever the number of subscribers.
 */
public final class SessionUpdates {

    private static final Logger log = LoggerFactory.getLogger(SessionUpdates.class);

    private SessionUpdates() {
    }

    /**
     * One shared stream: subscribed to the changes while at least one subscriber listens.
     *
     * @param load reads the sessions of the given ids (missing ones are left out)
     */
    public static Flux<SessionUpdate> of(Flux<SessionChange> changes, Function<List<String>, Flux<Session>> load) {
        return changes
                .bufferTimeout(256, Duration.ofMillis(20), true)
                .concatMap(batch -> reload(batch, load), 1)
                .publish()
                .refCount();
    }

    private static Flux<SessionUpdate> reload(List<SessionChange> batch, Function<List<String>, Flux<Session>> load) {
        // the same change twice in one batch says nothing new: keep the last of each
        Map<SessionChange, Boolean> distinct = new LinkedHashMap<>();
        batch.forEach(c -> {
            distinct.remove(c);
            distinct.put(c, true);
        });
        List<String> ids = distinct.keySet().stream()
                .filter(c -> c.kind() != SessionChange.Kind.DELETED)
                .map(SessionChange::sessionId).distinct().toList();
        return load.apply(ids).collectMap(Session::id)
                .flatMapMany(found -> Flux.fromIterable(distinct.keySet()).map(c -> {
                    Session s = c.kind() == SessionChange.Kind.DELETED ? null : found.get(c.sessionId());
                    return new SessionUpdate(c.sessionId(), s == null ? SessionChange.Kind.DELETED : c.kind(), s);
                }))
                .onErrorResume(e -> {
                    log.warn("Could not reload {} changed sessions for subscribers: {}", ids.size(), e.toString());
                    return Flux.empty();
                });
    }
}
