package io.botdeck.market.feed;

import io.botdeck.core.Candle;
import io.botdeck.core.Tick;
import io.botdeck.market.sim.CandleSeries;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where market data comes from: live ticks for running sessions and 1-minute history for
 * warm-up and backtests. Implementations: the simulated exchange (the default), a real exchange
 * adapter, archive replay.
 */
public interface MarketFeed {

    /** What the feed is, for people: "simulated", "BitMEX live" (each feed says its own). */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * Live ticks of one market. Every subscriber of a market shares one hot stream: it starts with
     * the first subscriber and stops when the last one leaves, and a subscriber only sees ticks
     * from the moment it subscribes. Each subscriber has a bounded buffer; when it falls behind it
     * loses the oldest ticks, never slowing the stream or the other subscribers.
     */
    Flux<Tick> ticks(String market);

    /**
     * Completed 1-minute candles whose open time lies in {@code [fromSec, toSec)} (unix seconds),
     * in time order.
     */
    Flux<Candle> history(String market, long fromSec, long toSec);

    /**
     * The same candles as {@link #history}, gathered column by column: a backtest holds a whole
     * range at once, and a year of 1-minute candles as objects would keep half a million of them
     * alive for the garbage collector to copy.
     */
    default Mono<CandleSeries> historySeries(String market, long fromSec, long toSec) {
        int expected = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, (toSec - fromSec) / 60));
        return history(market, fromSec, toSec).collect(() -> new CandleSeries(60, expected), CandleSeries::add);
    }
}
