package io.botdeck.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import io.botdeck.config.BotdeckProperties;
import io.botdeck.core.Candle;
import io.botdeck.core.LogLevel;
import io.botdeck.core.SessionType;
import io.botdeck.core.Tick;
import io.botdeck.engine.strategy.MarketCandle;
import io.botdeck.engine.strategy.MarketScraper;
import io.botdeck.engine.broker.MarketSpec;
import io.botdeck.engine.broker.PaperBroker;
import io.botdeck.engine.strategy.StrategyContext;
import io.botdeck.engine.strategy.StrategyFactory;
import io.botdeck.engine.strategy.TradingStrategy;
import io.botdeck.events.SessionLogs;
import io.botdeck.market.archive.CandleArchive;
import io.botdeck.market.feed.MarketFeed;
import io.botdeck.market.sim.CandleSeries;
import io.botdeck.metrics.MetricEngine;
import io.botdeck.session.Session;
import io.botdeck.session.SessionRunner;
import io.botdeck.session.SessionService;
import io.botdeck.trade.Trade;
import io.botdeck.trade.TradeService;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs sessions inside the server: live tests follow the live feed tick by tick, backtests
 * replay their range as fast as the CPU allows on a bounded pool (one thread per core; request
 * threads never do this work), scrapers archive candles. Every run heartbeats through the
 * lifecycle service, records through a {@link RunRecorder}, and ends cleanly on stop.
 */
@Component
public class EngineSessionRunner implements SessionRunner {

    private static final Logger log = LoggerFactory.getLogger(EngineSessionRunner.class);
    /** Log lines and trades a backtest may have produced that its recorder has not taken yet. */
    static final long MAX_BACKLOG = 200_000;
    /** A backtest reads and replays its range a week at a time. */
    private static final long REPLAY_CHUNK_SEC = 7 * 86_400L;

    private final ObjectProvider<SessionService> sessions;
    private final TradeService trades;
    private final SessionLogs logs;
    private final MarketFeed feed;
    private final CandleArchive archive;
    private final JsonMapper json;
    private final Duration heartbeat;
    private final Path tradesDir;
    private final Scheduler backtests = Schedulers.newParallel("backtest", Math.max(1, Runtime.getRuntime().availableProcessors()));
    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    public EngineSessionRunner(ObjectProvider<SessionService> sessions, TradeService trades, SessionLogs logs, MarketFeed feed,
                               CandleArchive archive, JsonMapper json, BotdeckProperties properties) {
        this.sessions = sessions;
        this.trades = trades;
        this.logs = logs;
        this.feed = feed;
        this.archive = archive;
        this.json = json;
        this.heartbeat = properties.heartbeat();
        this.tradesDir = properties.dataDir().resolve("trades").toAbsolutePath().normalize();
    }

    @Override
    public Mono<Long> start(Session session, RunControl control) {
        return stop(session.id()).then(Mono.defer(() -> {
            Run run = new Run(session, control);
            runs.put(session.id(), run);
            return run.start().thenReturn(ProcessHandle.current().pid())
                    .doOnError(e -> runs.remove(session.id(), run));
        }));
    }

    @Override
    public Mono<Void> stop(String sessionId) {
        Run run = runs.remove(sessionId);
        return run == null ? Mono.empty() : run.stop("stopped");
    }

    @Override
    public Mono<Void> discard(String sessionId) {
        return Mono.<Void>fromRunnable(() -> {
            logs.forget(sessionId);
            try {
                Files.deleteIfExists(logs.pathOf(sessionId));
                Files.deleteIfExists(tradesDir.resolve("trades_" + sessionId + ".json"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @PreDestroy
    void shutdown() {
        Flux.fromIterable(new ArrayList<>(runs.keySet())).flatMap(id -> stop(id).onErrorResume(e -> Mono.empty()))
                .then().block(Duration.ofSeconds(10));
        backtests.dispose();
    }

    /** One running session. */
    private final class Run {
        private final Session session;
        private final RunControl control;
        private final List<MarketSpec> legs;
        private final List<Disposable> work = new ArrayList<>();
        private volatile boolean cancelled;
        private volatile boolean ended;
        private RunRecorder recorder;
        private StrategyContext context;
        private TradingStrategy strategy;
        private MarketScraper scraper;
        private long[] lastPrice;
        private Mono<Void> backtestDone = Mono.empty();

        Run(Session session, RunControl control) {
            this.session = session;
            this.control = control;
            this.legs = MarketSpec.legsOf(session.market());
            this.lastPrice = new long[legs.size()];
        }

        Mono<Void> start() {
            String id = session.id();
            boolean backtest = session.type() == SessionType.BACKTEST;
            Mono<Void> clean = backtest ? trades.discardAll(id).then() : trades.discardOpen(id).then();
            return clean
                    .then(Mono.zip(trades.lastTradeNo(id), trades.replay(id)))
                    .flatMap(t -> sessions.getObject().updateFiles(id, null, logs.pathOf(id).toString()).thenReturn(t))
                    .doOnNext(t -> {
                        MetricEngine metrics = t.getT2();
                        recorder = new RunRecorder(id, logs.of(id), sessions.getObject(), trades, metrics,
                                session.type() == SessionType.SCRAPER ? session.dataPoints() : 0, !backtest);
                        Map<String, Object> params = json.convertValue(session.strategyParams(), Map.class);
                        if (session.type() == SessionType.SCRAPER) {
                            scraper = StrategyFactory.createScraper(params);
                        } else {
                            strategy = StrategyFactory.create(session.strategy(), params);
                            PaperBroker broker = new PaperBroker(legs, recorder, PaperBroker.DEFAULT_FEE_RATE, t.getT1() + 1);
                            context = new StrategyContext(broker, !backtest);
                        }
                        String what = switch (session.type()) {
                            case TEST -> "live test on the " + feedName() + " feed";
                            case BACKTEST -> "backtest of " + range();
                            case SCRAPER -> "scraper";
                        };
                        recorder.status(System.currentTimeMillis(), LogLevel.INFO, "Session started: " + session.strategy()
                                + " on " + session.market() + ", " + what + " | params " + session.strategyParams()
                                + (strategy != null ? " | rule: " + strategy.describeRule() : " | " + scraper.describe()));
                    })
                    .then(Mono.fromRunnable(() -> {
                        work.add(Flux.interval(heartbeat, heartbeat)
                                .onBackpressureDrop()
                                .concatMap(tick -> control.heartbeat()
                                        .doOnSuccess(v -> recorder.heartbeat(System.currentTimeMillis()))
                                        .onErrorResume(e -> Mono.empty()))
                                .subscribe());
                        switch (session.type()) {
                            case TEST -> startLive();
                            case BACKTEST -> startBacktest();
                            case SCRAPER -> startScraper();
                        }
                    }));
        }

        private String feedName() {
            return "simulated";
        }

        private String range() {
            return java.time.Instant.ofEpochSecond(session.rangeStart()) + " to " + java.time.Instant.ofEpochSecond(session.rangeEnd());
        }

        // ---------------------------------------------------------------- live test

        private void startLive() {
            Flux<Tick[]> ticks = legs.size() == 1
                    ? feed.ticks(legs.get(0).symbol()).map(t -> new Tick[] {t})
                    : Flux.zip(feed.ticks(legs.get(0).symbol()), feed.ticks(legs.get(1).symbol()), (a, b) -> new Tick[] {a, b});
            work.add(ticks.publishOn(Schedulers.parallel(), 256).subscribe(this::onTicks, this::fail));
        }

        private synchronized void onTicks(Tick[] ticks) {
            if (cancelled) {
                return;
            }
            Candle[] candles = new Candle[ticks.length];
            long time = 0;
            for (int leg = 0; leg < ticks.length; leg++) {
                Tick t = ticks[leg];
                time = Math.max(time, t.timeMillis());
                candles[leg] = new Candle(t.timeMillis() / 1000, 1, t.last(), t.last(), t.last(), t.last(), t.volume(), 1);
                lastPrice[leg] = t.last();
            }
            context.advance(time);
            for (int leg = 0; leg < ticks.length; leg++) {
                context.quote(leg, ticks[leg].bid(), ticks[leg].ask());
            }
            strategy.onCandles(candles, context);
        }

        // ---------------------------------------------------------------- backtest

        private void startBacktest() {
            long from = session.rangeStart() - Math.floorMod(session.rangeStart(), 60);
            long to = session.rangeEnd();
            long expected = Math.max(0, (to - from) / 60);
            Replay replay = new Replay(expected);
            // the range is read a week at a time, each leg from the archive when it covers the whole
            // range and from the simulated exchange otherwise; the next week loads while one replays
            backtestDone = Flux.fromIterable(legs)
                    .concatMap(leg -> archiveCovers(leg.symbol(), from, to, expected))
                    .collectList()
                    .flatMapMany(archived -> Flux.range(0, (int) ((to - from + REPLAY_CHUNK_SEC - 1) / REPLAY_CHUNK_SEC))
                            .concatMap(week -> {
                                long a = from + week * REPLAY_CHUNK_SEC;
                                return loadChunk(archived, a, Math.min(to, a + REPLAY_CHUNK_SEC));
                            }, 0))
                    .publishOn(backtests, 2)
                    .takeWhile(chunk -> !cancelled)
                    .doOnNext(replay::chunk)
                    .then(Mono.fromRunnable(replay::end))
                    .then(Mono.defer(() -> cancelled ? Mono.empty() : finishAndThen(control.completed())))
                    .doOnError(this::fail)
                    .onErrorResume(e -> Mono.empty())
                    .cache();
            work.add(backtestDone.subscribe());
        }

        /** Whether the archive holds every candle of the range; says in the log which source the leg replays. */
        private Mono<Boolean> archiveCovers(String market, long from, long to, long expected) {
            return archive.count(market, 60, from, to).defaultIfEmpty(0L).map(archived -> {
                boolean covers = expected > 0 && archived >= expected;
                recorder.status(System.currentTimeMillis(), LogLevel.INFO, covers
                        ? "Replaying " + expected + " archived 1-minute candles of " + market + " (the archive covers the whole range)"
                        : "Replaying " + expected + " 1-minute candles of " + market
                                + " from the simulated exchange's history (the archive holds " + archived + " of them)");
                return covers;
            });
        }

        /** The candles of {@code [a, b)} of every leg, in leg order. */
        private Mono<List<CandleSeries>> loadChunk(List<Boolean> archived, long a, long b) {
            return Flux.range(0, legs.size())
                    .concatMap(leg -> {
                        String market = legs.get(leg).symbol();
                        int capacity = (int) ((b - a) / 60 + 1);
                        return archived.get(leg)
                                ? archive.range(market, 60, a, b).collect(() -> new CandleSeries(60, capacity), CandleSeries::add)
                                // generated on the backtest pool, not on the database client's thread
                                : feed.historySeries(market, a, b).subscribeOn(backtests);
                    })
                    .collectList();
        }

        /** Steps the strategy through the chunks of a backtest, in order, on the backtest pool. */
        private final class Replay {
            private final long expected;
            private final long began = System.nanoTime();
            private long done;
            private long lastProgress;
            private Candle[] step;

            Replay(long expected) {
                this.expected = expected;
                recorder.progress(0, expected);
            }

            void chunk(List<CandleSeries> series) {
                if (cancelled) {
                    return;
                }
                int n = series.stream().mapToInt(CandleSeries::size).min().orElse(0);
                if (step == null) {
                    step = new Candle[series.size()];
                }
                for (int i = 0; i < n; i++) {
                    if ((i & 4095) == 0) {
                        awaitRecorder();
                        if (cancelled) {
                            return;
                        }
                        long now = System.nanoTime();
                        if (now - lastProgress > 250_000_000L) {
                            lastProgress = now;
                            recorder.progress(done + i, Math.max(expected, done + i));
                        }
                    }
                    for (int leg = 0; leg < step.length; leg++) {
                        step[leg] = series.get(leg).get(i);
                        lastPrice[leg] = step[leg].close();
                    }
                    context.advance((step[0].time() + step[0].interval()) * 1000L);
                    strategy.onCandles(step, context);
                }
                done += n;
            }

            /**
             * Lets the replay run ahead of the recorder by at most {@link #MAX_BACKLOG} items: what
             * a run has produced stays bounded in memory, and a stop only waits for that much to be
             * stored. Parks the backtest thread, which does nothing else meanwhile.
             */
            private void awaitRecorder() {
                while (!cancelled && recorder.backlog() > MAX_BACKLOG) {
                    LockSupport.parkNanos(1_000_000L);
                }
            }

            void end() {
                if (cancelled) {
                    return;
                }
                synchronized (Run.this) {
                    closeOpenPositions("end of backtest");
                }
                recorder.progress(done, done);
                long millis = Math.max(1, (System.nanoTime() - began) / 1_000_000);
                recorder.status(System.currentTimeMillis(), LogLevel.INFO, "Replayed " + done + " candles in " + millis + " ms ("
                        + (done * 1000L / millis) + " candles/s); storing the last results");
            }
        }

        // ---------------------------------------------------------------- scraper

        private void startScraper() {
            String market = legs.get(0).symbol();
            work.add(feed.ticks(market)
                    .publishOn(Schedulers.parallel(), 256)
                    .concatMap(tick -> {
                        List<MarketCandle> due = List.of();
                        synchronized (this) {
                            if (cancelled) {
                                return Mono.empty();
                            }
                            scraper.onTick(tick);
                            recorder.dataPoints(scraper.dataPoints() + session.dataPoints());
                            scraper.closeElapsed(tick.timeMillis());
                            if (scraper.dueForArchive(tick.timeMillis())) {
                                due = scraper.drainFinished();
                                scraper.markArchived(tick.timeMillis());
                            }
                        }
                        return archiveCandles(due);
                    })
                    .subscribe(v -> { }, this::fail));
        }

        private Mono<Void> archiveCandles(List<MarketCandle> candles) {
            if (candles.isEmpty()) {
                return Mono.empty();
            }
            Map<String, List<Candle>> byMarket = new LinkedHashMap<>();
            for (MarketCandle c : candles) {
                byMarket.computeIfAbsent(c.market(), k -> new ArrayList<>()).add(c.candle());
            }
            return Flux.fromIterable(byMarket.entrySet())
                    .concatMap(e -> archive.saveAll(e.getKey(), 60, e.getValue(), "scraper")
                            .doOnNext(n -> recorder.status(System.currentTimeMillis(), LogLevel.INFO, "Archived " + e.getValue().size()
                                    + " candle" + (e.getValue().size() == 1 ? "" : "s") + " of " + e.getKey()
                                    + " | data points so far: " + (scraper.dataPoints() + session.dataPoints()))))
                    .then();
        }

        // ---------------------------------------------------------------- ending

        private void closeOpenPositions(String reason) {
            if (context == null) {
                return;
            }
            for (int leg = 0; leg < legs.size(); leg++) {
                if (!context.isFlat(leg) && lastPrice[leg] > 0) {
                    context.exit(leg, lastPrice[leg], reason);
                }
            }
        }

        /** Stops the run, closes open positions at the last price, flushes and exports. */
        Mono<Void> stop(String reason) {
            cancelled = true;
            return backtestDone.onErrorResume(e -> Mono.empty()).then(Mono.defer(() -> {
                synchronized (this) {
                    work.forEach(Disposable::dispose);
                    if (scraper != null) {
                        List<MarketCandle> rest = scraper.flush();
                        return archiveCandles(rest).onErrorResume(e -> Mono.empty()).then(finishAndThen(Mono.empty()));
                    }
                    if (!ended) {
                        closeOpenPositions(reason);
                    }
                }
                return finishAndThen(Mono.empty());
            })).timeout(Duration.ofSeconds(30), Mono.empty());
        }

        private void fail(Throwable e) {
            if (ended) {
                return;
            }
            log.warn("Session {} failed", session.id(), e);
            cancelled = true;
            runs.remove(session.id(), this);
            work.forEach(Disposable::dispose);
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (recorder != null) {
                recorder.status(System.currentTimeMillis(), LogLevel.ERROR, "Session failed: " + message);
            }
            finishAndThen(control.failed(message)).subscribe(null, ex -> log.warn("Session {}: {}", session.id(), ex.toString()));
        }

        /** Flushes the recorder, writes the trade export, then runs {@code next} (once). */
        private synchronized Mono<Void> finishAndThen(Mono<Void> next) {
            if (ended) {
                return Mono.empty();
            }
            ended = true;
            runs.remove(session.id(), this);
            work.forEach(Disposable::dispose);
            return recorder.finish().then(Mono.defer(this::exportTrades)).then(next);
        }

        private Mono<Void> exportTrades() {
            String id = session.id();
            Path file = tradesDir.resolve("trades_" + id + ".json");
            // a backtest's recorder holds all its trades; a live run's earlier runs are only in the database
            Mono<List<Trade>> oldestFirst = recorder.backtestTrades().map(Mono::just)
                    .orElseGet(() -> trades.page(id, Integer.MAX_VALUE, 0).collectList().map(newestFirst -> {
                        List<Trade> list = new ArrayList<>(newestFirst);
                        java.util.Collections.reverse(list);
                        return list;
                    }));
            return oldestFirst
                    .flatMap(list -> Mono.fromCallable(() -> {
                        Files.createDirectories(tradesDir);
                        List<Map<String, Object>> rows = new ArrayList<>(list.size());
                        for (Trade t : list) {
                            rows.add(exportRow(t));
                        }
                        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                        json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), rows);
                        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                        return file;
                    }).subscribeOn(Schedulers.boundedElastic()))
                    .flatMap(path -> sessions.getObject().updateFiles(id, path.toString(), null))
                    .onErrorResume(IOException.class, e -> {
                        log.warn("Session {}: could not export trades: {}", id, e.toString());
                        return Mono.empty();
                    });
        }

        private Map<String, Object> exportRow(Trade t) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("trade_no", t.tradeNo());
            row.put("group_no", t.groupNo());
            row.put("market", t.market());
            row.put("side", t.side().name());
            row.put("size", t.size().stripTrailingZeros().toPlainString());
            row.put("entry_price", t.entryPrice().stripTrailingZeros().toPlainString());
            row.put("exit_price", t.exitPrice() == null ? null : t.exitPrice().stripTrailingZeros().toPlainString());
            row.put("entry_time", t.entryTime().getEpochSecond());
            row.put("exit_time", t.exitTime() == null ? null : t.exitTime().getEpochSecond());
            row.put("pnl", t.pnl() == null ? null : t.pnl().stripTrailingZeros().toPlainString());
            row.put("fees", t.fees().stripTrailingZeros().toPlainString());
            row.put("exit_reason", t.exitReason());
            return row;
        }
    }
}
