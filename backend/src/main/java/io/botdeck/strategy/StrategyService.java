package io.botdeck.strategy;

import java.util.Map;

import io.botdeck.error.InvalidInputException;
import io.botdeck.error.NotFoundException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Strategy reference data and the rules for a session's parameters. */
@Service
public class StrategyService {

    private final StrategyRepository strategies;
    private final ParamSchemaValidator validator;

    public StrategyService(StrategyRepository strategies, ParamSchemaValidator validator) {
        this.strategies = strategies;
        this.validator = validator;
    }

    public Flux<Strategy> list() {
        return strategies.findAll();
    }

    /** The strategy, or 404. */
    public Mono<Strategy> get(String id) {
        return strategies.findById(id)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("strategy '" + id + "' not found")));
    }

    /** The strategy a session names, or a 400 on the field {@code strategy}. */
    public Mono<Strategy> forSession(String id) {
        return strategies.findById(id).switchIfEmpty(Flux.defer(() -> strategies.findAll().map(Strategy::id)
                        .collectList()
                        .flatMap(known -> Mono.<Strategy>error(InvalidInputException.field("strategy",
                                "unknown strategy '" + id + "'; available: " + String.join(", ", known)))))
                .next());
    }

    /**
     * The strategy's defaults with {@code given} laid over them, validated against its schema.
     *
     * @throws InvalidInputException naming each parameter that is wrong
     */
    public ObjectNode resolveParams(Strategy strategy, JsonNode given) {
        ObjectNode merged = strategy.defaultParams().deepCopy();
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                throw InvalidInputException.field("strategy_params", "must be a JSON object");
            }
            for (Map.Entry<String, JsonNode> entry : given.properties()) {
                merged.set(entry.getKey(), entry.getValue());
            }
        }
        Map<String, String> problems = validator.validate(strategy.paramSchema(), merged);
        if (!problems.isEmpty()) {
            StringBuilder message = new StringBuilder("invalid strategy_params for ").append(strategy.id()).append(": ");
            problems.forEach((field, problem) -> message.append(field).append(' ').append(problem).append("; "));
            message.setLength(message.length() - 2);
            throw new InvalidInputException(message.toString(), problems);
        }
        return merged;
    }
}
