package io.botdeck.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.botdeck.IntegrationTest;
import io.botdeck.core.Side;
import io.botdeck.events.LogEntry;
import io.botdeck.events.SessionLogs;
import io.botdeck.events.TradeLine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sessions whose run the server lost (killed while it ran): the state a crash leaves (the row
 * still {@code running}, trades stored up to the crash, some open, the log written up to it) is
 * laid down by hand, as no run of this process holds the session; then the user restarts or
 * stops it. Trades open at the crash keep their rows and numbers and are marked abandoned, new
 * trades are numbered after every number used, and an interrupted backtest ends with its row,
 * export and log agreeing with its stored trades.
 */
class InterruptedRunTest extends IntegrationTest {

    private static final long HOUR_AGO = Instant.now().minusSeconds(3600).toEpochMilli();

    @Autowired
    private SessionLogs logs;

    private final JsonMapper json = JsonMapper.builder().build();

    private Map<?, ?> session(String id) {
        return (Map<?, ?>) http.get().uri("/sessions/" + id).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("session");
    }

    /** The session as a killed server leaves it: running, its heartbeat an hour old. */
    private void runningWhenTheServerWasKilled(String id, Long progressDone, Long progressTotal) {
        LocalDateTime hourAgo = LocalDateTime.ofInstant(Instant.ofEpochMilli(HOUR_AGO), ZoneOffset.UTC);
        db.sql("UPDATE sessions SET status = 'running', started_at = :t, last_updated = :t, pid = 1, trade_count = 1, "
                        + "progress_done = :d, progress_total = :n WHERE id = :id")
                .bind("t", hourAgo).bind("id", id)
                .bind("d", progressDone == null ? io.r2dbc.spi.Parameters.in(Long.class) : progressDone)
                .bind("n", progressTotal == null ? io.r2dbc.spi.Parameters.in(Long.class) : progressTotal)
                .then().block();
    }

    private void storeTrade(String id, int no, String entry, String exit, String pnl, int minute) {
        LocalDateTime entered = LocalDateTime.ofInstant(Instant.ofEpochMilli(HOUR_AGO + minute * 60_000L), ZoneOffset.UTC);
        db.sql("INSERT INTO trades (session_id, trade_no, group_no, market, side, size, entry_price, exit_price, entry_time, "
                        + "exit_time, pnl, fees, exit_reason) VALUES (:s, :no, :no, 'XBTUSD', 'LONG', 10, :entry, :exit, :et, :xt, "
                        + ":pnl, 0, :reason)")
                .bind("s", id).bind("no", no).bind("entry", new BigDecimal(entry))
                .bind("exit", exit == null ? io.r2dbc.spi.Parameters.in(BigDecimal.class) : new BigDecimal(exit))
                .bind("et", entered)
                .bind("xt", exit == null ? io.r2dbc.spi.Parameters.in(LocalDateTime.class) : entered.plusSeconds(30))
                .bind("pnl", pnl == null ? io.r2dbc.spi.Parameters.in(BigDecimal.class) : new BigDecimal(pnl))
                .bind("reason", exit == null ? io.r2dbc.spi.Parameters.in(String.class) : "take_profit")
                .then().block();
    }

    private void logTrade(String id, TradeLine.Action action, int no, String entry, String exit, String pnl) {
        TradeLine line = new TradeLine(action, no, no, "XBTUSD", Side.LONG, 10, new BigDecimal(entry),
                exit == null ? null : new BigDecimal(exit), pnl == null ? null : new BigDecimal(pnl), exit == null ? null : "take_profit");
        logs.of(id).append(List.of(LogEntry.trade(HOUR_AGO + no * 60_000L, action + " trade " + no, line)));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> trades(String id) {
        return (List<Map<String, Object>>) http.get().uri("/sessions/" + id + "/trades?limit=500").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("trades");
    }

    private List<JsonNode> logFile(String id) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(logs.pathOf(id))) {
            if (!line.isBlank()) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }

    /** Every trade number of the log names one trade: all ENTRY lines of a number agree on side, market and entry price. */
    private static void noNumberNamesTwoTrades(List<JsonNode> log) {
        Map<Integer, String> entries = new HashMap<>();
        for (JsonNode line : log) {
            JsonNode data = line.get("data");
            if ("trade".equals(line.get("kind").asString()) && data != null && "entry".equals(data.get("action").asString())) {
                String trade = data.get("side").asString() + " " + data.get("market").asString() + " @ " + data.get("entry_price").asString();
                String before = entries.putIfAbsent(data.get("trade_no").intValue(), trade);
                assertThat(before).as("trade %s entered twice", data.get("trade_no")).isNull();
            }
        }
    }

    @Test
    void aLiveTestRestartedAfterACrashMarksItsOpenTradeAbandonedAndNumbersNewTradesAfterIt() throws Exception {
        String id = create("{\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"strategy_params\":{\"threshold\":0.1}}");
        runningWhenTheServerWasKilled(id, null, null);
        storeTrade(id, 1, "2800.5", "2811.25", "1.07", 0);
        logTrade(id, TradeLine.Action.ENTRY, 1, "2800.5", null, null);
        logTrade(id, TradeLine.Action.EXIT, 1, "2800.5", "2811.25", "1.07");
        storeTrade(id, 2, "2817.25", null, null, 5);
        logTrade(id, TradeLine.Action.ENTRY, 2, "2817.25", null, null);

        post("/sessions/" + id + "/restart").expectStatus().isOk().expectBody().jsonPath("$.session.status").isEqualTo("running");

        Map<String, Object> two = trades(id).stream().filter(t -> ((Number) t.get("trade_no")).intValue() == 2).findFirst().orElseThrow();
        assertThat(two.get("status")).isEqualTo("abandoned");
        assertThat(two.get("exit_reason")).isEqualTo("abandoned");
        assertThat(new BigDecimal(String.valueOf(two.get("entry_price")))).isEqualByComparingTo("2817.25");
        assertThat(two.get("exit_price")).isNull();
        assertThat(two.get("pnl")).isNull();
        String graphql = http.post().uri("/graphql").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue("{\"query\":\"{ session(id: \\\"" + id + "\\\") { trades(limit: 10) { items { tradeNo status exitReason } } } }\"}")
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(graphql).contains("{\"tradeNo\":2,\"status\":\"ABANDONED\",\"exitReason\":\"abandoned\"}");

        // the first trade of the new run takes the next number: 2 names the abandoned trade for good
        String firstNew = "SELECT COALESCE(MIN(trade_no), 0) FROM trades WHERE session_id = '" + id + "' AND trade_no > 2";
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count(firstNew) == 0 && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertThat(count(firstNew)).as("the first trade of the new run").isEqualTo(3);
        post("/sessions/" + id + "/stop").expectStatus().isOk();

        assertThat(count("SELECT COUNT(*) FROM trades WHERE session_id = '" + id + "' AND trade_no = 2 AND exit_reason = 'abandoned' "
                + "AND exit_time IS NULL AND entry_price = 2817.25")).as("the abandoned trade stays as it was").isEqualTo(1);
        List<JsonNode> log = logFile(id);
        assertThat(log).anySatisfy(l -> assertThat(l.get("message").asString())
                .startsWith("Trade 2 (LONG 10 contracts XBTUSD @ 2817.25, entered ")
                .contains("was open when the server stopped without closing it; abandoned at this restart"));
        noNumberNamesTwoTrades(log);
        // an abandoned trade has no exit: it is in no metric
        long closed = count("SELECT COUNT(*) FROM trades WHERE session_id = '" + id + "' AND exit_time IS NOT NULL");
        http.get().uri("/sessions/" + id + "/metrics").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.metrics.trade_count").isEqualTo((int) closed);
        assertThat(((Number) session(id).get("trade_count")).longValue()).isEqualTo(closed);
    }

    @Test
    void aLiveTestStoppedAfterACrashSaysSoAndExportsItsTradesWithTheAbandonedOne() throws Exception {
        String id = create("{\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\"}");
        runningWhenTheServerWasKilled(id, null, null);
        storeTrade(id, 1, "2800.5", "2811.25", "1.07", 0);
        storeTrade(id, 2, "2805", "2801", "-0.43", 2);
        storeTrade(id, 3, "2817.25", null, null, 5);
        logTrade(id, TradeLine.Action.ENTRY, 3, "2817.25", null, null);

        post("/sessions/" + id + "/stop").expectStatus().isOk().expectBody().jsonPath("$.session.status").isEqualTo("stopped");

        Map<?, ?> s = session(id);
        assertThat((String) s.get("error")).contains("interrupted by a server restart")
                .contains("results are those of the 2 closed trades").contains("1 position that was open then is marked abandoned");
        assertThat(((Number) s.get("trade_count")).intValue()).as("the row counts the closed trades, not the stale snapshot").isEqualTo(2);
        assertThat(new BigDecimal(String.valueOf(s.get("total_pnl")))).isEqualByComparingTo("0.64");
        List<?> export = json.readValue(Path.of((String) s.get("trades_file")).toFile(), List.class);
        assertThat(export).hasSize(3);
        assertThat(((Map<?, ?>) export.get(2)).get("exit_reason")).isEqualTo("abandoned");
        assertThat(((Map<?, ?>) export.get(2)).get("entry_price")).isEqualTo("2817.25");
        List<JsonNode> log = logFile(id);
        assertThat(log.get(log.size() - 2).get("message").asString()).startsWith("Trade 3 (LONG 10 contracts XBTUSD @ 2817.25")
                .contains("abandoned at this stop");
        assertThat(log.get(log.size() - 1).get("message").asString()).startsWith("Session stopped: its run was interrupted by a server restart");
    }

    @Test
    void aBacktestStoppedAfterACrashEndsWithRowExportAndLogAgreeingWithItsStoredTrades() throws Exception {
        String id = create("{\"type\":\"backtest\",\"market\":\"ETHUSD\",\"strategy\":\"TestBot\",\"range_start\":1735689600,"
                + "\"range_end\":1736294400,\"strategy_params\":{\"threshold\":0.7,\"position_size\":10}}");
        runningWhenTheServerWasKilled(id, 700L, 10080L);
        BigDecimal sum = BigDecimal.ZERO;
        for (int no = 1; no <= 40; no++) {
            String pnl = no % 3 == 0 ? "-0.5" : "0.75";
            storeTrade(id, no, "3300", no % 3 == 0 ? "3295" : "3307.5", pnl, no);
            logTrade(id, TradeLine.Action.ENTRY, no, "3300", null, null);
            logTrade(id, TradeLine.Action.EXIT, no, "3300", no % 3 == 0 ? "3295" : "3307.5", pnl);
            sum = sum.add(new BigDecimal(pnl));
        }
        // open at the crash: in the log, never stored (a backtest stores a trade when it closes)
        logTrade(id, TradeLine.Action.ENTRY, 41, "3301", null, null);

        post("/sessions/" + id + "/stop").expectStatus().isOk().expectBody().jsonPath("$.session.status").isEqualTo("stopped");

        Map<?, ?> s = session(id);
        assertThat((String) s.get("error")).contains("interrupted by a server restart").contains("at about 700 of 10080 candles")
                .contains("results are those of the 40 trades it stored").contains("trade 41 (in its log) was open then and never stored");
        assertThat(((Number) s.get("trade_count")).intValue()).isEqualTo(40);
        assertThat(new BigDecimal(String.valueOf(s.get("total_pnl")))).isEqualByComparingTo(sum);
        List<?> export = json.readValue(Path.of((String) s.get("trades_file")).toFile(), List.class);
        assertThat(export).hasSize(40);
        http.get().uri("/sessions/" + id + "/equity").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.points.length()").isEqualTo(41);
        List<JsonNode> log = logFile(id);
        assertThat(log.get(log.size() - 1).get("message").asString()).startsWith("Session stopped: its run was interrupted");

        // run again: it replays from the start, numbering its trades after every number its log shows
        post("/sessions/" + id + "/restart").expectStatus().isOk();
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ("running".equals(session(id).get("status")) && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertThat(session(id).get("status")).isEqualTo("completed");
        assertThat(count("SELECT MIN(trade_no) FROM trades WHERE session_id = '" + id + "'")).isEqualTo(42);
        noNumberNamesTwoTrades(logFile(id));
    }
}
