package io.botdeck.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Function;
import java.util.function.Predicate;

import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;

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
    private final Set<Reader<?>> readers = new CopyOnWriteArraySet<>();
    private final LogCounters counters;
    private long lastSeq;
    /** Told how many error lines each published batch held (when it held any). */
    private final ErrorTap errors;

    /** Hears of error lines as they are published, for every session at once. */
    @FunctionalInterface
    public interface ErrorTap {
        void errors(String sessionId, int count);
    }

    SessionLog(String sessionId, LogFile file, int replayCapacity, int readerCapacity) {
        this(sessionId, file, replayCapacity, readerCapacity, new LogCounters(), (id, n) -> { });
    }

    SessionLog(String sessionId, LogFile file, int replayCapacity, int readerCapacity, LogCounters counters) {
        this(sessionId, file, replayCapacity, readerCapacity, counters, (id, n) -> { });
    }

    SessionLog(String sessionId, LogFile file, int replayCapacity, int readerCapacity, ErrorTap errors) {
        this(sessionId, file, replayCapacity, readerCapacity, new LogCounters(), errors);
    }

    SessionLog(String sessionId, LogFile file, int replayCapacity, int readerCapacity, LogCounters counters, ErrorTap errors) {
        this.counters = counters;
        this.errors = errors;
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

    LogFile file() {
        return file;
    }

    /**
     * The one way lines enter a session's log: numbers them, appends them to the log file, then
     * hands them to every reader (and the replay buffer). When the file cannot be written nothing
     * is numbered or published, and the error is thrown.
     *
     * @return the lines as numbered (transient notices keep 0)
     */
    public synchronized List<LogEntry> append(List<LogEntry> entries) {
        long before = lastSeq;
        List<LogEntry> numbered = number(entries);
        List<LogEntry> kept = new ArrayList<>(numbered.size());
        for (LogEntry e : numbered) {
            if (!e.isTransient()) {
                kept.add(e);
            }
        }
        try {
            file.append(kept);
        } catch (RuntimeException e) {
            lastSeq = before;
            throw e;
        }
        counters.written(kept.size());
        publish(numbered);
        return numbered;
    }

    /** Gives each entry its sequence number (transient notices keep 0). */
    synchronized List<LogEntry> number(List<LogEntry> entries) {
        List<LogEntry> numbered = new ArrayList<>(entries.size());
        for (LogEntry e : entries) {
            numbered.add(e.isTransient() ? e : e.withSeq(++lastSeq));
        }
        return numbered;
    }

    /** Sends numbered entries to every reader and keeps them for replay. */
    synchronized void publish(List<LogEntry> entries) {
        int errorLines = 0;
        for (LogEntry e : entries) {
            if (e.level() == io.botdeck.core.LogLevel.ERROR && e.kind() == LogEntry.Kind.LOG) {
                errorLines++;
            }
            if (!e.isTransient()) {
                if (replay.size() == replayCapacity) {
                    replay.pollFirst();
                }
                replay.addLast(e);
            }
        }
        for (Reader<?> reader : readers) {
            reader.offer(entries);
        }
        if (errorLines > 0) {
            errors.errors(sessionId, errorLines);
        }
    }

    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** The highest trade number any line of this log shows (0 when none): runs number their trades after it. */
    public int lastTradeNo() {
        return file.lastEntryTradeNo();
    }

    /** Number of readers attached right now. */
    int readerCount() {
        return readers.size();
    }

    /**
     * Lines after {@code afterSeq} (from the replay buffer, or the log file for older ones), then
     * live lines as they come. {@code afterSeq < 0} means: the last {@code tail} lines, then live.
     */
    public Flux<LogEntry> follow(long afterSeq, int tail, Predicate<LogEntry> filter, int maxReplay) {
        return attach(afterSeq, tail, filter, maxReplay, sink -> new LineReader(sink, filter, readerCapacity));
    }

    /**
     * The same lines as {@link #follow}, in lists: each list holds what the reader had queued when
     * it asked for more (at most {@code maxBatch} lines, a missed-lines notice first when it fell
     * behind), so a reader that keeps up gets one line at a time and a busy one fewer, fuller lists.
     */
    public Flux<List<LogEntry>> followBatches(long afterSeq, int tail, Predicate<LogEntry> filter, int maxReplay, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        return attach(afterSeq, tail, filter, maxReplay, sink -> new BatchReader(sink, filter, readerCapacity, maxBatch));
    }

    private <T> Flux<T> attach(long afterSeq, int tail, Predicate<LogEntry> filter, int maxReplay,
                               Function<FluxSink<T>, Reader<T>> newReader) {
        return Flux.<T>create(sink -> {
            Reader<T> reader = newReader.apply(sink);
            reader.counters = counters;
            synchronized (this) {
                long from = afterSeq >= 0 ? afterSeq : Math.max(0, lastSeq - Math.max(tail, 0));
                long oldestKept = replay.isEmpty() ? lastSeq + 1 : replay.peekFirst().seq();
                LogFile.Cursor older = null;
                long beyondMax = 0;
                long fromFile = 0;
                if (from + 1 < oldestKept) {
                    // older lines are only in the file (all of them are: the file is written before
                    // publishing); the reader reads them a chunk at a time as it asks for them
                    long expected = oldestKept - from - 1;
                    fromFile = Math.min(expected, Math.max(0, maxReplay));
                    beyondMax = expected - fromFile;
                    older = file.cursor(from, from + fromFile + 1);
                }
                List<LogEntry> kept = new ArrayList<>();
                for (LogEntry e : replay) {
                    if (e.seq() > from) {
                        kept.add(e);
                    }
                }
                reader.preload(older, fromFile, kept, beyondMax);
                counters.dropped(beyondMax);
                readers.add(reader);
            }
            sink.onRequest(n -> reader.drain());
            sink.onDispose(() -> readers.remove(reader));
            reader.drain();
        }, FluxSink.OverflowStrategy.ERROR).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * One reader: the older lines it asked for, read from the file a chunk at a time as it asks
     * for more (file reads run on their own threads, never on the publisher's), then its bounded
     * queue of kept and live lines; subclasses decide what one emission holds.
     */
    private abstract static class Reader<T> {
        /** File lines read at once by a catching-up reader: what it holds of the past at most. */
        static final int CHUNK = 512;

        private final FluxSink<T> sink;
        private final Predicate<LogEntry> filter;
        private final int capacity;
        final ArrayDeque<LogEntry> queue = new ArrayDeque<>();
        /** Lines read from the file and not yet emitted. */
        private final ArrayDeque<LogEntry> fromFile = new ArrayDeque<>();
        /** The file lines still to read, null once read through. */
        private LogFile.Cursor older;
        private long olderExpected;
        private boolean loading;
        /** Lines that will not come, told before anything else. */
        private long missedFirst;
        /** Lines dropped (or absent from the file), told once the reader has caught up with the file. */
        long missed;
        LogCounters counters = new LogCounters();
        private boolean draining;
        private boolean redrain;

        Reader(FluxSink<T> sink, Predicate<LogEntry> filter, int capacity) {
            this.sink = sink;
            this.filter = filter;
            this.capacity = capacity;
        }

        /** The next emission (called holding the reader's lock), null when there is none yet. */
        abstract T take();

        synchronized void preload(LogFile.Cursor older, long olderExpected, List<LogEntry> kept, long missing) {
            this.older = older;
            this.olderExpected = olderExpected;
            this.missedFirst = missing;
            for (LogEntry e : kept) {
                if (filter.test(e)) {
                    queue.addLast(e);
                }
            }
        }

        void offer(List<LogEntry> entries) {
            long dropped = 0;
            synchronized (this) {
                for (LogEntry e : entries) {
                    if (!filter.test(e)) {
                        continue;
                    }
                    if (queue.size() >= capacity) {
                        queue.pollFirst();
                        missed++;
                        dropped++;
                    }
                    queue.addLast(e);
                }
            }
            counters.dropped(dropped);
            drain();
        }

        /** True while lines from the file come before the queue. */
        private boolean catchingUp() {
            return older != null || !fromFile.isEmpty();
        }

        /** The next line in order, or null when there is none yet (or the file's next chunk is not read yet). */
        LogEntry poll() {
            if (!fromFile.isEmpty()) {
                return fromFile.pollFirst();
            }
            return older != null ? null : queue.pollFirst();
        }

        /** Whether {@link #poll} would answer a line now. */
        boolean hasLine() {
            return !fromFile.isEmpty() || (older == null && !queue.isEmpty());
        }

        /**
         * Emits while the reader has demand. A reader may ask for more from inside
         * {@code onNext}, which calls back in here: the nested call only flags that there is more
         * to do, and the outer loop carries on, so nothing is ever emitted beyond the demand.
         */
        void drain() {
            synchronized (this) {
                if (draining) {
                    redrain = true;
                    return;
                }
                draining = true;
            }
            boolean load = false;
            try {
                while (true) {
                    T next;
                    synchronized (this) {
                        redrain = false;
                        boolean wanted = !sink.isCancelled() && sink.requestedFromDownstream() > 0;
                        next = wanted ? take() : null;
                        if (next == null) {
                            if (wanted && older != null && fromFile.isEmpty() && !loading) {
                                loading = true;
                                load = true;
                            }
                            if (!redrain) {
                                draining = false;
                                break;
                            }
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
            if (load) {
                Schedulers.boundedElastic().schedule(this::readChunk);
            }
        }

        /** Reads the next chunk of the file's lines, then carries on emitting. */
        private void readChunk() {
            LogFile.Cursor cursor;
            synchronized (this) {
                cursor = older;
            }
            if (cursor == null || sink.isCancelled()) {
                return;
            }
            List<LogEntry> chunk;
            try {
                chunk = cursor.next(CHUNK);
            } catch (RuntimeException e) {
                sink.error(e);
                return;
            }
            synchronized (this) {
                for (LogEntry e : chunk) {
                    if (filter.test(e)) {
                        fromFile.addLast(e);
                    }
                }
                if (cursor.done()) {
                    // lines the file should have held and did not: told as missed, like dropped ones
                    long absent = Math.max(0, olderExpected - cursor.found());
                    missed += absent;
                    counters.dropped(absent);
                    older = null;
                }
                loading = false;
            }
            drain();
        }

        /** A notice of what will not come or was dropped since the last emission, or null. */
        LogEntry takeMissed() {
            long count = missedFirst;
            missedFirst = 0;
            if (!catchingUp()) {
                count += missed;
                missed = 0;
            }
            return count == 0 ? null : LogEntry.missed(count, System.currentTimeMillis());
        }
    }

    /** Emits line by line. */
    private static final class LineReader extends Reader<LogEntry> {
        LineReader(FluxSink<LogEntry> sink, Predicate<LogEntry> filter, int capacity) {
            super(sink, filter, capacity);
        }

        @Override
        LogEntry take() {
            LogEntry notice = takeMissed();
            return notice != null ? notice : poll();
        }
    }

    /** Emits everything queued, up to a bound, as one list. */
    private static final class BatchReader extends Reader<List<LogEntry>> {
        private final int maxBatch;

        BatchReader(FluxSink<List<LogEntry>> sink, Predicate<LogEntry> filter, int capacity, int maxBatch) {
            super(sink, filter, capacity);
            this.maxBatch = maxBatch;
        }

        @Override
        List<LogEntry> take() {
            LogEntry notice = takeMissed();
            if (notice == null && !hasLine()) {
                return null;
            }
            List<LogEntry> batch = new ArrayList<>(Math.min(maxBatch, 64));
            if (notice != null) {
                batch.add(notice);
            }
            LogEntry line;
            while (batch.size() < maxBatch && (line = poll()) != null) {
                batch.add(line);
            }
            return batch;
        }
    }
}
