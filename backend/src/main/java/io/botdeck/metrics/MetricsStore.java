package io.botdeck.metrics;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.botdeck.config.BotdeckProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one source of truth for a session's performance: the {@link Metrics} snapshot its run's
 * journal last took, and its equity curve as the run produced it, point by point. Every API
 * ({@code metrics}, {@code equity}, the session row's figures) reads what is kept here; nothing
 * replays trades per request.
 * <p>
 * Kept as two files under {@code <data-dir>/metrics/}, next to the session's log and trade export
 * and deleted with them: {@code <id>.json} (the snapshot, replaced atomically) and
 * {@code <id>.equity} (one {@code time_ms,equity,drawdown_percent} line per point, appended as
 * trades close). A file append costs a backtest nothing next to its 36,000 trade rows, where a
 * table would double its database writes. A restarted live run rewrites both from its trades
 * and carries on appending. Blocking I/O: call it off the event loop.
 */
@Component
public class MetricsStore {

    private final Path dir;
    private final JsonMapper json;
    /** The drawdown of each curve's last point, as written or last read. */
    private final Map<String, BigDecimal> lastDrawdown = new ConcurrentHashMap<>();

    public MetricsStore(BotdeckProperties properties, JsonMapper json) {
        this.dir = properties.dataDir().resolve("metrics").toAbsolutePath().normalize();
        this.json = json;
    }

    Path snapshotPath(String sessionId) {
        return dir.resolve(sessionId + ".json");
    }

    Path equityPath(String sessionId) {
        return dir.resolve(sessionId + ".equity");
    }

    /** Starts a run's record over from {@code engine} (the trades of earlier runs; none for a backtest). */
    public void reset(String sessionId, MetricEngine engine) {
        try {
            Files.createDirectories(dir);
            Path equity = equityPath(sessionId);
            Path tmp = Files.createTempFile(dir, sessionId, ".tmp");
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                write(out, engine.equityCurve());
            }
            Files.move(tmp, equity, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + equityPath(sessionId), e);
        }
        remember(sessionId, engine.equityCurve());
        save(sessionId, engine.snapshot());
    }

    /** Adds the points a run's newly closed trades made to the end of the curve. */
    public void append(String sessionId, List<EquityPoint> points) {
        if (points.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(dir);
            try (BufferedWriter out = Files.newBufferedWriter(equityPath(sessionId), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                write(out, points);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + equityPath(sessionId), e);
        }
        remember(sessionId, points);
    }

    private void remember(String sessionId, List<EquityPoint> points) {
        if (points.isEmpty()) {
            lastDrawdown.remove(sessionId);
        } else {
            lastDrawdown.put(sessionId, points.get(points.size() - 1).drawdownPercent());
        }
    }

    /**
     * How far the equity is below its peak now (percent of the peak, at the last closed trade):
     * zero once it has recovered, unlike the max drawdown, which never falls. Empty when the
     * session has no curve. Read from memory; after a restart, once from the curve's last line.
     */
    public Optional<BigDecimal> currentDrawdown(String sessionId) {
        BigDecimal known = lastDrawdown.get(sessionId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<BigDecimal> read = lastLineDrawdown(equityPath(sessionId));
        read.ifPresent(d -> lastDrawdown.putIfAbsent(sessionId, d));
        return read;
    }

    /** The drawdown field of the file's last complete line, reading only its end. */
    private static Optional<BigDecimal> lastLineDrawdown(Path file) {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            int span = (int) Math.min(size, 4096);
            ByteBuffer buf = ByteBuffer.allocate(span);
            in.read(buf, size - span);
            String tail = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
            int end = tail.lastIndexOf('\n');
            if (end < 0) {
                return Optional.empty();
            }
            String line = tail.substring(tail.lastIndexOf('\n', end - 1) + 1, end);
            int b = line.lastIndexOf(',');
            if (b < 0 || line.indexOf(',') == b) {
                return Optional.empty();
            }
            return Optional.of(new BigDecimal(line.substring(b + 1)));
        } catch (IOException | NumberFormatException e) {
            // no curve yet, or one this version cannot read: no drawdown to report
            return Optional.empty();
        }
    }

    /** Replaces the snapshot. */
    public void save(String sessionId, Metrics metrics) {
        try {
            Files.createDirectories(dir);
            Path file = snapshotPath(sessionId);
            Path tmp = Files.createTempFile(dir, sessionId, ".tmp");
            json.writeValue(tmp.toFile(), metrics);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + snapshotPath(sessionId), e);
        }
    }

    /** The last snapshot; empty for a session that no run of this version has recorded. */
    public Optional<Metrics> snapshot(String sessionId) {
        Path file = snapshotPath(sessionId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), Metrics.class));
        } catch (RuntimeException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The equity curve as recorded; empty when no run of this version has recorded the session. */
    public Optional<List<EquityPoint>> equity(String sessionId) {
        Path file = equityPath(sessionId);
        List<EquityPoint> points = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                int a = line.indexOf(',');
                int b = line.indexOf(',', a + 1);
                if (a < 0 || b < 0) {
                    continue; // a line cut short by a crash: the rest of the curve is still good
                }
                points.add(new EquityPoint(Long.parseLong(line, 0, a, 10), new BigDecimal(line.substring(a + 1, b)),
                        new BigDecimal(line.substring(b + 1))));
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return Optional.of(points);
    }

    /** Removes a deleted session's snapshot and curve. */
    public void delete(String sessionId) {
        try {
            lastDrawdown.remove(sessionId);
            Files.deleteIfExists(snapshotPath(sessionId));
            Files.deleteIfExists(equityPath(sessionId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(BufferedWriter out, List<EquityPoint> points) throws IOException {
        for (EquityPoint p : points) {
            out.write(Long.toString(p.timeMillis()));
            out.write(',');
            out.write(p.equity().toPlainString());
            out.write(',');
            out.write(p.drawdownPercent().toPlainString());
            out.write('\n');
        }
    }
}
