package io.botdeck.market.sim;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

import io.botdeck.core.Candle;

/**
 * Candles of one interval held column by column in primitive arrays: about 52 bytes a candle and
 * no object per candle, for bulk generation, imports and backtests. Not thread-safe.
 */
public final class CandleSeries implements CandleSink {

    private final int interval;
    private int size;
    private long[] time;
    private long[] open;
    private long[] high;
    private long[] low;
    private long[] close;
    private long[] volume;
    private int[] trades;

    public CandleSeries(int intervalSec) {
        this(intervalSec, 1_024);
    }

    public CandleSeries(int intervalSec, int initialCapacity) {
        if (intervalSec < 1) {
            throw new IllegalArgumentException("interval must be at least 1 second");
        }
        this.interval = intervalSec;
        int capacity = Math.max(16, initialCapacity);
        time = new long[capacity];
        open = new long[capacity];
        high = new long[capacity];
        low = new long[capacity];
        close = new long[capacity];
        volume = new long[capacity];
        trades = new int[capacity];
    }

    /** Generates {@code [fromSec, toSec)} of a market into a new series. */
    public static CandleSeries generate(SimulatedPriceProcess process, String market, long fromSec, long toSec,
                                        int intervalSec) {
        long expected = Math.max(0, (toSec - fromSec) / intervalSec + 1);
        CandleSeries series = new CandleSeries(intervalSec, (int) Math.min(expected, 1 << 24));
        process.candles(market, fromSec, toSec, intervalSec, series);
        return series;
    }

    @Override
    public void accept(long t, long o, long h, long l, long c, long v, int n) {
        if (size == time.length) {
            grow();
        }
        time[size] = t;
        open[size] = o;
        high[size] = h;
        low[size] = l;
        close[size] = c;
        volume[size] = v;
        trades[size] = n;
        size++;
    }

    public void add(Candle candle) {
        accept(candle.time(), candle.open(), candle.high(), candle.low(), candle.close(), candle.volume(),
                candle.trades());
    }

    private void grow() {
        int capacity = time.length + (time.length >> 1);
        time = Arrays.copyOf(time, capacity);
        open = Arrays.copyOf(open, capacity);
        high = Arrays.copyOf(high, capacity);
        low = Arrays.copyOf(low, capacity);
        close = Arrays.copyOf(close, capacity);
        volume = Arrays.copyOf(volume, capacity);
        trades = Arrays.copyOf(trades, capacity);
    }

    public int interval() {
        return interval;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public long time(int i) {
        return time[check(i)];
    }

    public long open(int i) {
        return open[check(i)];
    }

    public long high(int i) {
        return high[check(i)];
    }

    public long low(int i) {
        return low[check(i)];
    }

    public long close(int i) {
        return close[check(i)];
    }

    public long volume(int i) {
        return volume[check(i)];
    }

    public int trades(int i) {
        return trades[check(i)];
    }

    /** The i-th candle as a record (allocates). */
    public Candle get(int i) {
        check(i);
        return new Candle(time[i], interval, open[i], high[i], low[i], close[i], volume[i], trades[i]);
    }

    /** A read-only list view; each {@code get} creates the record. */
    public List<Candle> asList() {
        return new View();
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("index " + i + ", size " + size);
        }
        return i;
    }

    private final class View extends AbstractList<Candle> implements RandomAccess {
        @Override
        public Candle get(int index) {
            return CandleSeries.this.get(index);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
