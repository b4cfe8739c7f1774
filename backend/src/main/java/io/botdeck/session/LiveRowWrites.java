package io.botdeck.session;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.botdeck.session.SessionRepository.ProgressRow;
import io.botdeck.session.SessionRepository.ResultsRow;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What running sessions write to their rows while they run — results, progress, heartbeats —
 * written across sessions in batches ({@link RowBatcher}): with ten thousand live sessions the
 * database sees a few statements a second, not one per session per second.
 */
@Component
class LiveRowWrites {

    /** Sessions per statement at most. */
    static final int MAX_ROWS = 500;
    /** How long a value that finds no write in flight waits for others to go out with it. */
    static final Duration LINGER = Duration.ofMillis(100);

    private final RowBatcher<ResultsRow> results;
    private final RowBatcher<ProgressRow> progress;
    private final RowBatcher<Boolean> heartbeats;

    LiveRowWrites(SessionRepository sessions, Clock clock) {
        this.results = new RowBatcher<>(MAX_ROWS, LINGER,
                rows -> sessions.updateResults(rows.stream().map(e -> e.getValue()).toList()),
                (id, r) -> sessions.updateResults(List.of(r)));
        this.progress = new RowBatcher<>(MAX_ROWS, LINGER,
                rows -> sessions.updateProgress(rows.stream().map(e -> e.getValue()).toList()),
                (id, p) -> sessions.updateProgress(List.of(p)));
        this.heartbeats = new RowBatcher<>(MAX_ROWS * 2, LINGER,
                rows -> sessions.heartbeats(rows.stream().map(e -> e.getKey()).toList(), clock.instant()),
                (id, b) -> sessions.heartbeats(List.of(id), clock.instant()));
    }

    Mono<Void> results(String id, int tradeCount, BigDecimal totalPnl, BigDecimal winRate, BigDecimal maxDrawdown) {
        return results.write(id, new ResultsRow(id, tradeCount, totalPnl, winRate, maxDrawdown));
    }

    Mono<Void> progress(String id, Long done, Long total, long dataPoints) {
        return progress.write(id, new ProgressRow(id, done, total, dataPoints));
    }

    /** {@code last_updated} of the session, if it still runs, becomes the time its batch is written. */
    Mono<Void> heartbeat(String id) {
        return heartbeats.write(id, Boolean.TRUE);
    }

    /** Statements and session values written so far per kind, for tests and diagnostics: results, progress, heartbeats. */
    long[][] written() {
        return new long[][] {results.written(), progress.written(), heartbeats.written()};
    }
}
