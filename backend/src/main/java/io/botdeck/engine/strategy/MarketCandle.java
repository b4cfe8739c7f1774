package io.botdeck.engine.strategy;

import io.botdeck.core.Candle;

/** A finished candle and the market it belongs to (what the scraper hands to the archive). */
public record MarketCandle(String market, Candle candle) {
}
