package io.botdeck.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.botdeck.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;

/**
 * The strategy reference rows, byte for byte. {@code reference/before/} holds what {@code GET /strategies},
 * {@code GET /strategies/:id} and GraphQL {@code strategies} answered while the rows came from the
 * migrations' seed; {@code reference/} what they answer now that every strategy declares itself in code.
 * The API answers exactly the latter, and the latter is the former plus the new upper bounds of the
 * parameters, nothing else (registration times are made neutral: they differ from one database to the next).
 */
class StrategyReferenceTest extends IntegrationTest {

    static final String GRAPHQL = "{\"query\":\"{ strategies { id name description supportedTypes supportedMarkets "
            + "defaultParams paramSchema createdAt } }\"}";

    /** The bounds the declarations added, as they appear in the schema, and the text before them. */
    static final Map<String, String> ADDED_BOUNDS = new LinkedHashMap<>();

    static {
        ADDED_BOUNDS.put("\"minimum\":1,\"maximum\":1000,\"title\":\"Position size\"", "\"minimum\":1,\"title\":\"Position size\"");
        ADDED_BOUNDS.put("\"exclusiveMinimum\":0,\"maximum\":1000,\"title\":\"Spread threshold\"",
                "\"exclusiveMinimum\":0,\"title\":\"Spread threshold\"");
        ADDED_BOUNDS.put("\"minimum\":2,\"maximum\":1000000,\"title\":\"Lookback\"", "\"minimum\":2,\"title\":\"Lookback\"");
        ADDED_BOUNDS.put("\"minimum\":1,\"maximum\":86400,\"title\":\"Archive interval\"", "\"minimum\":1,\"title\":\"Archive interval\"");
    }

    private String answer(String name) {
        byte[] body = switch (name) {
            case "strategies.json" -> http.get().uri("/strategies").exchange().expectStatus().isOk().expectBody()
                    .returnResult().getResponseBodyContent();
            case "strategies.graphql.json" -> http.post().uri("/graphql").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(GRAPHQL).exchange().expectStatus().isOk().expectBody().returnResult().getResponseBodyContent();
            default -> http.get().uri("/strategies/" + name.substring("strategy-".length(), name.length() - ".json".length()))
                    .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBodyContent();
        };
        return neutral(new String(body, StandardCharsets.UTF_8));
    }

    static String neutral(String body) {
        return body.replaceAll("\"created_at\":\\d+", "\"created_at\":0")
                .replaceAll("\"createdAt\":\"[^\"]*\"", "\"createdAt\":\"T\"");
    }

    static String file(String path) throws IOException {
        try (InputStream in = StrategyReferenceTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"strategies.json", "strategies.graphql.json", "strategy-TestBot.json",
            "strategy-PairTradeBot.json", "strategy-MarketScraper.json"})
    void theApiAnswersTheReferenceByteForByte(String name) throws IOException {
        assertThat(answer(name)).isEqualTo(file("/reference/" + name));
    }

    @Test
    void theTableHoldsWhatTheStrategiesDeclare() {
        answer("strategies.json");
        Map<String, String> schemas = db.sql("SELECT id, param_schema FROM strategies").map(row ->
                        Map.entry(row.get("id", String.class), row.get("param_schema", String.class)))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue).block();
        assertThat(schemas).containsOnlyKeys("TestBot", "PairTradeBot", "MarketScraper");
        assertThat(schemas.get("TestBot")).contains("\"maximum\":1000,\"title\":\"Position size\"");
        assertThat(schemas.get("PairTradeBot")).contains("\"maximum\":1000000,\"title\":\"Lookback\"");
        assertThat(schemas.get("MarketScraper")).contains("\"maximum\":86400");
    }

    @ParameterizedTest
    @ValueSource(strings = {"strategies.json", "strategies.graphql.json", "strategy-TestBot.json",
            "strategy-PairTradeBot.json", "strategy-MarketScraper.json"})
    void theReferenceIsTheSeededOnePlusTheNewBoundsOnly(String name) throws IOException {
        String now = file("/reference/" + name);
        String without = now;
        for (Map.Entry<String, String> bound : ADDED_BOUNDS.entrySet()) {
            without = without.replace(bound.getKey(), bound.getValue());
        }
        assertThat(without).isNotEqualTo(now).isEqualTo(file("/reference/before/" + name));
    }
}
