package io.botdeck.engine.strategy;

import io.botdeck.core.Candle;

/**
 * A trading rule as plain Java: state plus candles in, orders (through the context) and log lines
 * out. No Spring, no I/O, no threads, no clock (time comes from {@link StrategyContext#timeMillis()}).
 * <p>
 * Per-step work must not allocate when nothing happens and nothing is logged, so backtests run at
 * CPU speed. One instance serves one session; instances are not thread-safe.
 */
public interface TradingStrategy {

    /**
     * Called once per step, in time order, with the latest candle of each leg (one for a single
     * market, two for a pair, all for the same time). The runner calls
     * {@link StrategyContext#advance(long)} first. The array may be reused by the caller after
     * this returns; do not keep it.
     */
    void onCandles(Candle[] legs, StrategyContext ctx);

    /** The rule in one or two plain sentences, with the parameters filled in. */
    String describeRule();

    /** How many legs (markets) the strategy trades: 1, or 2 for a pair. */
    int legs();
}
