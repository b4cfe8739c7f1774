package io.botdeck.run;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.botdeck.core.LogLevel;
import io.botdeck.engine.broker.ClosedTrade;
import io.botdeck.engine.broker.EngineListener;
import io.botdeck.engine.broker.OpenTrade;
import io.botdeck.events.LogEntry;
import io.botdeck.events.SessionLog;
import io.botdeck.metrics.MetricEngine;
import io.botdeck.metrics.Metrics;
import io.botdeck.session.SessionEventType;
import io.botdeck.session.SessionService;
import io.botdeck.trade.Trade;
import io.botdeck.trade.TradeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.concurrent.Queues;

/**
 * Everything a run produces goes through here, in order, in batches: trades are committed to
 * {@code trades} first, then the batch's lines are appended to the log file, then published to
 * readers; metrics follow the committed trades. The engine thread only enqueues: it never waits
 * for the database, a file or a reader.
 */
final class RunRecorder implements EngineListener {

    private static final Logger log = LoggerFactory.getLogger(RunRecorder.class);
    private static final int BATCH = 10_000;
    /** Live runs publish within a few milliseconds; backtests gather bigger batches for the database. */
    private static final Duration LIVE_BATCH_WAIT = Duration.ofMillis(5);
    private static final Duration BACKTEST_BATCH_WAIT = Duration.ofMillis(50);
    private static final Duration METRIC_EVENT_EVERY = Duration.ofSeconds(10);
    /** Backtest batches being written to the database at once (each on its own connection). */
    private static final int BACKTEST_BATCHES_IN_FLIGHT = 4;

    private final String sessionId;
    private final SessionLog sessionLog;
    private final SessionService sessions;
    private final TradeService trades;
    private final MetricEngine metrics;
    private final Sinks.Many<Object> queue = Sinks.many().unicast().onBackpressureBuffer(Queues.<Object>unboundedMultiproducer().get());
    private final Mono<Void> drained;
    private final boolean storeOpenTrades;
    private final Disposable resultsTicker;
    private volatile long lastWrittenVersion = -1;
    private volatile long version;
    private volatile Instant lastMetricEvent = Instant.EPOCH;
    private volatile int tradesAtLastMetricEvent;
    private volatile Long progressDone;
    private volatile Long progressTotal;
    private volatile long dataPoints;
    private final AtomicLong storeNanos = new AtomicLong();
    private final AtomicLong backlog = new AtomicLong();
    /** A backtest's trades as stored, for its export; null for live runs, whose earlier runs' trades only the database has. */
    private final List<Trade> storedTrades;
    private long logNanos;

    /**
     * @param storeOpenTrades write a trade row when it opens (live: open positions show at once);
     *                        a backtest writes each trade once, when it closes
     */
    RunRecorder(String sessionId, SessionLog sessionLog, SessionService sessions, TradeService trades, MetricEngine metrics,
                long dataPointsSoFar, boolean storeOpenTrades) {
        this.storeOpenTrades = storeOpenTrades;
        this.storedTrades = storeOpenTrades ? null : new ArrayList<>();
        this.sessionId = sessionId;
        this.sessionLog = sessionLog;
        this.sessions = sessions;
        this.trades = trades;
        this.metrics = metrics;
        this.dataPoints = dataPointsSoFar;
        this.tradesAtLastMetricEvent = metrics.tradeCount();
        // a live run stores one batch at a time: a trade's exit must never overtake the row of its
        // entry; a backtest writes each trade once, so its batches go to the database side by side,
        // and the log file and the readers still take them strictly in order.
        // Batches close on size or on time whatever the writer is doing, and wait in line for it:
        // bufferTimeout's fair-backpressure mode can miss a timeout while the writer is busy and
        // then hold lines back until the batch is full, 10 s of a live session's log
        this.drained = queue.asFlux()
                .bufferTimeout(BATCH, storeOpenTrades ? LIVE_BATCH_WAIT : BACKTEST_BATCH_WAIT)
                .onBackpressureBuffer()
                .flatMapSequential(this::store, storeOpenTrades ? 1 : BACKTEST_BATCHES_IN_FLIGHT, 1)
                .concatMap(this::logAndPublish)
                .then()
                .cache();
        this.drained.subscribe(null, e -> log.error("Recorder of session {} stopped: {}", sessionId, e.toString()));
        this.resultsTicker = Flux.interval(Duration.ofSeconds(1), Duration.ofSeconds(1))
                .onBackpressureDrop()
                .concatMap(t -> Mono.defer(() -> writeResults(false)).onErrorResume(e -> Mono.empty()))
                .subscribe();
    }

    // ------------------------------------------------------------- engine side (any thread, never blocks)

    @Override
    public void log(long timeMillis, LogLevel level, String message) {
        emit(new LogEntry(0, timeMillis, level == LogLevel.HEARTBEAT ? LogEntry.Kind.HEARTBEAT : LogEntry.Kind.LOG,
                level, message, Map.of()));
    }

    @Override
    public void tradeOpened(OpenTrade t) {
        emit(t);
    }

    @Override
    public void tradeClosed(ClosedTrade t) {
        emit(t);
    }

    void heartbeat(long timeMillis) {
        emit(new LogEntry(0, timeMillis, LogEntry.Kind.HEARTBEAT, LogLevel.HEARTBEAT, "Heartbeat", Map.of()));
    }

    void status(long timeMillis, LogLevel level, String message) {
        emit(new LogEntry(0, timeMillis, LogEntry.Kind.STATUS, level, message, Map.of()));
    }

    /** Backtest progress: shown live and kept on the session row. */
    void progress(long done, long total) {
        progressDone = done;
        progressTotal = total;
        version++;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("done", done);
        data.put("total", total);
        emit(new LogEntry(0, System.currentTimeMillis(), LogEntry.Kind.PROGRESS, LogLevel.INFO,
                "Backtesting " + (total == 0 ? 100 : done * 100 / total) + "% (" + done + " / " + total + " candles)", data));
    }

    void dataPoints(long points) {
        dataPoints = points;
        version++;
    }

    /** Engine, heartbeat and control threads all emit: serialised here, the unbounded queue never refuses. */
    private void emit(Object item) {
        backlog.incrementAndGet();
        synchronized (queue) {
            queue.emitNext(item, Sinks.EmitFailureHandler.FAIL_FAST);
        }
    }

    /** Flushes everything queued and writes the final results; completes when all is stored. */
    Mono<Void> finish() {
        synchronized (queue) {
            queue.emitComplete(Sinks.EmitFailureHandler.FAIL_FAST);
        }
        resultsTicker.dispose();
        return drained.onErrorResume(e -> Mono.empty())
                .doOnTerminate(() -> log.debug("Session {} recorder: {} ms storing trades and events (batches side by side, summed), {} ms writing and publishing logs",
                        sessionId, storeNanos.get() / 1_000_000, logNanos / 1_000_000))
                .then(Mono.defer(() -> writeResults(true)));
    }

    /**
     * Every trade a backtest stored, oldest entry first (a backtest starts from no trades, so this
     * is all of them); empty for a live run, whose trades of earlier runs only the database holds.
     */
    Optional<List<Trade>> backtestTrades() {
        if (storedTrades == null) {
            return Optional.empty();
        }
        synchronized (storedTrades) {
            List<Trade> sorted = new ArrayList<>(storedTrades);
            sorted.sort(Comparator.comparing(Trade::entryTime).thenComparingInt(Trade::tradeNo));
            return Optional.of(sorted);
        }
    }

    // ------------------------------------------------------------- writer side

    /** A batch whose trades the database holds, waiting for its turn at the log file and the readers. */
    private record Stored(List<LogEntry> lines, List<ClosedTrade> closed) {
    }

    /** Items emitted that the writer has not taken into a batch yet. */
    long backlog() {
        return backlog.get();
    }

    /** Numbers the batch's lines (batches arrive here in order) and stores its trades and their events. */
    private Mono<Stored> store(List<Object> batch) {
        backlog.addAndGet(-batch.size());
        List<Trade> tradeRows = new ArrayList<>();
        List<ClosedTrade> closed = new ArrayList<>();
        List<LogEntry> lines = new ArrayList<>(batch.size());
        for (Object item : batch) {
            if (item instanceof LogEntry line) {
                lines.add(line);
            } else if (item instanceof OpenTrade t) {
                if (storeOpenTrades) {
                    tradeRows.add(new Trade(0, sessionId, t.tradeNo(), t.groupNo(), t.market(), t.side(), BigDecimal.valueOf(t.size()),
                            t.entryPrice(), null, Instant.ofEpochMilli(t.entryTimeMillis()), null, null, BigDecimal.ZERO, null));
                }
                lines.add(tradeLine(t.entryTimeMillis(), "ENTRY", t.tradeNo(), t.groupNo(), t.market(), t.side().name(), t.size(),
                        t.entryPrice(), null, null, null));
            } else if (item instanceof ClosedTrade t) {
                tradeRows.add(new Trade(0, sessionId, t.tradeNo(), t.groupNo(), t.market(), t.side(), BigDecimal.valueOf(t.size()),
                        t.entryPrice(), t.exitPrice(), Instant.ofEpochMilli(t.entryTimeMillis()),
                        Instant.ofEpochMilli(t.exitTimeMillis()), t.pnl(), t.fees(), t.exitReason()));
                closed.add(t);
                lines.add(tradeLine(t.exitTimeMillis(), "EXIT", t.tradeNo(), t.groupNo(), t.market(), t.side().name(), t.size(),
                        t.entryPrice(), t.exitPrice(), t.pnl(), t.exitReason()));
            }
        }
        Stored stored = new Stored(sessionLog.number(lines), closed);
        if (tradeRows.isEmpty()) {
            return Mono.just(stored);
        }
        long t0 = System.nanoTime();
        // the trades first, then their events, built by the database from the stored rows
        List<Integer> closedNos = closed.stream().map(ClosedTrade::tradeNo).toList();
        return trades.save(tradeRows).then(sessions.recordTradeEvents(sessionId, closedNos))
                .doOnSuccess(v -> {
                    storeNanos.addAndGet(System.nanoTime() - t0);
                    if (storedTrades != null) {
                        synchronized (storedTrades) {
                            storedTrades.addAll(tradeRows);
                        }
                    }
                })
                .thenReturn(stored)
                .onErrorResume(e -> {
                    // its trades are not stored, so neither its lines nor its trades may be shown
                    log.error("Session {}: could not record a batch of {} items", sessionId, batch.size(), e);
                    return Mono.empty();
                });
    }

    /** Appends a stored batch to the log file, then lets the metrics and the readers see it. */
    private Mono<Void> logAndPublish(Stored batch) {
        return Mono.<Void>fromRunnable(() -> {
                    long t1 = System.nanoTime();
                    sessionLog.file().append(batch.lines().stream().filter(e -> !e.isTransient()).toList());
                    logNanos += System.nanoTime() - t1;
                })
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorResume(e -> {
                    log.error("Session {}: could not write {} log lines", sessionId, batch.lines().size(), e);
                    return Mono.empty();
                })
                .then(Mono.fromRunnable(() -> {
                    synchronized (metrics) {
                        batch.closed().forEach(metrics::record);
                    }
                    if (!batch.closed().isEmpty()) {
                        version++;
                    }
                    sessionLog.publish(batch.lines());
                }));
    }

    private static LogEntry tradeLine(long timeMillis, String what, int tradeNo, int groupNo, String market, String side, long size,
                                      BigDecimal entry, BigDecimal exit, BigDecimal pnl, String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("action", what.toLowerCase());
        data.put("trade_no", tradeNo);
        data.put("group_no", groupNo);
        data.put("market", market);
        data.put("side", side);
        data.put("size", size);
        data.put("entry_price", entry.stripTrailingZeros().toPlainString());
        if (exit != null) {
            data.put("exit_price", exit.stripTrailingZeros().toPlainString());
            data.put("pnl", pnl.stripTrailingZeros().toPlainString());
            data.put("exit_reason", reason);
        }
        BigDecimal price = exit != null ? exit : entry;
        String message = what + " " + side + " " + market + " @ " + price.stripTrailingZeros().toPlainString()
                + " (" + size + " contracts)" + (pnl != null ? " | PnL: " + (pnl.signum() >= 0 ? "+" : "") + pnl.setScale(2, java.math.RoundingMode.HALF_EVEN) : "");
        return new LogEntry(0, timeMillis, LogEntry.Kind.TRADE, LogLevel.TRADE, message, data);
    }

    private Mono<Void> writeResults(boolean last) {
        long current = version;
        if (!last && current == lastWrittenVersion) {
            return Mono.empty();
        }
        Metrics m;
        synchronized (metrics) {
            m = metrics.snapshot();
        }
        Mono<Void> metricEvent = Mono.empty();
        Instant now = Instant.now();
        boolean moved = m.tradeCount() != tradesAtLastMetricEvent;
        if (moved && (last || Duration.between(lastMetricEvent, now).compareTo(METRIC_EVENT_EVERY) >= 0)) {
            lastMetricEvent = now;
            tradesAtLastMetricEvent = m.tradeCount();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("trade_count", m.tradeCount());
            data.put("total_pnl", m.totalPnl());
            data.put("win_rate", m.winRate());
            data.put("max_drawdown", m.maxDrawdown());
            metricEvent = sessions.recordEvents(sessionId, SessionEventType.METRIC_UPDATE, List.of(data));
        }
        lastWrittenVersion = current;
        return sessions.updateResults(sessionId, (int) m.tradeCount(), m.totalPnl(), m.winRate(), m.maxDrawdown())
                .then(sessions.updateProgress(sessionId, progressDone, progressTotal, dataPoints))
                .then(metricEvent);
    }
}
