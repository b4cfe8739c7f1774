package io.botdeck.trade;

import static io.botdeck.web.Decimals.plain;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import io.botdeck.core.Side;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The one place a trade becomes the plan's snake_case JSON: a row of {@code GET /sessions/:id/trades},
 * a row of the trade export ({@code trades_file}), and the details of a trade line in the session's
 * log. The three keep their own shapes (the export writes decimals as strings, a log line only has
 * the exit fields once the trade closed); the names and the number formats live here.
 */
public final class TradeJson {

    private TradeJson() {
    }

    /** A row of {@code GET /sessions/:id/trades}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record View(int tradeNo, int groupNo, String market, String side, BigDecimal size, BigDecimal entryPrice,
                       BigDecimal exitPrice, long entryTime, Long exitTime, Long durationSeconds, BigDecimal pnl,
                       BigDecimal fees, String exitReason, String status) {

        public static View of(Trade t) {
            return new View(t.tradeNo(), t.groupNo(), t.market(), t.side().name(), plain(t.size()), plain(t.entryPrice()),
                    plain(t.exitPrice()), t.entryTime().getEpochSecond(),
                    t.exitTime() == null ? null : t.exitTime().getEpochSecond(),
                    t.exitTime() == null ? null : t.exitTime().getEpochSecond() - t.entryTime().getEpochSecond(),
                    plain(t.pnl()), plain(t.fees()), t.exitReason(), t.status());
        }
    }

    /** A row of the trade export: decimals as exact strings, times in unix seconds. */
    public static Map<String, Object> exportRow(Trade t) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("trade_no", t.tradeNo());
        row.put("group_no", t.groupNo());
        row.put("market", t.market());
        row.put("side", t.side().name());
        row.put("size", text(t.size()));
        row.put("entry_price", text(t.entryPrice()));
        row.put("exit_price", text(t.exitPrice()));
        row.put("entry_time", t.entryTime().getEpochSecond());
        row.put("exit_time", t.exitTime() == null ? null : t.exitTime().getEpochSecond());
        row.put("pnl", text(t.pnl()));
        row.put("fees", text(t.fees()));
        row.put("exit_reason", t.exitReason());
        return row;
    }

    /**
     * The details of a trade line: {@code action} ({@code entry}/{@code exit}), the trade's numbers,
     * market, side, size and entry price; exit price, PnL and reason once it closed ({@code exit} null before).
     */
    public static Map<String, Object> lineData(String action, int tradeNo, int groupNo, String market, Side side, long size,
                                               BigDecimal entryPrice, BigDecimal exitPrice, BigDecimal pnl, String exitReason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("action", action);
        data.put("trade_no", tradeNo);
        data.put("group_no", groupNo);
        data.put("market", market);
        data.put("side", side.name());
        data.put("size", size);
        data.put("entry_price", text(entryPrice));
        if (exitPrice != null) {
            data.put("exit_price", text(exitPrice));
            data.put("pnl", text(pnl));
            data.put("exit_reason", exitReason);
        }
        return data;
    }

    private static String text(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }
}
