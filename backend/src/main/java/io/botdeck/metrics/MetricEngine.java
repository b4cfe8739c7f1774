package io.botdeck.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.botdeck.engine.broker.ClosedTrade;

/**
 * One metric engine for live sessions and backtests: feed it every closed trade, in the order the
 * trades closed, and read a {@link Metrics} snapshot and the equity curve at any time.
 * {@link #record} is O(1) amortized (running sums, a running peak, Welford's mean/variance and
 * an appended equity point); {@link #snapshot()} is O(1).
 * <p>
 * Definitions (money is exact {@link BigDecimal}, never a double sum):
 * <ul>
 *   <li>Equity starts at {@code startingEquity} (default 10,000 USD) and moves by each trade's net
 *   PnL. The equity curve has a start point at the first trade's entry time, then one point per
 *   closed trade at its exit time.</li>
 *   <li>Drawdown at a point = {@code (peak − equity) / peak × 100}, HALF_EVEN to 4 decimals, with
 *   {@code peak} the highest equity so far (the starting equity included); max drawdown is the
 *   largest, reported as a positive number.</li>
 *   <li>Per-trade return {@code r = pnl / equity before the trade}.</li>
 *   <li>Sharpe = {@code mean(r) / sampleStdev(r) × √N}, Sortino = {@code mean(r) / downsideDev(r)
 *   × √N}, with a risk-free rate and target of 0, {@code sampleStdev} dividing by {@code n − 1},
 *   {@code downsideDev = √(Σ min(r, 0)² / n)} over all trades, and {@code N} = trades per year =
 *   {@code tradeCount / span of exit times in years} (365-day years, crypto trades every day).
 *   Both are null with fewer than 2 trades, a zero span, a zero deviation, or once equity has
 *   reached ≤ 0 (returns are then undefined). Ratios use double math; they are not money.</li>
 * </ul>
 * One engine per session. Thread-safe: the engine thread records while API threads take
 * snapshots (every method is {@code synchronized}; records are rare, so the lock is uncontended).
 */
public final class MetricEngine {

    public static final BigDecimal DEFAULT_STARTING_EQUITY = new BigDecimal("10000");
    public static final String ANNUALISATION = "per-trade returns r = net pnl / equity before the trade; "
            + "risk-free rate and target 0; sharpe = mean(r) / sample stdev(r) * sqrt(N), "
            + "sortino = mean(r) / sqrt(sum(min(r,0)^2) / n) * sqrt(N); "
            + "N = trades per year = trade count / span of exit times in 365-day years";

    static final double MILLIS_PER_YEAR = 365d * 24 * 3600 * 1000;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal ZERO_PERCENT = BigDecimal.ZERO.setScale(4);
    private static final int MONEY_SCALE = 8;

    private final BigDecimal startingEquity;
    private final List<EquityPoint> curve = new ArrayList<>();

    private BigDecimal equity;
    private BigDecimal peak;
    private BigDecimal totalPnl = BigDecimal.ZERO;
    private BigDecimal grossProfit = BigDecimal.ZERO;
    private BigDecimal grossLoss = BigDecimal.ZERO;
    private BigDecimal totalFees = BigDecimal.ZERO;
    private BigDecimal best;
    private BigDecimal worst;
    private BigDecimal maxDrawdown = ZERO_PERCENT;
    private int tradeCount;
    private int wins;
    private int losses;
    private long durationMillisSum;
    private long firstExitMillis = Long.MAX_VALUE;
    private long lastExitMillis = Long.MIN_VALUE;

    // Welford's running mean and sum of squared deviations of returns, and the downside sum.
    private boolean returnsDefined = true;
    private double meanReturn;
    private double m2Return;
    private double downsideSquares;

    public MetricEngine() {
        this(DEFAULT_STARTING_EQUITY);
    }

    /** @param startingEquity USD, &gt; 0 */
    public MetricEngine(BigDecimal startingEquity) {
        Objects.requireNonNull(startingEquity, "startingEquity");
        if (startingEquity.signum() <= 0) {
            throw new IllegalArgumentException("startingEquity must be positive: " + startingEquity);
        }
        this.startingEquity = startingEquity;
        this.equity = startingEquity;
        this.peak = startingEquity;
    }

    /** Adds one closed trade (trades must be recorded in the order they closed). */
    public synchronized void record(ClosedTrade trade) {
        Objects.requireNonNull(trade, "trade");
        BigDecimal pnl = trade.pnl();
        BigDecimal before = equity;
        if (tradeCount == 0) {
            curve.add(new EquityPoint(trade.entryTimeMillis(), startingEquity, ZERO_PERCENT));
        }
        tradeCount++;
        int sign = pnl.signum();
        if (sign > 0) {
            wins++;
            grossProfit = grossProfit.add(pnl);
        } else if (sign < 0) {
            losses++;
            grossLoss = grossLoss.subtract(pnl);
        }
        totalPnl = totalPnl.add(pnl);
        totalFees = totalFees.add(trade.fees());
        best = best == null || pnl.compareTo(best) > 0 ? pnl : best;
        worst = worst == null || pnl.compareTo(worst) < 0 ? pnl : worst;
        durationMillisSum += trade.durationMillis();
        firstExitMillis = Math.min(firstExitMillis, trade.exitTimeMillis());
        lastExitMillis = Math.max(lastExitMillis, trade.exitTimeMillis());

        equity = before.add(pnl);
        BigDecimal drawdown;
        if (equity.compareTo(peak) >= 0) {
            peak = equity;
            drawdown = ZERO_PERCENT;
        } else {
            drawdown = peak.subtract(equity).multiply(HUNDRED).divide(peak, 4, RoundingMode.HALF_EVEN);
            if (drawdown.compareTo(maxDrawdown) > 0) {
                maxDrawdown = drawdown;
            }
        }
        curve.add(new EquityPoint(trade.exitTimeMillis(), equity, drawdown));

        if (returnsDefined && before.signum() > 0) {
            double r = pnl.doubleValue() / before.doubleValue();
            double delta = r - meanReturn;
            meanReturn += delta / tradeCount;
            m2Return += delta * (r - meanReturn);
            if (r < 0) {
                downsideSquares += r * r;
            }
        } else {
            returnsDefined = false;
        }
    }

    /** Current equity: starting equity + total net PnL. */
    public synchronized BigDecimal equity() {
        return equity;
    }

    public synchronized int tradeCount() {
        return tradeCount;
    }

    /** The equity curve so far, time-ordered (a copy). */
    public synchronized List<EquityPoint> equityCurve() {
        return List.copyOf(curve);
    }

    /** The points of the equity curve from index {@code from} on (a copy; empty when there are none yet). */
    public synchronized List<EquityPoint> equityCurveFrom(int from) {
        return from >= curve.size() ? List.of() : List.copyOf(curve.subList(from, curve.size()));
    }

    public synchronized Metrics snapshot() {
        boolean any = tradeCount > 0;
        BigDecimal n = BigDecimal.valueOf(tradeCount);
        return new Metrics(
                tradeCount,
                wins,
                losses,
                totalPnl,
                any ? BigDecimal.valueOf(wins).multiply(HUNDRED).divide(n, 2, RoundingMode.HALF_EVEN)
                        : BigDecimal.ZERO.setScale(2),
                maxDrawdown,
                ratio(sharpeDeviation()),
                ratio(sortinoDeviation()),
                ANNUALISATION,
                grossLoss.signum() > 0 ? grossProfit.divide(grossLoss, 4, RoundingMode.HALF_EVEN) : null,
                any ? totalPnl.divide(n, MONEY_SCALE, RoundingMode.HALF_EVEN) : null,
                wins > 0 ? grossProfit.divide(BigDecimal.valueOf(wins), MONEY_SCALE, RoundingMode.HALF_EVEN) : null,
                losses > 0 ? grossLoss.divide(BigDecimal.valueOf(losses), MONEY_SCALE, RoundingMode.HALF_EVEN) : null,
                any ? BigDecimal.valueOf(durationMillisSum).divide(n.multiply(BigDecimal.valueOf(1000)), 3,
                        RoundingMode.HALF_EVEN) : null,
                best,
                worst,
                grossProfit,
                grossLoss,
                totalFees,
                startingEquity,
                equity);
    }

    private double sharpeDeviation() {
        return tradeCount >= 2 ? Math.sqrt(m2Return / (tradeCount - 1)) : 0;
    }

    private double sortinoDeviation() {
        return tradeCount >= 2 ? Math.sqrt(downsideSquares / tradeCount) : 0;
    }

    /** mean(r) / deviation × √(trades per year), 4 decimals; null when undefined. */
    private BigDecimal ratio(double deviation) {
        long spanMillis = lastExitMillis - firstExitMillis;
        if (tradeCount < 2 || !returnsDefined || spanMillis <= 0 || !(deviation > 0)) {
            return null;
        }
        double tradesPerYear = tradeCount / (spanMillis / MILLIS_PER_YEAR);
        double value = meanReturn / deviation * Math.sqrt(tradesPerYear);
        return Double.isFinite(value) ? BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_EVEN) : null;
    }
}
