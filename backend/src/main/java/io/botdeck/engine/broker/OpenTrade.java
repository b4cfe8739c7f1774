package io.botdeck.engine.broker;

import java.math.BigDecimal;

import io.botdeck.core.Side;

/**
 * An open position (one leg).
 *
 * @param tradeNo         1, 2, 3 … per session, continuing after a restart
 * @param groupNo         shared by the legs of one pair trade; equals {@code tradeNo} of the first
 *                        leg of the group (so a single-market trade has {@code groupNo == tradeNo})
 * @param size            contracts, positive
 * @param entryPrice      USD per unit of the underlying, scale 8
 * @param entryTimeMillis unix milliseconds
 */
public record OpenTrade(int tradeNo, int groupNo, String market, Side side, long size, BigDecimal entryPrice,
                        long entryTimeMillis) {
}
