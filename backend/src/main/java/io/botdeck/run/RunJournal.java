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
import java.util.function.Consumer;

import io.botdeck.core.LogLevel;
import io.botdeck.engine.broker.ClosedTrade;
import io.botdeck.engine.broker.EngineListener;
import io.botdeck.engine.broker.OpenTrade;
import io.botdeck.error.StorageStatus;
import io.botdeck.error.StorageUnavailable;
import io.botdeck.events.LogEntry;
import io.botdeck.events.SessionLog;
import io.botdeck.metrics.MetricEngine;
import io.botdeck.metrics.Metrics;
import io.botdeck.metrics.MetricsStore;
import io.botdeck.metrics.EquityPoint;
import io.botdeck.session.RunControl;
import io.botdeck.session.SessionEventType;
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
import reactor.util.retry.Retry;

/**
 * The journal of one run: everything the run produces goes through here, in order, in batches.
 * Trades are committed through the trade feature first, then the batch's lines enter the
 * session's log ({@link SessionLog#append}: numbered, written, published); metrics follow the
 * committed trades, and results, progress and events reach the session only through its
 * {@link RunControl}. The engine thread only enqueues: it never waits for the database, a file
 * or a reader.
 * <p>
 * When the database cannot be reached (connection lost or refused, a timeout) the journal keeps
 * what the run produces, in order and unnumbered, and tries the waiting batch again with a
 * backoff capped at {@link #OUTAGE_RETRY_CAP}, for as long as the database stays away; it reports
 * the trouble to the shared storage status, and everything goes on by itself once a write
 * succeeds. A backtest pauses its replay meanwhile (its backlog is bounded by the run); a live
 * run cannot pause the market, so it holds at most its backlog limit
 * ({@code botdeck.storage.max-backlog-per-run}) and is ended failed, with a readable reason,
 * beyond it.
 * <p>
 * When something cannot be stored for good (the database refuses a batch, a result does not fit
 * its column, the log file cannot be written) the journal stops taking anything further, tells
 * its run once through {@code onFailure} with a readable reason, and {@link #finish} fails
 * with a {@link StorageFailure}: a run never completes with trades missing.
 */
final class RunJournal implements EngineListener {

    private static final Logger log = LoggerFactory.getLogger(RunJournal.class);
    private static final int BATCH = 10_000;
    /** Live runs publish within a few milliseconds; backtests gather bigger batches for the database. */
    private static final Duration LIVE_BATCH_WAIT = Duration.ofMillis(5);
    private static final Duration BACKTEST_BATCH_WAIT = Duration.ofMillis(50);
    private static final Duration METRIC_EVENT_EVERY = Duration.ofSeconds(10);
    /** Backtest batches being written to the database at once (each on its own connection). */
    private static final int BACKTEST_BATCHES_IN_FLIGHT = 4;
    /** Attempts after the first to store a batch the database refused for a passing reason other than being unreachable. */
    private static final int STORE_RETRIES = 3;
    /** First pause before trying a refused write again; doubled after each try up to {@link #OUTAGE_RETRY_CAP}. */
    private static final Duration RETRY_FIRST = Duration.ofMillis(100);
    /** Longest pause between tries while the database is unreachable. */
    static final Duration OUTAGE_RETRY_CAP = Duration.ofSeconds(2);
    /**
     * A write the database has not answered for this long is given up and tried again (a frozen
     * server or a lost connection without a reset never answers; both writes are idempotent).
     */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final String sessionId;
    private final SessionLog sessionLog;
    private final RunControl control;
    private final TradeService trades;
    private final MetricEngine metrics;
    private final MetricsStore store;
    /** Points of the equity curve already appended to the store. */
    private int curveStored;
    private final Consumer<String> onFailure;
    private final Sinks.Many<Object> queue = Sinks.many().unicast().onBackpressureBuffer(Queues.<Object>unboundedMultiproducer().get());
    private final Mono<Void> drained;
    private final boolean storeOpenTrades;
    /** A lean log: only trade, warning and error lines and the run's status lines reach the session's log. */
    private final boolean lean;
    private final Disposable resultsTicker;
    private volatile long lastWrittenVersion = -1;
    private volatile long version;
    private long savedVersion = -1;
    private volatile Instant lastMetricEvent = Instant.EPOCH;
    private volatile int tradesAtLastMetricEvent;
    private volatile Long progressDone;
    private volatile Long progressTotal;
    private volatile long dataPoints;
    /** Why the journal stopped taking items; null while all is stored. */
    private volatile StorageFailure failure;
    private final AtomicLong storeNanos = new AtomicLong();
    private final AtomicLong backlog = new AtomicLong();
    /** Items emitted whose lines are not in the log yet (waiting, being stored, or stored and waiting for their turn). */
    private final AtomicLong unstored = new AtomicLong();
    /** Where this journal reports whether its writes reach the database. */
    private final StorageStatus.Writer storage;
    /** Unstored items beyond which a live run is ended while the database is unreachable; none for a backtest, which pauses. */
    private final long backlogLimit;
    /** Since when the database has refused this journal's writes as unreachable (System.nanoTime), 0 while it takes them. */
    private volatile long unreachableSince;
    /** A backtest's trades as stored, for its export; null for live runs, whose earlier runs' trades only the database has. */
    private final List<Trade> storedTrades;
    private long logNanos;

    /**
     * @param storeOpenTrades write a trade row when it opens (live: open positions show at once);
     *                        a backtest writes each trade once, when it closes
     * @param onFailure       hears once, with a readable reason, that something could not be stored
     */
    RunJournal(String sessionId, SessionLog sessionLog, RunControl control, TradeService trades, MetricEngine metrics,
               MetricsStore store, long dataPointsSoFar, boolean storeOpenTrades, Consumer<String> onFailure) {
        this(sessionId, sessionLog, control, trades, metrics, store, dataPointsSoFar, storeOpenTrades, false, onFailure);
    }

    /**
     * @param lean keep in the log only trade lines, warnings, errors and the run's status lines
     *             (start, source, end): the engine's other lines and heartbeats are left out
     */
    RunJournal(String sessionId, SessionLog sessionLog, RunControl control, TradeService trades, MetricEngine metrics,
               MetricsStore store, long dataPointsSoFar, boolean storeOpenTrades, boolean lean, Consumer<String> onFailure) {
        this.storeOpenTrades = storeOpenTrades;
        this.lean = lean;
        this.storedTrades = storeOpenTrades ? null : new ArrayList<>();
        this.sessionId = sessionId;
        this.sessionLog = sessionLog;
        this.control = control;
        this.trades = trades;
        this.metrics = metrics;
        this.store = store;
        this.curveStored = metrics.equityCurve().size();
        this.onFailure = onFailure;
        this.dataPoints = dataPointsSoFar;
        this.tradesAtLastMetricEvent = metrics.tradeCount();
        this.storage = control.storage(unstored::get);
        this.backlogLimit = storeOpenTrades ? storage.backlogLimit() : Long.MAX_VALUE;
        // a live run stores one batch at a time: a trade's exit must never overtake the row of its
        // entry; a backtest writes each trade once, so its batches go to the database side by side,
        // and the log and the readers still take them strictly in order.
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
        this.drained.subscribe(null, this::failed);
        this.resultsTicker = Flux.interval(Duration.ofSeconds(1), Duration.ofSeconds(1))
                .onBackpressureDrop()
                .concatMap(t -> Mono.defer(() -> writeResults(false)).timeout(WRITE_TIMEOUT).onErrorResume(e -> {
                    // a value the database will never take ends the run; a passing hiccup is retried next second
                    if (StorageFailure.isPermanent(e)) {
                        failed(StorageFailure.of("its results", e));
                    } else if (StorageUnavailable.is(e)) {
                        storage.failed();
                    }
                    return Mono.empty();
                }))
                .subscribe();
    }

    // ------------------------------------------------------------- engine side (any thread, never blocks)

    @Override
    public void log(long timeMillis, LogLevel level, String message) {
        if (lean && !keptWhenLean(level)) {
            return;
        }
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

    @Override
    public boolean wants(LogLevel level) {
        return !lean || keptWhenLean(level);
    }

    /** The engine's lines a lean log keeps: trades, warnings and errors. */
    static boolean keptWhenLean(LogLevel level) {
        return level == LogLevel.TRADE || level == LogLevel.WARN || level == LogLevel.ERROR;
    }

    void heartbeat(long timeMillis) {
        if (lean) {
            return;
        }
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

    /** Engine, heartbeat and control threads all emit: serialised here; nothing is taken once the journal failed. */
    private void emit(Object item) {
        if (failure != null) {
            return;
        }
        if (unreachableSince != 0 && unstored.get() >= backlogLimit) {
            overflowed();
            return;
        }
        synchronized (queue) {
            if (queue.tryEmitNext(item).isSuccess()) {
                backlog.incrementAndGet();
                unstored.incrementAndGet();
            }
        }
    }

    /** The database has stayed away while a live run produced more than it may hold: the run ends, saying what was lost. */
    private void overflowed() {
        long seconds = Math.max(1, (System.nanoTime() - unreachableSince) / 1_000_000_000L);
        failed(StorageFailure.unreachable("the database has not been reachable for " + seconds + " s and the run's unstored output"
                + " reached its limit of " + backlogLimit + " items (botdeck.storage.max-backlog-per-run); the run was ended, and"
                + " the " + unstored.get() + " items it still held, never shown to anyone, were not stored"));
    }

    /**
     * Flushes everything queued and writes the final results; completes when all is stored, or
     * fails with a {@link StorageFailure} when something could not be.
     */
    Mono<Void> finish() {
        synchronized (queue) {
            queue.tryEmitComplete();
        }
        resultsTicker.dispose();
        return drained.onErrorResume(e -> Mono.empty())
                .doOnTerminate(() -> log.debug("Session {} journal: {} ms storing trades and events (batches side by side, summed), {} ms writing and publishing logs",
                        sessionId, storeNanos.get() / 1_000_000, logNanos / 1_000_000))
                .then(Mono.defer(() -> failure != null ? Mono.error(failure)
                        : Mono.defer(() -> writeResults(true)).timeout(WRITE_TIMEOUT)
                                .retryWhen(retry())
                                .doOnSuccess(v -> reachable())
                                .onErrorMap(e -> !(e instanceof StorageFailure), e -> failed(StorageFailure.of("its results", e)))))
                .doFinally(s -> storage.close());
    }

    /** Why the journal stopped, if it did. */
    Optional<StorageFailure> failure() {
        return Optional.ofNullable(failure);
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

    /** Items emitted that the writer has not taken into a batch yet. */
    long backlog() {
        return backlog.get();
    }

    /** Items emitted whose lines are not in the log yet. */
    long unstored() {
        return unstored.get();
    }

    // ------------------------------------------------------------- writer side

    /** A batch whose trades the database holds, waiting for its turn at the log and the readers. */
    private record Stored(List<LogEntry> lines, List<ClosedTrade> closed) {
    }

    /** Stores the batch's trades and their events; its lines wait, unnumbered, until that is done. */
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
                lines.add(TradeLines.entry(t));
            } else if (item instanceof ClosedTrade t) {
                tradeRows.add(new Trade(0, sessionId, t.tradeNo(), t.groupNo(), t.market(), t.side(), BigDecimal.valueOf(t.size()),
                        t.entryPrice(), t.exitPrice(), Instant.ofEpochMilli(t.entryTimeMillis()),
                        Instant.ofEpochMilli(t.exitTimeMillis()), t.pnl(), t.fees(), t.exitReason()));
                closed.add(t);
                lines.add(TradeLines.exit(t));
            }
        }
        Stored stored = new Stored(lines, closed);
        if (tradeRows.isEmpty()) {
            return Mono.just(stored);
        }
        long t0 = System.nanoTime();
        // the trades first, then their events, built by the database from the stored rows
        List<Integer> closedNos = closed.stream().map(ClosedTrade::tradeNo).toList();
        // both writes are idempotent together (an upsert, then events the failed attempt did not write), so a
        // passing refusal is tried again; one the database will repeat ends the run at once
        // a backtest's batch waits for one of the server's backtest write slots (not counted in its timeout)
        Mono<Void> write = Mono.defer(() -> trades.save(tradeRows).then(Mono.defer(() -> control.tradeEvents(closedNos))))
                .timeout(WRITE_TIMEOUT);
        return Mono.defer(() -> storeOpenTrades ? write : WriteSlots.BACKTESTS.run(write))
                .retryWhen(retry())
                .doOnSuccess(v -> {
                    reachable();
                    storeNanos.addAndGet(System.nanoTime() - t0);
                    if (storedTrades != null) {
                        synchronized (storedTrades) {
                            storedTrades.addAll(tradeRows);
                        }
                    }
                })
                .thenReturn(stored)
                // its trades are not stored, so neither its lines nor anything after it may be shown
                .onErrorMap(e -> StorageFailure.of("a batch of " + tradeRows.size() + " trade" + (tradeRows.size() == 1 ? "" : "s"), e));
    }

    /** Lets the metrics see a stored batch, then appends its lines to the session's log. */
    private Mono<Void> logAndPublish(Stored batch) {
        return Mono.<Void>fromRunnable(() -> {
                    if (!batch.closed().isEmpty()) {
                        List<EquityPoint> points;
                        synchronized (metrics) {
                            batch.closed().forEach(metrics::record);
                            points = metrics.equityCurveFrom(curveStored);
                        }
                        // the curve as the run produces it: appended before the trades' lines are shown
                        store.append(sessionId, points);
                        curveStored += points.size();
                        version++;
                    }
                    long t1 = System.nanoTime();
                    sessionLog.append(batch.lines());
                    logNanos += System.nanoTime() - t1;
                    unstored.addAndGet(-batch.lines().size());
                })
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(e -> !(e instanceof StorageFailure), e -> StorageFailure.of(batch.lines().size() + " log lines", e));
    }

    /**
     * When to try a refused write again: while the database is unreachable, again and again (the
     * pause doubling up to {@link #OUTAGE_RETRY_CAP}) as long as the journal takes items; a
     * refusal for another passing reason {@link #STORE_RETRIES} times; one the database will
     * repeat, never.
     */
    private Retry retry() {
        return Retry.from(signals -> signals.concatMap(signal -> {
            Throwable e = signal.failure();
            if (failure != null || StorageFailure.isPermanent(e)) {
                return Mono.error(e);
            }
            if (StorageUnavailable.is(e)) {
                if (unreachableSince == 0) {
                    unreachableSince = System.nanoTime();
                    log.warn("Session {}: the database is not reachable; holding the run's output until it is ({})", sessionId, e.toString());
                }
                storage.failed();
                if (unstored.get() >= backlogLimit) {
                    overflowed();
                    return Mono.error(failure);
                }
            } else if (signal.totalRetriesInARow() >= STORE_RETRIES) {
                return Mono.error(e);
            }
            long shift = Math.min(signal.totalRetriesInARow(), 10);
            Duration pause = RETRY_FIRST.multipliedBy(1L << shift);
            return Mono.delay(pause.compareTo(OUTAGE_RETRY_CAP) > 0 ? OUTAGE_RETRY_CAP : pause);
        }));
    }

    /** A write went through: the database is back, if it was away. */
    private void reachable() {
        if (unreachableSince != 0) {
            log.info("Session {}: the database is reachable again after {} s; the held output is being stored in order",
                    sessionId, (System.nanoTime() - unreachableSince) / 1_000_000_000L);
            unreachableSince = 0;
        }
        storage.succeeded();
    }

    /** Marks the journal failed (once) and tells the run; answers the failure that counts. */
    private StorageFailure failed(Throwable e) {
        StorageFailure f = e instanceof StorageFailure sf ? sf : StorageFailure.of("what the run produced", e);
        synchronized (this) {
            if (failure != null) {
                return failure;
            }
            failure = f;
        }
        if (f.getCause() == null) {
            log.error("Session {}: {}", sessionId, f.getMessage());
        } else {
            log.error("Session {}: {}", sessionId, f.getMessage(), f.getCause());
        }
        synchronized (queue) {
            queue.tryEmitComplete();
        }
        resultsTicker.dispose();
        storage.close();
        onFailure.accept(f.getMessage());
        return f;
    }

    /** Keeps the snapshot unless a newer one is already kept (the ticker's write may finish after the last one). */
    private synchronized void saveSnapshot(Metrics snapshot, long ofVersion) {
        if (ofVersion >= savedVersion) {
            store.save(sessionId, snapshot);
            savedVersion = ofVersion;
        }
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
            metricEvent = control.events(SessionEventType.METRIC_UPDATE, List.of(data));
        }
        Metrics snapshot = m;
        return Mono.fromRunnable(() -> saveSnapshot(snapshot, current)).subscribeOn(Schedulers.boundedElastic())
                .then(control.results((int) m.tradeCount(), m.totalPnl(), m.winRate(), m.maxDrawdown())
                .then(control.progress(progressDone, progressTotal, dataPoints)))
                .then(metricEvent)
                // written: the next tick writes again only if something moved; refused: it writes again
                .doOnSuccess(v -> lastWrittenVersion = current)
                .doOnError(e -> lastWrittenVersion = -1);
    }
}
