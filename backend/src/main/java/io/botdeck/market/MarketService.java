package io.botdeck.market;

import io.botdeck.error.InvalidInputException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Markets sessions can run on. */
@Service
public class MarketService {

    private final MarketRepository markets;

    public MarketService(MarketRepository markets) {
        this.markets = markets;
    }

    public Flux<Market> list() {
        return markets.findAll();
    }

    /** The market a session names, or a 400 on the field {@code market}. */
    public Mono<Market> forSession(String symbol) {
        return markets.findBySymbol(symbol).switchIfEmpty(Mono.defer(() -> markets.findAll().map(Market::symbol)
                .collectList()
                .flatMap(known -> Mono.error(InvalidInputException.field("market",
                        "unknown market '" + symbol + "'; available: " + String.join(", ", known))))));
    }
}
