package io.botdeck.strategy;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

import io.botdeck.core.SessionType;
import io.botdeck.engine.strategy.StrategyDeclaration;
import io.botdeck.engine.strategy.StrategyFactory;
import io.botdeck.engine.strategy.StrategyParam;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The strategies' own declarations ({@link StrategyFactory#declarations()}) in the shapes the API and
 * the {@code strategies} table use: default parameters and a JSON Schema (2020-12) of the parameters,
 * in which every parameter has its type, bounds, title and description and unknown ones are refused.
 */
@Component
public class StrategyCatalog {

    private final JsonMapper json;

    public StrategyCatalog(JsonMapper json) {
        this.json = json;
    }

    public List<StrategyDeclaration> declarations() {
        return StrategyFactory.declarations();
    }

    public boolean declares(String id) {
        return declarations().stream().anyMatch(d -> d.id().equals(id));
    }

    /** The declared defaults: {@code {"threshold": 0.5, "position_size": 100}}. */
    public ObjectNode defaultParams(StrategyDeclaration declaration) {
        ObjectNode defaults = json.createObjectNode();
        for (StrategyParam p : declaration.params()) {
            defaults.set(p.key(), defaultValue(p));
        }
        return defaults;
    }

    /** The JSON Schema of the declared parameters. */
    public ObjectNode paramSchema(StrategyDeclaration declaration) {
        ObjectNode schema = json.createObjectNode();
        schema.put("type", "object");
        schema.put("additionalProperties", false);
        ObjectNode properties = schema.putObject("properties");
        for (StrategyParam p : declaration.params()) {
            ObjectNode property = properties.putObject(p.key());
            property.put("type", p.integer() ? "integer" : "number");
            property.set(p.exclusiveMinimum() ? "exclusiveMinimum" : "minimum", bound(p.minimum()));
            property.set("maximum", bound(p.maximum()));
            property.put("title", p.title());
            property.put("description", p.description());
        }
        return schema;
    }

    /**
     * The row's text as the approved plan's seed writes it ({@code {"threshold": 0.5, "position_size": 100}},
     * {@code ["test", "backtest"]}), so the table reads as the plan's seed.
     */
    String seedText(ObjectNode object) {
        return object.properties().stream()
                .map(e -> json.writeValueAsString(e.getKey()) + ": " + json.writeValueAsString(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    String seedText(List<String> values) {
        return values.stream().map(json::writeValueAsString).collect(Collectors.joining(", ", "[", "]"));
    }

    List<String> types(StrategyDeclaration declaration) {
        return declaration.supportedTypes().stream().map(SessionType::wire).toList();
    }

    String compact(JsonNode node) {
        return json.writeValueAsString(node);
    }

    /** Integer parameters default to a whole number, number parameters to a decimal ({@code 2.0}). */
    private JsonNode defaultValue(StrategyParam p) {
        return p.integer() ? json.getNodeFactory().numberNode(p.defaultLong())
                : json.getNodeFactory().numberNode(p.defaultDouble());
    }

    /** Bounds written as plainly as they read: {@code 0}, {@code 1}, {@code 1000}. */
    private JsonNode bound(BigDecimal value) {
        BigDecimal plain = value.stripTrailingZeros();
        return plain.scale() <= 0 ? json.getNodeFactory().numberNode(plain.longValueExact())
                : json.getNodeFactory().numberNode(plain);
    }
}
