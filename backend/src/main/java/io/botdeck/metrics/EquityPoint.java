package io.botdeck.metrics;

import java.math.BigDecimal;

/**
 * One point of a session's equity curve.
 *
 * @param timeMillis      unix milliseconds (the first point: entry time of the first trade; then exit times)
 * @param equity          USD: starting equity + net PnL of the trades closed so far
 * @param drawdownPercent distance below the running peak, percent of the peak, 4 decimals, ≥ 0
 */
public record EquityPoint(long timeMillis, BigDecimal equity, BigDecimal drawdownPercent) {
}
