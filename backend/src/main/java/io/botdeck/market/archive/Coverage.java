package io.botdeck.market.archive;

/**
 * How much of a time range the archive holds for one market and interval.
 *
 * @param fromSec  start of the range, unix seconds, inclusive
 * @param toSec    end of the range, unix seconds, exclusive
 * @param expected candles the range should hold: its multiples of the interval
 * @param present  candles the archive holds in the range
 * @param first    open time of the earliest candle held in the range; null when none
 * @param last     open time of the latest candle held in the range; null when none
 */
public record Coverage(String market, int intervalSec, long fromSec, long toSec, long expected, long present,
                       Long first, Long last) {

    /** Candles of the range the archive lacks. */
    public long missing() {
        return Math.max(0, expected - present);
    }

    /** Share of the expected candles present, 0..1 (1 for an empty range). */
    public double fraction() {
        return expected == 0 ? 1.0 : Math.min(1.0, (double) present / expected);
    }

    public boolean complete() {
        return present >= expected;
    }

    /** Number of multiples of {@code intervalSec} in {@code [fromSec, toSec)}. */
    static long expected(long fromSec, long toSec, int intervalSec) {
        if (toSec <= fromSec) {
            return 0;
        }
        long first = Math.floorDiv(fromSec + intervalSec - 1, intervalSec);
        long end = Math.floorDiv(toSec - 1, intervalSec);
        return Math.max(0, end - first + 1);
    }
}
