package io.botdeck.run;

import java.util.ArrayDeque;

import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * At most {@code max} writes at once, the others waiting in arrival order. Backtests write their
 * batches side by side (several per backtest), and a sweep replays many backtests at once: without
 * a bound across the server they would take every connection of the database pool, and a request
 * or a live session would be told the database is not answering while it is only busy.
 */
final class WriteSlots {

    /** Backtest batch writes in flight across the server at most: the pool (20 by default) keeps the rest for everyone else. */
    static final WriteSlots BACKTESTS = new WriteSlots(8);

    private final int max;
    private final ArrayDeque<MonoSink<Boolean>> waiting = new ArrayDeque<>();
    private int inUse;

    WriteSlots(int max) {
        this.max = max;
    }

    /** Runs {@code write} once a slot is free; the slot is freed however it ends (a cancel included). */
    <T> Mono<T> run(Mono<T> write) {
        return Mono.usingWhen(acquire(), held -> write, held -> release(), (held, e) -> release(), held -> release());
    }

    synchronized int inUse() {
        return inUse;
    }

    private Mono<Boolean> release() {
        MonoSink<Boolean> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inUse--;
            }
        }
        if (next != null) {
            next.success(Boolean.TRUE);
        }
        return Mono.empty();
    }

    private Mono<Boolean> acquire() {
        return Mono.create(sink -> {
            boolean now;
            synchronized (this) {
                now = inUse < max;
                if (now) {
                    inUse++;
                } else {
                    waiting.add(sink);
                }
            }
            if (now) {
                sink.success(Boolean.TRUE);
            } else {
                sink.onCancel(() -> {
                    boolean stillWaiting;
                    synchronized (this) {
                        stillWaiting = waiting.remove(sink);
                    }
                    if (!stillWaiting) {
                        // handed a slot just as it gave up: pass it on
                        release();
                    }
                });
            }
        });
    }
}
