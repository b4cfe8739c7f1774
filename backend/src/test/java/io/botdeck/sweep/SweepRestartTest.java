package io.botdeck.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A sweep a server restart interrupted: the state a killed server leaves (the sweep and one cell
 * {@code running}, that cell's session running with an hour-old heartbeat, later cells queued with
 * no session) is laid down by hand on a sweep that ran, as no dispatcher of this process holds it;
 * then start-up's pass runs, and the user resumes it.
 */
class SweepRestartTest extends SweepTestSupport {

    /** A 3×3 sweep that completed, then the state a killed server leaves: cells 0-4 done, 5 replaying, 6-8 not begun. */
    private record KilledSweep(String id, List<Map<String, Object>> before, List<Map<?, ?>> completedSessions, String interruptedCell) {
    }

    private KilledSweep killedMidSweep(String name) throws InterruptedException {
        String id = (String) createSweep("{\"name\": \"" + name + "\", \"strategy\": \"TestBot\", \"market\": \"XBTUSD\", "
                + "\"range_start\": " + JAN_1 + ", \"range_end\": " + (JAN_1 + 2 * DAY) + ", "
                + "\"grid\": {\"threshold\": [0.3, 0.5, 0.7], \"position_size\": [50, 100, 150]}}").get("id");
        waitForSweep(id, "completed", Duration.ofSeconds(120));
        List<Map<String, Object>> before = cells(id);
        List<Map<?, ?>> completedSessions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            completedSessions.add(session((String) before.get(i).get("session_id")));
        }
        String interruptedCell = (String) before.get(5).get("session_id");

        LocalDateTime hourAgo = LocalDateTime.ofInstant(Instant.now().minusSeconds(3600), ZoneOffset.UTC);
        db.sql("UPDATE sweeps SET status = 'running', finished_at = NULL WHERE id = :id").bind("id", id).then().block();
        db.sql("UPDATE sessions SET status = 'running', stopped_at = NULL, started_at = :t, last_updated = :t, pid = 1, "
                + "progress_done = 700, progress_total = 2880 WHERE id = :id").bind("t", hourAgo).bind("id", interruptedCell)
                .then().block();
        db.sql("UPDATE sweep_cells SET status = 'running', total_pnl = NULL, win_rate = NULL, max_drawdown = NULL, "
                + "trade_count = NULL, sharpe = NULL, sortino = NULL, profit_factor = NULL, finished_at = NULL "
                + "WHERE sweep_id = :id AND idx = 5").bind("id", id).then().block();
        for (int i = 6; i < 9; i++) {
            http.delete().uri("/sessions/" + before.get(i).get("session_id")).exchange().expectStatus().isOk();
        }
        db.sql("UPDATE sweep_cells SET status = 'queued', total_pnl = NULL, win_rate = NULL, max_drawdown = NULL, "
                + "trade_count = NULL, sharpe = NULL, sortino = NULL, profit_factor = NULL, started_at = NULL, finished_at = NULL "
                + "WHERE sweep_id = :id AND idx >= 6").bind("id", id).then().block();
        return new KilledSweep(id, before, completedSessions, interruptedCell);
    }

    @Test
    void aRestartMidSweepGivesAnInterruptedSweepWhoseResumeRunsOnlyWhatIsLeft() throws Exception {
        KilledSweep killed = killedMidSweep("Restart grid");
        String id = killed.id();
        String interruptedCell = killed.interruptedCell();

        // the server starts
        dispatcher.interruptLeftovers().block(Duration.ofSeconds(60));

        Map<?, ?> interrupted = sweep(id);
        assertThat(interrupted.get("status")).isEqualTo("interrupted");
        assertThat(interrupted.get("finished_at")).isNotNull();
        List<Map<String, Object>> cells = cells(id);
        assertThat(cells.get(5).get("status")).isEqualTo("stopped");
        assertThat(cells.get(5).get("session_id")).isEqualTo(interruptedCell);
        Map<?, ?> stopped = session(interruptedCell);
        assertThat(stopped.get("status")).isEqualTo("stopped");
        assertThat((String) stopped.get("error")).contains("interrupted by a server restart");
        for (int i = 6; i < 9; i++) {
            assertThat(cells.get(i).get("status")).isEqualTo("queued");
            assertThat(cells.get(i).get("session_id")).isNull();
        }
        assertThat(runningSessions()).isZero();
        Thread.sleep(2_500);
        assertThat(sweep(id).get("status")).as("nothing resumes by itself").isEqualTo("interrupted");
        assertThat(runningSessions()).isZero();
        assertThat(sessions("sweep_id=" + id).get("total")).isEqualTo(6);

        http.delete().uri("/sweeps/" + id).exchange().expectStatus().isOk();
        http.get().uri("/sweeps/" + id).exchange().expectStatus().isNotFound();
    }

    @Test
    void resumeRunsOnlyTheCellsThatDidNotComplete() throws Exception {
        KilledSweep killed = killedMidSweep("Resume grid");
        String id = killed.id();
        List<Map<String, Object>> before = killed.before();
        List<Map<?, ?>> completedSessions = killed.completedSessions();
        String interruptedCell = killed.interruptedCell();
        dispatcher.interruptLeftovers().block(Duration.ofSeconds(60));
        assertThat(sweep(id).get("status")).isEqualTo("interrupted");

        Map<?, ?> resumed = http.post().uri("/sweeps/" + id + "/resume").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(((Map<?, ?>) resumed.get("sweep")).get("status")).isEqualTo("running");
        Map<?, ?> done = waitForSweep(id, "completed", Duration.ofSeconds(120));
        assertThat(done.get("cells_done")).isEqualTo(9);
        List<Map<String, Object>> after = cells(id);
        assertThat(after).allMatch(c -> "completed".equals(c.get("status")));
        for (int i = 0; i < 5; i++) {
            assertThat(after.get(i).get("session_id")).as("cell %d keeps its session", i).isEqualTo(before.get(i).get("session_id"));
            Map<?, ?> now = session((String) after.get(i).get("session_id"));
            assertThat(now.get("started_at")).as("cell %d did not run again", i).isEqualTo(completedSessions.get(i).get("started_at"));
            assertThat(now.get("stopped_at")).isEqualTo(completedSessions.get(i).get("stopped_at"));
        }
        assertThat(after.get(5).get("session_id")).as("the interrupted cell runs again in its own session").isEqualTo(interruptedCell);
        assertThat(session(interruptedCell).get("status")).isEqualTo("completed");
        assertThat(after.get(5).get("trade_count")).isEqualTo(before.get(5).get("trade_count"));
        for (int i = 6; i < 9; i++) {
            assertThat(after.get(i).get("session_id")).isNotNull().isNotEqualTo(before.get(i).get("session_id"));
            assertThat(after.get(i).get("trade_count")).as("cell %d ran to the same result", i).isEqualTo(before.get(i).get("trade_count"));
        }
        assertThat(sessions("sweep_id=" + id).get("total")).isEqualTo(9);
        http.post().uri("/sweeps/" + id + "/resume").exchange().expectStatus().isEqualTo(409);
    }
}
