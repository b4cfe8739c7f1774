package io.botdeck.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import io.botdeck.core.LogLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The log file's cursor: a range of lines read a chunk at a time from where the last chunk ended. */
class LogFileTest {

    @TempDir
    Path dir;

    private LogFile fileWith(int count) {
        LogFile file = new LogFile(dir.resolve("s.jsonl"), JsonMapper.builder().build());
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            // messages of varied length, some longer than a read buffer, so lines straddle reads
            String message = "line " + i + (i % 997 == 0 ? "x".repeat(70_000) : "");
            entries.add(new LogEntry(i, 1_000L + i, LogEntry.Kind.LOG, LogLevel.INFO, message, i % 3 == 0 ? Map.of("n", i) : Map.of()));
        }
        file.append(entries);
        return file;
    }

    @Test
    void aCursorReadsItsRangeInChunksOfAtMostTheAskedSize() {
        LogFile file = fileWith(10_000);
        LogFile.Cursor cursor = file.cursor(2_500, 7_501);
        List<Long> seqs = new ArrayList<>();
        while (!cursor.done()) {
            List<LogEntry> chunk = cursor.next(512);
            assertThat(chunk).hasSizeLessThanOrEqualTo(512);
            chunk.forEach(e -> seqs.add(e.seq()));
        }
        assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(2_501, 7_500).boxed().toList());
        assertThat(cursor.found()).isEqualTo(5_000);
        assertThat(cursor.next(512)).isEmpty();
    }

    @Test
    void aLineNotYetEndedByItsNewlineIsNotRead() throws Exception {
        LogFile file = fileWith(10);
        Files.writeString(file.path(), "{\"seq\":11,\"ts\":1,\"kind\":\"log\",\"level\":\"info\",\"message\":\"half",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        LogFile.Cursor cursor = file.cursor(0, 100);
        List<LogEntry> read = new ArrayList<>();
        while (!cursor.done()) {
            read.addAll(cursor.next(4));
        }
        assertThat(read).extracting(LogEntry::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
        assertThat(read.get(8).data()).containsEntry("n", 9);
    }

    @Test
    void aMissingFileIsAnEmptyRange() {
        LogFile.Cursor cursor = new LogFile(dir.resolve("none.jsonl"), JsonMapper.builder().build()).cursor(0, 50);
        assertThat(cursor.next(10)).isEmpty();
        assertThat(cursor.done()).isTrue();
        assertThat(cursor.found()).isZero();
    }

    @Test
    void theTailIsTheLastLinesThatPassTheFilterInOrder() throws Exception {
        LogFile file = fileWith(10_000);
        assertThat(file.tail(5, e -> true)).extracting(LogEntry::seq).containsExactly(9_996L, 9_997L, 9_998L, 9_999L, 10_000L);
        assertThat(file.tail(4, e -> e.seq() % 997 == 0)).extracting(LogEntry::seq)
                .as("lines longer than a read buffer, found backwards").containsExactly(6_979L, 7_976L, 8_973L, 9_970L);
        assertThat(file.tail(20_000, e -> true)).extracting(LogEntry::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 10_000).boxed().toList());
        Files.writeString(file.path(), "{\"seq\":10001,\"ts\":1,\"kind\":\"log\"", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(file.tail(2, e -> true)).extracting(LogEntry::seq).as("a line still being appended is not one yet")
                .containsExactly(9_999L, 10_000L);
        assertThat(new LogFile(dir.resolve("none.jsonl"), JsonMapper.builder().build()).tail(3, e -> true)).isEmpty();
    }
}
