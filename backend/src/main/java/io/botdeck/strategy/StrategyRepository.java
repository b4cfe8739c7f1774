package io.botdeck.strategy;

import java.util.ArrayList;
import java.util.List;

import io.botdeck.config.Sql;
import io.botdeck.core.SessionType;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The {@code strategies} reference table. */
@Repository
public class StrategyRepository {

    private static final String COLUMNS = "id, name, description, supported_types, supported_markets, default_params, "
            + "param_schema, created_at";

    private final DatabaseClient db;
    private final JsonMapper json;

    public StrategyRepository(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** One row as a strategy declares it; JSON columns as text. */
    record Row(String id, String name, String description, String supportedTypes, String supportedMarkets,
               String defaultParams, String paramSchema) {
    }

    /** Inserts or updates the row of each strategy (its {@code created_at} stays as first written). */
    public Mono<Void> save(List<Row> rows) {
        return Flux.fromIterable(rows).concatMap(row -> db.sql("INSERT INTO strategies (id, name, description, "
                        + "supported_types, supported_markets, default_params, param_schema) "
                        + "VALUES (:id, :name, :description, :types, :markets, :defaults, :schema) "
                        + "ON DUPLICATE KEY UPDATE name = VALUES(name), description = VALUES(description), "
                        + "supported_types = VALUES(supported_types), supported_markets = VALUES(supported_markets), "
                        + "default_params = VALUES(default_params), param_schema = VALUES(param_schema)")
                .bind("id", row.id())
                .bind("name", row.name())
                .bind("description", row.description())
                .bind("types", row.supportedTypes())
                .bind("markets", row.supportedMarkets())
                .bind("defaults", row.defaultParams())
                .bind("schema", row.paramSchema())
                .then()).then();
    }

    public Flux<Strategy> findAll() {
        return db.sql("SELECT " + COLUMNS + " FROM strategies ORDER BY id").map(this::map).all();
    }

    private Strategy map(Readable row) {
        return new Strategy(
                row.get("id", String.class),
                row.get("name", String.class),
                row.get("description", String.class),
                strings(row.get("supported_types", String.class)).stream().map(SessionType::fromWire).toList(),
                strings(row.get("supported_markets", String.class)),
                object(row.get("default_params", String.class)),
                object(row.get("param_schema", String.class)),
                Sql.instant(row, "created_at"));
    }

    private List<String> strings(String array) {
        List<String> values = new ArrayList<>();
        if (array != null) {
            for (JsonNode item : json.readTree(array)) {
                values.add(item.asString());
            }
        }
        return List.copyOf(values);
    }

    private ObjectNode object(String text) {
        return text == null ? json.createObjectNode() : (ObjectNode) json.readTree(text);
    }
}
