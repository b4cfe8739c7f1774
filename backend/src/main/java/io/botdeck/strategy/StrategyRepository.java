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

    /**
     * Inserts the row of each strategy that has none, then sets every row to what its strategy declares
     * (its {@code created_at} stays as first written). Plain statements that MySQL 8 and MariaDB share.
     */
    public Mono<Void> save(List<Row> rows) {
        return Flux.fromIterable(rows).concatMap(row -> bind(db.sql("INSERT IGNORE INTO strategies (id, name, description, "
                        + "supported_types, supported_markets, default_params, param_schema) "
                        + "VALUES (:id, :name, :description, :types, :markets, :defaults, :schema)"), row).then()
                .then(bind(db.sql("UPDATE strategies SET name = :name, description = :description, "
                        + "supported_types = :types, supported_markets = :markets, default_params = :defaults, "
                        + "param_schema = :schema WHERE id = :id"), row).then()))
                .then();
    }

    private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec sql, Row row) {
        return sql.bind("id", row.id())
                .bind("name", row.name())
                .bind("description", row.description())
                .bind("types", row.supportedTypes())
                .bind("markets", row.supportedMarkets())
                .bind("defaults", row.defaultParams())
                .bind("schema", row.paramSchema());
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
