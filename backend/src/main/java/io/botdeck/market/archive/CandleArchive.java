package io.botdeck.market.archive;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import io.botdeck.core.Candle;
import io.botdeck.core.Prices;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The candle archive (table {@code candles}): candles per market, interval and open time, prices
 * as {@code DECIMAL} in the database and fixed-point longs in Java. Bulk writes are multi-row
 * {@code INSERT ... ON DUPLICATE KEY UPDATE} statements of at most {@value #CHUNK_ROWS} rows, all
 * in one transaction (r2dbc-mysql would send a batch one row at a time).
 */
@Repository
public class CandleArchive {

    /** Rows per INSERT statement. */
    static final int CHUNK_ROWS = 1_000;
    /** Longest {@code source} label the table takes. */
    static final int MAX_SOURCE_LENGTH = 20;

    private static final String INSERT = "INSERT INTO candles (market, interval_sec, open_time, open, high, low, close, "
            + "volume, trade_count, source) VALUES ";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPSERT = " ON DUPLICATE KEY UPDATE open = VALUES(open), high = VALUES(high), "
            + "low = VALUES(low), close = VALUES(close), volume = VALUES(volume), "
            + "trade_count = VALUES(trade_count), source = VALUES(source)";
    private static final String FULL_CHUNK_SQL = insertSql(CHUNK_ROWS);
    private static final String SELECT = "SELECT open_time, open, high, low, close, volume, trade_count FROM candles "
            + "WHERE market = :market AND interval_sec = :interval AND open_time >= :from AND open_time < :to ";

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public CandleArchive(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /**
     * Saves candles (inserting new ones, replacing those already archived at the same open time)
     * in one transaction; answers how many were written.
     *
     * @param source where they came from ("scraper", "import", "simulated" ...), at most 20 characters
     */
    public Mono<Long> saveAll(String market, int intervalSec, List<Candle> candles, String source) {
        return Mono.defer(() -> {
            requireMarket(market);
            requireInterval(intervalSec);
            if (source == null || source.isBlank() || source.length() > MAX_SOURCE_LENGTH) {
                return Mono.error(new IllegalArgumentException("source must be 1.." + MAX_SOURCE_LENGTH + " characters"));
            }
            if (candles.isEmpty()) {
                return Mono.just(0L);
            }
            int size = candles.size();
            int chunks = (size + CHUNK_ROWS - 1) / CHUNK_ROWS;
            return Flux.range(0, chunks)
                    .concatMap(i -> insert(market, intervalSec, source,
                            candles.subList(i * CHUNK_ROWS, Math.min(size, (i + 1) * CHUNK_ROWS))))
                    .then(Mono.just((long) size))
                    .as(tx::transactional);
        });
    }

    private Mono<Long> insert(String market, int intervalSec, String source, List<Candle> rows) {
        // one list for all parameters: binding them one by one copies the spec each time (quadratic)
        List<Object> values = new ArrayList<>(rows.size() * 10);
        for (Candle c : rows) {
            values.add(market);
            values.add(intervalSec);
            values.add(c.time());
            values.add(Prices.toDecimal(c.open()));
            values.add(Prices.toDecimal(c.high()));
            values.add(Prices.toDecimal(c.low()));
            values.add(Prices.toDecimal(c.close()));
            values.add(Prices.toDecimal(c.volume()));
            values.add(c.trades());
            values.add(source);
        }
        return db.sql(rows.size() == CHUNK_ROWS ? FULL_CHUNK_SQL : insertSql(rows.size()))
                .bindValues(values)
                .fetch()
                .rowsUpdated();
    }

    static String insertSql(int rows) {
        StringBuilder sql = new StringBuilder(INSERT.length() + rows * (ROW.length() + 2) + UPSERT.length());
        sql.append(INSERT);
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                sql.append(", ");
            }
            sql.append(ROW);
        }
        return sql.append(UPSERT).toString();
    }

    /** Candles with open time in {@code [fromSec, toSecExclusive)}, oldest first. */
    public Flux<Candle> range(String market, int intervalSec, long fromSec, long toSecExclusive) {
        return db.sql(SELECT + "ORDER BY open_time")
                .bind("market", market).bind("interval", intervalSec)
                .bind("from", fromSec).bind("to", toSecExclusive)
                .map(row -> candle(row, intervalSec))
                .all();
    }

    /** The first {@code limit} candles with open time in {@code [fromSec, toSecExclusive)}, oldest first. */
    public Flux<Candle> range(String market, int intervalSec, long fromSec, long toSecExclusive, int limit) {
        return db.sql(SELECT + "ORDER BY open_time LIMIT :limit")
                .bind("market", market).bind("interval", intervalSec)
                .bind("from", fromSec).bind("to", toSecExclusive).bind("limit", limit)
                .map(row -> candle(row, intervalSec))
                .all();
    }

    /** The latest {@code limit} candles with open time in {@code [fromSec, toSecExclusive)}, oldest first. */
    public Flux<Candle> latest(String market, int intervalSec, long fromSec, long toSecExclusive, int limit) {
        return db.sql(SELECT + "ORDER BY open_time DESC LIMIT :limit")
                .bind("market", market).bind("interval", intervalSec)
                .bind("from", fromSec).bind("to", toSecExclusive).bind("limit", limit)
                .map(row -> candle(row, intervalSec))
                .all()
                .collectList()
                .flatMapIterable(newestFirst -> {
                    Collections.reverse(newestFirst);
                    return newestFirst;
                });
    }

    /** Number of candles with open time in {@code [fromSec, toSecExclusive)}. */
    public Mono<Long> count(String market, int intervalSec, long fromSec, long toSecExclusive) {
        return db.sql("SELECT COUNT(*) AS n FROM candles WHERE market = :market AND interval_sec = :interval "
                        + "AND open_time >= :from AND open_time < :to")
                .bind("market", market).bind("interval", intervalSec)
                .bind("from", fromSec).bind("to", toSecExclusive)
                .map(row -> number(row, "n"))
                .one();
    }

    /** Open time of the market's latest archived candle of any interval; empty when it has none. */
    public Mono<Long> latestTime(String market) {
        return db.sql("SELECT MAX(open_time) AS t FROM candles WHERE market = :market")
                .bind("market", market)
                .map(row -> Optional.ofNullable(row.get("t", Long.class)))
                .one()
                .flatMap(Mono::justOrEmpty);
    }

    /** Open time of the market's latest archived candle of one interval; empty when it has none. */
    public Mono<Long> latestTime(String market, int intervalSec) {
        return db.sql("SELECT MAX(open_time) AS t FROM candles WHERE market = :market AND interval_sec = :interval")
                .bind("market", market).bind("interval", intervalSec)
                .map(row -> Optional.ofNullable(row.get("t", Long.class)))
                .one()
                .flatMap(Mono::justOrEmpty);
    }

    /** How many of the candles expected in {@code [fromSec, toSecExclusive)} the archive holds. */
    public Mono<Coverage> coverage(String market, int intervalSec, long fromSec, long toSecExclusive) {
        return Mono.defer(() -> {
            requireInterval(intervalSec);
            long expected = Coverage.expected(fromSec, toSecExclusive, intervalSec);
            return db.sql("SELECT COUNT(*) AS n, MIN(open_time) AS first, MAX(open_time) AS last FROM candles "
                            + "WHERE market = :market AND interval_sec = :interval AND open_time >= :from AND open_time < :to")
                    .bind("market", market).bind("interval", intervalSec)
                    .bind("from", fromSec).bind("to", toSecExclusive)
                    .map(row -> new Coverage(market, intervalSec, fromSec, toSecExclusive, expected, number(row, "n"),
                            row.get("first", Long.class), row.get("last", Long.class)))
                    .one();
        });
    }

    /** A row of {@link #SELECT}, read by position. */
    private static Candle candle(Readable row, int intervalSec) {
        return new Candle(
                row.get(0, Long.class),
                intervalSec,
                Prices.of(row.get(1, BigDecimal.class)),
                Prices.of(row.get(2, BigDecimal.class)),
                Prices.of(row.get(3, BigDecimal.class)),
                Prices.of(row.get(4, BigDecimal.class)),
                Prices.of(row.get(5, BigDecimal.class)),
                row.get(6, Integer.class));
    }

    private static long number(Readable row, String column) {
        Number n = row.get(column, Number.class);
        return n == null ? 0 : n.longValue();
    }

    private static void requireMarket(String market) {
        if (market == null || market.isBlank()) {
            throw new IllegalArgumentException("market must not be empty");
        }
    }

    private static void requireInterval(int intervalSec) {
        if (intervalSec < 1) {
            throw new IllegalArgumentException("interval must be at least 1 second");
        }
    }
}
