package io.botdeck.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.execution.ErrorType;

/**
 * The bad inputs of the REST API, sent through GraphQL: each one is an error with a
 * classification (never {@code INTERNAL_ERROR}), names the wrong field, and writes nothing.
 */
class GraphQlBadInputTest extends GraphQlIntegrationTest {

    private static final String UNKNOWN = "6f1c2b9e-0000-4000-8000-000000000000";

    private static Map<String, Object> test(Object... more) {
        return with(Map.of("type", "TEST", "market", "XBTUSD", "strategy", "TestBot"), more);
    }

    private static Map<String, Object> backtest(Object... more) {
        return with(Map.of("type", "BACKTEST", "market", "XBTUSD", "strategy", "TestBot"), more);
    }

    private static Map<String, Object> with(Map<String, Object> base, Object... more) {
        Map<String, Object> input = new HashMap<>(base);
        for (int i = 0; i < more.length; i += 2) {
            if (more[i + 1] == null) {
                input.remove((String) more[i]);
            } else {
                input.put((String) more[i], more[i + 1]);
            }
        }
        return input;
    }

    static Stream<Arguments> badCreates() {
        return Stream.of(
                Arguments.of(test("type", null), "ValidationError", null),
                Arguments.of(test("market", ""), "BAD_REQUEST", "market"),
                Arguments.of(test("strategy", " "), "BAD_REQUEST", "strategy"),
                Arguments.of(test("type", "LIVE"), "ValidationError", null),
                Arguments.of(test("type", 7), "ValidationError", null),
                Arguments.of(test("market", List.of("XBTUSD")), "ValidationError", null),
                Arguments.of(test("market", "NOPEUSD"), "BAD_REQUEST", "market"),
                Arguments.of(test("strategy", "NoBot"), "BAD_REQUEST", "strategy"),
                Arguments.of(test("type", "SCRAPER"), "BAD_REQUEST", "type"),
                Arguments.of(test("strategy", "MarketScraper"), "BAD_REQUEST", "type"),
                Arguments.of(test("market", "DOGEUSD"), "BAD_REQUEST", "market"),
                Arguments.of(test("strategy", "PairTradeBot"), "BAD_REQUEST", "market"),
                Arguments.of(test("type", "SCRAPER", "strategy", "MarketScraper", "market", "XBTUSD+ETHUSD"), "BAD_REQUEST", "market"),
                Arguments.of(test("exchange", "binance"), "BAD_REQUEST", "exchange"),
                Arguments.of(test("colour", "red"), "ValidationError", null),
                Arguments.of(test("strategyParams", List.of(1)), "BAD_REQUEST", "strategyParams"),
                Arguments.of(test("strategyParams", Map.of("threshold", 1.5)), "BAD_REQUEST", "strategyParams.threshold"),
                Arguments.of(test("strategyParams", Map.of("threshold", -0.1)), "BAD_REQUEST", "strategyParams.threshold"),
                Arguments.of(test("strategyParams", Map.of("threshold", "high")), "BAD_REQUEST", "strategyParams.threshold"),
                Arguments.of(test("strategyParams", Map.of("position_size", 0)), "BAD_REQUEST", "strategyParams.position_size"),
                Arguments.of(test("strategyParams", Map.of("position_size", 2.5)), "BAD_REQUEST", "strategyParams.position_size"),
                Arguments.of(test("strategyParams", Map.of("thresold", 0.2)), "BAD_REQUEST", "strategyParams.thresold"),
                Arguments.of(test("market", "XBTUSD+ETHUSD", "strategy", "PairTradeBot", "strategyParams", Map.of("lookback", "100")),
                        "BAD_REQUEST", "strategyParams.lookback"),
                Arguments.of(test("type", "SCRAPER", "strategy", "MarketScraper", "strategyParams", Map.of("archive_interval", 0)),
                        "BAD_REQUEST", "strategyParams.archive_interval"),
                Arguments.of(backtest(), "BAD_REQUEST", "rangeStart"),
                Arguments.of(backtest("rangeStart", "2024-01-11T19:06:40Z"), "BAD_REQUEST", "rangeEnd"),
                Arguments.of(backtest("rangeStart", "2024-01-23T09:33:20Z", "rangeEnd", "2024-01-11T19:06:40Z"), "BAD_REQUEST", "rangeEnd"),
                Arguments.of(backtest("rangeStart", "2024-01-11T19:06:40Z", "rangeEnd", "2024-01-11T19:06:40Z"), "BAD_REQUEST", "rangeEnd"),
                Arguments.of(backtest("rangeStart", "2024-01-01", "rangeEnd", "2024-01-11T19:06:40Z"), "ValidationError", null),
                Arguments.of(backtest("rangeStart", 1705000000, "rangeEnd", "2024-01-11T19:06:40Z"), "ValidationError", null),
                Arguments.of(backtest("rangeStart", "1969-12-31T23:59:55Z", "rangeEnd", "2024-01-11T19:06:40Z"), "BAD_REQUEST", "rangeStart"),
                Arguments.of(backtest("rangeStart", "2024-01-11T19:06:40Z", "rangeEnd", "5138-11-16T09:46:39Z"), "BAD_REQUEST", "rangeEnd"),
                Arguments.of(backtest("rangeStart", "2024-01-11T19:06:40.250Z", "rangeEnd", "2024-01-12T19:06:40Z"), "BAD_REQUEST", "rangeStart"),
                Arguments.of(test("rangeStart", "2024-01-11T19:06:40Z"), "BAD_REQUEST", "rangeStart"),
                Arguments.of(test("name", "n".repeat(10_000)), "BAD_REQUEST", "name"),
                Arguments.of(test("notes", "n".repeat(10_001)), "BAD_REQUEST", "notes"),
                Arguments.of(test("name", Map.of("first", "x")), "ValidationError", null));
    }

    @ParameterizedTest(name = "[{index}] {1} {2}")
    @MethodSource("badCreates")
    void aBadCreateIsAClassifiedErrorNamingTheFieldAndWritesNothing(Map<String, Object> input, String classification,
                                                                    String field) {
        graphQl.documentName("createSession").variable("input", input).execute()
                .errors().satisfy(errors -> {
                    assertThat(errors).isNotEmpty();
                    ResponseError error = errors.get(0);
                    assertThat(error.getErrorType().toString()).isEqualTo(classification);
                    if (field != null) {
                        assertThat(error.getExtensions().get("fields")).asInstanceOf(
                                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey(field);
                        assertThat(error.getMessage()).contains(field);
                    }
                    assertThat(error.getMessage()).doesNotContain("Exception").doesNotContain("io.botdeck");
                });
        assertThat(count("SELECT COUNT(*) FROM sessions")).isZero();
        assertThat(count("SELECT COUNT(*) FROM session_events")).isZero();
    }

    static Stream<Arguments> badListQueries() {
        return Stream.of(
                Arguments.of("{ sessions(limit: 0) { total } }", "BAD_REQUEST"),
                Arguments.of("{ sessions(limit: -1) { total } }", "BAD_REQUEST"),
                Arguments.of("{ sessions(limit: 99999999999) { total } }", "ValidationError"),
                Arguments.of("{ sessions(offset: -5) { total } }", "BAD_REQUEST"),
                Arguments.of("{ sessions(offset: 1.5) { total } }", "ValidationError"),
                Arguments.of("{ sessions(filter: {statuses: [RUNING]}) { total } }", "ValidationError"),
                Arguments.of("{ sessions(filter: {types: [TEST, LIVE]}) { total } }", "ValidationError"),
                Arguments.of("{ sessions(sort: {field: ID}) { total } }", "ValidationError"),
                Arguments.of("{ sessions(sort: {field: NAME, direction: SIDEWAYS}) { total } }", "ValidationError"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badListQueries")
    void aBadListQueryIsAClassifiedError(String query, String classification) {
        graphQl.document(query).execute().errors()
                .expect(e -> e.getErrorType().toString().equals(classification))
                .verify();
    }

    static Stream<Arguments> unknownIds() {
        return Stream.of(
                Arguments.of("query($id: ID!) { session(id: $id) { id } }"),
                Arguments.of("mutation($id: ID!) { updateSession(id: $id, input: {name: \"x\"}) { id } }"),
                Arguments.of("mutation($id: ID!) { deleteSession(id: $id) }"),
                Arguments.of("mutation($id: ID!) { startSession(id: $id) { id } }"),
                Arguments.of("mutation($id: ID!) { stopSession(id: $id) { id } }"),
                Arguments.of("mutation($id: ID!) { restartSession(id: $id) { id } }"),
                Arguments.of("mutation($id: ID!) { cloneSession(id: $id) { id } }"),
                Arguments.of("mutation($id: ID!) { heartbeat(id: $id) { isStale } }"),
                Arguments.of("query($id: ID!) { strategy(id: $id) { id } }"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("unknownIds")
    void anUnknownIdIsNotFound(String document) {
        for (String id : List.of(UNKNOWN, "x".repeat(300))) {
            graphQl.document(document).variable("id", id).execute().errors()
                    .expect(e -> e.getErrorType() == ErrorType.NOT_FOUND && e.getMessage().contains("not found"))
                    .verify();
        }
    }

    @Test
    void illegalLifecycleMovesAreConflicts() {
        String created = createTestSession();
        expectConflict("mutation($id: ID!) { stopSession(id: $id) { id } }", created, "only a running session can be stopped");
        expectConflict("mutation($id: ID!) { restartSession(id: $id) { id } }", created, "start it instead");
        expectConflict("mutation($id: ID!) { heartbeat(id: $id) { isStale } }", created, "only running sessions send heartbeats");

        assertThat(startSession(created)).isEqualTo("RUNNING");
        expectConflict("mutation($id: ID!) { startSession(id: $id) { id } }", created, "already running");
        expectConflict("mutation($id: ID!) { deleteSession(id: $id) }", created, "stop it before deleting it");
        expectConflict("mutation($id: ID!) { restartSession(id: $id) { id } }", created, "running and healthy");
        expectConflict("mutation($id: ID!) { updateSession(id: $id, input: {market: \"ETHUSD\"}) { id } }", created,
                "clone it instead");
        graphQl.document("mutation($id: ID!) { heartbeat(id: $id) { isStale staleAction } }").variable("id", created)
                .execute()
                .path("heartbeat.isStale").entity(Boolean.class).isEqualTo(false)
                .path("heartbeat.staleAction").valueIsNull();
    }

    @Test
    void badUpdatesAreBadRequestsAndChangeNothing() {
        String id = createTestSession();
        expectBadRequest("mutation($id: ID!) { updateSession(id: $id, input: {name: \"  \"}) { id } }", id, "name");
        expectBadRequest("mutation($id: ID!) { updateSession(id: $id, input: {rangeStart: \"2024-01-11T19:06:40Z\"}) { id } }",
                id, "rangeStart");
        expectBadRequest("mutation($id: ID!) { updateSession(id: $id, input: {strategyParams: {threshold: 7}}) { id } }",
                id, "strategyParams.threshold");
        graphQl.document("mutation($id: ID!) { updateSession(id: $id, input: {status: RUNNING}) { id } }").variable("id", id)
                .execute().errors().expect(e -> e.getErrorType() == graphql.ErrorType.ValidationError).verify();
        graphQl.document("query($id: ID!) { session(id: $id) { name status } }").variable("id", id).execute()
                .path("session.name").entity(String.class).isEqualTo("BTC Test #1")
                .path("session.status").entity(String.class).isEqualTo("CREATED");
        assertThat(count("SELECT COUNT(*) FROM session_events WHERE event_type = 'updated'")).isZero();
    }

    @Test
    void aQueryDeeperThanTheLimitIsRefusedBeforeItRuns() {
        graphQl.documentName("deepClones").variable("id", UNKNOWN).execute()
                .errors().expect(e -> e.getErrorType() == graphql.ErrorType.ExecutionAborted
                        && e.getMessage().contains("maximum query depth exceeded"))
                .verify();
    }

    @Test
    void aQueryOverTheComplexityLimitIsRefused() {
        StringBuilder query = new StringBuilder("{");
        for (int i = 0; i < 300; i++) {
            query.append(" m").append(i).append(": markets { symbol }");
        }
        graphQl.document(query.append(" }").toString()).execute()
                .errors().expect(e -> e.getErrorType() == graphql.ErrorType.ExecutionAborted
                        && e.getMessage().contains("maximum query complexity exceeded"))
                .verify();
    }

    @Test
    void aDocumentOverTheParserLimitsIsRefusedUnparsed() {
        StringBuilder query = new StringBuilder("{");
        for (int i = 0; i < 2_000; i++) {
            query.append(" m").append(i).append(": __typename");
        }
        graphQl.document(query.append(" }").toString()).execute()
                .errors().satisfy(errors -> assertThat(errors).singleElement().satisfies(e -> {
                    assertThat(e.getErrorType()).hasToString("InvalidSyntax");
                    assertThat(e.getMessage()).containsPattern("5.?000 'grammar' tokens");
                }));
    }

    @Test
    void theMutationsDriveASessionThroughItsWholeLife() {
        String id = createTestSession();
        graphQl.document("mutation($id: ID!) { updateSession(id: $id, input: {name: \"Mine\", notes: \"n\"}) { name notes } }")
                .variable("id", id).execute()
                .path("updateSession.name").entity(String.class).isEqualTo("Mine")
                .path("updateSession.notes").entity(String.class).isEqualTo("n");
        assertThat(startSession(id)).isEqualTo("RUNNING");
        graphQl.document("{ health { sessionId isStale secondsSinceUpdate session { name } } }").execute()
                .path("health[0].sessionId").entity(String.class).isEqualTo(id)
                .path("health[0].session.name").entity(String.class).isEqualTo("Mine");
        graphQl.document("mutation($id: ID!) { stopSession(id: $id) { status } }").variable("id", id).execute()
                .path("stopSession.status").entity(String.class).isEqualTo("STOPPED");
        String restarted = graphQl.document("mutation($id: ID!) { restartSession(id: $id) { status } }").variable("id", id)
                .execute().path("restartSession.status").entity(String.class).get();
        assertThat(restarted).isEqualTo("RUNNING");
        graphQl.document("mutation($id: ID!) { stopSession(id: $id) { status } }").variable("id", id).execute();
        String clone = graphQl.document("mutation($id: ID!) { cloneSession(id: $id, input: {strategyParams: {threshold: 0.4}}) "
                        + "{ id name status clonedFromId clonedFrom { id } strategyParams } }")
                .variable("id", id).execute()
                .path("cloneSession.name").entity(String.class).isEqualTo("Clone of Mine")
                .path("cloneSession.status").entity(String.class).isEqualTo("CREATED")
                .path("cloneSession.clonedFrom.id").entity(String.class).isEqualTo(id)
                .path("cloneSession.strategyParams.threshold").entity(Double.class).isEqualTo(0.4)
                .path("cloneSession.id").entity(String.class).get();
        graphQl.documentName("sessionList").variable("sort", Map.of("field", "CREATED_AT", "direction", "ASC")).execute()
                .path("sessions.total").entity(Integer.class).isEqualTo(2)
                .path("sessions.items[0].clones[0].id").entity(String.class).isEqualTo(clone)
                .path("sessions.items[0].events").pathDoesNotExist()
                .path("sessions.items[0].status").entity(String.class).isEqualTo("STOPPED");
        graphQl.document("query($id: ID!) { session(id: $id) { events(limit: 10) { type } } }").variable("id", id).execute()
                .path("session.events[*].type").entityList(String.class)
                .contains("CREATED", "UPDATED", "STARTED", "STOPPED", "RESTARTED");
        graphQl.document("mutation($id: ID!) { deleteSession(id: $id) }").variable("id", clone).execute()
                .path("deleteSession").entity(String.class).isEqualTo(clone);
        assertThat(count("SELECT COUNT(*) FROM sessions")).isEqualTo(1);
    }

    private void expectConflict(String document, String id, String message) {
        graphQl.document(document).variable("id", id).execute().errors()
                .expect(e -> e.getErrorType().toString().equals("CONFLICT") && e.getMessage().contains(message))
                .verify();
    }

    private void expectBadRequest(String document, String id, String field) {
        graphQl.document(document).variable("id", id).execute().errors()
                .expect(e -> e.getErrorType() == ErrorType.BAD_REQUEST
                        && ((Map<?, ?>) e.getExtensions().get("fields")).containsKey(field))
                .verify();
    }
}
