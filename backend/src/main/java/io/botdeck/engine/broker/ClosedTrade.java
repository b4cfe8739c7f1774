package io.botdeck.engine.broker;

import java.math.BigDecimal;

import io.botdeck.core.Side;

/**
 * A closed position (one leg).
 *
 * @param pnl        net PnL in USD, after {@code fees}: {@code side.sign × size × (exit − entry) × contractSize − fees}
 * @param fees       entry fee + exit fee in USD (each {@code feeRate × size × price × contractSize}, HALF_EVEN 8 decimals)
 * @param exitReason one of the constants below (or a runner's own reason, e.g. {@link #SESSION_END})
 */
public record ClosedTrade(int tradeNo, int groupNo, String market, Side side, long size, BigDecimal entryPrice,
                          BigDecimal exitPrice, long entryTimeMillis, long exitTimeMillis, BigDecimal pnl,
                          BigDecimal fees, String exitReason) {

    public static final String TAKE_PROFIT = "take_profit";
    public static final String STOP_LOSS = "stop_loss";
    public static final String REVERSAL = "reversal";
    public static final String REVERSION = "reversion";
    /** For a runner that flattens open positions when a session stops or a backtest ends. */
    public static final String SESSION_END = "session_end";

    /** Holding time in milliseconds. */
    public long durationMillis() {
        return exitTimeMillis - entryTimeMillis;
    }
}
