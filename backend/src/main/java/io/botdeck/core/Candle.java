package io.botdeck.core;

/**
 * One candle of one market. Prices and volume are fixed-point ({@link Prices}).
 *
 * @param time     open time, unix seconds
 * @param interval length in seconds (60 for the archive's 1-minute candles; 1 for a live tick)
 * @param trades   number of trades aggregated into it
 */
public record Candle(long time, int interval, long open, long high, long low, long close, long volume, int trades) {
}
