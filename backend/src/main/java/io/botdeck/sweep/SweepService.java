package io.botdeck.sweep;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.botdeck.core.SessionType;
import io.botdeck.error.InvalidInputException;
import io.botdeck.error.NotFoundException;
import io.botdeck.session.Session;
import io.botdeck.session.SessionCommands;
import io.botdeck.session.SessionIds;
import io.botdeck.session.SessionService;
import io.botdeck.strategy.Strategy;
import io.botdeck.strategy.StrategyService;
import io.botdeck.sweep.SweepCommands.CreateSweep;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sweeps: creating one (its grid checked against the strategy's parameter schema, every cell
 * written at once, nothing written on bad input), reading them with their progress, comparing their
 * cells (pages sorted by a metric, heatmaps, the best cell and how far its neighbours agree), and
 * their life (cancel, resume, delete) through the {@link SweepDispatcher} that runs them.
 */
@Service
public class SweepService {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    public static final int MAX_CELL_PAGE = 1_000;

    private final SweepRepository sweeps;
    private final SweepDispatcher dispatcher;
    private final SessionService sessions;
    private final StrategyService strategies;
    private final TransactionalOperator tx;

    SweepService(SweepRepository sweeps, SweepDispatcher dispatcher, SessionService sessions, StrategyService strategies,
                 TransactionalOperator tx) {
        this.sweeps = sweeps;
        this.dispatcher = dispatcher;
        this.sessions = sessions;
        this.strategies = strategies;
        this.tx = tx;
    }

    // ---------------------------------------------------------------- create

    /** Checks everything, writes the sweep and its cells in one transaction, and starts it. */
    public Mono<Sweep> create(CreateSweep cmd) {
        return Mono.defer(() -> {
            String name = cmd.name() == null || cmd.name().isBlank() ? null : cmd.name().strip();
            int maxName = SessionCommands.MAX_NAME_LENGTH - (" #" + SweepGrid.MAX_CELLS).length();
            if (name != null && name.length() > maxName) {
                throw InvalidInputException.field("name", "is " + name.length() + " characters; at most " + maxName
                        + " allowed (cells are named after it)");
            }
            JsonNode given = cmd.strategyParams();
            if (given != null && !given.isNull() && !given.isObject()) {
                throw InvalidInputException.field("strategy_params", "must be a JSON object");
            }
            List<Sweep.Axis> axes = SweepGrid.expand(cmd.grid());
            ObjectNode base = given == null || given.isNull() ? JsonNodeFactory.instance.objectNode() : ((ObjectNode) given).deepCopy();
            // a swept parameter's base value is replaced in every cell: it is not checked on its own
            axes.forEach(a -> base.remove(a.parameter()));
            return sessions.validate(SessionType.BACKTEST, cmd.strategy(), cmd.market(), base, cmd.rangeStart(), cmd.rangeEnd())
                    .onErrorMap(InvalidInputException.class, SweepService::typeIsTheStrategys)
                    .zipWith(strategies.forSession(cmd.strategy()))
                    .flatMap(t -> {
                        SessionService.Configuration config = t.getT1();
                        Strategy strategy = t.getT2();
                        checkValues(strategy, config.params(), axes);
                        String id = UUID.randomUUID().toString();
                        Sweep sweep = new Sweep(id, name != null ? name : defaultName(strategy.id(), config.market(), axes),
                                strategy.id(), config.market(), "bitmex", cmd.rangeStart(), cmd.rangeEnd(), config.params(),
                                axes, SweepStatus.RUNNING, SweepGrid.cells(axes).size(), sessions.now(), null, null,
                                0, 0, 0, null, null);
                        return sweeps.insert(sweep, SweepGrid.cells(axes)).as(tx::transactional).thenReturn(id);
                    })
                    .doOnNext(dispatcher::activate)
                    .flatMap(this::get);
        });
    }

    /** A strategy that does not run backtests is a problem of the sweep's {@code strategy} (it has no type). */
    private static Throwable typeIsTheStrategys(InvalidInputException e) {
        if (!e.fields().containsKey("type")) {
            return e;
        }
        return InvalidInputException.field("strategy", e.fields().get("type"));
    }

    /** Every value of every axis, laid over the base parameters, must be valid under the strategy's schema. */
    private void checkValues(Strategy strategy, ObjectNode base, List<Sweep.Axis> axes) {
        JsonNode properties = strategy.paramSchema() == null ? null : strategy.paramSchema().get("properties");
        Set<String> known = new TreeSet<>();
        if (properties != null && properties.isObject()) {
            known.addAll(properties.propertyNames());
        }
        for (Sweep.Axis axis : axes) {
            String field = "grid." + axis.parameter();
            if (!known.contains(axis.parameter())) {
                throw InvalidInputException.field(field, "unknown parameter of " + strategy.id() + "; its parameters: "
                        + String.join(", ", known));
            }
            for (JsonNode value : axis.values()) {
                ObjectNode cell = base.deepCopy();
                cell.set(axis.parameter(), value);
                try {
                    strategies.resolveParams(strategy, cell);
                } catch (InvalidInputException e) {
                    String problem = e.fields().getOrDefault("strategy_params." + axis.parameter(), e.getMessage());
                    throw InvalidInputException.field(field, "value " + value + ": " + problem);
                }
            }
        }
    }

    private static String defaultName(String strategy, String market, List<Sweep.Axis> axes) {
        return strategy + " " + market + " sweep of " + String.join(" × ", axes.stream().map(Sweep.Axis::parameter).toList());
    }

    // ---------------------------------------------------------------- read

    public Mono<Sweep> get(String id) {
        if (!SessionIds.isCanonical(id)) {
            return Mono.error(notFound(id));
        }
        return sweeps.findById(id).switchIfEmpty(Mono.error(() -> notFound(id)))
                .flatMap(s -> withProgress(List.of(s))).map(list -> list.get(0));
    }

    /** A sweep by id, or nothing. */
    public Mono<Sweep> find(String id) {
        return get(id).onErrorResume(NotFoundException.class, e -> Mono.empty());
    }

    /** Sweeps by id (for the sessions that are their cells). */
    public Mono<Map<String, Sweep>> byId(List<String> ids) {
        List<String> valid = ids.stream().filter(SessionIds::isCanonical).distinct().toList();
        return sweeps.findAllById(valid).collectList().flatMap(this::withProgress)
                .map(list -> {
                    Map<String, Sweep> byId = new HashMap<>();
                    list.forEach(s -> byId.put(s.id(), s));
                    return byId;
                });
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("sweep '" + id + "' not found");
    }

    /** A page of sweeps, newest first, and how many there are. */
    public record SweepPage(List<Sweep> items, long total, int limit, int offset) {
    }

    public Mono<SweepPage> list(int limit, int offset) {
        return Mono.zip(sweeps.page(limit, offset).collectList().flatMap(this::withProgress), sweeps.count())
                .map(t -> new SweepPage(t.getT1(), t.getT2(), limit, offset));
    }

    /** The sweeps with their cell counts, and for running ones candles per second and the time left. */
    private Mono<List<Sweep>> withProgress(List<Sweep> list) {
        if (list.isEmpty()) {
            return Mono.just(List.of());
        }
        return sweeps.countsByStatus(list.stream().map(Sweep::id).toList()).flatMap(counts -> Flux.fromIterable(list)
                .concatMap(s -> {
                    Map<SweepCellStatus, Integer> c = counts.getOrDefault(s.id(), new EnumMap<>(SweepCellStatus.class));
                    int failed = c.getOrDefault(SweepCellStatus.FAILED, 0);
                    int done = c.getOrDefault(SweepCellStatus.COMPLETED, 0) + failed + c.getOrDefault(SweepCellStatus.STOPPED, 0);
                    int running = c.getOrDefault(SweepCellStatus.RUNNING, 0);
                    int queued = c.getOrDefault(SweepCellStatus.QUEUED, 0);
                    if (!s.isRunning()) {
                        return Mono.just(s.withProgress(done, failed, running, null, null));
                    }
                    return sweeps.cellsWithStatus(s.id(), SweepCellStatus.RUNNING, SweepGrid.MAX_CELLS).collectList()
                            .flatMap(cells -> dispatcher.rateAndEta(s, queued, cells))
                            .map(r -> s.withProgress(done, failed, running, Double.isNaN(r[0]) ? null : r[0],
                                    Double.isNaN(r[1]) ? null : (long) r[1]));
                })
                .collectList());
    }

    /** Every cell of a sweep in grid order. */
    public Flux<SweepCell> cells(String sweepId) {
        return sweeps.cells(sweepId);
    }

    /**
     * A page of cells after a cursor: in grid order, or by a metric (cells without a value last).
     *
     * @param after the cell the page continues after (from a cursor), or null from the start
     */
    public Mono<CellPage> cellPage(Sweep sweep, SweepMetric metric, boolean descending, Cursor after, int count) {
        return sweeps.cellPage(sweep.id(), metric, descending, after != null, after == null ? null : after.value(),
                        after == null ? 0 : after.index(), count + 1)
                .collectList()
                .map(rows -> new CellPage(rows.size() > count ? rows.subList(0, count) : rows, rows.size() > count));
    }

    /** A place in a sorted list of cells: the metric's value there (null for cells without one) and the cell's index. */
    public record Cursor(java.math.BigDecimal value, int index) {
    }

    public record CellPage(List<SweepCell> cells, boolean hasNext) {
    }

    // ---------------------------------------------------------------- compare

    /** The metric over two swept parameters; where a third is swept, the best value over it. */
    public record Heatmap(String x, String y, SweepMetric metric, List<JsonNode> xValues, List<JsonNode> yValues,
                          List<List<Double>> values) {
    }

    public Mono<Heatmap> heatmap(Sweep sweep, String x, String y, SweepMetric metric) {
        return Mono.defer(() -> {
            int xi = axisIndex(sweep, "x", x);
            int yi = axisIndex(sweep, "y", y);
            if (xi == yi) {
                throw InvalidInputException.field("y", "must be another parameter than x");
            }
            List<JsonNode> xs = sweep.grid().get(xi).values();
            List<JsonNode> ys = sweep.grid().get(yi).values();
            Double[][] grid = new Double[ys.size()][xs.size()];
            return completed(sweep).map(cells -> {
                for (SweepCell c : cells) {
                    Double v = metric.of(c);
                    if (v == null) {
                        continue;
                    }
                    int[] at = SweepGrid.coordinates(sweep.grid(), c.index());
                    Double before = grid[at[yi]][at[xi]];
                    if (before == null || better(metric, v, before)) {
                        grid[at[yi]][at[xi]] = v;
                    }
                }
                List<List<Double>> rows = new ArrayList<>();
                for (Double[] row : grid) {
                    rows.add(java.util.Arrays.asList(row));
                }
                return new Heatmap(x, y, metric, xs, ys, rows);
            });
        });
    }

    private static int axisIndex(Sweep sweep, String field, String parameter) {
        for (int i = 0; i < sweep.grid().size(); i++) {
            if (sweep.grid().get(i).parameter().equals(parameter)) {
                return i;
            }
        }
        throw InvalidInputException.field(field, "'" + parameter + "' is not swept; swept: "
                + String.join(", ", sweep.grid().stream().map(Sweep.Axis::parameter).toList()));
    }

    private static boolean better(SweepMetric metric, double a, double b) {
        return metric.higherIsBetter() ? a > b : a < b;
    }

    /**
     * The best completed cell by a metric, with its robustness: the share of its completed neighbours
     * (one step away on one swept parameter) whose value beats the median of all completed cells.
     */
    public record Best(SweepCell cell, SweepMetric metric, Double robustness, int neighbours) {
    }

    public Mono<Best> best(Sweep sweep, SweepMetric metric) {
        return completed(sweep).flatMap(cells -> {
            Map<Integer, Double> values = new HashMap<>();
            SweepCell best = null;
            for (SweepCell c : cells) {
                Double v = metric.of(c);
                if (v == null) {
                    continue;
                }
                values.put(c.index(), v);
                if (best == null || better(metric, v, metric.of(best))) {
                    best = c;
                }
            }
            if (best == null) {
                return Mono.empty();
            }
            List<Double> sorted = values.values().stream().sorted(Comparator.naturalOrder()).toList();
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            int[] at = SweepGrid.coordinates(sweep.grid(), best.index());
            int neighbours = 0;
            int agree = 0;
            for (int k = 0; k < at.length; k++) {
                for (int step : new int[] {-1, 1}) {
                    int[] near = at.clone();
                    near[k] += step;
                    if (near[k] < 0 || near[k] >= sweep.grid().get(k).values().size()) {
                        continue;
                    }
                    Double v = values.get(SweepGrid.index(sweep.grid(), near));
                    if (v != null) {
                        neighbours++;
                        if (better(metric, v, median)) {
                            agree++;
                        }
                    }
                }
            }
            return Mono.just(new Best(best, metric, neighbours == 0 ? null : (double) agree / neighbours, neighbours));
        });
    }

    private Mono<List<SweepCell>> completed(Sweep sweep) {
        return sweeps.cellsWithStatus(sweep.id(), SweepCellStatus.COMPLETED, SweepGrid.MAX_CELLS).collectList();
    }

    // ---------------------------------------------------------------- life

    public Mono<Sweep> cancel(String id) {
        return checked(id).then(Mono.defer(() -> dispatcher.cancel(id))).then(Mono.defer(() -> get(id)));
    }

    public Mono<Sweep> resume(String id) {
        return checked(id).then(Mono.defer(() -> dispatcher.resume(id))).then(Mono.defer(() -> get(id)));
    }

    public Mono<Void> delete(String id) {
        return checked(id).then(Mono.defer(() -> dispatcher.delete(id)));
    }

    private Mono<Void> checked(String id) {
        return SessionIds.isCanonical(id) ? Mono.empty() : Mono.error(notFound(id));
    }

    /** The sweep now, then again whenever a cell starts or ends (at most four times a second); ends when it is deleted. */
    public Flux<Sweep> updates(String id) {
        return get(id).flatMapMany(first -> Flux.concat(Mono.just(first), dispatcher.changes()
                .filter(id::equals)
                .sample(Duration.ofMillis(250))
                // a tick that comes while the last reload still runs would overflow sample: keep only the newest
                .onBackpressureLatest()
                .concatMap(changed -> find(id).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty()))
                .takeWhile(java.util.Optional::isPresent)
                .map(java.util.Optional::get)));
    }

    // ---------------------------------------------------------------- related

    /** The strategies sweeps refer to, by id. */
    public Mono<Map<String, Strategy>> strategiesById() {
        return sessions.strategiesById();
    }

    /** The sessions of cells, by id. */
    public Mono<Map<String, Session>> sessionsById(List<String> ids) {
        return sessions.getAll(ids.stream().distinct().toList()).collectMap(Session::id);
    }
}
