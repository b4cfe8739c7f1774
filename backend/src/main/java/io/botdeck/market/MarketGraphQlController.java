package io.botdeck.market;

import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

/** GraphQL adapter of {@link MarketService}: {@code markets}. */
@Controller
public class MarketGraphQlController {

    private final MarketService markets;

    public MarketGraphQlController(MarketService markets) {
        this.markets = markets;
    }

    @QueryMapping
    public Flux<Market> markets() {
        return markets.list();
    }
}
