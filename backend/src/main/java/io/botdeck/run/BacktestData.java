package io.botdeck.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.botdeck.engine.broker.MarketSpec;
import io.botdeck.market.archive.CandleArchive;
import io.botdeck.market.feed.MarketFeed;
import io.botdeck.market.sim.CandleSeries;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Where a backtest's candles come from: each leg from the candle archive when it holds every
 * 1-minute candle of the range, from the simulated exchange's history otherwise. The range is
 * read a week at a time, so a year-long backtest never holds the whole year in memory.
 * <p>
 * Week chunks are shared: a complete chunk (every minute of its week) is kept in a cache bounded
 * by bytes ({@code botdeck.backtest.candle-cache}, default 256MB; 0 turns it off), least recently
 * used first out, keyed by market, source and the chunk's range. Backtests of the same market and
 * range, side by side (a sweep's cells) or one after another, load or generate each chunk once;
 * concurrent loads of the same chunk wait for the one under way. Chunks are never changed once
 * read: every run only reads them. Simulated history is the same for any range whenever it is
 * generated, and the archive's candles of a closed minute do not change; a chunk that is not
 * complete (history up to now, an archive that is still filling) is never kept.
 */
@Component
class BacktestData {

    /** A backtest reads and replays its range a week at a time. */
    static final long CHUNK_SEC = 7 * 86_400L;
    /** Bytes one candle takes in a {@link CandleSeries}: six longs and an int. */
    static final long BYTES_PER_CANDLE = 6 * 8 + 4;

    /** Where a leg's candles come from. */
    enum Source {
        ARCHIVE, SIMULATOR;

        String wire() {
            return this == ARCHIVE ? "archive" : "simulator";
        }
    }

    private record Key(String market, Source source, long from, long to) {
    }

    private final CandleArchive archive;
    private final MarketFeed feed;
    private final long budget;
    private final Map<Key, CandleSeries> kept = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<Key, Mono<CandleSeries>> loading = new ConcurrentHashMap<>();
    private long keptBytes;
    private long hits;
    private long misses;

    BacktestData(CandleArchive archive, MarketFeed feed, @Value("${botdeck.backtest.candle-cache:256MB}") DataSize cache) {
        this.archive = archive;
        this.feed = feed;
        this.budget = Math.max(0, cache.toBytes());
    }

    /**
     * The candles of {@code [from, to)} in week-long chunks, each a list with one series per leg in
     * leg order; {@code said} hears, once per leg, which source it replays, and {@code sources}
     * once, before the first chunk, the source of every leg in leg order.
     *
     * @param generateOn where simulated history is generated (not on the database client's thread)
     */
    Flux<List<CandleSeries>> chunks(List<MarketSpec> legs, long from, long to, Scheduler generateOn, Consumer<String> said,
                                    Consumer<List<Source>> sources) {
        long expected = Math.max(0, (to - from) / 60);
        return Flux.fromIterable(legs)
                .concatMap(leg -> archiveCovers(leg.symbol(), from, to, expected, said))
                .collectList()
                .doOnNext(archived -> sources.accept(archived.stream().map(a -> a ? Source.ARCHIVE : Source.SIMULATOR).toList()))
                .flatMapMany(archived -> Flux.range(0, (int) ((to - from + CHUNK_SEC - 1) / CHUNK_SEC))
                        .concatMap(week -> {
                            long a = from + week * CHUNK_SEC;
                            return chunk(legs, archived, a, Math.min(to, a + CHUNK_SEC), generateOn);
                        }, 0));
    }

    /** Whether the archive holds every candle of the range; says which source the leg replays. */
    private Mono<Boolean> archiveCovers(String market, long from, long to, long expected, Consumer<String> said) {
        return archive.count(market, 60, from, to).defaultIfEmpty(0L).map(archived -> {
            boolean covers = expected > 0 && archived >= expected;
            said.accept(covers
                    ? "Replaying " + expected + " archived 1-minute candles of " + market + " (the archive covers the whole range)"
                    : "Replaying " + expected + " 1-minute candles of " + market
                            + " from the simulated exchange's history (the archive holds " + archived + " of them)");
            return covers;
        });
    }

    /** The candles of {@code [a, b)} of every leg, in leg order. */
    private Mono<List<CandleSeries>> chunk(List<MarketSpec> legs, List<Boolean> archived, long a, long b, Scheduler generateOn) {
        return Flux.range(0, legs.size())
                .concatMap(leg -> {
                    String market = legs.get(leg).symbol();
                    int capacity = (int) ((b - a) / 60 + 1);
                    return archived.get(leg)
                            ? shared(new Key(market, Source.ARCHIVE, a, b),
                                    () -> archive.range(market, 60, a, b).collect(() -> new CandleSeries(60, capacity), CandleSeries::add))
                            : shared(new Key(market, Source.SIMULATOR, a, b),
                                    () -> feed.historySeries(market, a, b).subscribeOn(generateOn));
                })
                .collectList();
    }

    /** The chunk from the cache, from a load of it under way, or loaded now (and kept when complete). */
    private Mono<CandleSeries> shared(Key key, Supplier<Mono<CandleSeries>> load) {
        if (budget == 0) {
            return load.get();
        }
        return Mono.defer(() -> {
            CandleSeries hit;
            synchronized (kept) {
                hit = kept.get(key);
                if (hit != null) {
                    hits++;
                } else {
                    misses++;
                }
            }
            if (hit != null) {
                return Mono.just(hit);
            }
            Mono<CandleSeries>[] self = new Mono[1];
            Mono<CandleSeries> underWay = loading.computeIfAbsent(key, k -> {
                self[0] = load.get()
                        .doOnNext(series -> keep(k, series))
                        .doFinally(signal -> loading.remove(k, self[0]))
                        .cache();
                return self[0];
            });
            return underWay;
        });
    }

    private void keep(Key key, CandleSeries series) {
        long complete = (key.to() - key.from()) / 60;
        long bytes = Math.max(1, series.size()) * BYTES_PER_CANDLE;
        if (series.size() != complete || bytes > budget) {
            return;
        }
        synchronized (kept) {
            if (kept.put(key, series) == null) {
                keptBytes += bytes;
            }
            var oldest = kept.entrySet().iterator();
            while (keptBytes > budget && oldest.hasNext()) {
                var e = oldest.next();
                keptBytes -= Math.max(1, e.getValue().size()) * BYTES_PER_CANDLE;
                oldest.remove();
            }
        }
    }

    /** Bytes of candles kept now. */
    long keptBytes() {
        synchronized (kept) {
            return keptBytes;
        }
    }

    /** Chunks taken from the cache, and chunks that had to be loaded or generated (or joined a load under way). */
    long[] hitsAndMisses() {
        synchronized (kept) {
            return new long[] {hits, misses};
        }
    }
}
