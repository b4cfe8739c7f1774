package io.botdeck.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.botdeck.core.Candle;
import io.botdeck.core.Prices;
import io.botdeck.market.archive.CandleArchive;
import io.botdeck.market.sim.SimulatedPriceProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.GraphQlTester;

/** The {@code candles} query against the real archive table: pages, summary, and every bad input. */
class CandleGraphQlTest extends GraphQlIntegrationTest {

    /** 2024-01-22T00:00:00Z. */
    private static final long DAY = 1_705_881_600L;
    private static final String QUERY = """
            query($market: ID!, $from: DateTime, $to: DateTime, $limit: Int, $interval: Int) {
              candles(market: $market, from: $from, to: $to, limit: $limit, interval: $interval) {
                market interval total first last
                candles { time open high low close volume trades }
              }
            }""";

    @Autowired
    CandleArchive archive;

    private List<Candle> seeded;

    @BeforeEach
    void seed() {
        db.sql("DELETE FROM candles").then().block();
        seeded = new ArrayList<>();
        new SimulatedPriceProcess().candles("XBTUSD", DAY, DAY + 120 * 60L, 60,
                (t, o, h, l, c, v, n) -> seeded.add(new Candle(t, 60, o, h, l, c, v, n)));
        archive.saveAll("XBTUSD", 60, seeded, "simulated").block();
    }

    private GraphQlTester.Response candles(Map<String, Object> variables) {
        GraphQlTester.Request<?> request = graphQl.document(QUERY);
        for (Map.Entry<String, Object> v : variables.entrySet()) {
            request = request.variable(v.getKey(), v.getValue());
        }
        return request.execute();
    }

    private static String iso(long seconds) {
        return Instant.ofEpochSecond(seconds).toString();
    }

    @Test
    void withoutFromTheLatestCandlesComeOldestFirstWithASummaryOfTheWholeArchive() {
        GraphQlTester.Response response = candles(Map.of("market", "xbtusd", "limit", 3));
        response.path("candles.market").entity(String.class).isEqualTo("XBTUSD");
        response.path("candles.interval").entity(Integer.class).isEqualTo(60);
        response.path("candles.total").entity(Long.class).isEqualTo(120L);
        response.path("candles.first").entity(String.class).satisfies(t -> assertThat(Instant.parse(t)).isEqualTo(Instant.ofEpochSecond(DAY)));
        response.path("candles.last").entity(String.class).satisfies(t -> assertThat(Instant.parse(t)).isEqualTo(Instant.ofEpochSecond(DAY + 119 * 60)));
        response.path("candles.candles[*].time").entityList(String.class).satisfies(times -> assertThat(times.stream().map(Instant::parse).toList())
                .containsExactly(Instant.ofEpochSecond(DAY + 117 * 60), Instant.ofEpochSecond(DAY + 118 * 60), Instant.ofEpochSecond(DAY + 119 * 60)));
        Candle last = seeded.get(119);
        response.path("candles.candles[2].close").entity(BigDecimal.class).satisfies(v -> assertThat(v).isEqualByComparingTo(Prices.toDecimal(last.close())));
        response.path("candles.candles[2].high").entity(BigDecimal.class).satisfies(v -> assertThat(v).isEqualByComparingTo(Prices.toDecimal(last.high())));
        response.path("candles.candles[2].volume").entity(BigDecimal.class).satisfies(v -> assertThat(v).isEqualByComparingTo(Prices.toDecimal(last.volume())));
        response.path("candles.candles[2].trades").entity(Integer.class).isEqualTo(last.trades());
    }

    @Test
    void fromAndToSelectARangeAndTheSummaryCountsOnlyThatRange() {
        GraphQlTester.Response response = candles(Map.of("market", "XBTUSD", "from", iso(DAY + 600), "to", iso(DAY + 1200), "limit", 4));
        response.path("candles.total").entity(Long.class).isEqualTo(10L);
        response.path("candles.first").entity(String.class).satisfies(t -> assertThat(Instant.parse(t)).isEqualTo(Instant.ofEpochSecond(DAY + 600)));
        response.path("candles.last").entity(String.class).satisfies(t -> assertThat(Instant.parse(t)).isEqualTo(Instant.ofEpochSecond(DAY + 1140)));
        response.path("candles.candles[*].open").entityList(BigDecimal.class).satisfies(opens -> assertThat(opens)
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(Prices.toDecimal(seeded.get(10).open()), Prices.toDecimal(seeded.get(11).open()),
                        Prices.toDecimal(seeded.get(12).open()), Prices.toDecimal(seeded.get(13).open())));
    }

    @Test
    void aMarketWithNoCandlesHasAnEmptyPageAndNoRange() {
        GraphQlTester.Response response = candles(Map.of("market", "SOLUSD"));
        response.path("candles.total").entity(Long.class).isEqualTo(0L);
        response.path("candles.first").valueIsNull();
        response.path("candles.last").valueIsNull();
        response.path("candles.candles").entityList(Object.class).hasSize(0);
    }

    @Test
    void aLimitAboveTheMaximumIsCapped() {
        candles(Map.of("market", "XBTUSD", "limit", 1_000_000)).path("candles.candles").entityList(Object.class).hasSize(120);
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of(Map.of("market", "NOPEUSD"), "NOT_FOUND", null),
                Arguments.of(Map.of("market", "XBTUSD+ETHUSD"), "BAD_REQUEST", "market"),
                Arguments.of(Map.of("market", "XBTUSD", "limit", 0), "BAD_REQUEST", "limit"),
                Arguments.of(Map.of("market", "XBTUSD", "interval", 0), "BAD_REQUEST", "interval"),
                Arguments.of(Map.of("market", "XBTUSD", "interval", 604_801), "BAD_REQUEST", "interval"),
                Arguments.of(Map.of("market", "XBTUSD", "from", iso(DAY), "to", iso(DAY)), "BAD_REQUEST", "to"),
                Arguments.of(Map.of("market", "XBTUSD", "from", "2024-01-22T00:00:00.500Z"), "BAD_REQUEST", "from"),
                Arguments.of(Map.of("market", "XBTUSD", "to", "1969-12-31T23:59:00Z"), "BAD_REQUEST", "to"),
                Arguments.of(Map.of("market", "XBTUSD", "from", "yesterday"), "ValidationError", null));
    }

    @ParameterizedTest(name = "[{index}] {1} {2}")
    @MethodSource("badInputs")
    void aBadInputIsAClassifiedErrorNamingTheField(Map<String, Object> variables, String classification, String field) {
        candles(variables).errors().satisfy(errors -> {
            assertThat(errors).isNotEmpty();
            assertThat(errors.get(0).getErrorType().toString()).isEqualTo(classification);
            if (field != null) {
                assertThat(errors.get(0).getExtensions().get("fields")).asInstanceOf(
                        org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey(field);
            }
            assertThat(errors.get(0).getMessage()).doesNotContain("Exception");
        });
    }
}
