package io.botdeck.session;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import java.util.function.LongSupplier;

import io.botdeck.error.StorageStatus;
import tools.jackson.databind.node.ObjectNode;
import reactor.core.publisher.Mono;

/**
 * A run's one line back to the lifecycle service, bound to one session: the only way a run
 * changes its session's state (status, heartbeats, results, progress, files, events).
 */
public interface RunControl {

    /** The run is alive: refreshes {@code last_updated}. */
    Mono<Void> heartbeat();

    /**
     * The run reached its natural end (a backtest that replayed its whole range); its
     * {@code fingerprint} (canonical JSON: what it ran on and produced) is kept with the
     * completion, in one transaction.
     */
    Mono<Void> completed(ObjectNode fingerprint);

    /** The run died; {@code message} (readable, for the user) is kept on the session and in its events. */
    Mono<Void> failed(String message);

    /** The results so far, kept on the session row (a run writes them at least once a second while they move). */
    Mono<Void> results(int tradeCount, BigDecimal totalPnl, BigDecimal winRate, BigDecimal maxDrawdown);

    /** Backtest progress (candles done / total) and a scraper's data points. */
    Mono<Void> progress(Long done, Long total, long dataPoints);

    /** Where the run's trade export and log file are; a null leaves that one unchanged. */
    Mono<Void> files(String tradesFile, String logsFile);

    /** Audit rows written by the run: errors, metric updates. */
    Mono<Void> events(SessionEventType type, List<Map<String, ?>> data);

    /** {@code trade} events for closed trades the run has already stored in {@code trades}. */
    Mono<Void> tradeEvents(List<Integer> tradeNos);

    /**
     * Where the run reports whether its writes reach the database, and how much it holds that is
     * not stored yet ({@code backlog}): the storage status the health routes and the dashboard show.
     */
    default StorageStatus.Writer storage(LongSupplier backlog) {
        return StorageStatus.Writer.NONE;
    }
}
