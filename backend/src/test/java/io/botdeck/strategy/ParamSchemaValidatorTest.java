package io.botdeck.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ParamSchemaValidatorTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final ParamSchemaValidator validator = new ParamSchemaValidator();

    private ObjectNode node(String text) {
        return (ObjectNode) json.readTree(text);
    }

    /** The plan's seeded schema, with its non-standard min/max. */
    private final ObjectNode planSchema = node("{\"type\":\"object\",\"properties\":{\"threshold\":{\"type\":\"number\",\"min\":0,\"max\":1},"
            + "\"position_size\":{\"type\":\"integer\",\"min\":1}}}");

    @Test
    void thePlansMinAndMaxAreEnforcedAsMinimumAndMaximum() {
        assertThat(validator.validate(planSchema, node("{\"threshold\":0.5,\"position_size\":100}"))).isEmpty();
        assertThat(validator.validate(planSchema, node("{\"threshold\":1,\"position_size\":1}"))).isEmpty();
        assertThat(validator.validate(planSchema, node("{\"threshold\":1.01}")))
                .containsOnlyKeys("strategy_params.threshold");
        assertThat(validator.validate(planSchema, node("{\"position_size\":0}")))
                .containsOnlyKeys("strategy_params.position_size");
    }

    @Test
    void typesAreChecked() {
        Map<String, String> problems = validator.validate(planSchema, node("{\"threshold\":\"x\",\"position_size\":1.5}"));
        assertThat(problems).containsOnlyKeys("strategy_params.threshold", "strategy_params.position_size");
        assertThat(problems.get("strategy_params.threshold")).contains("number");
    }

    @Test
    void unknownParametersAreNamedWhenTheSchemaClosesTheObject() {
        ObjectNode closed = node("{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"a\":{\"type\":\"integer\"}}}");
        assertThat(validator.validate(closed, node("{\"a\":1,\"b\":2}")))
                .containsExactly(Map.entry("strategy_params.b", "unknown parameter"));
    }

    @Test
    void normaliseLeavesStandardKeywordsAlone() {
        ObjectNode schema = node("{\"properties\":{\"x\":{\"minimum\":3,\"min\":1}}}");
        ParamSchemaValidator.normalise(schema);
        assertThat(schema.get("properties").get("x").get("minimum").intValue()).isEqualTo(3);
    }
}
