package io.botdeck.events;

import java.util.function.Function;
import java.util.function.Supplier;

import graphql.TrivialDataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.LightDataFetcher;
import graphql.schema.idl.RuntimeWiring;
import io.botdeck.events.LogGraphQlController.LogLine;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/**
 * The fields of {@code LogEntry}, read straight from the record. A subscriber receives every
 * line of a session, so these run hundreds of thousands of times a second: graphql-java's
 * default property fetcher looks each one up by name in a cache keyed by class and field, while
 * these need no lookup and no environment per call.
 */
@Component
public class LogEntryWiring implements RuntimeWiringConfigurer {

    @Override
    public void configure(RuntimeWiring.Builder wiring) {
        wiring.type("LogEntry", type -> type
                .dataFetcher("sequence", field(LogLine::sequence))
                .dataFetcher("timestamp", field(LogLine::timestamp))
                .dataFetcher("kind", field(LogLine::kind))
                .dataFetcher("level", field(LogLine::level))
                .dataFetcher("message", field(LogLine::message))
                .dataFetcher("trade", field(LogLine::trade))
                .dataFetcher("progress", field(LogLine::progress))
                .dataFetcher("missed", field(LogLine::missed)));
    }

    private static Accessor field(Function<LogLine, Object> read) {
        return new Accessor(read);
    }

    /** A record component as a data fetcher: trivial (nothing to instrument or wrap) and light (no environment). */
    private record Accessor(Function<LogLine, Object> read) implements LightDataFetcher<Object>, TrivialDataFetcher<Object> {

        @Override
        public Object get(GraphQLFieldDefinition definition, Object source, Supplier<DataFetchingEnvironment> environment) {
            return read.apply((LogLine) source);
        }

        @Override
        public Object get(DataFetchingEnvironment environment) {
            return read.apply(environment.getSource());
        }
    }
}
