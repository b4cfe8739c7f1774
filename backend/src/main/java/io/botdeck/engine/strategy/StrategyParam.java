package io.botdeck.engine.strategy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * One parameter a strategy takes, declared once beside the strategy's code: its key in a session's
 * {@code strategy_params}, its kind, default and limits, and the words the parameter form shows. The
 * API's JSON Schema, the defaults it serves, the factory that reads a session's parameters and the
 * strategy's own constructor all read this declaration.
 *
 * @param key              snake_case key in {@code strategy_params}
 * @param integer          whole numbers only (JSON Schema {@code integer}), else any finite number
 * @param defaultValue     taken when a session gives none
 * @param minimum          smallest value allowed (or, with {@code exclusiveMinimum}, the bound above which values must lie)
 * @param exclusiveMinimum the minimum itself is not allowed
 * @param maximum          largest value allowed
 */
public record StrategyParam(String key, boolean integer, BigDecimal defaultValue, BigDecimal minimum,
                            boolean exclusiveMinimum, BigDecimal maximum, String title, String description) {

    public StrategyParam {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(minimum, "minimum");
        Objects.requireNonNull(maximum, "maximum");
        int low = defaultValue.compareTo(minimum);
        if (!(exclusiveMinimum ? low > 0 : low >= 0) || defaultValue.compareTo(maximum) > 0) {
            throw new IllegalArgumentException("default of " + key + " is outside its bounds: " + defaultValue);
        }
    }

    /** A whole-number parameter with inclusive bounds. */
    public static StrategyParam integer(String key, long defaultValue, long minimum, long maximum, String title,
                                        String description) {
        return new StrategyParam(key, true, BigDecimal.valueOf(defaultValue), BigDecimal.valueOf(minimum), false,
                BigDecimal.valueOf(maximum), title, description);
    }

    /** A number parameter; {@code minimum}, {@code maximum} and the default are decimal literals (e.g. {@code "0.5"}). */
    public static StrategyParam number(String key, String defaultValue, String minimum, boolean exclusiveMinimum,
                                       String maximum, String title, String description) {
        return new StrategyParam(key, false, new BigDecimal(defaultValue), new BigDecimal(minimum), exclusiveMinimum,
                new BigDecimal(maximum), title, description);
    }

    /** True when the value lies within the bounds. */
    public boolean allows(BigDecimal value) {
        int low = value.compareTo(minimum);
        return (exclusiveMinimum ? low > 0 : low >= 0) && value.compareTo(maximum) <= 0;
    }

    /** The default as a long (integer parameters). */
    public long defaultLong() {
        return defaultValue.longValueExact();
    }

    /** The default as a double (number parameters). */
    public double defaultDouble() {
        return defaultValue.doubleValue();
    }

    /** Throws, naming the parameter, unless {@code value} lies within the bounds. */
    public long check(long value) {
        checkBounds(BigDecimal.valueOf(value), String.valueOf(value));
        return value;
    }

    /** Throws, naming the parameter, unless {@code value} is finite and lies within the bounds. */
    public double check(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(key + " must be a finite number: " + value);
        }
        checkBounds(new BigDecimal(value), String.valueOf(value));
        return value;
    }

    private void checkBounds(BigDecimal value, String shown) {
        if (exclusiveMinimum ? value.compareTo(minimum) <= 0 : value.compareTo(minimum) < 0) {
            throw new IllegalArgumentException(key + " must be " + (exclusiveMinimum ? "> " : "≥ ")
                    + minimum.toPlainString() + ": " + shown);
        }
        if (value.compareTo(maximum) > 0) {
            throw new IllegalArgumentException(key + " must be ≤ " + maximum.toPlainString() + ": " + shown);
        }
    }

    /**
     * The value of this parameter in a session's parameters, its default when absent (or null), checked
     * against the bounds. Numbers may arrive as any {@link Number} or as a numeric string.
     */
    public double number(Map<String, Object> params) {
        Object raw = params == null ? null : params.get(key);
        if (raw == null) {
            return defaultDouble();
        }
        double value;
        if (raw instanceof Number n) {
            value = n.doubleValue();
        } else if (raw instanceof String s) {
            try {
                value = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number: '" + s + "'");
            }
        } else {
            throw new IllegalArgumentException(key + " must be a number, got " + raw.getClass().getSimpleName());
        }
        return check(value);
    }

    /**
     * The value of this whole-number parameter in a session's parameters, its default when absent (or
     * null), checked against the bounds; a fractional part is an error.
     */
    public long integer(Map<String, Object> params) {
        Object raw = params == null ? null : params.get(key);
        if (raw == null) {
            return defaultLong();
        }
        BigDecimal value;
        try {
            if (raw instanceof BigDecimal d) {
                value = d;
            } else if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
                value = BigDecimal.valueOf(((Number) raw).longValue());
            } else if (raw instanceof Number n) {
                if (!Double.isFinite(n.doubleValue())) {
                    throw new IllegalArgumentException(key + " must be an integer: " + raw);
                }
                value = new BigDecimal(n.toString());
            } else if (raw instanceof String s) {
                value = new BigDecimal(s.trim());
            } else {
                throw new IllegalArgumentException(key + " must be an integer, got " + raw.getClass().getSimpleName());
            }
            if (value.stripTrailingZeros().scale() > 0) {
                throw new IllegalArgumentException(key + " must be an integer: " + raw);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer: " + raw);
        }
        checkBounds(value, raw.toString());
        return value.longValueExact();
    }
}
