package io.botdeck.sweep;

import static io.botdeck.config.Sql.bind;
import static io.botdeck.config.Sql.instant;
import static io.botdeck.config.Sql.utc;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads and writes {@code sweeps} and {@code sweep_cells} with explicit SQL. */
@Repository
public class SweepRepository {

    private static final String COLUMNS = "id, name, strategy, market, exchange, range_start, range_end, base_params, grid, "
            + "status, cell_count, created_at, finished_at, error";
    private static final String CELL_COLUMNS = "sweep_id, idx, params, session_id, status, total_pnl, win_rate, max_drawdown, "
            + "trade_count, sharpe, sortino, profit_factor, started_at, finished_at";
    /** Cells per INSERT statement. */
    private static final int CELL_CHUNK = 500;

    private final DatabaseClient db;
    private final JsonMapper json;

    public SweepRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    // ---------------------------------------------------------------- sweeps

    /** The sweep row and every cell (queued); run it in a transaction. */
    Mono<Void> insert(Sweep s, List<ObjectNode> cellParams) {
        Mono<Void> sweep = db.sql("INSERT INTO sweeps (id, name, strategy, market, exchange, range_start, range_end, base_params, "
                        + "grid, status, cell_count, created_at) VALUES (:id, :name, :strategy, :market, :exchange, :start, :end, "
                        + ":base, :grid, :status, :cells, :created)")
                .bind("id", s.id())
                .bind("name", s.name())
                .bind("strategy", s.strategy())
                .bind("market", s.market())
                .bind("exchange", s.exchange())
                .bind("start", s.rangeStart())
                .bind("end", s.rangeEnd())
                .bind("base", json.writeValueAsString(s.baseParams()))
                .bind("grid", json.writeValueAsString(gridJson(s.grid())))
                .bind("status", s.status().wire())
                .bind("cells", s.cellCount())
                .bind("created", utc(s.createdAt()))
                .then();
        Flux<Void> cells = Flux.range(0, (cellParams.size() + CELL_CHUNK - 1) / CELL_CHUNK).concatMap(chunk -> {
            int from = chunk * CELL_CHUNK;
            int to = Math.min(cellParams.size(), from + CELL_CHUNK);
            StringBuilder sql = new StringBuilder("INSERT INTO sweep_cells (sweep_id, idx, params, status) VALUES ");
            Map<String, Object> values = new HashMap<>();
            values.put("sweep", s.id());
            for (int i = from; i < to; i++) {
                sql.append(i == from ? "" : ", ").append("(:sweep, :i").append(i).append(", :p").append(i).append(", 'queued')");
                values.put("i" + i, i);
                values.put("p" + i, json.writeValueAsString(cellParams.get(i)));
            }
            return db.sql(sql.toString()).bindValues(values).then();
        });
        return sweep.thenMany(cells).then();
    }

    private ArrayNode gridJson(List<Sweep.Axis> grid) {
        ArrayNode array = json.createArrayNode();
        for (Sweep.Axis axis : grid) {
            ObjectNode a = array.addObject();
            a.put("parameter", axis.parameter());
            ArrayNode values = a.putArray("values");
            axis.values().forEach(values::add);
        }
        return array;
    }

    Mono<Sweep> findById(String id) {
        return db.sql("SELECT " + COLUMNS + " FROM sweeps WHERE id = :id").bind("id", id).map(this::map).one();
    }

    Flux<Sweep> findAllById(List<String> ids) {
        if (ids.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("SELECT " + COLUMNS + " FROM sweeps WHERE id IN (:ids)").bind("ids", ids).map(this::map).all();
    }

    /** Newest first. */
    Flux<Sweep> page(int limit, int offset) {
        return db.sql("SELECT " + COLUMNS + " FROM sweeps ORDER BY created_at DESC, row_no DESC LIMIT :limit OFFSET :offset")
                .bind("limit", limit).bind("offset", offset).map(this::map).all();
    }

    Mono<Long> count() {
        return db.sql("SELECT COUNT(*) AS n FROM sweeps").map(row -> ((Number) row.get("n")).longValue()).one();
    }

    Flux<Sweep> findByStatus(SweepStatus status) {
        return db.sql("SELECT " + COLUMNS + " FROM sweeps WHERE status = :status ORDER BY row_no")
                .bind("status", status.wire()).map(this::map).all();
    }

    /** {@code from} → {@code to}; 0 rows when the sweep was not in {@code from}. */
    Mono<Long> move(String id, SweepStatus from, SweepStatus to, Instant finishedAt) {
        GenericExecuteSpec spec = db.sql("UPDATE sweeps SET status = :to, finished_at = :finished WHERE id = :id AND status = :from")
                .bind("id", id).bind("from", from.wire()).bind("to", to.wire());
        spec = bind(spec, "finished", finishedAt == null ? null : utc(finishedAt), java.time.LocalDateTime.class);
        return spec.fetch().rowsUpdated();
    }

    Mono<Long> delete(String id) {
        return db.sql("DELETE FROM sweeps WHERE id = :id AND status <> 'running'").bind("id", id).fetch().rowsUpdated();
    }

    /** Per sweep: cells per status. */
    Mono<Map<String, Map<SweepCellStatus, Integer>>> countsByStatus(List<String> ids) {
        if (ids.isEmpty()) {
            return Mono.just(Map.of());
        }
        return db.sql("SELECT sweep_id, status, COUNT(*) AS n FROM sweep_cells WHERE sweep_id IN (:ids) GROUP BY sweep_id, status")
                .bind("ids", ids)
                .map(row -> new Object[] {row.get("sweep_id", String.class), row.get("status", String.class),
                        ((Number) row.get("n")).intValue()})
                .all()
                .collect(HashMap::new, (Map<String, Map<SweepCellStatus, Integer>> m, Object[] r) -> m
                        .computeIfAbsent((String) r[0], k -> new EnumMap<>(SweepCellStatus.class))
                        .put(SweepCellStatus.fromWire((String) r[1]), (Integer) r[2]));
    }

    // ---------------------------------------------------------------- cells

    Flux<SweepCell> cells(String sweepId) {
        return db.sql("SELECT " + CELL_COLUMNS + " FROM sweep_cells WHERE sweep_id = :s ORDER BY idx")
                .bind("s", sweepId).map(this::mapCell).all();
    }

    Flux<SweepCell> cellsWithStatus(String sweepId, SweepCellStatus status, int limit) {
        return db.sql("SELECT " + CELL_COLUMNS + " FROM sweep_cells WHERE sweep_id = :s AND status = :status ORDER BY idx LIMIT :limit")
                .bind("s", sweepId).bind("status", status.wire()).bind("limit", limit).map(this::mapCell).all();
    }

    Mono<SweepCell> cellOfSession(String sessionId) {
        return db.sql("SELECT " + CELL_COLUMNS + " FROM sweep_cells WHERE session_id = :id LIMIT 1")
                .bind("id", sessionId).map(this::mapCell).one();
    }

    /**
     * A page of cells: in grid order when {@code metric} is null, else by the metric (cells without
     * a value last, then grid order), strictly after the cursor {@code (afterValue, afterIndex)}.
     */
    Flux<SweepCell> cellPage(String sweepId, SweepMetric metric, boolean descending, boolean afterGiven, BigDecimal afterValue,
                             int afterIndex, int limit) {
        Map<String, Object> values = new HashMap<>();
        values.put("s", sweepId);
        values.put("limit", limit);
        String where = "sweep_id = :s";
        String order;
        if (metric == null) {
            order = "idx";
            if (afterGiven) {
                where += " AND idx > :ai";
                values.put("ai", afterIndex);
            }
        } else {
            String c = metric.column();
            order = "(" + c + " IS NULL), " + c + (descending ? " DESC" : " ASC") + ", idx";
            if (afterGiven) {
                values.put("ai", afterIndex);
                if (afterValue == null) {
                    where += " AND " + c + " IS NULL AND idx > :ai";
                } else {
                    values.put("av", afterValue);
                    where += " AND (" + c + " IS NULL OR " + c + (descending ? " < " : " > ") + ":av OR (" + c + " = :av AND idx > :ai))";
                }
            }
        }
        return db.sql("SELECT " + CELL_COLUMNS + " FROM sweep_cells WHERE " + where + " ORDER BY " + order + " LIMIT :limit")
                .bindValues(values).map(this::mapCell).all();
    }

    /** queued → running with its session. */
    Mono<Long> cellRunning(String sweepId, int idx, String sessionId, Instant now) {
        return db.sql("UPDATE sweep_cells SET status = 'running', session_id = :session, started_at = :now, finished_at = NULL "
                        + "WHERE sweep_id = :s AND idx = :i AND status = 'queued'")
                .bind("s", sweepId).bind("i", idx).bind("session", sessionId).bind("now", utc(now))
                .fetch().rowsUpdated();
    }

    /** A queued cell that could not get a session ends failed. */
    Mono<Long> cellFailedUnrun(String sweepId, int idx, Instant now) {
        return db.sql("UPDATE sweep_cells SET status = 'failed', finished_at = :now WHERE sweep_id = :s AND idx = :i "
                        + "AND status = 'queued'")
                .bind("s", sweepId).bind("i", idx).bind("now", utc(now)).fetch().rowsUpdated();
    }

    /** running → ended, with the metrics of its session; 0 rows when it was not running. */
    Mono<Long> cellEnded(String sweepId, int idx, SweepCellStatus to, CellMetrics m, Instant now) {
        GenericExecuteSpec spec = db.sql("UPDATE sweep_cells SET status = :to, total_pnl = :pnl, win_rate = :win, "
                        + "max_drawdown = :dd, trade_count = :n, sharpe = :sharpe, sortino = :sortino, profit_factor = :pf, "
                        + "finished_at = :now WHERE sweep_id = :s AND idx = :i AND status = 'running'")
                .bind("s", sweepId).bind("i", idx).bind("to", to.wire()).bind("now", utc(now));
        spec = bind(spec, "pnl", m.totalPnl(), BigDecimal.class);
        spec = bind(spec, "win", m.winRate(), BigDecimal.class);
        spec = bind(spec, "dd", m.maxDrawdown(), BigDecimal.class);
        spec = bind(spec, "n", m.tradeCount(), Integer.class);
        spec = bind(spec, "sharpe", m.sharpe(), Double.class);
        spec = bind(spec, "sortino", m.sortino(), Double.class);
        spec = bind(spec, "pf", m.profitFactor(), Double.class);
        return spec.fetch().rowsUpdated();
    }

    /** Cells that did not complete are queued again, keeping their sessions (which run again), metrics cleared. */
    Mono<Long> requeueUnfinished(String sweepId) {
        return db.sql("UPDATE sweep_cells SET status = 'queued', total_pnl = NULL, win_rate = NULL, max_drawdown = NULL, "
                        + "trade_count = NULL, sharpe = NULL, sortino = NULL, profit_factor = NULL, started_at = NULL, "
                        + "finished_at = NULL WHERE sweep_id = :s AND status IN ('running', 'failed', 'stopped')")
                .bind("s", sweepId).fetch().rowsUpdated();
    }

    /** Mean seconds from start to end of the cells that completed (null before any did). */
    Mono<Double> meanCellSeconds(String sweepId) {
        return db.sql("SELECT AVG(TIMESTAMPDIFF(MICROSECOND, started_at, finished_at)) / 1000000 AS s FROM sweep_cells "
                        + "WHERE sweep_id = :s AND status = 'completed' AND started_at IS NOT NULL")
                .bind("s", sweepId)
                .map(row -> {
                    Object v = row.get("s");
                    return v == null ? -1.0 : ((Number) v).doubleValue();
                })
                .one()
                .filter(v -> v >= 0);
    }

    /** The metrics of a cell that ended. */
    record CellMetrics(BigDecimal totalPnl, BigDecimal winRate, BigDecimal maxDrawdown, Integer tradeCount, Double sharpe,
                       Double sortino, Double profitFactor) {
        static final CellMetrics NONE = new CellMetrics(null, null, null, null, null, null, null);
    }

    // ---------------------------------------------------------------- mapping

    private Sweep map(Readable row) {
        JsonNode grid = json.readTree(row.get("grid", String.class));
        List<Sweep.Axis> axes = new ArrayList<>();
        for (JsonNode a : grid) {
            List<JsonNode> values = new ArrayList<>();
            a.get("values").forEach(values::add);
            axes.add(new Sweep.Axis(a.get("parameter").asString(), List.copyOf(values)));
        }
        return new Sweep(
                row.get("id", String.class),
                row.get("name", String.class),
                row.get("strategy", String.class),
                row.get("market", String.class),
                row.get("exchange", String.class),
                row.get("range_start", Long.class),
                row.get("range_end", Long.class),
                (ObjectNode) json.readTree(row.get("base_params", String.class)),
                List.copyOf(axes),
                SweepStatus.fromWire(row.get("status", String.class)),
                row.get("cell_count", Integer.class),
                instant(row, "created_at"),
                instant(row, "finished_at"),
                row.get("error", String.class),
                0, 0, 0, null, null);
    }

    private SweepCell mapCell(Readable row) {
        return new SweepCell(
                row.get("sweep_id", String.class),
                row.get("idx", Integer.class),
                (ObjectNode) json.readTree(row.get("params", String.class)),
                row.get("session_id", String.class),
                SweepCellStatus.fromWire(row.get("status", String.class)),
                row.get("total_pnl", BigDecimal.class),
                row.get("win_rate", BigDecimal.class),
                row.get("max_drawdown", BigDecimal.class),
                row.get("trade_count", Integer.class),
                decimal(row.get("sharpe", Double.class)),
                decimal(row.get("sortino", Double.class)),
                decimal(row.get("profit_factor", Double.class)),
                instant(row, "started_at"),
                instant(row, "finished_at"));
    }

    private static BigDecimal decimal(Double d) {
        return d == null || d.isNaN() || d.isInfinite() ? null : BigDecimal.valueOf(d);
    }
}
