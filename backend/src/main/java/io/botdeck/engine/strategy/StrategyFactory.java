package io.botdeck.engine.strategy;

import java.util.List;
import java.util.Map;

/**
 * The strategies there are ({@link #declarations()}), and the builder of one from a session's
 * {@code strategy} id and {@code strategy_params} (snake_case keys; a missing key takes the default
 * its strategy declares). Numbers may arrive as any {@link Number} (Integer, Long, Double,
 * BigDecimal …) or as a numeric string; integer parameters must have no fractional part; every value
 * must lie within its declared bounds. Unknown ids and bad values are {@link IllegalArgumentException}s
 * whose message names the parameter.
 */
public final class StrategyFactory {

    public static final String TEST_BOT = TestBot.ID;
    public static final String PAIR_TRADE_BOT = PairTradeBot.ID;
    public static final String MARKET_SCRAPER = MarketScraper.ID;

    private static final List<StrategyDeclaration> DECLARATIONS = List.of(
            TestBot.DECLARATION, PairTradeBot.DECLARATION, MarketScraper.DECLARATION);

    private StrategyFactory() {
    }

    /** Every strategy sessions can run, as each declares itself. */
    public static List<StrategyDeclaration> declarations() {
        return DECLARATIONS;
    }

    /** A trading strategy: {@code TestBot} (threshold, position_size) or {@code PairTradeBot} (spread_threshold, lookback). */
    public static TradingStrategy create(String strategyId, Map<String, Object> params) {
        if (TEST_BOT.equals(strategyId)) {
            return new TestBot(TestBot.THRESHOLD.number(params), TestBot.POSITION_SIZE.integer(params));
        }
        if (PAIR_TRADE_BOT.equals(strategyId)) {
            return new PairTradeBot(PairTradeBot.SPREAD_THRESHOLD.number(params),
                    Math.toIntExact(PairTradeBot.LOOKBACK.integer(params)));
        }
        if (MARKET_SCRAPER.equals(strategyId)) {
            throw new IllegalArgumentException("MarketScraper does not trade; use createScraper");
        }
        throw new IllegalArgumentException("Unknown strategy: " + strategyId);
    }

    /** The market scraper (archive_interval in seconds, default 60). */
    public static MarketScraper createScraper(Map<String, Object> params) {
        return new MarketScraper(Math.toIntExact(MarketScraper.ARCHIVE_INTERVAL.integer(params)));
    }
}
