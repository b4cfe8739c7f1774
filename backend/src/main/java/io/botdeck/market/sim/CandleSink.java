package io.botdeck.market.sim;

/**
 * Receives generated candles one by one as primitives, so that generating a year of 1-minute
 * candles allocates nothing per candle. Prices and volume are fixed-point ({@link io.botdeck.core.Prices}).
 */
@FunctionalInterface
public interface CandleSink {

    /**
     * @param time   open time, unix seconds (a multiple of the interval)
     * @param volume traded volume in the base currency
     * @param trades number of trades
     */
    void accept(long time, long open, long high, long low, long close, long volume, int trades);
}
