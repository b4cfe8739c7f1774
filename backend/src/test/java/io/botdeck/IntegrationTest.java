package io.botdeck;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the full-stack tests: the real application on a random port, on a real MariaDB
 * (embedded, started fresh for the test run; or the external one named by
 * {@code BOTDECK_DATABASE_HOST}). Every test starts with no sessions.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "botdeck.data-dir=target/test-data",
        "botdeck.database.embedded-fresh=true",
        // in-process runs heartbeat rarely here, so tests that age a heartbeat by hand see their value
        "botdeck.heartbeat=1h",
        "botdeck.feed.tick-interval=100ms"
})
@AutoConfigureWebTestClient
public abstract class IntegrationTest {

    @Autowired
    protected WebTestClient http;

    @Autowired
    protected DatabaseClient db;

    @org.springframework.boot.test.web.server.LocalServerPort
    protected int port;

    @Autowired
    protected io.botdeck.session.SessionService sessionService;

    /** Stops what earlier tests left running (the context, and so its runs, outlive a test). */
    @org.junit.jupiter.api.AfterEach
    void stopRunningSessions() {
        sessionService.running()
                .concatMap(s -> sessionService.stop(s.id()).onErrorResume(e -> reactor.core.publisher.Mono.empty()))
                .then().block(java.time.Duration.ofSeconds(60));
    }

    @BeforeEach
    void noSessions() {
        // shared CI machines can be slow; a timeout here is not what these tests are about
        http = http.mutate().responseTimeout(java.time.Duration.ofSeconds(30)).build();
        db.sql("DELETE FROM sessions").then().block();
        // generated names number from 1 again
        db.sql("DELETE FROM session_name_counters").then().block();
    }

    /** Creates a session through the API and returns its id. */
    protected String create(String json) {
        return http.post().uri("/sessions").contentType(MediaType.APPLICATION_JSON).bodyValue(json)
                .exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody()
                .get("session") instanceof Map<?, ?> session ? (String) session.get("id") : null;
    }

    protected String createTest() {
        return create("{\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\"}");
    }

    protected WebTestClient.ResponseSpec post(String uri) {
        return http.post().uri(uri).exchange();
    }

    protected WebTestClient.ResponseSpec postJson(String uri, String json) {
        return http.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    protected WebTestClient.ResponseSpec patchJson(String uri, String json) {
        return http.patch().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    protected long count(String sql) {
        return db.sql(sql).map(row -> ((Number) row.get(0)).longValue()).one().block();
    }

    /** Makes a running session look like its last heartbeat was {@code seconds} ago. */
    protected void heartbeatAgo(String id, long seconds) {
        db.sql("UPDATE sessions SET last_updated = :at WHERE id = :id")
                .bind("at", LocalDateTime.ofInstant(Instant.now().minusSeconds(seconds), ZoneOffset.UTC))
                .bind("id", id)
                .then().block();
    }

    protected void setStatus(String id, String status) {
        db.sql("UPDATE sessions SET status = :s WHERE id = :id").bind("s", status).bind("id", id).then().block();
    }
}
