package io.botdeck.run;

import io.botdeck.market.sim.CandleSeries;

/**
 * What one leg of a backtest replayed, gathered while it replays: where the candles came from,
 * the first candle's time, how many, and a checksum over every value of every candle in replay
 * order (64-bit, a multiply-and-fold per value: about a millisecond for a year of 1-minute
 * candles). Two replays of the same candles give the same checksum; a changed value, a missing,
 * extra or reordered candle almost surely a different one.
 */
final class ReplayedCandles {

    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

    private final String market;
    private final String source;
    private long first = -1;
    private long count;
    private long hash = 0x2545F4914F6CDD1DL;

    ReplayedCandles(String market, String source) {
        this.market = market;
        this.source = source;
    }

    /** The first {@code n} candles of the series were replayed, in order. */
    void replayed(CandleSeries s, int n) {
        if (n <= 0) {
            return;
        }
        if (first < 0) {
            first = s.time(0);
        }
        long h = hash;
        for (int i = 0; i < n; i++) {
            h = mix(h, s.time(i));
            h = mix(h, s.open(i));
            h = mix(h, s.high(i));
            h = mix(h, s.low(i));
            h = mix(h, s.close(i));
            h = mix(h, s.volume(i));
            h = mix(h, s.trades(i));
        }
        hash = h;
        count += n;
    }

    private static long mix(long h, long v) {
        h = (h ^ v) * MULTIPLIER;
        return h ^ (h >>> 29);
    }

    String market() {
        return market;
    }

    String source() {
        return source;
    }

    /** Time of the first candle replayed, or {@code orElse} when none was. */
    long first(long orElse) {
        return first < 0 ? orElse : first;
    }

    long count() {
        return count;
    }

    /** The checksum, 16 hex digits. */
    String checksum() {
        return String.format("%016x", hash);
    }
}
