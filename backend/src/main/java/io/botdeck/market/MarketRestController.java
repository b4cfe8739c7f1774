package io.botdeck.market;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

import io.botdeck.web.Decimals;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code GET /markets}. */
@RestController
@Tag(name = "Reference data")
public class MarketRestController {

    private final MarketService markets;

    public MarketRestController(MarketService markets) {
        this.markets = markets;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MarketView(String symbol, String label, String kind, String baseCurrency, String quoteCurrency,
                             List<String> legs, String exchange, BigDecimal tickSize, String description) {
        static MarketView of(Market m) {
            return new MarketView(m.symbol(), m.label(), m.kind().name().toLowerCase(Locale.ROOT), m.baseCurrency(),
                    m.quoteCurrency(), m.legs(), m.exchange(),
                    Decimals.plain(m.tickSize()), m.description());
        }
    }

    public record MarketList(boolean success, List<MarketView> markets) {
    }

    @GetMapping(path = "/markets", produces = "application/json")
    @Operation(summary = "List available markets, single and pair")
    public Mono<MarketList> list() {
        return markets.list().map(MarketView::of).collectList().map(list -> new MarketList(true, list));
    }
}
