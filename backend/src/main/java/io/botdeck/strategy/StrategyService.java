package io.botdeck.strategy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.botdeck.engine.strategy.StrategyDeclaration;
import io.botdeck.error.InvalidInputException;
import io.botdeck.error.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strategy reference data and the rules for a session's parameters. The strategies are those that
 * declare themselves in code ({@link StrategyCatalog}): at start-up their declarations are written to
 * the {@code strategies} table (so the table always says what the code runs), and the rows read back
 * are what the API serves, from memory, ordered by id.
 */
@Service
public class StrategyService {

    private static final Logger log = LoggerFactory.getLogger(StrategyService.class);

    private final StrategyRepository strategies;
    private final StrategyCatalog catalog;
    private final ParamSchemaValidator validator;
    /** The declared strategies as stored, once loaded; until then null. */
    private volatile List<Strategy> reference;
    /** The load under way, shared by every request that waits for it; null when none is. */
    private final AtomicReference<Mono<List<Strategy>>> loading = new AtomicReference<>();

    public StrategyService(StrategyRepository strategies, StrategyCatalog catalog, ParamSchemaValidator validator) {
        this.strategies = strategies;
        this.catalog = catalog;
        this.validator = validator;
    }

    /**
     * The reference rows: written from the declarations and read back once; every request that comes
     * while that happens waits for the same load, and a load that fails is tried again by the next one.
     */
    private Mono<List<Strategy>> reference() {
        List<Strategy> loaded = reference;
        if (loaded != null) {
            return Mono.just(loaded);
        }
        Mono<List<Strategy>> current = loading.get();
        if (current == null) {
            AtomicReference<Mono<List<Strategy>>> self = new AtomicReference<>();
            Mono<List<Strategy>> load = strategies.save(catalog.declarations().stream().map(this::row).toList())
                    .thenMany(strategies.findAll())
                    .filter(s -> catalog.declares(s.id()))
                    .collectList()
                    .doOnNext(list -> reference = List.copyOf(list))
                    .doFinally(signal -> loading.compareAndSet(self.get(), null))
                    .cache();
            self.set(load);
            current = loading.compareAndSet(null, load) ? load : loading.get();
            if (current == null) {
                return reference();
            }
        }
        return current;
    }

    private StrategyRepository.Row row(StrategyDeclaration d) {
        return new StrategyRepository.Row(d.id(), d.name(), d.description(), catalog.seedText(catalog.types(d)),
                catalog.seedText(d.supportedMarkets()), catalog.seedText(catalog.defaultParams(d)),
                catalog.compact(catalog.paramSchema(d)));
    }

    /** Writes the declarations to the table as soon as the application is up. */
    @EventListener(ApplicationReadyEvent.class)
    public void synchronise() {
        reference().subscribe(null, e -> log.warn("Strategy reference not written yet ({}); the next request tries again",
                e.toString()));
    }

    public Flux<Strategy> list() {
        return reference().flatMapMany(Flux::fromIterable);
    }

    /** The strategy, or 404. */
    public Mono<Strategy> get(String id) {
        return find(id).switchIfEmpty(Mono.error(() -> new NotFoundException("strategy '" + id + "' not found")));
    }

    /** The strategy a session names, or a 400 on the field {@code strategy}. */
    public Mono<Strategy> forSession(String id) {
        return find(id).switchIfEmpty(list().map(Strategy::id).collectList()
                .flatMap(known -> Mono.error(InvalidInputException.field("strategy",
                        "unknown strategy '" + id + "'; available: " + String.join(", ", known)))));
    }

    /** By id in any letter case, as the table has always matched it. */
    private Mono<Strategy> find(String id) {
        return list().filter(s -> s.id().equalsIgnoreCase(id)).next();
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
