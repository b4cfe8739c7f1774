package io.botdeck.error;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Whether the database takes what Botdeck writes, as the writers themselves find it: each run's
 * journal, and a ping of the database every few seconds. Storage is <em>failing</em> from the
 * first refused write of a writer (for a passing reason: connection lost, refused, timed out)
 * until that writer's next write succeeds; it clears by itself. The health routes, the readiness
 * probe, the dashboard's banner and the metrics read it here.
 */
@Component
public class StorageStatus {

    /** What one writer reports. */
    public interface Writer {

        /** A writer that reports nowhere. */
        Writer NONE = new Writer() {
            @Override
            public void failed() {
            }

            @Override
            public void succeeded() {
            }

            @Override
            public long backlogLimit() {
                return DEFAULT_MAX_BACKLOG_PER_RUN;
            }

            @Override
            public void close() {
            }
        };

        /**
         * How many items a live run may hold unstored while the database refuses them; beyond it
         * the run ends failed (a backtest pauses its replay instead and never reaches it).
         */
        long backlogLimit();

        /** A write was refused for a passing reason and will be tried again. */
        void failed();

        /** A write went through: this writer is not failing any more. */
        void succeeded();

        /** The writer is gone (its run ended): it neither fails nor holds a backlog any more. */
        void close();
    }

    /**
     * @param failing      some writer's writes are being refused right now
     * @param failingSince when the current failure began (null unless failing)
     * @param failingRuns  runs holding their output because the database refuses it
     * @param backlog      items (log lines, trades, progress) produced by runs and not stored yet, over all runs
     */
    public record State(boolean failing, Instant failingSince, int failingRuns, long backlog) {

        /** Seconds the current failure has lasted (0 unless failing). */
        public long failingForSeconds(Instant now) {
            return failingSince == null ? 0 : Math.max(0, Duration.between(failingSince, now).toSeconds());
        }
    }

    private record Entry(boolean run, LongSupplier backlog) {
    }

    /** Default of {@code botdeck.storage.max-backlog-per-run}. */
    public static final long DEFAULT_MAX_BACKLOG_PER_RUN = 100_000;

    private final Clock clock;
    private final long maxBacklogPerRun;
    private final Map<Object, Entry> writers = new ConcurrentHashMap<>();
    /** Writers whose last write failed, with when their failure began. */
    private final Map<Object, Instant> failing = new ConcurrentHashMap<>();
    /** The start and end of the latest failure (end null while it lasts); both null before the first. */
    private Instant troubleStart;
    private Instant troubleEnd;

    public StorageStatus(Clock clock,
                         @Value("${botdeck.storage.max-backlog-per-run:" + DEFAULT_MAX_BACKLOG_PER_RUN + "}") long maxBacklogPerRun) {
        if (maxBacklogPerRun < 1) {
            throw new IllegalArgumentException("botdeck.storage.max-backlog-per-run must be at least 1");
        }
        this.clock = clock;
        this.maxBacklogPerRun = maxBacklogPerRun;
    }

    /**
     * A new writer.
     *
     * @param run     a run's journal (counted in {@link State#failingRuns}), not a probe
     * @param backlog what it holds that is not stored yet
     */
    public Writer register(boolean run, LongSupplier backlog) {
        Object key = new Object();
        writers.put(key, new Entry(run, backlog));
        return new Writer() {
            private volatile boolean closed;

            @Override
            public void failed() {
                Instant now = clock.instant();
                if (!closed && failing.putIfAbsent(key, now) == null) {
                    changed(now);
                }
            }

            @Override
            public void succeeded() {
                if (failing.remove(key) != null) {
                    changed(clock.instant());
                }
            }

            @Override
            public long backlogLimit() {
                return maxBacklogPerRun;
            }

            @Override
            public void close() {
                closed = true;
                writers.remove(key);
                if (failing.remove(key) != null) {
                    changed(clock.instant());
                }
            }
        };
    }

    private synchronized void changed(Instant now) {
        if (!failing.isEmpty() && (troubleStart == null || troubleEnd != null)) {
            troubleStart = now;
            troubleEnd = null;
        } else if (failing.isEmpty() && troubleStart != null && troubleEnd == null) {
            troubleEnd = now;
        }
    }

    public State state() {
        Instant since;
        synchronized (this) {
            since = troubleEnd == null ? troubleStart : null;
        }
        boolean isFailing = !failing.isEmpty();
        int runs = 0;
        for (Object key : failing.keySet()) {
            Entry e = writers.get(key);
            if (e != null && e.run()) {
                runs++;
            }
        }
        return new State(isFailing, isFailing ? since : null, runs, backlog());
    }

    /** Items produced by runs and not stored yet, over all runs. */
    public long backlog() {
        long sum = 0;
        for (Entry e : writers.values()) {
            sum += Math.max(0, e.backlog().getAsLong());
        }
        return sum;
    }

    /**
     * Whether a running session's missing heartbeats are the database's doing rather than the
     * session's: it was alive ({@code lastHeartbeat} within {@code staleAfter}) when storage began
     * failing, and storage is failing now or recovered less than {@code staleAfter} ago, so its
     * heartbeats could not be written and the next one has not come round yet.
     */
    public synchronized boolean excusesSilence(Instant lastHeartbeat, Instant now, Duration staleAfter) {
        if (troubleStart == null || lastHeartbeat == null) {
            return false;
        }
        boolean recent = troubleEnd == null || Duration.between(troubleEnd, now).compareTo(staleAfter) <= 0;
        return recent && !lastHeartbeat.isBefore(troubleStart.minus(staleAfter));
    }
}
