package io.botdeck.metrics;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
