package io.botdeck.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Reference data, the deprecated routes, the API description and the dashboard's entry point. */
class ReferenceAndDocsTest extends IntegrationTest {

    @Test
    void strategiesListTheThreeSeededOnes() {
        http.get().uri("/strategies").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.success").isEqualTo(true)
                .jsonPath("$.strategies[*].id").value(hasItems("TestBot", "PairTradeBot", "MarketScraper"))
                .jsonPath("$.strategies.length()").isEqualTo(3);
    }

    @Test
    void aStrategyComesWithDefaultsAndItsParamSchema() {
        http.get().uri("/strategies/TestBot").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.strategy.name").isEqualTo("Test Bot")
                .jsonPath("$.strategy.supported_types").value(hasItems("test", "backtest"))
                .jsonPath("$.strategy.supported_markets").value(hasItems("XBTUSD", "ETHUSD", "SOLUSD"))
                .jsonPath("$.strategy.default_params.threshold").isEqualTo(0.5)
                .jsonPath("$.strategy.default_params.position_size").isEqualTo(100)
                .jsonPath("$.strategy.param_schema.properties.threshold.maximum").isEqualTo(1)
                .jsonPath("$.strategy.param_schema.properties.position_size.type").isEqualTo("integer");
        http.get().uri("/strategies/PairTradeBot").exchange().expectBody()
                .jsonPath("$.strategy.default_params.spread_threshold").isEqualTo(2.0)
                .jsonPath("$.strategy.default_params.lookback").isEqualTo(100)
                .jsonPath("$.strategy.supported_markets").value(hasItems("XBTUSD+ETHUSD", "XBTUSD+SOLUSD"));
        http.get().uri("/strategies/MarketScraper").exchange().expectBody()
                .jsonPath("$.strategy.default_params.archive_interval").isEqualTo(60)
                .jsonPath("$.strategy.supported_markets[0]").isEqualTo("*");
    }

    @Test
    void marketsIncludeSinglesAndThePairs() {
        http.get().uri("/markets").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.success").isEqualTo(true)
                .jsonPath("$.markets[*].symbol").value(hasItems("XBTUSD", "ETHUSD", "SOLUSD", "XRPUSD", "DOGEUSD",
                        "XBTUSD+ETHUSD", "XBTUSD+SOLUSD"))
                .jsonPath("$.markets[0].symbol").isEqualTo("XBTUSD")
                .jsonPath("$.markets[?(@.symbol=='XBTUSD+SOLUSD')].kind").isEqualTo("pair")
                .jsonPath("$.markets[?(@.symbol=='XBTUSD+SOLUSD')].legs[*]").value(hasItems("XBTUSD", "SOLUSD"))
                .jsonPath("$.markets[?(@.symbol=='DOGEUSD')].tick_size").isEqualTo(0.00001);
    }

    @Test
    void legacyRoutesAnswerWithADeprecationNoticePointingAtSessions() {
        String id = createTest();
        http.get().uri("/session/test").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Deprecation", "@1706054400")
                .expectHeader().valueEquals("Link", "</sessions?type=test>; rel=\"successor-version\"")
                .expectBody()
                .jsonPath("$.success").isEqualTo(true)
                .jsonPath("$.deprecated").isEqualTo(true)
                .jsonPath("$.deprecation").value(containsString("/sessions"))
                .jsonPath("$.session.id").isEqualTo(id);
        http.get().uri("/session/backtest").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Link", "</sessions?type=backtest>; rel=\"successor-version\"")
                .expectBody()
                .jsonPath("$.successor").isEqualTo("/sessions?type=backtest")
                .jsonPath("$.session").isEmpty();
    }

    @Test
    void theOpenApiDescriptionCoversTheRoutesAndSwaggerUiIsServed() {
        http.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/sessions'].get").exists()
                .jsonPath("$.paths['/sessions'].post").exists()
                .jsonPath("$.paths['/sessions/{id}'].patch").exists()
                .jsonPath("$.paths['/sessions/{id}/clone'].post").exists()
                .jsonPath("$.paths['/sessions/{id}/restart'].post").exists()
                .jsonPath("$.paths['/sessions/{id}/heartbeat'].post").exists()
                .jsonPath("$.paths['/sessions/health'].get").exists()
                .jsonPath("$.paths['/strategies/{id}'].get").exists()
                .jsonPath("$.paths['/markets'].get").exists()
                .jsonPath("$.paths['/session/test'].get.deprecated").isEqualTo(true);
        http.get().uri("/webjars/swagger-ui/index.html").exchange().expectStatus().isOk()
                .expectBody(String.class).value(containsString("swagger-ui"));
    }

    @Test
    void theDashboardIsServedAtTheRootAndItsClientRoutes() {
        for (String path : new String[] {"/", "/running", "/history"}) {
            http.get().uri(path).accept(MediaType.TEXT_HTML).exchange().expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectBody(String.class).value(containsString("<div id=\"root\">"));
        }
    }
}
