package io.botdeck.trade;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.botdeck.engine.broker.ClosedTrade;
import io.botdeck.metrics.EquityPoint;
import io.botdeck.metrics.MetricEngine;
import io.botdeck.metrics.Metrics;
import io.botdeck.metrics.MetricsStore;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** A session's trades and what they add up to: metrics and the equity curve. */
@Service
public class TradeService {

    private final TradeRepository trades;
    private final MetricsStore store;
    private final TradeCounts counts;
    private final TradeReadGate reads;

    private final java.util.concurrent.atomic.LongAdder savedClosed = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder savedOpen = new java.util.concurrent.atomic.LongAdder();

    public TradeService(TradeRepository trades, MetricsStore store, TradeCounts counts, TradeReadGate reads) {
        this.trades = trades;
        this.store = store;
        this.counts = counts;
        this.reads = reads;
    }

    public Mono<Void> save(List<Trade> batch) {
        return trades.upsert(batch).doOnSuccess(v -> {
            long closed = batch.stream().filter(t -> t.exitTime() != null).count();
            savedClosed.add(closed);
            savedOpen.add(batch.size() - closed);
        });
    }

    /** Trades stored closed since the start (each once, however often it was written). */
    public long storedClosed() {
        return savedClosed.sum();
    }

    /** Trades stored while still open since the start (a live session writes a position when it opens). */
    public long storedOpen() {
        return savedOpen.sum();
    }

    /** A page of trades, newest first (waits its turn at the {@link TradeReadGate}). */
    public Flux<Trade> page(String sessionId, int limit, int offset) {
        return reads.flux(trades.findBySession(sessionId, limit, offset));
    }

    /**
     * Up to {@code count} trades after ({@code older}) or before the given one in newest-first
     * order, in newest-first order, with whether more lie before and after them.
     */
    public Mono<TradeWindow> scroll(String sessionId, Instant entryTime, Integer tradeNo, boolean older, int count) {
        return reads.mono(trades.scroll(sessionId, entryTime, tradeNo, older, count + 1).collectList()).flatMap(rows -> {
            boolean more = rows.size() > count;
            List<Trade> page = new java.util.ArrayList<>(more ? rows.subList(0, count) : rows);
            Trade first = page.isEmpty() ? null : page.get(0);
            Mono<Boolean> other = first == null && entryTime == null ? Mono.just(false)
                    : trades.scroll(sessionId, first == null ? entryTime : first.entryTime(),
                            first == null ? tradeNo : first.tradeNo(), !older, 1).hasElements();
            if (!older) {
                java.util.Collections.reverse(page);
            }
            return other.map(o -> older ? new TradeWindow(page, o, more) : new TradeWindow(page, more, o));
        });
    }

    /** Trades in newest-first order and whether the list goes on before the first and after the last. */
    public record TradeWindow(List<Trade> items, boolean hasPrevious, boolean hasNext) {
    }

    /** Exact, without reading every trade of a big session each time (see {@link TradeCounts}). */
    public Mono<Long> count(String sessionId) {
        return reads.mono(counts.count(sessionId));
    }

    public Mono<Integer> lastTradeNo(String sessionId) {
        return trades.maxTradeNo(sessionId);
    }

    /**
     * Marks the trades a run left open without closing them (the server was killed while they
     * were open) as {@linkplain Trade#isAbandoned() abandoned} and answers them as they were read.
     * Their rows and numbers stay: whatever a client saw of them remains true, and no later trade
     * takes their numbers. They have no exit, so they add nothing to the metrics.
     */
    public Mono<List<Trade>> abandonOpen(String sessionId) {
        return trades.findOpen(sessionId).collectList().flatMap(open -> open.isEmpty() ? Mono.just(open)
                : trades.markAbandoned(sessionId, open.stream().map(Trade::tradeNo).toList()).thenReturn(open));
    }

    /** Every trade of the session, oldest entry first (the trade export). */
    public Flux<Trade> allOldestFirst(String sessionId) {
        return trades.findAllOldestFirst(sessionId);
    }

    public Mono<Long> discardAll(String sessionId) {
        return trades.deleteAll(sessionId).doOnSuccess(n -> counts.forget(sessionId));
    }

    /** Closed trades in the order they closed. */
    public Flux<Trade> closed(String sessionId) {
        return trades.findClosedInExitOrder(sessionId);
    }

    /**
     * The metric engine fed with every closed trade of the session (the same engine runs live):
     * what a run starts from. The APIs read the stored snapshot and curve instead.
     */
    public Mono<MetricEngine> replay(String sessionId) {
        return closed(sessionId).collectList().map(list -> {
            MetricEngine engine = new MetricEngine();
            list.forEach(t -> engine.record(toClosed(t)));
            return engine;
        });
    }

    /**
     * Metrics of several sessions: each one's stored snapshot; sessions no run of this version has
     * recorded are replayed from one query (sessions without closed trades get empty metrics).
     */
    public Mono<java.util.Map<String, Metrics>> metricsOf(List<String> sessionIds) {
        return Mono.fromCallable(() -> {
            java.util.Map<String, Metrics> stored = new java.util.LinkedHashMap<>();
            for (String id : sessionIds) {
                store.snapshot(id).ifPresent(m -> stored.put(id, m));
            }
            return stored;
        }).subscribeOn(Schedulers.boundedElastic()).flatMap(stored -> {
            List<String> missing = sessionIds.stream().filter(id -> !stored.containsKey(id)).toList();
            Mono<java.util.Map<String, Metrics>> replayed = missing.isEmpty() ? Mono.just(java.util.Map.of())
                    : trades.findClosedInExitOrder(missing).collectMultimap(Trade::sessionId).map(bySession -> {
                        java.util.Map<String, Metrics> result = new java.util.HashMap<>();
                        for (String id : missing) {
                            MetricEngine engine = new MetricEngine();
                            bySession.getOrDefault(id, List.of()).forEach(t -> engine.record(toClosed(t)));
                            result.put(id, engine.snapshot());
                        }
                        return result;
                    });
            return replayed.map(more -> {
                java.util.Map<String, Metrics> result = new java.util.LinkedHashMap<>();
                for (String id : sessionIds) {
                    result.put(id, stored.containsKey(id) ? stored.get(id) : more.get(id));
                }
                return result;
            });
        });
    }

    /** The snapshot the session's run last stored (a replay of its trades only for sessions recorded before there was one). */
    public Mono<Metrics> metrics(String sessionId) {
        return Mono.fromCallable(() -> store.snapshot(sessionId)).subscribeOn(Schedulers.boundedElastic())
                .flatMap(kept -> kept.map(Mono::just).orElseGet(() -> replay(sessionId).map(MetricEngine::snapshot)));
    }

    /** The equity curve as the session's run produced it (replayed only for sessions recorded before it was kept). */
    public Mono<List<EquityPoint>> equity(String sessionId) {
        return Mono.fromCallable(() -> store.equity(sessionId)).subscribeOn(Schedulers.boundedElastic())
                .flatMap(kept -> kept.map(Mono::just).orElseGet(() -> replay(sessionId).map(MetricEngine::equityCurve)));
    }

    public static ClosedTrade toClosed(Trade t) {
        return new ClosedTrade(t.tradeNo(), t.groupNo(), t.market(), t.side(), t.size().longValue(), t.entryPrice(),
                t.exitPrice(), t.entryTime().toEpochMilli(), t.exitTime().toEpochMilli(),
                t.pnl() == null ? BigDecimal.ZERO : t.pnl(), t.fees(), t.exitReason());
    }
}
