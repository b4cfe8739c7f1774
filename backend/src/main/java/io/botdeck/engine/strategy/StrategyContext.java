package io.botdeck.engine.strategy;

import io.botdeck.engine.broker.PaperBroker;
import io.botdeck.engine.broker.OpenTrade;
import io.botdeck.engine.broker.ClosedTrade;
import io.botdeck.engine.broker.EngineListener;
import io.botdeck.engine.broker.MarketSpec;

import java.util.Objects;

import io.botdeck.core.LogLevel;
import io.botdeck.core.Side;

/**
 * What a strategy sees of its session: engine time, the broker, the log, and whether to narrate
 * every step.
 * <p>
 * The runner owns the context: before each step it calls {@link #advance(long)} with the step's
 * time (for archive candles the candle's close time, {@code (time + interval) × 1000}; for live
 * data the tick time), optionally {@link #quote(int, long, long)} with live bid/ask, then
 * {@link TradingStrategy#onCandles}. Orders placed through {@link #enter}/{@link #exit} fill at the
 * price given, stamped with the current time.
 * <p>
 * {@link #verbose()}: live sessions set it, and strategies then log the market data and their
 * signal on every step; backtests leave it off and only decisions and trades are logged.
 */
public final class StrategyContext {

    private final PaperBroker broker;
    private final EngineListener listener;
    private final boolean verbose;
    private final long[] bids;
    private final long[] asks;
    private long timeMillis;

    public StrategyContext(PaperBroker broker, boolean verbose) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.listener = broker.listener();
        this.verbose = verbose;
        this.bids = new long[broker.legs()];
        this.asks = new long[broker.legs()];
    }

    /** Sets engine time (unix milliseconds) for the next step; must not go backwards. */
    public void advance(long timeMillis) {
        if (timeMillis < this.timeMillis) {
            throw new IllegalArgumentException("Time went backwards: " + timeMillis + " < " + this.timeMillis);
        }
        this.timeMillis = timeMillis;
    }

    /** Engine time of the current step, unix milliseconds. */
    public long timeMillis() {
        return timeMillis;
    }

    /** True in live sessions: log market data and signal on every step. */
    public boolean verbose() {
        return verbose;
    }

    public PaperBroker broker() {
        return broker;
    }

    public int legs() {
        return broker.legs();
    }

    public MarketSpec market(int leg) {
        return broker.market(leg);
    }

    /** Latest live quote of a leg (fixed point); 0/0 means unknown. Only used for narration. */
    public void quote(int leg, long bid, long ask) {
        bids[leg] = bid;
        asks[leg] = ask;
    }

    /** Latest bid of a leg (fixed point), 0 when unknown (backtests). */
    public long bid(int leg) {
        return bids[leg];
    }

    /** Latest ask of a leg (fixed point), 0 when unknown (backtests). */
    public long ask(int leg) {
        return asks[leg];
    }

    /** Whether a line of this level is kept: a strategy may skip building one that is not. */
    public boolean logs(LogLevel level) {
        return listener.wants(level);
    }

    /** A log line stamped with engine time. */
    public void log(LogLevel level, String message) {
        listener.log(timeMillis, level, message);
    }

    public boolean isFlat(int leg) {
        return broker.isFlat(leg);
    }

    /** Side held on a leg, or null when flat. */
    public Side side(int leg) {
        return broker.side(leg);
    }

    /** Opens a position on a leg in its own group, at a fixed-point price, now. */
    public OpenTrade enter(int leg, Side side, long size, long price) {
        return broker.open(leg, side, size, price, timeMillis);
    }

    /** Opens a position on a leg joining {@code groupNo} (a pair's second leg), now. */
    public OpenTrade enter(int leg, Side side, long size, long price, int groupNo) {
        return broker.open(leg, side, size, price, timeMillis, groupNo);
    }

    /** Closes the position of a leg at a fixed-point price, now. */
    public ClosedTrade exit(int leg, long price, String reason) {
        return broker.close(leg, price, timeMillis, reason);
    }
}
