package io.botdeck.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The parameter attacks that bent results, now refused: each out-of-range number is a 400 (REST) or a
 * {@code BAD_REQUEST} (GraphQL) naming the parameter, on create, on update and on clone, and writes
 * nothing; the largest values allowed run and store their results.
 */
class StrategyParamBoundsTest extends IntegrationTest {

    private static final String TEST_BOT = "\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\"";
    private static final String PAIR = "\"type\":\"test\",\"market\":\"XBTUSD+ETHUSD\",\"strategy\":\"PairTradeBot\"";
    private static final String SCRAPER = "\"type\":\"scraper\",\"market\":\"XBTUSD\",\"strategy\":\"MarketScraper\"";

    /** Session fields, parameter, value as JSON text. */
    static Stream<Arguments> outOfRange() {
        return Stream.of(
                // a one-week backtest at 1,000,000 overflowed max_drawdown and stayed running forever
                Arguments.of(TEST_BOT, "position_size", "1000000"),
                // ended completed with no trades: the rows did not fit
                Arguments.of(TEST_BOT, "position_size", "1e12"),
                // ended failed with "BigInteger out of long range"
                Arguments.of(TEST_BOT, "position_size", "9223372036854775807"),
                Arguments.of(TEST_BOT, "position_size", "1001"),
                Arguments.of(TEST_BOT, "position_size", "1e19"),
                Arguments.of(TEST_BOT, "position_size", "1e308"),
                Arguments.of(TEST_BOT, "position_size", "-1e308"),
                Arguments.of(TEST_BOT, "position_size", "-9223372036854775808"),
                Arguments.of(TEST_BOT, "threshold", "1e308"),
                Arguments.of(TEST_BOT, "threshold", "-1e308"),
                Arguments.of(PAIR, "lookback", "1000001"),
                Arguments.of(PAIR, "lookback", "1e19"),
                Arguments.of(PAIR, "lookback", "-1e308"),
                Arguments.of(PAIR, "spread_threshold", "1e308"),
                Arguments.of(PAIR, "spread_threshold", "1000.5"),
                Arguments.of(PAIR, "spread_threshold", "0"),
                Arguments.of(SCRAPER, "archive_interval", "86401"),
                Arguments.of(SCRAPER, "archive_interval", "1e19"),
                Arguments.of(SCRAPER, "archive_interval", "9223372036854775807"),
                Arguments.of(SCRAPER, "archive_interval", "1e308"));
    }

    private static void refusedNaming(WebTestClient.ResponseSpec response, String param) {
        response.expectStatus().isBadRequest().expectBody()
                .jsonPath("$.success").isEqualTo(false)
                .jsonPath("$.error").value(e -> assertThat((String) e).contains(param).doesNotContain("Exception"))
                .jsonPath("$.fields['strategy_params." + param + "']").exists();
    }

    @ParameterizedTest(name = "[{index}] {1}: {2}")
    @MethodSource("outOfRange")
    void anOutOfRangeParameterIsRefusedOnCreate(String session, String param, String value) {
        refusedNaming(postJson("/sessions", "{" + session + ",\"strategy_params\":{\"" + param + "\":" + value + "}}"), param);
        assertThat(count("SELECT COUNT(*) FROM sessions")).isZero();
        assertThat(count("SELECT COUNT(*) FROM session_events")).isZero();
    }

    @ParameterizedTest(name = "[{index}] {1}: {2}")
    @MethodSource("outOfRange")
    void anOutOfRangeParameterIsRefusedOnUpdateAndOnCloneAndChangesNothing(String session, String param, String value) {
        String id = create("{" + session + "}");
        String params = "{\"strategy_params\":{\"" + param + "\":" + value + "}}";
        refusedNaming(patchJson("/sessions/" + id, params), param);
        refusedNaming(postJson("/sessions/" + id + "/clone", params), param);
        assertThat(count("SELECT COUNT(*) FROM sessions")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM session_events WHERE event_type <> 'created'")).isZero();
        http.get().uri("/sessions/" + id).exchange().expectBody()
                .jsonPath("$.session.strategy_params." + param).value(v -> assertThat(String.valueOf(v)).isNotEqualTo(value));
    }

    private WebTestClient.BodyContentSpec graphQl(String document, String variablesJson) {
        String body = "{\"query\":" + quoted(document) + (variablesJson == null ? "" : ",\"variables\":" + variablesJson) + "}";
        return http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isOk().expectBody();
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void badRequestNaming(WebTestClient.BodyContentSpec body, String param) {
        body.jsonPath("$.errors[0].extensions.classification").isEqualTo("BAD_REQUEST")
                .jsonPath("$.errors[0].extensions.fields['strategyParams." + param + "']").exists()
                .jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains(param).doesNotContain("Exception"));
    }

    static Stream<Arguments> outOfRangeInGraphQl() {
        return Stream.of(
                Arguments.of("position_size", "1e30"),
                Arguments.of("position_size", "1000000"),
                Arguments.of("position_size", "9223372036854775807"),
                Arguments.of("position_size", "-1e308"),
                Arguments.of("threshold", "1e30"));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("outOfRangeInGraphQl")
    void anOutOfRangeParameterIsABadRequestInGraphQl(String param, String value) {
        String input = "{type: TEST, market: \"XBTUSD\", strategy: \"TestBot\", strategyParams: {" + param + ": " + value + "}}";
        // as a literal in the document, and as a JSON number in the variables
        badRequestNaming(graphQl("mutation { createSession(input: " + input + ") { id } }", null), param);
        badRequestNaming(graphQl("mutation($p: JSON) { createSession(input: {type: TEST, market: \"XBTUSD\", "
                + "strategy: \"TestBot\", strategyParams: $p}) { id } }", "{\"p\":{\"" + param + "\":" + value + "}}"), param);
        assertThat(count("SELECT COUNT(*) FROM sessions")).isZero();

        String id = createTest();
        badRequestNaming(graphQl("mutation($id: ID!, $p: JSON) { updateSession(id: $id, input: {strategyParams: $p}) { id } }",
                "{\"id\":\"" + id + "\",\"p\":{\"" + param + "\":" + value + "}}"), param);
        badRequestNaming(graphQl("mutation($id: ID!, $p: JSON) { cloneSession(id: $id, input: {strategyParams: $p}) { id } }",
                "{\"id\":\"" + id + "\",\"p\":{\"" + param + "\":" + value + "}}"), param);
        assertThat(count("SELECT COUNT(*) FROM sessions")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM session_events WHERE event_type <> 'created'")).isZero();
    }

    @Test
    void theLargestValuesAllowedAreAccepted() {
        for (String body : List.of(
                "{" + TEST_BOT + ",\"strategy_params\":{\"threshold\":1,\"position_size\":1000}}",
                "{" + TEST_BOT + ",\"strategy_params\":{\"threshold\":0,\"position_size\":1}}",
                "{" + PAIR + ",\"strategy_params\":{\"spread_threshold\":1000,\"lookback\":1000000}}",
                "{" + SCRAPER + ",\"strategy_params\":{\"archive_interval\":86400}}")) {
            assertThat(create(body)).isNotNull();
        }
    }

    @Test
    void aOneWeekBacktestAtTheLargestPositionStoresItsResults() throws InterruptedException {
        String id = create("{\"type\":\"backtest\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"range_start\":1735689600,"
                + "\"range_end\":1736294400,\"strategy_params\":{\"position_size\":1000}}");
        post("/sessions/" + id + "/start").expectStatus().isOk();
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Map<?, ?> s = session(id);
        while (!"completed".equals(s.get("status")) && !"failed".equals(s.get("status")) && System.nanoTime() < end) {
            Thread.sleep(200);
            s = session(id);
        }
        assertThat(s.get("status")).isEqualTo("completed");
        long trades = count("SELECT COUNT(*) FROM trades WHERE session_id = '" + id + "'");
        assertThat(trades).isPositive();
        assertThat(((Number) s.get("trade_count")).longValue()).isEqualTo(trades);
        BigDecimal drawdown = new BigDecimal(String.valueOf(s.get("max_drawdown")));
        assertThat(drawdown).isLessThan(new BigDecimal("1000000"));
        BigDecimal totalPnl = new BigDecimal(String.valueOf(s.get("total_pnl")));
        BigDecimal summed = db.sql("SELECT SUM(pnl) AS s FROM trades WHERE session_id = :id").bind("id", id)
                .map(row -> row.get("s", BigDecimal.class)).one().block();
        assertThat(totalPnl).isEqualByComparingTo(summed);
    }

    private Map<?, ?> session(String id) {
        return (Map<?, ?>) http.get().uri("/sessions/" + id).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("session");
    }
}
