package io.botdeck.graphql;

/**
 * The GraphQL type {@code BacktestProgress}: candles replayed of the range's total, and the share done.
 * Shared by the adapters that show it (a session's progress, a progress line of its log).
 */
public record BacktestProgress(long done, long total, double percent) {

    public static BacktestProgress of(long done, long total) {
        double percent = total <= 0 ? 100 : Math.min(100, Math.round(done * 10_000.0 / total) / 100.0);
        return new BacktestProgress(done, total, percent);
    }
}
