package io.botdeck.trade;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import graphql.relay.Connection;
import io.botdeck.error.InvalidInputException;
import io.botdeck.graphql.CursorPaging;
import io.botdeck.metrics.EquityPoint;
import io.botdeck.metrics.Metrics;
import io.botdeck.session.Session;
import io.botdeck.web.QueryParams;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.pagination.CursorStrategy;
import org.springframework.graphql.data.query.ScrollSubrange;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/**
 * GraphQL adapter of {@link TradeService}: a session's {@code trades}, {@code metrics} (one
 * query for a whole list of sessions) and {@code equity}, and the {@code Trade} and
 * {@code EquityPoint} types.
 */
@Controller
public class TradeGraphQlController {

    static final int MAX_PAGE = 500;

    private final TradeService trades;
    private final CursorPaging paging;

    public TradeGraphQlController(TradeService trades, CursorStrategy<ScrollPosition> cursors) {
        this.trades = trades;
        this.paging = new CursorPaging(cursors);
    }

    /** {@code TradePage}. */
    public record TradePage(List<Trade> items, long total, int limit, int offset) {
    }

    @SchemaMapping(typeName = "Session")
    public Mono<TradePage> trades(Session session, @Argument Integer limit, @Argument Integer offset) {
        return Mono.defer(() -> {
            int l = QueryParams.size("limit", limit, 50, 1, MAX_PAGE);
            int o = QueryParams.wholeNumber("offset", offset, 0, 0, Integer.MAX_VALUE);
            return Mono.zip(trades.page(session.id(), l, o).collectList(), trades.count(session.id()))
                    .map(t -> new TradePage(t.getT1(), t.getT2(), l, o));
        });
    }

    /** Relay cursor paging over the session's trades, newest first; cursors are (entry time, trade number). */
    @SchemaMapping(typeName = "Session")
    public Mono<Connection<Trade>> tradesConnection(Session session, @Argument Integer first, @Argument String after,
                                                    @Argument Integer last, @Argument String before) {
        return Mono.defer(() -> {
            ScrollSubrange range = paging.subrange(first, after, last, before, 50, MAX_PAGE);
            int count = range.count().orElse(50);
            String field = range.forward() ? "after" : "before";
            Map<String, Object> keys = CursorPaging.keys(range);
            Instant entry = null;
            Integer tradeNo = null;
            if (keys != null) {
                try {
                    entry = Instant.ofEpochMilli(Long.parseLong((String) keys.get("entry")));
                    tradeNo = Integer.parseInt((String) keys.get("trade"));
                } catch (RuntimeException e) {
                    throw InvalidInputException.field(field, "is not a cursor of this list");
                }
            }
            if (count == 0) {
                return Mono.just(paging.connection(List.<Trade>of(), List.of(), false, false));
            }
            return trades.scroll(session.id(), entry, tradeNo, range.forward(), count).map(w -> paging.connection(
                    w.items(), w.items().stream().<Map<String, ?>>map(t -> Map.of(
                            "entry", Long.toString(t.entryTime().toEpochMilli()),
                            "trade", Integer.toString(t.tradeNo()))).toList(),
                    w.hasPrevious(), w.hasNext()));
        });
    }

    @BatchMapping(typeName = "Session")
    public Mono<Map<Session, Metrics>> metrics(List<Session> sessions) {
        List<String> ids = sessions.stream().map(Session::id).distinct().toList();
        return trades.metricsOf(ids).map(byId -> {
            Map<Session, Metrics> result = new LinkedHashMap<>();
            sessions.forEach(s -> result.put(s, byId.get(s.id())));
            return result;
        });
    }

    @SchemaMapping(typeName = "Session")
    public Mono<List<EquityPoint>> equity(Session session) {
        return trades.equity(session.id());
    }

    @SchemaMapping(typeName = "Trade")
    public Long durationSeconds(Trade trade) {
        return trade.exitTime() == null ? null : trade.exitTime().getEpochSecond() - trade.entryTime().getEpochSecond();
    }

    @SchemaMapping(typeName = "Trade")
    public String status(Trade trade) {
        return trade.status().toUpperCase(java.util.Locale.ROOT);
    }

    @SchemaMapping(typeName = "EquityPoint")
    public Instant time(EquityPoint point) {
        return Instant.ofEpochMilli(point.timeMillis());
    }
}
