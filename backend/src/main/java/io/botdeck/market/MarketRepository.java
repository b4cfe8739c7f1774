package io.botdeck.market;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the {@code markets} reference table. */
@Repository
public class MarketRepository {

    private static final String COLUMNS = "symbol, label, kind, base_currency, quote_currency, legs, exchange, tick_size, description";

    private final DatabaseClient db;
    private final JsonMapper json;

    public MarketRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    public Flux<Market> findAll() {
        return db.sql("SELECT " + COLUMNS + " FROM markets ORDER BY display_order, symbol").map(this::map).all();
    }

    public Mono<Market> findBySymbol(String symbol) {
        return db.sql("SELECT " + COLUMNS + " FROM markets WHERE symbol = :s").bind("s", symbol).map(this::map).one();
    }

    private Market map(Readable row) {
        List<String> legs = new ArrayList<>();
        String legsJson = row.get("legs", String.class);
        if (legsJson != null) {
            for (JsonNode leg : json.readTree(legsJson)) {
                legs.add(leg.asString());
            }
        }
        return new Market(
                row.get("symbol", String.class),
                row.get("label", String.class),
                Market.MarketKind.valueOf(row.get("kind", String.class).toUpperCase(Locale.ROOT)),
                row.get("base_currency", String.class),
                row.get("quote_currency", String.class),
                List.copyOf(legs),
                row.get("exchange", String.class),
                row.get("tick_size", java.math.BigDecimal.class),
                row.get("description", String.class));
    }
}
