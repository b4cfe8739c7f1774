package io.botdeck.engine.strategy;

import io.botdeck.engine.broker.RecordingListener;
import io.botdeck.engine.broker.PaperBroker;
import io.botdeck.engine.broker.OpenTrade;
import io.botdeck.engine.broker.MarketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;

import io.botdeck.core.Candle;
import io.botdeck.core.Prices;
import io.botdeck.core.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With lookback 4, three equal spreads s followed by s + d give a window {s, s, s, s+d}: mean
 * s + d/4, population stdev d·√3/4, so z = (3d/4) / (d·√3/4) = √3 ≈ 1.732 whatever d is (and −√3
 * for a drop). Back at s the window is {s, s, s+d, s}: z = (−d/4) / (d·√3/4) = −1/√3 ≈ −0.577.
 */
class PairTradeBotTest {

    private static final double SQRT3 = Math.sqrt(3);

    private final RecordingListener listener = new RecordingListener();

    private StrategyContext context(String a, String b, boolean verbose) {
        return new StrategyContext(new PaperBroker(List.of(MarketSpec.of(a), MarketSpec.of(b)), listener,
                BigDecimal.ZERO, 1), verbose);
    }

    private static Candle line(int i, String close) {
        long p = Prices.of(close);
        return new Candle(i * 60L, 60, p, p, p, p, 0, 0);
    }

    /** Steps through (closeA, closeB) pairs, recording z after each step. */
    private static double[] run(PairTradeBot bot, StrategyContext ctx, String[][] steps) {
        double[] z = new double[steps.length];
        Candle[] legs = new Candle[2];
        for (int i = 0; i < steps.length; i++) {
            legs[0] = line(i, steps[i][0]);
            legs[1] = line(i, steps[i][1]);
            ctx.advance((i + 1) * 60_000L);
            bot.onCandles(legs, ctx);
            z[i] = bot.zScore();
        }
        return z;
    }

    private static final String[][] A_JUMPS_THEN_REVERTS = {
            {"90000", "3000"}, {"90000", "3000"}, {"90000", "3000"}, {"90900", "3000"}, {"90000", "3000"}};

    @Test
    void zScoreOfTheSpreadOverTheLookback() {
        double[] z = run(new PairTradeBot(5, 4), context("XBTUSD", "ETHUSD", false), new String[][] {
                {"90000", "3000"}, {"90000", "3000"}, {"90000", "3000"}, {"90900", "3000"},
                {"90900", "3000"}, {"90900", "3000"}, {"90900", "3000"}, {"90000", "3000"}});
        assertThat(Double.isNaN(z[0]) && Double.isNaN(z[1]) && Double.isNaN(z[2])).as("warming up").isTrue();
        assertThat(z[3]).isCloseTo(SQRT3, offset(1e-9));        // {s, s, s, s+d}
        assertThat(z[4]).isCloseTo(1.0, offset(1e-9));          // {s, s, s+d, s+d}: mean s+d/2, stdev d/2
        assertThat(z[5]).isCloseTo(1 / SQRT3, offset(1e-9));    // {s, s+d, s+d, s+d}
        assertThat(z[6]).isNaN();                               // {s+d ×4}: stdev 0, skipped
        assertThat(z[7]).isCloseTo(-SQRT3, offset(1e-9));       // {s+d, s+d, s+d, s}
    }

    static Stream<Arguments> pairs() {
        return Stream.of(
                // threshold, steps, expected opened "SIDE MARKET size @ price", expected closed pnl per leg
                Arguments.of(1.5, A_JUMPS_THEN_REVERTS,
                        // B = round(100 × 90,900 × 0.01 / (3,000 × 0.1)) = round(303) = 303
                        List.of("SHORT XBTUSD 100 @ 90900", "LONG ETHUSD 303 @ 3000"),
                        // A: −1 × 100 × (90,000 − 90,900) × 0.01 = +900; B: 303 × 0 × 0.1 = 0
                        List.of("SHORT XBTUSD 900 reversion", "LONG ETHUSD 0 reversion")),
                Arguments.of(1.8, A_JUMPS_THEN_REVERTS, List.of(), List.of()), // √3 < 1.8
                Arguments.of(1.5, new String[][] {
                                {"90000", "3000"}, {"90000", "3000"}, {"90000", "3000"}, {"89100", "3000"},
                                {"89100", "2970"}},
                        // z = −√3 → LONG A / SHORT B; B = round(100 × 891 / 300) = 297
                        List.of("LONG XBTUSD 100 @ 89100", "SHORT ETHUSD 297 @ 3000"),
                        // B falls 1% too: spread back at s, window {s, s, s−d, s}: z = +1/√3, sign changed → exit
                        // A: 100 × 0 × 0.01 = 0; B: −1 × 297 × (2,970 − 3,000) × 0.1 = +891
                        List.of("LONG XBTUSD 0 reversion", "SHORT ETHUSD 891 reversion")),
                Arguments.of(1.5, new String[][] {
                                {"90000", "3000"}, {"90000", "3000"}, {"90000", "3000"}, {"90900", "3000"},
                                {"91800", "3000"}},
                        // z stays high ({s, s, s+d, s+≈2d}: z ≈ 1.5 ≥ 0.2): no exit, no stop-loss
                        List.of("SHORT XBTUSD 100 @ 90900", "LONG ETHUSD 303 @ 3000"), List.of()));
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void entersOnWideSpreadAndExitsOnReversion(double threshold, String[][] steps, List<String> opened,
                                               List<String> closed) {
        StrategyContext ctx = context("XBTUSD", "ETHUSD", false);
        run(new PairTradeBot(threshold, 4), ctx, steps);

        assertThat(listener.opened).extracting(t -> t.side() + " " + t.market() + " " + t.size() + " @ "
                + t.entryPrice().stripTrailingZeros().toPlainString()).containsExactlyElementsOf(opened);
        assertThat(listener.closed).extracting(t -> t.side() + " " + t.market() + " "
                + t.pnl().stripTrailingZeros().toPlainString() + " " + t.exitReason()).containsExactlyElementsOf(closed);
        if (!opened.isEmpty()) {
            assertThat(listener.opened).extracting(OpenTrade::tradeNo).containsExactly(1, 2);
            assertThat(listener.opened).extracting(OpenTrade::groupNo).containsExactly(1, 1);
        }
    }

    @Test
    void pairLogLines() {
        StrategyContext ctx = context("XBTUSD", "ETHUSD", false);
        run(new PairTradeBot(1.5, 4), ctx, A_JUMPS_THEN_REVERTS);
        assertThat(listener.messages()).containsExactly(
                "Spread signal detected - z-score: 1.73, threshold: 1.50 - SHORT XBTUSD / LONG ETHUSD",
                "ENTRY SHORT XBTUSD @ 90,900 (100 contracts)",
                "ENTRY LONG ETHUSD @ 3,000 (303 contracts)",
                "Spread reverted - z-score: -0.58",
                "EXIT SHORT XBTUSD @ 90,000 (100 contracts)",
                "Position closed at 90,000 | PnL: +$900.00",
                "EXIT LONG ETHUSD @ 3,000 (303 contracts)",
                "Position closed at 3,000 | PnL: $0.00",
                "Pair closed | PnL: +$900.00");
    }

    @Test
    void liveSessionsNarrateBothLegs() {
        StrategyContext ctx = context("XBTUSD", "ETHUSD", true);
        ctx.quote(0, Prices.of("89999.5"), Prices.of("90000.5"));
        run(new PairTradeBot(1.5, 4), ctx, new String[][] {{"90000", "3000"}});
        assertThat(listener.messages()).containsExactly(
                "Market data received - XBTUSD bid: 89,999.5 ask: 90,000.5 | ETHUSD close: 3,000",
                "Analyzing XBTUSD/ETHUSD - warming up: 1/4 spreads");
    }

    @ParameterizedTest
    @CsvSource({
            // A, price A, B, price B, expected B size
            "XBTUSD, 90000, ETHUSD, 3000, 300",        // 100 × 900 / 300
            "XBTUSD, 89450, ETHUSD, 3123.45, 286",     // 100 × 894.5 / 312.345 = 286.38
            "SOLUSD, 100, XBTUSD, 90000, 11",          // 100 × 100 / 900 = 11.1
            "SOLUSD, 1, XBTUSD, 90000, 1",             // 100 × 1 / 900 = 0.11 → at least 1
            "XBTUSD, 90000, DOGEUSD, 0.1, 900",        // 100 × 900 / 100
    })
    void legBIsSizedForEqualNotional(String a, String priceA, String b, String priceB, long expected) {
        StrategyContext ctx = context(a, b, false);
        assertThat(PairTradeBot.legBSize(Prices.of(priceA), Prices.of(priceB), ctx)).isEqualTo(expected);
    }

    @Test
    void parametersAreValidated() {
        assertThatThrownBy(() -> new PairTradeBot(0, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PairTradeBot(2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new PairTradeBot(2, 100).describeRule()).contains("100 spreads", "2.00");
    }

    @Test
    void aHalfOpenPairIsClosedOnReversion() {
        StrategyContext ctx = context("XBTUSD", "ETHUSD", false);
        ctx.broker().restore(new OpenTrade(3, 3, "XBTUSD", Side.SHORT, 100, new BigDecimal("90900"), 0));
        run(new PairTradeBot(1.5, 4), ctx, new String[][] {
                {"90000", "3000"}, {"90000", "3000"}, {"90000", "3000"}, {"90900", "3000"}, {"90000", "3000"}});
        assertThat(listener.closed).singleElement().satisfies(t -> assertThat(t.tradeNo()).isEqualTo(3));
        assertThat(listener.opened).isEmpty();
    }
}
