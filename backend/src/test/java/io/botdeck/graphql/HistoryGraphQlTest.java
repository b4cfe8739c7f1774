package io.botdeck.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.GraphQlTester;

/** History over GraphQL: time filters, totals, and cursor paging of sessions and trades in both directions. */
class HistoryGraphQlTest extends GraphQlIntegrationTest {

    private static final String CONNECTION = """
            query($filter: SessionFilter, $sort: SessionSort, $first: Int, $after: String, $last: Int, $before: String) {
              sessionsConnection(filter: $filter, sort: $sort, first: $first, after: $after, last: $last, before: $before) {
                edges { cursor node { name } }
                pageInfo { hasPreviousPage hasNextPage startCursor endCursor }
              }
            }""";

    /** Sessions "Run 1" .. "Run n", created a minute apart; odd ones stopped (some at the same second), even ones never. */
    private void seed(int from, int to) {
        db.sql("INSERT INTO sessions (id, name, type, market, strategy, strategy_params, status, created_at, stopped_at, "
                        + "total_pnl) SELECT CONCAT('00000000-0000-4000-8000-', LPAD(seq, 12, '0')), CONCAT('Run ', seq), "
                        + "'backtest', 'XBTUSD', 'TestBot', '{}', IF(seq % 2 = 1, 'completed', 'created'), "
                        + "TIMESTAMP('2025-01-01') + INTERVAL seq MINUTE, "
                        + "IF(seq % 2 = 1, TIMESTAMP('2025-02-01') + INTERVAL (seq DIV 4) HOUR, NULL), CAST(seq % 5 AS SIGNED) - 2 "
                        + "FROM seq_" + from + "_to_" + to)
                .then().block();
    }

    private GraphQlTester.Response page(Map<String, Object> sort, Integer first, String after, Integer last, String before) {
        GraphQlTester.Request<?> request = graphQl.document(CONNECTION).variable("filter", Map.of());
        if (sort != null) {
            request = request.variable("sort", sort);
        }
        return request.variable("first", first).variable("after", after).variable("last", last).variable("before", before)
                .execute();
    }

    private static List<String> names(GraphQlTester.Response r) {
        return r.path("sessionsConnection.edges[*].node.name").entityList(String.class).get();
    }

    /** The whole list as the offset query orders it. */
    private List<String> offsetOrder(Map<String, Object> sort) {
        return graphQl.document("query($sort: SessionSort) { sessions(sort: $sort, limit: 200) { items { name } } }")
                .variable("sort", sort).execute()
                .path("sessions.items[*].name").entityList(String.class).get();
    }

    @Test
    void pagingForwardAndBackwardWalksEveryOrderExactlyLikeTheOffsetList() {
        seed(1, 23);
        for (Map<String, Object> sort : List.of(
                Map.<String, Object>of("field", "CREATED_AT", "direction", "DESC"),
                Map.<String, Object>of("field", "STOPPED_AT", "direction", "DESC"),
                Map.<String, Object>of("field", "STOPPED_AT", "direction", "ASC"),
                Map.<String, Object>of("field", "STATUS", "direction", "ASC"),
                Map.<String, Object>of("field", "STATUS", "direction", "DESC"),
                Map.<String, Object>of("field", "TOTAL_PNL", "direction", "DESC"),
                Map.<String, Object>of("field", "NAME", "direction", "ASC"))) {
            List<String> expected = offsetOrder(sort);
            assertThat(expected).hasSize(23);

            List<String> forward = new ArrayList<>();
            String after = null;
            boolean more = true;
            for (int guard = 0; more && guard < 20; guard++) {
                GraphQlTester.Response r = page(sort, 4, after, null, null);
                forward.addAll(names(r));
                r.path("sessionsConnection.pageInfo.hasPreviousPage").entity(Boolean.class).isEqualTo(after != null);
                more = r.path("sessionsConnection.pageInfo.hasNextPage").entity(Boolean.class).get();
                after = r.path("sessionsConnection.pageInfo.endCursor").entity(String.class).get();
            }
            assertThat(forward).as("forward by %s", sort).isEqualTo(expected);

            List<String> backward = new ArrayList<>();
            String before = null;
            more = true;
            for (int guard = 0; more && guard < 20; guard++) {
                GraphQlTester.Response r = page(sort, null, null, 5, before);
                List<String> got = new ArrayList<>(names(r));
                Collections.reverse(got);
                backward.addAll(got);
                r.path("sessionsConnection.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(before != null);
                more = r.path("sessionsConnection.pageInfo.hasPreviousPage").entity(Boolean.class).get();
                before = r.path("sessionsConnection.pageInfo.startCursor").entity(String.class).get();
            }
            Collections.reverse(backward);
            assertThat(backward).as("backward by %s", sort).isEqualTo(expected);
        }
    }

    @Test
    void pagesStayPutWhenSessionsAreCreatedAndDeletedMeanwhile() {
        seed(1, 10);
        GraphQlTester.Response first = page(null, 3, null, null, null);
        assertThat(names(first)).containsExactly("Run 10", "Run 9", "Run 8");
        String end = first.path("sessionsConnection.pageInfo.endCursor").entity(String.class).get();
        String start = first.path("sessionsConnection.pageInfo.startCursor").entity(String.class).get();

        seed(11, 15); // newer sessions arrive at the top
        db.sql("DELETE FROM sessions WHERE name = 'Run 8'").then().block(); // the cursor's own session goes

        GraphQlTester.Response second = page(null, 3, end, null, null);
        assertThat(names(second)).containsExactly("Run 7", "Run 6", "Run 5");
        second.path("sessionsConnection.pageInfo.hasPreviousPage").entity(Boolean.class).isEqualTo(true);
        second.path("sessionsConnection.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);

        // back from the second page: what lies before it now, nearest first
        String secondStart = second.path("sessionsConnection.pageInfo.startCursor").entity(String.class).get();
        GraphQlTester.Response back = page(null, null, null, 3, secondStart);
        assertThat(names(back)).containsExactly("Run 11", "Run 10", "Run 9");
        back.path("sessionsConnection.pageInfo.hasPreviousPage").entity(Boolean.class).isEqualTo(true);
        back.path("sessionsConnection.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);

        // and what arrived above the first page
        GraphQlTester.Response newer = page(null, null, null, 10, start);
        assertThat(names(newer)).containsExactly("Run 15", "Run 14", "Run 13", "Run 12", "Run 11");
        newer.path("sessionsConnection.pageInfo.hasPreviousPage").entity(Boolean.class).isEqualTo(false);
    }

    @Test
    void filtersWithTimeBoundsAndTotalsAgreeBetweenOffsetAndCursorLists() {
        seed(1, 12);
        Map<String, Object> filter = Map.of("statuses", List.of("COMPLETED"),
                "createdAfter", "2025-01-01T00:03:00Z", "createdBefore", "2025-01-01T00:09:00+00:00");
        graphQl.document("query($f: SessionFilter) { sessions(filter: $f, sort: {field: CREATED_AT, direction: ASC}) "
                        + "{ total totalIsLowerBound items { name } } }")
                .variable("f", filter).execute()
                .path("sessions.total").entity(Integer.class).isEqualTo(3)
                .path("sessions.totalIsLowerBound").entity(Boolean.class).isEqualTo(false)
                .path("sessions.items[*].name").entityList(String.class).containsExactly("Run 3", "Run 5", "Run 7");
        graphQl.document(CONNECTION).variable("filter", filter)
                .variable("sort", Map.of("field", "CREATED_AT", "direction", "ASC")).execute()
                .path("sessionsConnection.edges[*].node.name").entityList(String.class).containsExactly("Run 3", "Run 5", "Run 7");
        graphQl.document("query($f: SessionFilter) { sessions(filter: $f) { total items { name } } }")
                .variable("f", Map.of("stoppedAfter", "2025-02-01T02:00:00Z", "stoppedBefore", "2025-02-01T03:00:00Z"))
                .execute()
                .path("sessions.items[*].name").entityList(String.class).containsExactly("Run 11", "Run 9");
    }

    @Test
    void tradesPageByCursorInBothDirectionsAndNewTradesDoNotShiftAPage() {
        String id = createTestSession();
        insertTrades(id, 1, 9);
        String doc = """
                query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) { session(id: $id) {
                  tradesConnection(first: $first, after: $after, last: $last, before: $before) {
                    edges { node { tradeNo } } pageInfo { hasPreviousPage hasNextPage startCursor endCursor } } } }""";
        GraphQlTester.Response first = graphQl.document(doc).variable("id", id).variable("first", 4).execute();
        first.path("session.tradesConnection.edges[*].node.tradeNo").entityList(Integer.class).containsExactly(9, 8, 7, 6);
        first.path("session.tradesConnection.pageInfo.hasPreviousPage").entity(Boolean.class).isEqualTo(false);
        String end = first.path("session.tradesConnection.pageInfo.endCursor").entity(String.class).get();

        insertTrades(id, 10, 12); // a running session keeps trading
        GraphQlTester.Response second = graphQl.document(doc).variable("id", id).variable("first", 4).variable("after", end).execute();
        second.path("session.tradesConnection.edges[*].node.tradeNo").entityList(Integer.class).containsExactly(5, 4, 3, 2);
        second.path("session.tradesConnection.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        String start = second.path("session.tradesConnection.pageInfo.startCursor").entity(String.class).get();

        GraphQlTester.Response back = graphQl.document(doc).variable("id", id).variable("last", 5).variable("before", start).execute();
        back.path("session.tradesConnection.edges[*].node.tradeNo").entityList(Integer.class).containsExactly(10, 9, 8, 7, 6);
        back.path("session.tradesConnection.pageInfo.hasPreviousPage").entity(Boolean.class).isEqualTo(true);
        back.path("session.tradesConnection.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);

        // the offset list keeps its order through the deferred read
        http.get().uri("/sessions/" + id + "/trades?limit=3&offset=9").exchange().expectBody()
                .jsonPath("$.trades[*].trade_no").value(nos -> assertThat((Iterable<Integer>) nos).containsExactly(3, 2, 1))
                .jsonPath("$.total").isEqualTo(12);
    }

    private void insertTrades(String sessionId, int from, int to) {
        db.sql("INSERT INTO trades (session_id, trade_no, group_no, market, side, size, entry_price, entry_time) "
                        + "SELECT :s, seq, seq, 'XBTUSD', 'LONG', 1, 100, TIMESTAMP('2025-01-01') + INTERVAL (seq DIV 2) MINUTE "
                        + "FROM seq_" + from + "_to_" + to)
                .bind("s", sessionId).then().block();
    }

    @Test
    void badCursorsAndCountsAreBadRequests() {
        seed(1, 5);
        String byName = page(Map.of("field", "NAME", "direction", "ASC"), 2, null, null, null)
                .path("sessionsConnection.pageInfo.endCursor").entity(String.class).get();
        expectBadRequest(page(null, 2, byName, null, null), "after"); // a cursor of another order
        expectBadRequest(page(null, 2, "not-a-cursor", null, null), "after");
        expectBadRequest(page(null, null, null, 2, "T19fe30="), "before");
        expectBadRequest(page(null, 2, null, 2, null), "last");
        expectBadRequest(page(null, -1, null, null, null), "first");
        expectBadRequest(page(null, 1, byName, null, byName), "before");
        String id = createTestSession();
        graphQl.document("query($id: ID!) { session(id: $id) { tradesConnection(after: \"K_e30=\") { edges { cursor } } } }")
                .variable("id", id).execute().errors()
                .expect(e -> e.getErrorType() == ErrorType.BAD_REQUEST && e.getMessage().contains("after")).verify();
        graphQl.document("{ sessions(filter: {stoppedAfter: \"last tuesday\"}) { total } }").execute().errors()
                .expect(e -> e.getErrorType() == graphql.ErrorType.ValidationError).verify();
    }

    private static void expectBadRequest(GraphQlTester.Response response, String field) {
        response.errors().expect(e -> e.getErrorType() == ErrorType.BAD_REQUEST && e.getMessage().contains(field)
                && e.getExtensions().get("fields") instanceof Map<?, ?> fields && fields.containsKey(field)).verify();
    }
}
