package io.botdeck.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Completed backtests keep a fingerprint, on real MariaDB: two runs of the same backtest agree on
 * all of it, a changed parameter changes the parameters' and the trades' hashes; a verification
 * re-run of an untouched backtest matches; candles shared through the cache give the same trades
 * as candles generated afresh.
 */
class FingerprintTest extends IntegrationTest {

    /** Eight days of 2023 (two chunks: a week and a day) no other test replays, so the first run here generates them. */
    private static final long WEEK_START = 1_688_169_600L; // 2023-07-01
    private static final long WEEK_END = WEEK_START + 8 * 86_400L;

    private final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    private BacktestData data;

    private JsonNode session(String id) {
        String body = http.get().uri("/sessions/" + id).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return json.readTree(body).get("session");
    }

    private JsonNode waitForEnd(String id) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode s = session(id);
        while ("running".equals(s.get("status").asString()) && System.nanoTime() < end) {
            Thread.sleep(100);
            s = session(id);
        }
        assertThat(s.get("status").asString()).as("status of %s (error %s)", id, s.get("error")).isEqualTo("completed");
        return s;
    }

    private String backtest(String params, long from, long to) {
        return create("{\"type\":\"backtest\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\",\"range_start\":" + from
                + ",\"range_end\":" + to + ",\"strategy_params\":" + params + "}");
    }

    private JsonNode run(String id) throws InterruptedException {
        post("/sessions/" + id + "/start").expectStatus().isOk();
        return waitForEnd(id);
    }

    private JsonNode graphql(String query) {
        String body = http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.createObjectNode().put("query", query).toString())
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return json.readTree(body);
    }

    @Test
    void twoRunsOfTheSameBacktestHaveEqualFingerprintsAndAChangedParameterChangesTheHashes() throws Exception {
        assertThat(session(backtest("{\"threshold\":0.7}", WEEK_START, WEEK_END)).get("fingerprint").isNull())
                .as("no fingerprint before a run").isTrue();
        long missesBefore = data.hitsAndMisses()[1];
        JsonNode first = run(backtest("{\"threshold\":0.7}", WEEK_START, WEEK_END));
        long[] afterFirst = data.hitsAndMisses();
        JsonNode second = run(backtest("{\"threshold\":0.7}", WEEK_START, WEEK_END));
        long[] afterSecond = data.hitsAndMisses();
        JsonNode changed = run(backtest("{\"threshold\":0.8}", WEEK_START, WEEK_END));

        // the first run generated its two chunks, the second took both from the cache
        assertThat(afterFirst[1] - missesBefore).isEqualTo(2);
        assertThat(afterSecond[0] - afterFirst[0]).isEqualTo(2);
        assertThat(afterSecond[1]).isEqualTo(afterFirst[1]);

        JsonNode fp = first.get("fingerprint");
        assertThat(fp.get("engine").asString()).matches("[^+]+\\+([0-9a-f]{7,40}|dev)");
        assertThat(fp.get("strategy").asString()).isEqualTo("TestBot");
        assertThat(fp.get("strategy_version").asString()).matches("[0-9a-f]{16}");
        assertThat(fp.get("params_hash").asString()).matches("[0-9a-f]{64}");
        assertThat(fp.get("trades_hash").asString()).matches("[0-9a-f]{64}");
        JsonNode leg = fp.get("data").get(0);
        assertThat(fp.get("data").size()).isEqualTo(1);
        assertThat(leg.get("market").asString()).isEqualTo("XBTUSD");
        assertThat(leg.get("source").asString()).isEqualTo("simulator");
        assertThat(leg.get("from").longValue()).isEqualTo(WEEK_START);
        assertThat(leg.get("to").longValue()).isEqualTo(WEEK_END);
        assertThat(leg.get("candles").longValue()).isEqualTo(8 * 24 * 60);
        assertThat(leg.get("checksum").asString()).matches("[0-9a-f]{16}");
        assertThat(first.get("trade_count").intValue()).isPositive();

        // the run that took its candles from the cache produced exactly what the one that generated them did
        assertThat(second.get("fingerprint")).isEqualTo(fp);
        assertThat(second.get("trade_count")).isEqualTo(first.get("trade_count"));
        assertThat(second.get("total_pnl")).isEqualTo(first.get("total_pnl"));

        JsonNode other = changed.get("fingerprint");
        assertThat(other.get("params_hash")).isNotEqualTo(fp.get("params_hash"));
        assertThat(other.get("trades_hash")).isNotEqualTo(fp.get("trades_hash"));
        assertThat(other.get("strategy_version")).isEqualTo(fp.get("strategy_version"));
        assertThat(other.get("data")).isEqualTo(fp.get("data"));

        // the trades hash is over the stored trades: recomputed from the rows the database holds
        List<io.botdeck.trade.Trade> stored = new ArrayList<>();
        db.sql("SELECT trade_no, group_no, market, side, size, entry_price, exit_price, entry_time, exit_time, pnl, fees, "
                        + "exit_reason FROM trades WHERE session_id = :id")
                .bind("id", first.get("id").asString())
                .map(row -> new io.botdeck.trade.Trade(0, null, row.get("trade_no", Integer.class), row.get("group_no", Integer.class),
                        row.get("market", String.class), io.botdeck.core.Side.valueOf(row.get("side", String.class).toUpperCase()),
                        row.get("size", java.math.BigDecimal.class), row.get("entry_price", java.math.BigDecimal.class),
                        row.get("exit_price", java.math.BigDecimal.class),
                        row.get("entry_time", java.time.LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC),
                        row.get("exit_time", java.time.LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC),
                        row.get("pnl", java.math.BigDecimal.class), row.get("fees", java.math.BigDecimal.class),
                        row.get("exit_reason", String.class)))
                .all().doOnNext(stored::add).then().block();
        assertThat(stored).hasSize(first.get("trade_count").intValue());
        assertThat(Fingerprints.tradesHash(stored)).isEqualTo(fp.get("trades_hash").asString());

        // GraphQL shows the same fingerprint
        JsonNode gql = graphql("{ session(id: \"" + first.get("id").asString() + "\") { leanLog verification { matched } "
                + "fingerprint { engine strategy strategyVersion paramsHash tradesHash data { market source from to candles checksum } } } }");
        JsonNode g = gql.at("/data/session/fingerprint");
        assertThat(gql.at("/data/session/leanLog").booleanValue()).isFalse();
        assertThat(gql.at("/data/session/verification").isNull()).isTrue();
        assertThat(g.get("tradesHash").asString()).isEqualTo(fp.get("trades_hash").asString());
        assertThat(g.get("paramsHash").asString()).isEqualTo(fp.get("params_hash").asString());
        assertThat(g.get("strategyVersion").asString()).isEqualTo(fp.get("strategy_version").asString());
        assertThat(g.at("/data/0/candles").longValue()).isEqualTo(8 * 24 * 60);
        assertThat(g.at("/data/0/from").asString()).isEqualTo("2023-07-01T00:00:00.000Z");
        assertThat(g.at("/data/0/checksum").asString()).isEqualTo(leg.get("checksum").asString());
    }

    @Test
    void aVerificationOfAnUntouchedBacktestMatchesAndKeepsTheFullLog() throws Exception {
        String id = backtest("{\"threshold\":0.65}", WEEK_START + 86_400L, WEEK_START + 3 * 86_400L);
        JsonNode original = run(id);

        String body = post("/sessions/" + id + "/verify").expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody();
        JsonNode created = json.readTree(body).get("session");
        assertThat(created.get("cloned_from").asString()).isEqualTo(id);
        assertThat(created.get("lean_log").booleanValue()).isFalse();
        assertThat(created.get("strategy_params")).isEqualTo(original.get("strategy_params"));
        assertThat(created.get("range_start")).isEqualTo(original.get("range_start"));
        assertThat(created.get("status").asString()).isIn("running", "completed");
        assertThat(created.at("/verification/of").asString()).isEqualTo(id);
        assertThat(created.at("/verification/expected_trades_hash").asString())
                .isEqualTo(original.at("/fingerprint/trades_hash").asString());

        JsonNode verified = waitForEnd(created.get("id").asString());
        assertThat(verified.at("/verification/matched").booleanValue()).isTrue();
        assertThat(verified.at("/verification/trades_hash").asString()).isEqualTo(original.at("/fingerprint/trades_hash").asString());
        assertThat(verified.get("fingerprint")).isEqualTo(original.get("fingerprint"));
        assertThat(original.get("verification").isNull()).as("the original is no verification run").isTrue();

        // GraphQL: the same verdict, and a verification through the mutation
        JsonNode gql = graphql("{ session(id: \"" + verified.get("id").asString() + "\") { verification { ofSessionId of { id } "
                + "matched expectedTradesHash tradesHash } } }");
        assertThat(gql.at("/data/session/verification/matched").booleanValue()).isTrue();
        assertThat(gql.at("/data/session/verification/of/id").asString()).isEqualTo(id);
        assertThat(gql.at("/data/session/verification/ofSessionId").asString()).isEqualTo(id);
        JsonNode mutation = graphql("mutation { verifySession(id: \"" + id + "\") { id clonedFromId leanLog verification { ofSessionId matched } } }");
        assertThat(mutation.at("/data/verifySession/clonedFromId").asString()).isEqualTo(id);
        assertThat(mutation.at("/data/verifySession/verification/ofSessionId").asString()).isEqualTo(id);
        waitForEnd(mutation.at("/data/verifySession/id").asString());
    }

    @Test
    void onlyACompletedBacktestWithAFingerprintCanBeVerified() throws Exception {
        String created = backtest("{}", WEEK_START, WEEK_START + 86_400L);
        post("/sessions/" + created + "/verify").expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.success").isEqualTo(false)
                .jsonPath("$.error").value(e -> assertThat((String) e).contains("completed backtest"));
        String live = createTest();
        post("/sessions/" + live + "/verify").expectStatus().isEqualTo(409);
        post("/sessions/00000000-0000-0000-0000-000000000000/verify").expectStatus().isNotFound();

        // a backtest that completed before fingerprints were kept
        run(created);
        db.sql("UPDATE sessions SET fingerprint = NULL WHERE id = :id").bind("id", created).then().block();
        post("/sessions/" + created + "/verify").expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.error").value(e -> assertThat((String) e).contains("no fingerprint"));
        long sessions = count("SELECT COUNT(*) FROM sessions");

        JsonNode conflict = graphql("mutation { verifySession(id: \"" + live + "\") { id } }");
        assertThat(conflict.at("/errors/0/extensions/classification").asString()).isEqualTo("CONFLICT");
        JsonNode missing = graphql("mutation { verifySession(id: \"00000000-0000-0000-0000-000000000000\") { id } }");
        assertThat(missing.at("/errors/0/extensions/classification").asString()).isEqualTo("NOT_FOUND");
        assertThat(count("SELECT COUNT(*) FROM sessions")).as("nothing written").isEqualTo(sessions);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> logs(Map<?, ?> page) {
        return (List<Map<String, Object>>) page.get("logs");
    }
}
