package io.botdeck.graphql;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.Value;
import graphql.scalars.ExtendedScalars;
import graphql.schema.Coercing;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import io.botdeck.web.Decimals;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The schema's scalars, from {@code graphql-java-extended-scalars}, adapted to the types the
 * services use: {@code DateTime} also writes {@link Instant}s (in UTC, with milliseconds);
 * {@code JSON} also writes Jackson trees; {@code BigDecimal} is written in plain notation
 * without trailing zeros ({@code 245.5}, never {@code 2.455E+2}); {@code Long} as is.
 */
@Component
public class GraphQlScalars implements RuntimeWiringConfigurer {

    /** The first second of year 0000 and of year 10000: the instants {@link #utcMillis} writes lie between. */
    private static final long YEAR_0 = LocalDate.of(0, 1, 1).toEpochDay() * 86_400L;
    private static final long YEAR_10000 = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400L;

    private final JsonMapper json;

    public GraphQlScalars(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void configure(graphql.schema.idl.RuntimeWiring.Builder wiring) {
        wiring.scalar(dateTime())
                .scalar(jsonScalar(json))
                .scalar(bigDecimal())
                .scalar(ExtendedScalars.GraphQLLong);
    }

    /** {@code DateTime}: output of {@link Instant}, {@link OffsetDateTime} and friends; input as {@link OffsetDateTime}. */
    static GraphQLScalarType dateTime() {
        GraphQLScalarType base = ExtendedScalars.DateTime;
        return base.transform(b -> b.coercing(new Delegating(base.getCoercing()) {
            @Override
            Object beforeSerialize(Object value) {
                return value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value;
            }

            @Override
            public Object serialize(Object value, GraphQLContext context, Locale locale) {
                // every log line carries one: written directly, in the scalar's own format
                String text = value instanceof Instant instant ? utcMillis(instant) : null;
                return text != null ? text : super.serialize(value, context, locale);
            }
        }));
    }

    /**
     * {@code 2024-01-02T03:04:05.678Z}: what the {@code DateTime} scalar writes for an instant in
     * UTC, without a formatter; null for years outside 0000..9999, which the scalar writes itself.
     */
    static String utcMillis(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < YEAR_0 || seconds >= YEAR_10000) {
            return null;
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        int millis = instant.getNano() / 1_000_000;
        char[] out = new char[24];
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        out[19] = '.';
        digits(out, 20, millis, 3);
        out[23] = 'Z';
        return new String(out);
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** {@code JSON}: Jackson trees are written as plain maps, lists and values so every transport can encode them. */
    static GraphQLScalarType jsonScalar(JsonMapper json) {
        GraphQLScalarType base = ExtendedScalars.Json;
        return base.transform(b -> b.coercing(new Delegating(base.getCoercing()) {
            @Override
            Object beforeSerialize(Object value) {
                return value instanceof JsonNode node ? json.convertValue(node, Object.class) : value;
            }
        }));
    }

    /** {@code BigDecimal}: exact decimals, written in plain notation. */
    static GraphQLScalarType bigDecimal() {
        GraphQLScalarType base = ExtendedScalars.GraphQLBigDecimal;
        return base.transform(b -> b.coercing(new Delegating(base.getCoercing()) {
            @Override
            Object beforeSerialize(Object value) {
                return value instanceof BigDecimal decimal ? Decimals.plain(decimal) : value;
            }

            @Override
            Object afterSerialize(Object value) {
                return value instanceof BigDecimal decimal ? Decimals.plain(decimal) : value;
            }
        }));
    }

    /** A coercing that adapts values before handing them to the extended scalar's own. */
    private abstract static class Delegating implements Coercing<Object, Object> {

        private final Coercing<Object, Object> delegate;

        @SuppressWarnings("unchecked")
        Delegating(Coercing<?, ?> delegate) {
            this.delegate = (Coercing<Object, Object>) delegate;
        }

        Object beforeSerialize(Object value) {
            return value;
        }

        Object afterSerialize(Object value) {
            return value;
        }

        @Override
        public Object serialize(Object value, GraphQLContext context, Locale locale) throws CoercingSerializeException {
            return afterSerialize(delegate.serialize(beforeSerialize(value), context, locale));
        }

        @Override
        public Object parseValue(Object input, GraphQLContext context, Locale locale) {
            return delegate.parseValue(input, context, locale);
        }

        @Override
        public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
            return delegate.parseLiteral(input, variables, context, locale);
        }

        @Override
        public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
            return delegate.valueToLiteral(beforeSerialize(input), context, locale);
        }
    }
}
