package io.botdeck.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.Test;

class SessionCrudTest extends IntegrationTest {

    @Test
    void createdSessionHasThePlansFieldsDefaultsAndAGeneratedName() {
        postJson("/sessions", "{\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"strategy_params\":{\"threshold\":0.3}}")
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.success").isEqualTo(true)
                .jsonPath("$.session.id").value(id -> assertThat((String) id).hasSize(36))
                .jsonPath("$.session.name").isEqualTo("BTC Test #1")
                .jsonPath("$.session.type").isEqualTo("test")
                .jsonPath("$.session.market").isEqualTo("XBTUSD")
                .jsonPath("$.session.exchange").isEqualTo("bitmex")
                .jsonPath("$.session.strategy").isEqualTo("TestBot")
                .jsonPath("$.session.status").isEqualTo("created")
                .jsonPath("$.session.strategy_params.threshold").isEqualTo(0.3)
                .jsonPath("$.session.strategy_params.position_size").isEqualTo(100)
                .jsonPath("$.session.created_at").value(t -> assertThat(((Number) t).longValue())
                        .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L)))
                .jsonPath("$.session.trade_count").isEqualTo(0)
                .jsonPath("$.session.total_pnl").isEqualTo(0)
                .jsonPath("$.session.win_rate").isEqualTo(0)
                .jsonPath("$.session.started_at").isEmpty();
        assertThat(count("SELECT COUNT(*) FROM session_events WHERE event_type = 'created'")).isEqualTo(1);
    }

    @Test
    void generatedNamesAreNumberedPerMarketAndType() {
        createTest();
        createTest();
        create("{\"type\":\"test\",\"market\":\"ETHUSD\",\"strategy\":\"TestBot\"}");
        create("{\"type\":\"scraper\",\"market\":\"SOLUSD\",\"strategy\":\"MarketScraper\"}");
        create("{\"type\":\"test\",\"market\":\"XBTUSD+ETHUSD\",\"strategy\":\"PairTradeBot\"}");
        String third = createTest();
        http.get().uri("/sessions/" + third).exchange().expectBody()
                .jsonPath("$.session.name").isEqualTo("BTC Test #3");
        http.get().uri("/sessions?sort=name:asc").exchange().expectBody()
                .jsonPath("$.sessions[*].name").value(names -> assertThat((Iterable<String>) names).containsExactly(
                        "BTC Test #1", "BTC Test #2", "BTC Test #3", "BTC/ETH Test #1", "ETH Test #1", "SOL Scraper #1"));
    }

    @Test
    void aGivenNameIsKeptAndABacktestKeepsItsRange() {
        postJson("/sessions", "{\"name\":\"My BTC Test\",\"type\":\"backtest\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\","
                + "\"range_start\":1705000000,\"range_end\":1706000000,\"notes\":\"Testing new params\"}")
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.session.name").isEqualTo("My BTC Test")
                .jsonPath("$.session.range_start").isEqualTo(1705000000)
                .jsonPath("$.session.range_end").isEqualTo(1706000000)
                .jsonPath("$.session.notes").isEqualTo("Testing new params");
    }

    @Test
    void listFiltersByStatusTypeAndMarketWithPagingAndSorting() {
        String a = createTest();
        String b = create("{\"type\":\"test\",\"market\":\"ETHUSD\",\"strategy\":\"TestBot\"}");
        create("{\"type\":\"backtest\",\"market\":\"ETHUSD\",\"strategy\":\"TestBot\",\"range_start\":1705000000,\"range_end\":1705100000}");
        create("{\"type\":\"scraper\",\"market\":\"XRPUSD\",\"strategy\":\"MarketScraper\"}");
        post("/sessions/" + a + "/start").expectStatus().isOk();

        http.get().uri("/sessions").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.success").isEqualTo(true)
                .jsonPath("$.total").isEqualTo(4)
                .jsonPath("$.limit").isEqualTo(50)
                .jsonPath("$.offset").isEqualTo(0)
                .jsonPath("$.sessions.length()").isEqualTo(4);
        http.get().uri("/sessions?status=running").exchange().expectBody()
                .jsonPath("$.total").isEqualTo(1)
                .jsonPath("$.sessions[0].id").isEqualTo(a);
        http.get().uri("/sessions?status=running,created&type=test").exchange().expectBody()
                .jsonPath("$.total").isEqualTo(2);
        http.get().uri("/sessions?type=test,backtest&market=ETHUSD").exchange().expectBody()
                .jsonPath("$.total").isEqualTo(2);
        http.get().uri("/sessions?market=ETHUSD,XRPUSD&sort=created_at:asc&limit=1&offset=1").exchange().expectBody()
                .jsonPath("$.total").isEqualTo(3)
                .jsonPath("$.limit").isEqualTo(1)
                .jsonPath("$.offset").isEqualTo(1)
                .jsonPath("$.sessions.length()").isEqualTo(1);
        http.get().uri("/sessions?sort=name:desc&limit=1").exchange().expectBody()
                .jsonPath("$.sessions[0].name").isEqualTo("XRP Scraper #1");
        http.get().uri("/sessions?sort=created_at:asc&limit=1").exchange().expectBody()
                .jsonPath("$.sessions[0].id").isEqualTo(a);
        http.get().uri("/sessions?search=eth&type=test").exchange().expectBody()
                .jsonPath("$.total").isEqualTo(1)
                .jsonPath("$.sessions[0].id").isEqualTo(b);
    }

    @Test
    void limitAbove200IsCappedAt200() {
        http.get().uri("/sessions?limit=5000").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.limit").isEqualTo(200);
    }

    @Test
    void patchChangesNameAndNotesAtAnyTime() {
        String id = createTest();
        post("/sessions/" + id + "/start").expectStatus().isOk();
        patchJson("/sessions/" + id, "{\"name\":\"Renamed\",\"notes\":\"watch the spread\"}")
                .expectStatus().isOk().expectBody()
                .jsonPath("$.session.name").isEqualTo("Renamed")
                .jsonPath("$.session.notes").isEqualTo("watch the spread")
                .jsonPath("$.session.status").isEqualTo("running");
        patchJson("/sessions/" + id, "{\"notes\":null}").expectStatus().isOk().expectBody()
                .jsonPath("$.session.notes").isEmpty()
                .jsonPath("$.session.name").isEqualTo("Renamed");
        assertThat(count("SELECT COUNT(*) FROM session_events WHERE event_type = 'updated'")).isEqualTo(2);
    }

    @Test
    void patchChangesConfigurationOnlyWhileCreated() {
        String id = createTest();
        patchJson("/sessions/" + id, "{\"market\":\"SOLUSD\",\"strategy_params\":{\"position_size\":7}}")
                .expectStatus().isOk().expectBody()
                .jsonPath("$.session.market").isEqualTo("SOLUSD")
                .jsonPath("$.session.strategy_params.position_size").isEqualTo(7)
                .jsonPath("$.session.strategy_params.threshold").isEqualTo(0.5);
        patchJson("/sessions/" + id, "{\"strategy_params\":{\"threshold\":7}}")
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.fields['strategy_params.threshold']").exists();
        patchJson("/sessions/" + id, "{\"market\":\"DOGEUSD\"}")
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").value(containsString("TestBot does not trade DOGEUSD"));

        post("/sessions/" + id + "/start").expectStatus().isOk();
        patchJson("/sessions/" + id, "{\"market\":\"ETHUSD\"}")
                .expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.success").isEqualTo(false)
                .jsonPath("$.error").value(containsString("only change while it is created"));
        http.get().uri("/sessions/" + id).exchange().expectBody().jsonPath("$.session.market").isEqualTo("SOLUSD");
    }

    @Test
    void patchOfABacktestRangeIsValidatedAgainstTheOtherEnd() {
        String id = create("{\"type\":\"backtest\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"range_start\":1705000000,\"range_end\":1706000000}");
        patchJson("/sessions/" + id, "{\"range_start\":1707000000}").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.fields.range_end").exists();
        patchJson("/sessions/" + id, "{\"range_start\":1704000000}").expectStatus().isOk().expectBody()
                .jsonPath("$.session.range_start").isEqualTo(1704000000)
                .jsonPath("$.session.range_end").isEqualTo(1706000000);
    }

    @Test
    void deleteIsRefusedWhileRunningAndRemovesEverythingOtherwise() {
        String id = createTest();
        post("/sessions/" + id + "/start").expectStatus().isOk();
        http.delete().uri("/sessions/" + id).exchange().expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.error").value(containsString("stop it before deleting"));
        post("/sessions/" + id + "/stop").expectStatus().isOk();
        http.delete().uri("/sessions/" + id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.success").isEqualTo(true);
        http.get().uri("/sessions/" + id).exchange().expectStatus().isNotFound();
        assertThat(count("SELECT COUNT(*) FROM session_events WHERE session_id = '" + id + "'")).isZero();
        http.delete().uri("/sessions/" + id).exchange().expectStatus().isNotFound();
    }

    @Test
    void cloneCopiesConfigurationAppliesOverridesAndStartsAsCreated() {
        String parent = create("{\"name\":\"Test #1\",\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\","
                + "\"strategy_params\":{\"threshold\":0.4,\"position_size\":20},\"notes\":\"n\"}");
        post("/sessions/" + parent + "/start").expectStatus().isOk();
        postJson("/sessions/" + parent + "/clone", "{\"name\":\"Clone of Test #1\",\"strategy_params\":{\"threshold\":0.6}}")
                .expectStatus().isCreated().expectBody()
                .jsonPath("$.success").isEqualTo(true)
                .jsonPath("$.session.cloned_from").isEqualTo(parent)
                .jsonPath("$.session.status").isEqualTo("created")
                .jsonPath("$.session.name").isEqualTo("Clone of Test #1")
                .jsonPath("$.session.market").isEqualTo("XBTUSD")
                .jsonPath("$.session.strategy_params.threshold").isEqualTo(0.6)
                .jsonPath("$.session.strategy_params.position_size").isEqualTo(20)
                .jsonPath("$.session.notes").isEqualTo("n");
        post("/sessions/" + parent + "/clone").expectStatus().isCreated().expectBody()
                .jsonPath("$.session.name").isEqualTo("Clone of Test #1")
                .jsonPath("$.session.strategy_params.threshold").isEqualTo(0.4);
        postJson("/sessions/" + parent + "/clone", "{\"strategy_params\":{\"position_size\":0}}")
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.fields['strategy_params.position_size']").exists();
        assertThat(count("SELECT COUNT(*) FROM sessions WHERE cloned_from = '" + parent + "'")).isEqualTo(2);
    }

    @Test
    void deletingAParentKeepsItsClonesAndClearsTheirLink() {
        String parent = createTest();
        String clone = (String) ((java.util.Map<?, ?>) http.post().uri("/sessions/" + parent + "/clone").exchange()
                .expectStatus().isCreated().expectBody(java.util.Map.class).returnResult().getResponseBody().get("session")).get("id");
        http.delete().uri("/sessions/" + parent).exchange().expectStatus().isOk();
        http.get().uri("/sessions/" + clone).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.session.cloned_from").isEmpty();
    }
}
