package io.botdeck.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;

/** Shared setup of the sweep tests: no sweeps at the start, no sweep running after a test; helpers to create and watch one. */
abstract class SweepTestSupport extends IntegrationTest {

    /** 2025-01-01 00:00 UTC. */
    static final long JAN_1 = 1_735_689_600L;
    static final long DAY = 86_400L;

    @Autowired
    protected SweepService sweepService;

    @Autowired
    protected SweepDispatcher dispatcher;

    @BeforeEach
    void noSweeps() {
        cancelRunningSweeps();
        db.sql("DELETE FROM sessions WHERE sweep_id IS NOT NULL").then().block();
        db.sql("DELETE FROM sweeps").then().block();
    }

    @AfterEach
    void cancelRunningSweeps() {
        sweepService.list(SweepService.MAX_LIMIT, 0).flatMapMany(p -> reactor.core.publisher.Flux.fromIterable(p.items()))
                .filter(Sweep::isRunning)
                .concatMap(s -> sweepService.cancel(s.id()).onErrorResume(e -> Mono.empty()))
                .then().block(Duration.ofSeconds(60));
    }

    /** Creates a sweep through the API and returns it. */
    protected Map<?, ?> createSweep(String json) {
        Map<?, ?> body = http.post().uri("/sweeps").contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(body.get("success")).isEqualTo(true);
        return (Map<?, ?>) body.get("sweep");
    }

    protected Map<?, ?> sweep(String id) {
        return (Map<?, ?>) http.get().uri("/sweeps/" + id).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("sweep");
    }

    @SuppressWarnings("unchecked")
    protected List<Map<String, Object>> cells(String id) {
        return (List<Map<String, Object>>) sweep(id).get("cells");
    }

    protected Map<?, ?> waitForSweep(String id, String status, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        Map<?, ?> s = sweep(id);
        while (!status.equals(s.get("status")) && System.nanoTime() < end) {
            Thread.sleep(100);
            s = sweep(id);
        }
        assertThat(s.get("status")).as("status of sweep %s: %s", id, s).isEqualTo(status);
        return s;
    }

    protected Map<?, ?> session(String id) {
        return (Map<?, ?>) http.get().uri("/sessions/" + id).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("session");
    }

    protected Map<?, ?> sessions(String query) {
        return http.get().uri("/sessions?" + query).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    protected long runningSessions() {
        return ((Number) sessions("status=running&limit=1").get("total")).longValue();
    }

    @SuppressWarnings("unchecked")
    protected List<Map<String, Object>> trades(String sessionId) {
        return (List<Map<String, Object>>) http.get().uri("/sessions/" + sessionId + "/trades?limit=500").exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("trades");
    }

    protected Map<?, ?> waitForSession(String id, String status, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        Map<?, ?> s = session(id);
        while (!status.equals(s.get("status")) && System.nanoTime() < end) {
            Thread.sleep(100);
            s = session(id);
        }
        assertThat(s.get("status")).as("status of session %s", id).isEqualTo(status);
        return s;
    }
}
