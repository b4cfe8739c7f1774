package io.botdeck.graphql;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.botdeck.core.SessionType;
import io.botdeck.error.StorageStatus;
import io.botdeck.events.LogGraphQlController;
import io.botdeck.health.HealthGraphQlController;
import io.botdeck.health.HealthService;
import io.botdeck.market.MarketGraphQlController;
import io.botdeck.session.SessionGraphQlController;
import io.botdeck.strategy.StrategyGraphQlController;
import io.botdeck.trade.TradeGraphQlController;
import io.botdeck.health.SessionHealth;
import io.botdeck.market.MarketService;
import io.botdeck.session.Session;
import io.botdeck.session.SessionChanges;
import io.botdeck.session.SessionService;
import io.botdeck.session.SessionStatus;
import io.botdeck.session.SessionUpdates;
import io.botdeck.strategy.Strategy;
import io.botdeck.strategy.StrategyService;
import io.botdeck.events.LogService;
import io.botdeck.trade.TradeService;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.graphql.test.autoconfigure.GraphQlTest;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import reactor.core.publisher.Flux;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.lenient;

/**
 * Base of the controller slices: every GraphQL controller, the scalars, the error resolver and
 * the limits, over mocked services (no database runs in a slice). The health service is the real
 * one over the mocked session service, so its composition (heartbeat then health, stale
 * announcements) runs; the session service's update stream is the real {@link SessionUpdates}
 * over the mocked change stream and reads.
 */
@GraphQlTest(controllers = {SessionGraphQlController.class, StrategyGraphQlController.class, MarketGraphQlController.class,
        HealthGraphQlController.class, TradeGraphQlController.class, LogGraphQlController.class})
@ImportAutoConfiguration(JacksonAutoConfiguration.class)
@Import({HealthService.class, StorageStatus.class, GraphQlSliceTest.SliceClock.class})
abstract class GraphQlSliceTest {

    /** The storage status the real health service reads needs a clock; the slice has no application config. */
    @TestConfiguration
    static class SliceClock {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }

    static final Instant CREATED = Instant.parse("2024-01-11T18:40:00.123Z");

    @Autowired
    protected GraphQlTester graphQl;

    @MockitoBean
    protected SessionService sessions;
    @MockitoBean
    protected StrategyService strategies;
    @MockitoBean
    protected MarketService markets;
    @MockitoSpyBean
    protected HealthService health;
    @MockitoBean
    protected TradeService trades;
    @MockitoBean
    protected LogService logs;
    @MockitoBean
    protected SessionChanges changes;

    @BeforeEach
    void quietStreams() {
        lenient().when(changes.stream()).thenReturn(Flux.never());
        lenient().when(logs.delivery()).thenReturn(reactor.core.scheduler.Schedulers.parallel());
        lenient().when(sessions.now()).thenReturn(CREATED.plusSeconds(5));
        lenient().when(sessions.updates()).thenAnswer(call -> SessionUpdates.of(Flux.defer(changes::stream), sessions::getAll));
        lenient().doAnswer(call -> {
            Session s = call.getArgument(0);
            Instant now = call.getArgument(1);
            Instant last = s.lastUpdated() != null ? s.lastUpdated() : s.startedAt();
            long age = last == null ? 0 : now.getEpochSecond() - last.getEpochSecond();
            return new SessionHealth(s, last, age, s.isRunning() && age > 30);
        }).when(health).of(any(), any());
    }

    static Session session(String id, SessionStatus status, String clonedFrom) {
        ObjectNode params = JsonNodeFactory.instance.objectNode().put("threshold", 0.2);
        return new Session(id, "BTC Test " + id, SessionType.TEST, "XBTUSD", "bitmex", "TestBot", params, null, null,
                status, null, CREATED, status == SessionStatus.CREATED ? null : CREATED.plusSeconds(1), null,
                status == SessionStatus.RUNNING ? CREATED.plusSeconds(2) : null, 3, new BigDecimal("245.50000000"),
                new BigDecimal("66.67"), new BigDecimal("1.2500"), null, null, clonedFrom, null, null, null, null, 0, null, null, false, null, null);
    }

    static Strategy testBot() {
        return new Strategy("TestBot", "Test bot", "Trades a simple rule", List.of(SessionType.TEST, SessionType.BACKTEST),
                List.of("*"), JsonNodeFactory.instance.objectNode().put("threshold", 0.2),
                JsonNodeFactory.instance.objectNode().put("type", "object"), CREATED);
    }

    static Map<String, Object> input(Object... keyValues) {
        java.util.LinkedHashMap<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
