package io.botdeck.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;

import io.botdeck.core.SessionType;
import io.botdeck.error.ConflictException;
import io.botdeck.error.InvalidInputException;
import io.botdeck.error.NotFoundException;
import io.botdeck.metrics.MetricEngine;
import io.botdeck.session.Session;
import io.botdeck.session.SessionCommands.CreateSession;
import io.botdeck.session.SessionCommands.UpdateSession;
import io.botdeck.session.SessionPage;
import io.botdeck.session.SessionQuery;
import io.botdeck.session.SessionStatus;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.graphql.execution.ErrorType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class SessionGraphQlControllerTest extends GraphQlSliceTest {

    @Test
    void aListResolvesEveryNestedFieldWithOneCallPerFieldForTheWholePage() {
        Session parent = session("p", SessionStatus.STOPPED, null);
        Session a = session("a", SessionStatus.RUNNING, "p");
        Session b = session("b", SessionStatus.CREATED, "p");
        when(sessions.list(any())).thenReturn(Mono.just(new SessionPage(List.of(parent, a, b), 3, 50, 0)));
        when(sessions.strategiesById()).thenReturn(Mono.just(Map.of("TestBot", testBot())));
        when(sessions.getAll(anyList())).thenReturn(Flux.just(parent));
        when(sessions.clonesOf(anyList())).thenReturn(Flux.just(a, b));
        when(trades.metricsOf(anyList())).thenAnswer(call -> {
            List<String> ids = call.getArgument(0);
            Map<String, io.botdeck.metrics.Metrics> result = new java.util.HashMap<>();
            ids.forEach(id -> result.put(id, new MetricEngine().snapshot()));
            return Mono.just(result);
        });

        graphQl.documentName("sessionList").execute()
                .path("sessions.total").entity(Integer.class).isEqualTo(3)
                .path("sessions.items[*].id").entityList(String.class).containsExactly("p", "a", "b")
                .path("sessions.items[0].strategy.name").entity(String.class).isEqualTo("Test bot")
                .path("sessions.items[0].clones[*].id").entityList(String.class).containsExactly("a", "b")
                .path("sessions.items[1].clones").entityList(Object.class).hasSize(0)
                .path("sessions.items[1].clonedFrom.id").entity(String.class).isEqualTo("p")
                .path("sessions.items[0].clonedFrom").valueIsNull()
                .path("sessions.items[1].health.status").entity(String.class).isEqualTo("RUNNING")
                .path("sessions.items[0].metrics.tradeCount").entity(Integer.class).isEqualTo(0)
                .path("sessions.items[0].strategyParams.threshold").entity(Double.class).isEqualTo(0.2)
                .path("sessions.items[0].createdAt").entity(String.class).isEqualTo("2024-01-11T18:40:00.123Z")
                .path("sessions.items[0].totalPnl").entity(String.class).isEqualTo("245.5")
                .path("sessions.items[0].strategy.supportedTypes").entityList(String.class).containsExactly("TEST", "BACKTEST");

        verify(sessions, times(1)).strategiesById();
        verify(sessions, times(1)).getAll(List.of("p"));
        verify(sessions, times(1)).clonesOf(List.of("p", "a", "b"));
        verify(trades, times(1)).metricsOf(List.of("p", "a", "b"));
        verify(trades, never()).metrics(any());
    }

    @Test
    void filterSortAndPagingReachTheServiceAsOneQuery() {
        when(sessions.list(any())).thenReturn(Mono.just(new SessionPage(List.of(), 0, 500, 5)));
        graphQl.document("""
                        { sessions(filter: {statuses: [RUNNING, FAILED], types: [BACKTEST], markets: ["XBTUSD"], search: "btc"},
                                   limit: 500, offset: 5, sort: {field: TOTAL_PNL, direction: ASC}) { total items { id } } }""")
                .execute().path("sessions.total").entity(Integer.class).isEqualTo(0);
        ArgumentCaptor<SessionQuery> query = ArgumentCaptor.forClass(SessionQuery.class);
        verify(sessions).list(query.capture());
        assertThat(query.getValue().statuses()).containsExactly(SessionStatus.RUNNING, SessionStatus.FAILED);
        assertThat(query.getValue().types()).containsExactly(SessionType.BACKTEST);
        assertThat(query.getValue().markets()).containsExactly("XBTUSD");
        assertThat(query.getValue().search()).isEqualTo("btc");
        assertThat(query.getValue().limit()).isEqualTo(SessionQuery.MAX_LIMIT);
        assertThat(query.getValue().offset()).isEqualTo(5);
        assertThat(query.getValue().sort().column()).isEqualTo("total_pnl");
        assertThat(query.getValue().sort().descending()).isFalse();
    }

    @Test
    void aLimitBelowOneIsABadRequestNamingTheArgument() {
        graphQl.document("{ sessions(limit: 0) { total } }").execute()
                .errors().expect(e -> e.getErrorType() == ErrorType.BAD_REQUEST
                        && e.getMessage().equals("limit: must be at least 1")
                        && ((Map<?, ?>) e.getExtensions().get("fields")).containsKey("limit"))
                .verify();
        verify(sessions, never()).list(any());
    }

    @Test
    void anUnknownSessionIsNotFound() {
        when(sessions.get("nope")).thenReturn(Mono.error(NotFoundException.session("nope")));
        graphQl.document("{ session(id: \"nope\") { id } }").execute()
                .errors().expect(e -> e.getErrorType() == ErrorType.NOT_FOUND
                        && e.getMessage().equals("session 'nope' not found")
                        && e.getPath().equals("session"))
                .verify()
                .path("session").valueIsNull();
    }

    @Test
    void invalidParamsAreABadRequestWithEachFieldInExtensionsUnderItsGraphQlName() {
        when(sessions.create(any())).thenReturn(Mono.error(new InvalidInputException(
                "invalid strategy_params for TestBot: strategy_params.threshold must have a maximum value of 1",
                Map.of("strategy_params.threshold", "must have a maximum value of 1"))));
        graphQl.documentName("createSession")
                .variable("input", input("type", "TEST", "market", "XBTUSD", "strategy", "TestBot",
                        "strategyParams", Map.of("threshold", 1.5)))
                .execute()
                .errors().expect(e -> e.getErrorType() == ErrorType.BAD_REQUEST
                        && e.getMessage().contains("strategyParams.threshold must have a maximum value of 1")
                        && e.getExtensions().get("fields").equals(Map.of("strategyParams.threshold",
                        "must have a maximum value of 1")))
                .verify();
    }

    @Test
    void createPassesEveryInputFieldToTheService() {
        Session created = session("n", SessionStatus.CREATED, null);
        when(sessions.create(any())).thenReturn(Mono.just(created));
        graphQl.documentName("createSession")
                .variable("input", input("type", "BACKTEST", "market", "XBTUSD", "strategy", "TestBot",
                        "strategyParams", Map.of("threshold", 0.3), "name", "Mine", "notes", "n",
                        "rangeStart", "2024-01-01T00:00:00Z", "rangeEnd", "2024-01-02T01:00:00+01:00"))
                .execute()
                .path("createSession.id").entity(String.class).isEqualTo("n");
        ArgumentCaptor<CreateSession> cmd = ArgumentCaptor.forClass(CreateSession.class);
        verify(sessions).create(cmd.capture());
        assertThat(cmd.getValue().type()).isEqualTo(SessionType.BACKTEST);
        assertThat(cmd.getValue().strategyParams().get("threshold").asDouble()).isEqualTo(0.3);
        assertThat(cmd.getValue().rangeStart()).isEqualTo(1704067200L);
        assertThat(cmd.getValue().rangeEnd()).isEqualTo(1704153600L);
        assertThat(cmd.getValue().name()).isEqualTo("Mine");
    }

    @Test
    void aRangeWithFractionsOfASecondIsABadRequestOnThatField() {
        graphQl.documentName("createSession")
                .variable("input", input("type", "BACKTEST", "market", "XBTUSD", "strategy", "TestBot",
                        "rangeStart", "2024-01-01T00:00:00.5Z", "rangeEnd", "2024-01-02T00:00:00Z"))
                .execute()
                .errors().expect(e -> e.getErrorType() == ErrorType.BAD_REQUEST
                        && ((Map<?, ?>) e.getExtensions().get("fields")).containsKey("rangeStart"))
                .verify();
        verify(sessions, never()).create(any());
    }

    @Test
    void anUnknownEnumValueIsAValidationErrorNotAnInternalOne() {
        graphQl.document("mutation { createSession(input: {type: LIVE, market: \"XBTUSD\", strategy: \"TestBot\"}) { id } }")
                .execute()
                .errors().expect(e -> e.getErrorType() == graphql.ErrorType.ValidationError)
                .verify();
    }

    @Test
    void startingARunningSessionIsAConflict() {
        when(sessions.start("a")).thenReturn(Mono.error(new ConflictException("session is already running")));
        graphQl.document("mutation { startSession(id: \"a\") { id } }").execute()
                .errors().expect(e -> e.getErrorType() == BotdeckErrorType.CONFLICT
                        && e.getMessage().equals("session is already running"))
                .verify();
    }

    @Test
    void anUnexpectedFailureIsAnInternalErrorThatLeaksNothing() {
        when(sessions.stop("a")).thenReturn(Mono.error(new IllegalStateException("Connection refused: db.internal:3306")));
        graphQl.document("mutation { stopSession(id: \"a\") { id } }").execute()
                .errors().expect(e -> e.getErrorType() == ErrorType.INTERNAL_ERROR
                        && e.getMessage().equals(GraphQlErrors.INTERNAL_MESSAGE)
                        && !e.toString().contains("db.internal"))
                .verify();
    }

    @Test
    void updateDistinguishesOmittedNotesFromNullNotes() {
        when(sessions.update(eq("a"), any())).thenReturn(Mono.just(session("a", SessionStatus.CREATED, null)));
        graphQl.document("mutation { updateSession(id: \"a\", input: {name: \"x\"}) { id } }").execute()
                .path("updateSession.id").entity(String.class).isEqualTo("a");
        graphQl.document("mutation { updateSession(id: \"a\", input: {notes: null}) { id } }").execute()
                .path("updateSession.id").entity(String.class).isEqualTo("a");
        ArgumentCaptor<UpdateSession> cmd = ArgumentCaptor.forClass(UpdateSession.class);
        verify(sessions, times(2)).update(eq("a"), cmd.capture());
        assertThat(cmd.getAllValues().get(0).notes()).isNull();
        assertThat(cmd.getAllValues().get(0).name()).isEqualTo("x");
        assertThat(cmd.getAllValues().get(1).notes()).isEmpty();
    }

    @Test
    void aQueryDeeperThanTheLimitIsAbortedBeforeAnythingRuns() {
        graphQl.documentName("deepClones").variable("id", "a").execute()
                .errors().expect(e -> e.getErrorType() == graphql.ErrorType.ExecutionAborted
                        && e.getMessage().contains("depth"))
                .verify();
        verify(sessions, never()).get(any());
    }

    @Test
    void introspectionIsNotSubjectToTheDepthLimit() {
        graphQl.document("""
                        { __schema { types { name fields { name type { name kind ofType { name kind ofType { name kind
                          ofType { name kind ofType { name kind ofType { name kind ofType { name kind ofType { name } } } } } } } } } } } }""")
                .execute()
                .path("__schema.types").entityList(Object.class).hasSizeGreaterThan(10);
    }

    @org.springframework.beans.factory.annotation.Autowired
    private org.springframework.graphql.execution.GraphQlSource graphQlSource;

    @Test
    void theOperationInstrumentationRunsUnchained() {
        assertThat(graphQlSource.graphQl().getInstrumentation()).isInstanceOf(OperationInstrumentation.class);
    }
}
