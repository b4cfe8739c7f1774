package io.botdeck.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

import io.botdeck.core.Candle;
import io.botdeck.core.LogLevel;
import io.botdeck.market.sim.CandleSeries;
import io.botdeck.session.RunControl;
import io.botdeck.session.Session;
import io.botdeck.trade.Trade;
import io.botdeck.trade.TradeService;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A backtest: waits for its turn in the server's fair queue ({@link BacktestSlots}; the session is
 * running meanwhile, and its log says how many are ahead), then replays its range week by week
 * from {@link BacktestData} on the backtest pool, as fast as the CPU allows, never more than
 * {@link #MAX_BACKLOG} items ahead of its journal; closes what is still open at the end and
 * completes. Its slot is freed however it ends.
 */
final class BacktestRun extends TradingRun {

    /** Log lines and trades a backtest may have produced that its journal has not taken yet. */
    static final long MAX_BACKLOG = 200_000;

    private final BacktestData data;
    private final Fingerprints fingerprints;
    private final Scheduler pool;
    private final BacktestSlots slots;
    private volatile BacktestSlots.Slot slot;
    /** What each leg replayed, for the fingerprint; set once the sources are known. */
    private volatile List<ReplayedCandles> replayed = List.of();
    private Mono<Void> done = Mono.empty();
    private long expected;
    private long stepped;
    private long lastProgress;
    private long began;

    BacktestRun(Session session, RunControl control, Kit kit, Map<String, Object> params, BacktestData data,
                Fingerprints fingerprints, Scheduler pool, BacktestSlots slots) {
        super(session, control, kit, params, false);
        this.data = data;
        this.fingerprints = fingerprints;
        this.pool = pool;
        this.slots = slots;
    }

    @Override
    protected Mono<List<Trade>> settleEarlierTrades(TradeService trades) {
        return trades.discardAll(session.id()).thenReturn(List.of());
    }

    @Override
    protected boolean storesOpenTrades() {
        return false;
    }

    @Override
    protected String what() {
        return "backtest of " + Instant.ofEpochSecond(session.rangeStart()) + " to " + Instant.ofEpochSecond(session.rangeEnd());
    }

    @Override
    protected void begin() {
        long from = session.rangeStart() - Math.floorMod(session.rangeStart(), 60);
        long to = session.rangeEnd();
        expected = Math.max(0, (to - from) / 60);
        journal.progress(0, expected);
        BacktestSlots.Slot mine = slots.take(BacktestSlots.ownerOf(session.id(), session.sweepId()));
        slot = mine;
        if (!mine.holding()) {
            int ahead = mine.ahead();
            journal.status(System.currentTimeMillis(), LogLevel.INFO, "Waiting for a backtest slot: all " + slots.slots()
                    + " are busy; " + ahead + " backtest" + (ahead == 1 ? " is" : "s are") + " ahead of this one");
        }
        // the next week loads while one replays
        done = mine.turn()
                .then(Mono.defer(() -> {
                    if (cancelled) {
                        return Mono.<Void>empty();
                    }
                    began = System.nanoTime();
                    return data.chunks(legs, from, to, pool, line -> journal.status(System.currentTimeMillis(), LogLevel.INFO, line),
                                    sources -> replayed = java.util.stream.IntStream.range(0, legs.size())
                                            .mapToObj(i -> new ReplayedCandles(legs.get(i).symbol(), sources.get(i).wire())).toList())
                            .publishOn(pool, 2)
                            .takeWhile(chunk -> !cancelled)
                            .doOnNext(this::replayChunk)
                            .then(Mono.fromRunnable(this::end))
                            .then(Mono.defer(() -> cancelled ? Mono.empty()
                                    : finishAndThen(Mono.defer(() -> control.completed(fingerprint(to))))));
                }))
                .doOnError(this::fail)
                .onErrorResume(e -> Mono.empty())
                .doFinally(signal -> mine.release())
                .cache();
        keep(done.subscribe());
    }

    /** A stop while waiting for a slot leaves the queue at once; one while replaying waits for the step under way. */
    @Override
    protected Mono<Void> settled() {
        BacktestSlots.Slot mine = slot;
        if (mine != null && !mine.holding()) {
            mine.release();
        }
        return done;
    }

    @Override
    protected void ended() {
        BacktestSlots.Slot mine = slot;
        if (mine != null) {
            mine.release();
        }
    }

    /** Whether this run holds a backtest slot now. */
    boolean holdsSlot() {
        BacktestSlots.Slot mine = slot;
        return mine != null && mine.holding();
    }

    private void replayChunk(List<CandleSeries> series) {
        if (cancelled) {
            return;
        }
        int n = series.stream().mapToInt(CandleSeries::size).min().orElse(0);
        List<IntFunction<Candle>> legs = series.stream().<IntFunction<Candle>>map(s -> s::get).toList();
        long base = stepped;
        int done = replay.run(n, legs, i -> checkpoint(base + i));
        stepped += done;
        List<ReplayedCandles> kept = replayed;
        for (int leg = 0; leg < kept.size(); leg++) {
            kept.get(leg).replayed(series.get(leg), done);
        }
    }

    /** What the backtest ran on and produced: its trades as stored, once the journal has finished. */
    private tools.jackson.databind.node.ObjectNode fingerprint(long to) {
        return fingerprints.of(session, replayed, to, journal.backtestTrades().orElse(List.of()));
    }

    /**
     * Every few thousand steps: holds the replay back while the journal is {@link #MAX_BACKLOG}
     * items behind (what a run has produced stays bounded in memory, and a stop only waits for
     * that much to be stored), reports progress, and ends the loop on a stop.
     */
    private boolean checkpoint(long doneSoFar) {
        while (!cancelled && journal.backlog() > MAX_BACKLOG) {
            LockSupport.parkNanos(1_000_000L);
        }
        if (cancelled) {
            return false;
        }
        long now = System.nanoTime();
        if (now - lastProgress > 250_000_000L) {
            lastProgress = now;
            journal.progress(doneSoFar, Math.max(expected, doneSoFar));
        }
        return true;
    }

    private void end() {
        if (cancelled) {
            return;
        }
        synchronized (this) {
            replay.closeOpenPositions("end of backtest");
        }
        journal.progress(stepped, stepped);
        long millis = Math.max(1, (System.nanoTime() - began) / 1_000_000);
        journal.status(System.currentTimeMillis(), LogLevel.INFO, "Replayed " + stepped + " candles in " + millis + " ms ("
                + (stepped * 1000L / millis) + " candles/s); storing the last results");
    }
}
