package io.botdeck.session;

import java.math.BigDecimal;
import java.time.Instant;

import io.botdeck.core.SessionType;
import tools.jackson.databind.node.ObjectNode;

/**
 * One row of {@code sessions}: a bot's configuration, where it is in its life, and its results
 * so far. Times are instants (stored as UTC {@code TIMESTAMP}s); money is exact. A session with a
 * {@code sweepId} is a cell of that sweep.
 */
public record Session(
        String id,
        String name,
        SessionType type,
        String market,
        String exchange,
        String strategy,
        ObjectNode strategyParams,
        Long rangeStart,
        Long rangeEnd,
        SessionStatus status,
        Integer pid,
        Instant createdAt,
        Instant startedAt,
        Instant stoppedAt,
        Instant lastUpdated,
        int tradeCount,
        BigDecimal totalPnl,
        BigDecimal winRate,
        BigDecimal maxDrawdown,
        String tradesFile,
        String logsFile,
        String clonedFrom,
        String notes,
        String errorMessage,
        Long progressDone,
        Long progressTotal,
        long dataPoints,
        String sweepId) {

    public boolean isRunning() {
        return status == SessionStatus.RUNNING;
    }
}
