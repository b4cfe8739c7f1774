package io.botdeck.trade;

import static org.assertj.core.api.Assertions.assertThat;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Trade totals stay exact as a run adds, closes, drops and renumbers trades, and when a backtest starts over. */
class TradeCountsTest extends IntegrationTest {

    @Autowired
    TradeService trades;

    private void insert(String id, int from, int to, boolean open) {
        db.sql("INSERT INTO trades (session_id, trade_no, group_no, market, side, size, entry_price, entry_time, exit_time) "
                        + "SELECT :s, seq, seq, 'XBTUSD', 'LONG', 1, 100, TIMESTAMP('2025-01-01') + INTERVAL seq MINUTE, "
                        + (open ? "NULL" : "TIMESTAMP('2025-01-02')") + " FROM seq_" + from + "_to_" + to)
                .bind("s", id).then().block();
    }

    private long total(String id) {
        long counted = trades.count(id).block();
        assertThat(counted).isEqualTo(count("SELECT COUNT(*) FROM trades WHERE session_id = '" + id + "'"));
        return counted;
    }

    @Test
    void totalsFollowEveryChangeOfTheTrades() {
        String id = createTest();
        assertThat(total(id)).isZero();
        insert(id, 1, 40, false);
        insert(id, 41, 42, true);
        assertThat(total(id)).isEqualTo(42);
        insert(id, 43, 50, false);
        assertThat(total(id)).isEqualTo(50);
        // the open ones close
        db.sql("UPDATE trades SET exit_time = TIMESTAMP('2025-01-03') WHERE session_id = :s AND trade_no = 41").bind("s", id).then().block();
        assertThat(total(id)).isEqualTo(50);
        // open ones are dropped when the run ends
        db.sql("DELETE FROM trades WHERE session_id = :s AND trade_no = 42").bind("s", id).then().block();
        assertThat(total(id)).isEqualTo(49);
        insert(id, 51, 52, true);
        assertThat(total(id)).isEqualTo(51);
        db.sql("DELETE FROM trades WHERE session_id = :s AND exit_time IS NULL").bind("s", id).then().block();
        assertThat(total(id)).isEqualTo(49);
        // the next run numbers on from the highest number left: 51 and 52 again
        insert(id, 51, 51, false);
        insert(id, 52, 52, true);
        assertThat(total(id)).isEqualTo(51);
        // a backtest that runs again starts from nothing
        trades.discardAll(id).block();
        assertThat(total(id)).isZero();
        insert(id, 1, 3, false);
        assertThat(total(id)).isEqualTo(3);
    }
}
