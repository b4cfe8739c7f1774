package io.botdeck.engine.strategy;

import java.util.List;
import java.util.Objects;

import io.botdeck.core.SessionType;

/**
 * What a strategy says about itself, once, in its own code: the reference row the API serves
 * ({@code GET /strategies}, GraphQL {@code strategies}) and the table {@code strategies} is kept equal
 * to, and the parameters with their defaults and limits that every session's {@code strategy_params}
 * is checked against.
 *
 * @param supportedMarkets market symbols, or {@code "*"} for any single market
 * @param params           in the order the parameter form shows them
 */
public record StrategyDeclaration(String id, String name, String description, List<SessionType> supportedTypes,
                                  List<String> supportedMarkets, List<StrategyParam> params) {

    public StrategyDeclaration {
        Objects.requireNonNull(id, "id");
        supportedTypes = List.copyOf(supportedTypes);
        supportedMarkets = List.copyOf(supportedMarkets);
        params = List.copyOf(params);
    }
}
