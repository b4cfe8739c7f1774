package io.botdeck.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The {@code /sweeps} routes against the real server and MariaDB: a sweep from creation to its cells' metrics. */
class SweepRestTest extends SweepTestSupport {

    private static final String GRID_3X3 = "{\"name\": \"TB grid\", \"strategy\": \"TestBot\", \"market\": \"XBTUSD\", "
            + "\"range_start\": " + JAN_1 + ", \"range_end\": " + (JAN_1 + 3 * DAY) + ", "
            + "\"strategy_params\": {\"position_size\": 100}, "
            + "\"grid\": {\"threshold\": [0.3, 0.5, 0.7], \"position_size\": {\"from\": 50, \"to\": 150, \"step\": 50}}}";

    @Test
    void aThreeByThreeSweepRunsToCompletedWithNineCellsWithMetrics() throws Exception {
        Map<?, ?> created = createSweep(GRID_3X3);
        String id = (String) created.get("id");
        assertThat(created.get("status")).isEqualTo("running");
        assertThat(created.get("cell_count")).isEqualTo(9);
        assertThat(created.get("name")).isEqualTo("TB grid");
        assertThat(created.get("strategy")).isEqualTo("TestBot");
        assertThat(created.get("range_start")).isEqualTo((int) JAN_1);
        assertThat(new ArrayList<Object>(((Map<?, ?>) created.get("grid")).keySet())).containsExactly("threshold", "position_size");
        assertThat(((Map<?, ?>) created.get("grid")).get("position_size")).isEqualTo(List.of(50, 100, 150));
        assertThat(created.get("cells")).as("a sweep without its cells").isNull();

        Map<?, ?> done = waitForSweep(id, "completed", Duration.ofSeconds(120));
        assertThat(done.get("cells_done")).isEqualTo(9);
        assertThat(done.get("cells_failed")).isEqualTo(0);
        assertThat(done.get("cells_running")).isEqualTo(0);
        assertThat(done.get("finished_at")).isNotNull();
        assertThat(done.get("eta_seconds")).isNull();
        assertThat(done.get("candles_per_second")).isNull();

        List<Map<String, Object>> cells = cells(id);
        assertThat(cells).hasSize(9);
        Set<String> sessionIds = new HashSet<>();
        for (int i = 0; i < 9; i++) {
            Map<String, Object> cell = cells.get(i);
            assertThat(cell.get("index")).isEqualTo(i);
            assertThat(cell.get("status")).isEqualTo("completed");
            Map<?, ?> params = (Map<?, ?>) cell.get("params");
            assertThat(new BigDecimal(params.get("threshold").toString()))
                    .isEqualByComparingTo(new BigDecimal(List.of("0.3", "0.5", "0.7").get(i / 3)));
            assertThat(params.get("position_size")).isEqualTo(List.of(50, 100, 150).get(i % 3));
            assertThat(cell.get("total_pnl")).isNotNull();
            assertThat(cell.get("win_rate")).isNotNull();
            assertThat(cell.get("max_drawdown")).isNotNull();
            assertThat(cell.get("trade_count")).isNotNull();
            String sessionId = (String) cell.get("session_id");
            assertThat(sessionId).isNotNull();
            sessionIds.add(sessionId);

            Map<?, ?> session = session(sessionId);
            assertThat(session.get("sweep_id")).isEqualTo(id);
            assertThat(session.get("type")).isEqualTo("backtest");
            assertThat(session.get("status")).isEqualTo("completed");
            assertThat(session.get("name")).isEqualTo("TB grid #" + (i + 1));
            Map<?, ?> sp = (Map<?, ?>) session.get("strategy_params");
            assertThat(sp.get("position_size")).isEqualTo(params.get("position_size"));
            assertThat(sp.get("threshold").toString()).isEqualTo(params.get("threshold").toString());
            assertThat(cell.get("trade_count")).isEqualTo(session.get("trade_count"));
            assertThat(new BigDecimal(cell.get("total_pnl").toString()))
                    .isEqualByComparingTo(new BigDecimal(session.get("total_pnl").toString()));
            Map<?, ?> metrics = (Map<?, ?>) http.get().uri("/sessions/" + sessionId + "/metrics").exchange().expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody().get("metrics");
            assertThat(decimalOrNull(cell.get("sharpe"))).isEqualTo(decimalOrNull(metrics.get("sharpe")));
            assertThat(decimalOrNull(cell.get("profit_factor"))).isEqualTo(decimalOrNull(metrics.get("profit_factor")));
        }
        assertThat(sessionIds).hasSize(9);
        assertThat(cells.stream().anyMatch(c -> ((Number) c.get("trade_count")).intValue() > 0))
                .as("a three-day TestBot backtest trades").isTrue();

        // the cells are ordinary sessions that session lists can show, hide or pick out
        assertThat(sessions("sweep_id=" + id).get("total")).isEqualTo(9);
        assertThat(sessions("sweep_cells=only").get("total")).isEqualTo(9);
        assertThat(sessions("sweep_cells=exclude").get("total")).isEqualTo(0);
        String single = create("{\"type\":\"backtest\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"range_start\":" + JAN_1
                + ",\"range_end\":" + (JAN_1 + DAY) + "}");
        assertThat(sessions("sweep_cells=exclude").get("total")).isEqualTo(1);
        assertThat(((List<?>) sessions("sweep_cells=exclude").get("sessions")).stream().map(s -> ((Map<?, ?>) s).get("id"))
                .toList()).isEqualTo(List.of(single));
        assertThat(sessions("sweep_cells=include").get("total")).isEqualTo(10);
        assertThat(sessions("sweep_cells=only&status=completed").get("total")).isEqualTo(9);
        assertThat(sessions("sweep_cells=only&search=grid").get("total")).isEqualTo(9);
        assertThat(session(single).get("sweep_id")).isNull();

        // listed newest first
        Map<?, ?> list = http.get().uri("/sweeps").exchange().expectStatus().isOk().expectBody(Map.class).returnResult()
                .getResponseBody();
        assertThat(list.get("total")).isEqualTo(1);
        assertThat(((Map<?, ?>) ((List<?>) list.get("sweeps")).get(0)).get("cells_done")).isEqualTo(9);
    }

    private static BigDecimal decimalOrNull(Object v) {
        return v == null ? null : new BigDecimal(v.toString()).stripTrailingZeros();
    }

    @Test
    void aCellsTradesEqualThoseOfTheSameBacktestRunAlone() throws Exception {
        String id = (String) createSweep(GRID_3X3).get("id");
        waitForSweep(id, "completed", Duration.ofSeconds(120));
        Map<String, Object> cell = cells(id).get(4);
        Map<?, ?> params = (Map<?, ?>) cell.get("params");
        String alone = create("{\"type\":\"backtest\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"range_start\":" + JAN_1
                + ",\"range_end\":" + (JAN_1 + 3 * DAY) + ",\"strategy_params\":{\"threshold\":" + params.get("threshold")
                + ",\"position_size\":" + params.get("position_size") + "}}");
        post("/sessions/" + alone + "/start").expectStatus().isOk();
        waitForSession(alone, "completed", Duration.ofSeconds(60));

        List<Map<String, Object>> inCell = trades((String) cell.get("session_id"));
        List<Map<String, Object>> byItself = trades(alone);
        assertThat(inCell).isNotEmpty();
        assertThat(withoutSession(inCell)).isEqualTo(withoutSession(byItself));
    }

    private static List<Map<String, Object>> withoutSession(List<Map<String, Object>> trades) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> t : trades) {
            Map<String, Object> copy = new java.util.TreeMap<>(t);
            copy.remove("session_id");
            copy.remove("id");
            out.add(copy);
        }
        return out;
    }

    @Test
    void cancelStopsTheRunningCellsAndLeavesTheQueuedOnesUnrun() throws Exception {
        Map<?, ?> created = createSweep("{\"strategy\": \"TestBot\", \"market\": \"ETHUSD\", \"range_start\": " + JAN_1
                + ", \"range_end\": " + (JAN_1 + 60 * DAY) + ", \"grid\": {\"threshold\": {\"from\": 0.05, \"to\": 0.95, \"step\": 0.05},"
                + " \"position_size\": [10, 20, 30, 40, 50]}}");
        String id = (String) created.get("id");
        assertThat(created.get("cell_count")).isEqualTo(95);
        assertThat(created.get("name")).isEqualTo("TestBot ETHUSD sweep of threshold × position_size");
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (((Number) sweep(id).get("cells_done")).intValue() < 1 && System.nanoTime() < end) {
            Thread.sleep(200);
        }
        Map<?, ?> cancelled = http.post().uri("/sweeps/" + id + "/cancel").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(((Map<?, ?>) cancelled.get("sweep")).get("status")).isEqualTo("cancelled");
        assertThat(runningSessions()).as("sessions running right after the cancel").isZero();

        List<Map<String, Object>> cells = cells(id);
        assertThat(cells).noneMatch(c -> "running".equals(c.get("status")));
        List<Map<String, Object>> queued = cells.stream().filter(c -> "queued".equals(c.get("status"))).toList();
        assertThat(queued).as("cells never run").isNotEmpty().allMatch(c -> c.get("session_id") == null);
        long withSession = cells.stream().filter(c -> c.get("session_id") != null).count();
        assertThat(withSession).as("cells were created lazily").isLessThan(95);
        assertThat(sessions("sweep_id=" + id).get("total")).isEqualTo((int) withSession);

        Thread.sleep(2_500);
        assertThat(runningSessions()).as("nothing runs later either").isZero();
        assertThat(cells(id).stream().filter(c -> c.get("session_id") != null).count()).isEqualTo(withSession);
        assertThat(sweep(id).get("status")).isEqualTo("cancelled");

        http.post().uri("/sweeps/" + id + "/cancel").exchange().expectStatus().isEqualTo(409);
        http.post().uri("/sweeps/" + id + "/resume").exchange().expectStatus().isEqualTo(409);

        // a stopped cell's session run again by hand keeps the sweep from being deleted until it stops. A cell
        // whose replay had ended when the cancel came completes instead of stopping (its stop waits for its
        // end to be stored), and a month replays in well under a second: one cell's session is made stopped
        String stoppedCell = (String) cells.stream().filter(c -> c.get("session_id") != null).findFirst().orElseThrow()
                .get("session_id");
        db.sql("UPDATE sessions SET status = 'stopped' WHERE id = '" + stoppedCell + "'").then().block();
        post("/sessions/" + stoppedCell + "/restart").expectStatus().isOk();
        http.delete().uri("/sweeps/" + id).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error").value(e -> assertThat((String) e).contains("stop it first"));
        assertThat(sessions("sweep_id=" + id).get("total")).as("nothing deleted").isEqualTo((int) withSession);
        post("/sessions/" + stoppedCell + "/stop").expectStatus().isOk();
        http.delete().uri("/sweeps/" + id).exchange().expectStatus().isOk();
        assertThat(sessions("sweep_id=" + id).get("total")).isEqualTo(0);
    }

    @Test
    void deleteRemovesTheSweepItsCellsAndTheirSessionsButNotWhileItRuns() throws Exception {
        Map<?, ?> created = createSweep("{\"strategy\": \"TestBot\", \"market\": \"XBTUSD\", \"range_start\": " + JAN_1
                + ", \"range_end\": " + (JAN_1 + DAY) + ", \"grid\": {\"threshold\": [0.2, 0.4]}}");
        String id = (String) created.get("id");
        http.delete().uri("/sweeps/" + id).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.success").isEqualTo(false).jsonPath("$.error").value(e -> assertThat((String) e)
                        .contains("cancel it first"));
        waitForSweep(id, "completed", Duration.ofSeconds(60));
        List<String> sessionIds = cells(id).stream().map(c -> (String) c.get("session_id")).toList();
        assertThat(sessionIds).doesNotContainNull();
        String logFile = (String) session(sessionIds.get(0)).get("logs_file");
        assertThat(java.nio.file.Files.exists(java.nio.file.Path.of(logFile))).isTrue();

        http.delete().uri("/sweeps/" + id).exchange().expectStatus().isOk().expectBody().jsonPath("$.success").isEqualTo(true);
        http.get().uri("/sweeps/" + id).exchange().expectStatus().isNotFound();
        for (String s : sessionIds) {
            http.get().uri("/sessions/" + s).exchange().expectStatus().isNotFound();
        }
        assertThat(java.nio.file.Files.exists(java.nio.file.Path.of(logFile))).as("the cell's log file").isFalse();
        assertThat(db.sql("SELECT COUNT(*) AS n FROM sweep_cells WHERE sweep_id = :s").bind("s", id)
                .map(r -> ((Number) r.get("n")).longValue()).one().block()).isZero();
        http.delete().uri("/sweeps/" + id).exchange().expectStatus().isNotFound();
    }

    @Test
    void aCellsSessionDeletedLaterLeavesTheCellWithItsMetrics() throws Exception {
        String id = (String) createSweep("{\"strategy\": \"TestBot\", \"market\": \"XBTUSD\", \"range_start\": " + JAN_1
                + ", \"range_end\": " + (JAN_1 + DAY) + ", \"grid\": {\"threshold\": [0.2, 0.4]}}").get("id");
        waitForSweep(id, "completed", Duration.ofSeconds(60));
        Map<String, Object> cell = cells(id).get(1);
        http.delete().uri("/sessions/" + cell.get("session_id")).exchange().expectStatus().isOk();
        Map<String, Object> after = cells(id).get(1);
        assertThat(after.get("session_id")).isNull();
        assertThat(after.get("status")).isEqualTo("completed");
        assertThat(after.get("trade_count")).isEqualTo(cell.get("trade_count"));
    }

    @Test
    void unknownSweepsAreNotFound() {
        http.get().uri("/sweeps/0f8fad5b-d9cb-469f-a165-70867728950e").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.success").isEqualTo(false);
        http.get().uri("/sweeps/not-an-id").exchange().expectStatus().isNotFound();
        http.post().uri("/sweeps/0f8fad5b-d9cb-469f-a165-70867728950e/cancel").exchange().expectStatus().isNotFound();
        http.post().uri("/sweeps/0f8fad5b-d9cb-469f-a165-70867728950e/resume").exchange().expectStatus().isNotFound();
        http.delete().uri("/sweeps/0f8fad5b-d9cb-469f-a165-70867728950e").exchange().expectStatus().isNotFound();
        http.get().uri("/sessions?sweep_cells=some").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").value(e -> assertThat((String) e).startsWith("sweep_cells:"));
        http.get().uri("/sessions?sweep_id=abc").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").value(e -> assertThat((String) e).startsWith("sweep_id:"));
    }

    /** A body, and the field its 400 must name. */
    private record Bad(String body, String field) {
    }

    private static String sweepWith(String strategy, String market, long start, long end, String params, String grid) {
        return "{\"strategy\": " + strategy + ", \"market\": " + market + ", \"range_start\": " + start + ", \"range_end\": " + end
                + (params == null ? "" : ", \"strategy_params\": " + params) + (grid == null ? "" : ", \"grid\": " + grid) + "}";
    }

    @Test
    void badInputIsA400NamingTheFieldAndWritesNothing() {
        long s = JAN_1;
        long e = JAN_1 + DAY;
        String ok = "{\"threshold\": [0.3, 0.5]}";
        String tb = "\"TestBot\"";
        String xbt = "\"XBTUSD\"";
        List<Bad> table = List.of(
                new Bad(sweepWith(tb, xbt, s, e, null, null), "grid"),
                new Bad(sweepWith(tb, xbt, s, e, null, "{}"), "grid"),
                new Bad(sweepWith(tb, xbt, s, e, null, "[0.3]"), "grid"),
                new Bad(sweepWith(tb, xbt, s, e, null, "{\"threshold\": [0.1], \"position_size\": [1], \"a\": [1], \"b\": [2]}"), "grid"),
                new Bad(sweepWith(tb, xbt, s, e, null, "{\"nonsense\": [1, 2]}"), "grid.nonsense"),
                new Bad(sweepWith(tb, xbt, s, e, null, "{\"threshold\": [0.3, 1.5]}"), "grid.threshold"),
                new Bad(sweepWith(tb, xbt, s, e, null, "{\"threshold\": []}"), "grid.threshold"),
                new Bad(sweepWith(tb, xbt, s, e, null, "{\"threshold\": [0.3, 0.30]}"), "grid.threshold"),
                new Bad(sweepWith(tb, xbt, s, e, null, "{\"threshold\": [\"high\"]}"), "grid.threshold"),
                new Bad(sweepWith(tb, xbt, s, e, null, "{\"threshold\": 0.3}"), "grid.threshold"),
                new Bad(sweepWith(tb, xbt, s, e, null, "{\"threshold\": [[0.3]]}"), "grid.threshold"),
                new Bad(sweepWith(tb, xbt, s, e, null, "{\"position_size\": [1.5, 2]}"), "grid.position_size"),
                new Bad(sweepWith(tb, xbt, s, e, null, "{\"position_size\": {\"from\": 0, \"to\": 10, \"step\": 5}}"),
                        "grid.position_size"),
                new Bad(sweepWith(tb, xbt, s, e, null, "{\"position_size\": {\"from\": 10, \"to\": 1, \"step\": 1}}"),
                        "grid.position_size.to"),
                new Bad(sweepWith(tb, xbt, s, e, null, "{\"position_size\": {\"from\": 1, \"to\": 10, \"step\": 0}}"),
                        "grid.position_size.step"),
                new Bad(sweepWith(tb, xbt, s, e, null, "{\"position_size\": {\"from\": 1, \"to\": 10}}"), "grid.position_size.step"),
                new Bad(sweepWith(tb, xbt, s, e, null, "{\"position_size\": {\"from\": 1, \"to\": 10, \"step\": 1, \"x\": 1}}"),
                        "grid.position_size"),
                new Bad(sweepWith(tb, xbt, s, e, null, "{\"position_size\": {\"from\": 1, \"to\": 100000, \"step\": 1}}"), "grid"),
                new Bad(sweepWith(tb, xbt, s, e, null, "{\"position_size\": {\"from\": 1, \"to\": 200, \"step\": 1}, "
                        + "\"threshold\": {\"from\": 0, \"to\": 1, \"step\": 0.01}}"), "grid"),
                new Bad(sweepWith(tb, xbt, s, e, "{\"nonsense\": 1}", ok), "strategy_params.nonsense"),
                new Bad(sweepWith(tb, xbt, s, e, "[1]", ok), "strategy_params"),
                new Bad(sweepWith("\"NoSuchBot\"", xbt, s, e, null, ok), "strategy"),
                new Bad(sweepWith("\"MarketScraper\"", xbt, s, e, null, "{\"archive_interval\": [60, 120]}"), "strategy"),
                new Bad(sweepWith(tb, "\"XBTUSD+ETHUSD\"", s, e, null, ok), "market"),
                new Bad(sweepWith(tb, "\"NOPE\"", s, e, null, ok), "market"),
                new Bad(sweepWith(tb, xbt, e, s, null, ok), "range_end"),
                new Bad(sweepWith(tb, xbt, s, 4_000_000_000L, null, ok), "range_end"),
                new Bad(sweepWith(tb, xbt, -5, e, null, ok), "range_start"),
                new Bad("{\"strategy\": \"TestBot\", \"market\": \"XBTUSD\", \"range_end\": " + e + ", \"grid\": " + ok + "}",
                        "range_start"),
                new Bad("{\"strategy\": \"TestBot\", \"range_start\": " + s + ", \"range_end\": " + e + ", \"grid\": " + ok + "}",
                        "market"),
                new Bad("{\"name\": \"" + "n".repeat(300) + "\", \"strategy\": \"TestBot\", \"market\": \"XBTUSD\", \"range_start\": "
                        + s + ", \"range_end\": " + e + ", \"grid\": " + ok + "}", "name"),
                new Bad("{\"strategy\": \"TestBot\", \"market\": \"XBTUSD\", \"range_start\": " + s + ", \"range_end\": " + e
                        + ", \"grid\": " + ok + ", \"type\": \"backtest\"}", "type"));
        for (Bad bad : table) {
            Map<?, ?> body = http.post().uri("/sweeps").contentType(MediaType.APPLICATION_JSON).bodyValue(bad.body()).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody(Map.class).returnResult().getResponseBody();
            assertThat(body.get("success")).as(bad.body()).isEqualTo(false);
            assertThat((String) body.get("error")).as(bad.body()).contains(bad.field());
        }
        assertThat(http.get().uri("/sweeps").exchange().expectStatus().isOk().expectBody(Map.class).returnResult()
                .getResponseBody().get("total")).isEqualTo(0);
        assertThat(db.sql("SELECT COUNT(*) AS n FROM sweep_cells").map(r -> ((Number) r.get("n")).longValue()).one().block())
                .isZero();
        assertThat(sessions("").get("total")).isEqualTo(0);
    }
}
