package io.botdeck.trade;

import java.math.BigDecimal;
import java.time.Instant;

import io.botdeck.core.Side;

/**
 * One paper trade of a session (one leg of a pair trade). Open while {@code exitTime} is null.
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

    public boolean isOpen() {
        return exitTime == null;
    }
}
