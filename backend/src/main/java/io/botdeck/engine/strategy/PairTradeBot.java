package io.botdeck.engine.strategy;

import java.math.BigDecimal;
import java.util.List;

import io.botdeck.core.Candle;
import io.botdeck.core.LogLevel;
import io.botdeck.core.SessionType;
import io.botdeck.core.Side;
import io.botdeck.engine.broker.ClosedTrade;
import io.botdeck.engine.broker.OpenTrade;

/**
 * Statistical arbitrage between two markets A and B (legs 0 and 1).
 * <p>
 * <b>Spread</b> {@code s = ln(close_A) − ln(close_B)}; {@code z = (s − mean) / stdev} over the last
 * {@code lookback} spreads, current one included, population standard deviation. No decision is
 * taken until {@code lookback} spreads have been seen, nor on a step whose stdev is 0 (below
 * 1e-12). Rolling statistics are O(1) per step ({@link RollingStats}).
 * <p>
 * <b>Entry</b> (only when both legs are flat), at the closes, when {@code |z| ≥ spreadThreshold}:
 * {@code z > 0} (A rich) → SHORT A / LONG B; {@code z < 0} → LONG A / SHORT B. Leg A is
 * {@value #LEG_A_SIZE} contracts; leg B is sized for about equal USD notional:
 * {@code round(100 × price_A × cs_A / (price_B × cs_B))}, at least 1. Both legs share a group number.
 * <p>
 * <b>Exit</b> on reversion only (there is deliberately no stop-loss): both legs close at the closes
 * as soon as z has come back to within {@value #EXIT_Z} of the mean or crossed it, i.e. when
 * {@code entrySign × z < 0.2}, where {@code entrySign} is +1 for a pair entered on {@code z > 0}.
 * No new pair is opened on the step that closed one.
 */
public final class PairTradeBot implements TradingStrategy {

    public static final String ID = "PairTradeBot";

    /**
     * At most 1,000: with the population deviation of {@code n} spreads, |z| ≤ √(n − 1) ≤ √999,999 &lt; 1,000
     * for every lookback allowed, so a higher threshold could never trade. It enters no stored value
     * (the legs' sizes are fixed by {@link #LEG_A_SIZE} and the prices).
     */
    public static final StrategyParam SPREAD_THRESHOLD = StrategyParam.number("spread_threshold", "2.0", "0", true, "1000",
            "Spread threshold", "Absolute z-score of the spread at which both legs are entered.");

    /**
     * 2 to 1,000,000 candles: a deviation needs two, and the window keeps one double per candle, so a
     * session holds at most 8 MB for it (about two years of 1-minute candles). It enters no stored value.
     */
    public static final StrategyParam LOOKBACK = StrategyParam.integer("lookback", 100, 2, 1_000_000,
            "Lookback", "Number of candles the spread mean and deviation are computed over.");

    public static final StrategyDeclaration DECLARATION = new StrategyDeclaration(ID, "Pair Trade Bot",
            "Statistical arbitrage between two markets. Trades the z-score of the log-price spread over a lookback "
                    + "window; enters both legs when it is stretched and exits on reversion.",
            List.of(SessionType.TEST, SessionType.BACKTEST), List.of("XBTUSD+ETHUSD", "XBTUSD+SOLUSD"),
            List.of(SPREAD_THRESHOLD, LOOKBACK));

    public static final long LEG_A_SIZE = 100;
    public static final double EXIT_Z = 0.2;
    static final double MIN_STDEV = 1e-12;

    private final double spreadThreshold;
    private final int lookback;
    private final RollingStats stats;
    private double lastZ = Double.NaN;

    /**
     * @param spreadThreshold entry level for |z|, within {@link #SPREAD_THRESHOLD}'s bounds
     * @param lookback        number of spreads in the window, within {@link #LOOKBACK}'s bounds
     */
    public PairTradeBot(double spreadThreshold, int lookback) {
        SPREAD_THRESHOLD.check(spreadThreshold);
        LOOKBACK.check(lookback);
        this.spreadThreshold = spreadThreshold;
        this.lookback = lookback;
        this.stats = new RollingStats(lookback);
    }

    public double spreadThreshold() {
        return spreadThreshold;
    }

    public int lookback() {
        return lookback;
    }

    /** z of the latest step, NaN while warming up or when the stdev was 0. */
    public double zScore() {
        return lastZ;
    }

    @Override
    public int legs() {
        return 2;
    }

    @Override
    public String describeRule() {
        return "Spread = ln(A) - ln(B), z-score over the last " + lookback + " spreads. When |z| >= "
                + Fmt.ratio(spreadThreshold) + " SHORT the rich leg and LONG the cheap one (A " + LEG_A_SIZE
                + " contracts, B sized to equal notional); close both when z reverts (|z| < " + Fmt.ratio(EXIT_Z)
                + " or crosses 0).";
    }

    @Override
    public void onCandles(Candle[] legs, StrategyContext ctx) {
        Candle a = legs[0];
        Candle b = legs[1];
        // ln(a × 1e8) − ln(b × 1e8) = ln(a) − ln(b): the fixed-point scale cancels.
        double spread = Math.log(a.close()) - Math.log(b.close());
        stats.push(spread);
        if (!stats.full()) {
            lastZ = Double.NaN;
            if (ctx.verbose()) {
                narrate(a, b, Double.NaN, ctx);
            }
            return;
        }
        double stdev = stats.stdev();
        if (stdev < MIN_STDEV) {
            lastZ = Double.NaN;
            if (ctx.verbose()) {
                narrate(a, b, Double.NaN, ctx);
            }
            return;
        }
        double z = stats.zScore(spread, stdev);
        lastZ = z;
        if (ctx.verbose()) {
            narrate(a, b, z, ctx);
        }

        Side heldA = ctx.side(0);
        Side heldB = ctx.side(1);
        if (heldA != null || heldB != null) {
            int entrySign = heldA == Side.SHORT || heldB == Side.LONG ? 1 : -1;
            if (entrySign * z < EXIT_Z) {
                if (ctx.logs(LogLevel.INFO)) {
                    StringBuilder line = new StringBuilder(48).append("Spread reverted - z-score: ");
                    ctx.log(LogLevel.INFO, Fmt.appendRatio(line, z).toString());
                }
                BigDecimal pnl = BigDecimal.ZERO;
                if (heldA != null) {
                    pnl = pnl.add(exit(ctx, 0, a.close()).pnl());
                }
                if (heldB != null) {
                    pnl = pnl.add(exit(ctx, 1, b.close()).pnl());
                }
                ctx.log(LogLevel.TRADE, "Pair closed | PnL: " + Fmt.usd(pnl));
            }
            return;
        }
        if (Math.abs(z) >= spreadThreshold) {
            Side sideA = z > 0 ? Side.SHORT : Side.LONG;
            long sizeB = legBSize(a.close(), b.close(), ctx);
            if (ctx.logs(LogLevel.INFO)) {
                StringBuilder line = new StringBuilder(96).append("Spread signal detected - z-score: ");
                Fmt.appendRatio(line, z).append(", threshold: ");
                Fmt.appendRatio(line, spreadThreshold).append(" - ").append(sideA).append(' ')
                        .append(ctx.market(0).symbol()).append(" / ").append(sideA.opposite()).append(' ')
                        .append(ctx.market(1).symbol());
                ctx.log(LogLevel.INFO, line.toString());
            }
            OpenTrade first = enter(ctx, 0, sideA, LEG_A_SIZE, a.close(), 0);
            enter(ctx, 1, sideA.opposite(), sizeB, b.close(), first.groupNo());
        }
    }

    /** {@code round(100 × price_A × cs_A / (price_B × cs_B))}, at least 1 (a sizing ratio, so double math). */
    static long legBSize(long priceA, long priceB, StrategyContext ctx) {
        double ratio = (double) priceA * ctx.market(0).contractSizeAsDouble()
                / ((double) priceB * ctx.market(1).contractSizeAsDouble());
        return Math.max(1, Math.round(LEG_A_SIZE * ratio));
    }

    private static OpenTrade enter(StrategyContext ctx, int leg, Side side, long size, long price, int groupNo) {
        OpenTrade trade = ctx.enter(leg, side, size, price, groupNo);
        StringBuilder line = new StringBuilder(64).append("ENTRY ").append(side).append(' ')
                .append(trade.market()).append(" @ ");
        Fmt.appendPrice(line, price).append(" (").append(size).append(" contracts)");
        ctx.log(LogLevel.TRADE, line.toString());
        return trade;
    }

    private static ClosedTrade exit(StrategyContext ctx, int leg, long price) {
        ClosedTrade closed = ctx.exit(leg, price, ClosedTrade.REVERSION);
        String at = Fmt.price(price);
        ctx.log(LogLevel.TRADE, "EXIT " + closed.side() + " " + closed.market() + " @ " + at + " ("
                + closed.size() + " contracts)");
        ctx.log(LogLevel.TRADE, "Position closed at " + at + " | PnL: " + Fmt.usd(closed.pnl()));
        return closed;
    }

    private void narrate(Candle a, Candle b, double z, StrategyContext ctx) {
        StringBuilder line = new StringBuilder(96).append("Market data received - ");
        appendQuote(line, ctx, 0, a);
        line.append(" | ");
        appendQuote(line, ctx, 1, b);
        ctx.log(LogLevel.INFO, line.toString());
        line.setLength(0);
        line.append("Analyzing ").append(ctx.market(0).symbol()).append('/').append(ctx.market(1).symbol());
        if (Double.isNaN(z)) {
            if (stats.full()) {
                line.append(" - spread has no variance, no z-score");
            } else {
                line.append(" - warming up: ").append(stats.count()).append('/').append(lookback).append(" spreads");
            }
        } else {
            Fmt.appendRatio(line.append(" - z-score value: "), z);
        }
        ctx.log(LogLevel.INFO, line.toString());
    }

    private static void appendQuote(StringBuilder line, StrategyContext ctx, int leg, Candle candle) {
        line.append(ctx.market(leg).symbol());
        long bid = ctx.bid(leg);
        long ask = ctx.ask(leg);
        if (bid > 0 && ask > 0) {
            Fmt.appendPrice(line.append(" bid: "), bid);
            Fmt.appendPrice(line.append(" ask: "), ask);
        } else {
            Fmt.appendPrice(line.append(" close: "), candle.close());
        }
    }
}
