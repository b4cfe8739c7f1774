package io.botdeck.alert;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.botdeck.error.InvalidInputException;

/**
 * What a rule watches, and what its threshold means.
 */
public enum AlertKind {
    /** No heartbeat for more than {@code threshold} seconds. */
    STALE("seconds", BigDecimal.ONE, new BigDecimal("604800"), true, true),
    /** The session failed. */
    FAILED(null, null, null, true, false),
    /** Equity now more than {@code threshold} percent below its peak (clears when it recovers to within it). */
    DRAWDOWN("percent", new BigDecimal("0.0001"), new BigDecimal("100"), false, true),
    /** Total PnL below minus {@code threshold} (USD). */
    LOSS("amount", new BigDecimal("0.00000001"), new BigDecimal("1000000000000"), false, true),
    /** No trade closed for more than {@code threshold} seconds. */
    NO_TRADE("seconds", BigDecimal.ONE, new BigDecimal("31536000"), true, true),
    /** At least {@code threshold} error lines within a minute. */
    ERROR_RATE("lines per minute", BigDecimal.ONE, new BigDecimal("1000000"), true, true),
    /** A backtest (or any session) ran to its end: informational, never "resolved". */
    SESSION_FINISHED(null, null, null, true, false);

    private final String unit;
    private final BigDecimal min;
    private final BigDecimal max;
    private final boolean whole;
    private final boolean periodic;

    AlertKind(String unit, BigDecimal min, BigDecimal max, boolean whole, boolean periodic) {
        this.unit = unit;
        this.min = min;
        this.max = max;
        this.whole = whole;
        this.periodic = periodic;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the threshold counts, or null when the kind takes none. */
    public String unit() {
        return unit;
    }

    public boolean takesThreshold() {
        return unit != null;
    }

    /** Evaluated on the periodic pass over running sessions (time and results based). */
    public boolean periodic() {
        return periodic;
    }

    /** An episode of this kind sends a message when it clears. */
    public boolean sendsResolved() {
        return this != SESSION_FINISHED;
    }

    public static AlertKind fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public static AlertKind parse(String field, String value) {
        for (AlertKind k : values()) {
            if (k.wire().equalsIgnoreCase(value)) {
                return k;
            }
        }
        throw InvalidInputException.field(field, "unknown kind '" + value + "'; expected one of " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(AlertKind::wire).collect(Collectors.joining(", "));
    }

    /** The threshold checked for this kind: required and in range when it takes one, absent otherwise. */
    public BigDecimal checkThreshold(String field, BigDecimal value) {
        if (!takesThreshold()) {
            if (value != null) {
                throw InvalidInputException.field(field, "a " + wire() + " rule takes no threshold");
            }
            return null;
        }
        if (value == null) {
            throw InvalidInputException.field(field, "required for a " + wire() + " rule (" + unit + ")");
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw InvalidInputException.field(field, "must be between " + min.stripTrailingZeros().toPlainString()
                    + " and " + max.toPlainString() + " (" + unit + ")");
        }
        if (whole && value.stripTrailingZeros().scale() > 0) {
            throw InvalidInputException.field(field, "must be a whole number of " + unit);
        }
        if (value.stripTrailingZeros().scale() > 8) {
            throw InvalidInputException.field(field, "at most 8 decimals");
        }
        return value;
    }
}
