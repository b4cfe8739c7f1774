package io.botdeck.web;

import io.botdeck.error.InvalidInputException;

/**
 * The one rule for numeric query parameters (REST, the log stream) and numeric arguments (GraphQL),
 * with messages that name the parameter:
 * <ul>
 *   <li>absent (or blank) gives the route's default;</li>
 *   <li>anything but a whole number, including one beyond the range of a long, is a 400 /
 *   {@code BAD_REQUEST}: {@code "limit: must be a whole number, not 'abc'"};</li>
 *   <li>below the minimum is a 400: {@code "offset: must be at least 0"};</li>
 *   <li>above the maximum: a <em>size</em> (how many: {@code limit}, {@code tail}) is an upper bound the
 *   caller asks for, so it is capped to the maximum, and the answer says which limit it used; every
 *   other number (an offset, a position such as {@code since} or {@code after}, a time, an
 *   {@code interval}) would change what the answer means, so it is a 400: {@code "interval: must be at
 *   most 604800"}.</li>
 * </ul>
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** A size (how many): above {@code max} it is capped to {@code max}. */
    public static long size(String field, String value, long fallback, long min, long max) {
        return value == null || value.isBlank() ? fallback : size(field, parse(field, value), fallback, min, max);
    }

    public static int size(String field, String value, int fallback, int min, int max) {
        return (int) size(field, value, (long) fallback, min, max);
    }

    /** A size given as a GraphQL {@code Int} (null when omitted). */
    public static int size(String field, Integer value, int fallback, int min, int max) {
        return value == null ? fallback : (int) size(field, value.longValue(), fallback, min, max);
    }

    private static long size(String field, long value, long fallback, long min, long max) {
        return Math.min(atLeast(field, value, min), max);
    }

    /** Any other whole number: outside {@code min..max} is a 400. */
    public static long wholeNumber(String field, String value, long fallback, long min, long max) {
        return value == null || value.isBlank() ? fallback : within(field, parse(field, value), min, max);
    }

    public static int wholeNumber(String field, String value, int fallback, int min, int max) {
        return (int) wholeNumber(field, value, (long) fallback, min, max);
    }

    /** Any other whole number given as a GraphQL argument (null when omitted). */
    public static Long wholeNumber(String field, Long value, Long fallback, long min, long max) {
        return value == null ? fallback : Long.valueOf(within(field, value, min, max));
    }

    public static int wholeNumber(String field, Integer value, int fallback, int min, int max) {
        return value == null ? fallback : (int) within(field, value, min, max);
    }

    private static long parse(String field, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
            throw InvalidInputException.field(field, "must be a whole number, not '" + shown + "'");
        }
    }

    private static long atLeast(String field, long value, long min) {
        if (value < min) {
            throw InvalidInputException.field(field, "must be at least " + min);
        }
        return value;
    }

    private static long within(String field, long value, long min, long max) {
        if (atLeast(field, value, min) > max) {
            throw InvalidInputException.field(field, "must be at most " + max);
        }
        return value;
    }
}
