package io.botdeck.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;

import io.botdeck.core.Prices;
import io.botdeck.core.Side;
import io.botdeck.engine.broker.ClosedTrade;
import io.botdeck.engine.broker.EngineListener;
import io.botdeck.engine.broker.MarketSpec;
import io.botdeck.engine.broker.PaperBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetricEngineTest {

    private static final long MINUTE = 60_000;
    private static final long DAY = 86_400_000;

    private static ClosedTrade trade(int no, String pnl, long entryMillis, long exitMillis) {
        return new ClosedTrade(no, no, "XBTUSD", Side.LONG, 1, new BigDecimal("100"), new BigDecimal("100"),
                entryMillis, exitMillis, new BigDecimal(pnl), BigDecimal.ZERO, ClosedTrade.TAKE_PROFIT);
    }

    /** Records trades with these net PnLs, one a minute. */
    private static MetricEngine engineWith(String... pnls) {
        MetricEngine engine = new MetricEngine();
        for (int i = 0; i < pnls.length; i++) {
            engine.record(trade(i + 1, pnls[i], i * MINUTE, (i + 1) * MINUTE));
        }
        return engine;
    }

    @Test
    void summaryOfAKnownSequence() {
        // 10,000 → 10,200 → 9,900 → 9,800 → 10,300 → 10,400
        Metrics m = engineWith("200", "-300", "-100", "500", "100").snapshot();

        assertThat(m.tradeCount()).isEqualTo(5);
        assertThat(m.wins()).isEqualTo(3);
        assertThat(m.losses()).isEqualTo(2);
        assertThat(m.totalPnl()).isEqualByComparingTo("400");
        assertThat(m.winRate()).isEqualByComparingTo("60.00");
        assertThat(m.maxDrawdown()).isEqualByComparingTo("3.9216");          // 400 / 10,200
        assertThat(m.grossProfit()).isEqualByComparingTo("800");
        assertThat(m.grossLoss()).isEqualByComparingTo("400");
        assertThat(m.profitFactor()).isEqualByComparingTo("2.0000");
        assertThat(m.expectancy()).isEqualByComparingTo("80");
        assertThat(m.averageWin()).isEqualByComparingTo("266.66666667");
        assertThat(m.averageLoss()).isEqualByComparingTo("200");
        assertThat(m.bestTrade()).isEqualByComparingTo("500");
        assertThat(m.worstTrade()).isEqualByComparingTo("-300");
        assertThat(m.averageDurationSeconds()).isEqualByComparingTo("60");
        assertThat(m.startingEquity()).isEqualByComparingTo("10000");
        assertThat(m.equity()).isEqualByComparingTo("10400");
    }

    static Stream<Arguments> winRates() {
        return Stream.of(
                Arguments.of(new String[] {}, "0.00"),
                Arguments.of(new String[] {"1", "-1", "0"}, "33.33"),   // break-even is not a win
                Arguments.of(new String[] {"5", "5", "-1"}, "66.67"),
                Arguments.of(new String[] {"-1"}, "0.00"),
                Arguments.of(new String[] {"0.01"}, "100.00"),
                Arguments.of(new String[] {"3", "-1", "-1", "-1", "-1", "-1", "-1", "-1"}, "12.50"));
    }

    @ParameterizedTest
    @MethodSource("winRates")
    void winRateIsTheShareOfWinningTrades(String[] pnls, String expected) {
        Metrics m = engineWith(pnls).snapshot();
        assertThat(m.winRate()).isEqualByComparingTo(expected);
        assertThat(m.winRate().scale()).isEqualTo(2);
    }

    static Stream<Arguments> totals() {
        return Stream.of(
                Arguments.of(new String[] {}, "0"),
                Arguments.of(new String[] {"0.1", "0.2"}, "0.3"),                           // exact, not 0.30000000000000004
                Arguments.of(new String[] {"-19.485", "7.005", "0.00000001"}, "-12.47999999"),
                Arguments.of(new String[] {"70", "50", "-20"}, "100"));
    }

    @ParameterizedTest
    @MethodSource("totals")
    void totalPnlIsTheExactSum(String[] pnls, String expected) {
        assertThat(engineWith(pnls).snapshot().totalPnl()).isEqualByComparingTo(expected);
    }

    static Stream<Arguments> drawdowns() {
        return Stream.of(
                Arguments.of(new String[] {"-320"}, "3.2000"),                          // 320 / 10,000
                Arguments.of(new String[] {"1000", "-352"}, "3.2000"),                  // 352 / 11,000
                Arguments.of(new String[] {"100", "100"}, "0.0000"),
                Arguments.of(new String[] {"-100", "-100", "50", "-200"}, "3.5000"),    // 10,000 → 9,650
                // peak 10,500 → 9,500: 1,000 / 10,500 = 9.52381; later 11,500 → 11,250: 2.17391
                Arguments.of(new String[] {"500", "-1000", "2000", "-250"}, "9.5238"),
                Arguments.of(new String[] {}, "0.0000"));
    }

    @ParameterizedTest
    @MethodSource("drawdowns")
    void maxDrawdownIsTheDeepestFallBelowThePeakInPercent(String[] pnls, String expected) {
        Metrics m = engineWith(pnls).snapshot();
        assertThat(m.maxDrawdown()).isEqualByComparingTo(expected);
        assertThat(m.maxDrawdown().scale()).isEqualTo(4);
    }

    static Stream<Arguments> profitFactors() {
        return Stream.of(
                Arguments.of(new String[] {"300", "-100", "-50"}, "2.0000"),
                Arguments.of(new String[] {"100", "-30"}, "3.3333"),
                Arguments.of(new String[] {"1", "2", "-3"}, "1.0000"),
                Arguments.of(new String[] {"-10"}, "0.0000"),
                Arguments.of(new String[] {"10"}, null),
                Arguments.of(new String[] {}, null));
    }

    @ParameterizedTest
    @MethodSource("profitFactors")
    void profitFactorIsGrossWinOverGrossLoss(String[] pnls, String expected) {
        BigDecimal pf = engineWith(pnls).snapshot().profitFactor();
        if (expected == null) {
            assertThat(pf).isNull();
        } else {
            assertThat(pf).isEqualByComparingTo(expected);
        }
    }

    @Test
    void sharpeAndSortinoAreAnnualisedByTradesPerYear() {
        // returns 0.01 (100 / 10,000), 0.02 (202 / 10,100), −0.01 (−103.02 / 10,302); exits at days 0, 1, 2
        // mean 1/150; sample variance 7/30000; downside deviation √(0.0001 / 3)
        // trades per year = 3 / (2 / 365) = 547.5
        // sharpe = (1/150) / √(7/30000) × √547.5 = √(4/21 × 547.5) = 10.21204
        // sortino = (1/150) / (0.01/√3) × √547.5 = √(4/3 × 547.5) = √730 = 27.01851
        MetricEngine engine = new MetricEngine();
        engine.record(trade(1, "100", -DAY, 0));
        engine.record(trade(2, "202", 0, DAY));
        engine.record(trade(3, "-103.02", DAY, 2 * DAY));
        Metrics m = engine.snapshot();

        assertThat(m.sharpe()).isEqualByComparingTo("10.2120");
        assertThat(m.sortino()).isEqualByComparingTo("27.0185");
        assertThat(m.annualisation()).contains("trades per year", "sample stdev", "365");
        assertThat(m.averageDurationSeconds()).isEqualByComparingTo("86400");
    }

    static Stream<Arguments> undefinedRatios() {
        return Stream.of(
                Arguments.of("one trade", List.of(trade(1, "100", 0, DAY))),
                Arguments.of("same exit time", List.of(trade(1, "100", 0, DAY), trade(2, "-50", 0, DAY))),
                Arguments.of("no deviation, no downside",
                        List.of(trade(1, "100", 0, DAY), trade(2, "101", 0, 2 * DAY))));   // 0.01 twice
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("undefinedRatios")
    void sharpeAndSortinoAreNullWhenUndefined(String name, List<ClosedTrade> trades) {
        MetricEngine engine = new MetricEngine();
        trades.forEach(engine::record);
        assertThat(engine.snapshot().sharpe()).isNull();
        assertThat(engine.snapshot().sortino()).isNull();
    }

    @Test
    void sortinoIsNullWithoutLosingTrades() {
        MetricEngine engine = new MetricEngine();
        engine.record(trade(1, "100", 0, DAY));
        engine.record(trade(2, "200", 0, 2 * DAY));
        assertThat(engine.snapshot().sharpe()).isNotNull();
        assertThat(engine.snapshot().sortino()).isNull();
    }

    @Test
    void equityCurveStartsAtTheFirstEntryAndHasAPointPerTrade() {
        MetricEngine engine = new MetricEngine(new BigDecimal("1000"));
        engine.record(trade(1, "100", 5 * MINUTE, 10 * MINUTE));
        engine.record(trade(2, "-220", 11 * MINUTE, 20 * MINUTE));
        engine.record(trade(3, "50", 21 * MINUTE, 30 * MINUTE));

        assertThat(engine.equityCurve()).extracting(EquityPoint::timeMillis)
                .containsExactly(5 * MINUTE, 10 * MINUTE, 20 * MINUTE, 30 * MINUTE);
        assertThat(engine.equityCurve()).extracting(p -> p.equity().stripTrailingZeros().toPlainString())
                .containsExactly("1000", "1100", "880", "930");
        // 220 / 1,100 = 20%; 170 / 1,100 = 15.4545%
        assertThat(engine.equityCurve()).extracting(p -> p.drawdownPercent().toPlainString())
                .containsExactly("0.0000", "0.0000", "20.0000", "15.4545");
        assertThat(engine.snapshot().maxDrawdown()).isEqualByComparingTo("20");
        assertThat(engine.equity()).isEqualByComparingTo("930");
        assertThat(new MetricEngine().equityCurve()).isEmpty();
    }

    @Test
    void emptyEngineReportsZerosAndNulls() {
        Metrics m = new MetricEngine().snapshot();
        assertThat(m.tradeCount()).isZero();
        assertThat(m.totalPnl()).isEqualByComparingTo("0");
        assertThat(m.expectancy()).isNull();
        assertThat(m.averageWin()).isNull();
        assertThat(m.averageLoss()).isNull();
        assertThat(m.averageDurationSeconds()).isNull();
        assertThat(m.bestTrade()).isNull();
        assertThat(m.worstTrade()).isNull();
        assertThat(m.equity()).isEqualByComparingTo("10000");
        assertThatThrownBy(() -> new MetricEngine(BigDecimal.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    /** LONG and SHORT trades through the broker, with the default 0.05% fee, into the metrics. */
    @Test
    void longAndShortTradesWithFeesFromTheBroker() {
        MetricEngine engine = new MetricEngine();
        PaperBroker broker = new PaperBroker(List.of(MarketSpec.of("XBTUSD"), MarketSpec.of("ETHUSD")),
                EngineListener.NONE);
        // LONG 100 XBTUSD 89,450 → 89,520: gross 70; fees 44.725 + 44.76 = 89.485; net −19.485
        broker.open(0, Side.LONG, 100, Prices.of("89450"), 0);
        engine.record(broker.close(0, Prices.of("89520"), 5 * MINUTE, ClosedTrade.TAKE_PROFIT));
        // SHORT 10 ETHUSD 3,000 → 2,990: gross 10; fees 1.5 + 1.495 = 2.995; net 7.005
        broker.open(1, Side.SHORT, 10, Prices.of("3000"), 6 * MINUTE);
        engine.record(broker.close(1, Prices.of("2990"), 10 * MINUTE, ClosedTrade.TAKE_PROFIT));
        // SHORT 100 XBTUSD 89,600 → 89,550: gross 50; fees 44.8 + 44.775 = 89.575; net −39.575
        broker.open(0, Side.SHORT, 100, Prices.of("89600"), 11 * MINUTE);
        engine.record(broker.close(0, Prices.of("89550"), 20 * MINUTE, ClosedTrade.TAKE_PROFIT));

        Metrics m = engine.snapshot();
        assertThat(m.totalPnl()).isEqualByComparingTo("-52.055");
        assertThat(m.totalFees()).isEqualByComparingTo("182.055");
        assertThat(m.wins()).isEqualTo(1);
        assertThat(m.losses()).isEqualTo(2);
        assertThat(m.winRate()).isEqualByComparingTo("33.33");
        assertThat(m.grossLoss()).isEqualByComparingTo("59.06");        // 19.485 + 39.575
        assertThat(m.profitFactor()).isEqualByComparingTo("0.1186");    // 7.005 / 59.06 = 0.118608
        assertThat(m.equity()).isEqualByComparingTo("9947.945");
        // peak 10,000; lowest 9,947.945: 52.055 / 10,000 × 100 = 0.52055 → HALF_EVEN (5 is odd) → 0.5206
        assertThat(m.maxDrawdown()).isEqualByComparingTo("0.5206");
    }
}
