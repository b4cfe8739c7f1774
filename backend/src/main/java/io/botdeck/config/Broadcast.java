package io.botdeck.config;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * A hot stream that any number of threads publish to at once and that never makes a publisher
 * wait or fail: each value is queued, and whichever publisher finds nobody emitting emits what
 * is queued, its own and the others', in order (a publisher that arrives while a value is being
 * emitted, on another thread or from inside a subscriber, leaves its value to that emitter).
 * Each subscriber has its own bounded buffer and loses the oldest values when it falls behind.
 * <p>
 * Reactor's own sinks tell concurrent emitters apart by failing all but one; spinning until the
 * other is done blocks the publishing thread (often an event loop, a database connection's or a
 * request's) and, with thousands of sessions publishing, can stall the server for seconds.
 *
 * @param <T> the values published
 */
public final class Broadcast<T> {

    private final Sinks.Many<T> sink = Sinks.unsafe().many().multicast().directBestEffort();
    private final Queue<T> queued = new ConcurrentLinkedQueue<>();
    private final AtomicInteger emitting = new AtomicInteger();
    private final int buffer;

    /** @param buffer values each subscriber may fall behind by before it loses the oldest */
    public Broadcast(int buffer) {
        this.buffer = buffer;
    }

    /** Publishes {@code value} to the current subscribers; never blocks, never fails. */
    public void publish(T value) {
        queued.add(value);
        if (emitting.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            T next;
            while ((next = queued.poll()) != null) {
                // no subscriber, or one that cannot take it now: it is theirs to lose (best effort)
                sink.tryEmitNext(next);
            }
            missed = emitting.addAndGet(-missed);
        } while (missed != 0);
    }

    /** The values published from now on. */
    public Flux<T> stream() {
        return sink.asFlux().onBackpressureBuffer(buffer, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST);
    }

    /** The values published from now on, without a buffer of this stream's own (the subscriber brings one). */
    public Flux<T> direct() {
        return sink.asFlux();
    }
}
