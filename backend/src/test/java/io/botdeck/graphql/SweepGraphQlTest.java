package io.botdeck.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.botdeck.sweep.Sweep;
import io.botdeck.sweep.SweepService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.execution.ErrorType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The GraphQL side of sweeps against the real server and MariaDB: create, compare, follow, cancel, delete, bad input. */
class SweepGraphQlTest extends GraphQlIntegrationTest {

    private static final String CREATE = "mutation($input: CreateSweepInput!) { createSweep(input: $input) { id name status cellCount "
            + "strategyId rangeStart grid { parameter values } baseParams } }";
    private static final String SWEEP = """
            query($id: ID!) { sweep(id: $id) {
              id status cellCount cellsDone cellsFailed cellsRunning finishedAt strategy { id }
              cells(first: 4) { totalCount edges { cursor node { index params status sessionId totalPnl tradeCount sharpe
                session { id sweepId sweep { id } } } } pageInfo { hasNextPage hasPreviousPage endCursor } }
              byPnl: cells(sort: {metric: TOTAL_PNL}, first: 9) { edges { node { index totalPnl } } }
              heatmap(x: "threshold", y: "position_size", metric: TOTAL_PNL) { x y metric xValues yValues values }
              best(metric: TOTAL_PNL) { cell { index totalPnl } metric robustness neighbours }
              worstDrawdown: best(metric: MAX_DRAWDOWN) { cell { index maxDrawdown } }
            } }""";

    @Autowired
    private SweepService sweepService;

    @BeforeEach
    @AfterEach
    void noRunningSweeps() {
        sweepService.list(SweepService.MAX_LIMIT, 0).flatMapMany(p -> Flux.fromIterable(p.items()))
                .filter(Sweep::isRunning)
                .concatMap(s -> sweepService.cancel(s.id()).onErrorResume(e -> Mono.empty()))
                .then().block(Duration.ofSeconds(60));
        db.sql("DELETE FROM sessions WHERE sweep_id IS NOT NULL").then().block();
        db.sql("DELETE FROM sweeps").then().block();
    }

    private static Map<String, Object> grid3x3() {
        Map<String, Object> input = new HashMap<>();
        input.put("name", "GQL grid");
        input.put("strategy", "TestBot");
        input.put("market", "XBTUSD");
        input.put("rangeStart", "2025-01-01T00:00:00Z");
        input.put("rangeEnd", "2025-01-03T00:00:00Z");
        input.put("strategyParams", Map.of("position_size", 100));
        input.put("grid", List.of(
                Map.of("parameter", "threshold", "values", List.of(0.3, 0.5, 0.7)),
                Map.of("parameter", "position_size", "from", 50, "to", 150, "step", 50)));
        return input;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> sweep(String id) {
        return graphQl.document(SWEEP).variable("id", id).execute().errors().verify().path("sweep").entity(Map.class).get();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSweepCreatedThroughGraphQlRunsAndItsCellsCanBeSortedMappedAndRanked() throws Exception {
        Map<String, Object> created = graphQl.document(CREATE).variable("input", grid3x3()).execute().errors().verify()
                .path("createSweep").entity(Map.class).get();
        String id = (String) created.get("id");
        assertThat(created.get("status")).isEqualTo("RUNNING");
        assertThat(created.get("cellCount")).isEqualTo(9);
        assertThat(created.get("strategyId")).isEqualTo("TestBot");
        assertThat(created.get("rangeStart")).isEqualTo("2025-01-01T00:00:00.000Z");
        assertThat((List<Map<String, Object>>) created.get("grid")).extracting(a -> a.get("parameter"))
                .containsExactly("threshold", "position_size");
        assertThat(((List<Map<String, Object>>) created.get("grid")).get(1).get("values")).isEqualTo(List.of(50, 100, 150));

        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Map<String, Object> s = sweep(id);
        while (!"COMPLETED".equals(s.get("status")) && System.nanoTime() < end) {
            Thread.sleep(200);
            s = sweep(id);
        }
        assertThat(s.get("status")).isEqualTo("COMPLETED");
        assertThat(s.get("cellsDone")).isEqualTo(9);
        assertThat(((Map<String, Object>) s.get("strategy")).get("id")).isEqualTo("TestBot");

        Map<String, Object> page = (Map<String, Object>) s.get("cells");
        assertThat(page.get("totalCount")).isEqualTo(9);
        List<Map<String, Object>> edges = (List<Map<String, Object>>) page.get("edges");
        assertThat(edges).hasSize(4);
        Map<String, Object> first = (Map<String, Object>) edges.get(0).get("node");
        assertThat(first.get("index")).isEqualTo(0);
        assertThat(first.get("status")).isEqualTo("COMPLETED");
        Map<String, Object> session = (Map<String, Object>) first.get("session");
        assertThat(session.get("id")).isEqualTo(first.get("sessionId"));
        assertThat(session.get("sweepId")).isEqualTo(id);
        assertThat(((Map<String, Object>) session.get("sweep")).get("id")).isEqualTo(id);
        Map<String, Object> info = (Map<String, Object>) page.get("pageInfo");
        assertThat(info.get("hasNextPage")).isEqualTo(true);
        assertThat(info.get("hasPreviousPage")).isEqualTo(false);

        // the next page continues after the cursor, in grid order
        List<Integer> indexes = new ArrayList<>();
        String after = null;
        do {
            Map<String, Object> next = graphQl.document("query($id: ID!, $after: String) { sweep(id: $id) { cells(first: 4, after: $after,"
                            + " sort: {metric: TOTAL_PNL, direction: ASC}) { edges { cursor node { index totalPnl } }"
                            + " pageInfo { hasNextPage endCursor } } } }")
                    .variable("id", id).variable("after", after).execute().errors().verify()
                    .path("sweep.cells").entity(Map.class).get();
            ((List<Map<String, Object>>) next.get("edges")).forEach(e -> indexes.add((Integer) ((Map<String, Object>) e.get("node")).get("index")));
            Map<String, Object> pi = (Map<String, Object>) next.get("pageInfo");
            after = Boolean.TRUE.equals(pi.get("hasNextPage")) ? (String) pi.get("endCursor") : null;
        } while (after != null);
        assertThat(indexes).hasSize(9).doesNotHaveDuplicates();

        // sorted by PnL, highest first
        List<Double> pnl = ((List<Map<String, Object>>) ((Map<String, Object>) s.get("byPnl")).get("edges")).stream()
                .map(e -> Double.valueOf(((Map<String, Object>) e.get("node")).get("totalPnl").toString())).toList();
        assertThat(pnl).hasSize(9).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        // ascending pages visit the cells lowest PnL first
        Map<String, Object> done = s;
        assertThat(indexes.stream().map(i -> pnlOf(done, i)).toList()).isSorted();

        Map<String, Object> heatmap = (Map<String, Object>) s.get("heatmap");
        assertThat(heatmap.get("xValues")).isEqualTo(List.of(0.3, 0.5, 0.7));
        assertThat(heatmap.get("yValues")).isEqualTo(List.of(50, 100, 150));
        List<List<Double>> values = (List<List<Double>>) heatmap.get("values");
        assertThat(values).hasSize(3).allSatisfy(row -> assertThat(row).hasSize(3).doesNotContainNull());
        // the cell (threshold 0.5, position_size 150) is index 1 * 3 + 2 = 5: row y=2, column x=1
        Map<Integer, Double> byIndex = new HashMap<>();
        ((List<Map<String, Object>>) ((Map<String, Object>) s.get("byPnl")).get("edges")).forEach(e -> {
            Map<String, Object> n = (Map<String, Object>) e.get("node");
            byIndex.put((Integer) n.get("index"), Double.valueOf(n.get("totalPnl").toString()));
        });
        assertThat(((Number) values.get(2).get(1)).doubleValue()).isEqualTo(byIndex.get(5));

        Map<String, Object> best = (Map<String, Object>) s.get("best");
        assertThat(Double.valueOf(((Map<String, Object>) best.get("cell")).get("totalPnl").toString())).isEqualTo(pnl.get(0));
        int neighbours = (Integer) best.get("neighbours");
        assertThat(neighbours).isBetween(2, 4);
        if (best.get("robustness") != null) {
            assertThat(((Number) best.get("robustness")).doubleValue()).isBetween(0.0, 1.0);
        }
        assertThat(((Map<String, Object>) s.get("worstDrawdown")).get("cell")).isNotNull();

        // sessions lists pick cells out or leave them out
        assertThat(graphQl.document("{ sessions(filter: {sweepCells: ONLY}) { total } }").execute().path("sessions.total")
                .entity(Integer.class).get()).isEqualTo(9);
        assertThat(graphQl.document("{ sessions(filter: {sweepCells: EXCLUDE}) { total } }").execute().path("sessions.total")
                .entity(Integer.class).get()).isEqualTo(0);
        assertThat(graphQl.document("query($id: ID) { sessions(filter: {sweepId: $id}) { total } }").variable("id", id).execute()
                .path("sessions.total").entity(Integer.class).get()).isEqualTo(9);
        assertThat(graphQl.document("{ sweeps { id cellsDone } }").execute().path("sweeps[0].id").entity(String.class).get())
                .isEqualTo(id);

        assertThat(graphQl.document("mutation($id: ID!) { deleteSweep(id: $id) }").variable("id", id).execute()
                .path("deleteSweep").entity(String.class).get()).isEqualTo(id);
        assertThat(graphQl.document("query($id: ID!) { sweep(id: $id) { id } }").variable("id", id).execute()
                .path("sweep").valueIsNull());
    }

    @Test
    void sweepUpdatedFollowsASweepUntilItsCancelled() {
        Map<String, Object> input = grid3x3();
        input.put("rangeStart", "2024-10-01T00:00:00Z");
        input.put("rangeEnd", "2025-01-01T00:00:00Z");
        String id = graphQl.document(CREATE).variable("input", input).execute().path("createSweep.id").entity(String.class).get();
        Flux<String> statuses = socket().document("subscription($id: ID!) { sweepUpdated(id: $id) { id status cellsDone } }")
                .variable("id", id).executeSubscription().toFlux("sweepUpdated.status", String.class);
        StepVerifier.create(statuses)
                .expectNext("RUNNING")
                .then(() -> graphQl.document("mutation($id: ID!) { cancelSweep(id: $id) { status } }").variable("id", id).execute()
                        .path("cancelSweep.status").entity(String.class).isEqualTo("CANCELLED"))
                .thenConsumeWhile("RUNNING"::equals)
                .expectNext("CANCELLED")
                .thenCancel()
                .verify(Duration.ofSeconds(60));
        assertThat(graphQl.document("{ sessions(filter: {statuses: [RUNNING]}) { total } }").execute().path("sessions.total")
                .entity(Integer.class).get()).isZero();
        expectError("mutation($id: ID!) { cancelSweep(id: $id) { id } }", id, "CONFLICT");
        expectError("mutation($id: ID!) { resumeSweep(id: $id) { id } }", id, "CONFLICT");
    }

    @SuppressWarnings("unchecked")
    private static Double pnlOf(Map<String, Object> s, int index) {
        return ((List<Map<String, Object>>) ((Map<String, Object>) s.get("byPnl")).get("edges")).stream()
                .map(e -> (Map<String, Object>) e.get("node")).filter(n -> n.get("index").equals(index))
                .map(n -> Double.valueOf(n.get("totalPnl").toString())).findFirst().orElseThrow();
    }

    private void expectError(String document, String id, String classification) {
        graphQl.document(document).variable("id", id).execute().errors()
                .expect(e -> e.getErrorType().toString().equals(classification)).verify();
    }

    private static Map<String, Object> with(Object... more) {
        Map<String, Object> input = grid3x3();
        for (int i = 0; i < more.length; i += 2) {
            if (more[i + 1] == null) {
                input.remove((String) more[i]);
            } else {
                input.put((String) more[i], more[i + 1]);
            }
        }
        return input;
    }

    private static Map<String, Object> axis(Object... kv) {
        Map<String, Object> a = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            a.put((String) kv[i], kv[i + 1]);
        }
        return a;
    }

    static Stream<Arguments> badCreates() {
        return Stream.of(
                Arguments.of(with("grid", List.of()), "BAD_REQUEST", "grid"),
                Arguments.of(with("grid", List.of(axis("parameter", "threshold", "values", List.of(0.1)),
                        axis("parameter", "position_size", "values", List.of(1)), axis("parameter", "a", "values", List.of(1)),
                        axis("parameter", "b", "values", List.of(1)))), "BAD_REQUEST", "grid"),
                Arguments.of(with("grid", List.of(axis("parameter", "nonsense", "values", List.of(1, 2)))), "BAD_REQUEST", "grid.nonsense"),
                Arguments.of(with("grid", List.of(axis("parameter", "threshold", "values", List.of(0.3, 1.5)))), "BAD_REQUEST",
                        "grid.threshold"),
                Arguments.of(with("grid", List.of(axis("parameter", "threshold", "values", List.of()))), "BAD_REQUEST", "grid.threshold"),
                Arguments.of(with("grid", List.of(axis("parameter", "threshold", "values", List.of(0.3)),
                        axis("parameter", "threshold", "values", List.of(0.5)))), "BAD_REQUEST", "grid.threshold"),
                Arguments.of(with("grid", List.of(axis("parameter", "threshold"))), "BAD_REQUEST", "grid.threshold.from"),
                Arguments.of(with("grid", List.of(axis("parameter", "position_size", "from", 1, "to", 100000, "step", 1))),
                        "BAD_REQUEST", "grid"),
                Arguments.of(with("grid", List.of(axis("parameter", "position_size", "from", 10, "to", 1, "step", 1))),
                        "BAD_REQUEST", "grid.position_size.to"),
                Arguments.of(with("grid", List.of(axis("parameter", "position_size", "from", 1, "to", 10, "step", -1))),
                        "BAD_REQUEST", "grid.position_size.step"),
                Arguments.of(with("grid", List.of(axis("parameter", "position_size", "values", List.of(1.5)))), "BAD_REQUEST",
                        "grid.position_size"),
                Arguments.of(with("strategy", "NoBot"), "BAD_REQUEST", "strategy"),
                Arguments.of(with("strategy", "MarketScraper"), "BAD_REQUEST", "strategy"),
                Arguments.of(with("market", "NOPEUSD"), "BAD_REQUEST", "market"),
                Arguments.of(with("market", "XBTUSD+ETHUSD"), "BAD_REQUEST", "market"),
                Arguments.of(with("strategyParams", Map.of("nonsense", 1)), "BAD_REQUEST", "strategyParams.nonsense"),
                Arguments.of(with("rangeEnd", "2024-01-01T00:00:00Z"), "BAD_REQUEST", "rangeEnd"),
                Arguments.of(with("rangeEnd", "5138-11-16T09:46:39Z"), "BAD_REQUEST", "rangeEnd"),
                Arguments.of(with("rangeStart", "2025-01-01T00:00:00.500Z"), "BAD_REQUEST", "rangeStart"),
                Arguments.of(with("name", "n".repeat(300)), "BAD_REQUEST", "name"),
                Arguments.of(with("grid", null), "ValidationError", null),
                Arguments.of(with("colour", "red"), "ValidationError", null));
    }

    @ParameterizedTest(name = "[{index}] {1} {2}")
    @MethodSource("badCreates")
    void aBadCreateIsAClassifiedErrorNamingTheFieldAndWritesNothing(Map<String, Object> input, String classification, String field) {
        graphQl.document("mutation($input: CreateSweepInput!) { createSweep(input: $input) { id } }").variable("input", input)
                .execute().errors().satisfy(errors -> {
                    assertThat(errors).isNotEmpty();
                    ResponseError error = errors.get(0);
                    assertThat(error.getErrorType().toString()).as(error.getMessage()).isEqualTo(classification);
                    if (field != null) {
                        assertThat(error.getExtensions().get("fields")).as(error.getMessage()).asInstanceOf(
                                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey(field);
                    }
                    assertThat(error.getMessage()).doesNotContain("Exception").doesNotContain("io.botdeck");
                });
        assertThat(count("SELECT COUNT(*) FROM sweeps")).isZero();
        assertThat(count("SELECT COUNT(*) FROM sweep_cells")).isZero();
        assertThat(count("SELECT COUNT(*) FROM sessions")).isZero();
    }

    @Test
    void unknownSweepsAndBadArgumentsAreClassified() {
        String unknown = "6f1c2b9e-0000-4000-8000-000000000000";
        graphQl.document("query($id: ID!) { sweep(id: $id) { id } }").variable("id", unknown).execute().path("sweep").valueIsNull();
        for (String m : List.of("cancelSweep(id: $id) { id }", "resumeSweep(id: $id) { id }", "deleteSweep(id: $id)")) {
            graphQl.document("mutation($id: ID!) { " + m + " }").variable("id", unknown).execute().errors()
                    .expect(e -> e.getErrorType() == ErrorType.NOT_FOUND).verify();
        }
        StepVerifier.create(socket().document("subscription($id: ID!) { sweepUpdated(id: $id) { id } }").variable("id", unknown)
                        .executeSubscription().toFlux("sweepUpdated.id", String.class))
                .expectErrorSatisfies(e -> assertThat(e.toString()).contains("not found"))
                .verify(Duration.ofSeconds(20));
        graphQl.document("{ sessions(filter: {sweepId: \"nope\"}) { total } }").execute().errors()
                .expect(e -> e.getErrorType() == ErrorType.BAD_REQUEST).verify();
        graphQl.document("{ sweeps(offset: -1) { id } }").execute().errors()
                .expect(e -> e.getErrorType() == ErrorType.BAD_REQUEST).verify();

        Map<String, Object> input = grid3x3();
        input.put("grid", List.of(Map.of("parameter", "threshold", "values", List.of(0.3, 0.5))));
        String id = graphQl.document(CREATE).variable("input", input).execute().path("createSweep.id").entity(String.class).get();
        for (String q : List.of("heatmap(x: \"threshold\", y: \"threshold\", metric: SHARPE) { x }",
                "heatmap(x: \"nonsense\", y: \"threshold\", metric: SHARPE) { x }",
                "cells(first: 0) { totalCount }",
                "cells(after: \"bm9wZQ\") { totalCount }")) {
            graphQl.document("query($id: ID!) { sweep(id: $id) { " + q + " } }").variable("id", id).execute().errors()
                    .expect(e -> e.getErrorType() == ErrorType.BAD_REQUEST).verify();
        }
    }
}
