package io.botdeck.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.botdeck.core.LogLevel;
import io.botdeck.core.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The log file's lines are encoded by hand for speed: byte for byte what Jackson's generator
 * wrote before (the same keys, escapes, numbers), for every kind of line, and read back the same.
 */
class LogFileEncodingTest {

    @TempDir
    Path dir;

    private final JsonMapper json = JsonMapper.builder().build();

    /** How lines were written before: Jackson's generator, a newline between root values. */
    private String jackson(List<LogEntry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator line = json.writer().withRootValueSeparator("\n").createGenerator(out)) {
            for (LogEntry e : entries) {
                line.writeStartObject();
                line.writeNumberProperty("seq", e.seq());
                line.writeNumberProperty("ts", e.timeMillis());
                line.writeStringProperty("kind", e.kind().wire());
                line.writeStringProperty("level", e.level().wire());
                line.writeStringProperty("message", e.message());
                if (!e.data().isEmpty()) {
                    line.writePOJOProperty("data", e.data());
                }
                line.writeEndObject();
            }
            line.writeRaw('\n');
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyKindOfLineIsWrittenAsJacksonWroteIt() throws Exception {
        List<LogEntry> lines = new ArrayList<>();
        long seq = 0;
        lines.add(new LogEntry(++seq, 1_700_000_000_123L, LogEntry.Kind.STATUS, LogLevel.INFO,
                "Session started: TestBot on XBTUSD | params {\"threshold\":0.5} | rule: \\ back\\slash", Map.of()));
        lines.add(new LogEntry(++seq, 1_700_000_000_124L, LogEntry.Kind.LOG, LogLevel.INFO,
                "Market data received - close: 89,448.5 high: 89,452 low: 89,440", Map.of()));
        lines.add(new LogEntry(++seq, 1_700_000_000_125L, LogEntry.Kind.LOG, LogLevel.WARN,
                "control \u0001\u001f tab\t newline\n cr\r bs\b ff\f quote\" unicode é € 😀 slash /", Map.of()));
        lines.add(new LogEntry(++seq, 1_700_000_000_126L, LogEntry.Kind.HEARTBEAT, LogLevel.HEARTBEAT, "Heartbeat", Map.of()));
        lines.add(LogEntry.trade(1_700_000_000_127L, "ENTRY LONG XBTUSD @ 89450 (100 contracts)",
                new TradeLine(TradeLine.Action.ENTRY, 7, 7, "XBTUSD", Side.LONG, 100, new BigDecimal("89450.00"), null, null, null))
                .withSeq(++seq));
        lines.add(LogEntry.trade(1_700_000_000_128L, "EXIT LONG XBTUSD @ 89807.8 (100 contracts) | PnL: +3.12",
                new TradeLine(TradeLine.Action.EXIT, 7, 7, "XBTUSD", Side.LONG, 100, new BigDecimal("89450"),
                        new BigDecimal("89807.80"), new BigDecimal("3.12345678"), "take_profit")).withSeq(++seq));
        lines.add(LogEntry.trade(1_700_000_000_129L, "EXIT SHORT ETHUSD @ 100 | PnL: -1000",
                new TradeLine(TradeLine.Action.EXIT, 8, 7, "ETHUSD", Side.SHORT, 3, new BigDecimal("1E+2"),
                        new BigDecimal("100"), new BigDecimal("-1000.0"), "reversion")).withSeq(++seq));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", List.of(1, 2));
        nested.put("n", 1.5d);
        lines.add(new LogEntry(++seq, 1_700_000_000_130L, LogEntry.Kind.LOG, LogLevel.ERROR, "with other data", nested));
        Map<String, Object> flat = new LinkedHashMap<>();
        flat.put("text", "a\"b");
        flat.put("none", null);
        flat.put("yes", true);
        flat.put("big", Long.MAX_VALUE);
        lines.add(new LogEntry(++seq, 1_700_000_000_131L, LogEntry.Kind.LOG, LogLevel.INFO, "", flat));

        LogFile file = new LogFile(dir.resolve("s.jsonl"), json);
        file.append(lines.subList(0, 4));
        file.append(lines.subList(4, lines.size()));
        String written = Files.readString(dir.resolve("s.jsonl"));
        assertThat(written).isEqualTo(jackson(lines.subList(0, 4)) + jackson(lines.subList(4, lines.size())));

        List<LogEntry> back = file.readAfter(0, e -> true, 100);
        assertThat(back).hasSize(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertThat(back.get(i).message()).isEqualTo(lines.get(i).message());
            assertThat(back.get(i).seq()).isEqualTo(lines.get(i).seq());
            assertThat(back.get(i).kind()).isEqualTo(lines.get(i).kind());
        }
        assertThat(back.get(5).trade().pnl()).isEqualByComparingTo("3.12345678");
    }
}
