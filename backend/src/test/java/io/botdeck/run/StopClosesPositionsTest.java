package io.botdeck.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.Test;

/** A stop closes what a live run holds at the last price and stores those exits before it answers. */
class StopClosesPositionsTest extends IntegrationTest {

    @Test
    void stoppingALiveTestStoresTheExitsOfItsOpenPositions() throws Exception {
        String id = create("{\"type\":\"test\",\"market\":\"XBTUSD\",\"strategy\":\"TestBot\","
                + "\"strategy_params\":{\"threshold\":0.5,\"position_size\":10}}");
        post("/sessions/" + id + "/start").expectStatus().isOk();
        String open = "SELECT COUNT(*) FROM trades WHERE session_id = '" + id + "' AND exit_time IS NULL";
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (count(open) == 0 && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertThat(count(open)).as("a position open before the stop").isPositive();

        post("/sessions/" + id + "/stop").expectStatus().isOk().expectBody().jsonPath("$.session.status").isEqualTo("stopped");
        assertThat(count(open)).as("positions left open after the stop").isZero();
        assertThat(count("SELECT COUNT(*) FROM trades WHERE session_id = '" + id + "' AND exit_reason = 'stopped'")).isPositive();
    }
}
