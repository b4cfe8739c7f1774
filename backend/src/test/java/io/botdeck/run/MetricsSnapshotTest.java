package io.botdeck.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.botdeck.IntegrationTest;
import io.botdeck.config.BotdeckProperties;
import io.botdeck.metrics.EquityPoint;
import io.botdeck.metrics.MetricEngine;
import io.botdeck.metrics.Metrics;
import io.botdeck.trade.TradeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A session's metrics and equity curve are what its run's journal kept, not a replay of its trades
 * per request: the same numbers a replay gives, still there when the trade rows are gone, and
 * removed with the session.
 */
class MetricsSnapshotTest extends IntegrationTest {

    @Autowired
    TradeService trades;

    @Autowired
    BotdeckProperties properties;

    private Map<?, ?> session(String id) {
        return (Map<?, ?>) http.get().uri("/sessions/" + id).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("session");
    }

    @Test
    void metricsAndEquityComeFromTheJournalsSnapshotWithTheNumbersOfAReplay() throws Exception {
        String id = create("{\"type\":\"backtest\",\"market\":\"ETHUSD\",\"strategy\":\"TestBot\",\"range_start\":1735689600,"
                + "\"range_end\":1736294400,\"strategy_params\":{\"threshold\":0.7,\"position_size\":10}}");
        post("/sessions/" + id + "/start").expectStatus().isOk();
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!"completed".equals(session(id).get("status")) && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertThat(session(id).get("status")).isEqualTo("completed");

        MetricEngine replayed = trades.replay(id).block();
        Metrics kept = trades.metrics(id).block();
        List<EquityPoint> curve = trades.equity(id).block();
        assertThat(replayed.tradeCount()).isPositive();
        assertThat(kept).isEqualTo(replayed.snapshot());
        assertThat(curve).isEqualTo(replayed.equityCurve());
        Map<?, ?> row = session(id);
        assertThat(((Number) row.get("trade_count")).intValue()).isEqualTo(kept.tradeCount());
        assertThat(new java.math.BigDecimal(String.valueOf(row.get("max_drawdown")))).isEqualByComparingTo(kept.maxDrawdown());

        // the trade rows gone, the figures stay: no request replays them
        db.sql("DELETE FROM trades WHERE session_id = '" + id + "'").then().block();
        http.get().uri("/sessions/" + id + "/metrics").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.metrics.trade_count").isEqualTo(kept.tradeCount());
        http.get().uri("/sessions/" + id + "/equity").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.points.length()").isEqualTo(curve.size());

        Path dir = properties.dataDir().resolve("metrics");
        assertThat(dir.resolve(id + ".json")).exists();
        assertThat(dir.resolve(id + ".equity")).exists();
        http.delete().uri("/sessions/" + id).exchange().expectStatus().is2xxSuccessful();
        assertThat(Files.exists(dir.resolve(id + ".json"))).isFalse();
        assertThat(Files.exists(dir.resolve(id + ".equity"))).isFalse();
    }
}
