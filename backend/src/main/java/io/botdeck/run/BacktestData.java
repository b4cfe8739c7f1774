package io.botdeck.run;

import java.util.List;
import java.util.function.Consumer;

import io.botdeck.engine.broker.MarketSpec;
import io.botdeck.market.archive.CandleArchive;
import io.botdeck.market.feed.MarketFeed;
import io.botdeck.market.sim.CandleSeries;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Where a backtest's candles come from: each leg from the candle archive when it holds every
 * 1-minute candle of the range, from the simulated exchange's history otherwise. The range is
 * read a week at a time, so a year-long backtest never holds the whole year in memory.
 */
@Component
class BacktestData {

    /** A backtest reads and replays its range a week at a time. */
    static final long CHUNK_SEC = 7 * 86_400L;

    private final CandleArchive archive;
    private final MarketFeed feed;

    BacktestData(CandleArchive archive, MarketFeed feed) {
        this.archive = archive;
        this.feed = feed;
    }

    /**
     * The candles of {@code [from, to)} in week-long chunks, each a list with one series per leg in
     * leg order; {@code said} hears, once per leg, which source it replays.
     *
     * @param generateOn where simulated history is generated (not on the database client's thread)
     */
    Flux<List<CandleSeries>> chunks(List<MarketSpec> legs, long from, long to, Scheduler generateOn, Consumer<String> said) {
        long expected = Math.max(0, (to - from) / 60);
        return Flux.fromIterable(legs)
                .concatMap(leg -> archiveCovers(leg.symbol(), from, to, expected, said))
                .collectList()
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
                            ? archive.range(market, 60, a, b).collect(() -> new CandleSeries(60, capacity), CandleSeries::add)
                            : feed.historySeries(market, a, b).subscribeOn(generateOn);
                })
                .collectList();
    }
}
