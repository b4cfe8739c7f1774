package io.botdeck.events;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.botdeck.core.LogLevel;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * A session's log as a JSON-lines file ({@code logs_file}): one object per line with
 * {@code seq}, {@code ts} (unix ms), {@code kind}, {@code level}, {@code message} and optional
 * {@code data}. Appends come in batches from the session's recorder; reads serve the
 * {@code /logs} route and resuming readers whose lines left the replay buffer.
 */
public final class LogFile {

    private final Path path;
    private final JsonMapper json;
    /** One JSON object per line: the generator puts a newline between root values. */
    private final ObjectWriter lines;

    public LogFile(Path path, JsonMapper json) {
        this.path = path;
        this.json = json;
        this.lines = json.writer().withRootValueSeparator("\n");
    }

    public Path path() {
        return path;
    }

    /** Appends a batch and flushes once; the lines are encoded straight into the file's buffer. */
    public synchronized void append(List<LogEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(path.getParent());
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND), 64 * 1024);
                 JsonGenerator line = lines.createGenerator(out)) {
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
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + path, ex);
        }
    }

    /** Lines with {@code seq > afterSeq} that pass {@code filter}, at most {@code limit}, in order. */
    public synchronized List<LogEntry> readAfter(long afterSeq, Predicate<LogEntry> filter, int limit) {
        List<LogEntry> out = new ArrayList<>();
        if (!Files.exists(path)) {
            return out;
        }
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null && out.size() < limit) {
                LogEntry e = parse(line);
                if (e != null && e.seq() > afterSeq && filter.test(e)) {
                    out.add(e);
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + path, ex);
        }
        return out;
    }

    /** The last {@code n} lines that pass {@code filter}, in order. */
    public synchronized List<LogEntry> tail(int n, Predicate<LogEntry> filter) {
        java.util.ArrayDeque<LogEntry> last = new java.util.ArrayDeque<>(Math.min(n, 10_000));
        if (!Files.exists(path) || n <= 0) {
            return new ArrayList<>();
        }
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                LogEntry e = parse(line);
                if (e != null && filter.test(e)) {
                    if (last.size() == n) {
                        last.pollFirst();
                    }
                    last.addLast(e);
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + path, ex);
        }
        return new ArrayList<>(last);
    }

    /** The sequence number of the last line, 0 when the file is empty or missing. */
    public synchronized long lastSeq() {
        if (!Files.exists(path)) {
            return 0;
        }
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "r")) {
            long length = file.length();
            long start = Math.max(0, length - 64 * 1024);
            file.seek(start);
            byte[] bytes = new byte[(int) (length - start)];
            file.readFully(bytes);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                LogEntry e = parse(lines[i]);
                if (e != null) {
                    return e.seq();
                }
            }
            return 0;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + path, ex);
        }
    }

    /**
     * The highest trade number the log holds: that of its last entry line (trades are numbered
     * as they enter, and their lines are written in order), 0 when it has none. Reads the file
     * backwards, a block at a time, only as far as that line.
     */
    public synchronized int lastEntryTradeNo() {
        if (!Files.exists(path)) {
            return 0;
        }
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "r")) {
            long end = file.length();
            int block = 64 * 1024;
            int highest = 0;
            while (end > 0) {
                long start = Math.max(0, end - block);
                byte[] bytes = new byte[(int) (end - start)];
                file.seek(start);
                file.readFully(bytes);
                int from = 0;
                if (start > 0) {
                    // the block's first line may begin before it: read it whole with the next block
                    while (from < bytes.length && bytes[from] != '\n') {
                        from++;
                    }
                    if (from == bytes.length) {
                        block *= 2;
                        continue;
                    }
                    from++;
                }
                String[] lines = new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8).split("\n");
                for (int i = lines.length - 1; i >= 0; i--) {
                    if (!lines[i].contains("\"trade_no\"")) {
                        continue;
                    }
                    LogEntry e = parse(lines[i]);
                    TradeLine trade = e == null || e.kind() != LogEntry.Kind.TRADE ? null : TradeLine.fromData(e.data());
                    if (trade != null) {
                        highest = Math.max(highest, trade.tradeNo());
                        if (trade.action() == TradeLine.Action.ENTRY) {
                            return highest;
                        }
                    }
                }
                end = start + from;
                if (start == 0) {
                    break;
                }
            }
            return highest;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + path, ex);
        }
    }

    private LogEntry parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            JsonNode node = json.readTree(line);
            @SuppressWarnings("unchecked")
            Map<String, Object> data = node.has("data") ? json.treeToValue(node.get("data"), Map.class) : Map.of();
            return new LogEntry(node.get("seq").longValue(), node.get("ts").longValue(),
                    LogEntry.Kind.valueOf(node.get("kind").asString().toUpperCase(java.util.Locale.ROOT)),
                    LogLevel.valueOf(node.get("level").asString().toUpperCase(java.util.Locale.ROOT)),
                    node.get("message").asString(), data);
        } catch (RuntimeException partialOrForeignLine) {
            return null;
        }
    }
}
