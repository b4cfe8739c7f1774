package io.botdeck.strategy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates strategy parameters against a strategy's {@code param_schema} (JSON Schema 2020-12).
 * Schemas written with the plan's {@code min}/{@code max} are read as {@code minimum}/{@code maximum}.
 */
@Component
public class ParamSchemaValidator {

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    /** Problems per parameter path ({@code strategy_params.threshold}); empty when valid. */
    public Map<String, String> validate(ObjectNode schema, JsonNode params) {
        // numbers no parameter type can hold, NUL and unpaired surrogates: refused before the validator reads them
        Map<String, String> unreadable = io.botdeck.web.JsonValues.problems(params, "strategy_params");
        if (!unreadable.isEmpty()) {
            return unreadable;
        }
        Schema compiledSchema = compiled.computeIfAbsent(schema.toString(),
                key -> registry.getSchema(normalise(schema.deepCopy())));
        List<Error> errors = compiledSchema.validate(wholeBeyondLong(params));
        Map<String, String> problems = new LinkedHashMap<>();
        for (Error error : errors) {
            String path = error.getInstanceLocation().toString().replaceFirst("^[$/]\\.?", "").replace('/', '.');
            String field = "strategy_params" + (path.isEmpty() ? "" : "." + path);
            if (error.getProperty() != null && "additionalProperties".equals(error.getKeyword())) {
                field = "strategy_params." + error.getProperty();
                problems.merge(field, "unknown parameter", (a, b) -> a);
                continue;
            }
            // messages start with the instance path, e.g. "/threshold: must have a maximum value of 1"
            String message = error.getMessage();
            int colon = message.indexOf(": ");
            if (colon >= 0 && (message.startsWith("$") || message.startsWith("/"))) {
                message = message.substring(colon + 2);
            }
            problems.merge(field, message, (a, b) -> a + "; " + b);
        }
        return problems;
    }

    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    /**
     * The parameters with every decimal or floating-point number beyond the range of a long (such as
     * {@code 1e19} or {@code -1e308}) written as a whole number: the validator compares such numbers
     * against an integer bound by converting them to a long, which fails; as big integers they are
     * compared exactly. Every bound lies far inside the long range, so the verdict is the same.
     */
    static JsonNode wholeBeyondLong(JsonNode node) {
        if (node.isNumber() && !node.isIntegralNumber()) {
            BigDecimal value = node.decimalValue();
            if (value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0) {
                return JsonNodeFactory.instance.numberNode(value.toBigInteger());
            }
            return node;
        }
        if (node instanceof ObjectNode object) {
            ObjectNode copy = null;
            for (Map.Entry<String, JsonNode> child : object.properties()) {
                JsonNode value = wholeBeyondLong(child.getValue());
                if (value != child.getValue()) {
                    copy = copy == null ? object.deepCopy() : copy;
                    copy.set(child.getKey(), value);
                }
            }
            return copy == null ? object : copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = null;
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = wholeBeyondLong(array.get(i));
                if (value != array.get(i)) {
                    copy = copy == null ? array.deepCopy() : copy;
                    copy.set(i, value);
                }
            }
            return copy == null ? array : copy;
        }
        return node;
    }

    /** Renames the plan's {@code min}/{@code max} keywords (recursively) to JSON Schema's. */
    static JsonNode normalise(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("min") && !object.has("minimum") && object.get("min").isNumber()) {
                object.set("minimum", object.remove("min"));
            }
            if (object.has("max") && !object.has("maximum") && object.get("max").isNumber()) {
                object.set("maximum", object.remove("max"));
            }
            for (Map.Entry<String, JsonNode> child : object.properties()) {
                normalise(child.getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                normalise(item);
            }
        }
        return node;
    }
}
