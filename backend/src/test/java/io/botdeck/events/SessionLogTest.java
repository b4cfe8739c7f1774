package io.botdeck.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.botdeck.core.LogLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import tools.jackson.databind.json.JsonMapper;

/** The live log's readers: line by line or in batches, bounded, with missed-line notices. */
class SessionLogTest {

    @TempDir
    Path dir;

    private SessionLog log(int readerCapacity) {
        return new SessionLog("s1", new LogFile(dir.resolve("s1.jsonl"), JsonMapper.builder().build()), 100, readerCapacity);
    }

    private static List<LogEntry> lines(int count) {
        List<LogEntry> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new LogEntry(0, 1_000L + i, LogEntry.Kind.LOG, LogLevel.INFO, "line " + i, Map.of()));
        }
        return out;
    }

    /** Publishes as the recorder does: numbered, then handed to the readers. */
    private static void write(SessionLog log, int count) {
        log.publish(log.number(lines(count)));
    }

    /** Waits until the reader subscribed (on another thread) is attached, so lines written next reach it. */
    private static void awaitAttached(SessionLog log) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (log.readerCount() == 0 && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(log.readerCount()).isEqualTo(1);
    }

    /** Asks for one item at a time, only when told to. */
    private static final class OneAtATime<T> extends BaseSubscriber<T> {
        final List<T> received = new CopyOnWriteArrayList<>();

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            // no demand until the test asks
        }

        @Override
        protected void hookOnNext(T value) {
            received.add(value);
        }

        void awaitCount(int n) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (received.size() < n && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            assertThat(received).hasSizeGreaterThanOrEqualTo(n);
        }
    }

    @Test
    void aBatchReaderGetsEverythingQueuedSinceItLastAskedInOneList() throws Exception {
        SessionLog log = log(1_000);
        OneAtATime<List<LogEntry>> reader = new OneAtATime<>();
        log.followBatches(-1, 0, e -> true, 1_000, 500).subscribe(reader);
        awaitAttached(log);

        write(log, 3);
        write(log, 4);
        reader.request(1);
        reader.awaitCount(1);
        assertThat(reader.received.get(0)).extracting(LogEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);

        reader.request(1);
        write(log, 1);
        reader.awaitCount(2);
        assertThat(reader.received.get(1)).extracting(LogEntry::seq).as("a reader that keeps up gets line by line").containsExactly(8L);
        reader.dispose();
    }

    @Test
    void aBatchHoldsAtMostMaxBatchLinesAndTheRestFollow() throws Exception {
        SessionLog log = log(1_000);
        OneAtATime<List<LogEntry>> reader = new OneAtATime<>();
        log.followBatches(-1, 0, e -> true, 1_000, 4).subscribe(reader);
        awaitAttached(log);
        write(log, 10);
        reader.request(3);
        reader.awaitCount(3);
        assertThat(reader.received).extracting(List::size).containsExactly(4, 4, 2);
        assertThat(reader.received.stream().flatMap(List::stream).map(LogEntry::seq).toList())
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        reader.dispose();
    }

    @Test
    void aBatchReaderThatFellBehindGetsTheNewestLinesAfterAMissedNotice() throws Exception {
        SessionLog log = log(5);
        OneAtATime<List<LogEntry>> reader = new OneAtATime<>();
        log.followBatches(-1, 0, e -> true, 1_000, 100).subscribe(reader);
        awaitAttached(log);
        write(log, 12);
        reader.request(1);
        reader.awaitCount(1);
        List<LogEntry> batch = reader.received.get(0);
        assertThat(batch.get(0).kind()).isEqualTo(LogEntry.Kind.MISSED);
        assertThat(batch.get(0).data()).containsEntry("missed", 7L);
        assertThat(batch.subList(1, batch.size())).extracting(LogEntry::seq).containsExactly(8L, 9L, 10L, 11L, 12L);
        reader.dispose();
    }

    @Test
    void pastLinesComeFirstInTheFirstBatch() throws Exception {
        SessionLog log = log(1_000);
        write(log, 30);
        OneAtATime<List<LogEntry>> reader = new OneAtATime<>();
        log.followBatches(-1, 20, e -> e.level() == LogLevel.INFO, 1_000, 1_000).subscribe(reader);
        reader.request(1);
        reader.awaitCount(1);
        assertThat(reader.received.get(0)).extracting(LogEntry::seq).first().isEqualTo(11L);
        assertThat(reader.received.get(0)).hasSize(20);
        reader.dispose();
    }

    @Test
    void aLineReaderStillGetsOneLineAtATime() throws Exception {
        SessionLog log = log(1_000);
        OneAtATime<LogEntry> reader = new OneAtATime<>();
        log.follow(-1, 0, e -> true, 1_000).subscribe(reader);
        awaitAttached(log);
        write(log, 3);
        reader.request(2);
        reader.awaitCount(2);
        Thread.sleep(50);
        assertThat(reader.received).extracting(LogEntry::seq).containsExactly(1L, 2L);
        reader.dispose();
    }

    @Test
    void aBatchOfNothingIsRefused() {
        assertThatThrownBy(() -> log(10).followBatches(-1, 0, e -> true, 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReaderCatchingUpOnALongLogGetsEveryLineInOrderAsItAsksThenLiveOnes() throws Exception {
        SessionLog log = log(1_000); // keeps the last 100 lines in memory; the rest are only in the file
        log.append(lines(5_000));
        OneAtATime<LogEntry> reader = new OneAtATime<>();
        log.follow(0, 0, e -> true, 100_000).subscribe(reader);
        reader.request(10);
        reader.awaitCount(10);
        Thread.sleep(50);
        assertThat(reader.received).extracting(LogEntry::seq).as("no more than asked for")
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);

        reader.request(Long.MAX_VALUE);
        reader.awaitCount(5_000);
        log.append(lines(3));
        reader.awaitCount(5_003);
        assertThat(reader.received).extracting(LogEntry::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 5_003).boxed().toList());
        reader.dispose();
    }

    @Test
    void aBatchReaderCatchingUpGetsTheFileThenTheKeptLinesWithAMissedNoticeForWhatItsLimitLeavesOut() throws Exception {
        SessionLog log = log(1_000);
        log.append(lines(5_000));
        OneAtATime<List<LogEntry>> reader = new OneAtATime<>();
        // at most 1,000 lines from the file: lines 1,001..4,900 will not come, and it is told so first
        log.followBatches(0, 0, e -> true, 1_000, 300).subscribe(reader);
        reader.request(Long.MAX_VALUE);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (reader.received.stream().mapToInt(List::size).sum() < 1_101 && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        List<LogEntry> all = reader.received.stream().flatMap(List::stream).toList();
        assertThat(all.get(0).kind()).isEqualTo(LogEntry.Kind.MISSED);
        assertThat(all.get(0).data()).containsEntry("missed", 3_900L);
        List<Long> expected = new ArrayList<>(java.util.stream.LongStream.rangeClosed(1, 1_000).boxed().toList());
        expected.addAll(java.util.stream.LongStream.rangeClosed(4_901, 5_000).boxed().toList());
        assertThat(all.subList(1, all.size())).extracting(LogEntry::seq).containsExactlyElementsOf(expected);
        assertThat(reader.received).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(300));
        reader.dispose();
    }

    @Test
    void aFilteredReaderCatchingUpGetsOnlyItsLevelsFromTheFile() throws Exception {
        SessionLog log = log(1_000);
        List<LogEntry> mixed = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            mixed.add(new LogEntry(0, 1_000L + i, LogEntry.Kind.LOG, i % 1_000 == 7 ? LogLevel.WARN : LogLevel.INFO, "line " + i, Map.of()));
        }
        log.append(mixed);
        OneAtATime<LogEntry> reader = new OneAtATime<>();
        log.follow(0, 0, e -> e.level() == LogLevel.WARN, 100_000).subscribe(reader);
        reader.request(Long.MAX_VALUE);
        reader.awaitCount(3);
        Thread.sleep(100);
        assertThat(reader.received).extracting(LogEntry::seq).containsExactly(8L, 1_008L, 2_008L);
        reader.dispose();
    }
}
