package io.botdeck.sweep;

import java.math.BigDecimal;
import java.time.Instant;

import tools.jackson.databind.node.ObjectNode;

/**
 * One cell of a sweep: its coordinates, its backtest session (none while queued, or once the
 * session was deleted) and its metrics, copied from the session when it ended (null until then).
 */
public record SweepCell(
        String sweepId,
        int index,
        ObjectNode params,
        String sessionId,
        SweepCellStatus status,
        BigDecimal totalPnl,
        BigDecimal winRate,
        BigDecimal maxDrawdown,
        Integer tradeCount,
        BigDecimal sharpe,
        BigDecimal sortino,
        BigDecimal profitFactor,
        Instant startedAt,
        Instant finishedAt) {
}
