package io.botdeck.trade;

import java.math.BigDecimal;
import java.time.Instant;

import io.botdeck.core.Side;

/**
 * One paper trade of a session (one leg of a pair trade). Open while {@code exitTime} is null,
 * unless it was {@linkplain #isAbandoned() abandoned}: left open by a run that ended without
 * closing it (the server was killed) and marked so when the session next stopped or restarted.
 * An abandoned trade keeps its number, entry and prices, and has no exit price, exit time or PnL.
 *
 * @param tradeNo 1, 2, 3... within the session
 * @param groupNo shared by the two legs of a pair trade; equal to tradeNo otherwise
 * @param pnl     net of fees, in USD; null while open
 */
public record Trade(
        long id,
        String sessionId,
        int tradeNo,
        int groupNo,
        String market,
        Side side,
        BigDecimal size,
        BigDecimal entryPrice,
        BigDecimal exitPrice,
        Instant entryTime,
        Instant exitTime,
        BigDecimal pnl,
        BigDecimal fees,
        String exitReason) {

    /** The {@code exit_reason} of a trade that was open when its run ended without closing it. */
    public static final String ABANDONED = "abandoned";

    public boolean isOpen() {
        return exitTime == null && !ABANDONED.equals(exitReason);
    }

    /** Open when its run ended without closing it; no exit is known. */
    public boolean isAbandoned() {
        return exitTime == null && ABANDONED.equals(exitReason);
    }

    /** {@code open}, {@code closed} or {@code abandoned}. */
    public String status() {
        return isAbandoned() ? ABANDONED : isOpen() ? "open" : "closed";
    }
}
