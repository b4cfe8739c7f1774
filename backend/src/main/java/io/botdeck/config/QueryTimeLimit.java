package io.botdeck.config;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.botdeck.error.QueryTooSlow;
import io.r2dbc.spi.R2dbcException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Bounds the time the database spends on one read statement of a list (sessions, trades): past
 * {@code botdeck.list-query-time-limit} the server itself stops the statement and frees its
 * connection, whether or not the client that asked is still waiting, and the request is answered
 * with {@link QueryTooSlow} (503, never a 500). On MariaDB the statement is prefixed with
 * {@code SET STATEMENT max_statement_time = s FOR}, on MySQL it carries the optimizer hint
 * {@code MAX_EXECUTION_TIME(ms)}; which one is asked of the server once.
 */
@Component
public class QueryTimeLimit {

    /**
     * How a stopped statement is reported: MariaDB's ER_STATEMENT_TIMEOUT, MySQL's
     * ER_QUERY_TIMEOUT, ER_QUERY_INTERRUPTED, and the storage engine's "aborted" (188), which
     * MariaDB passes on unnamed when it stops a full-text search.
     */
    private static final java.util.Set<Integer> STOPPED = java.util.Set.of(1969, 3024, 1317, 188);

    private final DatabaseClient db;
    private final Duration limit;
    private final AtomicReference<Boolean> mariaDb = new AtomicReference<>();

    public QueryTimeLimit(DatabaseClient db, @Value("${botdeck.list-query-time-limit:2s}") Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("botdeck.list-query-time-limit must be positive, not " + limit);
        }
        this.db = db;
        this.limit = limit;
    }

    public Duration limit() {
        return limit;
    }

    /** Runs the statements built from {@code select} (a statement starting with SELECT) within the limit. */
    public <T> Flux<T> many(String select, Function<String, Flux<T>> run) {
        return dialect().flatMapMany(maria -> run.apply(bounded(select, maria, limit))).onErrorMap(QueryTimeLimit::timedOut,
                e -> new QueryTooSlow(limit));
    }

    /** {@link #many} for a statement with one answer. */
    public <T> Mono<T> one(String select, Function<String, Mono<T>> run) {
        return one(select, limit, run);
    }

    /** {@link #one(String, Function)} within a limit of its own (shorter than the lists' limit). */
    public <T> Mono<T> one(String select, Duration within, Function<String, Mono<T>> run) {
        return dialect().flatMap(maria -> run.apply(bounded(select, maria, within))).onErrorMap(QueryTimeLimit::timedOut,
                e -> new QueryTooSlow(within));
    }

    String bounded(String select, boolean maria) {
        return bounded(select, maria, limit);
    }

    String bounded(String select, boolean maria, Duration limit) {
        if (!select.regionMatches(true, 0, "SELECT ", 0, 7)) {
            throw new IllegalArgumentException("only SELECT statements are bounded: " + select);
        }
        if (maria) {
            return String.format(Locale.ROOT, "SET STATEMENT max_statement_time = %.3f FOR %s", limit.toMillis() / 1000.0, select);
        }
        return "SELECT /*+ MAX_EXECUTION_TIME(" + limit.toMillis() + ") */ " + select.substring(7);
    }

    private Mono<Boolean> dialect() {
        Boolean known = mariaDb.get();
        if (known != null) {
            return Mono.just(known);
        }
        return db.sql("SELECT VERSION() AS v")
                .map(row -> row.get("v", String.class))
                .one()
                .map(v -> v != null && v.toLowerCase(Locale.ROOT).contains("mariadb"))
                .doOnNext(mariaDb::set);
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof R2dbcException r && STOPPED.contains(r.getErrorCode())) {
                return true;
            }
        }
        return false;
    }
}
