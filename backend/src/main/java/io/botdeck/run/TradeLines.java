package io.botdeck.run;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

import io.botdeck.core.LogLevel;
import io.botdeck.engine.broker.ClosedTrade;
import io.botdeck.engine.broker.OpenTrade;
import io.botdeck.events.LogEntry;

/** A trade's entry or exit as a line of the session's log. */
final class TradeLines {

    private TradeLines() {
    }

    static LogEntry entry(OpenTrade t) {
        return line(t.entryTimeMillis(), "ENTRY", t.tradeNo(), t.groupNo(), t.market(), t.side().name(), t.size(),
                t.entryPrice(), null, null, null);
    }

    static LogEntry exit(ClosedTrade t) {
        return line(t.exitTimeMillis(), "EXIT", t.tradeNo(), t.groupNo(), t.market(), t.side().name(), t.size(),
                t.entryPrice(), t.exitPrice(), t.pnl(), t.exitReason());
    }

    private static LogEntry line(long timeMillis, String what, int tradeNo, int groupNo, String market, String side, long size,
                                 BigDecimal entry, BigDecimal exit, BigDecimal pnl, String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("action", what.toLowerCase());
        data.put("trade_no", tradeNo);
        data.put("group_no", groupNo);
        data.put("market", market);
        data.put("side", side);
        data.put("size", size);
        data.put("entry_price", entry.stripTrailingZeros().toPlainString());
        if (exit != null) {
            data.put("exit_price", exit.stripTrailingZeros().toPlainString());
            data.put("pnl", pnl.stripTrailingZeros().toPlainString());
            data.put("exit_reason", reason);
        }
        BigDecimal price = exit != null ? exit : entry;
        String message = what + " " + side + " " + market + " @ " + price.stripTrailingZeros().toPlainString()
                + " (" + size + " contracts)" + (pnl != null ? " | PnL: " + (pnl.signum() >= 0 ? "+" : "") + pnl.setScale(2, RoundingMode.HALF_EVEN) : "");
        return new LogEntry(0, timeMillis, LogEntry.Kind.TRADE, LogLevel.TRADE, message, data);
    }
}
