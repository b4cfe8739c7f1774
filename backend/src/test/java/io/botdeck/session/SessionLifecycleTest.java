package io.botdeck.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.util.List;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.Test;

/** The state machine: every allowed move, every refused one, and the audit trail of transitions. */
class SessionLifecycleTest extends IntegrationTest {

    private List<String> events(String id) {
        return db.sql("SELECT event_type FROM session_events WHERE session_id = :id "
                        + "AND event_type NOT IN ('trade', 'metric_update') ORDER BY id")
                .bind("id", id).map(row -> row.get(0, String.class)).all().collectList().block();
    }

    @Test
    void startMovesCreatedToRunningWithPidAndTimes() {
        String id = createTest();
        post("/sessions/" + id + "/start").expectStatus().isOk().expectBody()
                .jsonPath("$.success").isEqualTo(true)
                .jsonPath("$.session.id").isEqualTo(id)
                .jsonPath("$.session.status").isEqualTo("running")
                .jsonPath("$.session.pid").isEqualTo((int) ProcessHandle.current().pid())
                .jsonPath("$.session.started_at").isNumber()
                .jsonPath("$.session.last_updated").isNumber();
        assertThat(events(id)).containsExactly("created", "started");
    }

    @Test
    void startingARunningSessionIsAConflict() {
        String id = createTest();
        post("/sessions/" + id + "/start").expectStatus().isOk();
        post("/sessions/" + id + "/start").expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.success").isEqualTo(false)
                .jsonPath("$.error").isEqualTo("session is already running");
    }

    @Test
    void stopMovesRunningToStopped() {
        String id = createTest();
        post("/sessions/" + id + "/start").expectStatus().isOk();
        post("/sessions/" + id + "/stop").expectStatus().isOk().expectBody()
                .jsonPath("$.session.status").isEqualTo("stopped")
                .jsonPath("$.session.stopped_at").isNumber();
        assertThat(events(id)).containsExactly("created", "started", "stopped");
    }

    @Test
    void stoppingASessionThatIsNotRunningIsAConflict() {
        String id = createTest();
        post("/sessions/" + id + "/stop").expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.error").value(containsString("only a running session can be stopped"));
        post("/sessions/" + id + "/start").expectStatus().isOk();
        post("/sessions/" + id + "/stop").expectStatus().isOk();
        post("/sessions/" + id + "/stop").expectStatus().isEqualTo(409);
    }

    @Test
    void aStoppedSessionCannotBeStartedButCanBeRestarted() {
        String id = createTest();
        post("/sessions/" + id + "/start").expectStatus().isOk();
        post("/sessions/" + id + "/stop").expectStatus().isOk();
        post("/sessions/" + id + "/start").expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.error").value(containsString("use restart"));
        post("/sessions/" + id + "/restart").expectStatus().isOk().expectBody()
                .jsonPath("$.session.status").isEqualTo("running")
                .jsonPath("$.session.stopped_at").isEmpty();
        assertThat(events(id)).containsExactly("created", "started", "stopped", "restarted");
    }

    @Test
    void aFailedSessionCanBeRestarted() {
        String id = createTest();
        post("/sessions/" + id + "/start").expectStatus().isOk();
        setStatus(id, "failed");
        post("/sessions/" + id + "/restart").expectStatus().isOk().expectBody()
                .jsonPath("$.session.status").isEqualTo("running");
    }

    @Test
    void restartIsRefusedForCreatedCompletedAndHealthyRunningSessions() {
        String id = createTest();
        post("/sessions/" + id + "/restart").expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.error").value(containsString("start it instead"));
        post("/sessions/" + id + "/start").expectStatus().isOk();
        post("/sessions/" + id + "/restart").expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.error").value(containsString("only a stale running session can be restarted"));
        setStatus(id, "completed");
        post("/sessions/" + id + "/restart").expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.error").value(containsString("clone it"));
        post("/sessions/" + id + "/start").expectStatus().isEqualTo(409);
        post("/sessions/" + id + "/stop").expectStatus().isEqualTo(409);
    }

    @Test
    void aStaleRunningSessionCanBeRestarted() {
        String id = createTest();
        post("/sessions/" + id + "/start").expectStatus().isOk();
        heartbeatAgo(id, 120);
        post("/sessions/" + id + "/restart").expectStatus().isOk().expectBody()
                .jsonPath("$.session.status").isEqualTo("running")
                .jsonPath("$.session.last_updated").value(t -> assertThat(((Number) t).longValue())
                        .isGreaterThan(System.currentTimeMillis() / 1000 - 30));
        assertThat(events(id)).containsExactly("created", "started", "restarted");
    }

    @Test
    void lifecycleRoutesOfAnUnknownSessionAre404() {
        for (String action : List.of("start", "stop", "restart", "clone", "heartbeat")) {
            post("/sessions/00000000-0000-0000-0000-000000000000/" + action).expectStatus().isNotFound().expectBody()
                    .jsonPath("$.success").isEqualTo(false)
                    .jsonPath("$.error").value(containsString("not found"));
        }
    }
}
