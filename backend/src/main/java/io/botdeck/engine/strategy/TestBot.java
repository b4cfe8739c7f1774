package io.botdeck.engine.strategy;

import java.util.List;

import io.botdeck.core.Candle;
import io.botdeck.core.LogLevel;
import io.botdeck.core.SessionType;
import io.botdeck.core.Side;
import io.botdeck.engine.broker.ClosedTrade;

/**
 * The seed's simple single-market strategy.
 * <p>
 * <b>Signal</b>, in [0, 1]: the stochastic position of the close within the high–low range of the
 * last {@value #LOOKBACK} candles, current one included: {@code (close − lowestLow) / (highestHigh −
 * lowestLow)}. It is 0.5 while fewer than {@value #LOOKBACK} candles have been seen or when the
 * range is 0.
 * <p>
 * <b>Entry</b> (only when flat), at the candle's close, {@code positionSize} contracts, with
 * {@code upper = max(threshold, 1 − threshold)} and {@code lower = min(threshold, 1 − threshold)}:
 * LONG when the signal crosses above {@code upper} from below ({@code previous < upper ≤ current});
 * SHORT when it crosses below {@code lower} from above ({@code previous > lower ≥ current}).
 * <p>
 * <b>Exit</b>, checked in this order on every candle while in a position, all against the candle's
 * <i>close</i> (not its high/low, so an intra-candle touch that the close does not confirm is
 * ignored, and the fill is the close even if it is beyond the level):
 * take-profit when the close is ≥ 0.4% beyond the entry in the position's favour; stop-loss when it
 * is ≥ 0.2% against; reversal when the opposite entry signal fires. No new position is opened on
 * the candle that closed one (a reversal closes and waits for the next signal).
 * <p>
 * Take-profit and stop-loss levels are compared exactly in fixed point ({@code close × 1000} against
 * {@code entry × (1000 ± permille)}), which holds for prices below about 92 million.
 * <p>
 * Allocation-free per candle unless it logs: {@code verbose} contexts get two lines per candle;
 * otherwise only signals, entries and exits are logged.
 */
public final class TestBot implements TradingStrategy {

    public static final String ID = "TestBot";

    public static final StrategyParam THRESHOLD = StrategyParam.number("threshold", "0.5", "0", false, "1",
            "Threshold", "Signal level in [0,1] that triggers an entry: above it goes long, below 1 - threshold goes short.");

    /**
     * At most {@value #MAX_POSITION_SIZE} contracts, so that what a trade produces fits where it is stored.
     * <ul>
     *   <li>One trade, at any price this strategy can compare exactly (below 92,233,720 USD, see above)
     *   on any of its markets (contract size at most 1, SOLUSD): notional ≤ 1,000 × 1 × 92,233,720 ≈ 9.3e10
     *   USD; fees (0.05% on entry and on exit) ≤ 9.3e7; |pnl| ≤ notional + fees &lt; 1e11. {@code trades.size},
     *   {@code pnl}, {@code fees} (DECIMAL(20,8)) hold below 1e12: a tenfold margin, and
     *   {@code sessions.total_pnl} (the same type) holds at least ten such extreme trades.</li>
     *   <li>A run's results: {@code sessions.max_drawdown} (DECIMAL(10,4)) holds a drawdown below 1,000,000%
     *   of the peak, i.e. a loss of up to 1e8 USD from the 10,000 USD starting equity the metrics assume. At
     *   XBTUSD's price (about 90,000 USD, 900 USD a contract) a trade stopped out at -0.2% loses at most
     *   about 0.3% with fees: ≤ 2,700 USD at 1,000 contracts, so about 37,000 consecutive stop-outs, more than
     *   the roughly 36,000 trades of a one-year backtest, before the column is full. (1,000 contracts is
     *   also about 90× leverage on that equity, near the exchange's 100× limit.) A run that goes
     *   beyond that is a run whose results cannot be stored, not a parameter to refuse.</li>
     *   <li>{@code trade_count} (INT) counts trades, not contracts: no bound needed here.</li>
     * </ul>
     * With 1,000,000 contracts a one-week backtest overflowed {@code max_drawdown}; with 1e12 the trade
     * rows overflowed; 9223372036854775807 overflowed the broker's arithmetic.
     */
    public static final long MAX_POSITION_SIZE = 1_000;

    public static final StrategyParam POSITION_SIZE = StrategyParam.integer("position_size", 100, 1, MAX_POSITION_SIZE,
            "Position size", "Contracts per trade.");

    public static final StrategyDeclaration DECLARATION = new StrategyDeclaration(ID, "Test Bot",
            "Single-market strategy. Computes a signal in [0,1] from recent price action and enters when it crosses "
                    + "the threshold; exits on take-profit, stop-loss or reversal.",
            List.of(SessionType.TEST, SessionType.BACKTEST), List.of("XBTUSD", "ETHUSD", "SOLUSD"),
            List.of(THRESHOLD, POSITION_SIZE));

    public static final int LOOKBACK = 14;
    /** Take-profit distance in permille of the entry price: 4‰ = 0.4%. */
    static final long TAKE_PROFIT_PERMILLE = 4;
    /** Stop-loss distance in permille of the entry price: 2‰ = 0.2%. */
    static final long STOP_LOSS_PERMILLE = 2;

    private final double threshold;
    private final double upper;
    private final double lower;
    private final long positionSize;
    private final RollingExtremes window = new RollingExtremes(LOOKBACK);
    private double previousSignal = 0.5;

    /**
     * @param threshold    within {@link #THRESHOLD}'s bounds, [0, 1]; 0.5 gives a single crossing level
     * @param positionSize contracts per trade, within {@link #POSITION_SIZE}'s bounds
     */
    public TestBot(double threshold, long positionSize) {
        THRESHOLD.check(threshold);
        POSITION_SIZE.check(positionSize);
        this.threshold = threshold;
        this.upper = Math.max(threshold, 1 - threshold);
        this.lower = Math.min(threshold, 1 - threshold);
        this.positionSize = positionSize;
    }

    public double threshold() {
        return threshold;
    }

    public long positionSize() {
        return positionSize;
    }

    /** The signal of the latest candle (0.5 before any). */
    public double signal() {
        return previousSignal;
    }

    @Override
    public int legs() {
        return 1;
    }

    @Override
    public String describeRule() {
        return "LONG when the " + LOOKBACK + "-candle stochastic of the close crosses above " + Fmt.ratio(upper)
                + ", SHORT when it crosses below " + Fmt.ratio(lower) + "; " + positionSize
                + " contracts at the close. Exit at +0.4% take-profit or -0.2% stop-loss (checked on the close) "
                + "or on the opposite signal.";
    }

    @Override
    public void onCandles(Candle[] legs, StrategyContext ctx) {
        Candle candle = legs[0];
        long close = candle.close();
        window.push(candle.high(), candle.low());
        double signal = signal(close);
        double previous = previousSignal;
        previousSignal = signal;
        boolean buy = previous < upper && signal >= upper;
        boolean sell = previous > lower && signal <= lower;

        if (ctx.verbose()) {
            narrate(candle, signal, ctx);
        }

        Side held = ctx.side(0);
        if (held != null) {
            long entry = ctx.broker().entryPrice(0);
            // Compare close × 1000 with entry × (1000 ± permille): exact integer arithmetic.
            long scaledClose = close * 1000;
            if (held == Side.LONG) {
                if (scaledClose >= entry * (1000 + TAKE_PROFIT_PERMILLE)) {
                    exit(ctx, held, close, ClosedTrade.TAKE_PROFIT, "Take-profit triggered at ");
                } else if (scaledClose <= entry * (1000 - STOP_LOSS_PERMILLE)) {
                    exit(ctx, held, close, ClosedTrade.STOP_LOSS, "Stop-loss triggered at ");
                } else if (sell) {
                    logSignal(ctx, "SELL", lower, signal);
                    exit(ctx, held, close, ClosedTrade.REVERSAL, "Reversal - closing LONG at ");
                }
            } else {
                if (scaledClose <= entry * (1000 - TAKE_PROFIT_PERMILLE)) {
                    exit(ctx, held, close, ClosedTrade.TAKE_PROFIT, "Take-profit triggered at ");
                } else if (scaledClose >= entry * (1000 + STOP_LOSS_PERMILLE)) {
                    exit(ctx, held, close, ClosedTrade.STOP_LOSS, "Stop-loss triggered at ");
                } else if (buy) {
                    logSignal(ctx, "BUY", upper, signal);
                    exit(ctx, held, close, ClosedTrade.REVERSAL, "Reversal - closing SHORT at ");
                }
            }
            return;
        }
        if (buy) {
            logSignal(ctx, "BUY", upper, signal);
            enter(ctx, Side.LONG, close);
        } else if (sell) {
            logSignal(ctx, "SELL", lower, signal);
            enter(ctx, Side.SHORT, close);
        }
    }

    private double signal(long close) {
        if (!window.full()) {
            return 0.5;
        }
        long low = window.min();
        long range = window.max() - low;
        if (range <= 0) {
            return 0.5;
        }
        double value = (close - low) / (double) range;
        return value < 0 ? 0 : (value > 1 ? 1 : value);
    }

    private void narrate(Candle candle, double signal, StrategyContext ctx) {
        StringBuilder line = new StringBuilder(64).append("Market data received - ");
        long bid = ctx.bid(0);
        long ask = ctx.ask(0);
        if (bid > 0 && ask > 0) {
            Fmt.appendPrice(line.append("bid: "), bid);
            Fmt.appendPrice(line.append(" ask: "), ask);
        } else {
            Fmt.appendPrice(line.append("close: "), candle.close());
            Fmt.appendPrice(line.append(" high: "), candle.high());
            Fmt.appendPrice(line.append(" low: "), candle.low());
        }
        ctx.log(LogLevel.INFO, line.toString());
        line.setLength(0);
        line.append("Analyzing ").append(ctx.market(0).symbol()).append(" - signal value: ");
        Fmt.appendRatio(line, signal);
        if (!window.full()) {
            line.append(" (warming up: ").append(window.count()).append('/').append(LOOKBACK).append(" candles)");
        }
        ctx.log(LogLevel.INFO, line.toString());
    }

    private static void logSignal(StrategyContext ctx, String kind, double level, double signal) {
        if (!ctx.logs(LogLevel.INFO)) {
            return;
        }
        StringBuilder line = new StringBuilder(64).append(kind).append(" signal detected - threshold: ");
        Fmt.appendRatio(line, level).append(", value: ");
        ctx.log(LogLevel.INFO, Fmt.appendRatio(line, signal).toString());
    }

    private void enter(StrategyContext ctx, Side side, long price) {
        ctx.enter(0, side, positionSize, price);
        StringBuilder line = new StringBuilder(48).append("ENTRY ").append(side).append(" @ ");
        Fmt.appendPrice(line, price).append(" (").append(positionSize).append(" contracts)");
        ctx.log(LogLevel.TRADE, line.toString());
    }

    private static void exit(StrategyContext ctx, Side held, long price, String reason, String announcement) {
        String at = Fmt.price(price);
        if (ctx.logs(LogLevel.INFO)) {
            ctx.log(LogLevel.INFO, announcement + at);
        }
        ClosedTrade closed = ctx.exit(0, price, reason);
        ctx.log(LogLevel.TRADE, "EXIT " + held + " @ " + at + " (" + closed.size() + " contracts)");
        ctx.log(LogLevel.TRADE, "Position closed at " + at + " | PnL: " + Fmt.usd(closed.pnl()));
    }
}
