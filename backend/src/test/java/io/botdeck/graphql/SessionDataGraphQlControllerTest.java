package io.botdeck.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.botdeck.core.LogLevel;
import io.botdeck.core.Side;
import io.botdeck.engine.broker.ClosedTrade;
import io.botdeck.error.NotFoundException;
import io.botdeck.events.LogEntry;
import io.botdeck.health.SessionHealth;
import io.botdeck.market.Market;
import io.botdeck.metrics.MetricEngine;
import io.botdeck.session.Session;
import io.botdeck.session.SessionChange;
import io.botdeck.session.SessionEvent;
import io.botdeck.session.SessionEventType;
import io.botdeck.session.SessionStatus;
import io.botdeck.trade.Trade;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.execution.ErrorType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import tools.jackson.databind.node.JsonNodeFactory;

class SessionDataGraphQlControllerTest extends GraphQlSliceTest {

    private static final Instant T0 = Instant.parse("2024-01-11T18:40:00Z");

    @Test
    void aSessionDetailShowsTradesMetricsEquityEventsLogsAndHealth() {
        Session s = session("a", SessionStatus.RUNNING, null);
        when(sessions.get("a")).thenReturn(Mono.just(s));
        Trade closed = new Trade(1, "a", 1, 1, "XBTUSD", Side.LONG, new BigDecimal("100"), new BigDecimal("42000.50000000"),
                new BigDecimal("42100"), T0, T0.plusSeconds(90), new BigDecimal("1.25000000"), new BigDecimal("0.1"), "take_profit");
        Trade open = new Trade(2, "a", 2, 2, "XBTUSD", Side.SHORT, new BigDecimal("100"), new BigDecimal("42100"), null,
                T0.plusSeconds(100), null, null, BigDecimal.ZERO, null);
        when(trades.page("a", 10, 0)).thenReturn(Flux.just(open, closed));
        when(trades.count("a")).thenReturn(Mono.just(2L));
        MetricEngine engine = new MetricEngine();
        engine.record(io.botdeck.trade.TradeService.toClosed(closed));
        when(trades.metricsOf(List.of("a"))).thenReturn(Mono.just(Map.of("a", engine.snapshot())));
        when(trades.equity("a")).thenReturn(Mono.just(engine.equityCurve()));
        when(sessions.events("a", 20)).thenReturn(Flux.just(new SessionEvent(7, "a", SessionEventType.STARTED,
                JsonNodeFactory.instance.objectNode().put("pid", 42), T0)));
        when(logs.read(eq("a"), isNull(), eq(50), any())).thenReturn(Mono.just(List.of(
                new LogEntry(1, T0.toEpochMilli() + 7, LogEntry.Kind.LOG, LogLevel.INFO, "Started", Map.of()),
                tradeLine(2))));
        when(logs.lastSeq("a")).thenReturn(2L);

        graphQl.documentName("sessionDetail").variable("id", "a").execute()
                .path("session.trades.total").entity(Integer.class).isEqualTo(2)
                .path("session.trades.items[0].status").entity(String.class).isEqualTo("OPEN")
                .path("session.trades.items[0].durationSeconds").valueIsNull()
                .path("session.trades.items[1].status").entity(String.class).isEqualTo("CLOSED")
                .path("session.trades.items[1].durationSeconds").entity(Long.class).isEqualTo(90L)
                .path("session.trades.items[1].entryPrice").entity(BigDecimal.class).isEqualTo(new BigDecimal("42000.5"))
                .path("session.trades.items[1].side").entity(String.class).isEqualTo("LONG")
                .path("session.metrics.tradeCount").entity(Integer.class).isEqualTo(1)
                .path("session.metrics.totalPnl").entity(BigDecimal.class).isEqualTo(new BigDecimal("1.25"))
                .path("session.equity[*].time").entityList(String.class)
                .containsExactly("2024-01-11T18:40:00.000Z", "2024-01-11T18:41:30.000Z")
                .path("session.events[0].type").entity(String.class).isEqualTo("STARTED")
                .path("session.events[0].data.pid").entity(Integer.class).isEqualTo(42)
                .path("session.logs[0].timestamp").entity(String.class).isEqualTo("2024-01-11T18:40:00.007Z")
                .path("session.logs[0].sequence").entity(Long.class).isEqualTo(1L)
                .path("session.logs[1].trade.action").entity(String.class).isEqualTo("EXIT")
                .path("session.logs[1].trade.pnl").entity(BigDecimal.class).isEqualTo(new BigDecimal("1.25"))
                .path("session.lastLogSequence").entity(Long.class).isEqualTo(2L)
                .path("session.health.isStale").entity(Boolean.class).isEqualTo(false);
    }

    @Test
    void sessionLogsStreamsNumberedLinesTradesProgressAndMissedNotices() {
        when(logs.follow("a", 41L, 200, EnumSet.of(LogLevel.TRADE, LogLevel.ERROR))).thenReturn(Flux.just(
                tradeLine(42),
                new LogEntry(0, T0.toEpochMilli(), LogEntry.Kind.PROGRESS, LogLevel.INFO, "Backtesting 25%",
                        Map.of("done", 250, "total", 1000)),
                LogEntry.missed(17, T0.toEpochMilli())));

        Flux<Map<String, Object>> lines = graphQl.documentName("sessionLogs")
                .variable("sessionId", "a").variable("afterSequence", 41).variable("levels", List.of("TRADE", "ERROR"))
                .executeSubscription().toFlux("sessionLogs", (Class<Map<String, Object>>) (Class<?>) Map.class);
        StepVerifier.create(lines)
                .assertNext(line -> {
                    assertThat(line).containsEntry("sequence", 42).containsEntry("kind", "TRADE").containsEntry("level", "TRADE");
                    assertThat(map(line.get("trade"))).containsEntry("tradeNo", 3).containsEntry("side", "SHORT")
                            .containsEntry("exitReason", "stop_loss");
                })
                .assertNext(line -> {
                    assertThat(line.get("sequence")).isNull();
                    assertThat(map(line.get("progress"))).containsEntry("done", 250).containsEntry("percent", 25.0);
                })
                .assertNext(line -> assertThat(line).containsEntry("kind", "MISSED").containsEntry("missed", 17))
                .verifyComplete();
    }

    @Test
    void followingAnUnknownSessionFailsTheSubscriptionWithNotFound() {
        when(logs.follow(eq("nope"), any(), anyInt(), any())).thenReturn(Flux.error(NotFoundException.session("nope")));
        Flux<Object> lines = graphQl.documentName("sessionLogs").variable("sessionId", "nope")
                .executeSubscription().toFlux("sessionLogs", Object.class);
        StepVerifier.create(lines)
                .expectErrorSatisfies(e -> assertThat(errorsOf(e)).singleElement().satisfies(error -> {
                    assertThat(error.getErrorType()).isEqualTo(ErrorType.NOT_FOUND);
                    assertThat(error.getMessage()).isEqualTo("session 'nope' not found");
                }))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aNegativeTailIsABadRequest() {
        graphQl.document("subscription { sessionLogs(sessionId: \"a\", tail: -1) { sequence } }")
                .executeSubscription().toFlux()
                .as(StepVerifier::create)
                .expectErrorSatisfies(e -> assertThat(errorsOf(e)).singleElement().satisfies(error -> {
                    assertThat(error.getErrorType()).isEqualTo(ErrorType.BAD_REQUEST);
                    assertThat(error.getMessage()).isEqualTo("tail: must be at least 0");
                }))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void sessionUpdatedReloadsChangedSessionsAndAppliesTheFilter() {
        Sinks.Many<SessionChange> sink = Sinks.many().multicast().directBestEffort();
        when(changes.stream()).thenReturn(sink.asFlux());
        Session running = session("a", SessionStatus.RUNNING, null);
        Session created = session("b", SessionStatus.CREATED, null);
        when(sessions.getAll(any())).thenAnswer(call -> {
            List<String> ids = call.getArgument(0);
            return Flux.fromIterable(ids).flatMap(id -> id.equals("a") ? Mono.just(running)
                    : id.equals("b") ? Mono.just(created) : Mono.empty());
        });

        Flux<Map<String, Object>> updates = graphQl.documentName("sessionUpdated")
                .variable("filter", Map.of("statuses", List.of("RUNNING")))
                .executeSubscription().toFlux("sessionUpdated", (Class<Map<String, Object>>) (Class<?>) Map.class);
        StepVerifier.create(updates)
                .then(() -> {
                    sink.tryEmitNext(new SessionChange("b", SessionChange.Kind.UPDATED));
                    sink.tryEmitNext(new SessionChange("a", SessionChange.Kind.HEARTBEAT));
                    sink.tryEmitNext(new SessionChange("c", SessionChange.Kind.DELETED));
                })
                .assertNext(u -> {
                    assertThat(u).containsEntry("sessionId", "a").containsEntry("kind", "HEARTBEAT");
                    assertThat(map(u.get("session"))).containsEntry("status", "RUNNING");
                })
                .assertNext(u -> assertThat(u).containsEntry("sessionId", "c").containsEntry("kind", "DELETED")
                        .containsEntry("session", null))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void staleSessionsAnnouncesStaleAndRecoveredSessionsWithTheirHealth() {
        Sinks.Many<SessionChange> sink = Sinks.many().multicast().directBestEffort();
        when(changes.stream()).thenReturn(sink.asFlux());
        Session stale = session("a", SessionStatus.RUNNING, null);
        when(sessions.get("a")).thenReturn(Mono.just(stale));
        when(sessions.now()).thenReturn(CREATED.plusSeconds(60));

        graphQl.document("subscription { staleSessions { sessionId isStale staleAction secondsSinceUpdate session { name } } }")
                .executeSubscription().toFlux("staleSessions", (Class<Map<String, Object>>) (Class<?>) Map.class)
                .as(StepVerifier::create)
                .then(() -> {
                    sink.tryEmitNext(new SessionChange("a", SessionChange.Kind.HEARTBEAT));
                    sink.tryEmitNext(new SessionChange("a", SessionChange.Kind.STALE));
                })
                .assertNext(h -> assertThat(h).containsEntry("sessionId", "a").containsEntry("isStale", true)
                        .containsEntry("staleAction", "MANUAL").containsEntry("secondsSinceUpdate", 58))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void heartbeatReturnsTheRefreshedHealth() {
        Session s = session("a", SessionStatus.RUNNING, null);
        when(health.heartbeat("a")).thenReturn(Mono.just(CREATED.plusSeconds(5)));
        when(sessions.get("a")).thenReturn(Mono.just(s));
        graphQl.document("mutation { heartbeat(id: \"a\") { sessionId status isStale lastUpdated } }").execute()
                .path("heartbeat.sessionId").entity(String.class).isEqualTo("a")
                .path("heartbeat.isStale").entity(Boolean.class).isEqualTo(false);
        verify(health).heartbeat("a");
    }

    @Test
    void healthListsRunningSessions() {
        Session s = session("a", SessionStatus.RUNNING, null);
        when(health.running()).thenReturn(Flux.just(new SessionHealth(s, CREATED.plusSeconds(2), 45, true)));
        graphQl.document("{ health { sessionId isStale staleAction secondsSinceUpdate lastUpdated session { id } } }").execute()
                .path("health[0].isStale").entity(Boolean.class).isEqualTo(true)
                .path("health[0].staleAction").entity(String.class).isEqualTo("MANUAL")
                .path("health[0].lastUpdated").entity(String.class).isEqualTo("2024-01-11T18:40:02.123Z");
    }

    @Test
    void strategiesAndMarketsAreListed() {
        when(strategies.list()).thenReturn(Flux.just(testBot()));
        when(strategies.get("NoBot")).thenReturn(Mono.error(new NotFoundException("strategy 'NoBot' not found")));
        when(markets.list()).thenReturn(Flux.just(new Market("XBTUSD+ETHUSD", "BTC/ETH", Market.MarketKind.PAIR, null, "USD",
                List.of("XBTUSD", "ETHUSD"), "bitmex", new BigDecimal("0.50"), "pair")));
        graphQl.document("{ strategies { id defaultParams paramSchema } markets { symbol kind legs tickSize } }").execute()
                .path("strategies[0].defaultParams.threshold").entity(Double.class).isEqualTo(0.2)
                .path("strategies[0].paramSchema.type").entity(String.class).isEqualTo("object")
                .path("markets[0].kind").entity(String.class).isEqualTo("PAIR")
                .path("markets[0].legs").entityList(String.class).containsExactly("XBTUSD", "ETHUSD")
                .path("markets[0].tickSize").entity(BigDecimal.class).isEqualTo(new BigDecimal("0.5"));
        graphQl.document("{ strategy(id: \"NoBot\") { id } }").execute()
                .errors().expect(e -> e.getErrorType() == ErrorType.NOT_FOUND).verify();
    }

    private static List<graphql.GraphQLError> errorsOf(Throwable e) {
        assertThat(e).isInstanceOf(org.springframework.graphql.execution.SubscriptionPublisherException.class);
        return ((org.springframework.graphql.execution.SubscriptionPublisherException) e).getErrors();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static LogEntry tradeLine(long seq) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("action", "exit");
        data.put("trade_no", 3);
        data.put("group_no", 3);
        data.put("market", "XBTUSD");
        data.put("side", "SHORT");
        data.put("size", 100);
        data.put("entry_price", "42000");
        data.put("exit_price", "42100.5");
        data.put("pnl", "1.25");
        data.put("exit_reason", ClosedTrade.STOP_LOSS);
        return new LogEntry(seq, T0.toEpochMilli(), LogEntry.Kind.TRADE, LogLevel.TRADE, "EXIT SHORT XBTUSD", data);
    }
}
