package io.botdeck.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stops while 32 clients page through the trades of a 200,000-trade backtest, deep pages
 * included: a backtest whose run a server restart interrupted (its trades seeded by SQL, the way
 * a killed server leaves them), and a backtest running in this process. Each stop completes and
 * stores everything: the row, the trade export and the stored trades agree. How long each stop
 * took is printed (timing is measured, not asserted; the bound is only a guard against a hang).
 */
class StopDuringHeavyReadsTest extends IntegrationTest {

    private static final int TRADES = 200_000;
    private static final int READERS = 32;
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    private final JsonMapper json = JsonMapper.builder().build();

    /** The session; a 503 (the database busy beyond its wait while the readers read) is retried after its Retry-After. */
    private Map<?, ?> session(String id) throws InterruptedException {
        long began = System.nanoTime();
        while (true) {
            var result = http.get().uri("/sessions/" + id).exchange().expectBody(Map.class).returnResult();
            if (result.getStatus().value() == 503 && System.nanoTime() - began < HANG_GUARD.toNanos()) {
                Thread.sleep(1000L * Long.parseLong(result.getResponseHeaders().getFirst("Retry-After")));
                continue;
            }
            assertThat(result.getStatus().value()).isEqualTo(200);
            return (Map<?, ?>) result.getResponseBody().get("session");
        }
    }

    /** 503 answers to stops (the database busy beyond its wait: "try again"), each retried after its Retry-After. */
    private final java.util.concurrent.atomic.AtomicInteger stopRetries = new java.util.concurrent.atomic.AtomicInteger();

    /** POST /stop until it answers 200 (a 503 is retried after its Retry-After), within the hang guard; returns the milliseconds it took. */
    private long stop(String id) throws InterruptedException {
        long began = System.nanoTime();
        while (true) {
            var result = http.mutate().responseTimeout(HANG_GUARD).build().post().uri("/sessions/" + id + "/stop").exchange()
                    .expectBody(Map.class).returnResult();
            if (result.getStatus().value() == 503 && System.nanoTime() - began < HANG_GUARD.toNanos()) {
                stopRetries.incrementAndGet();
                Thread.sleep(1000L * Long.parseLong(result.getResponseHeaders().getFirst("Retry-After")));
                continue;
            }
            if (result.getStatus().value() == 409 && stopRetries.get() > 0) {
                // the refused answer's stop had gone through: the session is stopped already
                assertThat(session(id).get("status")).isEqualTo("stopped");
                return (System.nanoTime() - began) / 1_000_000;
            }
            assertThat(result.getStatus().value()).as("stop of %s: %s", id, result.getResponseBody()).isEqualTo(200);
            assertThat(((Map<?, ?>) result.getResponseBody().get("session")).get("status")).isEqualTo("stopped");
            return (System.nanoTime() - began) / 1_000_000;
        }
    }

    /** The trades stored so far (0 while the database is too busy to hand this test a connection). */
    private long storedSoFar(String id) {
        try {
            return count("SELECT COUNT(*) FROM trades WHERE session_id = '" + id + "'");
        } catch (org.springframework.dao.DataAccessResourceFailureException busy) {
            return 0;
        }
    }

    @Test
    void stopsDuringThirtyTwoReadersOfATwoHundredThousandTradeBacktestCompleteAndStoreEverything() throws Exception {
        String range = "\"range_start\":1704067200,\"range_end\":1735689600";
        String seeded = create("{\"type\":\"backtest\",\"market\":\"ETHUSD\",\"strategy\":\"TestBot\"," + range
                + ",\"strategy_params\":{\"threshold\":0.7,\"position_size\":10}}");
        LocalDateTime start = LocalDateTime.ofInstant(Instant.now().minusSeconds(7200), ZoneOffset.UTC);
        db.sql("UPDATE sessions SET status = 'running', started_at = :t, last_updated = :t, pid = 1, trade_count = 4899, "
                + "progress_done = 120000, progress_total = 527040 WHERE id = :id").bind("t", start).bind("id", seeded).then().block();
        // one trade a minute from 2024-01-01, each closed 30 s after it opened; PnL alternates +1.25 / -0.75
        db.sql("INSERT INTO trades (session_id, trade_no, group_no, market, side, size, entry_price, exit_price, entry_time, "
                + "exit_time, pnl, fees, exit_reason) SELECT :s, seq, seq, 'ETHUSD', IF(seq % 2 = 0, 'LONG', 'SHORT'), 10, "
                + "3000 + seq % 500, 3001 + seq % 500, TIMESTAMP('2024-01-01') + INTERVAL seq MINUTE, "
                + "TIMESTAMP('2024-01-01') + INTERVAL seq MINUTE + INTERVAL 30 SECOND, IF(seq % 2 = 0, 1.25, -0.75), 0.03, "
                + "'take_profit' FROM seq_1_to_" + TRADES).bind("s", seeded).then().block(Duration.ofMinutes(5));
        assertThat(count("SELECT COUNT(*) FROM trades WHERE session_id = '" + seeded + "'")).isEqualTo(TRADES);

        // ten years: still replaying when it is stopped
        String running = create("{\"type\":\"backtest\",\"market\":\"ETHUSD\",\"strategy\":\"TestBot\","
                + "\"range_start\":1420070400,\"range_end\":1735689600"
                + ",\"strategy_params\":{\"threshold\":0.55,\"position_size\":10}}");
        post("/sessions/" + running + "/start").expectStatus().isOk();

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService pool = Executors.newFixedThreadPool(READERS);
        AtomicBoolean reading = new AtomicBoolean(true);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        for (int r = 0; r < READERS; r++) {
            int reader = r;
            pool.submit(() -> {
                while (reading.get()) {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    // a third of the reads are deep pages (the last thousand trades of the 200,000), a third
                    // anywhere, a third the running backtest's newest
                    String target = reader % 3 == 2 ? running : seeded;
                    int offset = reader % 3 == 0 ? TRADES - 1_000 + random.nextInt(1_000) : reader % 3 == 1 ? random.nextInt(TRADES) : 0;
                    HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sessions/" + target
                            + "/trades?limit=100&offset=" + offset)).timeout(HANG_GUARD).build();
                    long began = System.nanoTime();
                    try {
                        HttpResponse<Void> response = client.send(get, HttpResponse.BodyHandlers.discarding());
                        latencies.add((System.nanoTime() - began) / 1_000_000);
                        statuses.merge(response.statusCode(), 1, Integer::sum);
                    } catch (Exception e) {
                        statuses.merge(-1, 1, Integer::sum);
                    }
                }
                return null;
            });
        }
        try {
            // the running backtest stores trades while the readers read
            long end = System.nanoTime() + HANG_GUARD.toNanos();
            while (storedSoFar(running) < 2_000 && System.nanoTime() < end) {
                Thread.sleep(200);
            }
            int readsBefore = latencies.size();
            long runningStop = stop(running);
            long seededAsked = System.nanoTime();
            long seededStop = stop(seeded);
            // a stop answers within its wait; an interrupted run's results and export may still be rebuilt then
            while (session(seeded).get("trades_file") == null && System.nanoTime() - seededAsked < 2 * HANG_GUARD.toNanos()) {
                Thread.sleep(200);
            }
            long seededStored = (System.nanoTime() - seededAsked) / 1_000_000;
            int readsDuring = latencies.size() - readsBefore;
            reading.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(HANG_GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();

            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("stop during %d readers of a %,d-trade backtest: running backtest stopped in %d ms, "
                            + "interrupted backtest stopped in %d ms, its results and export rebuilt from %,d trades after %d ms; "
                            + "%d stop requests answered 503 and retried; %d reads during the stops, %d in all, page latency p50 %d ms p99 %d ms, "
                            + "statuses %s (load %s)%n",
                    READERS, TRADES, runningStop, seededStop, TRADES, seededStored, stopRetries.get(), readsDuring, sorted.size(),
                    sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.99)), statuses,
                    Files.readString(Path.of("/proc/loadavg")).trim());
        } finally {
            reading.set(false);
            pool.shutdownNow();
        }

        for (String id : List.of(running, seeded)) {
            Map<?, ?> s = session(id);
            long stored = count("SELECT COUNT(*) FROM trades WHERE session_id = '" + id + "'");
            long closed = count("SELECT COUNT(*) FROM trades WHERE session_id = '" + id + "' AND exit_time IS NOT NULL");
            assertThat(((Number) s.get("trade_count")).longValue()).as("trade_count of %s", id).isEqualTo(closed);
            assertThat(stored).as("a backtest stores closed trades only").isEqualTo(closed);
            assertThat(s.get("trades_file")).as("trades_file of %s", id).isNotNull();
            List<?> export = json.readValue(Path.of((String) s.get("trades_file")).toFile(), List.class);
            assertThat(export).as("the export of %s", id).hasSize((int) stored);
        }
        assertThat(count("SELECT COUNT(*) FROM trades WHERE session_id = '" + seeded + "'")).isEqualTo(TRADES);
        assertThat((String) session(seeded).get("error")).contains("interrupted by a server restart");
        List<String> log = Files.readAllLines(Path.of((String) session(seeded).get("logs_file")));
        assertThat(log).anySatisfy(line -> assertThat(line).contains("Session stopped: its run was interrupted by a server restart")
                .contains("results are those of the 200000 trades it stored"));
        assertThat(new java.math.BigDecimal(String.valueOf(session(seeded).get("total_pnl")))).isEqualByComparingTo("50000");
        // a stop that outlasted its wait says so; otherwise there is nothing to say
        Object error = session(running).get("error");
        assertThat(error == null || ((String) error).startsWith("the stop took longer than 30 s")).as("error: %s", error).isTrue();
        if (error != null) {
            assertThat(Files.readString(Path.of((String) session(running).get("logs_file")))).contains("Stop finished ");
        }
    }
}
