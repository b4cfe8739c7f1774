package io.botdeck.trade;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.botdeck.IntegrationTest;
import io.botdeck.core.Side;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Pages of {@code GET /sessions/:id/trades} deep in a long list (past the marks it starts deep
 * pages from) are the same pages a plain offset read gives, also after the session gains a trade.
 */
class DeepTradePagesTest extends IntegrationTest {

    private static final int TRADES = 2 * TradeMarks.STEP + 5_003;

    @Autowired
    TradeService trades;

    /** The page as the database orders the whole list (no index hint, no marks). */
    private List<Integer> truth(String sessionId, int limit, int offset) {
        return db.sql("SELECT trade_no FROM trades IGNORE INDEX (idx_session_entry_no) WHERE session_id = :s "
                        + "ORDER BY entry_time DESC, trade_no DESC LIMIT :l OFFSET :o")
                .bind("s", sessionId).bind("l", limit).bind("o", offset)
                .map(row -> ((Number) row.get("trade_no")).intValue()).all().collectList().block();
    }

    @SuppressWarnings("unchecked")
    private List<Integer> page(String sessionId, int limit, int offset) {
        Map<String, Object> body = http.get().uri("/sessions/" + sessionId + "/trades?limit=" + limit + "&offset=" + offset)
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) body.get("trades")).stream().map(t -> (Integer) t.get("trade_no")).toList();
    }

    private void expectPagesAsTheDatabaseOrdersThem(String id) {
        int step = TradeMarks.STEP;
        for (int offset : new int[] {0, step - 10, step - 1, step, step + 1, 2 * step - 15, 2 * step, 2 * step + 4_990,
                TRADES - 3, TRADES, TRADES + 50, step + 3_337, 5}) {
            List<Integer> expected = truth(id, 20, offset);
            assertThat(page(id, 20, offset)).as("offset " + offset).isEqualTo(expected);
        }
    }

    @Test
    void deepPagesMatchAPlainOffsetReadBeforeAndAfterTheSessionGainsATrade() {
        String id = createTest();
        // entry times out of trade-number order, many sharing a second (ties ordered by trade number)
        db.sql("INSERT INTO trades (session_id, trade_no, group_no, market, side, size, entry_price, entry_time) "
                        + "SELECT :s, seq, seq, 'XBTUSD', 'LONG', 1, 100, "
                        + "TIMESTAMP('2025-01-01') + INTERVAL ((seq * 7919) % " + TRADES + ") DIV 3 SECOND FROM seq_1_to_" + TRADES)
                .bind("s", id).then().block();
        assertThat(truth(id, 20, TRADES - 3)).hasSize(3);
        expectPagesAsTheDatabaseOrdersThem(id);
        expectPagesAsTheDatabaseOrdersThem(id); // read again from the marks found the first time

        // a newer trade: every offset moves by one
        List<Integer> before = page(id, 20, 2 * TradeMarks.STEP + 7);
        trades.save(List.of(new Trade(0, id, TRADES + 1, TRADES + 1, "XBTUSD", Side.LONG, BigDecimal.ONE,
                BigDecimal.TEN, null, Instant.parse("2026-01-01T00:00:00Z"), null, null, BigDecimal.ZERO, null))).block();
        assertThat(page(id, 20, 2 * TradeMarks.STEP + 8)).isEqualTo(before);
        assertThat(page(id, 1, 0)).containsExactly(TRADES + 1);
        expectPagesAsTheDatabaseOrdersThem(id);
    }
}
