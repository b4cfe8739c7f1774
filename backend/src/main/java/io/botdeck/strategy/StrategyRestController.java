package io.botdeck.strategy;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /strategies} and {@code GET /strategies/:id}. */
@RestController
@RequestMapping(path = "/strategies", produces = "application/json")
@Tag(name = "Reference data")
public class StrategyRestController {

    private final StrategyService strategies;

    public StrategyRestController(StrategyService strategies) {
        this.strategies = strategies;
    }

    public record StrategyList(boolean success, List<StrategyView> strategies) {
    }

    public record StrategyResponse(boolean success, StrategyView strategy) {
    }

    @GetMapping
    @Operation(summary = "List available strategies")
    public Mono<StrategyList> list() {
        return strategies.list().map(StrategyView::of).collectList().map(list -> new StrategyList(true, list));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a strategy with its default parameters and parameter schema")
    public Mono<StrategyResponse> get(@PathVariable String id) {
        return strategies.get(id).map(s -> new StrategyResponse(true, StrategyView.of(s)));
    }
}
