package io.botdeck.strategy;

import java.util.ArrayList;
import java.util.List;

import io.botdeck.config.Sql;
import io.botdeck.session.SessionType;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Reads the {@code strategies} reference table. */
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

    public Flux<Strategy> findAll() {
        return db.sql("SELECT " + COLUMNS + " FROM strategies ORDER BY id").map(this::map).all();
    }

    public Mono<Strategy> findById(String id) {
        return db.sql("SELECT " + COLUMNS + " FROM strategies WHERE id = :id").bind("id", id).map(this::map).one();
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
