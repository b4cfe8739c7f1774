package io.botdeck.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * A run whose results the database will not take ends {@code failed} with a reason a person can
 * read, and shows nothing it could not store: no stuck {@code running}, no silent completion with
 * trades missing. The failures are forced with a check constraint that refuses only the test's
 * own session, dropped again afterwards.
 */
class RunStorageFailureTest extends IntegrationTest {

    private static final String BACKTEST = "{\"type\":\"backtest\",\"market\":\"ETHUSD\",\"strategy\":\"TestBot\","
            + "\"range_start\":1735689600,\"range_end\":1736294400,\"strategy_params\":{\"threshold\":0.7,\"position_size\":10}}";

    private Map<?, ?> session(String id) {
        return (Map<?, ?>) http.get().uri("/sessions/" + id).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("session");
    }

    private Map<?, ?> waitWhileRunning(String id, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        Map<?, ?> s = session(id);
        while ("running".equals(s.get("status")) && System.nanoTime() < end) {
            Thread.sleep(100);
            s = session(id);
        }
        return s;
    }

    private void sql(String statement) {
        db.sql(statement).then().block();
    }

    private static void assertReadable(Object error) {
        assertThat(error).isInstanceOf(String.class);
        String text = (String) error;
        assertThat(text).doesNotContainIgnoringCase("exception").doesNotContain("java.").doesNotContain("io.r2dbc")
                .doesNotContain("org.springframework");
    }

    @Test
    void aBatchOfTradesTheDatabaseRefusesEndsTheRunFailedAndNothingOfItIsShown() throws Exception {
        String id = create(BACKTEST);
        sql("ALTER TABLE trades ADD CONSTRAINT refuse_test_batch CHECK (session_id <> '" + id + "' OR trade_no < 3)");
        try {
            post("/sessions/" + id + "/start").expectStatus().isOk();
            Map<?, ?> s = waitWhileRunning(id, Duration.ofSeconds(60));
            assertThat(s.get("status")).isEqualTo("failed");
            assertReadable(s.get("error"));
            assertThat((String) s.get("error")).contains("could not store").contains("trade").contains("refuse_test_batch");
        } finally {
            sql("ALTER TABLE trades DROP CONSTRAINT refuse_test_batch");
        }
        long stored = count("SELECT COUNT(*) FROM trades WHERE session_id = '" + id + "'");
        assertThat(stored).isLessThan(3);
        // every trade line in the log is of a stored trade: the refused batch was neither numbered nor shown
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> logs = (List<Map<String, Object>>) http.get().uri("/sessions/" + id + "/logs?tail=10000").exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("logs");
        Set<Object> loggedTrades = logs.stream().filter(l -> "trade".equals(l.get("type")))
                .map(l -> ((Map<?, ?>) l.get("data")).get("trade_no")).collect(Collectors.toSet());
        assertThat(loggedTrades).allSatisfy(no -> assertThat(((Number) no).intValue()).isLessThan(3));
        assertThat(logs).anySatisfy(l -> assertThat(String.valueOf(l.get("message"))).startsWith("Session failed: could not store"));
        long seq = 0;
        for (Map<String, Object> line : logs) {
            long next = ((Number) line.get("seq")).longValue();
            assertThat(next).as("sequence numbers have no gap").isEqualTo(seq + 1);
            seq = next;
        }
        assertThat(count("SELECT COUNT(*) FROM session_events WHERE session_id = '" + id + "' AND event_type = 'failed'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM session_events WHERE session_id = '" + id + "' AND event_type = 'completed'")).isZero();
    }

    @Test
    void resultsTheSessionRowCannotHoldEndTheRunFailedWithAReadableReason() throws Exception {
        String id = create(BACKTEST);
        sql("ALTER TABLE sessions ADD CONSTRAINT refuse_test_results CHECK (id <> '" + id + "' OR trade_count < 2)");
        try {
            post("/sessions/" + id + "/start").expectStatus().isOk();
            Map<?, ?> s = waitWhileRunning(id, Duration.ofSeconds(60));
            assertThat(s.get("status")).isEqualTo("failed");
            assertReadable(s.get("error"));
            assertThat((String) s.get("error")).contains("could not store its results").contains("refuse_test_results");
        } finally {
            sql("ALTER TABLE sessions DROP CONSTRAINT refuse_test_results");
        }
        assertThat(count("SELECT COUNT(*) FROM session_events WHERE session_id = '" + id + "' AND event_type = 'completed'")).isZero();
    }
}
