package io.botdeck.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.util.stream.Stream;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** Every bad input is a 4xx with the error envelope and leaves no row behind. */
class BadInputTest extends IntegrationTest {

    private static final String OK_TEST = "\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\"";

    static Stream<Arguments> badCreates() {
        return Stream.of(
                Arguments.of("{\"type\":\"test\",\"market\":\"XBTUSD\",", 400, "not valid JSON"),
                Arguments.of("", 400, "body"),
                Arguments.of("[]", 400, "must be a JSON object"),
                Arguments.of("\"text\"", 400, "must be a JSON object"),
                Arguments.of("{}", 400, "type: is required"),
                Arguments.of("{\"market\":\"XBTUSD\",\"strategy\":\"TestBot\"}", 400, "type: is required"),
                Arguments.of("{\"type\":\"test\",\"strategy\":\"TestBot\"}", 400, "market: is required"),
                Arguments.of("{\"type\":\"test\",\"market\":\"XBTUSD\"}", 400, "strategy: is required"),
                Arguments.of("{\"type\":\"live\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\"}", 400, "unknown type 'live'"),
                Arguments.of("{\"type\":7,\"market\":\"XBTUSD\",\"strategy\":\"TestBot\"}", 400, "type: must be a string"),
                Arguments.of("{\"type\":\"test\",\"market\":[\"XBTUSD\"],\"strategy\":\"TestBot\"}", 400, "market: must be a string"),
                Arguments.of("{\"type\":\"test\",\"market\":\"NOPEUSD\",\"strategy\":\"TestBot\"}", 400, "unknown market 'NOPEUSD'"),
                Arguments.of("{\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"NoBot\"}", 400, "unknown strategy 'NoBot'"),
                Arguments.of("{\"type\":\"scraper\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\"}", 400, "TestBot does not run scraper"),
                Arguments.of("{\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"MarketScraper\"}", 400, "MarketScraper does not run test"),
                Arguments.of("{\"type\":\"test\",\"market\":\"DOGEUSD\",\"strategy\":\"TestBot\"}", 400, "TestBot does not trade DOGEUSD"),
                Arguments.of("{\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"PairTradeBot\"}", 400, "PairTradeBot does not trade XBTUSD"),
                Arguments.of("{\"type\":\"scraper\",\"market\":\"XBTUSD+ETHUSD\",\"strategy\":\"MarketScraper\"}", 400, "single markets"),
                Arguments.of("{" + OK_TEST + ",\"exchange\":\"binance\"}", 400, "unsupported exchange"),
                Arguments.of("{" + OK_TEST + ",\"colour\":\"red\"}", 400, "unknown field colour"),
                Arguments.of("{" + OK_TEST + ",\"strategy_params\":[1]}", 400, "strategy_params: must be a JSON object"),
                Arguments.of("{" + OK_TEST + ",\"strategy_params\":{\"threshold\":1.5}}", 400, "strategy_params.threshold must have a maximum value of 1"),
                Arguments.of("{" + OK_TEST + ",\"strategy_params\":{\"threshold\":-0.1}}", 400, "minimum value of 0"),
                Arguments.of("{" + OK_TEST + ",\"strategy_params\":{\"threshold\":\"high\"}}", 400, "strategy_params.threshold"),
                Arguments.of("{" + OK_TEST + ",\"strategy_params\":{\"position_size\":0}}", 400, "strategy_params.position_size"),
                Arguments.of("{" + OK_TEST + ",\"strategy_params\":{\"position_size\":2.5}}", 400, "strategy_params.position_size"),
                Arguments.of("{" + OK_TEST + ",\"strategy_params\":{\"thresold\":0.2}}", 400, "strategy_params.thresold unknown parameter"),
                Arguments.of("{\"type\":\"test\",\"market\":\"XBTUSD+ETHUSD\",\"strategy\":\"PairTradeBot\",\"strategy_params\":{\"lookback\":\"100\"}}", 400, "strategy_params.lookback"),
                Arguments.of("{\"type\":\"scraper\",\"market\":\"XBTUSD\",\"strategy\":\"MarketScraper\",\"strategy_params\":{\"archive_interval\":0}}", 400, "strategy_params.archive_interval"),
                Arguments.of("{\"type\":\"backtest\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\"}", 400, "a backtest needs range_start and range_end"),
                Arguments.of("{\"type\":\"backtest\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"range_start\":1705000000}", 400, "range_end"),
                Arguments.of("{\"type\":\"backtest\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"range_start\":1706000000,\"range_end\":1705000000}", 400, "range_end: must be after range_start"),
                Arguments.of("{\"type\":\"backtest\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"range_start\":1705000000,\"range_end\":1705000000}", 400, "must be after range_start"),
                Arguments.of("{\"type\":\"backtest\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"range_start\":\"2024-01-01\",\"range_end\":1705000000}", 400, "range_start: must be a whole number"),
                Arguments.of("{\"type\":\"backtest\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"range_start\":1.5,\"range_end\":1705000000}", 400, "range_start: must be a whole number"),
                Arguments.of("{\"type\":\"backtest\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"range_start\":-5,\"range_end\":1705000000}", 400, "range_start: must not be negative"),
                Arguments.of("{\"type\":\"backtest\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"range_start\":1705000000,\"range_end\":99999999999}", 400, "in the future"),
                Arguments.of("{\"type\":\"backtest\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"range_start\":1705000000,\"range_end\":999999999999999999999}", 400, "range_end: must be a whole number"),
                Arguments.of("{" + OK_TEST + ",\"range_start\":1705000000}", 400, "only backtests have a time range"),
                Arguments.of("{" + OK_TEST + ",\"name\":\"" + "n".repeat(10_000) + "\"}", 400, "name: is 10000 characters; at most 255"),
                Arguments.of("{" + OK_TEST + ",\"notes\":\"" + "n".repeat(10_001) + "\"}", 400, "notes: is 10001 characters"),
                Arguments.of("{" + OK_TEST + ",\"name\":{\"first\":\"x\"}}", 400, "name: must be a string"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("badCreates")
    void badCreateIsA4xxWithTheEnvelopeAndWritesNothing(String body, int status, String message) {
        http.post().uri("/sessions").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.success").isEqualTo(false)
                .jsonPath("$.error").value(containsString(message));
        assertThat(count("SELECT COUNT(*) FROM sessions")).isZero();
        assertThat(count("SELECT COUNT(*) FROM session_events")).isZero();
    }

    static Stream<Arguments> badQueries() {
        return Stream.of(
                Arguments.of("/sessions?limit=abc", "limit: must be a whole number"),
                Arguments.of("/sessions?limit=-1", "limit: must be at least 1"),
                Arguments.of("/sessions?limit=0", "limit: must be at least 1"),
                Arguments.of("/sessions?limit=99999999999999999999", "limit: must be a whole number"),
                Arguments.of("/sessions?offset=-5", "offset: must be at least 0"),
                Arguments.of("/sessions?offset=1e3", "offset: must be a whole number"),
                Arguments.of("/sessions?status=runing", "unknown status 'runing'"),
                Arguments.of("/sessions?type=test,live", "unknown type 'live'"),
                Arguments.of("/sessions?sort=id", "cannot sort by 'id'"),
                Arguments.of("/sessions?sort=created_at;DROP TABLE sessions", "cannot sort by"),
                Arguments.of("/sessions?sort=created_at:sideways", "direction must be asc or desc"),
                Arguments.of("/sessions?sort=name:asc:desc", "cannot sort by"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badQueries")
    void badListQueryIsA400(String uri, String message) {
        http.get().uri(uri).exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.success").isEqualTo(false)
                .jsonPath("$.error").value(containsString(message));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unknownIds")
    void unknownIdsAre404(HttpMethod method, String uri) {
        var request = http.method(method).uri(uri);
        var response = method == HttpMethod.PATCH
                ? request.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"x\"}").exchange()
                : request.exchange();
        response.expectStatus().isNotFound().expectBody()
                .jsonPath("$.success").isEqualTo(false)
                .jsonPath("$.error").value(containsString("not found"));
    }

    static Stream<Arguments> unknownIds() {
        String id = "/sessions/6f1c2b9e-0000-4000-8000-000000000000";
        return Stream.of(
                Arguments.of(HttpMethod.GET, id),
                Arguments.of(HttpMethod.PATCH, id),
                Arguments.of(HttpMethod.DELETE, id),
                Arguments.of(HttpMethod.GET, id + "/trades"),
                Arguments.of(HttpMethod.GET, id + "/metrics"),
                Arguments.of(HttpMethod.GET, id + "/equity"),
                Arguments.of(HttpMethod.GET, "/sessions/" + "x".repeat(300)),
                Arguments.of(HttpMethod.GET, "/strategies/NoBot"));
    }

    @org.junit.jupiter.api.Test
    void badPatchesAre400AndChangeNothing() {
        String id = createTest();
        patchJson("/sessions/" + id, "{\"name\":\"" + "n".repeat(10_000) + "\"}").expectStatus().isBadRequest();
        patchJson("/sessions/" + id, "{\"name\":\"  \"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").value(containsString("name: must not be empty"));
        patchJson("/sessions/" + id, "{\"status\":\"running\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").value(containsString("unknown field status"));
        patchJson("/sessions/" + id, "{\"name\":5}").expectStatus().isBadRequest();
        patchJson("/sessions/" + id, "not json").expectStatus().isBadRequest();
        patchJson("/sessions/" + id, "{\"range_start\":1705000000}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").value(containsString("only backtests have a time range"));
        http.get().uri("/sessions/" + id).exchange().expectBody()
                .jsonPath("$.session.name").isEqualTo("BTC Test #1");
        assertThat(count("SELECT COUNT(*) FROM session_events WHERE event_type = 'updated'")).isZero();
    }

    @org.junit.jupiter.api.Test
    void wrongContentTypeIs415AndWrongMethodIs405() {
        http.post().uri("/sessions").contentType(MediaType.TEXT_PLAIN).bodyValue("{}").exchange()
                .expectStatus().isEqualTo(415).expectBody().jsonPath("$.success").isEqualTo(false);
        http.put().uri("/sessions").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isEqualTo(405).expectBody().jsonPath("$.success").isEqualTo(false);
        http.get().uri("/sessions/x/nothing-here").exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.success").isEqualTo(false);
    }
}
