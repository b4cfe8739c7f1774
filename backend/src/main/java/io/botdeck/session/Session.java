package io.botdeck.session;

import java.math.BigDecimal;
import java.time.Instant;

import io.botdeck.core.SessionType;
import tools.jackson.databind.node.ObjectNode;

/**
 * One row of {@code sessions}: a bot's configuration, where it is in its life, and its results
 * so far. Times are instants (stored as UTC {@code TIMESTAMP}s); money is exact. A session with a
 * {@code sweepId} is a cell of that sweep.
 * <p>
 * {@code fingerprint}: what a completed backtest ran on and produced (null before it completes);
 * {@code leanLog}: its log keeps only trade, warning and error lines; {@code verifies}: the
 * backtest a verification run re-runs, whose trades hash ({@code verifiesTradesHash}) it must
 * reproduce.
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
        String sweepId,
        ObjectNode fingerprint,
        boolean leanLog,
        String verifies,
        String verifiesTradesHash) {

    public boolean isRunning() {
        return status == SessionStatus.RUNNING;
    }

    /** The trades hash of the fingerprint, null when there is none. */
    public String tradesHash() {
        return fingerprint == null || !fingerprint.hasNonNull("trades_hash") ? null : fingerprint.get("trades_hash").asString();
    }

    /** A verification run's verdict; null for other sessions and once the session it re-runs is deleted. */
    public Verification verification() {
        if (verifies == null || verifiesTradesHash == null) {
            return null;
        }
        String hash = status == SessionStatus.COMPLETED ? tradesHash() : null;
        return new Verification(verifies, hash == null ? null : hash.equals(verifiesTradesHash), verifiesTradesHash, hash);
    }

    /**
     * Whether a verification run reproduced the trades of the backtest it re-runs.
     *
     * @param matched null while it runs, or when it did not complete
     */
    public record Verification(String of, Boolean matched, String expectedTradesHash, String tradesHash) {
    }
}
