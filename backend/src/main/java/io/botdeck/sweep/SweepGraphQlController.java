package io.botdeck.sweep;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.botdeck.error.InvalidInputException;
import io.botdeck.session.Session;
import io.botdeck.strategy.Strategy;
import io.botdeck.sweep.SweepCommands.CreateSweep;
import io.botdeck.web.QueryParams;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GraphQL adapter of {@link SweepService}: the {@code Sweep} types, the sweep queries, mutations
 * and {@code sweepUpdated}, and {@code Session.sweep}. Nested fields a list would fetch once per
 * item ({@code Sweep.strategy}, {@code SweepCell.session}, {@code Session.sweep}) are batched.
 */
@Controller
public class SweepGraphQlController {

    private final SweepService sweeps;
    private final JsonMapper json;

    public SweepGraphQlController(SweepService sweeps, JsonMapper json) {
        this.sweeps = sweeps;
        this.json = json;
    }

    // ------------------------------------------------------------------ inputs and outputs

    /** {@code CreateSweepInput}. */
    public record CreateSweepInput(String name, String strategy, String market, OffsetDateTime rangeStart,
                                   OffsetDateTime rangeEnd, Object strategyParams, List<SweepAxisInput> grid) {
    }

    /** {@code SweepAxisInput}: {@code values}, or {@code from}, {@code to} and {@code step}. */
    public record SweepAxisInput(String parameter, List<Object> values, BigDecimal from, BigDecimal to, BigDecimal step) {
    }

    /** {@code SweepCellSort}. */
    public record SweepCellSortInput(SweepMetric metric, String direction) {
    }

    /** {@code SweepCellConnection}. */
    public record SweepCellConnection(List<SweepCellEdge> edges, PageInfo pageInfo, int totalCount) {
    }

    /** {@code SweepCellEdge}. */
    public record SweepCellEdge(String cursor, SweepCell node) {
    }

    /** {@code PageInfo}. */
    public record PageInfo(boolean hasPreviousPage, boolean hasNextPage, String startCursor, String endCursor) {
    }

    // ------------------------------------------------------------------ queries

    @QueryMapping
    public Mono<List<Sweep>> sweeps(@Argument Integer limit, @Argument Integer offset) {
        return Mono.defer(() -> sweeps.list(QueryParams.size("limit", limit, SweepService.DEFAULT_LIMIT, 1, SweepService.MAX_LIMIT),
                QueryParams.wholeNumber("offset", offset, 0, 0, Integer.MAX_VALUE))).map(SweepService.SweepPage::items);
    }

    @QueryMapping
    public Mono<Sweep> sweep(@Argument String id) {
        return sweeps.find(id);
    }

    // ------------------------------------------------------------------ mutations

    @MutationMapping
    public Mono<Sweep> createSweep(@Argument CreateSweepInput input) {
        return Mono.defer(() -> {
            List<SweepCommands.Axis> grid = new ArrayList<>();
            if (input.grid() != null) {
                for (SweepAxisInput a : input.grid()) {
                    grid.add(new SweepCommands.Axis(a.parameter(), a.values() == null ? null : json.valueToTree(a.values()),
                            a.from(), a.to(), a.step(), "grid." + a.parameter()));
                }
            }
            return sweeps.create(new CreateSweep(input.name(), input.strategy(), input.market(),
                    epochSeconds("range_start", input.rangeStart()), epochSeconds("range_end", input.rangeEnd()),
                    input.strategyParams() == null ? null : json.valueToTree(input.strategyParams()), grid));
        });
    }

    @MutationMapping
    public Mono<Sweep> cancelSweep(@Argument String id) {
        return sweeps.cancel(id);
    }

    @MutationMapping
    public Mono<Sweep> resumeSweep(@Argument String id) {
        return sweeps.resume(id);
    }

    @MutationMapping
    public Mono<String> deleteSweep(@Argument String id) {
        return sweeps.delete(id).thenReturn(id);
    }

    // ------------------------------------------------------------------ subscription

    @SubscriptionMapping
    public Flux<Sweep> sweepUpdated(@Argument String id) {
        return sweeps.updates(id);
    }

    // ------------------------------------------------------------------ Sweep fields

    @SchemaMapping(typeName = "Sweep")
    public String strategyId(Sweep s) {
        return s.strategy();
    }

    @SchemaMapping(typeName = "Sweep")
    public Instant rangeStart(Sweep s) {
        return Instant.ofEpochSecond(s.rangeStart());
    }

    @SchemaMapping(typeName = "Sweep")
    public Instant rangeEnd(Sweep s) {
        return Instant.ofEpochSecond(s.rangeEnd());
    }

    @SchemaMapping(typeName = "Sweep")
    public Integer etaSeconds(Sweep s) {
        return s.etaSeconds() == null ? null : (int) Math.min(Integer.MAX_VALUE, s.etaSeconds());
    }

    /** One read of the strategies for a whole list. */
    @BatchMapping(typeName = "Sweep")
    public Mono<Map<Sweep, Strategy>> strategy(List<Sweep> list) {
        return sweeps.strategiesById().map(byId -> {
            Map<Sweep, Strategy> result = new LinkedHashMap<>();
            list.forEach(s -> {
                Strategy strategy = byId.get(s.strategy());
                if (strategy != null) {
                    result.put(s, strategy);
                }
            });
            return result;
        });
    }

    @SchemaMapping(typeName = "Sweep")
    public Mono<SweepCellConnection> cells(Sweep s, @Argument SweepCellSortInput sort, @Argument Integer first,
                                           @Argument String after) {
        return Mono.defer(() -> {
            int count = QueryParams.size("first", first, 50, 1, SweepService.MAX_CELL_PAGE);
            SweepMetric metric = sort == null ? null : sort.metric();
            boolean descending = sort == null || sort.direction() == null || !"ASC".equals(sort.direction().toUpperCase(Locale.ROOT));
            String order = metric == null ? "index" : metric.name() + (descending ? ":desc" : ":asc");
            SweepService.Cursor position = after == null ? null : decode(after, order);
            return sweeps.cellPage(s, metric, descending, position, count).map(page -> {
                List<SweepCellEdge> edges = page.cells().stream()
                        .map(c -> new SweepCellEdge(encode(order, metric == null ? null : metric.decimal(c), c.index()), c))
                        .toList();
                return new SweepCellConnection(edges, new PageInfo(position != null, page.hasNext(),
                        edges.isEmpty() ? null : edges.get(0).cursor(),
                        edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()), s.cellCount());
            });
        });
    }

    @SchemaMapping(typeName = "Sweep")
    public Mono<SweepService.Heatmap> heatmap(Sweep s, @Argument String x, @Argument String y, @Argument SweepMetric metric) {
        return sweeps.heatmap(s, x, y, metric);
    }

    @SchemaMapping(typeName = "Sweep")
    public Mono<SweepService.Best> best(Sweep s, @Argument SweepMetric metric) {
        return sweeps.best(s, metric == null ? SweepMetric.TOTAL_PNL : metric);
    }

    // ------------------------------------------------------------------ SweepCell and Session fields

    /** One read of the sessions of a whole page of cells. */
    @BatchMapping(typeName = "SweepCell")
    public Mono<Map<SweepCell, Session>> session(List<SweepCell> cells) {
        List<String> ids = cells.stream().map(SweepCell::sessionId).filter(java.util.Objects::nonNull).toList();
        return sweeps.sessionsById(ids).map(byId -> {
            Map<SweepCell, Session> result = new LinkedHashMap<>();
            cells.forEach(c -> {
                Session s = c.sessionId() == null ? null : byId.get(c.sessionId());
                if (s != null) {
                    result.put(c, s);
                }
            });
            return result;
        });
    }

    /** One read of the sweeps of a whole list of sessions. */
    @BatchMapping(typeName = "Session")
    public Mono<Map<Session, Sweep>> sweep(List<Session> list) {
        List<String> ids = list.stream().map(Session::sweepId).filter(java.util.Objects::nonNull).distinct().toList();
        if (ids.isEmpty()) {
            return Mono.just(Map.of());
        }
        return sweeps.byId(ids).map(byId -> {
            Map<Session, Sweep> result = new LinkedHashMap<>();
            list.forEach(s -> {
                Sweep sweep = s.sweepId() == null ? null : byId.get(s.sweepId());
                if (sweep != null) {
                    result.put(s, sweep);
                }
            });
            return result;
        });
    }

    // ------------------------------------------------------------------ helpers

    /** A cell cursor: the list's order, the metric's value there and the cell's index. */
    private static String encode(String order, BigDecimal value, int index) {
        String text = order + "|" + (value == null ? "" : value.toPlainString()) + "|" + index;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static SweepService.Cursor decode(String cursor, String order) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 3 || !parts[0].equals(order)) {
                throw new IllegalArgumentException("another list");
            }
            return new SweepService.Cursor(parts[1].isEmpty() ? null : new BigDecimal(parts[1]), Integer.parseInt(parts[2]));
        } catch (RuntimeException e) {
            throw InvalidInputException.field("after", "is not a cursor of this list of cells");
        }
    }

    /** Range bounds are whole unix seconds. */
    private static Long epochSeconds(String field, OffsetDateTime time) {
        if (time == null) {
            return null;
        }
        if (time.getNano() != 0) {
            throw InvalidInputException.field(field, "must be whole seconds, not " + time);
        }
        return time.toEpochSecond();
    }
}
