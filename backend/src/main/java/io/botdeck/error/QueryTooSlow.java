package io.botdeck.error;

/**
 * A list read took longer than the database may spend on one list statement and was stopped
 * there (so one expensive filter cannot hold the connections every other request needs). The
 * request may be retried, or narrowed (a period, a type, a market) or read by cursor.
 */
public class QueryTooSlow extends RuntimeException {

    /** Seconds a client should wait before it retries. */
    public static final int RETRY_AFTER_SECONDS = 2;

    public QueryTooSlow(java.time.Duration limit) {
        super("this list took longer than " + seconds(limit) + " to read and was stopped; retry, or narrow it "
                + "(a period, a type, a market) or page it by cursor");
    }

    private static String seconds(java.time.Duration limit) {
        long ms = limit.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
