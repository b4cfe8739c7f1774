package io.botdeck.error;

import java.util.Set;

import io.r2dbc.spi.R2dbcException;

/**
 * Tells a write the database refused for a value it holds (out of range, too long, null where
 * none may be, a duplicate key, a failed check or foreign key) from the database being away: the
 * same write will be refused again, so it is not retried. MariaDB does not always send the SQL
 * state with these (a multi-row UPDATE's out-of-range value arrives with error code 1264 and no
 * state), so its error codes are read too.
 */
public final class ValueRefusal {

    /**
     * MariaDB error codes of a refused value: 1048 column cannot be null, 1062 duplicate entry,
     * 1264 out of range, 1265 data truncated, 1292 incorrect datetime, 1366 incorrect value, 1406
     * data too long, 1451/1452 foreign key, 1690 value out of range in an expression, 3819 and
     * 4025 check constraint.
     */
    private static final Set<Integer> CODES = Set.of(1048, 1062, 1264, 1265, 1292, 1366, 1406, 1451, 1452, 1690, 3819, 4025);

    private ValueRefusal() {
    }

    /** Whether {@code e}, or anything that caused it, is the database refusing a value (SQL state class 22 or 23). */
    public static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof R2dbcException db) {
                String state = db.getSqlState();
                return state != null && (state.startsWith("22") || state.startsWith("23")) || CODES.contains(db.getErrorCode());
            }
        }
        return false;
    }
}
