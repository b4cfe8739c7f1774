package io.botdeck.web;

import io.botdeck.error.InvalidInputException;

/** Reads numeric query parameters with messages that name the parameter. */
public final class QueryParams {

    private QueryParams() {
    }

    /**
     * A whole number: absent or blank gives {@code fallback}; below {@code min} or not a number is
     * a 400; above {@code max} is capped to {@code max} (page sizes and tails).
     */
    public static long wholeNumber(String field, String value, long fallback, long min, long max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
            throw InvalidInputException.field(field, "must be a whole number, not '" + shown + "'");
        }
        if (parsed < min) {
            throw InvalidInputException.field(field, "must be at least " + min);
        }
        return Math.min(parsed, max);
    }

    public static int wholeNumber(String field, String value, int fallback, int min, int max) {
        return (int) wholeNumber(field, value, (long) fallback, (long) min, (long) max);
    }
}
