package io.botdeck.sweep;

import static io.botdeck.web.Decimals.plain;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.botdeck.config.Sql;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.node.ObjectNode;

/** REST shape of a sweep, in the plan's style: snake_case, unix seconds, plain numbers; {@code cells} only for one sweep. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SweepView(
        String id,
        String name,
        String strategy,
        String market,
        String exchange,
        long rangeStart,
        long rangeEnd,
        ObjectNode strategyParams,
        Map<String, List<JsonNode>> grid,
        String status,
        int cellCount,
        int cellsDone,
        int cellsFailed,
        int cellsRunning,
        Long createdAt,
        Long finishedAt,
        Double candlesPerSecond,
        Long etaSeconds,
        String error,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<CellView> cells) {

    public static SweepView of(Sweep s) {
        return of(s, null);
    }

    public static SweepView of(Sweep s, List<SweepCell> cells) {
        Map<String, List<JsonNode>> grid = new LinkedHashMap<>();
        s.grid().forEach(a -> grid.put(a.parameter(), a.values()));
        return new SweepView(s.id(), s.name(), s.strategy(), s.market(), s.exchange(), s.rangeStart(), s.rangeEnd(),
                s.baseParams(), grid, s.status().wire(), s.cellCount(), s.cellsDone(), s.cellsFailed(), s.cellsRunning(),
                Sql.epochSeconds(s.createdAt()), Sql.epochSeconds(s.finishedAt()),
                s.candlesPerSecond() == null ? null : Math.round(s.candlesPerSecond() * 10) / 10.0, s.etaSeconds(), s.error(),
                cells == null ? null : cells.stream().map(CellView::of).toList());
    }

    /** REST shape of a cell; metrics are null until it ends. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CellView(int index, String sessionId, ObjectNode params, String status, BigDecimal totalPnl,
                           BigDecimal winRate, BigDecimal maxDrawdown, Integer tradeCount, BigDecimal sharpe,
                           BigDecimal sortino, BigDecimal profitFactor) {

        static CellView of(SweepCell c) {
            return new CellView(c.index(), c.sessionId(), c.params(), c.status().wire(), plain(c.totalPnl()), plain(c.winRate()),
                    plain(c.maxDrawdown()), c.tradeCount(), plain(c.sharpe()), plain(c.sortino()), plain(c.profitFactor()));
        }
    }
}
