package io.botdeck.trade;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * How many trade-page reads (pages and their counts) run against the database at once: at most half of the connection
 * pool ({@code spring.r2dbc.pool.max-size}). Many clients paging through a big session's trades
 * then wait their turn here, in order, holding no connection, and a run storing its trades (or a
 * stop storing the last ones) always finds a connection instead of timing out behind them.
 */
@Component
public class TradeReadGate {

    private final int permits;
    private final ArrayDeque<MonoSink<Permit>> waiting = new ArrayDeque<>();
    private int inUse;

    public TradeReadGate(@Value("${spring.r2dbc.pool.max-size:10}") int poolSize) {
        this.permits = Math.max(1, poolSize / 2);
    }

    /** Reads at most as many at once as the gate allows. */
    public <T> Flux<T> flux(Flux<T> read) {
        return Flux.usingWhen(acquire(), p -> read, Permit::release);
    }

    public <T> Mono<T> mono(Mono<T> read) {
        return Mono.usingWhen(acquire(), p -> read, Permit::release);
    }

    int permits() {
        return permits;
    }

    private Mono<Permit> acquire() {
        return Mono.<Permit>create(sink -> {
            Permit now = null;
            synchronized (this) {
                if (inUse < permits) {
                    inUse++;
                    now = new Permit();
                } else {
                    waiting.add(sink);
                }
            }
            if (now != null) {
                sink.success(now);
            } else {
                sink.onCancel(() -> {
                    synchronized (TradeReadGate.this) {
                        waiting.remove(sink);
                    }
                });
            }
        }).doOnDiscard(Permit.class, Permit::free); // granted to a reader that had gone meanwhile: passed on
    }

    /** Hands a freed permit to the next reader in line, or returns it. */
    private void pass() {
        MonoSink<Permit> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inUse--;
                return;
            }
        }
        next.success(new Permit());
    }

    /** One reader's turn; freed once, however it ends. */
    final class Permit {
        private final AtomicBoolean freed = new AtomicBoolean();

        void free() {
            if (freed.compareAndSet(false, true)) {
                pass();
            }
        }

        Mono<Void> release() {
            return Mono.fromRunnable(this::free);
        }
    }
}
