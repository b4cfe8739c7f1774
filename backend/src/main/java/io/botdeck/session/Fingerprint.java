package io.botdeck.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The GraphQL shape of a completed backtest's fingerprint, read from the JSON the run keeps
 * ({@code engine}, {@code strategy}, {@code strategy_version}, {@code params_hash}, {@code data},
 * {@code trades_hash}; times in unix seconds).
 */
public record Fingerprint(String engine, String strategy, String strategyVersion, String paramsHash, List<Data> data,
                          String tradesHash) {

    /** The candles one market leg replayed: where they came from, how many, and their checksum. */
    public record Data(String market, String source, Instant from, Instant to, long candles, String checksum) {
    }

    static Fingerprint of(ObjectNode json) {
        if (json == null) {
            return null;
        }
        List<Data> data = new ArrayList<>();
        for (JsonNode leg : json.path("data")) {
            data.add(new Data(text(leg, "market"), text(leg, "source"), Instant.ofEpochSecond(leg.path("from").asLong()),
                    Instant.ofEpochSecond(leg.path("to").asLong()), leg.path("candles").asLong(), text(leg, "checksum")));
        }
        return new Fingerprint(text(json, "engine"), text(json, "strategy"), text(json, "strategy_version"),
                text(json, "params_hash"), data, text(json, "trades_hash"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }
}
