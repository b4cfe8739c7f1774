package io.botdeck.ops;

import io.botdeck.error.StorageStatus;
import io.botdeck.events.SessionLogs;
import io.botdeck.trade.TradeService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The throughput and backlog meters: log lines written, trades stored, lines readers missed,
 * readers attached, what runs hold unstored, and whether storage is failing. Each reads a counter
 * the feature keeps anyway, so a scrape costs nothing on the bots' path. (The database pool's
 * meters, {@code r2dbc_pool_*}, come with Spring Boot's R2DBC support.)
 */
@Component
class OperationsMetrics {

    OperationsMetrics(MeterRegistry registry, SessionLogs logs, TradeService trades, StorageStatus storage) {
        FunctionCounter.builder("botdeck.log.lines.written", logs.counters(), c -> c.written())
                .description("Lines numbered and written to session logs")
                .register(registry);
        FunctionCounter.builder("botdeck.log.lines.dropped", logs.counters(), c -> c.dropped())
                .description("Lines a log reader did not get because it fell behind (it was sent a missed notice)")
                .register(registry);
        Gauge.builder("botdeck.log.subscribers", logs, SessionLogs::readerCount)
                .description("Log readers attached: WebSocket log streams and GraphQL log subscriptions")
                .register(registry);
        FunctionCounter.builder("botdeck.trades.stored", trades, TradeService::storedClosed)
                .description("Trades stored, by whether they were written closed or still open")
                .tag("state", "closed")
                .register(registry);
        FunctionCounter.builder("botdeck.trades.stored", trades, TradeService::storedOpen)
                .description("Trades stored, by whether they were written closed or still open")
                .tag("state", "open")
                .register(registry);
        Gauge.builder("botdeck.recorder.backlog", storage, StorageStatus::backlog)
                .description("Items (log lines, trades) the runs have produced and not stored yet, over all runs")
                .register(registry);
        Gauge.builder("botdeck.storage.failing", storage, s -> s.state().failing() ? 1 : 0)
                .description("1 while the database refuses Botdeck's writes as unreachable, else 0")
                .register(registry);
    }
}
