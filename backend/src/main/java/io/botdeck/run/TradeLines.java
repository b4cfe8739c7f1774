package io.botdeck.run;

import java.math.BigDecimal;
import java.math.RoundingMode;

import io.botdeck.engine.broker.ClosedTrade;
import io.botdeck.engine.broker.OpenTrade;
import io.botdeck.events.LogEntry;
import io.botdeck.events.TradeLine;
import io.botdeck.trade.Trade;

/** A trade's entry or exit as a line of the session's log: the typed trade and its sentence. */
final class TradeLines {

    private TradeLines() {
    }

    static LogEntry entry(OpenTrade t) {
        return line(t.entryTimeMillis(), new TradeLine(TradeLine.Action.ENTRY, t.tradeNo(), t.groupNo(), t.market(), t.side(),
                t.size(), t.entryPrice(), null, null, null));
    }

    static LogEntry exit(ClosedTrade t) {
        return line(t.exitTimeMillis(), new TradeLine(TradeLine.Action.EXIT, t.tradeNo(), t.groupNo(), t.market(), t.side(),
                t.size(), t.entryPrice(), t.exitPrice(), t.pnl(), t.exitReason()));
    }

    /**
     * The sentence that says a trade an earlier run left open was abandoned, e.g. "Trade 11 (LONG
     * 10 contracts XBTUSD @ 2817.25, entered 2026-12-04T14:00:01Z) was open when the server stopped
     * without closing it; abandoned at this restart: ...".
     */
    static String abandoned(Trade t, String when) {
        return "Trade " + t.tradeNo() + " (" + t.side().name() + " " + t.size().stripTrailingZeros().toPlainString()
                + " contracts " + t.market() + " @ " + t.entryPrice().stripTrailingZeros().toPlainString() + ", entered "
                + t.entryTime() + ") was open when the server stopped without closing it; abandoned " + when
                + ": no price is known for the time the session was not running, so it has no exit and no PnL,"
                + " and its number is not used again";
    }

    private static LogEntry line(long timeMillis, TradeLine t) {
        BigDecimal price = t.exitPrice() != null ? t.exitPrice() : t.entryPrice();
        BigDecimal pnl = t.pnl();
        String message = t.action() + " " + t.side().name() + " " + t.market() + " @ " + price.toPlainString()
                + " (" + t.size() + " contracts)"
                + (pnl != null ? " | PnL: " + (pnl.signum() >= 0 ? "+" : "") + pnl.setScale(2, RoundingMode.HALF_EVEN) : "");
        return LogEntry.trade(timeMillis, message, t);
    }
}
