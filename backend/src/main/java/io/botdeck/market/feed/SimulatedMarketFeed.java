package io.botdeck.market.feed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.botdeck.core.Candle;
import io.botdeck.core.Tick;
import io.botdeck.market.sim.CandleSeries;
import io.botdeck.market.sim.SimulatedPriceProcess;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The simulated exchange: ticks and history from {@link SimulatedPriceProcess}, so live ticks
 * agree with history and every past range is reproducible. One tick per market every
 * {@code botdeck.feed.tick-interval} (default 1 s), time-stamped on multiples of that interval,
 * each with the volume traded since the previous one.
 * The default feed; {@code botdeck.feed.source} selects another.
 */
@Component
@ConditionalOnProperty(name = "botdeck.feed.source", havingValue = "simulated", matchIfMissing = true)
public class SimulatedMarketFeed implements MarketFeed {

    /** Ticks a subscriber may fall behind before it loses the oldest. */
    static final int SUBSCRIBER_BUFFER = 256;
    /** History is generated a day at a time, on demand. */
    private static final long HISTORY_CHUNK_SEC = 86_400;
    private static final int HISTORY_INTERVAL = 60;

    private final SimulatedPriceProcess process;
    private final Duration tickInterval;
    private final long stepMillis;
    private final Scheduler scheduler;
    private final Map<String, Flux<Tick>> streams = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();

    @Autowired
    public SimulatedMarketFeed(@Value("${botdeck.feed.tick-interval:1s}") Duration tickInterval) {
        this(new SimulatedPriceProcess(), tickInterval, Schedulers.parallel());
    }

    @Override
    public String name() {
        return "simulated";
    }

    /** With an explicit scheduler (a virtual-time one in tests): its clock dates the ticks. */
    SimulatedMarketFeed(SimulatedPriceProcess process, Duration tickInterval, Scheduler scheduler) {
        if (tickInterval == null || tickInterval.toMillis() < 1) {
            throw new IllegalArgumentException("botdeck.feed.tick-interval must be at least 1ms, not " + tickInterval);
        }
        this.process = process;
        this.tickInterval = Duration.ofMillis(tickInterval.toMillis());
        this.stepMillis = tickInterval.toMillis();
        this.scheduler = scheduler;
    }

    /** The process behind this feed. */
    public SimulatedPriceProcess process() {
        return process;
    }

    public Duration tickInterval() {
        return tickInterval;
    }

    @Override
    public Flux<Tick> ticks(String market) {
        if (market == null || market.isBlank()) {
            return Flux.error(new IllegalArgumentException("market must not be empty"));
        }
        return streams.computeIfAbsent(market, this::stream)
                .onBackpressureBuffer(SUBSCRIBER_BUFFER, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST);
    }

    /** The shared stream of a market: (re)started by its first subscriber, stopped after its last. */
    private Flux<Tick> stream(String market) {
        return Flux.defer(() -> {
            long now = scheduler.now(TimeUnit.MILLISECONDS);
            long first = Math.floorDiv(now + stepMillis - 1, stepMillis) * stepMillis;
            running.incrementAndGet();
            return Flux.interval(Duration.ofMillis(first - now), tickInterval, scheduler)
                    .onBackpressureDrop()
                    .map(i -> {
                        long time = first + i * stepMillis;
                        return process.tick(market, time, time - stepMillis);
                    })
                    .doFinally(signal -> running.decrementAndGet());
        }).publish().refCount(1);
    }

    /** Markets whose tick stream is running now. */
    int runningStreams() {
        return running.get();
    }

    /** {@inheritDoc} Only candles that have closed by now; generated a day at a time as they are requested. */
    @Override
    public Flux<Candle> history(String market, long fromSec, long toSec) {
        return Flux.defer(() -> {
            long end = historyEnd(market, fromSec, toSec);
            return Flux.<List<Candle>, Long>generate(() -> fromSec, (start, sink) -> {
                if (start >= end) {
                    sink.complete();
                    return start;
                }
                long stop = Math.min(end, start + HISTORY_CHUNK_SEC);
                List<Candle> chunk = new ArrayList<>(1_440);
                process.candles(market, start, stop, HISTORY_INTERVAL, (t, o, h, l, c, v, n) ->
                        chunk.add(new Candle(t, HISTORY_INTERVAL, o, h, l, c, v, n)));
                sink.next(chunk);
                return stop;
            }).concatMapIterable(chunk -> chunk);
        });
    }

    /** {@inheritDoc} Generated straight into the columns, with no object per candle. */
    @Override
    public Mono<CandleSeries> historySeries(String market, long fromSec, long toSec) {
        return Mono.fromCallable(() -> {
            long end = historyEnd(market, fromSec, toSec);
            return CandleSeries.generate(process, market, fromSec, Math.max(fromSec, end), HISTORY_INTERVAL);
        });
    }

    /** Where history ends: {@code toSec}, or the last minute that has closed by now if that is earlier. */
    private long historyEnd(String market, long fromSec, long toSec) {
        if (market == null || market.isBlank()) {
            throw new IllegalArgumentException("market must not be empty");
        }
        if (fromSec < 0 || toSec < fromSec) {
            throw new IllegalArgumentException("history needs 0 <= from <= to, not [" + fromSec + ", " + toSec + ")");
        }
        long nowSec = scheduler.now(TimeUnit.SECONDS);
        return Math.min(toSec, Math.floorDiv(nowSec, HISTORY_INTERVAL) * HISTORY_INTERVAL);
    }
}
