package io.botdeck.sweep;

import java.util.List;

import tools.jackson.databind.JsonNode;

/** What the adapters hand {@link SweepService}. */
public final class SweepCommands {

    private SweepCommands() {
    }

    /**
     * A sweep to create. Range bounds are unix seconds.
     *
     * @param strategyParams base parameters every cell shares (a JSON object, or null)
     * @param grid           the swept parameters in the order given
     */
    public record CreateSweep(String name, String strategy, String market, Long rangeStart, Long rangeEnd,
                              JsonNode strategyParams, List<Axis> grid) {
    }

    /**
     * A swept parameter as sent: {@code values} (a JSON array) or {@code from}, {@code to} and {@code step}.
     *
     * @param field how messages name it, e.g. {@code grid.threshold}
     */
    public record Axis(String parameter, JsonNode values, java.math.BigDecimal from, java.math.BigDecimal to,
                       java.math.BigDecimal step, String field) {
    }
}
