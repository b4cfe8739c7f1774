package io.botdeck.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.Test;

class HealthRestTest extends IntegrationTest {

    @Test
    void heartbeatOfARunningSessionUpdatesLastUpdated() {
        String id = createTest();
        post("/sessions/" + id + "/start").expectStatus().isOk();
        heartbeatAgo(id, 100);
        post("/sessions/" + id + "/heartbeat").expectStatus().isOk().expectBody()
                .jsonPath("$.success").isEqualTo(true)
                .jsonPath("$.last_updated").value(t -> assertThat(((Number) t).longValue())
                        .isBetween(System.currentTimeMillis() / 1000 - 5, System.currentTimeMillis() / 1000 + 1));
        http.get().uri("/sessions/health").exchange().expectBody()
                .jsonPath("$.sessions[0].is_stale").isEqualTo(false);
    }

    @Test
    void heartbeatOfASessionThatIsNotRunningIsAConflict() {
        String id = createTest();
        post("/sessions/" + id + "/heartbeat").expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.success").isEqualTo(false)
                .jsonPath("$.error").isEqualTo("session is created; only running sessions send heartbeats");
    }

    @Test
    void healthListsOnlyRunningSessionsAndMarksThoseSilentForOver30sStale() {
        String fresh = create("{\"name\":\"BTC Test #1\",\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\"}");
        String silent = create("{\"name\":\"ETH Test\",\"type\":\"test\",\"market\":\"ETHUSD\",\"strategy\":\"TestBot\"}");
        String edge = create("{\"name\":\"Edge\",\"type\":\"test\",\"market\":\"ETHUSD\",\"strategy\":\"TestBot\"}");
        createTest();
        post("/sessions/" + fresh + "/start").expectStatus().isOk();
        post("/sessions/" + silent + "/start").expectStatus().isOk();
        post("/sessions/" + edge + "/start").expectStatus().isOk();
        heartbeatAgo(fresh, 5);
        heartbeatAgo(silent, 105);
        heartbeatAgo(edge, 25);

        http.get().uri("/sessions/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.success").isEqualTo(true)
                .jsonPath("$.sessions.length()").isEqualTo(3)
                .jsonPath("$.sessions[?(@.id=='" + fresh + "')].name").isEqualTo("BTC Test #1")
                .jsonPath("$.sessions[?(@.id=='" + fresh + "')].status").isEqualTo("running")
                .jsonPath("$.sessions[?(@.id=='" + fresh + "')].is_stale").isEqualTo(false)
                .jsonPath("$.sessions[?(@.id=='" + fresh + "')].stale_action").doesNotExist()
                .jsonPath("$.sessions[?(@.id=='" + fresh + "')].seconds_since_update").value(s -> assertThat(first(s)).isBetween(5L, 8L))
                .jsonPath("$.sessions[?(@.id=='" + edge + "')].is_stale").isEqualTo(false)
                .jsonPath("$.sessions[?(@.id=='" + silent + "')].is_stale").isEqualTo(true)
                .jsonPath("$.sessions[?(@.id=='" + silent + "')].stale_action").isEqualTo("manual")
                .jsonPath("$.sessions[?(@.id=='" + silent + "')].seconds_since_update").value(s -> assertThat(first(s)).isBetween(105L, 108L))
                .jsonPath("$.sessions[?(@.id=='" + silent + "')].last_updated").value(s -> assertThat(first(s))
                        .isBetween(System.currentTimeMillis() / 1000 - 108, System.currentTimeMillis() / 1000 - 104));
    }

    @Test
    void aStaleSessionStaysRunningUntilTheUserActs() {
        String id = createTest();
        post("/sessions/" + id + "/start").expectStatus().isOk();
        heartbeatAgo(id, 300);
        http.get().uri("/sessions/" + id).exchange().expectBody().jsonPath("$.session.status").isEqualTo("running");
        post("/sessions/" + id + "/stop").expectStatus().isOk();
        http.get().uri("/sessions/health").exchange().expectBody().jsonPath("$.sessions.length()").isEqualTo(0);
    }

    private static long first(Object jsonPathResult) {
        Object value = jsonPathResult instanceof java.util.List<?> list ? list.get(0) : jsonPathResult;
        return ((Number) value).longValue();
    }

    @Test
    void healthSaysWhetherTheDatabaseTakesWrites() {
        http.get().uri("/sessions/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.success").isEqualTo(true)
                .jsonPath("$.storage.status").isEqualTo("ok")
                .jsonPath("$.storage.failing_since").isEmpty()
                .jsonPath("$.storage.failing_for_seconds").isEqualTo(0)
                .jsonPath("$.storage.failing_runs").isEqualTo(0)
                .jsonPath("$.storage.backlog").value(b -> assertThat(((Number) b).longValue()).isGreaterThanOrEqualTo(0));
        http.post().uri("/graphql").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue("{\"query\":\"{ storage { status failingSince failingRuns } health { storage { status } } }\"}")
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.data.storage.status").isEqualTo("OK")
                .jsonPath("$.data.storage.failingSince").isEmpty()
                .jsonPath("$.data.storage.failingRuns").isEqualTo(0);
    }
}
