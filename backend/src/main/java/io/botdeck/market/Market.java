package io.botdeck.market;

import java.math.BigDecimal;
import java.util.List;

/**
 * A market sessions can run on.
 *
 * @param label short name used in generated session names ("BTC", "BTC/ETH")
 * @param legs  for a pair market, its two single markets; empty otherwise
 */
public record Market(
        String symbol,
        String label,
        MarketKind kind,
        String baseCurrency,
        String quoteCurrency,
        List<String> legs,
        String exchange,
        BigDecimal tickSize,
        String description) {

    public enum MarketKind { SINGLE, PAIR }
}
