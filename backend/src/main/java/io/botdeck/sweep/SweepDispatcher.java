package io.botdeck.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.botdeck.config.Broadcast;
import io.botdeck.core.SessionType;
import io.botdeck.error.ConflictException;
import io.botdeck.error.NotFoundException;
import io.botdeck.metrics.Metrics;
import io.botdeck.run.BacktestSlots;
import io.botdeck.session.Session;
import io.botdeck.session.SessionCommands.CreateSession;
import io.botdeck.session.SessionService;
import io.botdeck.session.SessionStatus;
import io.botdeck.trade.TradeService;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs sweeps: keeps each running sweep's cells flowing into the server's fair backtest queue,
 * records each cell's end, completes the sweep when every cell ended; cancels, resumes, and on
 * start-up marks the sweeps a restart interrupted. Cell sessions are created lazily: a running
 * sweep keeps about as many cells waiting for a slot as there are slots (so a slot that frees never
 * idles), and at most {@link #inFlight()} cells with a session that has not ended (replaying,
 * waiting, or storing their end); the others are only {@code sweep_cells} rows.
 * <p>
 * A cell learns that its session ended from the sessions' status changes, and, should one of those
 * be lost, from a look at its running cells every {@link #RECONCILE_EVERY}.
 */
@Component
public class SweepDispatcher {

    private static final Logger log = LoggerFactory.getLogger(SweepDispatcher.class);
    static final Duration RECONCILE_EVERY = Duration.ofSeconds(2);

    private final SweepRepository sweeps;
    private final SessionService sessions;
    private final TradeService trades;
    private final BacktestSlots slots;
    private final SweepLanes lanes = new SweepLanes();
    /** Sweeps running in this process: since when, and the candles their ended cells replayed. */
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    private final Broadcast<String> changed = new Broadcast<>(1024);
    private Disposable listening;
    private Disposable reconciling;
    private Disposable granted;

    private static final class Active {
        final long since = System.nanoTime();
        final AtomicLong candlesEnded = new AtomicLong();
        final AtomicBoolean pumpQueued = new AtomicBoolean();
    }

    SweepDispatcher(SweepRepository sweeps, SessionService sessions, TradeService trades, BacktestSlots slots) {
        this.sweeps = sweeps;
        this.sessions = sessions;
        this.trades = trades;
        this.slots = slots;
    }

    /** Cells of one sweep that may have a session not ended yet (replaying, waiting for a slot, storing their end). */
    int inFlight() {
        return 3 * slots.slots();
    }

    /** Ids of sweeps that changed (a cell started or ended, the sweep's status moved). */
    Flux<String> changes() {
        return changed.direct();
    }

    private void announce(String sweepId) {
        // cells end on many threads at once: none of them waits for another, and no news is lost
        changed.publish(sweepId);
    }

    // ---------------------------------------------------------------- start-up

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        interruptLeftovers()
                .doFinally(signal -> {
                    listening = sessions.statusChanges()
                            .flatMap(id -> cellSessionChanged(id).onErrorResume(e -> {
                                log.warn("Sweep cell {}: could not record its end: {}", id, e.toString());
                                return Mono.empty();
                            }), 64)
                            .subscribe();
                    // a cell got a slot: queue the next one behind it
                    granted = slots.sweepGrants().subscribe(this::pump);
                    reconciling = Flux.interval(RECONCILE_EVERY, RECONCILE_EVERY)
                            .onBackpressureDrop()
                            .concatMap(tick -> reconcile().onErrorResume(e -> Mono.empty()))
                            .subscribe();
                })
                .subscribe(null, e -> log.warn("Could not mark interrupted sweeps: {}", e.toString()));
    }

    @PreDestroy
    void shutdown() {
        if (listening != null) {
            listening.dispose();
        }
        if (reconciling != null) {
            reconciling.dispose();
        }
        if (granted != null) {
            granted.dispose();
        }
    }

    /**
     * Sweeps still {@code running} when this server starts were interrupted by a restart: they become
     * {@code interrupted}, and their running cells are ended as an interrupted session is stopped
     * (their sessions stop with the results of what they stored). Nothing runs again until a resume.
     */
    Mono<Void> interruptLeftovers() {
        return sweeps.findByStatus(SweepStatus.RUNNING)
                .filter(s -> !active.containsKey(s.id()))
                .concatMap(s -> lanes.run(s.id(), () -> sweeps.move(s.id(), SweepStatus.RUNNING, SweepStatus.INTERRUPTED,
                                sessions.now())
                        .flatMap(rows -> rows == 1 ? stopRunningCells(s.id()) : Mono.empty())
                        .doOnSuccess(v -> {
                            log.info("Sweep {} was interrupted by a restart; it waits for a resume", s.id());
                            announce(s.id());
                        })))
                .then();
    }

    // ---------------------------------------------------------------- running

    /** Starts dispatching a sweep that is {@code running} in the database. */
    void activate(String sweepId) {
        active.putIfAbsent(sweepId, new Active());
        pump(sweepId);
    }

    /** Runs a dispatch pass on the sweep's lane, unless one is already waiting there. */
    private void pump(String sweepId) {
        Active a = active.get(sweepId);
        if (a == null || !a.pumpQueued.compareAndSet(false, true)) {
            return;
        }
        lanes.run(sweepId, () -> {
            a.pumpQueued.set(false);
            return dispatch(sweepId);
        });
    }

    /** Starts queued cells up to the in-flight limit; completes the sweep when no cell is left. */
    private Mono<Void> dispatch(String sweepId) {
        return sweeps.findById(sweepId).flatMap(sweep -> {
            if (!sweep.isRunning()) {
                active.remove(sweepId);
                return Mono.<Void>empty();
            }
            return sweeps.countsByStatus(List.of(sweepId)).flatMap(all -> {
                Map<SweepCellStatus, Integer> counts = all.getOrDefault(sweepId, Map.of());
                int running = counts.getOrDefault(SweepCellStatus.RUNNING, 0);
                int queued = counts.getOrDefault(SweepCellStatus.QUEUED, 0);
                if (running == 0 && queued == 0) {
                    return sweeps.move(sweepId, SweepStatus.RUNNING, SweepStatus.COMPLETED, sessions.now())
                            .doOnSuccess(rows -> {
                                active.remove(sweepId);
                                log.info("Sweep {} completed: {} cells", sweepId, sweep.cellCount());
                            }).then();
                }
                int room = Math.min(slots.slots() - slots.waitingOf(sweepId), inFlight() - running);
                if (room <= 0 || queued == 0) {
                    return Mono.<Void>empty();
                }
                // side by side: creating and starting a session takes several round trips to the database
                return sweeps.cellsWithStatus(sweepId, SweepCellStatus.QUEUED, room)
                        .flatMap(cell -> launch(sweep, cell).onErrorResume(e -> {
                            log.warn("Sweep {} cell {}: could not start: {}", sweepId, cell.index(), e.toString());
                            return sweeps.cellFailedUnrun(sweepId, cell.index(), sessions.now()).then();
                        }), room)
                        .then(Mono.fromRunnable(() -> {
                            // cells that ended at once (or failed to start) leave room: look again
                            pump(sweepId);
                        }));
            });
        }).doFinally(signal -> announce(sweepId));
    }

    /** Gives a queued cell a running session: a new one, or its own again (a resumed cell). */
    private Mono<Void> launch(Sweep sweep, SweepCell cell) {
        Mono<Session> existing = cell.sessionId() == null ? Mono.empty()
                : sessions.get(cell.sessionId()).onErrorResume(NotFoundException.class, e -> Mono.empty());
        return existing
                .flatMap(s -> sweeps.cellRunning(sweep.id(), cell.index(), s.id(), sessions.now())
                        .then(switch (s.status()) {
                            case CREATED -> sessions.start(s.id());
                            case STOPPED, FAILED -> sessions.restart(s.id());
                            default -> Mono.just(s);
                        }))
                .switchIfEmpty(Mono.defer(() -> sessions.createCell(cellSession(sweep, cell), sweep.id())
                        .flatMap(s -> sweeps.cellRunning(sweep.id(), cell.index(), s.id(), sessions.now())
                                .then(sessions.start(s.id())))))
                .flatMap(s -> s.status() == SessionStatus.RUNNING ? Mono.<Void>empty() : recordEnd(sweep.id(), cell.index(), s));
    }

    /**
     * The one place a cell's session is configured: an ordinary backtest named after the sweep and
     * the cell's position, the sweep's base parameters with the cell's coordinates laid over them,
     * keeping a lean log (trades, warnings and errors; Re-run and verify replays it with every line).
     */
    static CreateSession cellSession(Sweep sweep, SweepCell cell) {
        tools.jackson.databind.node.ObjectNode params = sweep.baseParams().deepCopy();
        cell.params().properties().forEach(e -> params.set(e.getKey(), e.getValue()));
        return new CreateSession(cellName(sweep.name(), cell.index()), SessionType.BACKTEST, sweep.market(), sweep.exchange(),
                sweep.strategy(), params, sweep.rangeStart(), sweep.rangeEnd(), null, true);
    }

    static String cellName(String sweepName, int index) {
        return sweepName + " #" + (index + 1);
    }

    /** A session's status changed: when it is a cell that ended, record it and start the next. */
    private Mono<Void> cellSessionChanged(String sessionId) {
        return sweeps.cellOfSession(sessionId)
                .filter(cell -> cell.status() == SweepCellStatus.RUNNING)
                .flatMap(cell -> lanes.run(cell.sweepId(), () -> sessions.get(sessionId)
                                .onErrorResume(NotFoundException.class, e -> Mono.empty())
                                .filter(s -> s.status() != SessionStatus.RUNNING)
                                .flatMap(s -> recordEnd(cell.sweepId(), cell.index(), s)))
                        .then(Mono.fromRunnable(() -> pump(cell.sweepId()))));
    }

    /**
     * Copies an ended session's status and metrics into its cell (once: only a running cell takes
     * them). Sharpe, Sortino and profit factor come from the session's stored metrics.
     */
    private Mono<Void> recordEnd(String sweepId, int index, Session s) {
        SweepCellStatus to = switch (s.status()) {
            case COMPLETED -> SweepCellStatus.COMPLETED;
            case FAILED -> SweepCellStatus.FAILED;
            default -> SweepCellStatus.STOPPED;
        };
        return trades.metrics(s.id())
                .map(m -> metrics(m))
                .onErrorResume(e -> {
                    log.warn("Sweep {} cell {}: metrics unreadable ({}); keeping the session's", sweepId, index, e.toString());
                    return Mono.just(new SweepRepository.CellMetrics(s.totalPnl(), s.winRate(), s.maxDrawdown(), s.tradeCount(),
                            null, null, null));
                })
                .flatMap(m -> sweeps.cellEnded(sweepId, index, to, m, sessions.now()))
                .doOnNext(rows -> {
                    Active a = active.get(sweepId);
                    if (rows == 1 && a != null && s.progressDone() != null) {
                        a.candlesEnded.addAndGet(s.progressDone());
                    }
                })
                .then(Mono.fromRunnable(() -> announce(sweepId)));
    }

    private static SweepRepository.CellMetrics metrics(Metrics m) {
        return new SweepRepository.CellMetrics(m.totalPnl(), m.winRate(), m.maxDrawdown(), m.tradeCount(),
                m.sharpe() == null ? null : m.sharpe().doubleValue(),
                m.sortino() == null ? null : m.sortino().doubleValue(),
                m.profitFactor() == null ? null : m.profitFactor().doubleValue());
    }

    /** Running cells whose session is no longer running (an end that was not heard of) are recorded; then a dispatch. */
    private Mono<Void> reconcile() {
        return Flux.fromIterable(List.copyOf(active.keySet()))
                .concatMap(sweepId -> lanes.run(sweepId, () -> endCellsNotRunning(sweepId))
                        .then(Mono.fromRunnable(() -> pump(sweepId))))
                .then();
    }

    private Mono<Void> endCellsNotRunning(String sweepId) {
        return sweeps.cellsWithStatus(sweepId, SweepCellStatus.RUNNING, SweepGrid.MAX_CELLS).collectList().flatMap(cells -> {
            List<String> ids = cells.stream().map(SweepCell::sessionId).filter(java.util.Objects::nonNull).toList();
            return sessions.getAll(ids).collectMap(Session::id).flatMap(byId -> Flux.fromIterable(cells).concatMap(cell -> {
                Session s = cell.sessionId() == null ? null : byId.get(cell.sessionId());
                if (s == null) {
                    // its session was deleted while it ran
                    return sweeps.cellEnded(sweepId, cell.index(), SweepCellStatus.STOPPED, SweepRepository.CellMetrics.NONE,
                            sessions.now()).then();
                }
                return s.status() == SessionStatus.RUNNING ? Mono.<Void>empty() : recordEnd(sweepId, cell.index(), s);
            }).then());
        });
    }

    // ---------------------------------------------------------------- cancel, resume, delete

    /** running → cancelled: its running cells are stopped (they end {@code stopped}); queued cells stay queued, never run. */
    Mono<Void> cancel(String sweepId) {
        return Mono.defer(() -> lanes.run(sweepId, () -> sweeps.move(sweepId, SweepStatus.RUNNING, SweepStatus.CANCELLED,
                        sessions.now())
                .flatMap(rows -> rows == 1 ? stopRunningCells(sweepId) : notRunning(sweepId, "cancelled"))
                .doFinally(signal -> {
                    active.remove(sweepId);
                    announce(sweepId);
                })));
    }

    private Mono<Void> notRunning(String sweepId, String what) {
        return sweeps.findById(sweepId)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("sweep '" + sweepId + "' not found")))
                .flatMap(s -> Mono.error(new ConflictException("sweep is " + s.status().wire() + "; only a running sweep can be "
                        + what)));
    }

    /** Stops the sessions of the sweep's running cells and records their ends. */
    private Mono<Void> stopRunningCells(String sweepId) {
        return sweeps.cellsWithStatus(sweepId, SweepCellStatus.RUNNING, SweepGrid.MAX_CELLS)
                .flatMap(cell -> {
                    if (cell.sessionId() == null) {
                        return sweeps.cellEnded(sweepId, cell.index(), SweepCellStatus.STOPPED, SweepRepository.CellMetrics.NONE,
                                sessions.now()).then();
                    }
                    return sessions.get(cell.sessionId())
                            .flatMap(s -> s.status() == SessionStatus.RUNNING
                                    ? sessions.stop(s.id()).onErrorResume(ConflictException.class, e -> sessions.get(s.id()))
                                    : Mono.just(s))
                            .flatMap(s -> recordEnd(sweepId, cell.index(), s))
                            .onErrorResume(NotFoundException.class, e -> sweeps.cellEnded(sweepId, cell.index(),
                                    SweepCellStatus.STOPPED, SweepRepository.CellMetrics.NONE, sessions.now()).then());
                }, 8)
                .then();
    }

    /** interrupted → running: only the cells that did not complete run (again). */
    Mono<Void> resume(String sweepId) {
        return Mono.defer(() -> lanes.run(sweepId, () -> sweeps.move(sweepId, SweepStatus.INTERRUPTED, SweepStatus.RUNNING, null)
                .flatMap(rows -> rows == 1 ? sweeps.requeueUnfinished(sweepId).then()
                        : sweeps.findById(sweepId)
                                .switchIfEmpty(Mono.error(() -> new NotFoundException("sweep '" + sweepId + "' not found")))
                                .flatMap(s -> Mono.<Void>error(new ConflictException("sweep is " + s.status().wire()
                                        + "; only an interrupted sweep can be resumed"))))))
                .then(Mono.fromRunnable(() -> activate(sweepId)));
    }

    /** Deletes a sweep that is not running: its cell sessions (with their files) first, then the sweep and its cells. */
    Mono<Void> delete(String sweepId) {
        return Mono.defer(() -> lanes.run(sweepId, () -> sweeps.findById(sweepId)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("sweep '" + sweepId + "' not found")))
                .flatMap(s -> s.isRunning()
                        ? Mono.error(new ConflictException("sweep is running; cancel it first"))
                        : sessions.cellIds(sweepId).collectList().flatMap(ids -> sessions.getAll(ids)
                                .filter(Session::isRunning)
                                .next()
                                // a cell's session run again by hand: nothing is deleted while it runs
                                .flatMap(running -> Mono.<Void>error(new ConflictException("the session '" + running.name()
                                        + "' of one of its cells is running; stop it first")))
                                .then(Flux.fromIterable(ids)
                                        .concatMap(id -> sessions.delete(id).onErrorResume(NotFoundException.class, e -> Mono.empty()))
                                        .then()))
                                .then(sweeps.delete(sweepId))
                                .flatMap(rows -> rows == 1 ? Mono.<Void>empty()
                                        : Mono.error(new ConflictException("sweep changed meanwhile; try again"))))
                .doOnSuccess(v -> {
                    active.remove(sweepId);
                    announce(sweepId);
                })))
                .doOnSuccess(v -> lanes.forget(sweepId));
    }

    // ---------------------------------------------------------------- progress

    /**
     * Candles per second its cells replayed since it last started in this server (ended cells and
     * the progress of running ones), and the seconds left: the cells left times the mean time a
     * cell took from start to end, over the cells that run side by side. Nulls when not estimable.
     */
    Mono<double[]> rateAndEta(Sweep sweep, int queued, List<SweepCell> running) {
        Active a = active.get(sweep.id());
        if (a == null) {
            return Mono.just(new double[] {Double.NaN, Double.NaN});
        }
        List<String> ids = running.stream().map(SweepCell::sessionId).filter(java.util.Objects::nonNull).toList();
        Mono<Long> runningCandles = sessions.getAll(ids)
                .map(s -> s.progressDone() == null ? 0L : s.progressDone())
                .reduce(0L, Long::sum);
        return Mono.zip(runningCandles, sweeps.meanCellSeconds(sweep.id()).defaultIfEmpty(-1.0)).map(t -> {
            double seconds = Math.max(0.001, (System.nanoTime() - a.since) / 1e9);
            double rate = (a.candlesEnded.get() + t.getT1()) / seconds;
            double mean = t.getT2();
            int left = queued + running.size();
            double eta = mean < 0 ? Double.NaN : Math.ceil(left * mean / Math.max(1, running.size()));
            return new double[] {rate, eta};
        });
    }

    /** Whether the sweep is dispatched by this process now. */
    boolean isActive(String sweepId) {
        return active.containsKey(sweepId);
    }

    Instant now() {
        return sessions.now();
    }
}
