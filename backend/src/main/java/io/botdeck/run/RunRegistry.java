package io.botdeck.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.botdeck.config.BotdeckProperties;
import io.botdeck.events.SessionLogs;
import io.botdeck.market.archive.CandleArchive;
import io.botdeck.market.feed.MarketFeed;
import io.botdeck.metrics.MetricsStore;
import io.botdeck.session.RunControl;
import io.botdeck.session.Session;
import io.botdeck.session.SessionRunner;
import io.botdeck.trade.TradeService;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sessions running in this process: starts the right kind of {@link Run} for a session,
 * stops it, and removes what a deleted session left behind. Backtests replay on a bounded pool
 * (one thread per core; request threads never do this work).
 */
@Component
public class RunRegistry implements SessionRunner {

    private final TradeService trades;
    private final SessionLogs logs;
    private final MarketFeed feed;
    private final CandleArchive archive;
    private final BacktestData backtestData;
    private final TradeExport export;
    private final MetricsStore metrics;
    private final JsonMapper json;
    private final Duration heartbeat;
    private final Scheduler backtests = Schedulers.newParallel("backtest", Math.max(1, Runtime.getRuntime().availableProcessors()));
    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    RunRegistry(TradeService trades, SessionLogs logs, MarketFeed feed, CandleArchive archive, BacktestData backtestData,
                TradeExport export, MetricsStore metrics, JsonMapper json, BotdeckProperties properties) {
        this.trades = trades;
        this.logs = logs;
        this.feed = feed;
        this.archive = archive;
        this.backtestData = backtestData;
        this.export = export;
        this.metrics = metrics;
        this.json = json;
        this.heartbeat = properties.heartbeat();
    }

    @Override
    public Mono<Long> start(Session session, RunControl control) {
        return stop(session.id()).then(Mono.defer(() -> {
            Run run = newRun(session, control);
            runs.put(session.id(), run);
            return run.start().thenReturn(ProcessHandle.current().pid())
                    .doOnError(e -> runs.remove(session.id(), run));
        }));
    }

    @SuppressWarnings("unchecked")
    private Run newRun(Session session, RunControl control) {
        Run[] self = new Run[1];
        Run.Kit kit = new Run.Kit(trades, logs, metrics, export, heartbeat, () -> runs.remove(session.id(), self[0]));
        Map<String, Object> params = json.convertValue(session.strategyParams(), Map.class);
        self[0] = switch (session.type()) {
            case TEST -> new LiveRun(session, control, kit, params, feed);
            case BACKTEST -> new BacktestRun(session, control, kit, params, backtestData, backtests);
            case SCRAPER -> new ScraperRun(session, control, kit, params, feed, archive);
        };
        return self[0];
    }

    @Override
    public Mono<Void> stop(String sessionId) {
        Run run = runs.remove(sessionId);
        return run == null ? Mono.empty() : run.stop("stopped");
    }

    @Override
    public Mono<Void> discard(String sessionId) {
        return Mono.<Void>fromRunnable(() -> {
            logs.forget(sessionId);
            try {
                Files.deleteIfExists(logs.pathOf(sessionId));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            export.delete(sessionId);
            metrics.delete(sessionId);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @PreDestroy
    void shutdown() {
        Flux.fromIterable(new ArrayList<>(runs.keySet())).flatMap(id -> stop(id).onErrorResume(e -> Mono.empty()))
                .then().block(Duration.ofSeconds(10));
        backtests.dispose();
    }
}
