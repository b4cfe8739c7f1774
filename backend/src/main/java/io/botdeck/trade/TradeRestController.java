package io.botdeck.trade;

import static io.botdeck.web.Decimals.plain;

import java.math.BigDecimal;
import java.util.List;

import io.botdeck.metrics.EquityPoint;
import io.botdeck.metrics.Metrics;
import io.botdeck.web.QueryParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The plan's §2.3 session data: {@code /trades}, {@code /metrics}, {@code /equity}. */
@RestController
@RequestMapping(path = "/sessions/{id}", produces = "application/json")
@Tag(name = "Session data")
public class TradeRestController {

    private final SessionDataService data;

    public TradeRestController(SessionDataService data) {
        this.data = data;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TradesResponse(boolean success, List<TradeJson.View> trades, long total, int limit, int offset) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MetricsView(int tradeCount, int wins, int losses, BigDecimal totalPnl, BigDecimal winRate,
                              BigDecimal maxDrawdown, BigDecimal sharpe, BigDecimal sortino, String annualisation,
                              BigDecimal profitFactor, BigDecimal expectancy, BigDecimal averageWin, BigDecimal averageLoss,
                              BigDecimal averageDurationSeconds, BigDecimal bestTrade, BigDecimal worstTrade,
                              BigDecimal grossProfit, BigDecimal grossLoss, BigDecimal totalFees, BigDecimal startingEquity,
                              BigDecimal equity) {
        static MetricsView of(Metrics m) {
            return new MetricsView(m.tradeCount(), m.wins(), m.losses(), plain(m.totalPnl()), plain(m.winRate()),
                    plain(m.maxDrawdown()), plain(m.sharpe()), plain(m.sortino()), m.annualisation(), plain(m.profitFactor()),
                    plain(m.expectancy()), plain(m.averageWin()), plain(m.averageLoss()), plain(m.averageDurationSeconds()),
                    plain(m.bestTrade()), plain(m.worstTrade()), plain(m.grossProfit()), plain(m.grossLoss()),
                    plain(m.totalFees()), plain(m.startingEquity()), plain(m.equity()));
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MetricsResponse(boolean success, MetricsView metrics) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record EquityPointView(long timestamp, long timestampMs, BigDecimal equity, BigDecimal drawdown) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record EquityResponse(boolean success, BigDecimal startingEquity, List<EquityPointView> points) {
    }

    @GetMapping("/trades")
    @Operation(summary = "A session's trades, newest first, paged (limit default 50, at most 500)")
    public Mono<TradesResponse> trades(@PathVariable String id, @RequestParam(required = false) String limit,
                                       @RequestParam(required = false) String offset) {
        return Mono.defer(() -> {
            int l = QueryParams.size("limit", limit, 50, 1, 500);
            int o = QueryParams.wholeNumber("offset", offset, 0, 0, Integer.MAX_VALUE);
            return data.trades(id, l, o).map(p -> new TradesResponse(true,
                    p.trades().stream().map(TradeJson.View::of).toList(), p.total(), l, o));
        });
    }

    @GetMapping("/metrics")
    @Operation(summary = "Detailed metrics of a session's closed trades")
    public Mono<MetricsResponse> metrics(@PathVariable String id) {
        return data.metrics(id).map(m -> new MetricsResponse(true, MetricsView.of(m)));
    }

    @GetMapping("/equity")
    @Operation(summary = "Equity curve: time-ordered points after each closed trade")
    public Mono<EquityResponse> equity(@PathVariable String id) {
        return data.equity(id).map(e -> new EquityResponse(true,
                plain(e.startingEquity()), e.points().stream().map(TradeRestController::point).toList()));
    }

    private static EquityPointView point(EquityPoint p) {
        return new EquityPointView(Math.floorDiv(p.timeMillis(), 1000L), p.timeMillis(), plain(p.equity()), plain(p.drawdownPercent()));
    }
}
