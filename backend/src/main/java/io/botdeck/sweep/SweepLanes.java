package io.botdeck.sweep;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One lane per sweep: work on a sweep (dispatching cells, recording a cell's end, cancel, resume,
 * delete) runs one piece at a time, in the order asked. Each piece runs to its end even when the
 * one who asked goes away, so a lane is never left held.
 */
final class SweepLanes {

    private static final Logger log = LoggerFactory.getLogger(SweepLanes.class);

    private static final class Lane {
        private final ArrayDeque<Sinks.Empty<Void>> waiting = new ArrayDeque<>();
        private boolean held;

        synchronized Mono<Void> acquire() {
            if (!held) {
                held = true;
                return Mono.empty();
            }
            Sinks.Empty<Void> turn = Sinks.empty();
            waiting.add(turn);
            return turn.asMono();
        }

        void release() {
            Sinks.Empty<Void> next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    held = false;
                }
            }
            if (next != null) {
                next.tryEmitEmpty();
            }
        }
    }

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    /** Runs {@code work} on the sweep's lane once the pieces before it ended; starts at once (not on subscription). */
    <T> Mono<T> run(String sweepId, Supplier<Mono<T>> work) {
        Lane lane = lanes.computeIfAbsent(sweepId, id -> new Lane());
        Mono<T> result = lane.acquire()
                .then(Mono.defer(work))
                .doFinally(signal -> lane.release())
                .cache();
        result.subscribe(null, e -> log.debug("Sweep {}: {}", sweepId, e.toString()));
        return result;
    }

    /** Forgets a deleted sweep's lane. */
    void forget(String sweepId) {
        lanes.remove(sweepId);
    }
}
