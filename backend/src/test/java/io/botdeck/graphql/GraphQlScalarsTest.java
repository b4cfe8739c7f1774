package io.botdeck.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.SplittableRandom;

import graphql.GraphQLContext;
import graphql.scalars.ExtendedScalars;
import graphql.schema.Coercing;
import org.junit.jupiter.api.Test;

/** The scalars write what the extended scalars would, only faster where it matters. */
class GraphQlScalarsTest {

    @SuppressWarnings("unchecked")
    private static final Coercing<Object, Object> EXTENDED = (Coercing<Object, Object>) ExtendedScalars.DateTime.getCoercing();
    @SuppressWarnings("unchecked")
    private static final Coercing<Object, Object> OURS = (Coercing<Object, Object>) GraphQlScalars.dateTime().getCoercing();

    private static Object extended(Instant instant) {
        return EXTENDED.serialize(instant.atOffset(ZoneOffset.UTC), GraphQLContext.getDefault(), Locale.ROOT);
    }

    @Test
    void instantsAreWrittenExactlyAsTheDateTimeScalarWritesThem() {
        for (String text : new String[] {"2024-01-11T18:40:00.123Z", "2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.001Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2026-11-29T22:11:43.100Z"}) {
            Instant instant = Instant.parse(text);
            assertThat(GraphQlScalars.utcMillis(instant)).as(text).isEqualTo(extended(instant));
            assertThat(OURS.serialize(instant, GraphQLContext.getDefault(), Locale.ROOT)).isEqualTo(extended(instant));
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L), random.nextInt(1_000_000_000));
            assertThat(GraphQlScalars.utcMillis(instant)).as("%s", instant).isEqualTo(extended(instant));
        }
    }

    @Test
    void instantsOutsideFourDigitYearsAreLeftToTheScalar() {
        Instant farFuture = Instant.parse("+12000-01-01T00:00:00Z");
        assertThat(GraphQlScalars.utcMillis(farFuture)).isNull();
        assertThat(OURS.serialize(farFuture, GraphQLContext.getDefault(), Locale.ROOT)).isEqualTo(extended(farFuture));
    }
}
