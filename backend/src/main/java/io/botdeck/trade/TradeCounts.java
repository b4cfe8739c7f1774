package io.botdeck.trade;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Exact trade counts of sessions without counting every trade each time. A session's trades are
 * numbered in the order they are stored, and a closed trade is only ever removed with all of its
 * session's trades (a backtest that runs again: {@link #forget}); an open one may close, or stay
 * as it is when its run ends without closing it (abandoned), and a run numbers on from the highest
 * number used, so only numbers above the highest closed trade are ever given again. So once it is
 * known that up to the closed trade {@code x} there are {@code closed} closed trades and the open
 * ones {@code open}, the count is {@code closed} plus the trades that now exist among {@code open}
 * and above {@code x}: one small index read, whatever the session's size. Each read moves that
 * knowledge forward; the first read of a session reads all its trades once.
 * Knowledge is kept for the {@value #KEPT} sessions read last.
 */
@Component
public class TradeCounts {

    static final int KEPT = 10_000;

    /** What is known: up to the closed trade {@code lastNo}, {@code closed} closed trades and the open trades {@code open}. */
    private record Known(int lastNo, long closed, int[] open) {
        static final Known NOTHING = new Known(0, 0, new int[0]);
    }

    private final DatabaseClient db;
    private final Map<String, Known> known = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
                    return size() > KEPT;
                }
            });
    private final Map<String, Mono<Long>> firstCounts = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong forgets = new java.util.concurrent.atomic.AtomicLong();

    public TradeCounts(DatabaseClient db) {
        this.db = db;
    }

    /** How many trades (open and closed) the session has now. */
    public Mono<Long> count(String sessionId) {
        Known k = known.get(sessionId);
        if (k != null) {
            return advance(sessionId, k);
        }
        // the first count of a big session reads all its trades: once, shared by concurrent readers
        return firstCounts.computeIfAbsent(sessionId, id -> advance(id, Known.NOTHING)
                .doFinally(s -> firstCounts.remove(id))
                .cache());
    }

    private Mono<Long> advance(String sessionId, Known k) {
        long generation = forgets.get();
        List<Integer> open = k.open().length == 0 ? List.of(-1) : Arrays.stream(k.open()).boxed().toList();
        return db.sql("SELECT COUNT(*) AS n, MAX(CASE WHEN exit_time IS NOT NULL THEN trade_no END) AS last_closed, "
                        + "SUM(exit_time IS NOT NULL) AS closed_n, SUM(exit_time IS NULL) AS open_n, "
                        + "GROUP_CONCAT(CASE WHEN exit_time IS NULL THEN trade_no END) AS open_nos "
                        + "FROM trades WHERE session_id = :s AND (trade_no > :x OR trade_no IN (:open))")
                .bind("s", sessionId).bind("x", k.lastNo()).bind("open", open)
                .map(row -> new Read(((Number) row.get("n")).longValue(),
                        row.get("last_closed") == null ? 0 : ((Number) row.get("last_closed")).intValue(),
                        row.get("closed_n") == null ? 0 : ((Number) row.get("closed_n")).longValue(),
                        row.get("open_n") == null ? 0 : ((Number) row.get("open_n")).longValue(),
                        row.get("open_nos", String.class)))
                .one()
                .flatMap(r -> {
                    int[] parsed = r.openCount() == 0 ? new int[0] : parse(r.openNos(), r.openCount());
                    Mono<int[]> openNos = parsed != null ? Mono.just(parsed) : openTrades(sessionId, k, open);
                    return openNos.map(nos -> {
                        int lastClosed = Math.max(k.lastNo(), r.lastClosed());
                        if (forgets.get() == generation) {
                            int[] openBelow = Arrays.stream(nos).filter(no -> no <= lastClosed).toArray();
                            known.put(sessionId, new Known(lastClosed, k.closed() + r.closed(), openBelow));
                        }
                        return k.closed() + r.n();
                    });
                });
    }

    private record Read(long n, int lastClosed, long closed, long openCount, String openNos) {
    }

    /** The open trade numbers from GROUP_CONCAT, or null when the list was cut at its length limit. */
    private static int[] parse(String list, long expected) {
        if (list == null || "null".equals(list)) {
            return null;
        }
        String[] parts = list.split(",");
        if (parts.length != expected) {
            return null;
        }
        int[] nos = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            nos[i] = Integer.parseInt(parts[i].trim());
        }
        return nos;
    }

    private Mono<int[]> openTrades(String sessionId, Known k, List<Integer> open) {
        return db.sql("SELECT trade_no FROM trades WHERE session_id = :s AND (trade_no > :x OR trade_no IN (:open)) "
                        + "AND exit_time IS NULL")
                .bind("s", sessionId).bind("x", k.lastNo()).bind("open", open)
                .map(row -> ((Number) row.get("trade_no")).intValue())
                .all().collectList()
                .map(list -> list.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Forgets a session whose closed trades were removed (a backtest that runs again). Counts
     * that were under way meanwhile are answered but not kept.
     */
    public void forget(String sessionId) {
        forgets.incrementAndGet();
        known.remove(sessionId);
    }
}
