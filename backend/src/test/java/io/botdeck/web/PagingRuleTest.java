package io.botdeck.web;

import static org.hamcrest.Matchers.containsString;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;

/** Every route reads its numbers by the same rule (README, "REST API"): sizes are capped, other numbers refused. */
class PagingRuleTest extends IntegrationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/sessions?limit=5000                        | 200",
            "/sessions/{id}/trades?limit=5000            | 500",
    })
    void aSizeAboveTheMaximumIsCappedOnEveryRestRoute(String uri, int used) {
        String id = createTest();
        http.get().uri(uri.replace("{id}", id)).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.limit").isEqualTo(used);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/sessions/{id}/logs?tail=99999",
            "/markets/XBTUSD/candles?limit=99999",
    })
    void aTailOrCandleLimitAboveTheMaximumIsServedNotRefused(String uri) {
        String id = createTest();
        http.get().uri(uri.replace("{id}", id)).exchange().expectStatus().isOk();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/sessions?offset=3000000000                  | offset: must be at most 2147483647",
            "/sessions/{id}/trades?offset=3000000000      | offset: must be at most 2147483647",
            "/markets/XBTUSD/candles?interval=604801      | interval: must be at most 604800",
            "/sessions?limit=0                            | limit: must be at least 1",
            "/sessions/{id}/trades?limit=0                | limit: must be at least 1",
            "/sessions/{id}/logs?tail=0                   | tail: must be at least 1",
            "/markets/XBTUSD/candles?limit=0              | limit: must be at least 1",
            "/sessions/{id}/trades?offset=x               | offset: must be a whole number",
            "/sessions/{id}/logs?since=-1                 | since: must be at least 0",
            "/sessions/{id}/logs?since=99999999999999999999 | since: must be a whole number",
    })
    void anyOtherNumberOutOfRangeIsA400NamingIt(String uri, String message) {
        String id = createTest();
        http.get().uri(uri.replace("{id}", id)).exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.success").isEqualTo(false)
                .jsonPath("$.error").value(containsString(message));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{ sessions(limit: 5000) { limit } }                                 | $.data.sessions.limit | 200",
            "{ sessions(limit: 1, offset: 0) { offset } }                        | $.data.sessions.offset | 0",
    })
    void graphQlArgumentsFollowTheSameRule(String query, String path, int value) {
        createTest();
        graphql(query).jsonPath(path).isEqualTo(value);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{ sessions(offset: -1) { total } }                                  | offset: must be at least 0",
            "{ candles(market: \"XBTUSD\", interval: 604801) { total } }          | interval: must be at most 604800",
            "{ candles(market: \"XBTUSD\", limit: 0) { total } }                  | limit: must be at least 1",
            "{ sessions { items { events(limit: 0) { type } } } }                | limit: must be at least 1",
    })
    void graphQlRefusesLikeRest(String query, String message) {
        createTest();
        graphql(query).jsonPath("$.errors[0].extensions.classification").isEqualTo("BAD_REQUEST")
                .jsonPath("$.errors[0].message").value(containsString(message));
    }

    private org.springframework.test.web.reactive.server.WebTestClient.BodyContentSpec graphql(String query) {
        String body = "{\"query\":\"" + query.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        return http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isOk().expectBody();
    }
}
