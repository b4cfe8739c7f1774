package io.botdeck.engine.strategy;

import io.botdeck.engine.broker.RecordingListener;
import io.botdeck.engine.broker.PaperBroker;
import io.botdeck.engine.broker.OpenTrade;
import io.botdeck.engine.broker.ClosedTrade;
import io.botdeck.engine.broker.MarketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.botdeck.core.Candle;
import io.botdeck.core.LogLevel;
import io.botdeck.core.Prices;
import io.botdeck.core.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Candles here are bars spanning at least 89,300–89,600, so while the window holds only such bars
 * the signal is simply {@code (close − 89,300) / 300}. Each scenario starts with 14 warm-up bars
 * closing at 89,450 (signal 0.5). Entry 89,450 puts the long take-profit at 89,807.8, the long stop
 * at 89,271.1, the short take-profit at 89,092.2 and the short stop at 89,628.9.
 */
class TestBotTest {

    private static final long BAR_HIGH = 89_600;
    private static final long BAR_LOW = 89_300;

    private final RecordingListener listener = new RecordingListener();

    private static Candle bar(int index, long close) {
        return new Candle(index * 60L, 60, Prices.of(BigDecimal.valueOf(close)),
                Prices.of(BigDecimal.valueOf(Math.max(BAR_HIGH, close))),
                Prices.of(BigDecimal.valueOf(Math.min(BAR_LOW, close))), Prices.of(BigDecimal.valueOf(close)), 0, 0);
    }

    private StrategyContext context(String feeRate, boolean verbose) {
        return new StrategyContext(new PaperBroker(List.of(MarketSpec.of("XBTUSD")), listener,
                new BigDecimal(feeRate), 1), verbose);
    }

    /** Feeds 14 warm-up bars at 89,450 and then {@code closes}; candle i is stamped (i + 1) minutes. */
    private static void run(TestBot bot, StrategyContext ctx, long... closes) {
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < TestBot.LOOKBACK; i++) {
            all.add(89_450L);
        }
        for (long close : closes) {
            all.add(close);
        }
        Candle[] legs = new Candle[1];
        for (int i = 0; i < all.size(); i++) {
            legs[0] = bar(i, all.get(i));
            ctx.advance((i + 1) * 60_000L);
            bot.onCandles(legs, ctx);
        }
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                // name, threshold, closes after warm-up, closed trades "SIDE entry exit reason pnl", open position
                Arguments.of("take-profit long", 0.5, new long[] {89_360, 89_450, 89_520, 89_810},
                        List.of("LONG 89450 89810 take_profit 360"), null),
                Arguments.of("close just short of take-profit holds", 0.5, new long[] {89_360, 89_450, 89_807},
                        List.of(), "LONG 89450"),
                Arguments.of("stop-loss long", 0.5, new long[] {89_360, 89_450, 89_271},
                        List.of("LONG 89450 89271 stop_loss -179"), null),
                Arguments.of("close just above the stop holds", 0.5, new long[] {89_360, 89_450, 89_272},
                        List.of(), "LONG 89450"),
                Arguments.of("take-profit short", 0.5, new long[] {89_540, 89_450, 89_092},
                        List.of("SHORT 89450 89092 take_profit 358"), null),
                Arguments.of("stop-loss short", 0.5, new long[] {89_540, 89_450, 89_629},
                        List.of("SHORT 89450 89629 stop_loss -179"), null),
                Arguments.of("sell signal reverses a long without re-entering", 0.5,
                        new long[] {89_360, 89_450, 89_540, 89_420, 89_300},
                        List.of("LONG 89450 89420 reversal -30"), null),
                Arguments.of("a later buy signal enters again", 0.5,
                        new long[] {89_360, 89_450, 89_540, 89_420, 89_300, 89_480},
                        List.of("LONG 89450 89420 reversal -30"), "LONG 89480"),
                Arguments.of("buy signal reverses a short", 0.5, new long[] {89_540, 89_450, 89_400, 89_480},
                        List.of("SHORT 89450 89480 reversal -30"), null),
                Arguments.of("threshold 0.3 buys above 0.7", 0.3, new long[] {89_450, 89_540}, List.of(), "LONG 89540"),
                Arguments.of("threshold 0.3 sells below 0.3", 0.3, new long[] {89_360}, List.of(), "SHORT 89360"),
                Arguments.of("threshold 0.3 ignores 0.6", 0.3, new long[] {89_360 + 120, 89_450, 89_480}, List.of(),
                        null),
                Arguments.of("threshold 0.7 is the same rule as 0.3", 0.7, new long[] {89_540}, List.of(),
                        "LONG 89540"),
                Arguments.of("staying at 0.5 never crosses", 0.5, new long[] {89_450, 89_450, 89_450}, List.of(),
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void tradesFollowTheRule(String name, double threshold, long[] closes, List<String> expectedClosed,
                             String expectedOpen) {
        StrategyContext ctx = context("0", false);
        run(new TestBot(threshold, 100), ctx, closes);

        assertThat(listener.closed).extracting(t -> t.side() + " " + t.entryPrice().stripTrailingZeros().toPlainString()
                + " " + t.exitPrice().stripTrailingZeros().toPlainString() + " " + t.exitReason() + " "
                + t.pnl().stripTrailingZeros().toPlainString()).containsExactlyElementsOf(expectedClosed);
        OpenTrade open = ctx.broker().position(0);
        assertThat(open == null ? null : open.side() + " " + open.entryPrice().stripTrailingZeros().toPlainString())
                .isEqualTo(expectedOpen);
    }

    @Test
    void backtestLogsOnlyDecisionsAndTrades() {
        StrategyContext ctx = context("0", false);
        run(new TestBot(0.5, 100), ctx, 89_360, 89_450, 89_520, 89_810);

        assertThat(listener.lines).extracting(RecordingListener.Line::level, RecordingListener.Line::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LogLevel.INFO, "BUY signal detected - threshold: 0.50, value: 0.50"),
                        org.assertj.core.groups.Tuple.tuple(LogLevel.TRADE, "ENTRY LONG @ 89,450 (100 contracts)"),
                        org.assertj.core.groups.Tuple.tuple(LogLevel.INFO, "Take-profit triggered at 89,810"),
                        org.assertj.core.groups.Tuple.tuple(LogLevel.TRADE, "EXIT LONG @ 89,810 (100 contracts)"),
                        org.assertj.core.groups.Tuple.tuple(LogLevel.TRADE, "Position closed at 89,810 | PnL: +$360.00"));
        // entry on the 16th candle (closes at minute 16), exit on the 18th
        assertThat(listener.lines.get(1).timeMillis()).isEqualTo(16 * 60_000L);
        ClosedTrade trade = listener.closed.get(0);
        assertThat(trade.entryTimeMillis()).isEqualTo(16 * 60_000L);
        assertThat(trade.exitTimeMillis()).isEqualTo(18 * 60_000L);
        assertThat(trade.tradeNo()).isEqualTo(1);
        assertThat(trade.size()).isEqualTo(100);
    }

    @Test
    void defaultFeesComeOffThePnl() {
        StrategyContext ctx = context("0.0005", false);
        run(new TestBot(0.5, 100), ctx, 89_360, 89_450, 89_520, 89_810);
        // fees 0.0005 × 100 × 0.01 × (89,450 + 89,810) = 44.725 + 44.905 = 89.63; pnl 360 − 89.63
        assertThat(listener.closed.get(0).fees()).isEqualByComparingTo("89.63");
        assertThat(listener.closed.get(0).pnl()).isEqualByComparingTo("270.37");
        assertThat(listener.messages()).contains("Position closed at 89,810 | PnL: +$270.37");
    }

    @Test
    void reversalLogsTheSignalAndTheExit() {
        StrategyContext ctx = context("0", false);
        run(new TestBot(0.5, 100), ctx, 89_360, 89_450, 89_540, 89_420);
        assertThat(listener.messages()).containsSubsequence(
                "SELL signal detected - threshold: 0.50, value: 0.40",
                "Reversal - closing LONG at 89,420",
                "EXIT LONG @ 89,420 (100 contracts)",
                "Position closed at 89,420 | PnL: -$30.00");
    }

    @Test
    void liveSessionsNarrateEveryCandle() {
        StrategyContext ctx = context("0", true);
        TestBot bot = new TestBot(0.5, 100);
        ctx.quote(0, Prices.of("89448"), Prices.of("89452"));
        ctx.advance(60_000);
        bot.onCandles(new Candle[] {bar(0, 89_450)}, ctx);
        assertThat(listener.messages()).containsExactly(
                "Market data received - bid: 89,448 ask: 89,452",
                "Analyzing XBTUSD - signal value: 0.50 (warming up: 1/14 candles)");

        listener.lines.clear();
        StrategyContext backtestLike = context("0", true);
        run(new TestBot(0.5, 100), backtestLike, 89_375);
        assertThat(listener.messages()).hasSize(2 * 15).endsWith(
                "Market data received - close: 89,375 high: 89,600 low: 89,300",
                "Analyzing XBTUSD - signal value: 0.25");
    }

    @Test
    void backtestsLogNothingWhileNothingHappens() {
        StrategyContext ctx = context("0", false);
        run(new TestBot(0.5, 100), ctx, 89_450, 89_460, 89_470);
        assertThat(listener.events).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "89375, 0.25",
            "89300, 0.0",
            "89600, 1.0",
            "89700, 1.0",    // the bar's own high extends the range to 89,700
            "89200, 0.0",
            "89450, 0.5",
    })
    void signalIsTheCloseWithinTheFourteenCandleRange(long close, double expected) {
        TestBot bot = new TestBot(0.5, 100);
        run(bot, context("0", false), close);
        assertThat(bot.signal()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void signalIsNeutralDuringWarmUpAndOnAFlatRange() {
        TestBot bot = new TestBot(0.5, 100);
        StrategyContext ctx = context("0", false);
        Candle[] legs = new Candle[1];
        for (int i = 0; i < TestBot.LOOKBACK - 1; i++) {
            legs[0] = bar(i, i % 2 == 0 ? 89_300 : 89_600);
            bot.onCandles(legs, ctx);
            assertThat(bot.signal()).isEqualTo(0.5);
        }
        TestBot flat = new TestBot(0.5, 100);
        long p = Prices.of("100");
        for (int i = 0; i < 20; i++) {
            legs[0] = new Candle(i * 60L, 60, p, p, p, p, 0, 0);
            flat.onCandles(legs, ctx);
        }
        assertThat(flat.signal()).isEqualTo(0.5);
        assertThat(listener.events).isEmpty();
    }

    @Test
    void parametersAreValidated() {
        assertThatThrownBy(() -> new TestBot(1.5, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TestBot(Double.NaN, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TestBot(0.5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new TestBot(0.3, 50).describeRule()).contains("0.70", "0.30", "50 contracts");
    }

    @Test
    void restoredPositionIsManagedByTheExitRules() {
        StrategyContext ctx = context("0", false);
        ctx.broker().restore(new OpenTrade(5, 5, "XBTUSD", Side.SHORT, 100, new BigDecimal("89450"), 0));
        run(new TestBot(0.5, 100), ctx, 89_092);
        assertThat(listener.closed).singleElement().satisfies(t -> {
            assertThat(t.tradeNo()).isEqualTo(5);
            assertThat(t.exitReason()).isEqualTo(ClosedTrade.TAKE_PROFIT);
        });
    }
}
