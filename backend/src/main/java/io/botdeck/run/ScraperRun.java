package io.botdeck.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.botdeck.core.Candle;
import io.botdeck.core.LogLevel;
import io.botdeck.engine.strategy.MarketCandle;
import io.botdeck.engine.strategy.MarketScraper;
import io.botdeck.engine.strategy.StrategyFactory;
import io.botdeck.market.archive.CandleArchive;
import io.botdeck.market.feed.MarketFeed;
import io.botdeck.session.RunControl;
import io.botdeck.session.Session;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** A scraper: builds 1-minute candles from the live feed and archives them as they finish. */
final class ScraperRun extends Run {

    private final Map<String, Object> params;
    private final MarketFeed feed;
    private final CandleArchive archive;
    private MarketScraper scraper;

    ScraperRun(Session session, RunControl control, Kit kit, Map<String, Object> params, MarketFeed feed, CandleArchive archive) {
        super(session, control, kit);
        this.params = params;
        this.feed = feed;
        this.archive = archive;
    }

    @Override
    protected long dataPointsSoFar() {
        return session.dataPoints();
    }

    @Override
    protected void prepare(int firstTradeNo) {
        scraper = StrategyFactory.createScraper(params);
    }

    @Override
    protected String describe() {
        return "scraper | params " + session.strategyParams() + " | " + scraper.describe();
    }

    @Override
    protected void begin() {
        String market = legs.get(0).symbol();
        keep(feed.ticks(market)
                .publishOn(Schedulers.parallel(), 256)
                .concatMap(tick -> {
                    List<MarketCandle> due = List.of();
                    synchronized (this) {
                        if (cancelled) {
                            return Mono.empty();
                        }
                        scraper.onTick(tick);
                        journal.dataPoints(scraper.dataPoints() + session.dataPoints());
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

    @Override
    protected Mono<Void> windDown(String reason) {
        List<MarketCandle> rest;
        synchronized (this) {
            rest = scraper.flush();
        }
        return archiveCandles(rest);
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
                        .doOnNext(n -> journal.status(System.currentTimeMillis(), LogLevel.INFO, "Archived " + e.getValue().size()
                                + " candle" + (e.getValue().size() == 1 ? "" : "s") + " of " + e.getKey()
                                + " | data points so far: " + (scraper.dataPoints() + session.dataPoints()))))
                .then();
    }
}
