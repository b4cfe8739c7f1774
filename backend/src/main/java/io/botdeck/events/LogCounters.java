package io.botdeck.events;

import java.util.concurrent.atomic.LongAdder;

/** Lines written to session logs, and lines readers missed because they fell behind, over all sessions. */
public final class LogCounters {

    private final LongAdder written = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    void written(long lines) {
        written.add(lines);
    }

    void dropped(long lines) {
        if (lines > 0) {
            dropped.add(lines);
        }
    }

    /** Lines numbered and written to a session's log file. */
    public long written() {
        return written.sum();
    }

    /** Lines a reader did not get (a {@code missed} notice told it how many): it fell behind, or they were no longer kept. */
    public long dropped() {
        return dropped.sum();
    }
}
