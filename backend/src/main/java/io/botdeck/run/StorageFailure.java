package io.botdeck.run;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.r2dbc.spi.R2dbcException;

/**
 * Something a run produced could not be stored. Its message is written for the user (it becomes
 * the session's {@code error}): what could not be stored and, when the database said, which
 * column or check refused it; never a Java class name or an exception's own text.
 */
final class StorageFailure extends RuntimeException {

    private static final Pattern OUT_OF_RANGE = Pattern.compile("(?i)out of range value for column '([A-Za-z0-9_]+)'");
    private static final Pattern CHECK = Pattern.compile("(?i)constraint [`'\"]?([A-Za-z0-9_]+)[`'\"]? failed");
    private static final Pattern TOO_LONG = Pattern.compile("(?i)data too long for column '([A-Za-z0-9_]+)'");

    private StorageFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param what what could not be stored, e.g. "a batch of 120 trades" */
    static StorageFailure of(String what, Throwable cause) {
        if (cause instanceof StorageFailure f) {
            return f;
        }
        return new StorageFailure("could not store " + what + ": " + reason(cause)
                + "; the run was ended so that nothing it produced goes missing", cause);
    }

    /** The database stayed unreachable for longer than the run could hold its output; {@code message} says so, readably. */
    static StorageFailure unreachable(String message) {
        return new StorageFailure(message, null);
    }

    /** A refusal the database will repeat (a value out of range, a broken constraint), not a passing hiccup. */
    static boolean isPermanent(Throwable e) {
        return io.botdeck.error.ValueRefusal.is(e);
    }

    private static String reason(Throwable e) {
        R2dbcException db = database(e);
        if (db == null) {
            return e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException
                    ? "the log file could not be written" : "an unexpected error (see the server log)";
        }
        String text = db.getMessage() == null ? "" : db.getMessage();
        Matcher m = OUT_OF_RANGE.matcher(text);
        if (m.find()) {
            return m.group(1) + " is beyond what its database column holds";
        }
        m = TOO_LONG.matcher(text);
        if (m.find()) {
            return m.group(1) + " is longer than its database column holds";
        }
        m = CHECK.matcher(text);
        if (m.find()) {
            return "the database check " + m.group(1) + " refused it";
        }
        String state = db.getSqlState();
        return state != null && state.startsWith("08") ? "the database connection was lost"
                : "the database refused it" + (state == null ? "" : " (SQL state " + state + ")");
    }

    private static R2dbcException database(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof R2dbcException db) {
                return db;
            }
        }
        return null;
    }
}
