package io.botdeck.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Predicate;

import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * The live log of one session: numbers lines, keeps the last {@code replayCapacity} for readers
 * that reconnect, and fans them out to any number of readers. Each reader has its own bounded
 * queue; when a reader falls behind, its oldest lines are dropped and it is told how many it
 * missed, so a slow reader never slows the bot or another reader.
 */
public final class SessionLog {

    private final String sessionId;
    private final LogFile file;
    private final int replayCapacity;
    private final int readerCapacity;
    private final ArrayDeque<LogEntry> replay;
    private final Set<Reader> readers = new CopyOnWriteArraySet<>();
    private long lastSeq;

    SessionLog(String sessionId, LogFile file, int replayCapacity, int readerCapacity) {
        this.sessionId = sessionId;
        this.file = file;
        this.replayCapacity = replayCapacity;
        this.readerCapacity = readerCapacity;
        this.replay = new ArrayDeque<>(Math.min(replayCapacity, 4096));
        this.lastSeq = file.lastSeq();
    }

    public String sessionId() {
        return sessionId;
    }

    public LogFile file() {
        return file;
    }

    /** Gives each entry its sequence number (transient notices keep 0). */
    public synchronized List<LogEntry> number(List<LogEntry> entries) {
        List<LogEntry> numbered = new ArrayList<>(entries.size());
        for (LogEntry e : entries) {
            numbered.add(e.isTransient() ? e
                    : new LogEntry(++lastSeq, e.timeMillis(), e.kind(), e.level(), e.message(), e.data()));
        }
        return numbered;
    }

    /** Sends numbered entries to every reader and keeps them for replay. */
    public synchronized void publish(List<LogEntry> entries) {
        for (LogEntry e : entries) {
            if (!e.isTransient()) {
                if (replay.size() == replayCapacity) {
                    replay.pollFirst();
                }
                replay.addLast(e);
            }
        }
        for (Reader reader : readers) {
            reader.offer(entries);
        }
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** Number of readers attached right now. */
    public int readerCount() {
        return readers.size();
    }

    /**
     * Lines after {@code afterSeq} (from the replay buffer, or the log file for older ones), then
     * live lines as they come. {@code afterSeq < 0} means: the last {@code tail} lines, then live.
     */
    public Flux<LogEntry> follow(long afterSeq, int tail, Predicate<LogEntry> filter, int maxReplay) {
        return Flux.<LogEntry>create(sink -> {
            Reader reader = new Reader(sink, filter, readerCapacity);
            List<LogEntry> backlog;
            long missing = 0;
            synchronized (this) {
                long from = afterSeq >= 0 ? afterSeq : Math.max(0, lastSeq - Math.max(tail, 0));
                long oldestKept = replay.isEmpty() ? lastSeq + 1 : replay.peekFirst().seq();
                backlog = new ArrayList<>();
                if (from + 1 < oldestKept) {
                    // older lines are only in the file (all of them are: the file is written before publishing)
                    List<LogEntry> older = file.readAfter(from, e -> e.seq() < oldestKept, maxReplay);
                    backlog.addAll(older);
                    long expected = oldestKept - from - 1;
                    missing = Math.max(0, expected - older.size());
                }
                for (LogEntry e : replay) {
                    if (e.seq() > from) {
                        backlog.add(e);
                    }
                }
                reader.preload(backlog, missing, filter);
                readers.add(reader);
            }
            sink.onRequest(n -> reader.drain());
            sink.onDispose(() -> readers.remove(reader));
            reader.drain();
        }, FluxSink.OverflowStrategy.ERROR).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
    }

    /** One reader's bounded queue. */
    private static final class Reader {
        private final FluxSink<LogEntry> sink;
        private final Predicate<LogEntry> filter;
        private final int capacity;
        private final ArrayDeque<LogEntry> queue = new ArrayDeque<>();
        private long missed;
        private boolean draining;
        private boolean redrain;

        Reader(FluxSink<LogEntry> sink, Predicate<LogEntry> filter, int capacity) {
            this.sink = sink;
            this.filter = filter;
            this.capacity = capacity;
        }

        synchronized void preload(List<LogEntry> backlog, long missing, Predicate<LogEntry> filter) {
            missed += missing;
            for (LogEntry e : backlog) {
                if (filter.test(e)) {
                    queue.addLast(e);
                }
            }
        }

        void offer(List<LogEntry> entries) {
            synchronized (this) {
                for (LogEntry e : entries) {
                    if (!filter.test(e)) {
                        continue;
                    }
                    if (queue.size() >= capacity) {
                        queue.pollFirst();
                        missed++;
                    }
                    queue.addLast(e);
                }
            }
            drain();
        }

        /**
         * Emits queued lines while the reader has demand. A reader may ask for more from inside
         * {@code onNext}, which calls back in here: the nested call only flags that there is more
         * to do, and the outer loop carries on, so lines are never emitted beyond the demand.
         */
        void drain() {
            synchronized (this) {
                if (draining) {
                    redrain = true;
                    return;
                }
                draining = true;
            }
            try {
                while (true) {
                    LogEntry next;
                    synchronized (this) {
                        redrain = false;
                        if (sink.isCancelled() || sink.requestedFromDownstream() <= 0) {
                            next = null;
                        } else if (missed > 0) {
                            next = LogEntry.missed(missed, System.currentTimeMillis());
                            missed = 0;
                        } else {
                            next = queue.pollFirst();
                        }
                        if (next == null && !redrain) {
                            draining = false;
                            return;
                        }
                    }
                    if (next != null) {
                        sink.next(next);
                    }
                }
            } catch (RuntimeException e) {
                synchronized (this) {
                    draining = false;
                }
                throw e;
            }
        }
    }
}
