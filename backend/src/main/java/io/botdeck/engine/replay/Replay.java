package io.botdeck.engine.replay;

import java.util.List;
import java.util.function.IntFunction;

import io.botdeck.core.Candle;
import io.botdeck.core.Tick;
import io.botdeck.engine.strategy.StrategyContext;
import io.botdeck.engine.strategy.TradingStrategy;

/**
 * The one step loop of a trading run: set engine time, quote, let the strategy act. Backtests,
 * live tests, the JMH benchmark and the tests all step a strategy through here, so what is
 * measured is what runs. Pure Java: no Spring, no I/O, not thread-safe (one run steps it at a time).
 */
public final class Replay {

    /** {@link #run} asks its {@link Checkpoint} before every this many steps. */
    public static final int CHECK_EVERY = 4096;

    private final TradingStrategy strategy;
    private final StrategyContext context;
    private final Candle[] step;
    private final long[] lastPrice;

    public Replay(TradingStrategy strategy, StrategyContext context) {
        this.strategy = strategy;
        this.context = context;
        this.step = new Candle[context.legs()];
        this.lastPrice = new long[context.legs()];
    }

    /** Whether the loop may go on; {@code stepsDone} counts the steps of this {@link #run} so far. */
    @FunctionalInterface
    public interface Checkpoint {
        boolean proceed(int stepsDone);

        Checkpoint ALWAYS = stepsDone -> true;
    }

    /**
     * One step of history: the candles of every leg for the same minute. Engine time is the close
     * of the first leg's candle, {@code (time + interval) × 1000}.
     */
    public void step(Candle[] candles) {
        for (int leg = 0; leg < candles.length; leg++) {
            lastPrice[leg] = candles[leg].close();
        }
        context.advance((candles[0].time() + candles[0].interval()) * 1000L);
        strategy.onCandles(candles, context);
    }

    /** One live step: the latest tick of every leg, as one-tick candles, with its quote. */
    public void step(Tick[] ticks) {
        Candle[] candles = new Candle[ticks.length];
        long time = 0;
        for (int leg = 0; leg < ticks.length; leg++) {
            Tick t = ticks[leg];
            time = Math.max(time, t.timeMillis());
            candles[leg] = new Candle(t.timeMillis() / 1000, 1, t.last(), t.last(), t.last(), t.last(), t.volume(), 1);
            lastPrice[leg] = t.last();
        }
        context.advance(time);
        for (int leg = 0; leg < ticks.length; leg++) {
            context.quote(leg, ticks[leg].bid(), ticks[leg].ask());
        }
        strategy.onCandles(candles, context);
    }

    /**
     * Steps through {@code n} minutes of history, candle {@code i} of leg {@code l} being
     * {@code legs.get(l).apply(i)}. Before every {@link #CHECK_EVERY}-th step the checkpoint
     * may hold the loop back or end it.
     *
     * @return the steps done: {@code n}, or fewer when the checkpoint ended the loop
     */
    public int run(int n, List<? extends IntFunction<Candle>> legs, Checkpoint checkpoint) {
        Candle[] candles = step;
        int width = candles.length;
        for (int i = 0; i < n; i++) {
            if ((i & (CHECK_EVERY - 1)) == 0 && !checkpoint.proceed(i)) {
                return i;
            }
            for (int leg = 0; leg < width; leg++) {
                candles[leg] = legs.get(leg).apply(i);
            }
            step(candles);
        }
        return n;
    }

    /** Closes every open position at its leg's last price (legs that never had a price stay open). */
    public void closeOpenPositions(String reason) {
        for (int leg = 0; leg < lastPrice.length; leg++) {
            if (!context.isFlat(leg) && lastPrice[leg] > 0) {
                context.exit(leg, lastPrice[leg], reason);
            }
        }
    }

    public TradingStrategy strategy() {
        return strategy;
    }
}
