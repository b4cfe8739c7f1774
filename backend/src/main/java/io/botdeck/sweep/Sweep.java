package io.botdeck.sweep;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One row of {@code sweeps} with how far its cells are: a grid of backtests of one strategy,
 * market and range. Range bounds are unix seconds.
 *
 * @param baseParams       the strategy's defaults with the sweep's base values laid over them
 * @param grid             the swept parameters and their values, in the order given
 * @param candlesPerSecond candles its cells replayed per second since it last started in this server (null unless running)
 * @param etaSeconds       seconds until every cell has ended, as the cells so far suggest (null unless running and estimable)
 */
public record Sweep(
        String id,
        String name,
        String strategy,
        String market,
        String exchange,
        long rangeStart,
        long rangeEnd,
        ObjectNode baseParams,
        List<Axis> grid,
        SweepStatus status,
        int cellCount,
        Instant createdAt,
        Instant finishedAt,
        String error,
        int cellsDone,
        int cellsFailed,
        int cellsRunning,
        Double candlesPerSecond,
        Long etaSeconds) {

    /** A swept parameter and its values. */
    public record Axis(String parameter, List<JsonNode> values) {
    }

    Sweep withProgress(int done, int failed, int running, Double rate, Long eta) {
        return new Sweep(id, name, strategy, market, exchange, rangeStart, rangeEnd, baseParams, grid, status, cellCount,
                createdAt, finishedAt, error, done, failed, running, rate, eta);
    }

    public boolean isRunning() {
        return status == SweepStatus.RUNNING;
    }
}
