package io.botdeck.strategy;

import java.time.Instant;
import java.util.List;

import io.botdeck.core.SessionType;
import tools.jackson.databind.node.ObjectNode;

/**
 * A bot strategy users can run (reference data in {@code strategies}).
 *
 * @param supportedMarkets market symbols, or {@code "*"} for any market
 * @param paramSchema      JSON Schema that a session's {@code strategy_params} must satisfy
 */
public record Strategy(
        String id,
        String name,
        String description,
        List<SessionType> supportedTypes,
        List<String> supportedMarkets,
        ObjectNode defaultParams,
        ObjectNode paramSchema,
        Instant createdAt) {

    public static final String ANY_MARKET = "*";

    public boolean supports(SessionType type) {
        return supportedTypes.contains(type);
    }

    public boolean supportsMarket(String symbol) {
        return supportedMarkets.contains(ANY_MARKET) || supportedMarkets.contains(symbol);
    }
}
