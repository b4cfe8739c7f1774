package io.botdeck.market.sim;

import java.math.BigDecimal;

import io.botdeck.core.Prices;

/**
 * How the simulation moves one market.
 *
 * @param basePrice       the level the price wanders around (quote currency)
 * @param tickSize        price increment, fixed-point; every generated price is a multiple of it
 * @param volatility      scale of the log-price noise; 1.0 gives XBTUSD's ~3% daily volatility
 * @param commonWeight    correlation (0..1) of the market's log-price with the crypto-wide common factor
 * @param tradesPerSecond mean number of trades per second at average activity
 * @param avgTradeSize    mean size of one trade in the base currency
 */
public record MarketProfile(
        String symbol,
        double basePrice,
        long tickSize,
        double volatility,
        double commonWeight,
        double tradesPerSecond,
        double avgTradeSize) {

    public MarketProfile {
        if (tickSize <= 0) {
            throw new IllegalArgumentException("tickSize must be positive");
        }
        if (commonWeight < 0 || commonWeight > 1) {
            throw new IllegalArgumentException("commonWeight must be within 0..1");
        }
    }

    /** The tick size as a decimal (0.5 for XBTUSD). */
    public BigDecimal tickSizeDecimal() {
        return Prices.toDecimal(tickSize).stripTrailingZeros();
    }
}
