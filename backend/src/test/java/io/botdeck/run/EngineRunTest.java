package io.botdeck.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Sessions really run: live tests, backtests and scrapers end to end through REST and the log stream. */
@TestPropertySource(properties = "botdeck.heartbeat=1s")
class EngineRunTest extends IntegrationTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private Map<?, ?> session(String id) {
        return (Map<?, ?>) http.get().uri("/sessions/" + id).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("session");
    }

    private Map<?, ?> waitForStatus(String id, String status, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        Map<?, ?> s = session(id);
        while (!status.equals(s.get("status")) && System.nanoTime() < end) {
            Thread.sleep(100);
            s = session(id);
        }
        assertThat(s.get("status")).as("status of %s", id).isEqualTo(status);
        return s;
    }

    /** Reads {@code count} messages of the log stream (after {@code after} when given). */
    private List<JsonNode> stream(String id, Long after, int count, Duration timeout) {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        URI uri = URI.create("ws://127.0.0.1:" + port + "/sessions/" + id + "/logs/stream" + (after == null ? "" : "?after=" + after));
        new ReactorNettyWebSocketClient().execute(uri, ws -> ws.receive()
                        .map(m -> json.readTree(m.getPayloadAsText()))
                        .doOnNext(received::add)
                        .take(count)
                        .then())
                .timeout(timeout, Mono.empty())
                .block(timeout.plusSeconds(5));
        return new ArrayList<>(received);
    }

    /** Every trade of a session, oldest first, read page by page. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> trades(String id) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (int offset = 0; ; offset += 500) {
            Map<?, ?> page = http.get().uri("/sessions/" + id + "/trades?limit=500&offset=" + offset).exchange()
                    .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
            List<Map<String, Object>> trades = (List<Map<String, Object>>) page.get("trades");
            all.addAll(trades);
            if (all.size() >= ((Number) page.get("total")).longValue() || trades.isEmpty()) {
                break;
            }
        }
        java.util.Collections.reverse(all);
        return all;
    }

    @Test
    void aLiveTestStreamsTickByTickLogsWithSequenceNumbersAndStopsCleanly() throws Exception {
        String id = create("{\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"strategy_params\":{\"threshold\":0.6}}");
        post("/sessions/" + id + "/start").expectStatus().isOk();

        List<JsonNode> messages = stream(id, null, 12, Duration.ofSeconds(15));
        assertThat(messages).hasSize(12);
        List<Long> seqs = messages.stream().filter(m -> m.has("seq")).map(m -> m.get("seq").longValue()).toList();
        for (int i = 1; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(seqs.get(i - 1) + 1);
        }
        assertThat(messages).allSatisfy(m -> {
            assertThat(m.get("type").asString()).isIn("log", "trade", "heartbeat", "status");
            assertThat(m.get("timestamp").longValue()).isGreaterThan(1_700_000_000L);
        });
        assertThat(messages.stream().map(m -> m.path("message").asString(""))).anyMatch(t -> t.startsWith("Market data received"));

        // resume: a client that saw up to seq N gets N+1 next
        long last = seqs.get(seqs.size() - 1);
        List<JsonNode> resumed = stream(id, last, 3, Duration.ofSeconds(10));
        assertThat(resumed.get(0).get("seq").longValue()).isEqualTo(last + 1);

        long start = System.nanoTime();
        post("/sessions/" + id + "/stop").expectStatus().isOk();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        Map<?, ?> stopped = session(id);
        assertThat(stopped.get("status")).isEqualTo("stopped");
        assertThat((String) stopped.get("logs_file")).endsWith(id + ".jsonl");
        assertThat((String) stopped.get("trades_file")).endsWith("trades_" + id + ".json");
        assertThat(Path.of((String) stopped.get("trades_file"))).exists();
        assertThat(Files.readAllLines(Path.of((String) stopped.get("logs_file")))).isNotEmpty();

        http.get().uri("/sessions/" + id + "/logs?tail=5&level=info").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.success").isEqualTo(true)
                .jsonPath("$.logs.length()").isEqualTo(5)
                .jsonPath("$.logs[*].level").value(levels -> assertThat((List<String>) levels).containsOnly("info"));
        http.get().uri("/sessions/" + id + "/logs?since=" + (last - 2) + "&tail=3").exchange().expectBody()
                .jsonPath("$.logs[0].seq").isEqualTo((int) (last - 1));
    }

    @Test
    void aBacktestCompletesAndItsResultsAddUpAndRepeatExactly() throws Exception {
        String body = "{\"type\":\"backtest\",\"market\":\"ETHUSD\",\"strategy\":\"TestBot\",\"range_start\":1735689600,"
                + "\"range_end\":1736294400,\"strategy_params\":{\"threshold\":0.7,\"position_size\":10}}";
        String first = create(body);
        post("/sessions/" + first + "/start").expectStatus().isOk();
        Map<?, ?> done = waitForStatus(first, "completed", Duration.ofSeconds(60));
        assertThat(((Number) done.get("progress_total")).longValue()).isEqualTo(7 * 24 * 60);
        assertThat(done.get("progress_done")).isEqualTo(done.get("progress_total"));

        List<Map<String, Object>> trades = trades(first);
        assertThat(trades).isNotEmpty();
        assertThat(trades).allSatisfy(t -> assertThat(t.get("status")).isEqualTo("closed"));
        BigDecimal sum = trades.stream().map(t -> new BigDecimal(String.valueOf(t.get("pnl")))).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(new BigDecimal(String.valueOf(done.get("total_pnl")))).isEqualByComparingTo(sum);
        assertThat(((Number) done.get("trade_count")).intValue()).isEqualTo(trades.size());
        long wins = trades.stream().filter(t -> new BigDecimal(String.valueOf(t.get("pnl"))).signum() > 0).count();
        assertThat(new BigDecimal(String.valueOf(done.get("win_rate"))))
                .isEqualByComparingTo(BigDecimal.valueOf(wins * 100.0 / trades.size()).setScale(2, java.math.RoundingMode.HALF_EVEN));

        Map<?, ?> equity = http.get().uri("/sessions/" + first + "/equity").exchange().expectBody(Map.class).returnResult().getResponseBody();
        List<?> points = (List<?>) equity.get("points");
        assertThat(points).hasSize(trades.size() + 1);
        BigDecimal maxDrawdown = points.stream().map(p -> new BigDecimal(String.valueOf(((Map<?, ?>) p).get("drawdown"))))
                .max(BigDecimal::compareTo).orElseThrow();
        assertThat(new BigDecimal(String.valueOf(done.get("max_drawdown")))).isEqualByComparingTo(maxDrawdown);

        http.get().uri("/sessions/" + first + "/metrics").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.metrics.trade_count").isEqualTo(trades.size())
                .jsonPath("$.metrics.annualisation").exists();

        String second = (String) ((Map<?, ?>) http.post().uri("/sessions/" + first + "/clone").exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("session")).get("id");
        post("/sessions/" + second + "/start").expectStatus().isOk();
        waitForStatus(second, "completed", Duration.ofSeconds(60));
        List<Map<String, Object>> again = trades(second);
        assertThat(again).hasSameSizeAs(trades);
        for (int i = 0; i < trades.size(); i++) {
            for (String field : List.of("side", "entry_price", "exit_price", "entry_time", "exit_time", "pnl", "size", "exit_reason")) {
                assertThat(String.valueOf(again.get(i).get(field))).as("%s of trade %d", field, i).isEqualTo(String.valueOf(trades.get(i).get(field)));
            }
        }
        assertThat(count("SELECT COUNT(*) FROM session_events WHERE session_id = '" + first + "' AND event_type = 'trade'"))
                .isEqualTo(trades.size());
        assertThat(count("SELECT COUNT(*) FROM session_events WHERE session_id = '" + first + "' AND event_type = 'completed'"))
                .isEqualTo(1);
    }

    @Test
    void aBacktestOfSeveralWeeksReplaysEveryCandleOnceAndLogsInOrder() throws Exception {
        // 17 days: three weeks of reading, the last one partial
        String id = create("{\"type\":\"backtest\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"range_start\":1735689600,"
                + "\"range_end\":" + (1735689600L + 17 * 86_400) + "}");
        post("/sessions/" + id + "/start").expectStatus().isOk();
        Map<?, ?> done = waitForStatus(id, "completed", Duration.ofSeconds(60));
        assertThat(((Number) done.get("progress_total")).longValue()).isEqualTo(17 * 1_440);
        assertThat(done.get("progress_done")).isEqualTo(done.get("progress_total"));

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of((String) done.get("logs_file")))) {
            lines.add(json.readTree(line));
        }
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i).get("seq").longValue()).as("line %d of the log file", i + 1).isEqualTo(i + 1);
        }
        List<JsonNode> exits = lines.stream().filter(l -> "trade".equals(l.get("kind").asString())
                && "exit".equals(l.get("data").get("action").asString())).toList();
        List<Map<String, Object>> trades = trades(id);
        assertThat(trades).isNotEmpty();
        assertThat(exits).hasSameSizeAs(trades);
        assertThat(exits.stream().map(l -> l.get("data").get("trade_no").intValue()).distinct().count()).isEqualTo(trades.size());
        long lastCandleOpen = (1735689600L + 17 * 86_400 - 60) * 1000;
        assertThat(lines.stream().filter(l -> "log".equals(l.get("kind").asString())).mapToLong(l -> l.get("ts").longValue()).max().orElseThrow())
                .as("the strategy saw the range's last candle").isLessThanOrEqualTo(lastCandleOpen + 60_000);
        assertThat(count("SELECT COUNT(*) FROM session_events WHERE session_id = '" + id + "' AND event_type = 'trade'"))
                .isEqualTo(trades.size());

        JsonNode exported = json.readTree(Path.of((String) done.get("trades_file")).toFile());
        assertThat(exported.size()).as("trades in the export").isEqualTo(trades.size());
        for (int i = 0; i < trades.size(); i++) {
            JsonNode row = exported.get(i);
            Map<String, Object> stored = trades.get(i);
            assertThat(row.get("trade_no").intValue()).as("trade_no of export row %d", i).isEqualTo(((Number) stored.get("trade_no")).intValue());
            assertThat(row.get("entry_time").longValue()).isEqualTo(((Number) stored.get("entry_time")).longValue());
            assertThat(row.get("exit_time").longValue()).isEqualTo(((Number) stored.get("exit_time")).longValue());
            for (String field : List.of("entry_price", "exit_price", "pnl")) {
                assertThat(new BigDecimal(row.get(field).asString())).as("%s of export row %d", field, i)
                        .isEqualByComparingTo(new BigDecimal(String.valueOf(stored.get(field))));
            }
        }

        http.delete().uri("/sessions/" + id).exchange().expectStatus().isOk();
        assertThat(Path.of((String) done.get("logs_file"))).as("the deleted session's log").doesNotExist();
        assertThat(Path.of((String) done.get("trades_file"))).as("the deleted session's trade export").doesNotExist();
    }

    @Test
    void stoppingALongBacktestCancelsItsReplay() throws Exception {
        // five years: far longer than it takes to ask for the stop
        String id = create("{\"type\":\"backtest\",\"market\":\"SOLUSD\",\"strategy\":\"TestBot\",\"range_start\":1577836800,"
                + "\"range_end\":1735689600}");
        post("/sessions/" + id + "/start").expectStatus().isOk();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!(session(id).get("progress_done") instanceof Number done && done.longValue() > 0) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        post("/sessions/" + id + "/stop").expectStatus().isOk();
        Map<?, ?> stopped = session(id);
        assertThat(stopped.get("status")).isEqualTo("stopped");
        assertThat(((Number) stopped.get("progress_done")).longValue()).isLessThan(((Number) stopped.get("progress_total")).longValue());
        assertThat(count("SELECT COUNT(*) FROM trades WHERE session_id = '" + id + "'")).as("trades up to the stop").isPositive();
        assertThat(count("SELECT COUNT(*) FROM trades WHERE session_id = '" + id + "' AND exit_time IS NULL"))
                .as("positions left open").isZero();
        long progressAtStop = ((Number) stopped.get("progress_done")).longValue();
        Thread.sleep(500);
        assertThat(((Number) session(id).get("progress_done")).longValue()).as("nothing replays after the stop").isEqualTo(progressAtStop);
    }

    @Test
    void aPairBacktestTradesBothLegs() throws Exception {
        String id = create("{\"type\":\"backtest\",\"market\":\"XBTUSD+ETHUSD\",\"strategy\":\"PairTradeBot\",\"range_start\":1735689600,"
                + "\"range_end\":1736294400,\"strategy_params\":{\"spread_threshold\":1.5,\"lookback\":60}}");
        post("/sessions/" + id + "/start").expectStatus().isOk();
        waitForStatus(id, "completed", Duration.ofSeconds(60));
        List<Map<String, Object>> trades = trades(id);
        assertThat(trades).isNotEmpty();
        assertThat(trades.stream().map(t -> t.get("market")).distinct()).containsExactlyInAnyOrder("XBTUSD", "ETHUSD");
        assertThat(trades.size() % 2).isZero();
    }

    @Test
    void aScraperCountsDataPointsAndArchivesCandlesWhenStopped() throws Exception {
        String id = create("{\"type\":\"scraper\",\"market\":\"SOLUSD\",\"strategy\":\"MarketScraper\",\"strategy_params\":{\"archive_interval\":1}}");
        db.sql("DELETE FROM candles WHERE market = 'SOLUSD'").then().block();
        post("/sessions/" + id + "/start").expectStatus().isOk();
        Thread.sleep(2_500);
        post("/sessions/" + id + "/stop").expectStatus().isOk();
        Map<?, ?> s = session(id);
        assertThat(((Number) s.get("data_points")).longValue()).isGreaterThan(5);
        assertThat(count("SELECT COUNT(*) FROM candles WHERE market = 'SOLUSD' AND interval_sec = 60")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aRunThatCannotStartEndsFailedWithItsMessageKept() throws Exception {
        String id = createTest();
        // a configuration the API would refuse, as if edited in the database by hand
        db.sql("UPDATE sessions SET strategy_params = '{\"threshold\": 7, \"position_size\": 100}' WHERE id = :id")
                .bind("id", id).then().block();
        post("/sessions/" + id + "/start").expectStatus().isOk().expectBody()
                .jsonPath("$.session.status").isEqualTo("failed")
                .jsonPath("$.session.error").value(e -> assertThat((String) e).contains("threshold"));
        assertThat(count("SELECT COUNT(*) FROM session_events WHERE session_id = '" + id + "' AND event_type = 'failed'"))
                .isEqualTo(1);
        post("/sessions/" + id + "/restart").expectStatus().isOk().expectBody()
                .jsonPath("$.session.status").isEqualTo("failed");
    }

    @Test
    void theStreamOfAnUnknownSessionClosesWithAReason() {
        URI uri = URI.create("ws://127.0.0.1:" + port + "/sessions/nope/logs/stream");
        var status = new java.util.concurrent.atomic.AtomicReference<org.springframework.web.reactive.socket.CloseStatus>();
        new ReactorNettyWebSocketClient().execute(uri, ws -> ws.closeStatus().doOnNext(status::set).then())
                .block(Duration.ofSeconds(10));
        assertThat(status.get().getCode()).isEqualTo(4404);
        assertThat(status.get().getReason()).contains("not found");
    }

    @Test
    void aStoppedLiveTestCanBeRestartedAndKeepsNumberingItsLog() throws Exception {
        String id = createTest();
        post("/sessions/" + id + "/start").expectStatus().isOk();
        List<JsonNode> before = stream(id, null, 3, Duration.ofSeconds(10));
        post("/sessions/" + id + "/stop").expectStatus().isOk();
        long lastSeq = ((Number) http.get().uri("/sessions/" + id + "/logs?tail=1").exchange().expectBody(Map.class)
                .returnResult().getResponseBody().get("last_seq")).longValue();
        assertThat(lastSeq).isGreaterThanOrEqualTo(before.get(before.size() - 1).get("seq").longValue());
        post("/sessions/" + id + "/restart").expectStatus().isOk();
        List<JsonNode> after = stream(id, lastSeq, 1, Duration.ofSeconds(10));
        assertThat(after.get(0).get("seq").longValue()).isEqualTo(lastSeq + 1);
        post("/sessions/" + id + "/stop").expectStatus().isOk();
    }
}
