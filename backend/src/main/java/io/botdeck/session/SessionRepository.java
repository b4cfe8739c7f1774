package io.botdeck.session;

import static io.botdeck.config.Sql.bind;
import static io.botdeck.config.Sql.instant;
import static io.botdeck.config.Sql.likeLiteral;
import static io.botdeck.config.Sql.utc;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.botdeck.core.SessionType;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Reads and writes {@code sessions} and {@code session_events} with explicit SQL. */
@Repository
public class SessionRepository {

    static final String COLUMNS = "id, name, type, market, exchange, strategy, strategy_params, range_start, range_end, "
            + "status, pid, created_at, started_at, stopped_at, last_updated, trade_count, total_pnl, win_rate, "
            + "max_drawdown, trades_file, logs_file, cloned_from, notes, error_message, progress_done, progress_total, data_points";

    private static final int EVENT_CHUNK = 1_000;

    private final DatabaseClient db;
    private final JsonMapper json;

    public SessionRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    public Mono<Void> insert(Session s) {
        GenericExecuteSpec spec = db.sql("INSERT INTO sessions (id, name, type, market, exchange, strategy, strategy_params, "
                        + "range_start, range_end, status, created_at, cloned_from, notes) VALUES (:id, :name, :type, :market, "
                        + ":exchange, :strategy, :params, :rangeStart, :rangeEnd, :status, :createdAt, :clonedFrom, :notes)")
                .bind("id", s.id())
                .bind("name", s.name())
                .bind("type", s.type().wire())
                .bind("market", s.market())
                .bind("exchange", s.exchange())
                .bind("strategy", s.strategy())
                .bind("params", json.writeValueAsString(s.strategyParams()))
                .bind("status", s.status().wire())
                .bind("createdAt", utc(s.createdAt()));
        spec = bind(spec, "rangeStart", s.rangeStart(), Long.class);
        spec = bind(spec, "rangeEnd", s.rangeEnd(), Long.class);
        spec = bind(spec, "clonedFrom", s.clonedFrom(), String.class);
        spec = bind(spec, "notes", s.notes(), String.class);
        return spec.then();
    }

    public Mono<Session> findById(String id) {
        return db.sql("SELECT " + COLUMNS + " FROM sessions WHERE id = :id")
                .bind("id", id)
                .map(this::map)
                .one();
    }

    public Flux<Session> findAllById(List<String> ids) {
        if (ids.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("SELECT " + COLUMNS + " FROM sessions WHERE id IN (:ids)")
                .bind("ids", ids)
                .map(this::map)
                .all();
    }

    public Flux<Session> find(SessionQuery q) {
        Where where = where(q);
        GenericExecuteSpec spec = db.sql("SELECT " + COLUMNS + " FROM sessions" + where.sql
                + " ORDER BY " + q.sort().sql() + " LIMIT :limit OFFSET :offset");
        spec = where.bindTo(spec).bind("limit", q.limit()).bind("offset", q.offset());
        return spec.map(this::map).all();
    }

    public Mono<Long> count(SessionQuery q) {
        Where where = where(q);
        return where.bindTo(db.sql("SELECT COUNT(*) AS n FROM sessions" + where.sql))
                .map(row -> row.get("n", Long.class))
                .one();
    }

    public Flux<Session> findByStatus(SessionStatus status) {
        return db.sql("SELECT " + COLUMNS + " FROM sessions WHERE status = :status ORDER BY row_no")
                .bind("status", status.wire())
                .map(this::map)
                .all();
    }

    public Flux<Session> findClonesOf(List<String> parentIds) {
        if (parentIds.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("SELECT " + COLUMNS + " FROM sessions WHERE cloned_from IN (:ids) ORDER BY row_no")
                .bind("ids", parentIds)
                .map(this::map)
                .all();
    }

    /** Names already used with this prefix, for numbering generated names. */
    public Flux<String> namesStartingWith(String prefix) {
        String pattern = likeLiteral(prefix) + "%";
        return db.sql("SELECT name FROM sessions WHERE name LIKE :pattern")
                .bind("pattern", pattern)
                .map(row -> row.get("name", String.class))
                .all();
    }

    /** Changes the user-editable fields. */
    public Mono<Long> updateDetails(String id, String name, String notes) {
        GenericExecuteSpec spec = db.sql("UPDATE sessions SET name = :name, notes = :notes WHERE id = :id")
                .bind("id", id)
                .bind("name", name);
        return bind(spec, "notes", notes, String.class).fetch().rowsUpdated();
    }

    /** Changes the configuration, only while the session is still {@code created}. */
    public Mono<Long> updateConfiguration(String id, String market, ObjectNode params, Long rangeStart, Long rangeEnd) {
        GenericExecuteSpec spec = db.sql("UPDATE sessions SET market = :market, strategy_params = :params, "
                        + "range_start = :rangeStart, range_end = :rangeEnd WHERE id = :id AND status = 'created'")
                .bind("id", id)
                .bind("market", market)
                .bind("params", json.writeValueAsString(params));
        spec = bind(spec, "rangeStart", rangeStart, Long.class);
        spec = bind(spec, "rangeEnd", rangeEnd, Long.class);
        return spec.fetch().rowsUpdated();
    }

    /** Moves to running if the session is in one of {@code from}; returns the rows changed (0 or 1). */
    public Mono<Long> markRunning(String id, List<SessionStatus> from, Instant now, long pid) {
        return db.sql("UPDATE sessions SET status = 'running', started_at = :now, last_updated = :now, stopped_at = NULL, "
                        + "error_message = NULL, pid = :pid WHERE id = :id AND status IN (:from)")
                .bind("id", id)
                .bind("now", utc(now))
                .bind("pid", (int) pid)
                .bind("from", from.stream().map(SessionStatus::wire).toList())
                .fetch().rowsUpdated();
    }

    /** Ends a run: running → {@code to}, keeping the pid for the record. */
    public Mono<Long> markFinished(String id, SessionStatus to, Instant now, String errorMessage) {
        GenericExecuteSpec spec = db.sql("UPDATE sessions SET status = :to, stopped_at = :now, error_message = :error "
                        + "WHERE id = :id AND status = 'running'")
                .bind("id", id)
                .bind("to", to.wire())
                .bind("now", utc(now));
        return bind(spec, "error", errorMessage, String.class).fetch().rowsUpdated();
    }

    public Mono<Long> updatePid(String id, long pid) {
        return db.sql("UPDATE sessions SET pid = :pid WHERE id = :id")
                .bind("id", id)
                .bind("pid", (int) pid)
                .fetch().rowsUpdated();
    }

    public Mono<Long> heartbeat(String id, Instant now) {
        return db.sql("UPDATE sessions SET last_updated = :now WHERE id = :id AND status = 'running'")
                .bind("id", id)
                .bind("now", utc(now))
                .fetch().rowsUpdated();
    }

    public Mono<Long> updateResults(String id, int tradeCount, BigDecimal totalPnl, BigDecimal winRate, BigDecimal maxDrawdown) {
        return db.sql("UPDATE sessions SET trade_count = :n, total_pnl = :pnl, win_rate = :win, max_drawdown = :dd WHERE id = :id")
                .bind("id", id)
                .bind("n", tradeCount)
                .bind("pnl", totalPnl)
                .bind("win", winRate)
                .bind("dd", maxDrawdown)
                .fetch().rowsUpdated();
    }

    public Mono<Long> updateFiles(String id, String tradesFile, String logsFile) {
        GenericExecuteSpec spec = db.sql("UPDATE sessions SET trades_file = COALESCE(:trades, trades_file), "
                + "logs_file = COALESCE(:logs, logs_file) WHERE id = :id").bind("id", id);
        spec = bind(spec, "trades", tradesFile, String.class);
        spec = bind(spec, "logs", logsFile, String.class);
        return spec.fetch().rowsUpdated();
    }

    /** Deletes a session that is not running; its events and trades go with it. */
    public Mono<Long> deleteUnlessRunning(String id) {
        return db.sql("DELETE FROM sessions WHERE id = :id AND status <> 'running'")
                .bind("id", id)
                .fetch().rowsUpdated();
    }

    public Mono<Void> insertEvent(String sessionId, SessionEventType type, Map<String, ?> data, Instant at) {
        return db.sql("INSERT INTO session_events (session_id, event_type, event_data, created_at) "
                        + "VALUES (:session, :type, :data, :at)")
                .bind("session", sessionId)
                .bind("type", type.wire())
                .bind("data", json.writeValueAsString(data))
                .bind("at", utc(at))
                .then();
    }

    /** Several events in one statement (trades of a backtest batch). */
    public Mono<Void> insertEvents(String sessionId, SessionEventType type, List<Map<String, ?>> data, Instant at) {
        if (data.isEmpty()) {
            return Mono.empty();
        }
        if (data.size() > EVENT_CHUNK) {
            return Flux.range(0, (data.size() + EVENT_CHUNK - 1) / EVENT_CHUNK)
                    .concatMap(i -> insertEvents(sessionId, type, data.subList(i * EVENT_CHUNK,
                            Math.min(data.size(), (i + 1) * EVENT_CHUNK)), at))
                    .then();
        }
        StringBuilder sql = new StringBuilder("INSERT INTO session_events (session_id, event_type, event_data, created_at) VALUES ");
        for (int i = 0; i < data.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:session, :type, :d").append(i).append(", :at)");
        }
        Map<String, Object> values = new java.util.HashMap<>(data.size() * 2 + 3);
        values.put("session", sessionId);
        values.put("type", type.wire());
        values.put("at", utc(at));
        for (int i = 0; i < data.size(); i++) {
            values.put("d" + i, json.writeValueAsString(data.get(i)));
        }
        return db.sql(sql.toString()).bindValues(values).then();
    }

    /**
     * One {@code trade} event per closed trade, built by the database from the stored trade rows
     * (so a backtest's thousands of events cost one small statement, not thousands of bound values).
     */
    public Mono<Void> insertTradeEvents(String sessionId, List<Integer> tradeNos, Instant at) {
        if (tradeNos.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("INSERT INTO session_events (session_id, event_type, event_data, created_at) "
                        + "SELECT session_id, 'trade', JSON_OBJECT('trade_no', trade_no, 'market', market, 'side', side, "
                        + "'size', size, 'entry_price', entry_price, 'exit_price', exit_price, 'pnl', pnl, "
                        + "'exit_reason', exit_reason), :at FROM trades "
                        + "WHERE session_id = :session AND trade_no IN (:nos) AND exit_time IS NOT NULL ORDER BY trade_no")
                .bind("session", sessionId)
                .bind("nos", tradeNos)
                .bind("at", utc(at))
                .then();
    }

    public Mono<Long> updateProgress(String id, Long done, Long total, long dataPoints) {
        GenericExecuteSpec spec = db.sql("UPDATE sessions SET progress_done = :done, progress_total = :total, "
                + "data_points = :points WHERE id = :id").bind("id", id).bind("points", dataPoints);
        spec = bind(spec, "done", done, Long.class);
        spec = bind(spec, "total", total, Long.class);
        return spec.fetch().rowsUpdated();
    }

    public Flux<SessionEvent> findEvents(String sessionId, int limit) {
        return db.sql("SELECT id, session_id, event_type, event_data, created_at FROM session_events "
                        + "WHERE session_id = :session ORDER BY id DESC LIMIT :limit")
                .bind("session", sessionId)
                .bind("limit", limit)
                .map(row -> new SessionEvent(
                        row.get("id", Long.class),
                        row.get("session_id", String.class),
                        SessionEventType.fromWire(row.get("event_type", String.class)),
                        json.readTree(row.get("event_data", String.class)),
                        instant(row, "created_at")))
                .all();
    }

    private Session map(Readable row) {
        String params = row.get("strategy_params", String.class);
        return new Session(
                row.get("id", String.class),
                row.get("name", String.class),
                SessionType.fromWire(row.get("type", String.class)),
                row.get("market", String.class),
                row.get("exchange", String.class),
                row.get("strategy", String.class),
                params == null ? json.createObjectNode() : (ObjectNode) json.readTree(params),
                row.get("range_start", Long.class),
                row.get("range_end", Long.class),
                SessionStatus.fromWire(row.get("status", String.class)),
                row.get("pid", Integer.class),
                instant(row, "created_at"),
                instant(row, "started_at"),
                instant(row, "stopped_at"),
                instant(row, "last_updated"),
                orZero(row.get("trade_count", Integer.class)),
                orZero(row.get("total_pnl", BigDecimal.class)),
                orZero(row.get("win_rate", BigDecimal.class)),
                orZero(row.get("max_drawdown", BigDecimal.class)),
                row.get("trades_file", String.class),
                row.get("logs_file", String.class),
                row.get("cloned_from", String.class),
                row.get("notes", String.class),
                row.get("error_message", String.class),
                row.get("progress_done", Long.class),
                row.get("progress_total", Long.class),
                orZero(row.get("data_points", Long.class)));
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    private static Where where(SessionQuery q) {
        List<String> clauses = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (!q.statuses().isEmpty()) {
            clauses.add("status IN (:statuses)");
            params.put("statuses", q.statuses().stream().map(SessionStatus::wire).toList());
        }
        if (!q.types().isEmpty()) {
            clauses.add("type IN (:types)");
            params.put("types", q.types().stream().map(SessionType::wire).toList());
        }
        if (!q.markets().isEmpty()) {
            clauses.add("market IN (:markets)");
            params.put("markets", q.markets());
        }
        if (q.search() != null && !q.search().isBlank()) {
            clauses.add("(name LIKE :search OR strategy LIKE :search OR market LIKE :search OR notes LIKE :search)");
            params.put("search", "%" + likeLiteral(q.search().trim()) + "%");
        }
        return new Where(clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses), params);
    }

    private record Where(String sql, Map<String, Object> params) {
        GenericExecuteSpec bindTo(GenericExecuteSpec spec) {
            for (Map.Entry<String, Object> p : params.entrySet()) {
                spec = spec.bind(p.getKey(), p.getValue());
            }
            return spec;
        }
    }
}
