package io.botdeck.engine.strategy;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Builds strategies from a session's {@code strategy} id and {@code strategy_params} (the seed's
 * snake_case keys; missing keys take the seed's defaults). Numbers may arrive as any
 * {@link Number} (Integer, Long, Double, BigDecimal …) or as a numeric string; integer parameters
 * must have no fractional part. Unknown ids and bad values are {@link IllegalArgumentException}s
 * whose message names the parameter.
 */
public final class StrategyFactory {

    public static final String TEST_BOT = "TestBot";
    public static final String PAIR_TRADE_BOT = "PairTradeBot";
    public static final String MARKET_SCRAPER = "MarketScraper";

    public static final double DEFAULT_THRESHOLD = 0.5;
    public static final long DEFAULT_POSITION_SIZE = 100;
    public static final double DEFAULT_SPREAD_THRESHOLD = 2.0;
    public static final int DEFAULT_LOOKBACK = 100;
    public static final int DEFAULT_ARCHIVE_INTERVAL = 60;

    private StrategyFactory() {
    }

    /** A trading strategy: {@code TestBot} (threshold, position_size) or {@code PairTradeBot} (spread_threshold, lookback). */
    public static TradingStrategy create(String strategyId, Map<String, Object> params) {
        Map<String, Object> p = params == null ? Map.of() : params;
        if (TEST_BOT.equals(strategyId)) {
            return new TestBot(number(p, "threshold", DEFAULT_THRESHOLD),
                    integer(p, "position_size", DEFAULT_POSITION_SIZE));
        }
        if (PAIR_TRADE_BOT.equals(strategyId)) {
            long lookback = integer(p, "lookback", DEFAULT_LOOKBACK);
            if (lookback > 1_000_000) {
                throw new IllegalArgumentException("lookback must be ≤ 1000000: " + lookback);
            }
            return new PairTradeBot(number(p, "spread_threshold", DEFAULT_SPREAD_THRESHOLD), (int) lookback);
        }
        if (MARKET_SCRAPER.equals(strategyId)) {
            throw new IllegalArgumentException("MarketScraper does not trade; use createScraper");
        }
        throw new IllegalArgumentException("Unknown strategy: " + strategyId);
    }

    /** The market scraper (archive_interval in seconds, default 60). */
    public static MarketScraper createScraper(Map<String, Object> params) {
        Map<String, Object> p = params == null ? Map.of() : params;
        long interval = integer(p, "archive_interval", DEFAULT_ARCHIVE_INTERVAL);
        if (interval < 1 || interval > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("archive_interval must be ≥ 1: " + interval);
        }
        return new MarketScraper((int) interval);
    }

    /** True for the ids {@link #create} accepts. */
    public static boolean isTradingStrategy(String strategyId) {
        return TEST_BOT.equals(strategyId) || PAIR_TRADE_BOT.equals(strategyId);
    }

    /** Legs (markets) a strategy trades: 2 for PairTradeBot, else 1. */
    public static int legs(String strategyId) {
        return PAIR_TRADE_BOT.equals(strategyId) ? 2 : 1;
    }

    static double number(Map<String, Object> params, String key, double fallback) {
        Object raw = params.get(key);
        if (raw == null) {
            return fallback;
        }
        double value;
        if (raw instanceof Number n) {
            value = n.doubleValue();
        } else if (raw instanceof String s) {
            try {
                value = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number: '" + s + "'");
            }
        } else {
            throw new IllegalArgumentException(key + " must be a number, got " + raw.getClass().getSimpleName());
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(key + " must be a finite number: " + raw);
        }
        return value;
    }

    static long integer(Map<String, Object> params, String key, long fallback) {
        Object raw = params.get(key);
        if (raw == null) {
            return fallback;
        }
        BigDecimal value;
        try {
            if (raw instanceof BigDecimal d) {
                value = d;
            } else if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
                value = BigDecimal.valueOf(((Number) raw).longValue());
            } else if (raw instanceof Number n) {
                double d = n.doubleValue();
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException(key + " must be an integer: " + raw);
                }
                value = new BigDecimal(n.toString());
            } else if (raw instanceof String s) {
                value = new BigDecimal(s.trim());
            } else {
                throw new IllegalArgumentException(key + " must be an integer, got " + raw.getClass().getSimpleName());
            }
            return value.longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer: " + raw);
        }
    }
}
