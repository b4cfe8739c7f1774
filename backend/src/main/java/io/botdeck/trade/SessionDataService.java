package io.botdeck.trade;

import java.math.BigDecimal;
import java.util.List;

import io.botdeck.metrics.EquityPoint;
import io.botdeck.metrics.Metrics;
import io.botdeck.session.SessionService;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * A session's trades, metrics and equity curve looked up by the session's id, as the REST routes
 * under {@code /sessions/{id}} serve them: an unknown session is a not-found error, never an
 * empty list. (Runs and the GraphQL {@code Session} fields reach the trades through
 * {@link TradeService} directly: they already hold the session.)
 */
@Service
public class SessionDataService {

    private final TradeService trades;
    private final SessionService sessions;

    public SessionDataService(TradeService trades, SessionService sessions) {
        this.trades = trades;
        this.sessions = sessions;
    }

    /** One page of trades, newest first, and how many the session has in all. */
    public record TradePage(List<Trade> trades, long total) {
    }

    /** The equity curve and the equity it starts from. */
    public record Equity(BigDecimal startingEquity, List<EquityPoint> points) {
    }

    public Mono<TradePage> trades(String sessionId, int limit, int offset) {
        return sessions.get(sessionId).then(Mono.zip(trades.page(sessionId, limit, offset).collectList(), trades.count(sessionId)))
                .map(t -> new TradePage(t.getT1(), t.getT2()));
    }

    public Mono<Metrics> metrics(String sessionId) {
        return sessions.get(sessionId).then(trades.metrics(sessionId));
    }

    public Mono<Equity> equity(String sessionId) {
        return sessions.get(sessionId).then(Mono.zip(trades.metrics(sessionId), trades.equity(sessionId)))
                .map(t -> new Equity(t.getT1().startingEquity(), t.getT2()));
    }
}
