package io.botdeck.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.botdeck.core.LogLevel;
import io.botdeck.engine.broker.MarketSpec;
import io.botdeck.events.LogEntry;
import io.botdeck.events.SessionLogs;
import io.botdeck.metrics.MetricEngine;
import io.botdeck.metrics.MetricsStore;
import io.botdeck.session.RunControl;
import io.botdeck.session.Session;
import io.botdeck.session.SessionEventType;
import io.botdeck.trade.Trade;
import io.botdeck.trade.TradeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One running session: what every kind of run shares (its journal, heartbeats, stopping,
 * failing, the trade export at the end). {@link LiveRun}, {@link BacktestRun} and
 * {@link ScraperRun} add only what their kind owns.
 */
abstract class Run {

    private static final Logger log = LoggerFactory.getLogger(Run.class);
    /**
     * What the registry hands every run.
     *
     * @param stopWait how long a stop waits for the run to wind down before it answers (the wind-down goes on)
     */
    record Kit(TradeService trades, SessionLogs logs, MetricsStore metrics, TradeExport export, Duration heartbeat,
               Duration stopWait, Runnable ended) {
    }

    /** The first line of a lean log: what it leaves out, and how to see every line. */
    static final String LEAN_NOTE = "This log is lean: it keeps the trade lines, warnings, errors and the run's start and end,"
            + " not every step of the strategy. To see every line, re-run the backtest with Re-run and verify"
            + " (POST /sessions/:id/verify): the re-run keeps the full log and checks that its trades match this run's.";

    protected final Session session;
    protected final RunControl control;
    protected final List<MarketSpec> legs;
    private final Kit kit;
    private final List<Disposable> work = new ArrayList<>();
    protected volatile boolean cancelled;
    private boolean ended;
    protected RunJournal journal;
    /** Completes once the run's end is stored (its final status written or given up), or once it could not start. */
    private final reactor.core.publisher.Sinks.Empty<Void> finished = reactor.core.publisher.Sinks.empty();

    Run(Session session, RunControl control, Kit kit) {
        this.session = session;
        this.control = control;
        this.kit = kit;
        this.legs = MarketSpec.legsOf(session.market());
    }

    // ---------------------------------------------------------------- what each kind says

    /**
     * Settles the trades of earlier runs before this one starts: a live run marks those an earlier
     * run left open abandoned (their rows and numbers stay) and answers them; a backtest starts
     * over from no trades.
     */
    protected Mono<List<Trade>> settleEarlierTrades(TradeService trades) {
        return trades.abandonOpen(session.id());
    }

    /** Whether a trade row is written when it opens (live runs: open positions show at once). */
    protected boolean storesOpenTrades() {
        return true;
    }

    protected long dataPointsSoFar() {
        return 0;
    }

    /** Builds the run's own state once its journal exists; {@code firstTradeNo} continues earlier runs. */
    protected abstract void prepare(int firstTradeNo);

    /** For the start line: what runs, e.g. "backtest of ...", then " | rule: ...". */
    protected abstract String describe();

    /** Starts the run's own work (subscriptions registered with {@link #keep}). */
    protected abstract void begin();

    /** Ends the run's own work on a stop: close positions, flush candles. Called once, before the journal finishes. */
    protected abstract Mono<Void> windDown(String reason);

    /** Completes once the run's end is stored: after its last trades, lines, export and final status. */
    final Mono<Void> finished() {
        return finished.asMono();
    }

    /** The run has ended (completed, stopped or failed): frees what it held; called at least once. */
    protected void ended() {
    }

    /** What a stop waits for before winding down (a backtest's replay step that is under way). */
    protected Mono<Void> settled() {
        return Mono.empty();
    }

    // ---------------------------------------------------------------- shared

    final Mono<Void> start() {
        String id = session.id();
        TradeService trades = kit.trades();
        List<Trade> abandoned = new ArrayList<>();
        return settleEarlierTrades(trades).doOnNext(abandoned::addAll)
                .then(Mono.zip(lastTradeNoEverUsed(trades), trades.replay(id)))
                .flatMap(t -> control.files(null, kit.logs().pathOf(id).toString()).thenReturn(t))
                // the snapshot and the equity curve start over from the trades this run carries on
                .flatMap(t -> Mono.fromRunnable(() -> kit.metrics().reset(id, t.getT2())).subscribeOn(Schedulers.boundedElastic())
                        .thenReturn(t))
                .doOnNext(t -> {
                    MetricEngine metrics = t.getT2();
                    journal = new RunJournal(id, kit.logs().of(id), control, trades, metrics, kit.metrics(), dataPointsSoFar(),
                            storesOpenTrades(), session.leanLog(), this::fail);
                    prepare(t.getT1() + 1);
                    long now = System.currentTimeMillis();
                    if (session.leanLog()) {
                        journal.status(now, LogLevel.INFO, LEAN_NOTE);
                    }
                    abandoned.forEach(a -> journal.status(now, LogLevel.WARN, TradeLines.abandoned(a, "at this restart")));
                    journal.status(now, LogLevel.INFO, "Session started: " + session.strategy()
                            + " on " + session.market() + ", " + describe());
                })
                .then(Mono.<Void>fromRunnable(() -> {
                    keep(Flux.interval(kit.heartbeat(), kit.heartbeat())
                            .onBackpressureDrop()
                            .concatMap(tick -> control.heartbeat()
                                    .doOnSuccess(v -> journal.heartbeat(System.currentTimeMillis()))
                                    .onErrorResume(e -> Mono.empty()))
                            .subscribe());
                    begin();
                }))
                .doOnError(e -> {
                    // a run that could not start leaves no journal behind, ticking and waiting for lines
                    synchronized (this) {
                        ended = true;
                        work.forEach(Disposable::dispose);
                    }
                    if (journal != null) {
                        journal.finish().subscribe(null, ex -> log.debug("Session {}: {}", id, ex.toString()));
                    }
                    finished.tryEmitEmpty();
                });
    }

    /**
     * The highest trade number the session ever used: in its stored trades or in its log (a
     * backtest that runs again starts from no stored trades, and its earlier run's lines stay).
     * The new run numbers after it, so no number ever names two different trades.
     */
    private Mono<Integer> lastTradeNoEverUsed(TradeService trades) {
        return trades.lastTradeNo(session.id())
                .zipWith(Mono.fromCallable(() -> kit.logs().of(session.id()).lastTradeNo()).subscribeOn(Schedulers.boundedElastic()),
                        Math::max);
    }

    /** Registers work to dispose of when the run ends. */
    protected final synchronized void keep(Disposable d) {
        if (ended) {
            d.dispose();
        } else {
            work.add(d);
        }
    }

    /**
     * Stops the run, closes open positions, flushes and exports. Waits at most the kit's stop
     * wait: past that it says so in the session's log and events and answers with a note for the
     * session, while the wind-down carries on; when that ends, the log says so too and the trade
     * export is set on the session as usual.
     */
    final Mono<String> stop(String reason) {
        cancelled = true;
        long asked = System.nanoTime();
        AtomicBoolean overdue = new AtomicBoolean();
        Mono<Void> done = settled().onErrorResume(e -> Mono.empty())
                .then(Mono.defer(() -> {
                    synchronized (this) {
                        if (ended) {
                            return Mono.empty();
                        }
                        work.forEach(Disposable::dispose);
                    }
                    return windDown(reason).onErrorResume(e -> {
                        log.warn("Session {}: winding down: {}", session.id(), e.toString());
                        return Mono.empty();
                    }).then(Mono.defer(() -> {
                        // after the wind-down: its exits go into the journal first
                        journal.status(System.currentTimeMillis(), LogLevel.INFO, "Session stopped");
                        return finishAndThen(Mono.empty());
                    }));
                }))
                .then(Mono.fromRunnable(() -> {
                    if (overdue.get()) {
                        long seconds = (System.nanoTime() - asked) / 1_000_000_000L;
                        String line = "Stop finished " + seconds + " s after it was asked: " + journal.failure()
                                .map(f -> "not everything could be stored (" + f.getMessage() + ")")
                                .orElse("every trade and line of the run is stored and the trade export is written");
                        log.info("Session {}: {}", session.id(), line);
                        appendToLog(LogLevel.INFO, line);
                    }
                }))
                .then()
                .cache();
        done.subscribe(null, e -> log.warn("Session {} did not stop cleanly: {}", session.id(), e.toString()));
        Duration wait = kit.stopWait();
        return done.then(Mono.<String>empty()).timeout(wait, Mono.defer(() -> {
            overdue.set(true);
            log.warn("Session {}: stop still winding down after {} ms", session.id(), wait.toMillis());
            String notice = "the stop took longer than " + describe(wait) + ": the run's last trades and lines were still being"
                    + " stored; they are stored in the background, and the session's log says when that is done"
                    + " (the trade export is set then)";
            // the log first: it needs no database, which may be what holds the stop up
            return Mono.fromRunnable(() -> appendToLog(LogLevel.WARN, "Stop is taking longer than " + describe(wait)
                            + ": the run's last trades and lines are still being stored; the trade export is written when they are"))
                    .subscribeOn(Schedulers.boundedElastic())
                    .then(control.events(SessionEventType.ERROR, List.of(Map.of("message", notice))))
                    .onErrorResume(e -> Mono.empty())
                    .thenReturn(notice);
        }));
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** A status line written straight to the session's log (the journal may be finished or busy). */
    private void appendToLog(LogLevel level, String message) {
        try {
            kit.logs().of(session.id()).append(List.of(new LogEntry(0, System.currentTimeMillis(), LogEntry.Kind.STATUS, level,
                    message, Map.of())));
        } catch (RuntimeException e) {
            log.warn("Session {}: could not log \"{}\": {}", session.id(), message, e.toString());
        }
    }

    /** The run died on an error of its own (a feed, a strategy). */
    protected final void fail(Throwable e) {
        log.warn("Session {} failed", session.id(), e);
        fail("the run stopped on an unexpected error (see the server log)");
    }

    /** Ends the run as failed with a readable {@code reason}. */
    final void fail(String reason) {
        synchronized (this) {
            if (ended) {
                return;
            }
            cancelled = true;
            work.forEach(Disposable::dispose);
        }
        kit.ended().run();
        ended();
        if (journal != null) {
            journal.status(System.currentTimeMillis(), LogLevel.ERROR, "Session failed: " + reason);
        }
        finishAndThen(control.failed(reason)).subscribe(null, ex -> log.warn("Session {}: {}", session.id(), ex.toString()));
    }

    /**
     * Flushes the journal, writes the trade export, then runs {@code next} (once). When the journal
     * could not store everything, the session fails with its reason instead.
     */
    protected final Mono<Void> finishAndThen(Mono<Void> next) {
        synchronized (this) {
            if (ended) {
                return Mono.empty();
            }
            ended = true;
            work.forEach(Disposable::dispose);
        }
        kit.ended().run();
        ended();
        String id = session.id();
        return journal.finish()
                .then(Mono.defer(() -> kit.export().write(id, journal.backtestTrades().orElse(null))
                        .flatMap(path -> control.files(path.toString(), null))
                        .onErrorResume(e -> {
                            log.warn("Session {}: could not export trades: {}", id, e.toString());
                            return Mono.empty();
                        })))
                .then(next)
                .onErrorResume(StorageFailure.class, f -> {
                    // nothing of the failed batch was numbered or shown; say why in the log, then end failed
                    try {
                        kit.logs().of(id).append(List.of(new LogEntry(0, System.currentTimeMillis(),
                                LogEntry.Kind.STATUS, LogLevel.ERROR, "Session failed: " + f.getMessage(),
                                Map.of())));
                    } catch (RuntimeException logFileToo) {
                        log.warn("Session {}: could not log the failure: {}", id, logFileToo.toString());
                    }
                    return control.failed(f.getMessage());
                })
                .doFinally(signal -> finished.tryEmitEmpty());
    }
}
