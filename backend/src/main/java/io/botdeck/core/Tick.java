package io.botdeck.core;

/**
 * One live quote-and-trade update of a market. Prices and volume are fixed-point ({@link Prices}).
 *
 * @param timeMillis unix milliseconds
 * @param volume     traded volume since the previous tick
 */
public record Tick(String market, long timeMillis, long bid, long ask, long last, long volume) {
}
