package io.botdeck.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import graphql.execution.SubscriptionExecutionStrategy;
import graphql.language.Description;
import graphql.language.EnumTypeDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.ScalarTypeDefinition;
import graphql.language.TypeDefinition;
import graphql.parser.ParserOptions;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/** The schema clients rely on: every type, field, argument and enum value described; the names the issue fixes. */
class SchemaDocumentationTest {

    private static TypeDefinitionRegistry schema() throws IOException {
        try (var in = new InputStreamReader(new ClassPathResource("graphql/schema.graphqls").getInputStream(),
                StandardCharsets.UTF_8)) {
            return new SchemaParser().parse(in);
        }
    }

    @Test
    void everyTypeFieldArgumentAndEnumValueHasADescription() throws IOException {
        List<String> undocumented = new ArrayList<>();
        for (TypeDefinition<?> type : schema().types().values()) {
            check(undocumented, type.getName(), descriptionOf(type));
            if (type instanceof ObjectTypeDefinition object) {
                object.getFieldDefinitions().forEach(f -> {
                    check(undocumented, type.getName() + "." + f.getName(), f.getDescription());
                    f.getInputValueDefinitions().forEach(a -> check(undocumented,
                            type.getName() + "." + f.getName() + "(" + a.getName() + ")", a.getDescription()));
                });
            } else if (type instanceof InputObjectTypeDefinition input) {
                input.getInputValueDefinitions().forEach(f -> check(undocumented, type.getName() + "." + f.getName(),
                        f.getDescription()));
            } else if (type instanceof EnumTypeDefinition enumType) {
                enumType.getEnumValueDefinitions().forEach(v -> {
                    check(undocumented, type.getName() + "." + v.getName(), v.getDescription());
                    assertThat(v.getName()).as("enum values are UPPER_CASE").matches("[A-Z][A-Z0-9_]*");
                });
            }
        }
        schema().scalars().values().stream().filter(s -> s.getSourceLocation() != null)
                .forEach(s -> check(undocumented, s.getName(), s.getDescription()));
        assertThat(undocumented).as("undocumented schema elements").isEmpty();
    }

    @Test
    void theSurfaceClientsRelyOnIsThere() throws IOException {
        TypeDefinitionRegistry schema = schema();
        assertThat(fields(schema, "Query")).contains("sessions", "session", "strategies", "strategy", "markets", "health");
        assertThat(fields(schema, "Mutation")).contains("createSession", "updateSession", "deleteSession", "startSession",
                "stopSession", "restartSession", "cloneSession", "heartbeat");
        assertThat(fields(schema, "Subscription")).contains("sessionLogs", "sessionUpdated", "staleSessions");
        assertThat(fields(schema, "Session")).contains("strategy", "clonedFrom", "clones", "trades", "metrics", "equity",
                "health", "progress", "events");
        assertThat(fields(schema, "Health")).contains("sessionId", "session", "status", "lastUpdated", "secondsSinceUpdate",
                "isStale", "staleAction");
        assertThat(fields(schema, "SessionPage")).contains("items", "total", "limit", "offset");
        assertThat(schema.getType("CreateSessionInput").map(t -> ((InputObjectTypeDefinition) t).getInputValueDefinitions()
                .stream().map(v -> v.getName()).toList()).orElseThrow())
                .contains("type", "market", "strategy", "strategyParams", "name", "notes", "rangeStart", "rangeEnd");
        assertThat(schema.scalars()).containsKeys("DateTime", "JSON", "BigDecimal", "Long");
        for (String type : List.of("Session", "Strategy", "Trade", "Health", "Market", "Metrics", "EquityPoint", "LogEntry",
                "SessionEvent", "BacktestProgress", "SessionPage", "TradePage")) {
            assertThat(schema.getType(type)).as(type).isPresent();
        }
        assertThat(enumValues(schema, "SessionType")).containsExactly("TEST", "BACKTEST", "SCRAPER");
        assertThat(enumValues(schema, "SessionStatus")).containsExactly("CREATED", "RUNNING", "STOPPED", "COMPLETED", "FAILED");
        assertThat(enumValues(schema, "LogLevel")).containsExactly("INFO", "WARN", "ERROR", "TRADE", "HEARTBEAT");
    }

    @Test
    void everyOperationRunsWithOrderedSubscriptionEventsAndTheParserLimits() {
        ExecutionDefaults defaults = new ExecutionDefaults(1000, 50);
        graphql.ExecutionInput input = graphql.ExecutionInput.newExecutionInput("{ markets { symbol } }").build();
        defaults.instrumentExecutionInput(input, null, null);
        assertThat(input.getGraphQLContext().getBoolean(SubscriptionExecutionStrategy.KEEP_SUBSCRIPTION_EVENTS_ORDERED)).isTrue();
        ParserOptions options = input.getGraphQLContext().get(ParserOptions.class);
        assertThat(options.getMaxCharacters()).isEqualTo(1000);
        assertThat(options.getMaxTokens()).isEqualTo(50);
    }

    private static List<String> fields(TypeDefinitionRegistry schema, String type) {
        return schema.getType(type).map(t -> ((ObjectTypeDefinition) t).getFieldDefinitions().stream()
                .map(f -> f.getName()).toList()).orElseThrow();
    }

    private static List<String> enumValues(TypeDefinitionRegistry schema, String type) {
        return schema.getType(type).map(t -> ((EnumTypeDefinition) t).getEnumValueDefinitions().stream()
                .map(v -> v.getName()).toList()).orElseThrow();
    }

    private static Description descriptionOf(TypeDefinition<?> type) {
        if (type instanceof ObjectTypeDefinition t) {
            return t.getDescription();
        }
        if (type instanceof InputObjectTypeDefinition t) {
            return t.getDescription();
        }
        if (type instanceof EnumTypeDefinition t) {
            return t.getDescription();
        }
        if (type instanceof ScalarTypeDefinition t) {
            return t.getDescription();
        }
        return null;
    }

    private static void check(List<String> undocumented, String name, Description description) {
        if (description == null || description.getContent().isBlank()) {
            undocumented.add(name);
        }
    }
}
