package io.botdeck.strategy;

import java.util.List;

import io.botdeck.core.SessionType;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.node.ObjectNode;

/** REST shape of a strategy (snake_case, unix seconds). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StrategyView(
        String id,
        String name,
        String description,
        List<String> supportedTypes,
        List<String> supportedMarkets,
        ObjectNode defaultParams,
        ObjectNode paramSchema,
        Long createdAt) {

    static StrategyView of(Strategy s) {
        return new StrategyView(s.id(), s.name(), s.description(),
                s.supportedTypes().stream().map(SessionType::wire).toList(),
                s.supportedMarkets(), s.defaultParams(), s.paramSchema(),
                s.createdAt() == null ? null : s.createdAt().getEpochSecond());
    }
}
