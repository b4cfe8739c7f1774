package io.botdeck.engine.strategy;

/**
 * Mean and population standard deviation of the last {@code window} values, O(1) per value and
 * allocation-free: a ring buffer with running sums.
 * <p>
 * Numerics: values are stored as offsets from a reference (the window mean at the last
 * re-centring) so that the running sum of squares does not suffer cancellation when values are
 * large relative to their spread (log-price spreads are ~3.4 with a spread of ~1e-3). Every
 * {@code window} values the sums are recomputed from the buffer and the reference is moved to the
 * current mean, which also discards accumulated rounding drift; that costs O(window) once per
 * window, so O(1) amortized.
 */
final class RollingStats {

    private final int window;
    private final double[] offsets;
    private int next;
    private int count;
    private int sinceRecentre;
    private boolean started;
    private double reference;
    private double sum;
    private double sumSquares;

    RollingStats(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be ≥ 1: " + window);
        }
        this.window = window;
        this.offsets = new double[window];
    }

    void push(double value) {
        if (!started) {
            reference = value;
            started = true;
        }
        double offset = value - reference;
        if (count == window) {
            double old = offsets[next];
            sum -= old;
            sumSquares -= old * old;
        } else {
            count++;
        }
        offsets[next] = offset;
        sum += offset;
        sumSquares += offset * offset;
        next = next + 1 == window ? 0 : next + 1;
        if (++sinceRecentre >= window) {
            recentre();
        }
    }

    private void recentre() {
        sinceRecentre = 0;
        double s = 0;
        for (int i = 0; i < count; i++) {
            s += offsets[i];
        }
        double shift = s / count;
        reference += shift;
        double newSum = 0;
        double newSquares = 0;
        for (int i = 0; i < count; i++) {
            double o = offsets[i] - shift;
            offsets[i] = o;
            newSum += o;
            newSquares += o * o;
        }
        sum = newSum;
        sumSquares = newSquares;
    }

    /** True once {@code window} values have been pushed. */
    boolean full() {
        return count == window;
    }

    int count() {
        return count;
    }

    double mean() {
        return reference + sum / count;
    }

    /** Population variance (divides by the count), never negative. */
    double variance() {
        double m = sum / count;
        double v = sumSquares / count - m * m;
        return v > 0 ? v : 0;
    }

    double stdev() {
        return Math.sqrt(variance());
    }

    /** {@code (value − mean) / stdev}; computed on offsets for precision. NaN/∞ when stdev is 0. */
    double zScore(double value, double stdev) {
        return ((value - reference) - sum / count) / stdev;
    }
}
