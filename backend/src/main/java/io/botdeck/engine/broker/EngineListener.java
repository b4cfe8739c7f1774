package io.botdeck.engine.broker;

import io.botdeck.core.LogLevel;

/**
 * What the engine tells its runner. Implemented by the session runner (live and backtest) and by
 * tests. Called synchronously on the thread that drives the strategy; implementations must not
 * block for long (buffer and hand off instead).
 */
public interface EngineListener {

    /** A no-op listener (benchmarks, dry runs). */
    EngineListener NONE = new EngineListener() {
        @Override
        public void log(long timeMillis, LogLevel level, String message) {
        }

        @Override
        public void tradeOpened(OpenTrade trade) {
        }

        @Override
        public void tradeClosed(ClosedTrade trade) {
        }
    };

    /**
     * Whether lines of this level are kept at all (a backtest with a lean log keeps only trades,
     * warnings and errors): a strategy may skip building a line that would be dropped.
     */
    default boolean wants(LogLevel level) {
        return true;
    }

    /** A log line of the session, stamped with engine time (the candle's or tick's time). */
    void log(long timeMillis, LogLevel level, String message);

    /** A position was opened (one leg; a pair trade opens two, sharing a group number). */
    void tradeOpened(OpenTrade trade);

    /** A position was closed; {@link ClosedTrade#pnl()} is net of fees. */
    void tradeClosed(ClosedTrade trade);
}
