package io.botdeck.engine.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StrategyFactoryTest {

    static Stream<Arguments> testBotParams() {
        return Stream.of(
                Arguments.of(Map.of(), 0.5, 100L),
                Arguments.of(Map.of("threshold", 0.3, "position_size", 50), 0.3, 50L),
                Arguments.of(Map.of("threshold", new BigDecimal("0.3"), "position_size", new BigDecimal("50")), 0.3, 50L),
                Arguments.of(Map.of("threshold", 1, "position_size", 50L), 1.0, 50L),
                Arguments.of(Map.of("threshold", "0.25", "position_size", 50.0), 0.25, 50L),
                Arguments.of(Map.of("position_size", new BigDecimal("7.000")), 0.5, 7L),
                Arguments.of(Map.of("threshold", 0.4f), 0.4000000059604645, 100L));
    }

    @ParameterizedTest
    @MethodSource("testBotParams")
    void testBotTakesThresholdAndPositionSizeInAnyNumericForm(Map<String, Object> params, double threshold, long size) {
        TradingStrategy strategy = StrategyFactory.create("TestBot", params);
        assertThat(strategy).isInstanceOfSatisfying(TestBot.class, bot -> {
            assertThat(bot.threshold()).isEqualTo(threshold);
            assertThat(bot.positionSize()).isEqualTo(size);
        });
        assertThat(strategy.legs()).isEqualTo(1);
    }

    static Stream<Arguments> pairParams() {
        return Stream.of(
                Arguments.of(Map.of(), 2.0, 100),
                Arguments.of(Map.of("spread_threshold", 2, "lookback", 50), 2.0, 50),
                Arguments.of(Map.of("spread_threshold", new BigDecimal("1.5"), "lookback", 20.0), 1.5, 20),
                Arguments.of(Map.of("spread_threshold", 2.5, "lookback", new BigDecimal("30")), 2.5, 30));
    }

    @ParameterizedTest
    @MethodSource("pairParams")
    void pairTradeBotTakesSpreadThresholdAndLookback(Map<String, Object> params, double threshold, int lookback) {
        TradingStrategy strategy = StrategyFactory.create("PairTradeBot", params);
        assertThat(strategy).isInstanceOfSatisfying(PairTradeBot.class, bot -> {
            assertThat(bot.spreadThreshold()).isEqualTo(threshold);
            assertThat(bot.lookback()).isEqualTo(lookback);
        });
        assertThat(strategy.legs()).isEqualTo(2);
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of("Nope", Map.of(), "Unknown strategy"),
                Arguments.of(null, Map.of(), "Unknown strategy"),
                Arguments.of("MarketScraper", Map.of(), "createScraper"),
                Arguments.of("TestBot", Map.of("position_size", 50.5), "position_size"),
                Arguments.of("TestBot", Map.of("position_size", 0), "position_size"),
                Arguments.of("TestBot", Map.of("position_size", "many"), "position_size"),
                Arguments.of("TestBot", Map.of("threshold", "abc"), "threshold"),
                Arguments.of("TestBot", Map.of("threshold", 1.5), "threshold"),
                Arguments.of("TestBot", Map.of("threshold", Double.NaN), "threshold"),
                Arguments.of("TestBot", Map.of("threshold", true), "threshold"),
                Arguments.of("PairTradeBot", Map.of("lookback", 1), "lookback"),
                Arguments.of("PairTradeBot", Map.of("lookback", 1e12), "lookback"),
                Arguments.of("PairTradeBot", Map.of("spread_threshold", -1), "spread_threshold"),
                // the declared upper bounds
                Arguments.of("TestBot", Map.of("position_size", 1001), "position_size must be ≤ 1000"),
                Arguments.of("TestBot", Map.of("position_size", Long.MAX_VALUE), "position_size"),
                Arguments.of("TestBot", Map.of("position_size", 1e19), "position_size"),
                Arguments.of("TestBot", Map.of("position_size", new BigDecimal("-1e308")), "position_size"),
                Arguments.of("TestBot", Map.of("threshold", 1e308), "threshold"),
                Arguments.of("PairTradeBot", Map.of("lookback", 1_000_001), "lookback must be ≤ 1000000"),
                Arguments.of("PairTradeBot", Map.of("spread_threshold", 1000.5), "spread_threshold must be ≤ 1000"),
                Arguments.of("PairTradeBot", Map.of("spread_threshold", 0), "spread_threshold must be > 0"));
    }

    @ParameterizedTest
    @MethodSource("badInput")
    void badIdsAndValuesAreIllegalArguments(String id, Map<String, Object> params, String mentioned) {
        assertThatThrownBy(() -> StrategyFactory.create(id, params))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(mentioned);
    }

    @Test
    void nullParamsMeanDefaults() {
        assertThat(((TestBot) StrategyFactory.create("TestBot", null)).positionSize()).isEqualTo(100);
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("threshold", null);
        assertThat(((TestBot) StrategyFactory.create("TestBot", withNull)).threshold()).isEqualTo(0.5);
    }

    @Test
    void scraperTakesTheArchiveInterval() {
        assertThat(StrategyFactory.createScraper(Map.of()).archiveIntervalSeconds()).isEqualTo(60);
        assertThat(StrategyFactory.createScraper(null).archiveIntervalSeconds()).isEqualTo(60);
        assertThat(StrategyFactory.createScraper(Map.of("archive_interval", 30)).archiveIntervalSeconds()).isEqualTo(30);
        assertThat(StrategyFactory.createScraper(Map.of("archive_interval", new BigDecimal("15")))
                .archiveIntervalSeconds()).isEqualTo(15);
        assertThatThrownBy(() -> StrategyFactory.createScraper(Map.of("archive_interval", 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("archive_interval");
        assertThatThrownBy(() -> StrategyFactory.createScraper(Map.of("archive_interval", 86_401)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("archive_interval must be ≤ 86400");
        assertThat(StrategyFactory.createScraper(Map.of("archive_interval", 86_400)).archiveIntervalSeconds()).isEqualTo(86_400);
    }

    @Test
    void theLargestDeclaredValuesBuildAStrategy() {
        assertThat(((TestBot) StrategyFactory.create("TestBot", Map.of("position_size", 1000))).positionSize()).isEqualTo(1000);
        assertThat(((PairTradeBot) StrategyFactory.create("PairTradeBot", Map.of("spread_threshold", 1000, "lookback", 1_000_000)))
                .lookback()).isEqualTo(1_000_000);
    }

    @Test
    void everyDeclaredDefaultLiesWithinItsBoundsAndBuildsTheStrategy() {
        for (StrategyDeclaration d : StrategyFactory.declarations()) {
            for (StrategyParam p : d.params()) {
                assertThat(p.allows(p.defaultValue())).as(d.id() + "." + p.key()).isTrue();
                assertThat(p.maximum()).as(d.id() + "." + p.key() + " has an upper bound").isNotNull();
            }
        }
        assertThat(StrategyFactory.create("TestBot", Map.of())).isNotNull();
        assertThat(StrategyFactory.create("PairTradeBot", Map.of())).isNotNull();
        assertThat(StrategyFactory.createScraper(Map.of())).isNotNull();
    }

    @Test
    void tellsTradingStrategiesAndTheirLegs() {
        assertThat(StrategyFactory.create("TestBot", null).legs()).isEqualTo(1);
        assertThat(StrategyFactory.create("PairTradeBot", null).legs()).isEqualTo(2);
        assertThat(StrategyFactory.declarations()).extracting(StrategyDeclaration::id)
                .containsExactly("TestBot", "PairTradeBot", "MarketScraper");
        assertThatThrownBy(() -> StrategyFactory.create("MarketScraper", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
