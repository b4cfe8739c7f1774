package io.botdeck.session;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.botdeck.error.InvalidInputException;

/** Whether a session list shows sweep cells: with the other sessions (the default), not at all, or only them. */
public enum SweepCells {
    INCLUDE,
    EXCLUDE,
    ONLY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code include}, {@code exclude} or {@code only} in any letter case; absent or blank is {@link #INCLUDE}. */
    public static SweepCells parse(String field, String value) {
        if (value == null || value.isBlank()) {
            return INCLUDE;
        }
        for (SweepCells v : values()) {
            if (v.wire().equalsIgnoreCase(value.strip())) {
                return v;
            }
        }
        throw InvalidInputException.field(field, "unknown value '" + value + "'; expected one of "
                + Arrays.stream(values()).map(SweepCells::wire).collect(Collectors.joining(", ")));
    }
}
