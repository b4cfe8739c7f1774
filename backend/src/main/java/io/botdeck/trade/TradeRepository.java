package io.botdeck.trade;

import static io.botdeck.config.Sql.instant;
import static io.botdeck.config.Sql.utc;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.botdeck.engine.core.Side;
import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads and writes {@code trades}. Writes are multi-row statements: one round trip per batch. */
@Repository
public class TradeRepository {

    private static final String COLUMNS = "id, session_id, trade_no, group_no, market, side, size, entry_price, exit_price, "
            + "entry_time, exit_time, pnl, fees, exit_reason";
    private static final int CHUNK = 1_000;

    private final DatabaseClient db;

    public TradeRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Inserts or completes trades: an open trade is inserted; a closed one fills in its exit
     * (or is inserted whole if it opened and closed within one batch).
     */
    public Mono<Void> upsert(List<Trade> trades) {
        if (trades.isEmpty()) {
            return Mono.empty();
        }
        return Flux.range(0, (trades.size() + CHUNK - 1) / CHUNK)
                .concatMap(chunk -> upsertChunk(trades.subList(chunk * CHUNK, Math.min(trades.size(), (chunk + 1) * CHUNK))))
                .then();
    }

    private Mono<Long> upsertChunk(List<Trade> chunk) {
        StringBuilder sql = new StringBuilder("INSERT INTO trades (session_id, trade_no, group_no, market, side, size, entry_price, "
                + "exit_price, entry_time, exit_time, pnl, fees, exit_reason) VALUES ");
        for (int i = 0; i < chunk.size(); i++) {
            if (i > 0) {
                sql.append(", ");
            }
            sql.append("(:s").append(i).append(", :n").append(i).append(", :g").append(i).append(", :m").append(i)
                    .append(", :side").append(i).append(", :size").append(i).append(", :ep").append(i).append(", :xp").append(i)
                    .append(", :et").append(i).append(", :xt").append(i).append(", :pnl").append(i).append(", :fees").append(i)
                    .append(", :r").append(i).append(')');
        }
        sql.append(" ON DUPLICATE KEY UPDATE exit_price = VALUES(exit_price), exit_time = VALUES(exit_time), "
                + "pnl = VALUES(pnl), fees = VALUES(fees), exit_reason = VALUES(exit_reason)");
        // all values in one map: binding them one by one copies the spec each time (quadratic)
        Map<String, Object> values = new HashMap<>(chunk.size() * 16);
        for (int i = 0; i < chunk.size(); i++) {
            Trade t = chunk.get(i);
            values.put("s" + i, t.sessionId());
            values.put("n" + i, t.tradeNo());
            values.put("g" + i, t.groupNo());
            values.put("m" + i, t.market());
            values.put("side" + i, t.side().name());
            values.put("size" + i, t.size());
            values.put("ep" + i, t.entryPrice());
            values.put("et" + i, utc(t.entryTime()));
            values.put("fees" + i, t.fees());
            values.put("xp" + i, orNull(t.exitPrice(), BigDecimal.class));
            values.put("xt" + i, orNull(utc(t.exitTime()), LocalDateTime.class));
            values.put("pnl" + i, orNull(t.pnl(), BigDecimal.class));
            values.put("r" + i, orNull(t.exitReason(), String.class));
        }
        GenericExecuteSpec spec = db.sql(sql.toString()).bindValues(values);
        return spec.fetch().rowsUpdated();
    }

    /** Newest first. */
    public Flux<Trade> findBySession(String sessionId, int limit, int offset) {
        return db.sql("SELECT " + COLUMNS + " FROM trades WHERE session_id = :s ORDER BY entry_time DESC, trade_no DESC "
                        + "LIMIT :limit OFFSET :offset")
                .bind("s", sessionId).bind("limit", limit).bind("offset", offset)
                .map(TradeRepository::map).all();
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

    /** Trades left open by a run that ended (stop, failure, server restart). */
    public Mono<Long> deleteOpen(String sessionId) {
        return db.sql("DELETE FROM trades WHERE session_id = :s AND exit_time IS NULL").bind("s", sessionId)
                .fetch().rowsUpdated();
    }

    public Mono<Long> deleteAll(String sessionId) {
        return db.sql("DELETE FROM trades WHERE session_id = :s").bind("s", sessionId).fetch().rowsUpdated();
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
