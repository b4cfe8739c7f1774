package io.botdeck.engine.strategy;

/**
 * Highest high and lowest low of the last {@code window} candles in O(1) amortized per candle,
 * without allocating: two monotonic deques kept in fixed ring buffers.
 * <p>
 * The max-deque holds candle indices whose highs are strictly decreasing from front to back; a new
 * high evicts every smaller-or-equal high behind it (they can never be the maximum again), and the
 * front drops out when it leaves the window. The min-deque mirrors it for lows.
 */
final class RollingExtremes {

    private final int window;
    private final int mask;
    private final long[] highs;
    private final long[] highIdx;
    private final long[] lows;
    private final long[] lowIdx;
    private int highHead;
    private int highSize;
    private int lowHead;
    private int lowSize;
    private long count;

    RollingExtremes(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be ≥ 1: " + window);
        }
        this.window = window;
        int capacity = Integer.highestOneBit(window) == window ? window : Integer.highestOneBit(window) << 1;
        this.mask = capacity - 1;
        this.highs = new long[capacity];
        this.highIdx = new long[capacity];
        this.lows = new long[capacity];
        this.lowIdx = new long[capacity];
    }

    void push(long high, long low) {
        long index = count++;
        long expired = index - window;

        // Expire first (at most one index leaves per push), so a deque never holds more than
        // `window` entries and the ring needs no more slots than that.
        if (highSize > 0 && highIdx[highHead] <= expired) {
            highHead = (highHead + 1) & mask;
            highSize--;
        }
        while (highSize > 0 && highs[(highHead + highSize - 1) & mask] <= high) {
            highSize--;
        }
        int slot = (highHead + highSize) & mask;
        highs[slot] = high;
        highIdx[slot] = index;
        highSize++;

        if (lowSize > 0 && lowIdx[lowHead] <= expired) {
            lowHead = (lowHead + 1) & mask;
            lowSize--;
        }
        while (lowSize > 0 && lows[(lowHead + lowSize - 1) & mask] >= low) {
            lowSize--;
        }
        slot = (lowHead + lowSize) & mask;
        lows[slot] = low;
        lowIdx[slot] = index;
        lowSize++;
    }

    /** True once {@code window} candles have been pushed. */
    boolean full() {
        return count >= window;
    }

    long count() {
        return count;
    }

    /** Highest high in the window; undefined before the first push. */
    long max() {
        return highs[highHead];
    }

    /** Lowest low in the window; undefined before the first push. */
    long min() {
        return lows[lowHead];
    }
}
