package io.botdeck.events;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import io.botdeck.core.LogLevel;
import io.botdeck.error.InvalidInputException;

/** Parses level filters like {@code info,trade} into a predicate over log lines. */
public final class LogLevels {

    private LogLevels() {
    }

    public static Set<LogLevel> parse(String field, String csv) {
        if (csv == null || csv.isBlank() || csv.trim().equalsIgnoreCase("all")) {
            return EnumSet.allOf(LogLevel.class);
        }
        Set<LogLevel> levels = EnumSet.noneOf(LogLevel.class);
        for (String part : csv.split(",")) {
            String name = part.trim().toUpperCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            try {
                levels.add(LogLevel.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw InvalidInputException.field(field, "unknown level '" + part.trim()
                        + "'; expected any of info, warn, error, trade, heartbeat");
            }
        }
        return levels;
    }

    /** Lines whose level is in {@code levels}; notices about missed lines and progress always pass. */
    public static Predicate<LogEntry> filter(Set<LogLevel> levels) {
        if (levels.size() == LogLevel.values().length) {
            return e -> true;
        }
        return e -> e.kind() == LogEntry.Kind.MISSED || e.kind() == LogEntry.Kind.PROGRESS || levels.contains(e.level());
    }
}
