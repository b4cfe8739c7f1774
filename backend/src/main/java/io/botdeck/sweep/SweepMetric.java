package io.botdeck.sweep;

/** A metric cells are compared by: its column in {@code sweep_cells} and which way is better. */
public enum SweepMetric {
    TOTAL_PNL("total_pnl", true),
    SHARPE("sharpe", true),
    SORTINO("sortino", true),
    MAX_DRAWDOWN("max_drawdown", false),
    PROFIT_FACTOR("profit_factor", true),
    WIN_RATE("win_rate", true),
    TRADE_COUNT("trade_count", true);

    private final String column;
    private final boolean higherIsBetter;

    SweepMetric(String column, boolean higherIsBetter) {
        this.column = column;
        this.higherIsBetter = higherIsBetter;
    }

    /** The column (a whitelisted name, safe to put in SQL). */
    String column() {
        return column;
    }

    boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** The cell's value of this metric, or null. */
    Double of(SweepCell c) {
        java.math.BigDecimal v = decimal(c);
        return v == null ? null : v.doubleValue();
    }

    /** The cell's value of this metric, exactly as stored, or null. */
    java.math.BigDecimal decimal(SweepCell c) {
        java.math.BigDecimal v = switch (this) {
            case TOTAL_PNL -> c.totalPnl();
            case SHARPE -> c.sharpe();
            case SORTINO -> c.sortino();
            case MAX_DRAWDOWN -> c.maxDrawdown();
            case PROFIT_FACTOR -> c.profitFactor();
            case WIN_RATE -> c.winRate();
            case TRADE_COUNT -> c.tradeCount() == null ? null : java.math.BigDecimal.valueOf(c.tradeCount());
        };
        return v;
    }
}
