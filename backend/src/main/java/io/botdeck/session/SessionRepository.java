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

import io.botdeck.config.QueryTimeLimit;
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
            + "max_drawdown, trades_file, logs_file, cloned_from, notes, error_message, progress_done, progress_total, data_points, "
            + "sweep_id, fingerprint, lean_log, verifies, verifies_trades_hash";

    private static final int EVENT_CHUNK = 1_000;

    private final DatabaseClient db;
    private final JsonMapper json;
    private final QueryTimeLimit limits;

    public SessionRepository(DatabaseClient db, JsonMapper json, QueryTimeLimit limits) {
        this.db = db;
        this.json = json;
        this.limits = limits;
    }

    public Mono<Void> insert(Session s) {
        GenericExecuteSpec spec = db.sql("INSERT INTO sessions (id, name, type, market, exchange, strategy, strategy_params, "
                        + "range_start, range_end, status, created_at, cloned_from, notes, sweep_id, lean_log, verifies, verifies_trades_hash) "
                        + "VALUES (:id, :name, :type, :market, :exchange, :strategy, :params, :rangeStart, :rangeEnd, :status, "
                        + ":createdAt, :clonedFrom, :notes, :sweepId, :leanLog, :verifies, :verifiesHash)")
                .bind("id", s.id())
                .bind("name", s.name())
                .bind("type", s.type().wire())
                .bind("market", s.market())
                .bind("exchange", s.exchange())
                .bind("strategy", s.strategy())
                .bind("params", json.writeValueAsString(s.strategyParams()))
                .bind("status", s.status().wire())
                .bind("createdAt", utc(s.createdAt()))
                .bind("leanLog", s.leanLog());
        spec = bind(spec, "verifies", s.verifies(), String.class);
        spec = bind(spec, "verifiesHash", s.verifiesTradesHash(), String.class);
        spec = bind(spec, "rangeStart", s.rangeStart(), Long.class);
        spec = bind(spec, "rangeEnd", s.rangeEnd(), Long.class);
        spec = bind(spec, "clonedFrom", s.clonedFrom(), String.class);
        spec = bind(spec, "notes", s.notes(), String.class);
        spec = bind(spec, "sweepId", s.sweepId(), String.class);
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

    /**
     * One page by offset. The page's ids are read first, from the index of the sort column (which
     * also holds the filtered columns): a deep offset skips index entries, not rows. Then only
     * the page's rows, by id. (Two statements rather than a join on a derived table: the rows'
     * JSON and TEXT columns would put that join's temporary table on disk for every page.)
     */
    public Flux<Session> find(SessionQuery q) {
        return find(q, false);
    }

    /**
     * {@link #find(SessionQuery)}, reading the page's ids from the index of the query's period
     * ({@code idx_stopped}, or {@code idx_created}) and sorting them, instead of walking the index
     * of the sort column, when {@code byPeriod}: the cheaper way when few sessions of a period
     * match (the walk would pass every session outside the period, and the matches may all lie at
     * the far end of the sort order). Ignored for word searches through the full-text index.
     */
    Flux<Session> find(SessionQuery q, boolean byPeriod) {
        return search(q).flatMapMany(search -> {
            Where where = where(q, search);
            String index = !byPeriod || !search.words().isEmpty() ? ""
                    : q.stoppedAfter() != null || q.stoppedBefore() != null ? " FORCE INDEX (idx_stopped)"
                    : q.createdAfter() != null || q.createdBefore() != null ? " FORCE INDEX (idx_created)" : "";
            String select = "SELECT id FROM sessions" + index + where.sql + " ORDER BY " + q.sort().sql() + " LIMIT :limit OFFSET :offset";
            return limits.many(select, sql -> where.bindTo(db.sql(sql)).bind("limit", q.limit()).bind("offset", q.offset())
                            .map(row -> row.get("id", String.class)).all())
                    .collectList()
                    .flatMapMany(ids -> inOrder(ids).map(SessionRow::session));
        });
    }

    /**
     * Up to {@code count} sessions strictly after {@code position} in {@code sort} order (from the
     * start when null), each with its {@code row_no}. To read backwards, pass the reversed sort.
     */
    Flux<SessionRow> scroll(SessionQuery q, SessionSort sort, SessionKeyset position, int count) {
        return search(q).flatMapMany(search -> {
            Where where = where(q, search);
            if (position != null) {
                where = where.and(after(sort, position));
            }
            Where w = where;
            String select = "SELECT id FROM sessions" + where.sql + " ORDER BY " + sort.sql() + " LIMIT :limit";
            return limits.many(select, sql -> w.bindTo(db.sql(sql)).bind("limit", count)
                            .map(row -> row.get("id", String.class)).all())
                    .collectList().flatMapMany(this::inOrder);
        });
    }

    /** The sessions with these ids, in this order (one that was deleted meanwhile is left out). */
    private Flux<SessionRow> inOrder(List<String> ids) {
        if (ids.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("SELECT " + COLUMNS + ", row_no FROM sessions WHERE id IN (:ids)")
                .bind("ids", ids)
                .map(row -> new SessionRow(map(row), row.get("row_no", Long.class)))
                .all()
                .collectMap(r -> r.session().id())
                .flatMapIterable(byId -> ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList());
    }

    /** Whether any session matching {@code q} lies strictly after {@code position} in {@code sort} order. */
    Mono<Boolean> anyAfter(SessionQuery q, SessionSort sort, SessionKeyset position) {
        return search(q).flatMap(search -> {
            Where where = where(q, search).and(after(sort, position));
            return limits.one("SELECT 1 AS x FROM sessions" + where.sql + " LIMIT 1",
                    sql -> where.bindTo(db.sql(sql)).map(row -> true).one()).defaultIfEmpty(false);
        });
    }

    /** How many sessions match, counting at most {@code cap} + 1 of them. */
    public Mono<Long> countUpTo(SessionQuery q, long cap) {
        return search(q).flatMap(search -> {
            Where where = where(q, search);
            return limits.one("SELECT COUNT(*) AS n FROM (SELECT 1 AS x FROM sessions" + where.sql + " LIMIT :cap) c",
                    sql -> where.bindTo(db.sql(sql)).bind("cap", cap + 1)
                            .map(row -> ((Number) row.get("n")).longValue())
                            .one());
        });
    }

    /** Sessions one word may begin a word of before it is searched row by row (see {@link SessionSearch#withCommon}). */
    static final long COMMON_WORD = 10_000;
    private static final java.time.Duration WORD_FREQUENCY_KEPT = java.time.Duration.ofMinutes(10);
    private final Map<String, long[]> wordFrequency = new java.util.concurrent.ConcurrentHashMap<>();
    /** How long the full-text index may take to count a word's sessions (up to {@link #COMMON_WORD}) before the word counts as common. */
    static final java.time.Duration WORD_PROBE_TIME = java.time.Duration.ofSeconds(1);
    /** A word whose count took too long: common, but how common is not known. */
    private static final long UNCOUNTED_COMMON = Long.MAX_VALUE;

    /**
     * Whether the query's search checks a common word row by row (see {@link SessionSearch#withCommon}),
     * and, if so, at least how many sessions match when the search is the only filter (0 when not known).
     */
    Mono<long[]> rowByRowSearch(SessionQuery q) {
        return search(q).map(search -> {
            if (search.commonWords().isEmpty()) {
                return new long[] {0, 0};
            }
            long known = 0;
            boolean searchOnly = q.statuses().isEmpty() && q.types().isEmpty() && q.markets().isEmpty()
                    && q.sweepCells() == SweepCells.INCLUDE && q.sweepId() == null
                    && q.createdAfter() == null && q.createdBefore() == null && q.stoppedAfter() == null && q.stoppedBefore() == null;
            if (searchOnly && search.words().isEmpty() && search.shortWords().isEmpty() && search.commonWords().size() == 1) {
                long[] f = wordFrequency.get(search.commonWords().get(0));
                known = f == null || f[0] == UNCOUNTED_COMMON ? 0 : f[0];
            }
            return new long[] {1, known};
        });
    }

    /** The query's search with its common words found out (each word counted once per ten minutes, up to {@link #COMMON_WORD}). */
    private Mono<SessionSearch> search(SessionQuery q) {
        SessionSearch search = SessionSearch.of(q.search());
        if (search.words().isEmpty()) {
            return Mono.just(search);
        }
        long now = System.nanoTime();
        if (wordFrequency.size() > 10_000) {
            wordFrequency.clear();
        }
        return Flux.fromIterable(search.words())
                .concatMap(word -> {
                    long[] known = wordFrequency.get(word);
                    if (known != null && now - known[1] < WORD_FREQUENCY_KEPT.toNanos()) {
                        return Mono.just(Map.entry(word, known[0] >= COMMON_WORD));
                    }
                    // one count per word at a time: concurrent searches for it wait for the same one
                    return probing.computeIfAbsent(word, w -> probe(w)
                                    .doFinally(signal -> probing.remove(w))
                                    .cache())
                            .map(n -> Map.entry(word, n >= COMMON_WORD));
                })
                .filter(Map.Entry::getValue)
                .map(Map.Entry::getKey)
                .collectList()
                .map(search::withCommon);
    }

    private final Map<String, Mono<Long>> probing = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * How many sessions have a word beginning with {@code word}, counted by the full-text index up
     * to {@link #COMMON_WORD}. The index hands over every such session before the first is
     * counted, so a word in very many takes long: past {@link #WORD_PROBE_TIME} the count is
     * given up and the word is common without a number.
     */
    private Mono<Long> probe(String word) {
        long started = System.nanoTime();
        return limits.one("SELECT COUNT(*) AS n FROM (SELECT 1 AS x FROM sessions "
                                + "WHERE MATCH (name, strategy, market, notes) AGAINST (:w IN BOOLEAN MODE) LIMIT :cap) c",
                        WORD_PROBE_TIME,
                        sql -> db.sql(sql).bind("w", "+" + word + "*").bind("cap", COMMON_WORD)
                                .map(row -> ((Number) row.get("n")).longValue()).one())
                .onErrorResume(io.botdeck.error.QueryTooSlow.class, e -> Mono.just(UNCOUNTED_COMMON))
                .doOnNext(n -> wordFrequency.put(word, new long[] {n, started}));
    }

    /** The exact number of sessions with these statuses, types and markets, from {@code session_counts}. */
    public Mono<Long> countKept(SessionQuery q) {
        Where where = keptWhere(q);
        return limits.one("SELECT COALESCE(SUM(n), 0) AS n FROM session_counts" + where.sql,
                sql -> where.bindTo(db.sql(sql)).map(row -> ((Number) row.get("n")).longValue()).one());
    }

    /** A session of a scrolled list with its creation order (the tie-breaker that cursors carry). */
    record SessionRow(Session session, long rowNo) {
    }

    /** The ids of a sweep's cell sessions (through {@code idx_sweep}). */
    public Flux<String> findIdsBySweep(String sweepId) {
        return db.sql("SELECT id FROM sessions WHERE sweep_id = :sweep ORDER BY row_no")
                .bind("sweep", sweepId)
                .map(row -> row.get("id", String.class))
                .all();
    }

    public Flux<Session> findByStatus(SessionStatus status) {
        return db.sql("SELECT " + COLUMNS + " FROM sessions WHERE status = :status ORDER BY row_no")
                .bind("status", status.wire())
                .map(this::map)
                .all();
    }

    /** Sessions that ended in one of {@code statuses} at or after {@code since}, oldest end first, at most {@code limit}. */
    public Flux<Session> findEndedSince(Instant since, List<SessionStatus> statuses, int limit) {
        return db.sql("SELECT " + COLUMNS + " FROM sessions WHERE stopped_at >= :since AND status IN (:statuses)"
                        + " ORDER BY stopped_at, row_no LIMIT :limit")
                .bind("since", utc(since))
                .bind("statuses", statuses.stream().map(SessionStatus::wire).toList())
                .bind("limit", limit)
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

    /**
     * The next number of a generated-name prefix ({@code "BTC Test #"}): one atomic step of its
     * counter. Run it in a transaction (the step and the read of its result on one connection).
     */
    public Mono<Integer> nextNameNumber(String prefix) {
        return db.sql("INSERT INTO session_name_counters (prefix, last_no) VALUES (:p, 1) "
                        + "ON DUPLICATE KEY UPDATE last_no = last_no + 1")
                .bind("p", prefix).then()
                .then(db.sql("SELECT last_no FROM session_name_counters WHERE prefix = :p")
                        .bind("p", prefix)
                        .map(row -> ((Number) row.get("last_no")).intValue())
                        .one());
    }

    /** A name ending in {@code " #<n>"} was given by hand: later generated names of its prefix go past it. */
    public Mono<Void> nameNumberUsed(String prefix, int number) {
        return db.sql("INSERT INTO session_name_counters (prefix, last_no) VALUES (:p, :n) "
                        + "ON DUPLICATE KEY UPDATE last_no = GREATEST(last_no, :n)")
                .bind("p", prefix).bind("n", number).then();
    }

    /**
     * Keeps a backtest's fingerprint (canonical JSON) while it is still running: written just
     * before it is marked completed, so a completed backtest always has its fingerprint.
     */
    public Mono<Long> updateFingerprint(String id, String fingerprint) {
        return db.sql("UPDATE sessions SET fingerprint = :fp WHERE id = :id AND status = 'running'")
                .bind("id", id)
                .bind("fp", fingerprint)
                .fetch().rowsUpdated();
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
                        + "error_message = NULL, fingerprint = NULL, pid = :pid WHERE id = :id AND status IN (:from)")
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

    /** The results of one session, for {@link #updateResults(List)}. */
    public record ResultsRow(String id, int tradeCount, BigDecimal totalPnl, BigDecimal winRate, BigDecimal maxDrawdown) {
    }

    /** The progress of one session, for {@link #updateProgress(List)}. */
    public record ProgressRow(String id, Long done, Long total, long dataPoints) {
    }

    /**
     * The results of many sessions in one statement: each row's values replace its session's
     * (a session deleted meanwhile is left out). Returns how many rows the database changed.
     */
    public Mono<Long> updateResults(List<ResultsRow> rows) {
        return updateEach(rows, List.of("trade_count", "total_pnl", "win_rate", "max_drawdown"),
                List.of(Integer.class, BigDecimal.class, BigDecimal.class, BigDecimal.class), ResultsRow::id,
                r -> new Object[] {r.tradeCount(), r.totalPnl(), r.winRate(), r.maxDrawdown()});
    }

    /** The progress of many sessions in one statement (see {@link #updateResults(List)}). */
    public Mono<Long> updateProgress(List<ProgressRow> rows) {
        return updateEach(rows, List.of("progress_done", "progress_total", "data_points"),
                List.of(Long.class, Long.class, Long.class), ProgressRow::id,
                r -> new Object[] {r.done(), r.total(), r.dataPoints()});
    }

    /**
     * One statement that sets {@code columns} of each session to its own values:
     * {@code UPDATE sessions s JOIN (SELECT :id0 AS id, :v0_0 AS c0, … UNION ALL SELECT …) v ON s.id = v.id SET …}.
     */
    private <R> Mono<Long> updateEach(List<R> rows, List<String> columns, List<Class<?>> types,
                                      java.util.function.Function<R, String> id, java.util.function.Function<R, Object[]> values) {
        if (rows.isEmpty()) {
            return Mono.just(0L);
        }
        StringBuilder sql = new StringBuilder("UPDATE sessions s JOIN (");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "SELECT :id0 AS id" : " UNION ALL SELECT :id" + i);
            for (int c = 0; c < columns.size(); c++) {
                sql.append(", :v").append(i).append('_').append(c).append(i == 0 ? " AS c" + c : "");
            }
        }
        sql.append(") v ON s.id = v.id SET ");
        for (int c = 0; c < columns.size(); c++) {
            sql.append(c == 0 ? "" : ", ").append("s.").append(columns.get(c)).append(" = v.c").append(c);
        }
        GenericExecuteSpec spec = db.sql(sql.toString());
        for (int i = 0; i < rows.size(); i++) {
            R row = rows.get(i);
            spec = spec.bind("id" + i, id.apply(row));
            Object[] v = values.apply(row);
            for (int c = 0; c < columns.size(); c++) {
                spec = bind(spec, "v" + i + "_" + c, v[c], types.get(c));
            }
        }
        return spec.fetch().rowsUpdated();
    }

    /** Heartbeats of many running sessions at once: {@code last_updated} of each of them that still runs becomes {@code now}. */
    public Mono<Long> heartbeats(List<String> ids, Instant now) {
        if (ids.isEmpty()) {
            return Mono.just(0L);
        }
        return db.sql("UPDATE sessions SET last_updated = :now WHERE id IN (:ids) AND status = 'running'")
                .bind("ids", ids)
                .bind("now", utc(now))
                .fetch().rowsUpdated();
    }

    /**
     * Running sessions whose {@code last_updated} (or, before their first heartbeat, start) is
     * older than {@code before}: read from an index on status and last heartbeat, so the cost is
     * the stale sessions, not every running one.
     */
    public Flux<Session> findRunningSilentSince(Instant before) {
        return db.sql("SELECT " + COLUMNS + " FROM sessions WHERE status = 'running' AND last_updated < :before"
                        + " UNION ALL SELECT " + COLUMNS + " FROM sessions WHERE status = 'running' AND last_updated IS NULL")
                .bind("before", utc(before))
                .map(this::map)
                .all();
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
        String fingerprint = row.get("fingerprint", String.class);
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
                orZero(row.get("data_points", Long.class)),
                row.get("sweep_id", String.class),
                fingerprint == null ? null : (ObjectNode) json.readTree(fingerprint),
                flag(row.get("lean_log")),
                row.get("verifies", String.class),
                row.get("verifies_trades_hash", String.class));
    }

    private static boolean flag(Object value) {
        return value instanceof Boolean b ? b : value instanceof Number n && n.intValue() != 0;
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

    private static Where where(SessionQuery q, SessionSearch search) {
        List<String> clauses = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        kept(q, clauses, params);
        time(clauses, params, "created_at", ">=", "createdAfter", q.createdAfter());
        time(clauses, params, "created_at", "<", "createdBefore", q.createdBefore());
        time(clauses, params, "stopped_at", ">=", "stoppedAfter", q.stoppedAfter());
        time(clauses, params, "stopped_at", "<", "stoppedBefore", q.stoppedBefore());
        if (q.sweepId() != null) {
            clauses.add("sweep_id = :sweepId");
            params.put("sweepId", q.sweepId());
        }
        if (!search.words().isEmpty()) {
            clauses.add("MATCH (name, strategy, market, notes) AGAINST (:fulltext IN BOOLEAN MODE)");
            params.put("fulltext", search.fullTextQuery());
        }
        for (int i = 0; i < search.commonWords().size(); i++) {
            String p = "common" + i;
            clauses.add("(name REGEXP :" + p + " OR strategy REGEXP :" + p + " OR market REGEXP :" + p
                    + " OR notes REGEXP :" + p + ")");
            params.put(p, SessionSearch.wordStart(search.commonWords().get(i)));
        }
        for (int i = 0; i < search.shortWords().size(); i++) {
            String p = "word" + i;
            clauses.add("(name LIKE :" + p + " OR strategy LIKE :" + p + " OR market LIKE :" + p + " OR notes LIKE :" + p + ")");
            params.put(p, "%" + likeLiteral(search.shortWords().get(i)) + "%");
        }
        return new Where(clauses, params);
    }

    private static void time(List<String> clauses, Map<String, Object> params, String column, String op, String name,
                             Instant value) {
        if (value != null) {
            clauses.add(column + " " + op + " :" + name);
            params.put(name, utc(value));
        }
    }

    /** The filter on {@code session_counts}. */
    private static Where keptWhere(SessionQuery q) {
        List<String> clauses = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        kept(q, clauses, params);
        return new Where(clauses, params);
    }

    /** Status, type, market and "is a cell": the columns both the sessions table and its counts are filtered by. */
    private static void kept(SessionQuery q, List<String> clauses, Map<String, Object> params) {
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
        if (q.sweepCells() != SweepCells.INCLUDE) {
            clauses.add("sweep_cell = :sweepCell");
            params.put("sweepCell", q.sweepCells() == SweepCells.ONLY ? 1 : 0);
        }
    }

    /**
     * Rows strictly after {@code (value, row_no)} in {@code sort} order. NULLs sort first
     * ascending and last descending (as MariaDB and MySQL order them); ENUM columns compare by
     * their declared order, so they are matched with IN lists of the values on the far side.
     */
    private static Clause after(SessionSort sort, SessionKeyset at) {
        String c = sort.column();
        boolean desc = sort.descending();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("atRow", at.rowNo());
        String beyondRow = "row_no " + (desc ? "<" : ">") + " :atRow";
        if (at.value() == null) {
            return new Clause(desc ? "(" + c + " IS NULL AND " + beyondRow + ")"
                    : "((" + c + " IS NULL AND " + beyondRow + ") OR " + c + " IS NOT NULL)", params);
        }
        Object value = sqlValue(sort.kind(), at.value());
        params.put("atValue", value);
        String beyondValue;
        if (sort.kind() == SessionSort.Kind.STATUS || sort.kind() == SessionSort.Kind.TYPE) {
            List<String> order = sort.kind() == SessionSort.Kind.STATUS
                    ? java.util.Arrays.stream(SessionStatus.values()).map(SessionStatus::wire).toList()
                    : java.util.Arrays.stream(SessionType.values()).map(SessionType::wire).toList();
            int i = order.indexOf((String) value);
            List<String> beyond = desc ? order.subList(0, Math.max(i, 0)) : order.subList(i + 1, order.size());
            params.put("beyondValues", beyond.isEmpty() ? List.of("") : beyond);
            beyondValue = c + " IN (:beyondValues)";
        } else {
            beyondValue = c + (desc ? " < " : " > ") + ":atValue";
        }
        String sql = "(" + beyondValue + " OR (" + c + " = :atValue AND " + beyondRow + ")" + (desc ? " OR " + c + " IS NULL" : "") + ")";
        return new Clause(sql, params);
    }

    /** A cursor's value as the column compares it; a value that does not fit the column is bad input. */
    private static Object sqlValue(SessionSort.Kind kind, String value) {
        try {
            return switch (kind) {
                case TIME -> utc(Instant.ofEpochSecond(Long.parseLong(value)));
                case NUMBER -> new BigDecimal(value);
                case STATUS -> SessionStatus.fromWire(value).wire();
                case TYPE -> SessionType.fromWire(value).wire();
                case TEXT -> value;
            };
        } catch (RuntimeException e) {
            throw new io.botdeck.error.InvalidInputException("the cursor does not belong to this list");
        }
    }

    private record Clause(String sql, Map<String, Object> params) {
    }

    private record Where(List<String> clauses, Map<String, Object> params, String sql) {

        Where(List<String> clauses, Map<String, Object> params) {
            this(clauses, params, clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses));
        }

        Where and(Clause clause) {
            List<String> more = new ArrayList<>(clauses);
            more.add(clause.sql());
            Map<String, Object> all = new LinkedHashMap<>(params);
            all.putAll(clause.params());
            return new Where(more, all);
        }

        GenericExecuteSpec bindTo(GenericExecuteSpec spec) {
            for (Map.Entry<String, Object> p : params.entrySet()) {
                spec = spec.bind(p.getKey(), p.getValue());
            }
            return spec;
        }
    }
}
