package io.botdeck.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.botdeck.config.BotdeckProperties;
import io.botdeck.core.LogLevel;
import io.botdeck.core.SessionType;
import io.botdeck.events.LogEntry;
import io.botdeck.events.SessionLogs;
import io.botdeck.market.archive.CandleArchive;
import io.botdeck.market.feed.MarketFeed;
import io.botdeck.metrics.MetricsStore;
import io.botdeck.session.RunControl;
import io.botdeck.session.Session;
import io.botdeck.session.SessionRunner;
import io.botdeck.trade.Trade;
import io.botdeck.trade.TradeService;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sessions running in this process: starts the right kind of {@link Run} for a session,
 * stops it, and removes what a deleted session left behind. Backtests replay on a bounded pool
 * (one thread per core; request threads never do this work).
 */
@Component
public class RunRegistry implements SessionRunner {

    private final TradeService trades;
    private final SessionLogs logs;
    private final MarketFeed feed;
    private final CandleArchive archive;
    private final BacktestData backtestData;
    private final Fingerprints fingerprints;
    private final TradeExport export;
    private final MetricsStore metrics;
    private final JsonMapper json;
    private final Duration heartbeat;
    private final Scheduler backtests = Schedulers.newParallel("backtest", Math.max(1, Runtime.getRuntime().availableProcessors()));
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    /** Runs that ended by themselves (completed, failed) and are still storing their end: their final status follows. */
    private final Map<String, Run> finishing = new ConcurrentHashMap<>();
    /** Sessions whose run this process stopped (until they run again). */
    private final java.util.Set<String> stoppedHere = ConcurrentHashMap.newKeySet();

    private final Duration stopWait;
    private final BacktestSlots slots;

    RunRegistry(TradeService trades, SessionLogs logs, MarketFeed feed, CandleArchive archive, BacktestData backtestData,
                Fingerprints fingerprints, TradeExport export, MetricsStore metrics, JsonMapper json, BotdeckProperties properties,
                @Value("${botdeck.stop-wait:30s}") Duration stopWait, BacktestSlots slots) {
        this.slots = slots;
        this.stopWait = stopWait;
        this.trades = trades;
        this.logs = logs;
        this.feed = feed;
        this.archive = archive;
        this.backtestData = backtestData;
        this.fingerprints = fingerprints;
        this.export = export;
        this.metrics = metrics;
        this.json = json;
        this.heartbeat = properties.heartbeat();
    }

    @Override
    public Mono<Long> start(Session session, RunControl control) {
        return stop(session.id()).then(Mono.defer(() -> {
            stoppedHere.remove(session.id());
            Run run = newRun(session, control);
            runs.put(session.id(), run);
            return run.start().thenReturn(ProcessHandle.current().pid())
                    .doOnError(e -> runs.remove(session.id(), run));
        }));
    }

    @SuppressWarnings("unchecked")
    private Run newRun(Session session, RunControl control) {
        Run[] self = new Run[1];
        Run.Kit kit = new Run.Kit(trades, logs, metrics, export, heartbeat, stopWait, () -> {
            if (runs.remove(session.id(), self[0])) {
                finishing.put(session.id(), self[0]);
                self[0].finished().doFinally(signal -> finishing.remove(session.id(), self[0])).subscribe();
            }
        });
        Map<String, Object> params = json.convertValue(session.strategyParams(), Map.class);
        self[0] = switch (session.type()) {
            case TEST -> new LiveRun(session, control, kit, params, feed);
            case BACKTEST -> new BacktestRun(session, control, kit, params, backtestData, fingerprints, backtests, slots);
            case SCRAPER -> new ScraperRun(session, control, kit, params, feed, archive);
        };
        return self[0];
    }

    @Override
    public Mono<String> stop(String sessionId) {
        Run run = runs.remove(sessionId);
        if (run == null) {
            // a run that is storing its own end (completed or failed): the stop waits for its final status
            Run ending = finishing.get(sessionId);
            return ending == null ? Mono.empty() : ending.finished().timeout(stopWait, Mono.empty()).then(Mono.empty());
        }
        stoppedHere.add(sessionId);
        return run.stop("stopped");
    }

    /**
     * Also true for a run this process stopped whose session may not show it yet (its status write
     * failed), and for one storing its own end: not an interrupted one.
     */
    @Override
    public boolean runs(String sessionId) {
        return runs.containsKey(sessionId) || stoppedHere.contains(sessionId) || finishing.containsKey(sessionId);
    }

    /**
     * Settles what the interrupted run left (see {@link #settleInterrupted}); waits for that at most
     * the stop wait, like a stop: past it, answers a note saying the rest is done in the background,
     * and the session's log says when it is.
     */
    @Override
    public Mono<String> endInterrupted(Session session, RunControl control) {
        String id = session.id();
        long asked = System.nanoTime();
        java.util.concurrent.atomic.AtomicBoolean overdue = new java.util.concurrent.atomic.AtomicBoolean();
        Mono<String> settled = settleInterrupted(session, control)
                .doOnNext(note -> {
                    if (overdue.get()) {
                        logs.of(id).append(List.of(new LogEntry(0, System.currentTimeMillis(), LogEntry.Kind.STATUS, LogLevel.INFO,
                                "Stop finished " + (System.nanoTime() - asked) / 1_000_000_000L + " s after it was asked: the results"
                                        + " and the trade export are rebuilt from the stored trades", Map.of())));
                    }
                })
                .cache();
        settled.subscribe(null, e -> org.slf4j.LoggerFactory.getLogger(RunRegistry.class)
                .warn("Session {}: could not settle its interrupted run: {}", id, e.toString()));
        return settled.timeout(stopWait, Mono.fromCallable(() -> {
            overdue.set(true);
            return "its run was interrupted by a server restart (the server was killed while it ran); the stop took longer than "
                    + stopWait.toSeconds() + " s rebuilding its results and trade export from its stored trades, which goes on in"
                    + " the background: the session's log says when it is done";
        }));
    }

    /**
     * Marks the trades the interrupted run left open abandoned, stores the session's results as its
     * stored trades add up, writes the trade export from them and ends the log; answers the note.
     */
    private Mono<String> settleInterrupted(Session session, RunControl control) {
        String id = session.id();
        return trades.abandonOpen(id)
                .zipWith(trades.lastTradeNo(id).zipWith(Mono.fromCallable(() -> logs.of(id).lastTradeNo())
                        .subscribeOn(Schedulers.boundedElastic())))
                .flatMap(t -> trades.replay(id)
                        .flatMap(engine -> Mono.fromCallable(() -> {
                            // the results as the stored trades add up (the row kept the last once-a-second snapshot)
                            metrics.reset(id, engine);
                            return engine.snapshot();
                        }).subscribeOn(Schedulers.boundedElastic()))
                        .flatMap(m -> control.results((int) m.tradeCount(), m.totalPnl(), m.winRate(), m.maxDrawdown())
                                .then(export.write(id, null))
                                .flatMap(path -> control.files(path.toString(), logs.pathOf(id).toString()))
                                .then(Mono.fromCallable(() -> {
                                    List<Trade> abandoned = t.getT1();
                                    int stored = t.getT2().getT1();
                                    int logged = t.getT2().getT2();
                                    String note = interruptedNote(session, m.tradeCount(), abandoned.size(), stored, logged);
                                    long now = System.currentTimeMillis();
                                    List<LogEntry> lines = new ArrayList<>();
                                    abandoned.forEach(a -> lines.add(new LogEntry(0, now, LogEntry.Kind.STATUS, LogLevel.WARN,
                                            TradeLines.abandoned(a, "at this stop"), Map.of())));
                                    lines.add(new LogEntry(0, now, LogEntry.Kind.STATUS, LogLevel.WARN,
                                            "Session stopped: " + note, Map.of()));
                                    logs.of(id).append(lines);
                                    return note;
                                }).subscribeOn(Schedulers.boundedElastic()))));
    }

    /** What the session's {@code error} and last log line say about a run a server restart interrupted. */
    private static String interruptedNote(Session session, long closed, int abandoned, int highestStored, int highestLogged) {
        StringBuilder note = new StringBuilder("its run was interrupted by a server restart (the server was killed while it ran)");
        if (session.type() == SessionType.BACKTEST) {
            if (session.progressDone() != null && session.progressTotal() != null && session.progressTotal() > 0) {
                note.append(" at about ").append(session.progressDone()).append(" of ").append(session.progressTotal())
                        .append(" candles");
            }
            note.append("; its results are those of the ").append(closed).append(" trade").append(closed == 1 ? "" : "s")
                    .append(" it stored, and the trade export holds them");
            if (highestLogged > highestStored) {
                note.append("; trade").append(highestLogged == highestStored + 1 ? " " + highestLogged
                        : "s " + (highestStored + 1) + "-" + highestLogged).append(" (in its log) ")
                        .append(highestLogged == highestStored + 1 ? "was" : "were")
                        .append(" open then and never stored (a backtest stores a trade when it closes)");
            }
        } else {
            note.append("; its results are those of the ").append(closed).append(" closed trade").append(closed == 1 ? "" : "s")
                    .append(" stored");
            if (abandoned > 0) {
                note.append("; ").append(abandoned).append(" position").append(abandoned == 1 ? " that was" : "s that were")
                        .append(" open then ").append(abandoned == 1 ? "is" : "are").append(" marked abandoned");
            }
        }
        return note.toString();
    }

    @Override
    public Mono<Void> discard(String sessionId) {
        return Mono.<Void>fromRunnable(() -> {
            logs.forget(sessionId);
            try {
                Files.deleteIfExists(logs.pathOf(sessionId));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            export.delete(sessionId);
            metrics.delete(sessionId);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** Runs stopped side by side at shutdown: enough to overlap their writes, few enough to leave the database pool usable. */
    static final int SHUTDOWN_STOPS_AT_ONCE = 64;
    /** How long shutdown waits for every run to stop and store what it holds. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(50);

    /**
     * Stops every run (open positions closed and stored, final results written), at most
     * {@link #SHUTDOWN_STOPS_AT_ONCE} at a time: thousands of stops at once took every database
     * connection and most of them failed to store their end. A run not stopped within
     * {@link #SHUTDOWN_WAIT} stays {@code running} in the database, as after a crash.
     */
    @PreDestroy
    void shutdown() {
        List<String> ids = new ArrayList<>(runs.keySet());
        try {
            Flux.fromIterable(ids).flatMap(id -> stop(id).then().onErrorResume(e -> Mono.empty()), SHUTDOWN_STOPS_AT_ONCE)
                    .then().block(SHUTDOWN_WAIT);
        } catch (IllegalStateException notInTime) {
            org.slf4j.LoggerFactory.getLogger(RunRegistry.class).warn("Shutdown: {} of {} sessions did not stop within {}; "
                    + "they stay running and are settled when next restarted or stopped", runs.size(), ids.size(), SHUTDOWN_WAIT);
        }
        backtests.dispose();
    }
}
