package io.botdeck.events;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

import io.botdeck.core.Side;
import io.botdeck.trade.TradeJson;
import io.botdeck.web.Decimals;

/**
 * What a trade line of a session's log says about its trade: typed, from the run that made it;
 * the JSON details of the log file and the stream come from here ({@link #data()}).
 *
 * @param exitPrice null on an entry line, as are {@code pnl} and {@code exitReason}
 */
public record TradeLine(Action action, int tradeNo, int groupNo, String market, Side side, long size, BigDecimal entryPrice,
                        BigDecimal exitPrice, BigDecimal pnl, String exitReason) {

    public enum Action {
        ENTRY, EXIT
    }

    /** Prices and PnL kept without trailing zeros, as the log has always shown them. */
    public TradeLine {
        entryPrice = Decimals.plain(entryPrice);
        exitPrice = Decimals.plain(exitPrice);
        pnl = Decimals.plain(pnl);
    }

    /** The line's {@code data}: snake_case, as written to the log file and sent on the stream. */
    public Map<String, Object> data() {
        return TradeJson.lineData(action.name().toLowerCase(Locale.ROOT), tradeNo, groupNo, market, side, size, entryPrice,
                exitPrice, pnl, exitReason);
    }

    /**
     * A trade line's details as read back from a log file; null when they are not a trade's.
     * Lines written before {@code action} and {@code group_no} were logged get them from the
     * exit price (present on exits only) and the trade number.
     */
    static TradeLine fromData(Map<String, Object> data) {
        try {
            Object no = data.get("trade_no");
            Object side = data.get("side");
            if (no == null || side == null || data.get("entry_price") == null) {
                return null;
            }
            int tradeNo = ((Number) no).intValue();
            Object group = data.get("group_no");
            Object action = data.get("action");
            Object exit = data.get("exit_price");
            return new TradeLine(
                    action != null ? Action.valueOf(action.toString().toUpperCase(Locale.ROOT)) : exit == null ? Action.ENTRY : Action.EXIT,
                    tradeNo,
                    group == null ? tradeNo : ((Number) group).intValue(),
                    data.get("market") == null ? null : data.get("market").toString(),
                    Side.valueOf(side.toString().toUpperCase(Locale.ROOT)),
                    new BigDecimal(data.get("size").toString()).longValue(),
                    new BigDecimal(data.get("entry_price").toString()),
                    exit == null ? null : new BigDecimal(exit.toString()),
                    data.get("pnl") == null ? null : new BigDecimal(data.get("pnl").toString()),
                    data.get("exit_reason") == null ? null : data.get("exit_reason").toString());
        } catch (RuntimeException notATrade) {
            return null;
        }
    }
}
