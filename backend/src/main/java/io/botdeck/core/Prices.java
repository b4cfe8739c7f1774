package io.botdeck.core;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Fixed-point prices and volumes: a {@code long} holding units of 1e-8, so that the hot paths of
 * the engine never sum doubles and never allocate. Convert to {@link BigDecimal} at the edges.
 */
public final class Prices {

    /** 1.0 as a fixed-point value. */
    public static final long SCALE = 100_000_000L;
    public static final int DIGITS = 8;

    private Prices() {
    }

    public static long of(BigDecimal value) {
        return value.setScale(DIGITS, RoundingMode.HALF_EVEN).unscaledValue().longValueExact();
    }

    public static long of(String value) {
        return of(new BigDecimal(value));
    }

    public static BigDecimal toDecimal(long fixed) {
        return BigDecimal.valueOf(fixed, DIGITS);
    }

    /** For indicators only (never for money). */
    public static double toDouble(long fixed) {
        return fixed / (double) SCALE;
    }

    /** Rounds a double (an indicator or a generated price) to fixed point. */
    public static long fromDouble(double value) {
        return Math.round(value * SCALE);
    }
}
