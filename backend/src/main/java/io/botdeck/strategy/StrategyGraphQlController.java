package io.botdeck.strategy;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** GraphQL adapter of {@link StrategyService}: {@code strategies} and {@code strategy(id)}. */
@Controller
public class StrategyGraphQlController {

    private final StrategyService strategies;

    public StrategyGraphQlController(StrategyService strategies) {
        this.strategies = strategies;
    }

    @QueryMapping
    public Flux<Strategy> strategies() {
        return strategies.list();
    }

    @QueryMapping
    public Mono<Strategy> strategy(@Argument String id) {
        return strategies.get(id);
    }
}
