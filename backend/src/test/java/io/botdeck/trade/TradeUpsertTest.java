package io.botdeck.trade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.botdeck.IntegrationTest;
import io.botdeck.core.Side;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Trades written in multi-row statements, on real MariaDB: every field arrives exactly (nulls,
 * decimals, milliseconds, text that needs escaping), a closed trade completes its open row, and a
 * value that does not fit its column is refused with nothing of the chunk written.
 */
class TradeUpsertTest extends IntegrationTest {

    @Autowired
    private TradeRepository trades;

    private List<Trade> stored(String session) {
        return trades.findBySession(session, 500, 0).collectList().block();
    }

    @Test
    void everyFieldArrivesExactlyAndAClosedTradeCompletesItsOpenRow() {
        String session = createTest();
        Instant entry = Instant.parse("2024-03-01T12:34:56.789Z");
        Trade open = new Trade(0, session, 1, 1, "XBTUSD", Side.LONG, new BigDecimal("100"), new BigDecimal("89450.5"), null,
                entry, null, null, new BigDecimal("0.04472525"), null);
        Trade other = new Trade(0, session, 2, 1, "ETHUSD", Side.SHORT, new BigDecimal("3.00000000"), new BigDecimal("2817.25"),
                new BigDecimal("2800"), entry, entry.plusMillis(60_001), new BigDecimal("-12345678901.12345678"),
                new BigDecimal("0"), "odd \"reason\" \\ with\ttab");
        trades.upsert(List.of(open, other)).block();

        List<Trade> rows = stored(session);
        assertThat(rows).hasSize(2);
        Trade first = rows.stream().filter(t -> t.tradeNo() == 1).findFirst().orElseThrow();
        assertThat(first.exitPrice()).isNull();
        assertThat(first.exitTime()).isNull();
        assertThat(first.pnl()).isNull();
        assertThat(first.exitReason()).isNull();
        assertThat(first.entryTime()).isEqualTo(entry);
        assertThat(first.entryPrice()).isEqualByComparingTo("89450.5");
        assertThat(first.fees()).isEqualByComparingTo("0.04472525");
        Trade second = rows.stream().filter(t -> t.tradeNo() == 2).findFirst().orElseThrow();
        assertThat(second.groupNo()).isEqualTo(1);
        assertThat(second.side()).isEqualTo(Side.SHORT);
        assertThat(second.market()).isEqualTo("ETHUSD");
        assertThat(second.size()).isEqualByComparingTo("3");
        assertThat(second.pnl()).isEqualByComparingTo("-12345678901.12345678");
        assertThat(second.exitTime()).isEqualTo(entry.plusMillis(60_001));
        assertThat(second.exitReason()).isEqualTo("odd \"reason\" \\ with\ttab");

        Trade closed = new Trade(0, session, 1, 1, "XBTUSD", Side.LONG, new BigDecimal("100"), new BigDecimal("89450.5"),
                new BigDecimal("89807.8"), entry, entry.plusSeconds(600), new BigDecimal("3.12"), new BigDecimal("0.09"), "take_profit");
        trades.upsert(List.of(closed)).block();
        Trade completed = stored(session).stream().filter(t -> t.tradeNo() == 1).findFirst().orElseThrow();
        assertThat(completed.exitPrice()).isEqualByComparingTo("89807.8");
        assertThat(completed.exitTime()).isEqualTo(entry.plusSeconds(600));
        assertThat(completed.pnl()).isEqualByComparingTo("3.12");
        assertThat(completed.fees()).isEqualByComparingTo("0.09");
        assertThat(completed.exitReason()).isEqualTo("take_profit");
        assertThat(count("SELECT COUNT(*) FROM trades WHERE session_id = '" + session + "'")).isEqualTo(2);
    }

    @Test
    void aValueThatDoesNotFitItsColumnIsRefusedAndNothingOfTheChunkIsWritten() {
        String session = createTest();
        Instant at = Instant.parse("2024-03-01T00:00:00Z");
        List<Trade> chunk = new ArrayList<>();
        for (int no = 1; no <= 5; no++) {
            chunk.add(new Trade(0, session, no, no, "XBTUSD", Side.LONG, BigDecimal.ONE, BigDecimal.TEN, BigDecimal.TEN, at,
                    at.plusSeconds(60), no == 4 ? new BigDecimal("1E+13") : BigDecimal.ONE, BigDecimal.ZERO, "take_profit"));
        }
        assertThatThrownBy(() -> trades.upsert(chunk).block()).hasMessageContaining("pnl");
        assertThat(count("SELECT COUNT(*) FROM trades WHERE session_id = '" + session + "'")).isZero();
    }
}
