package io.botdeck.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.botdeck.core.LogLevel;
import tools.jackson.databind.JsonNode;
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

    public LogFile(Path path, JsonMapper json) {
        this.path = path;
        this.json = json;
    }

    public Path path() {
        return path;
    }

    /**
     * Appends a batch with one write per 48 KB of text (a live session's batch, a tick's few lines,
     * is one small write). The fixed fields of a line and its message are encoded here, as Jackson
     * would (the same text); a line's {@code data} too when it holds only text, whole numbers,
     * decimals, booleans and nulls (a trade line's details), through Jackson otherwise. Buffers are
     * sized to the batch: ten thousand live sessions append every tick, so a fixed 64 KB per
     * append would be gigabytes a second of garbage.
     */
    public synchronized void append(List<LogEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        try {
            FileChannel channel;
            try {
                channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            } catch (java.nio.file.NoSuchFileException missingFolder) {
                Files.createDirectories(path.getParent());
                channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            try (FileChannel out = channel) {
                StringBuilder text = new StringBuilder((int) Math.min(CHUNK + 1024, 160L * entries.size()));
                for (LogEntry e : entries) {
                    text.append("{\"seq\":").append(e.seq()).append(",\"ts\":").append(e.timeMillis())
                            .append(",\"kind\":\"").append(e.kind().wire()).append("\",\"level\":\"").append(e.level().wire())
                            .append("\",\"message\":");
                    string(e.message(), text);
                    if (!e.data().isEmpty()) {
                        text.append(",\"data\":");
                        if (!flat(e.data(), text)) {
                            text.append(json.writeValueAsString(e.data()));
                        }
                    }
                    text.append("}\n");
                    if (text.length() >= CHUNK) {
                        writeFully(out, text);
                    }
                }
                writeFully(out, text);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + path, ex);
        }
    }

    /** Text encoded per write at most. */
    private static final int CHUNK = 48 * 1024;

    private static void writeFully(FileChannel out, StringBuilder text) throws IOException {
        if (text.isEmpty()) {
            return;
        }
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
        text.setLength(0);
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** A JSON string as Jackson writes it: quotes, backslashes and control characters escaped, nothing else. */
    static void string(String s, StringBuilder out) {
        out.append('"');
        int n = s.length();
        int from = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, from, i);
            from = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(s, from, n).append('"');
    }

    /** Writes a map of plain values as Jackson would; false (and nothing written) when it holds anything else. */
    private static boolean flat(Map<String, Object> data, StringBuilder out) {
        for (Object v : data.values()) {
            if (!(v == null || v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Boolean
                    || v instanceof java.math.BigDecimal)) {
                return false;
            }
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : data.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(e.getKey(), out);
            out.append(':');
            Object v = e.getValue();
            if (v == null) {
                out.append("null");
            } else if (v instanceof String text) {
                string(text, out);
            } else {
                out.append(v);
            }
        }
        out.append('}');
        return true;
    }

    /**
     * Lines with {@code seq > afterSeq} that pass {@code filter}, at most {@code limit}, in order.
     * Reads never hold up appends: a line being appended is either whole (and read) or not yet
     * ended by its newline (and skipped, as it is not valid JSON yet).
     */
    public List<LogEntry> readAfter(long afterSeq, Predicate<LogEntry> filter, int limit) {
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

    /**
     * The last {@code n} lines that pass {@code filter}, in order, read backwards from the end of
     * the file: the cost follows what is read, not the length of the log.
     */
    public List<LogEntry> tail(int n, Predicate<LogEntry> filter) {
        java.util.ArrayDeque<LogEntry> last = new java.util.ArrayDeque<>(Math.min(Math.max(n, 0), 10_000));
        if (!Files.exists(path) || n <= 0) {
            return new ArrayList<>();
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long pos = channel.size();
            byte[] carry = new byte[0];
            while (pos > 0 && last.size() < n) {
                int length = (int) Math.min(64 * 1024, pos);
                pos -= length;
                ByteBuffer buffer = ByteBuffer.allocate(length + carry.length);
                buffer.limit(length);
                while (buffer.position() < length) {
                    if (channel.read(buffer, pos + buffer.position()) < 0) {
                        throw new IOException("the file shrank while it was read");
                    }
                }
                buffer.limit(buffer.capacity()).put(carry);
                byte[] bytes = buffer.array();
                int lineEnd = bytes.length;
                for (int i = bytes.length - 1; i >= 0 && last.size() < n; i--) {
                    if (bytes[i] == '\n') {
                        keepBackwards(bytes, i + 1, lineEnd, filter, last);
                        lineEnd = i;
                    }
                }
                if (pos == 0 && last.size() < n) {
                    keepBackwards(bytes, 0, lineEnd, filter, last);
                }
                carry = java.util.Arrays.copyOfRange(bytes, 0, lineEnd);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + path, ex);
        }
        return new ArrayList<>(last);
    }

    /** Puts a line before those already kept when it is whole and passes the filter (a line being appended is not). */
    private void keepBackwards(byte[] bytes, int from, int to, Predicate<LogEntry> filter, java.util.ArrayDeque<LogEntry> last) {
        if (to <= from) {
            return;
        }
        LogEntry e = parse(new String(bytes, from, to - from, StandardCharsets.UTF_8));
        if (e != null && filter.test(e)) {
            last.addFirst(e);
        }
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
     * Reads the lines with {@code afterSeq < seq < beforeSeq} a chunk at a time, from where the
     * previous chunk ended: a reader catching up on a long log holds one chunk, not the log.
     */
    public Cursor cursor(long afterSeq, long beforeSeq) {
        return new Cursor(afterSeq, beforeSeq);
    }

    /** One reader's place in the file; not for use by two threads at once. */
    public final class Cursor {
        private final long afterSeq;
        private final long beforeSeq;
        private long position;
        private long found;
        private boolean done;

        private Cursor(long afterSeq, long beforeSeq) {
            this.afterSeq = afterSeq;
            this.beforeSeq = beforeSeq;
            this.done = beforeSeq <= afterSeq + 1;
        }

        /** Whole lines in the range found so far. */
        public long found() {
            return found;
        }

        /** True once the range has been read through (or the file ended). */
        public boolean done() {
            return done;
        }

        /**
         * The next lines of the range, at most {@code maxLines} read (in the range or not); an
         * empty list with {@link #done()} when there are no more. A line not yet ended by its
         * newline ends the range: lines before {@code beforeSeq} were all written before
         * {@code beforeSeq} was published.
         */
        public List<LogEntry> next(int maxLines) {
            List<LogEntry> out = new ArrayList<>();
            if (done) {
                return out;
            }
            if (!Files.exists(path)) {
                done = true;
                return out;
            }
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
                byte[] carry = new byte[0];
                int read = 0;
                channel.position(position);
                while (read < maxLines) {
                    buffer.clear();
                    if (channel.read(buffer) <= 0) {
                        done = true; // the end, or a line still being appended
                        break;
                    }
                    byte[] bytes = joined(carry, buffer);
                    int lineStart = 0;
                    for (int i = 0; i < bytes.length && read < maxLines && !done; i++) {
                        if (bytes[i] != '\n') {
                            continue;
                        }
                        int length = i - lineStart;
                        position += length + 1;
                        read++;
                        take(bytes, lineStart, length, out);
                        lineStart = i + 1;
                    }
                    if (done || read >= maxLines) {
                        break;
                    }
                    carry = java.util.Arrays.copyOfRange(bytes, lineStart, bytes.length);
                }
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read " + path, ex);
            }
            return out;
        }

        /** Keeps one whole line when it is in the range; marks the range read through past its end. */
        private void take(byte[] bytes, int offset, int length, List<LogEntry> out) {
            long seq = seqOf(bytes, offset, length);
            if (seq >= 0 && seq <= afterSeq) {
                return;
            }
            if (seq >= beforeSeq) {
                done = true;
                return;
            }
            LogEntry e = parse(new String(bytes, offset, length, StandardCharsets.UTF_8));
            if (e == null || e.seq() <= afterSeq) {
                return;
            }
            if (e.seq() >= beforeSeq) {
                done = true;
                return;
            }
            found++;
            out.add(e);
        }
    }

    private static byte[] joined(byte[] carry, ByteBuffer buffer) {
        byte[] bytes = new byte[carry.length + buffer.position()];
        System.arraycopy(carry, 0, bytes, 0, carry.length);
        System.arraycopy(buffer.array(), 0, bytes, carry.length, buffer.position());
        return bytes;
    }

    private static final byte[] SEQ_PREFIX = "{\"seq\":".getBytes(StandardCharsets.US_ASCII);

    /**
     * The {@code seq} a line starts with ({@code {"seq":123,...}}, as {@link #append} writes it),
     * read without parsing the line; -1 when the line does not start so (it is then parsed).
     */
    private static long seqOf(byte[] bytes, int offset, int length) {
        if (length <= SEQ_PREFIX.length) {
            return -1;
        }
        for (int i = 0; i < SEQ_PREFIX.length; i++) {
            if (bytes[offset + i] != SEQ_PREFIX[i]) {
                return -1;
            }
        }
        long seq = 0;
        int i = SEQ_PREFIX.length;
        for (; i < length && i < SEQ_PREFIX.length + 18 && bytes[offset + i] >= '0' && bytes[offset + i] <= '9'; i++) {
            seq = seq * 10 + (bytes[offset + i] - '0');
        }
        return i == SEQ_PREFIX.length ? -1 : seq;
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
