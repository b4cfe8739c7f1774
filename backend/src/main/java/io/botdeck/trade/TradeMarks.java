package io.botdeck.trade;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

import reactor.core.publisher.Mono;

/**
 * Where every {@value #STEP}-th trade of a session's newest-first list lies (its entry time and
 * number), so that a page at a deep offset is read from the nearest mark before it: at most
 * {@value #STEP} index entries are skipped instead of the whole offset. The marks of a session
 * are found once, a step at a time and only as deep as asked, and are dropped when any of its
 * trades is written (a session still trading reads deep pages from the start, as before).
 * Marks are kept for the {@value #SESSIONS} sessions paged deep last.
 */
final class TradeMarks {

    static final int STEP = 10_000;
    static final int SESSIONS = 64;
    private static final int STRIPES = 1024;

    /** A trade's place in the newest-first order. */
    record Key(LocalDateTime entryTime, int tradeNo) {
    }

    /** The marks found so far: {@code keys.get(i)} is the trade at offset {@code (i + 1) * STEP}. */
    private record Marks(long version, List<Key> keys, boolean ended) {
    }

    /** Counts writes per stripe of session ids: marks found before a write of their session are stale. */
    private final AtomicLongArray writes = new AtomicLongArray(STRIPES);
    private final Map<String, Marks> known = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Marks> eldest) {
                    return size() > SESSIONS;
                }
            });
    private final Map<String, Mono<Void>> finding = new ConcurrentHashMap<>();

    /** The session's trades change: forget where they lay. */
    void written(String sessionId) {
        writes.incrementAndGet(stripe(sessionId));
        known.remove(sessionId);
    }

    /** The offset of the deepest mark at or before {@code offset} and the mark (null: start from the newest trade). */
    record Start(int offset, Key key) {
        static final Start TOP = new Start(0, null);
    }

    /**
     * Where to start reading a page at {@code offset}: the nearest mark before it, finding the
     * missing marks first (once, shared by concurrent readers of the same session).
     *
     * @param next reads the key of the trade {@code STEP} places after the given one (or after the
     *             start when null), empty past the end of the list
     */
    Mono<Start> start(String sessionId, int offset, java.util.function.Function<Key, Mono<Key>> next) {
        int wanted = offset / STEP;
        if (wanted == 0) {
            return Mono.just(Start.TOP);
        }
        Marks m = current(sessionId);
        if (m.keys().size() >= wanted || m.ended()) {
            return Mono.just(nearest(m, wanted));
        }
        Mono<Void> find = finding.computeIfAbsent(sessionId, id -> extend(id, m, wanted, next)
                .doFinally(s -> finding.remove(id))
                .cache());
        return find.then(Mono.fromSupplier(() -> nearest(current(sessionId), wanted)));
    }

    private static Start nearest(Marks m, int wanted) {
        int j = Math.min(wanted, m.keys().size());
        return j == 0 ? Start.TOP : new Start(j * STEP, m.keys().get(j - 1));
    }

    private Marks current(String sessionId) {
        long version = writes.get(stripe(sessionId));
        Marks m = known.get(sessionId);
        return m != null && m.version() == version ? m : new Marks(version, List.of(), false);
    }

    /** Finds marks after the last known one until {@code wanted} are known or the list ends. */
    private Mono<Void> extend(String sessionId, Marks from, int wanted, java.util.function.Function<Key, Mono<Key>> next) {
        List<Key> keys = new ArrayList<>(from.keys());
        return Mono.defer(() -> next.apply(keys.isEmpty() ? null : keys.get(keys.size() - 1)))
                .doOnNext(keys::add)
                .map(k -> true)
                .defaultIfEmpty(false)
                .repeat(() -> keys.size() < wanted && writes.get(stripe(sessionId)) == from.version())
                .takeUntil(found -> !found)
                .last(true)
                .doOnNext(more -> {
                    if (writes.get(stripe(sessionId)) == from.version()) {
                        known.put(sessionId, new Marks(from.version(), List.copyOf(keys), !more));
                    }
                })
                .then();
    }

    private static int stripe(String sessionId) {
        return Math.floorMod(sessionId.hashCode(), STRIPES);
    }
}
