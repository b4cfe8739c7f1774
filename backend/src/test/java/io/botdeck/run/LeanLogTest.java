package io.botdeck.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A backtest asked for a lean log keeps only its trade lines, warnings, errors and its status
 * lines, says so first, and trades exactly as the same backtest with the full log; lean_log is
 * refused for other session types, through REST and GraphQL, and nothing is written then.
 */
class LeanLogTest extends IntegrationTest {

    private static final long FROM = 1_690_848_000L; // 2023-08-01
    private static final long TO = FROM + 3 * 86_400L;

    private final JsonMapper json = JsonMapper.builder().build();

    private JsonNode session(String id) {
        return json.readTree(http.get().uri("/sessions/" + id).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).get("session");
    }

    private JsonNode runToEnd(String id) throws InterruptedException {
        post("/sessions/" + id + "/start").expectStatus().isOk();
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode s = session(id);
        while ("running".equals(s.get("status").asString()) && System.nanoTime() < end) {
            Thread.sleep(100);
            s = session(id);
        }
        assertThat(s.get("status").asString()).isEqualTo("completed");
        return s;
    }

    private List<JsonNode> logFile(JsonNode session) throws Exception {
        return Files.readAllLines(Path.of(session.get("logs_file").asString())).stream().map(json::readTree).toList();
    }

    private static String backtest(String lean) {
        return "{\"type\":\"backtest\",\"market\":\"SOLUSD\",\"strategy\":\"TestBot\",\"range_start\":" + FROM + ",\"range_end\":" + TO
                + ",\"strategy_params\":{\"threshold\":0.6}" + lean + "}";
    }

    @Test
    void aLeanBacktestKeepsTradesWarningsErrorsAndStatusLinesAndTradesAsTheFullOne() throws Exception {
        String fullId = create(backtest(""));
        String leanId = create(backtest(",\"lean_log\":true"));
        assertThat(session(fullId).get("lean_log").booleanValue()).as("single backtests keep the full log by default").isFalse();
        assertThat(session(leanId).get("lean_log").booleanValue()).isTrue();
        JsonNode full = runToEnd(fullId);
        JsonNode lean = runToEnd(leanId);

        assertThat(lean.at("/fingerprint/trades_hash")).isEqualTo(full.at("/fingerprint/trades_hash"));
        assertThat(lean.get("trade_count")).isEqualTo(full.get("trade_count"));

        List<JsonNode> fullLines = logFile(full);
        List<JsonNode> leanLines = logFile(lean);
        Predicate<JsonNode> kept = l -> List.of("trade", "warn", "error").contains(l.get("level").asString())
                || "status".equals(l.get("kind").asString());
        assertThat(fullLines.stream().filter(kept.negate())).as("the full log has the strategy's other lines").isNotEmpty();
        assertThat(leanLines).allMatch(kept);
        assertThat(leanLines.get(0).get("message").asString()).startsWith("This log is lean").contains("/verify");
        assertThat(leanLines.stream().filter(l -> l.get("message").asString().startsWith("This log is lean"))).hasSize(1);

        // every trade line, warning and error of the full log is in the lean one, in the same order
        List<String> fullKept = fullLines.stream().filter(l -> !"status".equals(l.get("kind").asString())).filter(kept)
                .map(l -> l.get("level").asString() + " " + l.get("message").asString()).toList();
        List<String> leanKept = leanLines.stream().filter(l -> !"status".equals(l.get("kind").asString()))
                .map(l -> l.get("level").asString() + " " + l.get("message").asString()).toList();
        assertThat(leanKept).isNotEmpty().isEqualTo(fullKept);
        // its sequence numbers still run 1, 2, 3 ... without gaps
        for (int i = 0; i < leanLines.size(); i++) {
            assertThat(leanLines.get(i).get("seq").longValue()).isEqualTo(i + 1);
        }
        // the start and the end of the run are there
        assertThat(leanLines.stream().map(l -> l.get("message").asString()))
                .anyMatch(m -> m.startsWith("Session started"))
                .anyMatch(m -> m.startsWith("Replayed "));
    }

    @Test
    void leanLogIsRefusedForOtherSessionTypesAndMustBeABoolean() {
        long before = count("SELECT COUNT(*) FROM sessions");
        postJson("/sessions", "{\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"lean_log\":true}")
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.success").isEqualTo(false)
                .jsonPath("$.error").value(e -> assertThat((String) e).contains("lean_log"));
        postJson("/sessions", backtest(",\"lean_log\":\"yes\""))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").value(e -> assertThat((String) e).contains("lean_log"));
        // false is what every session has anyway
        create("{\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"lean_log\":false}");
        assertThat(count("SELECT COUNT(*) FROM sessions")).isEqualTo(before + 1);

        String refused = http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"query\":\"mutation { createSession(input: {type: TEST, market: \\\"XBTUSD\\\", strategy: \\\"TestBot\\\","
                        + " leanLog: true}) { id } }\"}")
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        JsonNode error = json.readTree(refused).at("/errors/0");
        assertThat(error.at("/extensions/classification").asString()).isEqualTo("BAD_REQUEST");
        assertThat(error.toString()).contains("lean_log");
        assertThat(count("SELECT COUNT(*) FROM sessions")).isEqualTo(before + 1);

        String made = http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"query\":\"mutation { createSession(input: {type: BACKTEST, market: \\\"XBTUSD\\\", strategy: \\\"TestBot\\\","
                        + " rangeStart: \\\"2023-08-01T00:00:00Z\\\", rangeEnd: \\\"2023-08-02T00:00:00Z\\\", leanLog: true}) { id leanLog } }\"}")
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(json.readTree(made).at("/data/createSession/leanLog").booleanValue()).as(made).isTrue();
    }
}
