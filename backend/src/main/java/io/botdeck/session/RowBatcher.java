package io.botdeck.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.botdeck.error.ValueRefusal;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Writes one kind of per-session value (results, progress, a heartbeat) for many sessions in one
 * statement. A value waits, keyed by its session, until the write before has finished: under a
 * light load each value goes out at once and alone, under a heavy one the values that arrived
 * meanwhile go out together, up to {@code max} per statement; a value that finds nothing in flight
 * lingers a moment ({@code linger}) for others to join it, so even a light, steady trickle (a
 * thousand sessions each writing once a second) goes out a few statements a second. A newer value of a session that
 * is still waiting replaces the older (only the last one is worth writing), and one write is in
 * flight at a time, so a session's values reach its row in the order they were given.
 * <p>
 * Each value's {@code Mono} completes once the statement that carried it succeeded. When the
 * database refuses a statement for something one row holds (a value out of range, a check that
 * fails: {@link ValueRefusal}), the rows are written again one by one, so only the session with
 * the bad value hears of it; any other failure (the database unreachable) reaches every waiter.
 *
 * @param <V> the value written per session
 */
final class RowBatcher<V> {

    private static final class Waiting<V> {
        V value;
        final List<Sinks.One<Void>> waiters = new ArrayList<>(1);

        Waiting(V value) {
            this.value = value;
        }
    }

    private final int max;
    private final Duration linger;
    private boolean lingering;
    private final Function<List<Map.Entry<String, V>>, Mono<?>> writeAll;
    private final BiFunction<String, V, Mono<?>> writeOne;
    private final LinkedHashMap<String, Waiting<V>> waiting = new LinkedHashMap<>();
    private boolean writing;
    private long statements;
    private long rows;

    /**
     * @param max      sessions per statement at most
     * @param linger   how long a value that finds nothing in flight waits for others (zero: not at all)
     * @param writeAll writes the values of several sessions in one statement
     * @param writeOne writes the value of one session (when a statement must be split up)
     */
    RowBatcher(int max, Duration linger, Function<List<Map.Entry<String, V>>, Mono<?>> writeAll,
               BiFunction<String, V, Mono<?>> writeOne) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1");
        }
        this.max = max;
        this.linger = linger;
        this.writeAll = writeAll;
        this.writeOne = writeOne;
    }

    /** Writes {@code value} as the session's newest; completes once it (or a newer value of the session) is stored. */
    Mono<Void> write(String sessionId, V value) {
        return Mono.defer(() -> {
            Sinks.One<Void> done = Sinks.one();
            synchronized (this) {
                Waiting<V> w = waiting.get(sessionId);
                if (w == null) {
                    waiting.put(sessionId, w = new Waiting<>(value));
                } else {
                    w.value = value;
                }
                w.waiters.add(done);
                if (!writing && !lingering && waiting.size() < max && !linger.isZero()) {
                    lingering = true;
                    Schedulers.parallel().schedule(this::lingered, linger.toMillis(), TimeUnit.MILLISECONDS);
                    return done.asMono();
                }
            }
            drain();
            return done.asMono();
        });
    }

    /** Statements written so far, and the session values they carried: {@code [statements, rows]}. */
    synchronized long[] written() {
        return new long[] {statements, rows};
    }

    private void lingered() {
        synchronized (this) {
            lingering = false;
        }
        drain();
    }

    private void drain() {
        List<Map.Entry<String, Waiting<V>>> batch = new ArrayList<>();
        synchronized (this) {
            if (writing || waiting.isEmpty() || lingering && waiting.size() < max) {
                return;
            }
            writing = true;
            Iterator<Map.Entry<String, Waiting<V>>> it = waiting.entrySet().iterator();
            while (it.hasNext() && batch.size() < max) {
                Map.Entry<String, Waiting<V>> next = it.next();
                batch.add(Map.entry(next.getKey(), next.getValue()));
                it.remove();
            }
            statements++;
            rows += batch.size();
        }
        store(batch)
                .doFinally(signal -> {
                    synchronized (this) {
                        writing = false;
                    }
                    drain();
                })
                .subscribe(null, e -> { });
    }

    private Mono<Void> store(List<Map.Entry<String, Waiting<V>>> batch) {
        List<Map.Entry<String, V>> values = batch.stream().map(e -> Map.entry(e.getKey(), e.getValue().value)).toList();
        return Mono.defer(() -> writeAll.apply(values))
                .then(Mono.fromRunnable(() -> batch.forEach(e -> succeed(e.getValue()))))
                .onErrorResume(e -> {
                    if (batch.size() > 1 && ValueRefusal.is(e)) {
                        return Flux.fromIterable(batch)
                                .concatMap(one -> Mono.defer(() -> writeOne.apply(one.getKey(), one.getValue().value))
                                        .then(Mono.fromRunnable(() -> succeed(one.getValue())))
                                        .onErrorResume(alone -> {
                                            fail(one.getValue(), alone);
                                            return Mono.empty();
                                        }))
                                .then();
                    }
                    batch.forEach(w -> fail(w.getValue(), e));
                    return Mono.empty();
                })
                .then();
    }

    private static void succeed(Waiting<?> w) {
        w.waiters.forEach(Sinks.One::tryEmitEmpty);
    }

    private static void fail(Waiting<?> w, Throwable e) {
        w.waiters.forEach(s -> s.tryEmitError(e));
    }
}
