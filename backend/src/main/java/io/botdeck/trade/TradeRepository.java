package io.botdeck.trade;

import static io.botdeck.config.Sql.instant;
import static io.botdeck.config.Sql.utc;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import io.botdeck.config.QueryTimeLimit;
import io.botdeck.core.Side;
import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads and writes {@code trades}. Writes are multi-row statements: one round trip per batch. */
@Repository
public class TradeRepository {

    private static final String COLUMNS = "id, session_id, trade_no, group_no, market, side, size, entry_price, exit_price, "
            + "entry_time, exit_time, pnl, fees, exit_reason";
    private static final int CHUNK = 1_000;
    private static final String UPSERT_HEAD = "INSERT INTO trades (session_id, trade_no, group_no, market, side, size, entry_price, "
            + "exit_price, entry_time, exit_time, pnl, fees, exit_reason) VALUES ";
    private static final String UPSERT_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int UPSERT_VALUES = 13;
    private static final String UPSERT_TAIL = " ON DUPLICATE KEY UPDATE exit_price = VALUES(exit_price), "
            + "exit_time = VALUES(exit_time), pnl = VALUES(pnl), fees = VALUES(fees), exit_reason = VALUES(exit_reason)";

    private final DatabaseClient db;
    private final QueryTimeLimit limits;
    private final TradeMarks marks = new TradeMarks();

    public TradeRepository(DatabaseClient db, QueryTimeLimit limits) {
        this.db = db;
        this.limits = limits;
    }

    /**
     * Inserts or completes trades: an open trade is inserted; a closed one fills in its exit
     * (or is inserted whole if it opened and closed within one batch).
     */
    public Mono<Void> upsert(List<Trade> trades) {
        if (trades.isEmpty()) {
            return Mono.empty();
        }
        trades.stream().map(Trade::sessionId).distinct().forEach(marks::written);
        return Flux.range(0, (trades.size() + CHUNK - 1) / CHUNK)
                .concatMap(chunk -> upsertChunk(trades.subList(chunk * CHUNK, Math.min(trades.size(), (chunk + 1) * CHUNK))))
                .doFinally(s -> trades.stream().map(Trade::sessionId).distinct().forEach(marks::written))
                .then();
    }

    private Mono<Long> upsertChunk(List<Trade> chunk) {
        StringBuilder sql = new StringBuilder(UPSERT_HEAD.length() + chunk.size() * (UPSERT_ROW.length() + 2) + UPSERT_TAIL.length())
                .append(UPSERT_HEAD);
        for (int i = 0; i < chunk.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(UPSERT_ROW);
        }
        sql.append(UPSERT_TAIL);
        // positional markers bound in one list: a thousand-row statement has 13,000 values, and
        // named ones would be looked up and expanded one by one
        List<Object> values = new ArrayList<>(chunk.size() * UPSERT_VALUES);
        for (Trade t : chunk) {
            values.add(t.sessionId());
            values.add(t.tradeNo());
            values.add(t.groupNo());
            values.add(t.market());
            values.add(t.side().name());
            values.add(t.size());
            values.add(t.entryPrice());
            values.add(orNull(t.exitPrice(), BigDecimal.class));
            values.add(utc(t.entryTime()));
            values.add(orNull(utc(t.exitTime()), LocalDateTime.class));
            values.add(orNull(t.pnl(), BigDecimal.class));
            values.add(t.fees());
            values.add(orNull(t.exitReason(), String.class));
        }
        return db.sql(sql.toString()).bindValues(values).fetch().rowsUpdated();
    }

    /**
     * Newest first. The page's ids are read in the order of {@code idx_session_entry_no} (which
     * holds them: an offset skips index entries, not rows), then only the page's rows. A deep
     * offset starts from the nearest of the session's {@link TradeMarks marks} before it, so at
     * most {@value TradeMarks#STEP} entries are skipped however deep the page.
     */
    public Flux<Trade> findBySession(String sessionId, int limit, int offset) {
        return marks.start(sessionId, offset, after -> nextMark(sessionId, after))
                .flatMapMany(start -> pageIds(sessionId, start, limit, offset - start.offset()))
                .collectList()
                .flatMapMany(ids -> ids.isEmpty() ? Flux.<Trade>empty()
                        : db.sql("SELECT " + COLUMNS + " FROM trades WHERE id IN (:ids)").bind("ids", ids)
                                .map(TradeRepository::map).all()
                                .collectMap(Trade::id)
                                .flatMapIterable(byId -> ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList()));
    }

    private static final String NEWEST_FIRST = " ORDER BY entry_time DESC, trade_no DESC";
    private static final String AT_OR_AFTER_MARK = " AND (entry_time < :t OR (entry_time = :t AND trade_no <= :n))";

    private Flux<Long> pageIds(String sessionId, TradeMarks.Start start, int limit, int skip) {
        String select = "SELECT id FROM trades FORCE INDEX (idx_session_entry_no) WHERE session_id = :s"
                + (start.key() == null ? "" : AT_OR_AFTER_MARK) + NEWEST_FIRST + " LIMIT :limit OFFSET :offset";
        return limits.many(select, sql -> atMark(db.sql(sql), start.key())
                .bind("s", sessionId).bind("limit", limit).bind("offset", skip)
                .map(row -> row.get("id", Long.class)).all());
    }

    /** The trade {@value TradeMarks#STEP} places after {@code after} (after the newest when null) in newest-first order. */
    private Mono<TradeMarks.Key> nextMark(String sessionId, TradeMarks.Key after) {
        String select = "SELECT entry_time, trade_no FROM trades FORCE INDEX (idx_session_entry_no) WHERE session_id = :s"
                + (after == null ? "" : AT_OR_AFTER_MARK) + NEWEST_FIRST + " LIMIT 1 OFFSET :step";
        return limits.one(select, sql -> atMark(db.sql(sql), after).bind("s", sessionId).bind("step", TradeMarks.STEP)
                .map(row -> new TradeMarks.Key(row.get("entry_time", LocalDateTime.class), row.get("trade_no", Integer.class)))
                .one());
    }

    private static DatabaseClient.GenericExecuteSpec atMark(DatabaseClient.GenericExecuteSpec spec, TradeMarks.Key key) {
        return key == null ? spec : spec.bind("t", key.entryTime()).bind("n", key.tradeNo());
    }

    /**
     * Up to {@code limit} trades strictly after ({@code older}) or before the trade entered at
     * {@code entryTime} with number {@code tradeNo} in newest-first order (from the newest or the
     * oldest end when {@code entryTime} is null); returned in the order read (older: newest first).
     */
    public Flux<Trade> scroll(String sessionId, Instant entryTime, Integer tradeNo, boolean older, int limit) {
        String order = older ? "entry_time DESC, trade_no DESC" : "entry_time ASC, trade_no ASC";
        String op = older ? "<" : ">";
        String keyset = entryTime == null ? ""
                : " AND (entry_time " + op + " :t OR (entry_time = :t AND trade_no " + op + " :n))";
        String select = "SELECT " + COLUMNS + " FROM trades FORCE INDEX (idx_session_entry_no) "
                + "WHERE session_id = :s" + keyset + " ORDER BY " + order + " LIMIT :limit";
        return limits.many(select, sql -> {
            DatabaseClient.GenericExecuteSpec spec = db.sql(sql).bind("s", sessionId).bind("limit", limit);
            if (entryTime != null) {
                spec = spec.bind("t", utc(entryTime)).bind("n", tradeNo);
            }
            return spec.map(TradeRepository::map).all();
        });
    }

    /** Closed trades in the order they closed: the input of the metric engine. */
    public Flux<Trade> findClosedInExitOrder(String sessionId) {
        return db.sql("SELECT " + COLUMNS + " FROM trades WHERE session_id = :s AND exit_time IS NOT NULL "
                        + "ORDER BY exit_time, trade_no")
                .bind("s", sessionId).map(TradeRepository::map).all();
    }

    /** Closed trades of several sessions, each session's in the order they closed. */
    public Flux<Trade> findClosedInExitOrder(List<String> sessionIds) {
        if (sessionIds.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("SELECT " + COLUMNS + " FROM trades WHERE session_id IN (:s) AND exit_time IS NOT NULL "
                        + "ORDER BY session_id, exit_time, trade_no")
                .bind("s", sessionIds).map(TradeRepository::map).all();
    }

    public Mono<Long> count(String sessionId) {
        return db.sql("SELECT COUNT(*) AS n FROM trades WHERE session_id = :s").bind("s", sessionId)
                .map(row -> row.get("n", Long.class)).one();
    }

    public Mono<Integer> maxTradeNo(String sessionId) {
        return db.sql("SELECT COALESCE(MAX(trade_no), 0) AS n FROM trades WHERE session_id = :s").bind("s", sessionId)
                .map(row -> ((Number) row.get("n")).intValue()).one();
    }

    /** Trades still open (not closed, not abandoned), in number order. */
    public Flux<Trade> findOpen(String sessionId) {
        return db.sql("SELECT " + COLUMNS + " FROM trades WHERE session_id = :s AND exit_time IS NULL "
                        + "AND (exit_reason IS NULL OR exit_reason <> :abandoned) ORDER BY trade_no")
                .bind("s", sessionId).bind("abandoned", Trade.ABANDONED).map(TradeRepository::map).all();
    }

    /** Marks open trades abandoned; rows, numbers, entries and prices stay as they are. */
    public Mono<Long> markAbandoned(String sessionId, List<Integer> tradeNos) {
        if (tradeNos.isEmpty()) {
            return Mono.just(0L);
        }
        return db.sql("UPDATE trades SET exit_reason = :abandoned WHERE session_id = :s AND trade_no IN (:nos) "
                        + "AND exit_time IS NULL")
                .bind("abandoned", Trade.ABANDONED).bind("s", sessionId).bind("nos", tradeNos)
                .fetch().rowsUpdated();
    }

    /** Every trade of the session, oldest entry first (read along {@code idx_session_entry_no}). */
    public Flux<Trade> findAllOldestFirst(String sessionId) {
        return db.sql("SELECT " + COLUMNS + " FROM trades FORCE INDEX (idx_session_entry_no) WHERE session_id = :s "
                        + "ORDER BY entry_time ASC, trade_no ASC")
                .bind("s", sessionId).map(TradeRepository::map).all();
    }

    public Mono<Long> deleteAll(String sessionId) {
        marks.written(sessionId);
        return db.sql("DELETE FROM trades WHERE session_id = :s").bind("s", sessionId).fetch().rowsUpdated()
                .doFinally(s -> marks.written(sessionId));
    }

    private static Object orNull(Object value, Class<?> type) {
        return value == null ? Parameters.in(type) : value;
    }

    private static Trade map(Readable row) {
        return new Trade(
                row.get("id", Long.class),
                row.get("session_id", String.class),
                row.get("trade_no", Integer.class),
                row.get("group_no", Integer.class),
                row.get("market", String.class),
                Side.valueOf(row.get("side", String.class)),
                row.get("size", BigDecimal.class),
                row.get("entry_price", BigDecimal.class),
                row.get("exit_price", BigDecimal.class),
                instant(row, "entry_time"),
                instant(row, "exit_time"),
                row.get("pnl", BigDecimal.class),
                row.get("fees", BigDecimal.class),
                row.get("exit_reason", String.class));
    }
}
